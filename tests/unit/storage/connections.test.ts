import { describe, expect, it } from 'vitest';
import { DB_NAME, DB_VERSION, openXoDb } from '../../../src/storage/db';
import { ConnectionRepo, TabSecrets, type ConnectionInput } from '../../../src/storage/connections';
import { RecipeRepo } from '../../../src/storage/recipes';
import { IDBFactory } from '../../helpers/fake-idb';
import { makeSurveyRecipe } from '../../helpers/recipes';

const TOKEN = 'fakeqtoken-ada-0123456789abcdefABCDEF';
const input = (over: Partial<ConnectionInput> = {}): ConnectionInput => ({
  name: 'Fake brand',
  host: '127.0.0.1:8788',
  method: 'api-token',
  remember: true,
  ...over,
});

/** Version 2 of the schema exactly as it was released, with one recipe in it. */
async function makeVersion2(factory: IDBFactory, recipe: object): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const request = factory.open(DB_NAME, 2);
    request.onupgradeneeded = () => {
      const db = request.result;
      const recipes = db.createObjectStore('recipes', { keyPath: 'id' });
      recipes.createIndex('by-kind', 'kind');
      recipes.createIndex('by-updated', 'updated');
      db.createObjectStore('settings');
      const mappings = db.createObjectStore('sentimentMappings', { keyPath: 'key' });
      mappings.createIndex('by-updated', 'updated');
      recipes.put(recipe);
    };
    request.onsuccess = () => {
      request.result.close();
      resolve();
    };
    request.onerror = () => reject(request.error);
  });
}

/** Every value in every store of the database, as JSON text. */
async function dumpAll(factory: IDBFactory): Promise<string> {
  const db = await openXoDb(factory);
  const out: unknown[] = [];
  for (const name of db.objectStoreNames) out.push(await db.getAll(name));
  db.close();
  return JSON.stringify(out);
}

function repoOn(factory: IDBFactory) {
  let t = Date.UTC(2026, 11, 1);
  let n = 0;
  return new ConnectionRepo(() => openXoDb(factory), {
    now: () => new Date((t += 1000)),
    newId: () => `c${++n}`,
  });
}

describe('ConnectionRepo', () => {
  it('adds, lists newest first, edits, records status and deletes', async () => {
    const factory = new IDBFactory();
    const repo = repoOn(factory);
    const a = await repo.add(input({ name: ' A ', apiBase: '  ' }), TOKEN);
    expect(a).toMatchObject({
      id: 'c1',
      name: 'A',
      method: 'api-token',
      remember: true,
      secret: TOKEN,
    });
    expect(a).not.toHaveProperty('apiBase');
    expect(a.status).toEqual({ kind: 'unchecked' });
    const b = await repo.add(input({ name: 'B', apiBase: 'https://proxy.example.org/API/v3' }));
    expect((await repo.list()).map((c) => c.id)).toEqual(['c2', 'c1']);
    expect(b.apiBase).toBe('https://proxy.example.org/API/v3');
    const edited = await repo.update('c1', input({ name: 'A2' }));
    expect(edited.secret).toBe(TOKEN); // kept
    expect(edited.created).toBe(a.created);
    expect(edited.updated > a.updated).toBe(true);
    const status = { kind: 'active', at: 'x', userName: 'ada', brandId: 'fakebrand' } as const;
    expect((await repo.setStatus('c1', status)).status).toEqual(status);
    await repo.delete('c2');
    await repo.delete('nothing');
    expect((await repo.list()).map((c) => c.name)).toEqual(['A2']);
    await expect(repo.setStatus('c2', status)).rejects.toMatchObject({ name: 'NotFoundError' });
  });

  it('never stores a tab-only secret in IndexedDB, and Forget wipes a remembered one', async () => {
    const factory = new IDBFactory();
    const repo = repoOn(factory);
    const tabOnly = await repo.add(input({ remember: false }), 'tab-secret-123');
    expect(tabOnly).not.toHaveProperty('secret');
    const kept = await repo.add(input({ name: 'Kept' }), TOKEN);
    expect(await dumpAll(factory)).not.toContain('tab-secret-123');
    expect(await dumpAll(factory)).toContain(TOKEN);
    // Switching a remembered connection to "this tab only" drops the stored secret.
    await repo.update(kept.id, input({ name: 'Kept', remember: false }));
    expect(await dumpAll(factory)).not.toContain(TOKEN);
    await repo.update(kept.id, input({ name: 'Kept' }), TOKEN);
    expect(await dumpAll(factory)).toContain(TOKEN);
    const forgotten = await repo.forgetSecret(kept.id);
    expect(forgotten).not.toHaveProperty('secret');
    expect(forgotten.status).toEqual({ kind: 'unchecked' });
    expect(await dumpAll(factory)).not.toContain(TOKEN);
  });

  it('keeps OAuth tokens only for remembered connections, drops them when the client or host changes, and Forget wipes them', async () => {
    const factory = new IDBFactory();
    const repo = repoOn(factory);
    const oauth = {
      clientId: 'client-1',
      scopes: ['read:users', ' read:surveys '],
      exchange: 'secret' as const,
    };
    const tokens = {
      accessToken: 'access-abc-123',
      tokenType: 'Bearer',
      expiresAt: 1,
      refreshToken: 'refresh-xyz-789',
    };
    const tab = await repo.add(input({ method: 'oauth-code', oauth, remember: false }));
    expect(tab.oauth).toEqual({
      clientId: 'client-1',
      scopes: ['read:users', 'read:surveys'],
      exchange: 'secret',
    });
    expect(await repo.setTokens(tab.id, tokens)).not.toHaveProperty('tokens');
    expect(await dumpAll(factory)).not.toContain('access-abc-123');

    const kept = await repo.add(input({ name: 'Kept', method: 'oauth-code', oauth }), 'sec-456');
    expect((await repo.setTokens(kept.id, tokens)).tokens).toEqual(tokens);
    expect(await dumpAll(factory)).toContain('refresh-xyz-789');
    // Same settings: the tokens stay; another client id: they are dropped.
    await repo.update(kept.id, input({ name: 'Renamed', method: 'oauth-code', oauth }));
    expect(await dumpAll(factory)).toContain('refresh-xyz-789');
    const other = { ...oauth, clientId: 'client-2' };
    await repo.update(kept.id, input({ name: 'Renamed', method: 'oauth-code', oauth: other }));
    expect(await dumpAll(factory)).not.toContain('refresh-xyz-789');
    await repo.setTokens(kept.id, tokens);
    await repo.update(
      kept.id,
      input({ host: 'fra1.qualtrics.com', method: 'oauth-code', oauth: other }),
    );
    expect(await dumpAll(factory)).not.toContain('refresh-xyz-789');
    await repo.setTokens(kept.id, tokens);
    const forgotten = await repo.forgetSecret(kept.id);
    expect(forgotten).not.toHaveProperty('tokens');
    expect(forgotten).not.toHaveProperty('secret');
    const all = await dumpAll(factory);
    expect(all).not.toContain('access-abc-123');
    expect(all).not.toContain('sec-456');
    // An API-token connection keeps no OAuth settings.
    const plain = await repo.add(input({ oauth }), TOKEN);
    expect(plain).not.toHaveProperty('oauth');
  });

  it('keeps secrets out of the recipe export', async () => {
    const factory = new IDBFactory();
    await repoOn(factory).add(input(), TOKEN);
    const recipes = new RecipeRepo(() => openXoDb(factory));
    await recipes.save(makeSurveyRecipe({ name: 'R' }));
    const file = await recipes.exportJson();
    expect(file).toContain('"R"');
    expect(file).not.toContain(TOKEN);
  });

  it('upgrades a version-2 database to the current one without touching its recipes', async () => {
    expect(DB_VERSION).toBe(3);
    const factory = new IDBFactory();
    const recipe = { ...makeSurveyRecipe({ name: 'Kept' }), id: 'r1', updated: '2026-01-01' };
    await makeVersion2(factory, recipe);
    const repo = repoOn(factory);
    await repo.add(input(), TOKEN);
    expect(await repo.list()).toHaveLength(1);
    expect(await new RecipeRepo(() => openXoDb(factory)).list()).toEqual([recipe]);
  });
});

describe('TabSecrets', () => {
  it('keeps secrets in the given session storage under a prefixed key, else in memory', () => {
    const map = new Map<string, string>();
    const storage = {
      getItem: (k: string) => map.get(k) ?? null,
      setItem: (k: string, v: string) => void map.set(k, v),
      removeItem: (k: string) => void map.delete(k),
    };
    const s = new TabSecrets(storage);
    s.set('c1', 'abc');
    expect(s.get('c1')).toBe('abc');
    expect([...map.keys()]).toEqual(['xo-bridge.connection-secret.c1']);
    s.delete('c1');
    expect(s.get('c1')).toBeUndefined();
    const full = new TabSecrets({
      ...storage,
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      },
    });
    full.set('c2', 'xyz');
    expect(full.get('c2')).toBe('xyz');
    const none = new TabSecrets(undefined);
    none.set('c3', 'q');
    expect(none.get('c3')).toBe('q');
    none.delete('c3');
    expect(none.get('c3')).toBeUndefined();
  });
});
