import { randomId, systemClock } from '../services/clock';
import type { Problem } from '../lib/issues';
import {
  refKey,
  type ColumnRef,
  type QuestionSettings,
  type SurveyToVivaRecipe,
} from '../lib/recipe/types';
import type { SurveyFacts } from '../lib/recipe/survey-columns';
import { responseFilterOf, type ResponseFilter } from '../lib/qualtrics-format/status';
import {
  newSurveyRecipe,
  matchRecipe,
  pickRecipe,
  withNewQuestions,
} from '../lib/recipe/survey-to-viva';
import { fixFileName, fixHeader } from '../lib/viva-format/upload-rules';
import type { SurveyToVivaEngine, SurveyToVivaPreview } from '../services/engine-client';
import { standardizeError, type UiError } from '../services/report-error';
import { Debouncer, saveFile } from './flow-support';
import type { TableSource } from './opened.svelte';
import type { RecipeStore } from './recipes.svelte';
import type { Sources } from './workspace.svelte';

/** Told to the user when a saved recipe was applied to the file on its own. */
export interface Reapplied {
  name: string;
  unmatched: ColumnRef[];
  added: number;
}

export type SurveyStep = 'columns' | 'categories' | 'people' | 'validate';

/** The "Survey scores to Viva Insights" flow for one survey table. */
export class SurveyToVivaFlow {
  facts = $state.raw<SurveyFacts | null>(null);
  recipe = $state.raw<SurveyToVivaRecipe | null>(null);
  preview = $state.raw<SurveyToVivaPreview | null>(null);
  reapplied = $state.raw<Reapplied | null>(null);
  /** Saved recipes of this kind, to switch to another one. */
  saved = $state.raw<SurveyToVivaRecipe[]>([]);
  error = $state.raw<UiError | null>(null);
  step = $state<SurveyStep>('columns');
  running = $state(false);
  tableId = $state<string | null>(null);

  errors = $derived(this.preview?.problems.filter((p) => p.severity === 'error') ?? []);
  warnings = $derived(this.preview?.problems.filter((p) => p.severity === 'warning') ?? []);

  #runSeq = 0;
  readonly #debounce: Debouncer;
  /** The table the flow works on; opened again if the engine restarted. */
  #source: TableSource | null = null;

  constructor(
    private readonly engine: SurveyToVivaEngine,
    readonly store: RecipeStore,
    readonly sources: Sources,
    private readonly clock: () => Date = systemClock,
    private readonly newId: () => string = randomId,
    debounceMs = 120,
  ) {
    this.#debounce = new Debouncer(() => this.run(), debounceMs);
  }

  /** Starts on an open table of the workspace (default: the last one). */
  async startOn(index = this.sources.tables.length - 1): Promise<void> {
    const t = this.sources.tables[index];
    if (t) await this.start(t);
  }

  /** Loads files (or a sample) and starts on the last one loaded. */
  async load(files: File[] | string): Promise<void> {
    const before = this.sources.tables.length;
    if (typeof files === 'string') await this.sources.openSample(files);
    else await this.sources.openFiles(files);
    if (this.sources.tables.length > before) await this.startOn();
  }

  /** Starts on a table: re-applies the saved recipe that fits it best, else suggests a new one. */
  async start(source: TableSource): Promise<void> {
    this.error = null;
    this.preview = null;
    this.reapplied = null;
    this.#source = source;
    try {
      const tableId = await this.#tableId();
      if (tableId === null) return;
      const facts = await this.engine.describeSurvey(tableId);
      this.facts = facts;
      const saved = (await this.store.listOf('survey-to-viva')) as SurveyToVivaRecipe[];
      this.saved = saved;
      const found = pickRecipe(saved, facts);
      if (found) {
        const m = matchRecipe(found, facts);
        this.recipe = withNewQuestions(found, facts);
        this.reapplied = { name: found.name, unmatched: m.unmatched, added: m.added.length };
        this.step = 'validate';
      } else {
        this.recipe = newSurveyRecipe(facts, this.newId(), this.clock().toISOString());
        this.step = 'columns';
      }
      await this.run();
    } catch (e) {
      this.error = standardizeError(e);
    }
  }

  /** Uses another saved recipe (or a fresh one) on this table. */
  async useRecipe(recipe: SurveyToVivaRecipe | null): Promise<void> {
    if (!this.facts) return;
    this.recipe = recipe
      ? withNewQuestions(recipe, this.facts)
      : newSurveyRecipe(this.facts, this.newId(), this.clock().toISOString());
    this.reapplied = null;
    await this.run();
  }

  /** Changes the recipe; the preview follows shortly and the recipe is saved. */
  update(change: (r: SurveyToVivaRecipe) => SurveyToVivaRecipe): void {
    if (!this.recipe) return;
    this.recipe = { ...change(this.recipe), updated: this.clock().toISOString() };
    this.#debounce.schedule();
  }

  /** The table's id in the current engine (the table is opened again after a restart). */
  async #tableId(): Promise<string | null> {
    if (!this.#source) return null;
    const { id } = await this.#source.ensure();
    this.tableId = id;
    return id;
  }

  /** Runs the recipe now (drops results of older runs) and saves it. */
  async run(): Promise<void> {
    const recipe = this.recipe;
    if (!recipe || !this.#source) return;
    const seq = ++this.#runSeq;
    this.running = true;
    try {
      const tableId = (await this.#tableId())!;
      const preview = await this.engine.runSurveyToViva(tableId, recipe);
      if (seq !== this.#runSeq) return;
      this.preview = preview;
      if (this.#worthSaving(recipe)) await this.store.save(recipe);
    } catch (e) {
      if (seq === this.#runSeq) this.error = standardizeError(e);
    } finally {
      if (seq === this.#runSeq) this.running = false;
    }
  }

  /** A recipe is saved once the user has made it do something. */
  #worthSaving(r: SurveyToVivaRecipe): boolean {
    return r.categories.length > 0 || r.questions.some((q) => q.exportAs !== null);
  }

  /** Waits for a pending preview run (tests and the download button use it). */
  settle(): Promise<void> {
    return this.#debounce.flush();
  }

  async download(): Promise<void> {
    await this.settle();
    const { recipe } = this;
    if (!recipe || !this.#source) return;
    await saveFile(
      `${recipe.fileName}.csv`,
      async () => this.engine.surveyToVivaCsv((await this.#tableId())!, recipe),
      this.#showError,
    );
  }

  async downloadReport(): Promise<void> {
    const { preview, recipe } = this;
    if (!preview || !recipe) return;
    await saveFile(
      `${recipe.fileName}-validation.csv`,
      () => this.engine.problemsCsv(preview.problems),
      this.#showError,
    );
  }

  #showError = (e: UiError | null) => {
    this.error = e;
  };

  // --- Columns -------------------------------------------------------------------------------

  setKeep(ref: ColumnRef, keep: boolean): void {
    const key = refKey(ref);
    this.update((r) => ({
      ...r,
      keep: keep
        ? [...r.keep.filter((k) => refKey(k.ref) !== key), { ref, as: fixHeader(ref.tag) }]
        : r.keep.filter((k) => refKey(k.ref) !== key),
    }));
  }

  setIdentifier(ref: ColumnRef | null): void {
    this.update((r) => ({ ...r, identifier: ref }));
  }

  // --- Categories ----------------------------------------------------------------------------

  addCategory(name: string): void {
    const n = name.trim();
    if (!n) return;
    this.update((r) => ({
      ...r,
      categories: [...r.categories, { name: n, questions: [], minAnswered: 1 }],
    }));
  }

  renameCategory(index: number, name: string): void {
    this.update((r) => ({
      ...r,
      categories: r.categories.map((c, i) => (i === index ? { ...c, name } : c)),
    }));
  }

  removeCategory(index: number): void {
    this.update((r) => ({ ...r, categories: r.categories.filter((_, i) => i !== index) }));
  }

  setMinAnswered(index: number, n: number): void {
    const v = Math.max(1, Math.floor(n) || 1);
    this.update((r) => ({
      ...r,
      categories: r.categories.map((c, i) => (i === index ? { ...c, minAnswered: v } : c)),
    }));
  }

  /** Puts questions into a category (a question may belong to several categories). */
  assign(keys: readonly string[], index: number): void {
    this.update((r) => ({
      ...r,
      categories: r.categories.map((c, i) =>
        i === index
          ? { ...c, questions: [...c.questions, ...keys.filter((k) => !c.questions.includes(k))] }
          : c,
      ),
    }));
  }

  unassign(key: string, index: number): void {
    this.update((r) => ({
      ...r,
      categories: r.categories.map((c, i) =>
        i === index ? { ...c, questions: c.questions.filter((k) => k !== key) } : c,
      ),
    }));
  }

  /**
   * Loop & merge questions: one question averaged across the iterations each person answered
   * (`pooled`), or one question (and output column) per iteration. Saved with the recipe.
   */
  setLoops(mode: 'pooled' | 'per-iteration'): void {
    this.update((r) => ({ ...r, loops: mode }));
  }

  setQuestion(key: string, patch: Partial<Omit<QuestionSettings, 'ref'>>): void {
    this.update((r) => ({
      ...r,
      questions: r.questions.map((q) => (refKey(q.ref) === key ? { ...q, ...patch } : q)),
    }));
  }

  // --- Responses -----------------------------------------------------------------------------

  /** Which responses the recipe uses: include previews, tests and spam; keep unfinished ones. */
  setResponses(patch: Partial<ResponseFilter>): void {
    this.update((r) => ({ ...r, responses: { ...responseFilterOf(r.responses), ...patch } }));
  }

  // --- People and date -----------------------------------------------------------------------

  setEmailFix(original: string, fixed: string): void {
    this.update((r) => {
      const emailFixes = { ...r.emailFixes };
      if (fixed.trim() === '') delete emailFixes[original];
      else emailFixes[original] = fixed.trim();
      return { ...r, emailFixes };
    });
  }

  // --- Validation fixes ----------------------------------------------------------------------

  /** Applies a problem's one-click fix: renames the output column, or fixes the file name. */
  applyFix(p: Problem): void {
    if (p.fix === undefined) return;
    const fix = p.fix;
    if (p.code === 'viva-file') {
      this.update((r) => ({ ...r, fileName: fixFileName(r.fileName).replace(/\.csv$/, '') }));
      return;
    }
    if (p.code !== 'viva-header' || p.column === null) return;
    const from = p.column;
    this.update((r) => renameOutput(r, from, fix));
  }

  /** Applies every header and file-name fix at once. */
  fixAll(): void {
    for (const p of this.preview?.problems ?? []) {
      if (p.severity === 'error' && p.fix !== undefined) this.applyFix(p);
    }
  }
}

/** Renames the first output column called `from` (category, single question or kept column). */
export function renameOutput(r: SurveyToVivaRecipe, from: string, to: string): SurveyToVivaRecipe {
  const ci = r.categories.findIndex((c) => c.name === from);
  if (ci >= 0) {
    return { ...r, categories: r.categories.map((c, i) => (i === ci ? { ...c, name: to } : c)) };
  }
  const qi = r.questions.findIndex((q) => q.exportAs === from);
  if (qi >= 0) {
    return { ...r, questions: r.questions.map((q, i) => (i === qi ? { ...q, exportAs: to } : q)) };
  }
  const ki = r.keep.findIndex((k) => k.as === from);
  if (ki >= 0) return { ...r, keep: r.keep.map((k, i) => (i === ki ? { ...k, as: to } : k)) };
  return r;
}
