// The OAuth methods of the Connections state against the real fake Qualtrics server (Node's
// fetch) and the real repository on a fake IndexedDB: authorization code + PKCE through the
// fake's Approve page in each exchange mode, the redirect (URL cleaned at once; forged, missing,
// reused and stale state refused), tokens kept only where the secrets are, renewal, Needs
// reauthorization → Reauthorize, client credentials, Forget, the probes and the host switch.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { webcrypto } from 'node:crypto';
import {
  ConnectionsStore,
  redirectUriOf,
  type OAuthPlatform,
} from '../../src/state/connections.svelte';
import { openXoDb } from '../../src/storage/db';
import { ConnectionRepo, TabSecrets, type ConnectionInput } from '../../src/storage/connections';
import type { FetchLike } from '../../src/lib/qualtrics';
import { IDBFactory } from '../helpers/fake-idb';
import { startFake, type FakeQualtrics } from '../helpers/fake-qualtrics';

const AUTH_ID = 'b7a1c4e9d2f3405a8e6b1c0d9f8e7a6b';
const AUTH_SECRET = 'fake-auth-code-secret-Zq8Lm3Vx';
const CC_ID = 'c2d4e6f8a0b1c3d5e7f9a1b3c5d7e9f0';
const CC_SECRET = 'fake-client-credentials-secret-Hw5Tn1';
const APP = 'http://127.0.0.1:4391/sub/path/';

let fake: FakeQualtrics;

beforeAll(async () => {
  fake = await startFake();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

/** Every request the app sent (URL and body), to prove no secret goes into a URL. */
const sent: { url: string; body: string }[] = [];
const nodeFetch: FetchLike = (url, init) => {
  sent.push({ url, body: typeof init?.body === 'string' ? init.body : '' });
  return fetch(url, init as RequestInit);
};

function mapStorage() {
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

/** A tab: session storage, an address bar, and a record of where the page was sent. */
interface Tab {
  session: ReturnType<typeof mapStorage>;
  url: string;
  replaced: string[];
  navigatedTo: string | null;
  platform: OAuthPlatform;
}

function tab(start = APP): Tab {
  const session = mapStorage();
  const t: Tab = {
    session,
    url: start,
    replaced: [],
    navigatedTo: null,
    platform: {
      session: session.storage,
      randomBytes: (into: Uint8Array) => webcrypto.getRandomValues(into),
      sha256: (d: Uint8Array) => webcrypto.subtle.digest('SHA-256', new Uint8Array(d)),
      currentUrl: () => t.url,
      replaceUrl: (u: string) => {
        t.replaced.push(u);
        t.url = u;
      },
      navigate: (u: string) => {
        t.navigatedTo = u;
      },
    },
  };
  return t;
}

let clock = Date.parse('2026-12-06T08:00:00Z');
function setup(fetchFn: FetchLike = nodeFetch) {
  const factory = new IDBFactory();
  const t = tab();
  const repo = new ConnectionRepo(() => openXoDb(factory));
  const store = new ConnectionsStore(
    repo,
    new TabSecrets(t.session.storage),
    fetchFn,
    () => new Date(clock),
    t.platform,
  );
  return { store, repo, t, factory };
}

/** Plays the user on the fake's consent page: open it, press Approve (or Deny), return the redirect. */
async function consent(authorizeUrl: string, decision: 'approve' | 'deny' = 'approve') {
  const page = await fetch(authorizeUrl);
  const html = await page.text();
  expect(page.status, html).toBe(200);
  const request = /name="request" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const res = await fetch(`${fake.url}/oauth2/auth/decision`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ request, decision, userId: 'UR_8wfG5qsMxuh0Jrn' }).toString(),
    redirect: 'manual',
  });
  return res.headers.get('location') ?? '';
}

const codeInput = (over: Partial<ConnectionInput> = {}, exchange = 'public'): ConnectionInput => ({
  name: 'OAuth brand',
  host: fake.url,
  method: 'oauth-code',
  oauth: {
    clientId: AUTH_ID,
    scopes: ['read:users', 'read:surveys', 'read:survey_responses'],
    exchange: exchange as 'public',
    ...(exchange === 'org-url'
      ? { orgTokenUrl: `${fake.url}/org/oauth2/token`, orgBody: 'json' as const }
      : {}),
  },
  remember: false,
  ...over,
});

async function dbRecords(factory: IDBFactory): Promise<string> {
  const db = await openXoDb(factory);
  const all = await db.getAll('connections');
  db.close();
  return JSON.stringify(all);
}

/** Adds an authorization-code connection and completes the sign-in; returns the redirect URL. */
async function connect(s: ReturnType<typeof setup>, input: ConnectionInput, secret = '') {
  const c = await s.store.add(input, secret);
  expect(s.store.error).toBeNull();
  expect(c).not.toBeNull();
  const to = new URL(s.t.navigatedTo!);
  const back = await consent(to.toString());
  s.t.url = back;
  expect(await s.store.finishRedirect()).toBe(true);
  return { c: s.store.items.find((x) => x.id === c!.id)!, to, back };
}

describe('authorization code + PKCE', () => {
  it('public mode: sends S256 challenge and state, exchanges without a secret, cleans the URL, Active; tokens stay in the tab', async () => {
    fake.setSwitches({ clientSecret: 'optional' });
    const s = setup();
    const { c, to, back } = await connect(s, codeInput());
    expect(to.pathname).toBe('/oauth2/auth');
    expect(to.searchParams.get('code_challenge_method')).toBe('S256');
    expect(to.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(to.searchParams.get('redirect_uri')).toBe(APP);
    expect(to.searchParams.get('scope')).toBe('read:users read:surveys read:survey_responses');
    expect(to.searchParams.get('client_secret')).toBeNull();
    // Code and state left the address at once.
    expect(new URL(back).searchParams.get('code')).toBeTruthy();
    expect(s.t.replaced).toEqual([APP]);
    expect(c.status).toMatchObject({ kind: 'active', name: 'Ada Analyst' });
    // Tab-only: the tokens live in session storage, never in IndexedDB.
    const tokens = s.store.tokensOf(c)!;
    expect(tokens.accessToken).toBeTruthy();
    expect(tokens.refreshToken).toBeTruthy();
    const records = await dbRecords(s.factory);
    expect(records).not.toContain(tokens.accessToken);
    expect(records).not.toContain(tokens.refreshToken);
    expect(records).not.toContain('accessToken');
    // The verifier and state were removed after use.
    expect(s.t.session.map.get('xo-bridge.oauth.pending')).toBeUndefined();
    // No token or code ever travelled in a URL.
    expect(sent.some((r) => r.url.includes(tokens.accessToken))).toBe(false);
  });

  it('secret mode: a remembered connection keeps secret and tokens in IndexedDB; Forget wipes every secret', async () => {
    const s = setup();
    const { c } = await connect(s, codeInput({ remember: true }, 'secret'), AUTH_SECRET);
    expect(c.status).toMatchObject({ kind: 'active' });
    const tokens = s.store.tokensOf(c)!;
    let records = await dbRecords(s.factory);
    expect(records).toContain(AUTH_SECRET);
    expect(records).toContain(tokens.refreshToken!);
    expect(JSON.stringify(s.store.items.map((x) => x.status))).not.toContain(AUTH_SECRET);
    await s.store.forget(c.id);
    records = await dbRecords(s.factory);
    expect(records).not.toContain(AUTH_SECRET);
    expect(records).not.toContain(tokens.accessToken);
    expect(records).not.toContain(tokens.refreshToken!);
    expect([...s.t.session.map.keys()].filter((k) => k.startsWith('xo-bridge.connection'))).toEqual(
      [],
    );
    expect(s.store.hasSecret(s.store.items[0])).toBe(false);
  });

  it('a tab-only secret-mode connection keeps the secret and tokens out of IndexedDB; Forget wipes the tab', async () => {
    const s = setup();
    const { c } = await connect(s, codeInput({}, 'secret'), AUTH_SECRET);
    expect(c.status).toMatchObject({ kind: 'active' });
    const records = await dbRecords(s.factory);
    expect(records).not.toContain(AUTH_SECRET);
    expect(records).not.toContain(s.store.tokensOf(c)!.accessToken);
    await s.store.forget(c.id);
    expect([...s.t.session.map.keys()].filter((k) => k.startsWith('xo-bridge.connection'))).toEqual(
      [],
    );
  });

  it('organisation token URL mode works with JSON even when /oauth2/token has no CORS', async () => {
    fake.setSwitches({ cors: 'no-token-cors' });
    const s = setup();
    const { c } = await connect(s, codeInput({}, 'org-url'));
    expect(c.status).toMatchObject({ kind: 'active' });
    const exchange = sent.filter((r) => r.url.endsWith('/org/oauth2/token')).at(-1)!;
    expect(JSON.parse(exchange.body)).toMatchObject({
      grant_type: 'authorization_code',
      client_id: AUTH_ID,
      redirect_uri: APP,
    });
    const results = (await s.store.test(c.id))!;
    expect(results.find((r) => r.id === 'token-endpoint')).toMatchObject({
      outcome: 'works',
      detail: expect.stringMatching(/organisation's token URL/),
    });
  });

  it('a blocked token endpoint gives status Blocked with what to do', async () => {
    // What a browser does when /oauth2/token sends no CORS headers: fetch rejects.
    const blocking: FetchLike = (url, init) =>
      url.endsWith('/oauth2/token')
        ? Promise.reject(new TypeError('Failed to fetch'))
        : nodeFetch(url, init);
    const s = setup(blocking);
    const { c } = await connect(s, codeInput({}, 'secret'), AUTH_SECRET);
    expect(c.status.kind).toBe('blocked');
    const message = 'message' in c.status ? c.status.message : '';
    expect(message).toMatch(/organisation's token URL/);
    expect(message).toMatch(/Connecting to Qualtrics/);
    expect(message).not.toContain(AUTH_SECRET);
  });

  it('refuses a forged, missing, reused or stale state, exchanging nothing, and cleans the URL each time', async () => {
    const s = setup();
    await s.store.add(codeInput(), '');
    const to = new URL(s.t.navigatedTo!);
    const back = await consent(to.toString());
    const tokenCalls = () => sent.filter((r) => r.url.includes('/oauth2/token')).length;
    const before = tokenCalls();

    const forged = new URL(back);
    forged.searchParams.set('state', 'forged-state-value');
    s.t.url = forged.toString();
    await s.store.finishRedirect();
    expect(s.store.error?.message).toMatch(/does not match any sign-in/);
    expect(s.t.url).toBe(APP);

    const missing = new URL(back);
    missing.searchParams.delete('state');
    s.t.url = missing.toString();
    await s.store.finishRedirect();
    expect(s.store.error?.message).toMatch(/has no "state"/);
    expect(s.t.url).toBe(APP);
    expect(tokenCalls()).toBe(before);

    // The real answer works once …
    fake.setSwitches({ clientSecret: 'optional' });
    s.t.url = back;
    await s.store.finishRedirect();
    expect(s.store.error).toBeNull();
    expect(s.store.items[0].status.kind).toBe('active');
    const after = tokenCalls();
    // … and is refused when replayed.
    s.t.url = back;
    await s.store.finishRedirect();
    expect(s.store.error?.message).toMatch(/already used/);
    expect(tokenCalls()).toBe(after);

    // Stale: the user took longer than 15 minutes on Qualtrics' pages.
    await s.store.reauthorize(s.store.items[0].id);
    const late = await consent(s.t.navigatedTo!);
    clock += 16 * 60_000;
    s.t.url = late;
    await s.store.finishRedirect();
    expect(s.store.error?.message).toMatch(/expired/);
    expect(tokenCalls()).toBe(after);
    expect(s.t.url).toBe(APP);
  });

  it('access denied on the consent page is shown, nothing exchanged', async () => {
    const s = setup();
    await s.store.add(codeInput(), '');
    s.t.url = await consent(s.t.navigatedTo!, 'deny');
    expect(await s.store.finishRedirect()).toBe(true);
    expect(s.store.error?.message).toMatch(/access was denied/);
    expect(s.t.url).toBe(APP);
  });

  it('an address without an OAuth answer is left alone', async () => {
    const s = setup();
    s.t.url = `${APP}?x=1`;
    expect(await s.store.finishRedirect()).toBe(false);
    expect(s.t.replaced).toEqual([]);
  });

  it('renews with the refresh token on a 401 and saves the new tokens; when renewal fails → Needs reauthorization → Reauthorize → Active', async () => {
    fake.setSwitches({ clientSecret: 'optional', rotateRefreshTokens: true });
    const s = setup();
    const { c } = await connect(s, codeInput({ remember: true }));
    const first = s.store.tokensOf(c)!;
    // The access token expires on the server: a 401 leads to one refresh, then Active.
    await control('/tokens', { action: 'expire', kind: 'oauth' });
    expect(await s.store.check(c.id)).toMatchObject({ kind: 'active' });
    const second = s.store.tokensOf(s.store.items[0])!;
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(await dbRecords(s.factory)).toContain(second.refreshToken!);

    // Expired and the refresh token revoked: Needs reauthorization.
    await control('/tokens', { action: 'expire', kind: 'oauth' });
    await control('/tokens', { action: 'revoke', kind: 'refresh' });
    expect(await s.store.check(c.id)).toMatchObject({ kind: 'needs-reauthorization' });
    expect(s.store.items[0].status.kind).toBe('needs-reauthorization');

    s.t.navigatedTo = null;
    await s.store.reauthorize(c.id);
    expect(s.t.navigatedTo).toMatch(/\/oauth2\/auth\?/);
    s.t.url = await consent(s.t.navigatedTo!);
    await s.store.finishRedirect();
    expect(s.store.items[0].status).toMatchObject({ kind: 'active' });
    expect(s.store.tokensOf(s.store.items[0])!.accessToken).not.toBe(second.accessToken);
  });

  it('validates the client id, the secret in secret mode and the organisation URL', async () => {
    const s = setup();
    expect(await s.store.add(codeInput({ oauth: { clientId: ' ', scopes: [] } }), '')).toBeNull();
    expect(s.store.error?.message).toMatch(/client id/);
    expect(await s.store.add(codeInput({}, 'secret'), '')).toBeNull();
    expect(s.store.error?.message).toMatch(/client secret/);
    expect(
      await s.store.add(
        codeInput({
          oauth: {
            clientId: AUTH_ID,
            scopes: [],
            exchange: 'org-url',
            orgTokenUrl: 'http://example.org/t',
          },
        }),
        '',
      ),
    ).toBeNull();
    expect(s.store.error?.message).toMatch(/https/);
    expect(s.store.items).toEqual([]);
    expect(s.t.navigatedTo).toBeNull();
  });
});

describe('client credentials', () => {
  const ccInput = (over: Partial<ConnectionInput> = {}): ConnectionInput => ({
    name: 'Service',
    host: fake.url,
    method: 'client-credentials',
    oauth: { clientId: CC_ID, scopes: ['read:users', 'read:surveys'] },
    remember: true,
    ...over,
  });

  it('gets a token by grant and is Active; renews with a new grant; the token probe works; Forget wipes secret and token', async () => {
    const s = setup();
    const c = (await s.store.add(ccInput(), CC_SECRET))!;
    expect(s.store.error).toBeNull();
    expect(c.status).toMatchObject({ kind: 'active', name: 'Ada Analyst' });
    const first = s.store.tokensOf(c)!;
    expect(first.accessToken).toBeTruthy();
    // A token near expiry is renewed by a new grant before the call.
    clock += 3600_000;
    expect(await s.store.check(c.id)).toMatchObject({ kind: 'active' });
    expect(s.store.tokensOf(s.store.items[0])!.accessToken).not.toBe(first.accessToken);
    const results = (await s.store.test(c.id))!;
    expect(results.find((r) => r.id === 'token-endpoint')).toMatchObject({ outcome: 'works' });
    // Scopes are honoured: directories need a scope this client did not ask for.
    expect(results.find((r) => r.id === 'directories')).toMatchObject({ outcome: 'failed' });
    await s.store.forget(c.id);
    const records = await dbRecords(s.factory);
    expect(records).not.toContain(CC_SECRET);
    expect(records).not.toContain('accessToken');
  });

  it('a wrong secret is an error naming what to check, never showing the secret', async () => {
    const s = setup();
    const c = (await s.store.add(ccInput(), 'wrong-secret-123'))!;
    expect(['needs-reauthorization', 'error']).toContain(c.status.kind);
    const message = 'message' in c.status ? c.status.message : '';
    expect(message).toMatch(/client id and secret|client-credentials/);
    expect(message).not.toContain('wrong-secret-123');
  });
});

describe('proxied-host notice', () => {
  it('offers the host Qualtrics names, and switching edits the host and checks again', async () => {
    const s = setup();
    const port = new URL(fake.url).port;
    fake.setSwitches({
      proxyNotice: `localhost:${port}`,
      proxyNoticeWhenHost: `127.0.0.1:${port}`,
    });
    const c = (await s.store.add(
      { name: 'Token', host: fake.url, method: 'api-token', remember: true },
      'fakeqtoken-ada-0123456789abcdefABCDEF',
    ))!;
    expect(s.store.hostOffers[c.id]).toBe(`localhost:${port}`);
    await s.store.switchHost(c.id);
    expect(s.store.items[0].host).toBe(`http://localhost:${port}`);
    expect(s.store.items[0].status.kind).toBe('active');
    expect(s.store.hostOffers[c.id]).toBeUndefined();
  });
});

describe('redirectUriOf', () => {
  it('is the origin and path of the page, without query or fragment', () => {
    expect(redirectUriOf('http://localhost:5173/app/?x=1#y')).toBe('http://localhost:5173/app/');
  });
});

async function control(path: string, body: unknown) {
  await fetch(`${fake.url}/__control${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}
