import { unwrap, type IDBPDatabase } from 'idb';
import { describe, expect, it, vi } from 'vitest';
import { NotFoundError, ParseError } from '../../../src/lib/errors';
import { serializeRecipes } from '../../../src/lib/recipe/validate';
import type { SurveyToVivaRecipe } from '../../../src/lib/recipe/types';
import { responseFilterOf } from '../../../src/lib/qualtrics-format/status';
import {
  DB_NAME,
  DB_VERSION,
  openXoDb,
  type OpenXoDbOptions,
  type XoSchema,
} from '../../../src/storage/db';
import { StorageError, toStorageError } from '../../../src/storage/errors';
import { RecipeRepo } from '../../../src/storage/recipes';
import type { IDBDatabase } from '../../helpers/fake-idb';
import { forceCloseDatabase, IDBFactory } from '../../helpers/fake-idb';
import { makeIdMappingRecipe, makeSurveyRecipe } from '../../helpers/recipes';

type XoDb = IDBPDatabase<XoSchema>;

/** A repo on a fresh in-memory database, a clock one minute later per call and ids new-1, …. */
function makeRepo(factory = new IDBFactory(), open = () => openXoDb(factory)) {
  let time = Date.UTC(2025, 5, 1);
  let id = 0;
  const repo = new RecipeRepo(open, {
    now: () => new Date((time += 60_000)),
    newId: () => `new-${++id}`,
  });
  return { repo, factory };
}

/** A plain connection that, like an old tab, ignores `versionchange`. */
function openRaw(factory: IDBFactory, version: number): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = factory.open(DB_NAME, version);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** The database with every `put` failing as a full disk does. */
function withFullDisk(db: XoDb): XoDb {
  return new Proxy(db, {
    get(target, prop) {
      if (prop === 'put') {
        return () => {
          throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        };
      }
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('expected a rejection'),
    (e: unknown) => e,
  );
}

const withoutId = ({ id: _id, ...rest }: { id: string }) => rest;

describe('RecipeRepo', () => {
  it('saves, gets and lists recipes, most recently updated first', async () => {
    const { repo } = makeRepo();
    const survey = await repo.save(makeSurveyRecipe({ id: 's1', created: '' }));
    const mapping = await repo.save(makeIdMappingRecipe({ id: 'm1' }));
    expect(survey.created).toBe(survey.updated);
    expect(mapping.created).toBe('2025-01-02T03:04:05.000Z');
    expect(mapping.updated > survey.updated).toBe(true);
    expect(await repo.list()).toEqual([mapping, survey]);

    const again = await repo.save({ ...survey, name: 'Pulse v2' });
    expect(again.created).toBe(survey.created);
    expect((await repo.list()).map((r) => r.id)).toEqual(['s1', 'm1']);
    expect(await repo.list('id-mapping')).toEqual([mapping]);
    expect(await repo.list('survey-to-viva')).toEqual([again]);
    expect(await repo.get('s1')).toEqual(again);
    expect(await repo.get('nope')).toBeUndefined();
  });

  it('stores a copy: later changes to the saved object do not leak in', async () => {
    const { repo } = makeRepo();
    const recipe = makeSurveyRecipe();
    await repo.save(recipe);
    recipe.questions[0].min = 99;
    expect(await repo.get(recipe.id)).toMatchObject({ questions: [{ min: 1 }, { min: 1 }] });
  });

  it('gives a recipe without an id a new one', async () => {
    const { repo } = makeRepo();
    expect((await repo.save(makeSurveyRecipe({ id: '' }))).id).toBe('new-1');
  });

  it('renames one recipe and leaves the others alone', async () => {
    const { repo } = makeRepo();
    const a = await repo.save(makeSurveyRecipe({ id: 'a' }));
    const b = await repo.save(makeIdMappingRecipe({ id: 'b' }));
    const renamed = await repo.rename('a', 'Renamed');
    expect(renamed).toEqual({ ...a, name: 'Renamed', updated: renamed.updated });
    expect(renamed.updated > b.updated).toBe(true);
    expect(await repo.list()).toEqual([renamed, b]);
    await expect(repo.rename('gone', 'x')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('duplicates under a new id as "X (copy)", then "X (copy 2)"', async () => {
    const { repo } = makeRepo();
    const source = await repo.save(makeSurveyRecipe({ id: 'a', name: 'Pulse' }));
    const first = await repo.duplicate('a');
    const second = await repo.duplicate('a');
    const ofCopy = await repo.duplicate(first.id);
    expect([first.name, second.name, ofCopy.name]).toEqual([
      'Pulse (copy)',
      'Pulse (copy 2)',
      'Pulse (copy 3)',
    ]);
    expect([first.id, second.id, ofCopy.id]).toEqual(['new-1', 'new-2', 'new-3']);
    expect(first).toEqual({
      ...source,
      id: 'new-1',
      name: 'Pulse (copy)',
      created: first.updated,
      updated: first.updated,
    });
    expect(await repo.get('a')).toEqual(source);
    await expect(repo.duplicate('gone')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('deletes one recipe; deleting an unknown id is not an error', async () => {
    const { repo } = makeRepo();
    await repo.save(makeSurveyRecipe({ id: 'a' }));
    const b = await repo.save(makeSurveyRecipe({ id: 'b' }));
    await repo.delete('a');
    await repo.delete('gone');
    expect(await repo.list()).toEqual([b]);
  });

  it('exports and imports into another browser: equal recipes under new ids', async () => {
    const { repo: from } = makeRepo();
    const saved = [
      await from.save(makeSurveyRecipe({ id: 's' })),
      await from.save(makeIdMappingRecipe({ id: 'm' })),
    ];
    const text = await from.exportJson();
    expect(JSON.parse(text)).toMatchObject({ format: 'xo-bridge-recipes', formatVersion: 1 });

    const { repo: to } = makeRepo();
    const { imported, problems } = await to.importJson(text);
    expect(problems).toEqual([]);
    expect(imported.map((r) => r.id)).toEqual(['new-1', 'new-2']);
    expect(imported.map(withoutId)).toEqual(saved.reverse().map(withoutId));
    expect(await to.list()).toEqual([...imported].sort((a, b) => (a.updated < b.updated ? 1 : -1)));
  });

  it('keeps a recipe’s response choice, and loads one saved before it existed as it was', async () => {
    const { repo } = makeRepo();
    const old = await repo.save(makeSurveyRecipe({ id: 'old' }));
    const chosen = await repo.save(
      makeSurveyRecipe({ id: 'new', responses: { includeTests: true, keepUnfinished: false } }),
    );
    expect(await repo.get('new')).toEqual(chosen);
    expect(await repo.get('old')).toEqual(old);
    // The old one has no choice saved: it runs with the defaults (previews, tests, spam out).
    const loaded = (await repo.get('old')) as SurveyToVivaRecipe;
    expect(loaded.responses).toBeUndefined();
    expect(responseFilterOf(loaded.responses)).toEqual({
      includeTests: false,
      keepUnfinished: true,
    });
    // Through a recipe file into another browser, the choice goes along.
    const { repo: to } = makeRepo();
    const { imported } = await to.importJson(await repo.exportJson(['new']));
    expect((imported[0] as SurveyToVivaRecipe).responses).toEqual({
      includeTests: true,
      keepUnfinished: false,
    });
  });

  it('exports only the chosen recipes, in the order asked', async () => {
    const { repo } = makeRepo();
    const a = await repo.save(makeSurveyRecipe({ id: 'a' }));
    await repo.save(makeSurveyRecipe({ id: 'b' }));
    const c = await repo.save(makeSurveyRecipe({ id: 'c' }));
    const file = JSON.parse(await repo.exportJson(['a', 'gone', 'c']));
    expect(file.recipes).toEqual([a, c]);
  });

  it('never overwrites on import and marks taken names " (imported)"', async () => {
    const { repo } = makeRepo();
    const original = await repo.save(makeSurveyRecipe({ id: 'a', name: 'Pulse' }));
    const text = await repo.exportJson();
    const first = await repo.importJson(text);
    const second = await repo.importJson(text);
    expect(first.imported[0].name).toBe('Pulse (imported)');
    expect(second.imported[0].name).toBe('Pulse (imported 2)');
    expect(await repo.get('a')).toEqual(original);
    expect(await repo.list()).toHaveLength(3);
  });

  it('imports the one good entry of a file and reports the two bad ones', async () => {
    const { repo } = makeRepo();
    const good = makeIdMappingRecipe({ name: 'Good' });
    const bad1 = { ...makeSurveyRecipe({ name: 'Bad one' }), questions: 'none' };
    const bad2 = { ...makeSurveyRecipe({ name: 'Future' }), version: 7 };
    const text = serializeRecipes([bad1, good, bad2] as never, '2025-01-01T00:00:00.000Z');
    const { imported, problems } = await repo.importJson(text);
    expect(imported).toEqual([{ ...good, id: 'new-1' }]);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^Recipe 1 \("Bad one"\) was skipped: .*"questions"/);
    expect(problems[1]).toMatch(/^Recipe 3 \("Future"\) was skipped: .*newer version of XO Bridge/);
    expect(await repo.list()).toEqual(imported);
  });

  it('rejects a garbage file with a ParseError and saves nothing', async () => {
    const { repo } = makeRepo();
    await expect(repo.importJson('not json {')).rejects.toBeInstanceOf(ParseError);
    expect(await repo.list()).toEqual([]);
  });

  it('imports all or nothing: a failing write leaves existing recipes as they were', async () => {
    const factory = new IDBFactory();
    const { repo } = makeRepo(factory);
    const existing = await repo.save(makeSurveyRecipe({ id: 'taken' }));
    const ids = ['fresh', 'taken'];
    const clashing = new RecipeRepo(() => openXoDb(factory), { newId: () => ids.shift()! });
    const text = serializeRecipes([makeIdMappingRecipe(), makeIdMappingRecipe()], 'now');
    const error = await rejection(clashing.importJson(text));
    expect(error).toBeInstanceOf(StorageError);
    expect(await repo.list()).toEqual([existing]);
  });

  it('reports a full disk as quota, and the recipes saved before are intact', async () => {
    const factory = new IDBFactory();
    const { repo } = makeRepo(factory);
    const saved = [
      await repo.save(makeSurveyRecipe({ id: 'a' })),
      await repo.save(makeIdMappingRecipe({ id: 'b' })),
    ];
    const { repo: full } = makeRepo(factory, async () => withFullDisk(await openXoDb(factory)));
    const error = await rejection(full.save(makeSurveyRecipe({ id: 'a', name: 'Changed' })));
    expect(error).toBeInstanceOf(StorageError);
    expect(error).toMatchObject({ name: 'StorageError', reason: 'quota' });
    expect((error as Error).message).toMatch(/storage for this site is full/);
    expect((error as Error).message).toMatch(/other saved recipes are untouched/);
    expect(await full.list()).toEqual([saved[1], saved[0]]);
    expect(await repo.list()).toEqual([saved[1], saved[0]]);
  });

  it('opens lazily, once, and retries an open that failed', async () => {
    const factory = new IDBFactory();
    const open = vi
      .fn<() => Promise<XoDb>>()
      .mockRejectedValueOnce(new DOMException('no disk', 'UnknownError'))
      .mockImplementation(() => openXoDb(factory));
    const { repo } = makeRepo(factory, open);
    expect(open).not.toHaveBeenCalled();
    await expect(repo.list()).rejects.toMatchObject({ reason: 'unavailable' });
    expect(await repo.list()).toEqual([]);
    await repo.save(makeSurveyRecipe());
    expect(open).toHaveBeenCalledTimes(2);
  });
});

describe('openXoDb', () => {
  it('creates the recipes, settings, sentiment-mapping and connection stores with their indexes', async () => {
    const db = await openXoDb(new IDBFactory());
    expect(db.version).toBe(3);
    expect([...db.objectStoreNames]).toEqual([
      'connections',
      'recipes',
      'sentimentMappings',
      'settings',
    ]);
    expect([...db.transaction('connections').store.indexNames]).toEqual(['by-updated']);
    const recipes = db.transaction('recipes').store;
    expect(recipes.keyPath).toBe('id');
    expect([...recipes.indexNames]).toEqual(['by-kind', 'by-updated']);
    await db.put('settings', { theme: 'dark' }, 'ui');
    expect(await db.get('settings', 'ui')).toEqual({ theme: 'dark' });
    db.close();
  });

  it('says storage is unavailable when the browser has no IndexedDB', async () => {
    const error = await rejection(openXoDb());
    expect(error).toMatchObject({ name: 'StorageError', reason: 'unavailable' });
    expect((error as Error).message).toMatch(/private browsing/);
  });

  it('is blocked by an old tab that keeps its connection, and tells the user to close it', async () => {
    const factory = new IDBFactory();
    const oldTab = await openRaw(factory, DB_VERSION);
    const error = await rejection(openXoDb(factory, { version: DB_VERSION + 1 }));
    expect(error).toMatchObject({ name: 'StorageError', reason: 'blocked' });
    expect((error as Error).message).toMatch(/Close the other XO Bridge tabs/);
    // Once the old tab lets go, the late connection is closed at once and blocks nobody.
    oldTab.close();
    const later = await openXoDb(factory, { version: DB_VERSION + 2 });
    expect(later.version).toBe(DB_VERSION + 2);
    later.close();
  });

  it('lets go of its connection for a newer tab; the next call reports the newer version', async () => {
    const factory = new IDBFactory();
    const onClose = vi.fn<NonNullable<OpenXoDbOptions['onClose']>>();
    const { repo } = makeRepo(factory, () => openXoDb(factory, { onClose }));
    await repo.save(makeSurveyRecipe());
    const newTab = await openRaw(factory, DB_VERSION + 1);
    expect(onClose).toHaveBeenCalledWith('blocking');
    const error = await rejection(repo.list());
    expect(error).toMatchObject({ name: 'StorageError', reason: 'version' });
    expect((error as Error).message).toMatch(/Reload this page/);
    newTab.close();
  });

  it('reconnects after the browser terminated the connection', async () => {
    const factory = new IDBFactory();
    const onClose = vi.fn<NonNullable<OpenXoDbOptions['onClose']>>();
    let db: XoDb | undefined;
    const open = async () => (db = await openXoDb(factory, { onClose }));
    const { repo } = makeRepo(factory, open);
    const saved = await repo.save(makeSurveyRecipe());
    forceCloseDatabase(unwrap(db!) as never);
    expect(onClose).toHaveBeenCalledWith('terminated');
    expect(await repo.list()).toEqual([saved]);
  });
});

describe('toStorageError', () => {
  it.each([
    ['QuotaExceededError', 'quota'],
    ['InvalidStateError', 'unavailable'],
    ['SecurityError', 'unavailable'],
    ['UnknownError', 'unavailable'],
    ['VersionError', 'version'],
    ['ConstraintError', 'unknown'],
  ])('maps a DOMException %s to reason %s', (name, reason) => {
    const error = toStorageError(new DOMException('x', name), 'save the recipe');
    expect(error).toMatchObject({ name: 'StorageError', reason });
    expect(error.message).toMatch(/^Could not save the recipe: /);
    expect(error.cause).toBeInstanceOf(DOMException);
  });

  it('passes a StorageError through unchanged', () => {
    const error = new StorageError('already plain', 'blocked');
    expect(toStorageError(error, 'save')).toBe(error);
  });
});
