import type {
  AnalysisEngine,
  IdMappingEngine,
  SurveyToVivaEngine,
  VivaEngine,
} from '../services/engine-client';
import { AnalysisFlow, type SentimentRepoLike } from './analysis.svelte';
import { SavedMappingsStore, type MappingListRepo } from './saved-mappings.svelte';
import { IdMappingFlow } from './id-mapping.svelte';
import { RecipeStore, type RecipeRepoLike } from './recipes.svelte';
import { SurveyToVivaFlow } from './survey-to-viva.svelte';
import { VivaToQualtricsFlow } from './viva-to-qualtrics.svelte';
import type { OpenTable, Workspace } from './workspace.svelte';

export type Route =
  'workspace' | 'survey-to-viva' | 'id-mapping' | 'viva-to-qualtrics' | 'analysis' | 'recipes';

/** Which screen is shown, and the flows that work on the workspace's tables. */
export class AppState {
  route = $state<Route>('workspace');
  readonly recipes: RecipeStore;
  readonly survey: SurveyToVivaFlow;
  readonly ids: IdMappingFlow;
  readonly viva: VivaToQualtricsFlow;
  readonly analysis: AnalysisFlow;
  readonly savedMappings: SavedMappingsStore;

  constructor(
    readonly ws: Workspace,
    engine: SurveyToVivaEngine & IdMappingEngine & VivaEngine & AnalysisEngine,
    repo: RecipeRepoLike,
    mappings: SentimentRepoLike & MappingListRepo,
  ) {
    this.recipes = new RecipeStore(repo);
    this.survey = new SurveyToVivaFlow(engine, this.recipes);
    this.ids = new IdMappingFlow(engine, this.recipes);
    this.viva = new VivaToQualtricsFlow(engine, this.recipes);
    this.analysis = new AnalysisFlow(engine, mappings);
    this.savedMappings = new SavedMappingsStore(mappings);
  }

  go(route: Route): void {
    this.route = route;
    if (route === 'recipes') {
      void this.recipes.refresh();
      void this.savedMappings.refresh();
    }
    if (route === 'analysis') void this.analysis.refreshSaved();
  }

  goHome(): void {
    this.route = 'workspace';
    this.ws.goHome();
  }

  /** Makes sure a table is loaded in the current engine (re-opens it after a cancel/crash). */
  async #ensure(index: number): Promise<OpenTable | null> {
    const t = this.ws.tables[index];
    if (!t) return null;
    if (t.generation !== this.ws.engineGeneration) await this.ws.show(index);
    return this.ws.tables[index] ?? null;
  }

  /** Opens the survey flow on an open table (default: the one on screen). */
  async startSurvey(index = this.ws.currentIndex): Promise<void> {
    this.route = 'survey-to-viva';
    const t = await this.#ensure(index);
    if (t) await this.survey.start(t.info.id);
  }

  /** Loads files (or a sample) and opens the survey flow on the last one loaded. */
  async loadSurvey(files: File[] | string): Promise<void> {
    const before = this.ws.tables.length;
    if (typeof files === 'string') await this.ws.openSample(files);
    else await this.ws.openFiles(files);
    this.route = 'survey-to-viva';
    if (this.ws.tables.length > before) await this.startSurvey(this.ws.tables.length - 1);
  }

  /** Opens the ID mapping on a directory table and an optional HR table (indexes into tables). */
  async startIds(directory: number, hr: number | null): Promise<void> {
    this.route = 'id-mapping';
    const d = await this.#ensure(directory);
    const h = hr === null ? null : await this.#ensure(hr);
    if (d) await this.ids.start(d.info, h?.info ?? null);
  }

  /** Loads the sample directory and HR file and starts the ID mapping on them. */
  async loadIdsSample(): Promise<void> {
    const before = this.ws.tables.length;
    await this.ws.openSample('qualtrics-directory');
    await this.ws.openSample('hr-employees');
    this.route = 'id-mapping';
    if (this.ws.tables.length === before + 2) await this.startIds(before, before + 1);
  }

  /** Loads files for the ID mapping; they become tabs the user then picks. */
  async loadForIds(files: File[]): Promise<void> {
    await this.ws.openFiles(files);
    this.route = 'id-mapping';
  }

  /** Opens the Viva → Qualtrics flow on an open file (a person query loaded as a table). */
  async startViva(index = this.ws.currentIndex): Promise<void> {
    this.route = 'viva-to-qualtrics';
    const t = this.ws.tables[index];
    if (t) await this.viva.load(t.file);
  }

  /** The open tables the Analysis works on (indexes into tables), to re-open after a restart. */
  #analysisSources: { left: number; right: number | null } | null = null;

  /** Opens the Analysis on a survey table and an optional table to join (indexes into tables). */
  async startAnalysis(left: number, right: number | null): Promise<void> {
    this.route = 'analysis';
    this.#analysisSources = { left, right };
    const l = await this.#ensure(left);
    const r = right === null ? null : await this.#ensure(right);
    if (l) await this.analysis.start(l.info, r?.info ?? null);
  }

  /** After the engine restarted (a cancelled load), opens the Analysis' tables again. */
  async reopenAnalysis(): Promise<void> {
    const s = this.#analysisSources;
    if (s) await this.startAnalysis(s.left, s.right);
  }

  /** Loads the linked sample survey and person query, then joins them. */
  async loadAnalysisSample(): Promise<void> {
    const before = this.ws.tables.length;
    await this.ws.openSample('qualtrics-pulse-linked');
    await this.ws.openSample('viva-person-query-surveys');
    this.route = 'analysis';
    if (this.ws.tables.length === before + 2) await this.startAnalysis(before, before + 1);
  }

  /** Loads files for the Analysis; they become tabs the user then picks. */
  async loadForAnalysis(files: File[]): Promise<void> {
    await this.ws.openFiles(files);
    this.route = 'analysis';
  }
}
