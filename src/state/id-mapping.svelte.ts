import { randomId, systemClock } from '../services/clock';
import { idRecipeFits, newIdMappingRecipe } from '../lib/recipe/id-mapping';
import type { IdMappingRecipe } from '../lib/recipe/types';
import type { TableInfo } from '../lib/table/types';
import type { IdMappingEngine, IdMappingPreview, MatchPart } from '../services/engine-client';
import { standardizeError, type UiError } from '../services/report-error';
import { Debouncer, saveFile } from './flow-support';
import type { RecipeStore } from './recipes.svelte';

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

  constructor(
    private readonly engine: IdMappingEngine,
    private readonly store: RecipeStore,
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

  /** Chooses the tables; reuses the newest saved recipe that fits them, else suggests one. */
  async start(directory: TableInfo, hr: TableInfo | null): Promise<void> {
    this.error = null;
    this.directory = directory;
    this.hr = hr;
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

  async run(): Promise<void> {
    const { recipe, directory, hr } = this;
    if (!recipe || !directory) return;
    const seq = ++this.#seq;
    try {
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
    const { recipe, directory, hr } = this;
    if (!recipe || !directory) return;
    await saveFile(
      `${recipe.fileName}.csv`,
      () => this.engine.idMappingCsv(recipe, directory.id, hr?.id ?? null, this.today),
      this.#showError,
    );
  }

  async downloadPart(part: MatchPart): Promise<void> {
    const { recipe, directory, hr } = this;
    if (!recipe || !directory || !hr) return;
    await saveFile(
      `match-${part}.csv`,
      () => this.engine.matchReportCsv(recipe, directory.id, hr.id, this.today, part),
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
