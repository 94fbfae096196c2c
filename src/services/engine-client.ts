// The only module that starts the engine worker. Lazy start; cancel = terminate + restart
// (a synchronous parse loop cannot poll a signal, so killing the thread is the real cancel).
import { proxy, wrap, type Remote } from 'comlink';
import type {
  EngineApi,
  EngineListener,
  IdMappingPreview,
  JoinPart,
  JoinSummary,
  MatchPart,
  OpenResult,
  SurveyToVivaPreview,
  VivaPreview,
} from '../../workers/engine-api';
import type { Problem } from '../lib/issues';
import type { PersonQueryHead } from '../lib/person-query/read';
import type { SurveyFacts } from '../lib/recipe/survey-columns';
import type {
  IdMappingRecipe,
  SurveyToVivaRecipe,
  VivaToQualtricsRecipe,
} from '../lib/recipe/types';
import type { ColumnProfile, RowPage, TableInfo } from '../lib/table/types';
import type { AnalysisFacts } from '../lib/analysis/facts';
import type {
  AnalysisRequest,
  AnalysisResult,
  OverviewItem,
  OverviewRow,
} from '../lib/analysis/run';
import type { GroupAverageOptions } from '../lib/transform/group-average';
import type { KeyNormalization } from '../lib/transform/join';
import type { JoinSpec } from '../lib/transform/join-tables';

export type {
  EngineEvent,
  EngineListener,
  IdMappingPreview,
  JoinPart,
  JoinSummary,
  MatchPart,
  OpenResult,
  SurveyToVivaPreview,
  VivaPreview,
  WorkbookInfo,
} from '../../workers/engine-api';
export type { AggregateSummary } from '../../workers/person-query';

function abortError(): Error {
  const e = new Error('Cancelled.');
  e.name = 'AbortError';
  return e;
}

function crashError(detail: string): Error {
  const e = new Error(
    `The reading engine stopped (${detail}). This usually means the browser ran out of memory ` +
      'for this file. Your other work is safe: open a smaller file or close other tabs and try again.',
  );
  e.name = 'EngineCrashError';
  return e;
}

export function createEngineWorker(): Worker {
  return new Worker(new URL('../../workers/engine.worker.ts', import.meta.url), {
    type: 'module',
    name: 'xo-engine',
  });
}

/** What the app needs from the engine; tests pass a fake. */
export interface Engine {
  /** Increases each time the worker is restarted: ids from older generations are gone. */
  readonly generation: number;
  openFile(file: Blob, name: string, listener?: EngineListener): Promise<OpenResult>;
  openSheet(workbookId: string, sheet: string, listener?: EngineListener): Promise<TableInfo>;
  getRows(tableId: string, start: number, count: number): Promise<RowPage>;
  getProfile(tableId: string, column: number): Promise<ColumnProfile>;
  issuesCsv(tableId: string): Promise<Uint8Array<ArrayBuffer>>;
  closeTable(tableId: string): Promise<void>;
  /** Stops whatever runs now; every pending call rejects with an AbortError. */
  cancel(): void;
}

/** The recipe half of the engine (issue 3); tests of recipe screens pass a fake. */
export interface RecipeEngine {
  readonly generation: number;
  describeSurvey(tableId: string): Promise<SurveyFacts>;
  runSurveyToViva(
    tableId: string,
    recipe: SurveyToVivaRecipe,
    previewRows?: number,
  ): Promise<SurveyToVivaPreview>;
  surveyToVivaCsv(tableId: string, recipe: SurveyToVivaRecipe): Promise<Uint8Array<ArrayBuffer>>;
  runIdMapping(
    recipe: IdMappingRecipe,
    directoryId: string,
    hrId: string | null,
    today: string,
    previewRows?: number,
  ): Promise<IdMappingPreview>;
  idMappingCsv(
    recipe: IdMappingRecipe,
    directoryId: string,
    hrId: string | null,
    today: string,
  ): Promise<Uint8Array<ArrayBuffer>>;
  matchReportCsv(
    recipe: IdMappingRecipe,
    directoryId: string,
    hrId: string,
    today: string,
    part: MatchPart,
  ): Promise<Uint8Array<ArrayBuffer>>;
  problemsCsv(problems: Problem[]): Promise<Uint8Array<ArrayBuffer>>;
}

/** The "Viva metrics to Qualtrics" half of the engine (issue 4); tests pass a fake. */
export interface VivaEngine {
  readonly generation: number;
  /** Tables (the directory export) are opened through the engine too. */
  openFile(file: Blob, name: string, listener?: EngineListener): Promise<OpenResult>;
  openPersonQuery(file: Blob, name: string): Promise<{ id: string; head: PersonQueryHead }>;
  runVivaToQualtrics(
    queryId: string,
    recipe: VivaToQualtricsRecipe,
    directoryId: string | null,
    previewRows?: number,
    listener?: EngineListener,
  ): Promise<VivaPreview>;
  vivaToQualtricsFile(
    queryId: string,
    recipe: VivaToQualtricsRecipe,
    directoryId: string | null,
    listener?: EngineListener,
  ): Promise<Uint8Array<ArrayBuffer>>;
  problemsCsv(problems: Problem[]): Promise<Uint8Array<ArrayBuffer>>;
  /** Stops the work in progress (terminate + restart): every handle must be opened again. */
  cancel(): void;
}

/** The Analysis half of the engine (issue 5): joins and scores; tests pass a fake. */
export interface AnalysisEngine {
  readonly generation: number;
  describeForAnalysis(tableId: string): Promise<AnalysisFacts>;
  averagePerKey(
    tableId: string,
    keyColumn: number,
    norm: KeyNormalization,
    options: GroupAverageOptions,
  ): Promise<{ table: TableInfo; blankKeys: number; inactive: number; changing: string[] }>;
  joinTables(
    leftId: string,
    rightId: string,
    spec: JoinSpec,
  ): Promise<{ table: TableInfo; report: JoinSummary }>;
  joinReportCsv(
    leftId: string,
    rightId: string,
    spec: JoinSpec,
    part: JoinPart,
  ): Promise<Uint8Array<ArrayBuffer>>;
  tableCsv(tableId: string): Promise<Uint8Array<ArrayBuffer>>;
  runAnalysis(tableId: string, request: AnalysisRequest): Promise<AnalysisResult>;
  runOverview(
    tableId: string,
    items: OverviewItem[],
    minGroup: number,
    lowSample: number,
  ): Promise<OverviewRow[]>;
  closeTable(tableId: string): Promise<void>;
}

export class EngineClient implements Engine, RecipeEngine, VivaEngine, AnalysisEngine {
  #worker: Worker | null = null;
  #api: Remote<EngineApi> | null = null;
  #generation = 0;
  readonly #pending = new Set<(e: Error) => void>();

  constructor(private readonly createWorker: () => Worker = createEngineWorker) {}

  get generation(): number {
    return this.#generation;
  }

  #start(): Remote<EngineApi> {
    if (this.#api) return this.#api;
    const worker = this.createWorker();
    worker.addEventListener('error', (e) => this.#stop(crashError(e.message || 'worker error')));
    this.#worker = worker;
    this.#api = wrap<EngineApi>(worker);
    return this.#api;
  }

  #stop(reason: Error): void {
    this.#worker?.terminate();
    this.#worker = null;
    this.#api = null;
    this.#generation++;
    for (const reject of this.#pending) reject(reason);
    this.#pending.clear();
  }

  #call<T>(fn: (api: Remote<EngineApi>) => Promise<T>): Promise<T> {
    const api = this.#start();
    return new Promise<T>((resolve, reject) => {
      this.#pending.add(reject);
      fn(api)
        .then(resolve, reject)
        .finally(() => this.#pending.delete(reject));
    });
  }

  cancel(): void {
    if (this.#worker) this.#stop(abortError());
  }

  openFile(file: Blob, name: string, listener?: EngineListener): Promise<OpenResult> {
    return this.#call((api) => api.openFile(file, name, listener && proxy(listener)));
  }

  openSheet(workbookId: string, sheet: string, listener?: EngineListener): Promise<TableInfo> {
    return this.#call((api) => api.openSheet(workbookId, sheet, listener && proxy(listener)));
  }

  getRows(tableId: string, start: number, count: number): Promise<RowPage> {
    return this.#call((api) => api.getRows(tableId, start, count));
  }

  getProfile(tableId: string, column: number): Promise<ColumnProfile> {
    return this.#call((api) => api.getProfile(tableId, column));
  }

  issuesCsv(tableId: string): Promise<Uint8Array<ArrayBuffer>> {
    return this.#call((api) => api.issuesCsv(tableId));
  }

  closeTable(tableId: string): Promise<void> {
    return this.#call((api) => api.closeTable(tableId));
  }

  describeSurvey(tableId: string): Promise<SurveyFacts> {
    return this.#call((api) => api.describeSurvey(tableId));
  }

  runSurveyToViva(
    tableId: string,
    recipe: SurveyToVivaRecipe,
    previewRows?: number,
  ): Promise<SurveyToVivaPreview> {
    return this.#call((api) => api.runSurveyToViva(tableId, recipe, previewRows));
  }

  surveyToVivaCsv(tableId: string, recipe: SurveyToVivaRecipe): Promise<Uint8Array<ArrayBuffer>> {
    return this.#call((api) => api.surveyToVivaCsv(tableId, recipe));
  }

  runIdMapping(
    recipe: IdMappingRecipe,
    directoryId: string,
    hrId: string | null,
    today: string,
    previewRows?: number,
  ): Promise<IdMappingPreview> {
    return this.#call((api) => api.runIdMapping(recipe, directoryId, hrId, today, previewRows));
  }

  idMappingCsv(
    recipe: IdMappingRecipe,
    directoryId: string,
    hrId: string | null,
    today: string,
  ): Promise<Uint8Array<ArrayBuffer>> {
    return this.#call((api) => api.idMappingCsv(recipe, directoryId, hrId, today));
  }

  matchReportCsv(
    recipe: IdMappingRecipe,
    directoryId: string,
    hrId: string,
    today: string,
    part: MatchPart,
  ): Promise<Uint8Array<ArrayBuffer>> {
    return this.#call((api) => api.matchReportCsv(recipe, directoryId, hrId, today, part));
  }

  problemsCsv(problems: Problem[]): Promise<Uint8Array<ArrayBuffer>> {
    return this.#call((api) => api.problemsCsv(problems));
  }

  openPersonQuery(file: Blob, name: string): Promise<{ id: string; head: PersonQueryHead }> {
    return this.#call((api) => api.openPersonQuery(file, name));
  }

  runVivaToQualtrics(
    queryId: string,
    recipe: VivaToQualtricsRecipe,
    directoryId: string | null,
    previewRows?: number,
    listener?: EngineListener,
  ): Promise<VivaPreview> {
    return this.#call((api) =>
      api.runVivaToQualtrics(
        queryId,
        recipe,
        directoryId,
        previewRows,
        listener && proxy(listener),
      ),
    );
  }

  vivaToQualtricsFile(
    queryId: string,
    recipe: VivaToQualtricsRecipe,
    directoryId: string | null,
    listener?: EngineListener,
  ): Promise<Uint8Array<ArrayBuffer>> {
    return this.#call((api) =>
      api.vivaToQualtricsFile(queryId, recipe, directoryId, listener && proxy(listener)),
    );
  }

  describeForAnalysis(tableId: string): Promise<AnalysisFacts> {
    return this.#call((api) => api.describeForAnalysis(tableId));
  }

  averagePerKey(
    tableId: string,
    keyColumn: number,
    norm: KeyNormalization,
    options: GroupAverageOptions,
  ): Promise<{ table: TableInfo; blankKeys: number; inactive: number; changing: string[] }> {
    return this.#call((api) => api.averagePerKey(tableId, keyColumn, norm, options));
  }

  joinTables(
    leftId: string,
    rightId: string,
    spec: JoinSpec,
  ): Promise<{ table: TableInfo; report: JoinSummary }> {
    return this.#call((api) => api.joinTables(leftId, rightId, spec));
  }

  joinReportCsv(
    leftId: string,
    rightId: string,
    spec: JoinSpec,
    part: JoinPart,
  ): Promise<Uint8Array<ArrayBuffer>> {
    return this.#call((api) => api.joinReportCsv(leftId, rightId, spec, part));
  }

  tableCsv(tableId: string): Promise<Uint8Array<ArrayBuffer>> {
    return this.#call((api) => api.tableCsv(tableId));
  }

  runAnalysis(tableId: string, request: AnalysisRequest): Promise<AnalysisResult> {
    return this.#call((api) => api.runAnalysis(tableId, request));
  }

  runOverview(
    tableId: string,
    items: OverviewItem[],
    minGroup: number,
    lowSample: number,
  ): Promise<OverviewRow[]> {
    return this.#call((api) => api.runOverview(tableId, items, minGroup, lowSample));
  }
}
