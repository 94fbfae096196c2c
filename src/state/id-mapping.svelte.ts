import { randomId, systemClock } from '../services/clock';
import { idRecipeFits, newIdMappingRecipe } from '../lib/recipe/id-mapping';
import type { IdMappingRecipe } from '../lib/recipe/types';
import type { TableInfo } from '../lib/table/types';
import type { IdMappingEngine, IdMappingPreview, MatchPart } from '../services/engine-client';
import { standardizeError, type UiError } from '../services/report-error';
import { Debouncer, saveFile } from './flow-support';
import type { TableSource } from './opened.svelte';
import type { RecipeStore } from './recipes.svelte';
import type { Sources } from './workspace.svelte';

/** The "Qualtrics IDs to Viva Insights" flow: a directory export plus an optional HR file. */
export class IdMappingFlow {
  directory = $state.raw<TableInfo | null>(null);
  hr = $state.raw<TableInfo | null>(null);
  recipe = $state.raw<IdMappingRecipe | null>(null);
  preview = $state.raw<IdMappingPreview | null>(null);
  error = $state.raw<UiError | null>(null);
  reapplied = $state<string | null>(null);

  errors = $derived(this.preview?.problems.filter((p) => p.severity === 'error') ?? []);

  #seq = 0;
  readonly #debounce: Debouncer;
  /** The tables the flow works on; opened again if the engine restarted. */
  #tables: { directory: TableSource; hr: TableSource | null } | null = null;

  constructor(
    private readonly engine: IdMappingEngine,
    readonly store: RecipeStore,
    readonly sources: Sources,
    private readonly clock: () => Date = systemClock,
    private readonly newId: () => string = randomId,
    debounceMs = 120,
  ) {
    this.#debounce = new Debouncer(() => this.run(), debounceMs);
  }

  /** ISO date of today, which anchors the quarter/month EffectiveDate rules. */
  get today(): string {
    const d = this.clock();
    const p = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
  }

  /** Starts on open tables of the workspace (indexes into its tables). */
  async startOn(directory: number, hr: number | null): Promise<void> {
    const d = this.sources.tables[directory];
    const h = hr === null ? null : (this.sources.tables[hr] ?? null);
    if (d) await this.start(d, h);
  }

  /** Loads the sample directory and HR file and starts on them. */
  async loadSample(): Promise<void> {
    const before = this.sources.tables.length;
    await this.sources.openSample('qualtrics-directory');
    await this.sources.openSample('hr-employees');
    if (this.sources.tables.length === before + 2) await this.startOn(before, before + 1);
  }

  /** Loads files; they become tabs the user then picks. */
  async load(files: File[]): Promise<void> {
    await this.sources.openFiles(files);
  }

  /** Chooses the tables; reuses the newest saved recipe that fits them, else suggests one. */
  async start(directorySource: TableSource, hrSource: TableSource | null): Promise<void> {
    this.error = null;
    this.#tables = { directory: directorySource, hr: hrSource };
    let directory: TableInfo;
    let hr: TableInfo | null;
    try {
      ({ directory, hr } = await this.#ensure());
    } catch (e) {
      this.error = standardizeError(e);
      return;
    }
    const saved = (await this.store.listOf('id-mapping')) as IdMappingRecipe[];
    const found = saved.find((r) => idRecipeFits(r, directory, hr));
    this.recipe =
      found ?? newIdMappingRecipe(directory, hr, this.newId(), this.clock().toISOString());
    this.reapplied = found ? found.name : null;
    await this.run();
  }

  update(change: (r: IdMappingRecipe) => IdMappingRecipe): void {
    if (!this.recipe) return;
    this.recipe = { ...change(this.recipe), updated: this.clock().toISOString() };
    this.#debounce.schedule();
  }

  settle(): Promise<void> {
    return this.#debounce.flush();
  }

  /** The tables in the current engine (opened again after a restart), shown as they are now. */
  async #ensure(): Promise<{ directory: TableInfo; hr: TableInfo | null }> {
    const t = this.#tables!;
    const directory = await t.directory.ensure();
    const hr = t.hr ? await t.hr.ensure() : null;
    if (directory !== this.directory) this.directory = directory;
    if (hr !== this.hr) this.hr = hr;
    return { directory, hr };
  }

  async run(): Promise<void> {
    const { recipe } = this;
    if (!recipe || !this.#tables) return;
    const seq = ++this.#seq;
    try {
      const { directory, hr } = await this.#ensure();
      const preview = await this.engine.runIdMapping(
        recipe,
        directory.id,
        hr?.id ?? null,
        this.today,
      );
      if (seq !== this.#seq) return;
      this.preview = preview;
      if (preview.rowCount > 0) await this.store.save(recipe);
    } catch (e) {
      if (seq === this.#seq) this.error = standardizeError(e);
    }
  }

  async download(): Promise<void> {
    await this.settle();
    const { recipe } = this;
    if (!recipe || !this.#tables) return;
    await saveFile(
      `${recipe.fileName}.csv`,
      async () => {
        const { directory, hr } = await this.#ensure();
        return this.engine.idMappingCsv(recipe, directory.id, hr?.id ?? null, this.today);
      },
      this.#showError,
    );
  }

  async downloadPart(part: MatchPart): Promise<void> {
    const { recipe } = this;
    if (!recipe || !this.#tables?.hr) return;
    await saveFile(
      `match-${part}.csv`,
      async () => {
        const { directory, hr } = await this.#ensure();
        return this.engine.matchReportCsv(recipe, directory.id, hr!.id, this.today, part);
      },
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
}
