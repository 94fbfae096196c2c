// Saved recipes: domain verbs over the `recipes` store. Callers never see idb types. Each method
// writes at most the records it names, in its own transaction, so a failed write leaves every
// other recipe as it was.
import { NotFoundError } from '../lib/errors';
import type { Recipe, RecipeKind } from '../lib/recipe/types';
import { parseRecipeFile, serializeRecipes } from '../lib/recipe/validate';
import { DbConnection, type XoDb } from './connection';
import { Store } from './db';

/** Collaborators of RecipeRepo, injectable for tests. */
export interface RecipeRepoOptions {
  /** Clock for `created`, `updated` and `exportedAt` (default: the current time). */
  now?: () => Date;
  /** Id of a new recipe (default: `crypto.randomUUID()`). */
  newId?: () => string;
}

/** Result of `importJson`: the recipes as saved (new ids) and one problem per skipped entry. */
export interface RecipeImportResult {
  imported: Recipe[];
  problems: string[];
}

/**
 * The saved recipes. Storage failures reject with StorageError (plain-language message);
 * an unknown id rejects with NotFoundError; an unreadable import file with ParseError.
 */
export class RecipeRepo {
  readonly #db: DbConnection;
  readonly #now: () => Date;
  readonly #newId: () => string;

  /** @param open Opens the database (e.g. `() => openXoDb()`); called lazily, result cached. */
  constructor(open: () => Promise<XoDb>, options: RecipeRepoOptions = {}) {
    this.#db = new DbConnection(open);
    this.#now = options.now ?? (() => new Date());
    this.#newId = options.newId ?? (() => crypto.randomUUID());
  }

  /** All recipes (or those of `kind`), most recently updated first. */
  list(kind?: RecipeKind): Promise<Recipe[]> {
    return this.#run('load the saved recipes', async (db) => {
      if (!kind) return (await db.getAllFromIndex(Store.recipes, 'by-updated')).reverse();
      return (await db.getAllFromIndex(Store.recipes, 'by-kind', kind)).sort(newestFirst);
    });
  }

  /** The recipe with `id`, or undefined. */
  get(id: string): Promise<Recipe | undefined> {
    return this.#run('load the recipe', (db) => db.get(Store.recipes, id));
  }

  /**
   * Saves one recipe (insert or replace by id) and returns it as stored: `updated` is now,
   * `created` is set when missing, and a missing id gets a new one.
   */
  save(recipe: Recipe): Promise<Recipe> {
    return this.#run('save the recipe', async (db) => {
      const now = this.#stamp();
      const stored: Recipe = { ...plainCopy(recipe), updated: now };
      if (!stored.created) stored.created = now;
      if (!stored.id) stored.id = this.#newId();
      await db.put(Store.recipes, stored);
      return stored;
    });
  }

  /** Renames one recipe and returns it as stored. */
  rename(id: string, name: string): Promise<Recipe> {
    return this.#run('rename the recipe', async (db) => {
      const tx = db.transaction(Store.recipes, 'readwrite');
      const found = await tx.store.get(id);
      if (!found) throw notFound();
      const renamed: Recipe = { ...found, name, updated: this.#stamp() };
      await Promise.all([tx.store.put(renamed), tx.done]);
      return renamed;
    });
  }

  /** Saves a copy under a new id, named "X (copy)" ("X (copy 2)", … when taken). */
  duplicate(id: string): Promise<Recipe> {
    return this.#run('duplicate the recipe', async (db) => {
      const tx = db.transaction(Store.recipes, 'readwrite');
      const all = await tx.store.getAll();
      const source = all.find((r) => r.id === id);
      if (!source) throw notFound();
      const base = source.name.replace(/ \(copy(?: \d+)?\)$/, '');
      const name = uniqueName(base, 'copy', new Set(all.map((r) => r.name)));
      const now = this.#stamp();
      const copy: Recipe = { ...source, id: this.#newId(), name, created: now, updated: now };
      await Promise.all([tx.store.add(copy), tx.done]);
      return copy;
    });
  }

  /** Deletes one recipe; an unknown id is not an error. */
  delete(id: string): Promise<void> {
    return this.#run('delete the recipe', (db) => db.delete(Store.recipes, id));
  }

  /** A recipe file (see serializeRecipes) of the recipes with `ids`, or of all recipes. */
  exportJson(ids?: string[]): Promise<string> {
    return this.#run('export the recipes', async (db) => {
      const all = (await db.getAllFromIndex(Store.recipes, 'by-updated')).reverse();
      const byId = new Map(all.map((r) => [r.id, r]));
      const chosen = ids ? ids.flatMap((id) => byId.get(id) ?? []) : all;
      return serializeRecipes(chosen, this.#stamp());
    });
  }

  /**
   * Adds the valid recipes of a file, all in one transaction. Each gets a new id (an existing
   * recipe is never overwritten) and " (imported)" after its name when the name is taken.
   * @throws ParseError when the file is not a recipe file at all.
   */
  async importJson(text: string): Promise<RecipeImportResult> {
    const { recipes, problems } = parseRecipeFile(text);
    if (recipes.length === 0) return { imported: [], problems };
    return this.#run('import the recipes', async (db) => {
      const tx = db.transaction(Store.recipes, 'readwrite');
      const taken = new Set((await tx.store.getAll()).map((r) => r.name));
      const imported = recipes.map((recipe): Recipe => {
        const name = taken.has(recipe.name)
          ? uniqueName(recipe.name, 'imported', taken)
          : recipe.name;
        taken.add(name);
        return { ...recipe, id: this.#newId(), name };
      });
      // `add`, not `put`: an id clash aborts the whole import instead of replacing a recipe.
      await Promise.all([...imported.map((r) => tx.store.add(r)), tx.done]);
      return { imported, problems };
    });
  }

  #stamp(): string {
    return this.#now().toISOString();
  }

  #run<T>(action: string, work: (db: XoDb) => Promise<T>): Promise<T> {
    return this.#db.run(action, work);
  }
}

function notFound(): NotFoundError {
  return new NotFoundError(
    'This recipe no longer exists; it may have been deleted in another tab.',
  );
}

function newestFirst(a: Recipe, b: Recipe): number {
  // Same order as reading the `by-updated` index backwards: updated, then id, both descending.
  if (a.updated !== b.updated) return a.updated < b.updated ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/** `base (suffix)`, else `base (suffix 2)`, `base (suffix 3)`, …: the first not in `taken`. */
function uniqueName(base: string, suffix: string, taken: ReadonlySet<string>): string {
  let name = `${base} (${suffix})`;
  for (let n = 2; taken.has(name); n++) name = `${base} (${suffix} ${n})`;
  return name;
}

/** Recipes are plain JSON: copying through JSON keeps reactive proxies out of IndexedDB. */
function plainCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
