// The Analysis screen: two loaded tables joined on chosen keys (or one table on its own), one
// question (or a category of questions) scored with its sentiment mapping, and the breakout,
// "how do patterns differ" and trend views. Every number comes from the worker's aggregates.
// Collaborators: AnalysisTables (the tables and the join), MappingChoice (how answers count);
// the rules they follow are pure functions in src/lib/analysis/setup.ts.
import {
  questionsInView,
  type AnalysisFacts,
  type LoopMode,
  type QuestionInfo,
} from '../lib/analysis/facts';
import type { AnalysisResult, OverviewRow } from '../lib/analysis/run';
import {
  analysisRequest,
  keepSettings,
  mappingFor,
  overviewItems,
  questionKey,
  sameScale,
  type AnalysisSettings,
  type JoinSettings,
} from '../lib/analysis/setup';
import type { ResponseFilter } from '../lib/qualtrics-format/status';
import type { ResponseCounts } from '../lib/recipe/responses';
import type { Headline, ScoreKind, SentimentMapping } from '../lib/score/types';
import type { AnalysisEngine, JoinPart } from '../services/engine-client';
import { standardizeError, type UiError } from '../services/report-error';
import { MappingChoice, type SentimentRepoLike } from './analysis-mapping.svelte';
import { AnalysisTables } from './analysis-tables.svelte';
import { Debouncer, saveFile } from './flow-support';
import type { TableSource } from './opened.svelte';
import type { Sources } from './workspace.svelte';

export type { AnalysisSettings, JoinSettings, SentimentRepoLike };

/** The key a question's mapping is saved under (the storage's one rule). */
export const mappingKey = questionKey;

export class AnalysisFlow {
  readonly tables: AnalysisTables;
  readonly choice: MappingChoice;
  facts = $state.raw<AnalysisFacts | null>(null);
  /** The analysed table's responses by status (preview, test, spam…), for the status panel. */
  responseCounts = $state.raw<ResponseCounts | null>(null);
  settings = $state.raw<AnalysisSettings | null>(null);
  result = $state.raw<AnalysisResult | null>(null);
  /** Every question at a glance, each read with its saved or default mapping. */
  overview = $state.raw<OverviewRow[] | null>(null);
  /** The mapping `result` was computed with (the one on screen may be newer). */
  resultMapping = $state.raw<SentimentMapping | null>(null);
  busy = $state(false);
  error = $state.raw<UiError | null>(null);
  /** The engine generation the analysed tables were built in; -1 once they were freed. */
  generation = $state(-1);

  /** The questions offered: loop & merge questions pooled or per iteration, by the settings. */
  offered = $derived.by((): QuestionInfo[] =>
    this.facts ? questionsInView(this.facts, this.settings?.loops ?? 'pooled') : [],
  );
  /** The question(s) being scored. */
  questions = $derived.by((): QuestionInfo[] => {
    const s = this.settings;
    if (!s) return [];
    return s.columns.flatMap((c) => this.offered.find((q) => q.column === c) ?? []);
  });
  /** With a single survey open (and nothing else), the table the Analysis starts on. */
  preselected = $derived.by((): number | null => {
    const tables = this.sources.tables;
    const surveys = tables.flatMap((t, i) =>
      t.info?.format.source.startsWith('qualtrics') ? [i] : [],
    );
    return surveys.length === 1 ? surveys[0] : null;
  });
  question = $derived<QuestionInfo | null>(this.questions[0] ?? null);

  #seq = 0;
  readonly #debounce: Debouncer;

  constructor(
    private readonly engine: AnalysisEngine,
    mappings: SentimentRepoLike,
    readonly sources: Sources,
    debounceMs = 120,
  ) {
    this.tables = new AnalysisTables(engine);
    this.choice = new MappingChoice(mappings);
    this.#debounce = new Debouncer(() => this.run(), debounceMs);
  }

  // The tables and the mapping, as the screens read them.
  get left() {
    return this.tables.left;
  }
  get right() {
    return this.tables.right;
  }
  get join() {
    return this.tables.join;
  }
  get target() {
    return this.tables.target;
  }
  get averaged() {
    return this.tables.averaged;
  }
  get report() {
    return this.tables.report;
  }
  get mapping() {
    return this.choice.mapping;
  }
  get mappingSource() {
    return this.choice.source;
  }
  get storageError() {
    return this.choice.storageError;
  }
  set storageError(e: UiError | null) {
    this.choice.storageError = e;
  }

  /** Starts on open tables of the workspace (indexes into its tables). */
  async startOn(left: number, right: number | null): Promise<void> {
    const l = this.sources.tables[left];
    const r = right === null ? null : (this.sources.tables[right] ?? null);
    if (l) await this.start(l, r);
  }

  /** Loads the linked sample survey and person query, then joins them. */
  async loadSample(): Promise<void> {
    const before = this.sources.tables.length;
    await this.sources.openSample('qualtrics-pulse-linked');
    await this.sources.openSample('viva-person-query-surveys');
    if (this.sources.tables.length === before + 2) await this.startOn(before, before + 1);
  }

  /** Loads files; they become tabs the user then picks. */
  async load(files: File[]): Promise<void> {
    await this.sources.openFiles(files);
  }

  /** Starts on a survey table and an optional metrics table. */
  async start(left: TableSource, right: TableSource | null): Promise<void> {
    try {
      // Re-opening the same files (after a restart) keeps the join the user chose.
      if (!(await this.tables.choose(left, right))) {
        // Other files: nothing of the old analysis may show while the new one is prepared.
        this.settings = null;
        this.facts = null;
        this.responseCounts = null;
        this.overview = null;
      }
    } catch (e) {
      this.error = standardizeError(e);
      return;
    }
    this.result = null;
    this.resultMapping = null;
    await this.prepare();
  }

  /**
   * Back on the Analysis: tables freed on leaving (or lost in a restart) are made again, and the
   * saved mappings are read again (they may have been deleted on the Saved recipes page).
   */
  async resume(): Promise<void> {
    // A single survey open and nothing chosen yet: it is what the user wants to analyse.
    if (!this.tables.left && this.preselected !== null && this.sources.tables.length === 1) {
      await this.startOn(this.preselected, null);
      return;
    }
    if (this.facts && this.generation !== this.engine.generation) await this.prepare();
    await this.refreshSaved();
  }

  /** The user left the Analysis: the tables made for it are freed (the choices stay). */
  leave(): void {
    this.#seq++;
    this.tables.release();
    this.generation = -1;
  }

  /** Changes the join; the joined table and everything after it are rebuilt. */
  async updateJoin(patch: Partial<JoinSettings>): Promise<void> {
    if (!this.tables.join) return;
    this.tables.join = { ...this.tables.join, ...patch };
    await this.prepare();
  }

  /** Rebuilds the averaged and joined tables, then the facts, then runs the analysis. */
  async prepare(): Promise<void> {
    if (!this.tables.left) return;
    const seq = ++this.#seq;
    this.busy = true;
    this.error = null;
    try {
      const built = await this.tables.build();
      if (!built) return;
      const generation = this.engine.generation;
      const [facts, counts] = await Promise.all([
        this.engine.describeForAnalysis(built.target.id),
        this.engine.responseCounts(built.target.id),
      ]);
      if (seq !== this.#seq) {
        // A newer change won: the tables made here are not needed.
        this.tables.discard(built);
        return;
      }
      this.tables.adopt(built);
      this.generation = generation;
      this.facts = facts;
      this.responseCounts = counts;
      this.settings = keepSettings(this.settings, facts);
      await this.choice.loadSaved(facts);
      await this.choice.load(this.question);
      await this.run();
    } catch (e) {
      if (seq === this.#seq) this.error = standardizeError(e);
    } finally {
      if (seq === this.#seq) this.busy = false;
    }
  }

  /**
   * Reads the saved mappings again (they may have been deleted on the Saved recipes page): a
   * question whose saved mapping is gone goes back to its defaults.
   */
  async refreshSaved(): Promise<void> {
    const f = this.facts;
    const q = this.question;
    if (!f || !q) return;
    await this.choice.refresh(f, q);
    await this.run();
  }

  /** Picks the question(s). Several columns form a category; they must share a scale. */
  async chooseQuestions(columns: number[]): Promise<void> {
    const f = this.facts;
    if (!f || !this.settings || columns.length === 0) return;
    const qs = columns.flatMap((c) => this.offered.find((q) => q.column === c) ?? []);
    if (qs.length > 1 && !qs.every((q) => sameScale(q, qs[0]))) {
      this.error = {
        name: 'ValidationError',
        message: `A category needs items on the same scale: ${qs[0].name} is ${qs[0].scale.min}–${qs[0].scale.max}, but not every item is.`,
      };
      return;
    }
    this.error = null;
    const firstChanged = this.settings.columns[0] !== columns[0];
    this.settings = { ...this.settings, columns };
    if (firstChanged) {
      this.choice.source = 'default';
      await this.choice.load(this.question, true);
    }
    await this.run();
  }

  /**
   * Loop & merge questions pooled over their iterations or one by one. A pooled question and
   * its first iteration share a column, so the choice moves between them.
   */
  async setLoops(loops: LoopMode): Promise<void> {
    const f = this.facts;
    if (!f || !this.settings || this.settings.loops === loops) return;
    const before = this.question;
    this.settings = keepSettings({ ...this.settings, loops }, f);
    if (this.question !== before) {
      this.choice.source = 'default';
      await this.choice.load(this.question, true);
    }
    await this.run();
  }

  /** Reads the question as another score kind (its default mapping for that kind). */
  async setKind(kind: ScoreKind): Promise<void> {
    const q = this.question;
    if (!q) return;
    const m = mappingFor(q, kind);
    if (!m) {
      this.error = {
        name: 'ValidationError',
        message:
          kind === 'nps'
            ? `${q.name} is on a ${q.scale.min}–${q.scale.max} scale; NPS needs 0–10.`
            : `${q.name} has no scale XO Bridge can map (2 to 11 points).`,
      };
      return;
    }
    this.error = null;
    await this.setMapping(m);
  }

  async setHeadline(headline: Headline): Promise<void> {
    if (this.mapping) await this.setMapping({ ...this.mapping, headline });
  }

  /** Replaces the mapping, saves it for this question and runs again. */
  async setMapping(mapping: SentimentMapping): Promise<void> {
    const saving = this.choice.set(this.question, mapping);
    this.#debounce.schedule();
    await saving;
  }

  /** Forgets the saved mapping: the defaults of the question's kind apply again. */
  async resetMapping(): Promise<void> {
    const q = this.question;
    if (!q) return;
    await this.choice.reset(q);
    await this.run();
  }

  /** Which responses count (include previews, tests and spam; keep unfinished ones). */
  async setResponses(patch: Partial<ResponseFilter>): Promise<void> {
    if (!this.settings) return;
    this.settings = { ...this.settings, responses: { ...this.settings.responses, ...patch } };
    await this.run();
  }

  update(patch: Partial<AnalysisSettings>): void {
    if (!this.settings) return;
    this.settings = { ...this.settings, ...patch };
    this.#debounce.schedule();
  }

  /** Runs the analysis in the worker; a newer run wins. Stale tables are built again first. */
  async run(): Promise<void> {
    if (this.facts && this.generation !== this.engine.generation) return this.prepare();
    const t = this.tables.target;
    const req = analysisRequest(this.settings, this.mapping, this.questions);
    if (!t || !req) {
      this.result = null;
      this.resultMapping = null;
      return;
    }
    const seq = ++this.#seq;
    this.busy = true;
    try {
      const single = this.settings?.columns.length === 1 && this.question && this.mapping;
      const items = overviewItems(
        this.offered,
        single ? { column: this.question!.column, mapping: this.mapping! } : null,
        this.choice.saved,
      );
      const [result, overview] = await Promise.all([
        this.engine.runAnalysis(t.id, req),
        this.engine.runOverview(t.id, items, req.minGroup, req.lowSample, req.responses),
      ]);
      if (seq !== this.#seq) return;
      this.result = result;
      this.overview = overview;
      this.resultMapping = req.question.mapping;
      this.error = null;
    } catch (e) {
      if (seq === this.#seq) this.error = standardizeError(e);
    } finally {
      if (seq === this.#seq) this.busy = false;
    }
  }

  /** Waits for a scheduled run (tests, and before a download). */
  flush(): Promise<void> {
    return this.#debounce.flush();
  }

  downloadJoinPart(part: JoinPart): Promise<void> {
    const spec = this.tables.spec();
    const left = this.left;
    const rightId = this.tables.joinedRightId;
    if (!spec || !left || !rightId) return Promise.resolve();
    return saveFile(
      `match-report-${part}.csv`,
      () => this.engine.joinReportCsv(left.id, rightId, spec, part),
      (e) => (this.error = e),
    );
  }

  downloadJoined(): Promise<void> {
    const t = this.target;
    if (!t) return Promise.resolve();
    return saveFile(
      'joined.csv',
      () => this.engine.tableCsv(t.id),
      (e) => (this.error = e),
    );
  }
}
