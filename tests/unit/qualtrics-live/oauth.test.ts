// OAuth end to end without a browser: the client builds the authorize URL, the fake's consent
// page is fetched and its Approve form submitted as the page would, the redirect is read and
// checked against the client's state store, and the code is exchanged by the client's grants;
// then refresh, rotation, expiry and revocation through the client's token holder, and the
// client-credentials grant.
import { webcrypto } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import {
  beginAuthorization,
  checkRedirect,
  clientCredentialsHolder,
  authCodeHolder,
  exchangeCode,
  readRedirect,
  refreshTokens,
  whoami,
  type ExchangeMode,
  type FetchLike,
  type GrantContext,
  type TokenSet,
} from '../../../src/lib/qualtrics';
import {
  AUTH_CLIENT,
  CC_CLIENT,
  client,
  control,
  memoryStore,
  nodeFetch,
  rejection,
  useFake,
  type Fake,
} from './live';

const box = useFake();
const REDIRECT = 'http://127.0.0.1:4173/xo-bridge/';
const SCOPES = ['read:users', 'read:surveys', 'read:survey_responses'];
const PUBLIC: ExchangeMode = { kind: 'public' };
const SECRET: ExchangeMode = { kind: 'secret', clientSecret: AUTH_CLIENT.clientSecret };

/** Token endpoint calls seen, to tell a renewal from a cached token. */
function tokenCounter(): { fetch: FetchLike; tokenCalls: () => number } {
  let n = 0;
  return {
    fetch: (url, init) => {
      if (url.includes('/oauth2/token')) n++;
      return nodeFetch(url, init);
    },
    tokenCalls: () => n,
  };
}

function grant(fake: Fake, fetch: FetchLike = nodeFetch): Omit<GrantContext, 'signal'> {
  return { host: fake.url, clientId: AUTH_CLIENT.clientId, fetch, now: Date.now };
}

/** Reads a form's action and its fields (hidden inputs, the selected option, the Approve button). */
function approveForm(html: string, pageUrl: string): { action: string; body: URLSearchParams } {
  const form = /<form[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/i.exec(html);
  if (!form) throw new Error(`no form on the consent page:\n${html}`);
  const body = new URLSearchParams();
  for (const m of form[2].matchAll(/<input[^>]*>/gi)) {
    const name = /name="([^"]*)"/.exec(m[0])?.[1];
    const value = /value="([^"]*)"/.exec(m[0])?.[1] ?? '';
    if (name) body.set(name, value);
  }
  for (const m of form[2].matchAll(/<select[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/gi)) {
    const selected =
      /<option value="([^"]*)"[^>]*selected/.exec(m[2]) ?? /<option value="([^"]*)"/.exec(m[2]);
    if (selected) body.set(m[1], selected[1]);
  }
  const approve = /<button[^>]*name="([^"]+)"[^>]*value="([^"]+)"[^>]*>\s*Approve/i.exec(form[2]);
  if (!approve) throw new Error('no Approve button');
  body.set(approve[1], approve[2]);
  return { action: new URL(form[1], pageUrl).href, body };
}

/** The whole browser part: authorize URL → consent page → Approve → redirect → state check. */
async function authorize(fake: Fake, store = memoryStore()) {
  const { url, pending } = await beginAuthorization({
    host: fake.url,
    clientId: AUTH_CLIENT.clientId,
    redirectUri: REDIRECT,
    scopes: SCOPES,
    connectionId: 'conn-1',
    store,
    randomBytes: (into) => webcrypto.getRandomValues(into),
    sha256: (data) => webcrypto.subtle.digest('SHA-256', data),
    now: Date.now(),
  });
  expect(url.startsWith(`${fake.url}/oauth2/auth?`)).toBe(true);
  const page = await fetch(url);
  expect(page.status).toBe(200);
  const { action, body } = approveForm(await page.text(), url);
  const decided = await fetch(action, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: body.toString(),
    redirect: 'manual',
  });
  expect(decided.status).toBe(302);
  const location = decided.headers.get('location')!;
  expect(location.startsWith(REDIRECT)).toBe(true);
  const answer = readRedirect(location);
  expect(answer.cleanUrl).toBe(REDIRECT);
  const checked = checkRedirect(answer, store, Date.now());
  expect(checked.pending.verifier).toBe(pending.verifier);
  return { ...checked, answer, store };
}

async function exchange(
  fake: Fake,
  mode: ExchangeMode,
  fetch: FetchLike = nodeFetch,
): Promise<TokenSet> {
  const { code, pending } = await authorize(fake);
  return exchangeCode({ ...grant(fake, fetch) }, mode, {
    code,
    verifier: pending.verifier,
    redirectUri: pending.redirectUri,
  });
}

describe('OAuth authorization code + PKCE against the fake', () => {
  test('secret mode: approve, exchange, then the token answers whoami as Ada', async () => {
    const tokens = await exchange(box.fake, SECRET);
    expect(tokens.accessToken).toBeTruthy();
    expect(tokens.refreshToken).toBeTruthy();
    expect(tokens.expiresAt).toBeGreaterThan(Date.now() + 3_000_000);
    const holder = authCodeHolder(grant(box.fake), SECRET, { tokens });
    const me = await whoami(client(box.fake, { auth: holder }).http);
    expect(me.userId).toBe('UR_8wfG5qsMxuh0Jrn');
  });

  test('public mode needs the fake to make the secret optional', async () => {
    const refused = await rejection(exchange(box.fake, PUBLIC));
    expect(refused.name).toBe('AuthorizationError');
    expect(refused.message).toMatch(/client/i);
    box.fake.setSwitches({ clientSecret: 'optional' });
    const tokens = await exchange(box.fake, PUBLIC);
    const holder = authCodeHolder(grant(box.fake), PUBLIC, { tokens });
    expect((await whoami(client(box.fake, { auth: holder }).http)).brandId).toBe('xobridgedemo');
  });

  test('the state is single-use: the same redirect is refused the second time', async () => {
    const { answer, store } = await authorize(box.fake);
    expect(() => checkRedirect(answer, store, Date.now())).toThrow(/state|again/i);
    expect(() =>
      checkRedirect({ ...answer, state: 'forged' }, memoryStore(), Date.now()),
    ).toThrow();
  });

  test('PKCE enforce accepts the client verifier and refuses a wrong one', async () => {
    box.fake.setSwitches({ pkce: 'enforce' });
    expect((await exchange(box.fake, SECRET)).accessToken).toBeTruthy();
    const { code, pending } = await authorize(box.fake);
    const err = await rejection(
      exchangeCode(grant(box.fake), SECRET, {
        code,
        verifier: `${pending.verifier.slice(0, -1)}${pending.verifier.endsWith('A') ? 'B' : 'A'}`,
        redirectUri: pending.redirectUri,
      }),
    );
    expect(err.name).toBe('AuthorizationError');
    expect(err.message).toMatch(/verifier|invalid_grant/i);
  });

  test('PKCE reject: a server that refuses PKCE gives a clear error, not a crash', async () => {
    box.fake.setSwitches({ pkce: 'reject' });
    let err: Error;
    try {
      await exchange(box.fake, SECRET);
      throw new Error('expected a refusal');
    } catch (e) {
      err = e as Error;
    }
    expect(err.name).toBe('AuthorizationError');
    expect(err.message).toMatch(/PKCE|code_challenge|code_verifier/i);
  });

  test('refresh without rotation keeps the refresh token working', async () => {
    const tokens = await exchange(box.fake, SECRET);
    const a = await refreshTokens(grant(box.fake), SECRET, tokens.refreshToken!);
    expect(a.accessToken).not.toBe(tokens.accessToken);
    const b = await refreshTokens(grant(box.fake), SECRET, tokens.refreshToken!);
    expect(b.accessToken).toBeTruthy();
  });

  test('refresh with rotation: the holder keeps the new refresh token, the old one is refused', async () => {
    box.fake.setSwitches({ rotateRefreshTokens: true });
    const tokens = await exchange(box.fake, SECRET);
    const holder = authCodeHolder(grant(box.fake), SECRET, { tokens });
    await control(box.fake, '/tokens', { action: 'expire', token: tokens.accessToken });
    expect((await whoami(client(box.fake, { auth: holder }).http)).userId).toBeTruthy();
    expect(holder.tokens!.refreshToken).not.toBe(tokens.refreshToken);
    const old = await rejection(refreshTokens(grant(box.fake), SECRET, tokens.refreshToken!));
    expect(old.name).toBe('NeedsReauthorizationError');
  });

  test('a short token lifetime: the holder renews before calling', async () => {
    box.fake.setSwitches({ accessTokenTtl: 30 });
    const counter = tokenCounter();
    const tokens = await exchange(box.fake, SECRET, counter.fetch);
    expect(counter.tokenCalls()).toBe(1);
    // Why: 30 s is inside the holder's 60 s margin, so the token is due at once.
    const holder = authCodeHolder(grant(box.fake, counter.fetch), SECRET, { tokens });
    await whoami(client(box.fake, { auth: holder, fetch: counter.fetch }).http);
    expect(counter.tokenCalls()).toBe(2);
    expect(holder.tokens!.accessToken).not.toBe(tokens.accessToken);
    expect(holder.status).toBe('active');
  });

  test('an access token expired at the server: 401 → refresh → the call succeeds', async () => {
    const tokens = await exchange(box.fake, SECRET);
    const holder = authCodeHolder(grant(box.fake), SECRET, { tokens });
    await control(box.fake, '/tokens', { action: 'expire', kind: 'oauth' });
    expect((await whoami(client(box.fake, { auth: holder }).http)).userId).toBeTruthy();
    expect(holder.tokens!.accessToken).not.toBe(tokens.accessToken);
  });

  test('a revoked refresh token: Needs reauthorization', async () => {
    const tokens = await exchange(box.fake, SECRET);
    const statuses: string[] = [];
    const holder = authCodeHolder(grant(box.fake), SECRET, {
      tokens,
      onChange: (_t, s) => statuses.push(s),
    });
    await control(box.fake, '/tokens', { action: 'revoke', kind: 'all' });
    const err = await rejection(whoami(client(box.fake, { auth: holder }).http));
    expect(holder.status).toBe('needs-reauthorization');
    expect(statuses).toContain('needs-reauthorization');
    expect(err.name).toBe('NeedsReauthorizationError');
    expect(err.message).toMatch(/reauthori/i);
    // And it stays so without another request.
    const again = await rejection(whoami(client(box.fake, { auth: holder }).http));
    expect(again.name).toBe('NeedsReauthorizationError');
  });
});

describe('OAuth refusals and other exchange modes', () => {
  test('Deny on the consent page: the redirect carries access_denied, the client says so', async () => {
    const store = memoryStore();
    const { url } = await beginAuthorization({
      host: box.fake.url,
      clientId: AUTH_CLIENT.clientId,
      redirectUri: REDIRECT,
      scopes: SCOPES,
      connectionId: 'conn-1',
      store,
      randomBytes: (into) => webcrypto.getRandomValues(into),
      sha256: (data) => webcrypto.subtle.digest('SHA-256', data),
      now: Date.now(),
    });
    const { action, body } = approveForm(await (await fetch(url)).text(), url);
    body.set('decision', 'deny');
    const res = await fetch(action, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
      redirect: 'manual',
    });
    const answer = readRedirect(res.headers.get('location')!);
    expect(() => checkRedirect(answer, store, Date.now())).toThrow(/denied/);
  });

  test('a code used twice is refused the second time with a clear error', async () => {
    const { code, pending } = await authorize(box.fake);
    const p = { code, verifier: pending.verifier, redirectUri: pending.redirectUri };
    await exchangeCode(grant(box.fake), SECRET, p);
    const err = await rejection(exchangeCode(grant(box.fake), SECRET, p));
    expect(err.name).toBe('AuthorizationError');
    expect(err.message).toMatch(/already been used/);
    expect(err.message).not.toContain(code);
  });

  test('every token expired at the server (switch): one refresh, then Needs reauthorization', async () => {
    const tokens = await exchange(box.fake, SECRET);
    const holder = authCodeHolder(grant(box.fake), SECRET, { tokens });
    box.fake.setSwitches({ tokensExpired: true });
    const err = await rejection(whoami(client(box.fake, { auth: holder }).http));
    expect(err.name).toBe('NeedsReauthorizationError');
    expect(holder.status).toBe('needs-reauthorization');
  });

  test('organisation token URL mode: code + verifier + redirect URI posted to that URL', async () => {
    // The fake's own token endpoint stands in for the organisation's (which would add the
    // secret); with the secret optional it accepts what the client posts.
    box.fake.setSwitches({ clientSecret: 'optional' });
    const org: ExchangeMode = {
      kind: 'org-url',
      url: `${box.fake.url}/oauth2/token`,
      body: 'form',
    };
    const tokens = await exchange(box.fake, org);
    const holder = authCodeHolder(grant(box.fake), org, { tokens });
    expect((await whoami(client(box.fake, { auth: holder }).http)).userId).toBeTruthy();
  });
});

describe('OAuth client credentials against the fake', () => {
  test('the grant gives a token that acts as Ada, renewed by a new grant when expired', async () => {
    const counter = tokenCounter();
    const ctx = {
      host: box.fake.url,
      clientId: CC_CLIENT.clientId,
      fetch: counter.fetch,
      now: Date.now,
    };
    const holder = clientCredentialsHolder(ctx, CC_CLIENT.clientSecret, ['manage:all'], {
      tokens: null,
    });
    const http = client(box.fake, { auth: holder, fetch: counter.fetch }).http;
    expect((await whoami(http)).userId).toBe(CC_CLIENT.userId);
    expect(counter.tokenCalls()).toBe(1);
    await whoami(http);
    expect(counter.tokenCalls()).toBe(1);
    await control(box.fake, '/tokens', { action: 'expire', kind: 'oauth' });
    await whoami(http);
    expect(counter.tokenCalls()).toBe(2);
  });

  test('a wrong client secret is an AuthorizationError naming the client', async () => {
    const ctx = {
      host: box.fake.url,
      clientId: CC_CLIENT.clientId,
      fetch: nodeFetch,
      now: Date.now,
    };
    const holder = clientCredentialsHolder(ctx, 'wrong-secret', [], { tokens: null });
    const err = await rejection(whoami(client(box.fake, { auth: holder }).http));
    expect(err.name).toMatch(/AuthorizationError|NeedsReauthorizationError/);
    expect(err.message).not.toContain('wrong-secret');
  });
});
