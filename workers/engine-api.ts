// The ONE worker API: thin adapters over src/lib. Tables stay here behind ids; the page asks
// for pages of rows, profiles and files to download. Decision (style guide §5.3): the worker is
// stateful, because cloning a million-row table on every call would dominate. After a cancel
// (terminate + restart) the page re-opens what it needs from the File it still holds.
import { transfer } from 'comlink';
import { NotFoundError } from '../src/lib/errors';
import { assertDownloadable, type Problem } from '../src/lib/issues';
import {
  idMappingPreview,
  runIdMapping,
  type IdMappingPreview,
} from '../src/lib/recipe/id-mapping';
import { describeSurvey, type SurveyFacts } from '../src/lib/recipe/survey-columns';
import { countResponses, type ResponseCounts } from '../src/lib/recipe/responses';
import type { ResponseFilter } from '../src/lib/qualtrics-format/status';
import { runSurveyToViva, type SurveyToVivaOutput } from '../src/lib/recipe/survey-to-viva';
import type { IdMappingRecipe, SurveyToVivaRecipe } from '../src/lib/recipe/types';
import {
  joinReportData,
  joinSummary,
  matchReportCsv,
  matchReportData,
  type JoinSummary,
  type MatchReportPart,
} from '../src/lib/transform/match-report';
import type { HeadPreview, LoadProgress } from '../src/lib/read/types';
import { readSheet, type Workbook } from '../src/lib/read/xlsx/index';
import { getRowPage } from '../src/lib/table/page';
import { profileColumn } from '../src/lib/table/profile';
import type { ColumnProfile, RowPage, Table, TableInfo } from '../src/lib/table/types';
import { issuesToCsv, problemsToCsv, toCsv } from '../src/lib/write/csv';
import { openFile } from './open-file';
import { missing, openPersonQuery, runFor, type PersonQuery } from './person-query';
import type { PersonQueryHead } from '../src/lib/person-query/read';
import { participantFile, type AggregateSummary } from '../src/lib/recipe/viva-run';
import type { VivaToQualtricsRecipe } from '../src/lib/recipe/types';
import type { DirectoryData, VivaOutput } from '../src/lib/recipe/viva-to-qualtrics';
import { describeForAnalysis, type AnalysisFacts } from '../src/lib/analysis/facts';
import {
  runAnalysis,
  runOverview,
  type AnalysisRequest,
  type AnalysisResult,
  type OverviewItem,
  type OverviewRow,
} from '../src/lib/analysis/run';
import { averagePerKey, type GroupAverageOptions } from '../src/lib/transform/group-average';
import type { KeyNormalization } from '../src/lib/transform/join';
import { joinTables, type JoinSpec } from '../src/lib/transform/join-tables';

export type EngineEvent =
  { type: 'progress'; progress: LoadProgress } | { type: 'head'; head: HeadPreview };
export type EngineListener = (event: EngineEvent) => void;

export interface WorkbookInfo {
  id: string;
  name: string;
  sheets: { name: string; hidden: boolean }[];
}

export interface OpenResult {
  table: TableInfo;
  /** Present for workbooks: every sheet, so the user can pick another. */
  workbook?: WorkbookInfo;
}

const tables = new Map<string, Table>();
const queries = new Map<string, PersonQuery>();
const workbooks = new Map<string, Workbook>();
let nextId = 1;

function info(id: string, t: Table): TableInfo {
  return {
    id,
    name: t.name,
    rowCount: t.rowCount,
    columns: t.columns,
    format: t.format,
    issues: t.issues,
  };
}

function keep(t: Table): TableInfo {
  const id = `t${nextId++}`;
  tables.set(id, t);
  return info(id, t);
}

function table(id: string): Table {
  const t = tables.get(id);
  if (!t) throw new NotFoundError(`Table ${id} is no longer loaded. Open the file again.`);
  return t;
}

function callbacks(listener?: EngineListener) {
  return {
    onProgress: (progress: LoadProgress) => listener?.({ type: 'progress', progress }),
    onHead: (head: HeadPreview) => listener?.({ type: 'head', head }),
  };
}

const facts = new WeakMap<Table, SurveyFacts>();

function surveyFacts(t: Table): SurveyFacts {
  let f = facts.get(t);
  if (!f) facts.set(t, (f = describeSurvey(t)));
  return f;
}

/** UTF-8 bytes (no BOM), moved to the caller. */
function utf8(text: string): Uint8Array<ArrayBuffer> {
  const bytes = new TextEncoder().encode(text);
  return transfer(bytes, [bytes.buffer]);
}

/** A recipe run for the screen: the first rows only, plus every problem and count. */
export type SurveyToVivaPreview = SurveyToVivaOutput;

export type { IdMappingPreview, JoinSummary };

export type MatchPart = 'matched' | 'only-directory' | 'only-hr' | 'duplicates';

function idMapping(recipe: IdMappingRecipe, dirId: string, hrId: string | null, today: string) {
  const dir = table(dirId);
  const hr = hrId ? table(hrId) : null;
  return { dir, hr, out: runIdMapping(recipe, dir, hr, today) };
}

/** A loaded table as a directory for the Viva → Qualtrics join. */
function directoryData(id: string | null): DirectoryData | null {
  if (id === null) return null;
  const t = table(id);
  return {
    headers: t.columns.map((c) => c.header),
    rows: getRowPage(t, 0, t.rowCount).rows,
  };
}

function query(id: string): PersonQuery {
  return queries.get(id) ?? missing();
}

/** A run of "Viva metrics to Qualtrics": what the averages found, and the file's first rows. */
export interface VivaPreview {
  summary: AggregateSummary;
  output: VivaOutput;
}

export type JoinPart = MatchReportPart;

/** First visible sheet, else the first one. */
function defaultSheet(wb: Workbook): string {
  return (wb.sheets.find((s) => !s.hidden) ?? wb.sheets[0]).name;
}

export const engineApi = {
  /** Reads a dropped file; workbooks open their first visible sheet. */
  async openFile(file: Blob, name: string, listener?: EngineListener): Promise<OpenResult> {
    const opened = await openFile(file, name, callbacks(listener));
    if (opened.kind === 'table') return { table: keep(opened.table) };
    const wb = opened.workbook;
    const id = `w${nextId++}`;
    workbooks.set(id, wb);
    const t = await readSheet(wb, defaultSheet(wb), callbacks(listener));
    return { table: keep(t), workbook: { id, name, sheets: wb.sheets } };
  },

  /** Reads another sheet of an open workbook. */
  async openSheet(
    workbookId: string,
    sheet: string,
    listener?: EngineListener,
  ): Promise<TableInfo> {
    const wb = workbooks.get(workbookId);
    if (!wb) throw new NotFoundError('This workbook is no longer loaded. Open the file again.');
    return keep(await readSheet(wb, sheet, callbacks(listener)));
  },

  /** Rows [start, start+count) as display strings. */
  getRows(tableId: string, start: number, count: number): RowPage {
    return getRowPage(table(tableId), start, count);
  },

  /** Profile of one column. */
  getProfile(tableId: string, column: number): ColumnProfile {
    return profileColumn(table(tableId), column);
  },

  /** The table's issues as CSV bytes (UTF-8, no BOM). */
  issuesCsv(tableId: string): Uint8Array<ArrayBuffer> {
    const bytes = new TextEncoder().encode(issuesToCsv(table(tableId).issues));
    return transfer(bytes, [bytes.buffer]);
  },

  /** A copy of a number column, moved (not cloned) to the caller. */
  numberColumn(tableId: string, column: number): Float64Array {
    const col = table(tableId).data[column];
    if (!col || col.type !== 'number') {
      throw new NotFoundError(`Column ${column} is not a number column.`);
    }
    const copy = col.values.slice();
    return transfer(copy, [copy.buffer]);
  },

  /** What a survey table offers the "Survey scores to Viva Insights" recipe. */
  describeSurvey(tableId: string): SurveyFacts {
    return surveyFacts(table(tableId));
  },

  /** Runs the recipe; returns the first `previewRows` rows and every problem. */
  runSurveyToViva(
    tableId: string,
    recipe: SurveyToVivaRecipe,
    previewRows = 50,
  ): SurveyToVivaPreview {
    const t = table(tableId);
    return runSurveyToViva(recipe, t, surveyFacts(t), { rowLimit: previewRows });
  },

  /** The upload file (UTF-8, no BOM, CRLF). Throws ValidationError while Viva would reject it. */
  surveyToVivaCsv(tableId: string, recipe: SurveyToVivaRecipe): Uint8Array<ArrayBuffer> {
    const t = table(tableId);
    const out = runSurveyToViva(recipe, t, surveyFacts(t));
    assertDownloadable(out.problems, 'Viva Insights');
    return utf8(toCsv([out.header, ...out.rows]));
  },

  /** Runs the ID mapping; the first `previewRows` rows, problems and match-report counts. */
  runIdMapping(
    recipe: IdMappingRecipe,
    directoryId: string,
    hrId: string | null,
    today: string,
    previewRows = 50,
  ): IdMappingPreview {
    return idMappingPreview(idMapping(recipe, directoryId, hrId, today).out, previewRows);
  },

  idMappingCsv(
    recipe: IdMappingRecipe,
    directoryId: string,
    hrId: string | null,
    today: string,
  ): Uint8Array<ArrayBuffer> {
    const { out } = idMapping(recipe, directoryId, hrId, today);
    assertDownloadable(out.problems, 'Viva Insights');
    return utf8(toCsv([out.header, ...out.rows]));
  },

  /** One part of the match report as CSV (formula-guarded: it is for reading in Excel). */
  matchReportCsv(
    recipe: IdMappingRecipe,
    directoryId: string,
    hrId: string,
    today: string,
    part: MatchPart,
  ): Uint8Array<ArrayBuffer> {
    const { dir, hr, out } = idMapping(recipe, directoryId, hrId, today);
    if (!hr || !out.report) {
      throw new NotFoundError('There is no HR file, so there is no match report.');
    }
    const side = part === 'only-directory' ? 'only-left' : part === 'only-hr' ? 'only-right' : part;
    const sides = [
      { table: dir, label: 'directory' },
      { table: hr, label: 'HR' },
    ] as const;
    return utf8(matchReportCsv(side, ...sides, matchReportData(out.report)));
  },

  /** A validation report as CSV. */
  problemsCsv(problems: Problem[]): Uint8Array<ArrayBuffer> {
    return utf8(problemsToCsv(problems));
  },

  /** Opens a Viva Insights person query (CSV or zip) for the recipe: reads its head only. */
  async openPersonQuery(file: Blob, name: string): Promise<{ id: string; head: PersonQueryHead }> {
    const q = await openPersonQuery(file, name);
    const id = `q${nextId++}`;
    queries.set(id, q);
    return { id, head: q.head };
  },

  /**
   * Runs the recipe: streams the query again when the averages' inputs changed (progress goes
   * to the listener), then bins; returns the first `previewRows` rows and every problem.
   */
  async runVivaToQualtrics(
    queryId: string,
    recipe: VivaToQualtricsRecipe,
    directoryId: string | null,
    previewRows = 50,
    listener?: EngineListener,
  ): Promise<VivaPreview> {
    return runFor(query(queryId), recipe, directoryData(directoryId), previewRows, (progress) =>
      listener?.({ type: 'progress', progress }),
    );
  },

  /** The participant file (CSV or xlsx as the recipe says). Throws ValidationError on errors. */
  async vivaToQualtricsFile(
    queryId: string,
    recipe: VivaToQualtricsRecipe,
    directoryId: string | null,
    listener?: EngineListener,
  ): Promise<Uint8Array<ArrayBuffer>> {
    const { output } = await runFor(
      query(queryId),
      recipe,
      directoryData(directoryId),
      undefined,
      (progress) => listener?.({ type: 'progress', progress }),
    );
    assertDownloadable(output.problems, 'Qualtrics');
    const bytes = await participantFile(output, recipe.format);
    return transfer(bytes, [bytes.buffer]);
  },

  /** What a table offers the Analysis screen (questions, metrics, breakouts, dates). */
  describeForAnalysis(tableId: string): AnalysisFacts {
    return describeForAnalysis(table(tableId));
  },

  /** A new table: one row per key with the mean of every number column (weekly → per person). */
  averagePerKey(
    tableId: string,
    keyColumn: number,
    norm: KeyNormalization,
    options: GroupAverageOptions,
  ): { table: TableInfo; blankKeys: number; inactive: number; changing: string[] } {
    const out = averagePerKey(table(tableId), keyColumn, norm, options);
    return {
      table: keep(out.table),
      blankKeys: out.blankKeys,
      inactive: out.inactive,
      changing: out.changing,
    };
  },

  /** Joins two tables into a new one; returns it with the match report's counts. */
  joinTables(
    leftId: string,
    rightId: string,
    spec: JoinSpec,
  ): { table: TableInfo; report: JoinSummary } {
    const out = joinTables(table(leftId), table(rightId), spec);
    return { table: keep(out.table), report: joinSummary(out.report) };
  },

  /** One part of the join's match report as CSV (formula-guarded, for reading in Excel). */
  joinReportCsv(
    leftId: string,
    rightId: string,
    spec: JoinSpec,
    part: JoinPart,
  ): Uint8Array<ArrayBuffer> {
    const left = table(leftId);
    const right = table(rightId);
    const { report } = joinTables(left, right, spec);
    // Every matched pair, whatever the one-to-many setting: the left row, then the right row.
    const { pairs } = joinTables(left, right, { ...spec, kind: 'inner', many: 'all' });
    const sides = [
      { table: left, label: 'left' },
      { table: right, label: 'right' },
    ] as const;
    return utf8(matchReportCsv(part, ...sides, joinReportData(report, pairs)));
  },

  /** A whole table as CSV (e.g. the joined table). */
  tableCsv(tableId: string): Uint8Array<ArrayBuffer> {
    const t = table(tableId);
    const rows = getRowPage(t, 0, t.rowCount).rows;
    return utf8(toCsv([t.columns.map((c) => c.name), ...rows], { formulaGuard: true }));
  },

  /** Scores one question: aggregates only (small groups hidden), never rows. */
  runAnalysis(tableId: string, request: AnalysisRequest): AnalysisResult {
    return runAnalysis(table(tableId), request);
  },

  /** Every question's score for all (kept) responses, each with its own mapping. */
  runOverview(
    tableId: string,
    items: OverviewItem[],
    minGroup: number,
    lowSample: number,
    responses?: ResponseFilter,
  ): OverviewRow[] {
    return runOverview(table(tableId), items, minGroup, lowSample, responses);
  },

  /** The table's responses by status (preview, test, spam…) and finished or not. */
  responseCounts(tableId: string): ResponseCounts {
    return countResponses(table(tableId));
  },

  closePersonQuery(queryId: string): void {
    queries.delete(queryId);
  },

  /** Frees a table (and its workbook when no longer needed). */
  closeTable(tableId: string): void {
    tables.delete(tableId);
  },

  closeWorkbook(workbookId: string): void {
    workbooks.delete(workbookId);
  },

  /** What the worker holds for the page (tests check that leaving a flow frees it). */
  openHandles(): { tables: string[]; workbooks: string[]; queries: string[] } {
    return {
      tables: [...tables.keys()],
      workbooks: [...workbooks.keys()],
      queries: [...queries.keys()],
    };
  },
};

export type EngineApi = typeof engineApi;
