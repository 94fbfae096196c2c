// The Connections state against the real fake Qualtrics server (Node's fetch, no CORS) and the
// real repository on a fake IndexedDB: add, status, Test connection, tab-only secrets, Forget.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConnectionsStore } from '../../src/state/connections.svelte';
import { openXoDb } from '../../src/storage/db';
import { ConnectionRepo, TabSecrets, type ConnectionInput } from '../../src/storage/connections';
import type { FetchLike } from '../../src/lib/qualtrics';
import { IDBFactory } from '../helpers/fake-idb';
import { startFake, type FakeQualtrics } from '../helpers/fake-qualtrics';

const ADA = 'fakeqtoken-ada-0123456789abcdefABCDEF';
let fake: FakeQualtrics;

beforeAll(async () => {
  fake = await startFake();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const nodeFetch: FetchLike = (url, init) => fetch(url, init as RequestInit);

function sessionFake() {
  const map = new Map<string, string>();
  return {
    map,
    storage: {
      getItem: (k: string) => map.get(k) ?? null,
      setItem: (k: string, v: string) => void map.set(k, v),
      removeItem: (k: string) => void map.delete(k),
    },
  };
}

function setup(fetchFn: FetchLike = nodeFetch, factory = new IDBFactory()) {
  const session = sessionFake();
  const repo = new ConnectionRepo(() => openXoDb(factory));
  const store = new ConnectionsStore(
    repo,
    new TabSecrets(session.storage),
    fetchFn,
    () => new Date('2026-12-06T08:00:00Z'),
  );
  return { store, repo, session, factory };
}

const input = (over: Partial<ConnectionInput> = {}): ConnectionInput => ({
  name: 'Fake brand',
  host: fake.url,
  method: 'api-token',
  remember: true,
  ...over,
});

describe('ConnectionsStore', () => {
  it('adds a remembered API-token connection and shows it Active with the user', async () => {
    const { store, repo } = setup();
    const c = await store.add(input(), ADA);
    expect(store.error).toBeNull();
    expect(c?.status).toMatchObject({
      kind: 'active',
      name: 'Ada Analyst',
      brandId: expect.any(String),
    });
    expect((await repo.list())[0]).toMatchObject({ secret: ADA, status: { kind: 'active' } });
    // A new page (same device) finds it with its secret.
    const again = new ConnectionsStore(repo, new TabSecrets(sessionFake().storage), nodeFetch);
    await again.refresh();
    expect(again.hasSecret(again.items[0])).toBe(true);
  });

  it('keeps a tab-only token in session storage, never in IndexedDB, and loses it in a new tab', async () => {
    const { store, repo, session } = setup();
    const c = await store.add(input({ remember: false }), ADA);
    expect(c?.status.kind).toBe('active');
    expect([...session.map.values()]).toEqual([ADA]);
    expect(JSON.stringify(await repo.list())).not.toContain(ADA);
    const newTab = new ConnectionsStore(repo, new TabSecrets(sessionFake().storage), nodeFetch);
    await newTab.refresh();
    expect(newTab.hasSecret(newTab.items[0])).toBe(false);
    expect(await newTab.check(newTab.items[0].id)).toBeUndefined();
    expect(newTab.error?.message).toMatch(/has no API token/);
  });

  it('Test connection reports each capability', async () => {
    const { store } = setup();
    const c = (await store.add(input(), ADA))!;
    const results = (await store.test(c.id))!;
    expect(results.map((r) => [r.id, r.outcome])).toEqual([
      ['whoami', 'works'],
      ['surveys', 'works'],
      ['export', 'works'],
      ['directories', 'works'],
      ['mailing-lists', 'works'],
      ['distributions', 'works'],
      ['token-endpoint', 'skipped'],
    ]);
    // The export was started (not waited for) for the first survey, with one response.
    expect(results[2].detail).toMatch(/Started export ES_\w+ of survey SV_\w+ \(one response/);
    expect(results[6].detail).toMatch(/API-token connections do not use the token endpoint/);
    expect(store.tests[c.id]).toEqual(results);
    expect(store.isBusy(c.id)).toBe(false);
  });

  it('shows Needs reauthorization for a revoked token and Error for a failing call', async () => {
    const { store } = setup();
    const c = (await store.add(input(), ADA))!;
    await fetch(`${fake.url}/__control/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'revoke', token: ADA }),
    });
    const status = await store.check(c.id);
    expect(status).toMatchObject({ kind: 'needs-reauthorization' });
    expect(status && 'message' in status ? status.message : '').toMatch(/new API token/);
    // A 403 is an Error with Qualtrics' words and what to do.
    const forbidden: FetchLike = () =>
      Promise.resolve(
        new Response(
          JSON.stringify({
            meta: { httpStatus: '403 - Forbidden', error: { errorMessage: 'Not allowed.' } },
          }),
          { status: 403, headers: { 'content-type': 'application/json' } },
        ),
      );
    const other = setup(forbidden);
    const d = (await other.store.add(input(), ADA))!;
    expect(d.status).toMatchObject({ kind: 'error' });
    expect(d.status.kind === 'error' && d.status.message).toMatch(/Not allowed\..*administrator/);
  });

  it('tells a request the browser blocked apart from an HTTP error, and never shows the token', async () => {
    const blocked: FetchLike = () => Promise.reject(new TypeError('Failed to fetch'));
    const { store } = setup(blocked);
    const c = (await store.add(input({ remember: false }), ADA))!;
    expect(c.status).toMatchObject({ kind: 'blocked' });
    expect(c.status.kind === 'blocked' && c.status.message).toMatch(/CORS/);
    const results = (await store.test(c.id))!;
    expect(results.map((r) => r.outcome)).toEqual([
      'failed',
      'failed',
      'skipped',
      'failed',
      'skipped',
      'skipped',
      'skipped',
    ]);
    expect(JSON.stringify([store.items, store.tests])).not.toContain(ADA);
  });

  it('refuses a bad host, a missing token and a plain-http remote host', async () => {
    const { store } = setup();
    expect(await store.add(input({ host: '' }), ADA)).toBeNull();
    expect(store.error?.message).toMatch(/Enter the Qualtrics host/);
    expect(await store.add(input(), '  ')).toBeNull();
    expect(store.error?.message).toMatch(/Enter the API token/);
    expect(await store.add(input({ host: 'http://example.org' }), ADA)).toBeNull();
    expect(store.error?.message).toMatch(/https/);
    expect(store.items).toEqual([]);
  });

  it('Forget wipes the token everywhere; edit sets a new one; Delete removes the connection', async () => {
    const { store, repo, session } = setup();
    const kept = (await store.add(input({ name: 'Kept' }), ADA))!;
    const tab = (await store.add(input({ name: 'Tab', remember: false }), ADA))!;
    await store.forget(kept.id);
    await store.forget(tab.id);
    expect(session.map.size).toBe(0);
    expect(JSON.stringify(await repo.list())).not.toContain(ADA);
    expect(store.items.every((c) => !store.hasSecret(c))).toBe(true);
    expect(store.items.every((c) => c.status.kind === 'unchecked')).toBe(true);
    expect(await store.edit(kept.id, input({ name: 'Kept again' }), ADA)).toBe(true);
    const edited = store.items.find((c) => c.id === kept.id)!;
    expect(edited).toMatchObject({ name: 'Kept again', status: { kind: 'active' } });
    await store.remove(tab.id);
    expect(store.items.map((c) => c.name)).toEqual(['Kept again']);
    expect((await repo.list()).map((c) => c.name)).toEqual(['Kept again']);
  });
});
