// PKCE against RFC 7636 appendix B, the authorize URL, reading and cleaning the redirect, and the
// `state` rules: forged, missing, reused and stale answers are refused; verifier and state are
// gone from storage after use.
import { webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  PENDING_KEY,
  USED_KEY,
  savePending,
  takePending,
} from '../../../src/lib/qualtrics/oauth-state';
import {
  authorizeUrl,
  beginAuthorization,
  challengeS256,
  checkRedirect,
  createVerifier,
  isOAuthRedirect,
  readRedirect,
  type StorageLike,
} from '../../../src/lib/qualtrics';

const sha256 = (d: Uint8Array) => webcrypto.subtle.digest('SHA-256', d);

/** RFC 7636 appendix B: the 32 octets, the verifier and the S256 challenge. */
const RFC_OCTETS = [
  116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37, 77, 105,
  214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121,
];
const RFC_VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const RFC_CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

function memoryStore(): StorageLike & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
  };
}

const pending = (state: string, createdAt = 0) => ({
  state,
  verifier: 'v'.repeat(43),
  createdAt,
  connectionId: 'c1',
  redirectUri: 'https://app.example/x/',
});

describe('PKCE (RFC 7636)', () => {
  it('createVerifier + challengeS256 reproduce appendix B', async () => {
    const verifier = createVerifier((into) => (into.set(RFC_OCTETS), into));
    expect(verifier).toBe(RFC_VERIFIER);
    expect(await challengeS256(verifier, sha256)).toBe(RFC_CHALLENGE);
  });

  it('refuses a verifier outside 43–128 unreserved characters', async () => {
    await expect(challengeS256('short', sha256)).rejects.toThrow(/43–128/);
  });
});

describe('authorize URL and redirect', () => {
  it('builds /oauth2/auth with every parameter and S256', () => {
    const u = new URL(
      authorizeUrl({
        host: 'brand.iad1.qualtrics.com',
        clientId: 'cid',
        redirectUri: 'http://localhost:5173/sub/',
        scopes: ['read:surveys', 'read:users'],
        state: 'st',
        codeChallenge: 'ch',
      }),
    );
    expect(u.origin + u.pathname).toBe('https://brand.iad1.qualtrics.com/oauth2/auth');
    expect(Object.fromEntries(u.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'cid',
      redirect_uri: 'http://localhost:5173/sub/',
      scope: 'read:surveys read:users',
      state: 'st',
      code_challenge: 'ch',
      code_challenge_method: 'S256',
    });
  });

  it('beginAuthorization stores state + verifier and puts their challenge in the URL', async () => {
    const store = memoryStore();
    let n = 0;
    const randomBytes = (into: Uint8Array) => into.map(() => n++ % 256);
    const { url, pending: p } = await beginAuthorization({
      host: 'iad1.qualtrics.com',
      clientId: 'cid',
      redirectUri: 'https://app.example/',
      scopes: ['read:users'],
      connectionId: 'c9',
      store,
      randomBytes,
      sha256,
      now: 1000,
    });
    const q = new URL(url).searchParams;
    expect(q.get('state')).toBe(p.state);
    expect(q.get('code_challenge')).toBe(await challengeS256(p.verifier, sha256));
    expect(url).not.toContain(p.verifier);
    expect(JSON.parse(store.map.get(PENDING_KEY)!)[p.state]).toMatchObject({
      connectionId: 'c9',
      verifier: p.verifier,
    });
  });

  it('readRedirect reads code/state/error and cleans the URL, keeping other parameters and the hash', () => {
    const r = readRedirect('https://app.example/sub/?view=connections&code=abc&state=xyz#top');
    expect(r).toMatchObject({
      code: 'abc',
      state: 'xyz',
      cleanUrl: 'https://app.example/sub/?view=connections#top',
    });
    expect(readRedirect('https://app.example/sub/?code=abc&state=xyz').cleanUrl).toBe(
      'https://app.example/sub/',
    );
    const e = readRedirect(
      'http://localhost:5173/?error=access_denied&error_description=No&state=s',
    );
    expect(e).toMatchObject({
      error: 'access_denied',
      errorDescription: 'No',
      cleanUrl: 'http://localhost:5173/',
    });
    expect(isOAuthRedirect('https://app.example/?code=1')).toBe(true);
    expect(isOAuthRedirect('https://app.example/?x=1')).toBe(false);
  });
});

describe('state checking', () => {
  it('accepts a fresh known state once, then clears verifier and state', () => {
    const store = memoryStore();
    savePending(store, pending('s1', 0), 0);
    const r = checkRedirect(readRedirect('https://app.example/?code=C&state=s1'), store, 60_000);
    expect(r).toMatchObject({ code: 'C', pending: { state: 's1', connectionId: 'c1' } });
    expect(store.map.has(PENDING_KEY)).toBe(false);
  });

  it('refuses a missing state', () => {
    expect(() => takePending(memoryStore(), null, 0)).toThrow(/no "state"/);
  });

  it('refuses a forged (unknown) state', () => {
    const store = memoryStore();
    savePending(store, pending('real'), 0);
    expect(() => takePending(store, 'forged', 0)).toThrow(
      expect.objectContaining({
        name: 'AuthorizationError',
        message: expect.stringMatching(/does not match any sign-in/) as string,
      }),
    );
    expect(JSON.parse(store.map.get(PENDING_KEY)!)).toHaveProperty('real');
  });

  it('refuses a reused state', () => {
    const store = memoryStore();
    savePending(store, pending('s1'), 0);
    takePending(store, 's1', 0);
    expect(() => takePending(store, 's1', 0)).toThrow(/already used/);
    expect(JSON.parse(store.map.get(USED_KEY)!)).toContain('s1');
  });

  it('refuses a stale state and removes it', () => {
    const store = memoryStore();
    savePending(store, pending('old', 0), 0);
    expect(() => takePending(store, 'old', 16 * 60_000)).toThrow(/expired/);
    expect(store.map.has(PENDING_KEY)).toBe(false);
  });

  it('checks the state before trusting an error answer, and explains a denial', () => {
    const store = memoryStore();
    expect(() =>
      checkRedirect(readRedirect('https://a.example/?error=access_denied&state=zzz'), store, 0),
    ).toThrow(/does not match/);
    savePending(store, pending('s2'), 0);
    expect(() =>
      checkRedirect(readRedirect('https://a.example/?error=access_denied&state=s2'), store, 0),
    ).toThrow(/access was denied/);
  });

  it('survives garbage in storage', () => {
    const store = memoryStore();
    store.map.set(PENDING_KEY, '{not json');
    store.map.set(USED_KEY, '42');
    expect(() => takePending(store, 's', 0)).toThrow(/does not match/);
  });
});
