import { systemClock } from '../services/clock';
import type { Recipe, RecipeKind } from '../lib/recipe/types';
import { downloadBytes } from '../services/download';
import { standardizeError, type UiError } from '../services/report-error';

/** What the state needs from the recipe repository (src/storage/recipes.ts); tests pass a fake. */
export interface RecipeRepoLike {
  list(kind?: RecipeKind): Promise<Recipe[]>;
  save(recipe: Recipe): Promise<Recipe>;
  rename(id: string, name: string): Promise<Recipe>;
  duplicate(id: string): Promise<Recipe>;
  delete(id: string): Promise<void>;
  exportJson(ids?: string[]): Promise<string>;
  importJson(text: string): Promise<{ imported: Recipe[]; problems: string[] }>;
}

/**
 * Saved recipes. Storage failures (quota, private mode, a blocked upgrade) are shown as
 * `error` and never thrown into the flows: the work on screen goes on, other recipes are untouched.
 */
export class RecipeStore {
  recipes = $state.raw<Recipe[]>([]);
  error = $state.raw<UiError | null>(null);
  /** A short confirmation ("Imported 2 recipes"). */
  notice = $state<string | null>(null);
  /** Problems of the last import (entries skipped). */
  importProblems = $state.raw<string[]>([]);
  /** When the recipe on screen was last saved. */
  savedAt = $state<string | null>(null);

  constructor(
    private readonly repo: RecipeRepoLike,
    private readonly clock: () => Date = systemClock,
  ) {}

  async #try<T>(action: () => Promise<T>): Promise<T | undefined> {
    try {
      const out = await action();
      this.error = null;
      return out;
    } catch (e) {
      this.error = standardizeError(e);
      return undefined;
    }
  }

  async refresh(): Promise<void> {
    const list = await this.#try(() => this.repo.list());
    if (list) this.recipes = list;
  }

  /** Saved recipes of one kind, newest first ([] when storage is unavailable). */
  async listOf(kind: RecipeKind): Promise<Recipe[]> {
    const list = await this.#try(() => this.repo.list(kind));
    return list ?? [];
  }

  async save(recipe: Recipe): Promise<void> {
    const saved = await this.#try(() => this.repo.save(recipe));
    if (!saved) return;
    this.savedAt = this.clock().toISOString();
    const rest = this.recipes.filter((r) => r.id !== saved.id);
    this.recipes = [saved, ...rest];
  }

  async rename(id: string, name: string): Promise<void> {
    if (!name.trim()) return;
    const r = await this.#try(() => this.repo.rename(id, name.trim()));
    if (r) this.recipes = this.recipes.map((x) => (x.id === id ? r : x));
  }

  async duplicate(id: string): Promise<Recipe | undefined> {
    const r = await this.#try(() => this.repo.duplicate(id));
    if (r) this.recipes = [r, ...this.recipes];
    return r;
  }

  async remove(id: string): Promise<void> {
    const ok = await this.#try(async () => {
      await this.repo.delete(id);
      return true;
    });
    if (ok) this.recipes = this.recipes.filter((r) => r.id !== id);
  }

  /** Downloads recipes (all, or the given ids) as a JSON file. */
  async exportFile(ids?: string[]): Promise<void> {
    const text = await this.#try(() => this.repo.exportJson(ids));
    if (text === undefined) return;
    const day = this.clock().toISOString().slice(0, 10);
    downloadBytes(`xo-bridge-recipes-${day}.json`, text, 'application/json');
  }

  async importFile(file: File): Promise<void> {
    this.notice = null;
    this.importProblems = [];
    const text = await this.#try(() => file.text());
    if (text === undefined) return;
    const res = await this.#try(() => this.repo.importJson(text));
    if (!res) return;
    this.importProblems = res.problems;
    const n = res.imported.length;
    this.notice = `Imported ${n} recipe${n === 1 ? '' : 's'}${res.problems.length ? `; ${res.problems.length} skipped` : ''}.`;
    await this.refresh();
  }

  dismiss(): void {
    this.error = null;
    this.notice = null;
  }
}
