import type { PersonQueryHead } from '../lib/person-query/read';
import type { LoadProgress } from '../lib/read/types';
import type { MetricChoice, VivaToQualtricsRecipe } from '../lib/recipe/types';
import { newVivaRecipe, recipeFit, suggestDirectoryKey } from '../lib/recipe/viva-to-qualtrics';
import type { TableInfo } from '../lib/table/types';
import { randomId, systemClock } from '../services/clock';
import type { VivaEngine, VivaPreview } from '../services/engine-client';
import { standardizeError, type UiError } from '../services/report-error';
import { fetchSample, SAMPLES } from '../services/samples';
import { Debouncer, saveFile } from './flow-support';
import type { RecipeStore } from './recipes.svelte';

export type VivaStep = 'metrics' | 'average' | 'bins' | 'output';

/** A file opened in the engine, and in which engine generation (a cancel starts a new one). */
interface Opened<T> {
  file: File;
  value: T;
  generation: number;
}

/** The "Viva metrics to Qualtrics" flow: one person query, an optional directory export. */
export class VivaToQualtricsFlow {
  query = $state.raw<Opened<{ id: string; head: PersonQueryHead }> | null>(null);
  directory = $state.raw<Opened<TableInfo> | null>(null);
  recipe = $state.raw<VivaToQualtricsRecipe | null>(null);
  preview = $state.raw<VivaPreview | null>(null);
  /** Progress of the pass over the file in progress; null when none is. */
  progress = $state.raw<LoadProgress | null>(null);
  running = $state(false);
  opening = $state<string | null>(null);
  /** The last pass over the file was cancelled: the screen offers to run it again. */
  cancelled = $state(false);
  error = $state.raw<UiError | null>(null);
  /** Name of the saved recipe applied on its own to the file, if any. */
  reapplied = $state<string | null>(null);
  step = $state<VivaStep>('metrics');

  errors = $derived(this.preview?.output.problems.filter((p) => p.severity === 'error') ?? []);
  head = $derived(this.query?.value.head ?? null);

  #seq = 0;
  readonly #debounce: Debouncer;

  constructor(
    private readonly engine: VivaEngine,
    private readonly store: RecipeStore,
    private readonly clock: () => Date = systemClock,
    private readonly newId: () => string = randomId,
    debounceMs = 150,
  ) {
    this.#debounce = new Debouncer(() => this.run(), debounceMs);
  }

  /** Opens a person query; re-applies the saved recipe that fits it best, else suggests one. */
  async load(file: File): Promise<void> {
    this.error = null;
    this.opening = file.name;
    try {
      const value = await this.engine.openPersonQuery(file, file.name);
      this.query = { file, value, generation: this.engine.generation };
      const saved = (await this.store.listOf('viva-to-qualtrics')) as VivaToQualtricsRecipe[];
      const fit = saved.find((r) => recipeFit(r, value.head) >= 0.5);
      const now = this.clock().toISOString();
      this.recipe = fit
        ? { ...fit, updated: now }
        : newVivaRecipe(value.head, { id: this.newId(), now });
      this.reapplied = fit ? fit.name : null;
      this.preview = null;
      this.step = 'metrics';
    } catch (e) {
      this.error = standardizeError(e);
      return;
    } finally {
      this.opening = null;
    }
    await this.run();
  }

  async loadSample(id = 'viva-person-query-surveys'): Promise<void> {
    const sample = SAMPLES.find((s) => s.id === id);
    if (!sample) return;
    try {
      await this.load(await fetchSample(sample));
    } catch (e) {
      this.error = standardizeError(e);
    }
  }

  /** Adds a Qualtrics directory export for First Name, Last Name and Email. */
  async loadDirectory(file: File): Promise<void> {
    this.error = null;
    this.opening = file.name;
    try {
      const { table } = await this.engine.openFile(file, file.name);
      this.directory = { file, value: table, generation: this.engine.generation };
      const headers = table.columns.map((c) => c.header);
      const key = suggestDirectoryKey(headers) ?? headers[0] ?? '';
      const current = this.recipe?.directory;
      const keep = current && headers.some((h) => h.trim() === current.key.trim());
      this.update((r) => ({
        ...r,
        directory: keep ? current : { key, trim: true, caseFold: false },
      }));
    } catch (e) {
      this.error = standardizeError(e);
    } finally {
      this.opening = null;
    }
  }

  async loadDirectorySample(): Promise<void> {
    const sample = SAMPLES.find((s) => s.id === 'qualtrics-directory');
    if (sample) await this.loadDirectory(await fetchSample(sample));
  }

  removeDirectory(): void {
    this.directory = null;
    this.update((r) => ({ ...r, directory: null }));
  }

  update(change: (r: VivaToQualtricsRecipe) => VivaToQualtricsRecipe): void {
    if (!this.recipe) return;
    this.recipe = { ...change(this.recipe), updated: this.clock().toISOString() };
    this.#debounce.schedule();
  }

  /** Changes one metric's settings. */
  updateMetric(column: string, change: (m: MetricChoice) => MetricChoice): void {
    this.update((r) => ({
      ...r,
      metrics: r.metrics.map((m) => (m.column === column ? change(m) : m)),
    }));
  }

  settle(): Promise<void> {
    return this.#debounce.flush();
  }

  /** Re-opens the files in a new engine after a cancel (the old handles are gone). */
  async #ensureOpen(): Promise<boolean> {
    const gen = this.engine.generation;
    const q = this.query;
    if (!q) return false;
    if (q.generation !== gen) {
      const value = await this.engine.openPersonQuery(q.file, q.file.name);
      this.query = { ...q, value, generation: gen };
    }
    const d = this.directory;
    if (d && d.generation !== gen) {
      const { table } = await this.engine.openFile(d.file, d.file.name);
      this.directory = { ...d, value: table, generation: gen };
    }
    return true;
  }

  /** Averages (streaming the file when needed), bins and previews the participant file. */
  async run(): Promise<void> {
    const seq = ++this.#seq;
    this.running = true;
    this.cancelled = false;
    try {
      if (!(await this.#ensureOpen())) return;
      const { query, recipe, directory } = this;
      if (!query || !recipe) return;
      const preview = await this.engine.runVivaToQualtrics(
        query.value.id,
        recipe,
        directory?.value.id ?? null,
        50,
        (event) => {
          if (event.type === 'progress' && seq === this.#seq) this.progress = event.progress;
        },
      );
      if (seq !== this.#seq) return;
      this.preview = preview;
      this.error = null;
      if (recipe.metrics.length > 0 && recipe.identifier !== null) await this.store.save(recipe);
    } catch (e) {
      if (seq !== this.#seq) return;
      const err = standardizeError(e);
      if (err === null) this.cancelled = true;
      else this.error = err;
    } finally {
      if (seq === this.#seq) {
        this.running = false;
        this.progress = null;
      }
    }
  }

  /** Stops a pass over the file (the engine restarts; the files are re-opened on the next run). */
  cancel(): void {
    this.#seq++;
    this.engine.cancel();
    this.running = false;
    this.progress = null;
    this.cancelled = true;
  }

  async download(): Promise<void> {
    await this.settle();
    const { recipe } = this;
    if (!recipe || !(await this.#ensureOpen())) return;
    const query = this.query!;
    const directory = this.directory;
    this.running = true;
    try {
      await saveFile(
        `${recipe.fileName}.${recipe.format}`,
        () =>
          this.engine.vivaToQualtricsFile(
            query.value.id,
            recipe,
            directory?.value.id ?? null,
            (event) => {
              if (event.type === 'progress') this.progress = event.progress;
            },
          ),
        this.#showError,
      );
    } finally {
      this.running = false;
      this.progress = null;
    }
  }

  /** Every problem and data note of the last run, as CSV. */
  async downloadReport(): Promise<void> {
    const { preview, recipe } = this;
    if (!preview || !recipe) return;
    const notes = preview.summary.issues.map((i) => ({
      ...i,
      severity: 'warning' as const,
      rule: i.code,
    }));
    await saveFile(
      `${recipe.fileName}-report.csv`,
      () => this.engine.problemsCsv([...preview.output.problems, ...notes]),
      this.#showError,
    );
  }

  #showError = (e: UiError | null) => {
    this.error = e;
  };
}
