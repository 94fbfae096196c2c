// The POSTs to Qualtrics' token endpoint (`/oauth2/token`, reference §2.1) or to an
// organisation's own token URL, and reading their answer. Nothing public shows that
// /oauth2/token answers browsers (CORS) or accepts a client without a secret (§2.3), so a fetch
// that is blocked says so and names the "organisation token URL" mode, and every refusal quotes
// the server's `error`/`error_description` with what to change.
import {
  AuthorizationError,
  BlockedByBrowserError,
  NeedsReauthorizationError,
  UnexpectedResponseError,
} from '../errors';
import { isAbortLike } from './abort';
import { AbortError } from '../errors';
import { describeBody } from './envelope';
import type { FetchLike, SignalLike } from './fetch-types';
import { redact, safeUrl } from './redact';

/** Tokens as the app keeps them. */
export interface TokenSet {
  accessToken: string;
  tokenType: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
  refreshToken?: string;
  scope?: string;
}

/** Lifetime assumed when the answer has no `expires_in` (one hour per third parties, §2.1). */
export const DEFAULT_EXPIRES_IN_S = 3600;

/** One POST to a token endpoint. */
export interface TokenPost {
  url: string;
  /** Form fields (or JSON fields when `json`). */
  fields: Record<string, string>;
  /** Extra headers, e.g. Basic client authentication. */
  headers?: Record<string, string>;
  json?: boolean;
  fetch: FetchLike;
  now: () => number;
  signal?: SignalLike;
  /** Values to scrub from any message. */
  secrets: string[];
  /** Refresh: a refusal means "reauthorize", not a sign-in error. */
  refreshing?: boolean;
  /** Sentence appended to "blocked by the browser" (which mode to use instead). */
  blockedAdvice: string;
}

function formBody(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&')
    .replace(/%20/g, '+');
}

function hintFor(error: string, post: TokenPost): string {
  if (error === 'invalid_client') {
    return post.headers?.Authorization
      ? ' Check the client id and secret.'
      : ' This client may need its secret: choose "with client secret" or "through my organisation\'s token URL".';
  }
  if (error === 'invalid_grant') {
    return ' The code or refresh token expired, was used already or belongs to another redirect URI.';
  }
  if (error === 'invalid_scope') {
    return ' Ask for only the scopes the OAuth client was given in Qualtrics.';
  }
  if (error === 'unauthorized_client') {
    return ' The OAuth client is not allowed this grant type; check it in the OAuth Client Manager.';
  }
  return '';
}

/** Sends one token request and reads the token answer. */
export async function postToken(post: TokenPost): Promise<TokenSet> {
  const scrub = (t: string) => redact(t, post.secrets);
  let res;
  try {
    res = await post.fetch(post.url, {
      method: 'POST',
      headers: {
        Accept: 'application/json',
        'Content-Type': post.json ? 'application/json' : 'application/x-www-form-urlencoded',
        ...post.headers,
      },
      body: post.json ? JSON.stringify(post.fields) : formBody(post.fields),
      signal: post.signal,
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
    });
  } catch (err) {
    if (post.signal?.aborted || isAbortLike(err)) throw new AbortError('Cancelled.');
    throw new BlockedByBrowserError(
      `The browser blocked the request to the token endpoint ${safeUrl(post.url)} before any answer arrived ` +
        `(CORS or network). ${post.blockedAdvice} See "Connecting to Qualtrics" in the README.`,
    );
  }
  let text = '';
  try {
    text = await res.text();
  } catch {
    throw new UnexpectedResponseError('The answer of the token endpoint was cut off. Try again.');
  }
  let data: Record<string, unknown> | null = null;
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
      data = parsed as Record<string, unknown>;
    }
  } catch {
    data = null;
  }
  if (res.status < 200 || res.status >= 300) {
    const error = typeof data?.error === 'string' ? data.error : '';
    const desc = typeof data?.error_description === 'string' ? `: ${data.error_description}` : '';
    const said = error
      ? ` The server says "${error}${desc}".`
      : data
        ? ''
        : ` It answered with ${describeBody(text, res.headers.get('content-type'))}.`;
    const message = scrub(
      `The token endpoint refused the request (${res.status}).${said}${hintFor(error, post)}`,
    );
    if (post.refreshing && (res.status === 400 || res.status === 401)) {
      throw new NeedsReauthorizationError(`${message} Reauthorize this connection.`);
    }
    throw new AuthorizationError(message);
  }
  if (!data) {
    throw new UnexpectedResponseError(
      `The token endpoint ${safeUrl(post.url)} answered with ${describeBody(text, res.headers.get('content-type'))}. ` +
        'Check the token URL.',
    );
  }
  return readTokenSet(data, post.now(), safeUrl(post.url));
}

/** Reads `{access_token, token_type, expires_in, refresh_token, scope}`. */
export function readTokenSet(data: Record<string, unknown>, now: number, where: string): TokenSet {
  const token = data.access_token;
  if (typeof token !== 'string' || token === '') {
    throw new UnexpectedResponseError(
      `The token endpoint ${where} answered without an access_token.`,
    );
  }
  const raw = data.expires_in;
  const seconds =
    typeof raw === 'number'
      ? raw
      : typeof raw === 'string' && raw.trim() !== ''
        ? Number(raw)
        : NaN;
  const expiresIn = Number.isFinite(seconds) && seconds > 0 ? seconds : DEFAULT_EXPIRES_IN_S;
  return {
    accessToken: token,
    tokenType: typeof data.token_type === 'string' ? data.token_type : 'Bearer',
    expiresAt: now + expiresIn * 1000,
    refreshToken:
      typeof data.refresh_token === 'string' && data.refresh_token !== ''
        ? data.refresh_token
        : undefined,
    scope: typeof data.scope === 'string' ? data.scope : undefined,
  };
}
