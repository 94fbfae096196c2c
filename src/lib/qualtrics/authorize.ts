// The two ends of the authorization-code redirect: the URL that sends the user to Qualtrics'
// consent page (`/oauth2/auth`, reference §2.1, with PKCE S256 and `state`), and reading the
// answer when the browser comes back. The code and state are removed from the address at once
// (the caller passes `cleanUrl` to history.replaceState), so they never stay in history,
// bookmarks or a Referer.
import { AuthorizationError } from '../errors';
import { originOf } from './base-url';
import { challengeS256, createVerifier, randomToken, type RandomBytes, type Sha256 } from './pkce';
import {
  DEFAULT_STATE_MAX_AGE_MS,
  savePending,
  takePending,
  type PendingAuthorization,
  type StorageLike,
} from './oauth-state';
import { SearchParams, Url } from './url';

export interface AuthorizeRequest {
  /** Qualtrics host (datacenter or brand host) where the OAuth client was created. */
  host: string;
  clientId: string;
  redirectUri: string;
  scopes: readonly string[];
  connectionId: string;
  store: StorageLike;
  randomBytes: RandomBytes;
  sha256: Sha256;
  now: number;
}

/** The authorize URL with every parameter (reference §2.1 + RFC 7636). */
export function authorizeUrl(p: {
  host: string;
  clientId: string;
  redirectUri: string;
  scopes: readonly string[];
  state: string;
  codeChallenge: string;
}): string {
  const params = new SearchParams([
    ['response_type', 'code'],
    ['client_id', p.clientId],
    ['redirect_uri', p.redirectUri],
    ['scope', p.scopes.join(' ')],
    ['state', p.state],
    ['code_challenge', p.codeChallenge],
    ['code_challenge_method', 'S256'],
  ]);
  return `${originOf(p.host).origin}/oauth2/auth?${params.toString()}`;
}

/** Creates verifier and state, remembers them in the store and returns where to send the user. */
export async function beginAuthorization(
  r: AuthorizeRequest,
): Promise<{ url: string; pending: PendingAuthorization }> {
  if (r.clientId.trim() === '') {
    throw new AuthorizationError('Enter the OAuth client id of this connection.');
  }
  const verifier = createVerifier(r.randomBytes);
  const state = randomToken(r.randomBytes, 24);
  const pending: PendingAuthorization = {
    state,
    verifier,
    createdAt: r.now,
    connectionId: r.connectionId,
    redirectUri: r.redirectUri,
  };
  const url = authorizeUrl({ ...r, state, codeChallenge: await challengeS256(verifier, r.sha256) });
  savePending(r.store, pending, r.now);
  return { url, pending };
}

/** What came back on the redirect, and the address without it. */
export interface RedirectAnswer {
  code?: string;
  state?: string;
  error?: string;
  errorDescription?: string;
  /** The same URL with code, state and the error fields removed (for history.replaceState). */
  cleanUrl: string;
}

const OAUTH_PARAMS = [
  'code',
  'state',
  'error',
  'error_description',
  'error_uri',
  'iss',
  'session_state',
];

/** True when the URL carries an OAuth answer (a code or an error). */
export function isOAuthRedirect(url: string): boolean {
  const u = new Url(url);
  return u.searchParams.has('code') || u.searchParams.has('error');
}

/** Reads code/state/error from a redirect URL and gives the cleaned URL. */
export function readRedirect(url: string): RedirectAnswer {
  const u = new Url(url);
  const get = (k: string) => u.searchParams.get(k) ?? undefined;
  const answer = {
    code: get('code'),
    state: get('state'),
    error: get('error'),
    errorDescription: get('error_description'),
  };
  for (const k of OAUTH_PARAMS) u.searchParams.delete(k);
  return { ...answer, cleanUrl: u.toString().replace(/\?(?=#|$)/, '') };
}

/**
 * Checks a redirect answer against the pending authorizations: the state first (so a forged
 * answer is refused even when it carries an error), then Qualtrics' error, then the code.
 */
export function checkRedirect(
  answer: RedirectAnswer,
  store: StorageLike,
  now: number,
  maxAgeMs = DEFAULT_STATE_MAX_AGE_MS,
): { code: string; pending: PendingAuthorization } {
  const pending = takePending(store, answer.state, now, maxAgeMs);
  if (answer.error) {
    const why = answer.errorDescription ? ` (${answer.errorDescription})` : '';
    const text =
      answer.error === 'access_denied'
        ? `Qualtrics did not authorize XO Bridge: access was denied${why}. Approve the request to connect, or ask your brand administrator.`
        : `Qualtrics refused the sign-in: ${answer.error}${why}. Check the client id, the scopes and that the redirect URI is registered exactly as shown.`;
    throw new AuthorizationError(text);
  }
  if (!answer.code) {
    throw new AuthorizationError(
      'Qualtrics came back without an authorization code. Try connecting again.',
    );
  }
  return { code: answer.code, pending };
}
