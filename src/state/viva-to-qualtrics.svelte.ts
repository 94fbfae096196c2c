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
import { Opened } from './opened.svelte';
import type { RecipeStore } from './recipes.svelte';
import type { Sources } from './workspace.svelte';

export type VivaStep = 'metrics' | 'average' | 'bins' | 'output';

type QueryHandle = { id: string; head: PersonQueryHead };

/** The "Viva metrics to Qualtrics" flow: one person query, an optional directory export. */
export class VivaToQualtricsFlow {
  /** The person query, opened in the engine (again after a restart or after leaving the flow). */
  query = $state.raw<Opened<QueryHandle> | null>(null);
  /** The optional Qualtrics directory export, opened as a table. */
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
  head = $derived(this.query?.value?.head ?? null);

  #seq = 0;
  readonly #debounce: Debouncer;

  constructor(
    private readonly engine: VivaEngine,
    readonly store: RecipeStore,
    readonly sources: Sources,
    private readonly clock: () => Date = systemClock,
    private readonly newId: () => string = randomId,
    debounceMs = 150,
  ) {
    this.#debounce = new Debouncer(() => this.run(), debounceMs);
  }

  /** Opens the file of an open workspace table (a person query loaded as a table). */
  async startOn(index: number): Promise<void> {
    const t = this.sources.tables[index];
    if (t) await this.load(t.file);
  }

  /** Opens a person query; re-applies the saved recipe that fits it best, else suggests one. */
  async load(file: File): Promise<void> {
    this.error = null;
    this.opening = file.name;
    try {
      const query = new Opened(
        file,
        this.engine,
        (f) => this.engine.openPersonQuery(f, f.name),
        (q) => this.engine.closePersonQuery(q.id),
      );
      const value = await query.ensure();
      // Another file: the one before is freed in the engine.
      this.query?.close();
      this.query = query;
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
      const directory = new Opened(
        file,
        this.engine,
        async (f) => (await this.engine.openFile(f, f.name)).table,
        (t) => this.engine.closeTable(t.id),
      );
      const table = await directory.ensure();
      this.directory?.close();
      this.directory = directory;
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
    this.directory?.close();
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

  /** The files in the current engine: opened again after a cancel or after leaving the flow. */
  async #ensureOpen(): Promise<{ query: string; directory: string | null } | null> {
    if (!this.query) return null;
    const query = await this.query.ensure();
    const directory = this.directory ? await this.directory.ensure() : null;
    return { query: query.id, directory: directory?.id ?? null };
  }

  /**
   * The user left the flow: the person query and the directory are freed in the engine (the
   * recipe and the preview stay on screen; the files are opened again when the flow runs).
   */
  leave(): void {
    this.query?.close();
    this.directory?.close();
  }

  /** Averages (streaming the file when needed), bins and previews the participant file. */
  async run(): Promise<void> {
    const seq = ++this.#seq;
    this.running = true;
    this.cancelled = false;
    try {
      const recipe = this.recipe;
      const ids = await this.#ensureOpen();
      if (!ids || !recipe) return;
      const preview = await this.engine.runVivaToQualtrics(
        ids.query,
        recipe,
        ids.directory,
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

  /**
   * Stops a pass over the file (the engine restarts; the files are re-opened on the next run).
   * The progress stays until the worker's thread is gone; only then does the screen say
   * "cancelled".
   */
  cancel(): Promise<void> {
    this.#stopping ??= this.#stop().finally(() => (this.#stopping = null));
    return this.#stopping;
  }

  #stopping: Promise<void> | null = null;

  async #stop(): Promise<void> {
    this.#seq++;
    await this.engine.cancel();
    this.running = false;
    this.progress = null;
    this.cancelled = true;
  }

  async download(): Promise<void> {
    await this.settle();
    const { recipe } = this;
    if (!recipe || !this.query) return;
    this.running = true;
    try {
      await saveFile(
        `${recipe.fileName}.${recipe.format}`,
        async () => {
          const ids = (await this.#ensureOpen())!;
          return this.engine.vivaToQualtricsFile(ids.query, recipe, ids.directory, (event) => {
            if (event.type === 'progress') this.progress = event.progress;
          });
        },
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
