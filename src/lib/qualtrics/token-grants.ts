// The grants the app uses, each as the exact request Qualtrics (or an organisation's token URL)
// expects. The code exchange has three modes because nothing public shows Qualtrics accepting a
// client without its secret (reference §2.3):
// - public: client_id + code_verifier in the form, no secret;
// - secret: the secret by HTTP Basic (the pattern every observed client uses), verifier too;
// - organisation token URL: code + verifier + redirect URI + client id posted to the
//   organisation's own endpoint (which adds the secret server-side and returns the usual token
//   JSON), as a form or as JSON. Refresh in that mode goes to the same URL.
import { basicAuthorization } from './base64';
import { originOf } from './base-url';
import type { FetchLike, SignalLike } from './fetch-types';
import { postToken, type TokenSet } from './token-endpoint';

/** How the authorization code (and later the refresh token) is exchanged. */
export type ExchangeMode =
  | { kind: 'public' }
  | { kind: 'secret'; clientSecret: string }
  | { kind: 'org-url'; url: string; body: 'form' | 'json' };

/** What every grant needs. */
export interface GrantContext {
  /** Qualtrics host of the OAuth client (its /oauth2/token is used). */
  host: string;
  clientId: string;
  fetch: FetchLike;
  now: () => number;
  signal?: SignalLike;
}

/** `https://{host}/oauth2/token`. */
export function tokenUrl(host: string): string {
  return `${originOf(host).origin}/oauth2/token`;
}

const BLOCKED_CODE =
  'Qualtrics may not allow browsers to call its token endpoint; choose "through my organisation\'s token URL" and enter an endpoint your organisation runs.';
const BLOCKED_ORG =
  "Check that your organisation's token URL is right and allows calls from this web page (CORS).";

function target(ctx: GrantContext, mode: ExchangeMode, fields: Record<string, string>) {
  if (mode.kind === 'org-url') {
    return {
      url: originOf(mode.url).href,
      fields: { ...fields, client_id: ctx.clientId },
      json: mode.body === 'json',
      blockedAdvice: BLOCKED_ORG,
    };
  }
  if (mode.kind === 'secret') {
    return {
      url: tokenUrl(ctx.host),
      fields,
      headers: { Authorization: basicAuthorization(ctx.clientId, mode.clientSecret) },
      blockedAdvice: BLOCKED_CODE,
    };
  }
  return {
    url: tokenUrl(ctx.host),
    fields: { ...fields, client_id: ctx.clientId },
    blockedAdvice: BLOCKED_CODE,
  };
}

function secretsOf(mode: ExchangeMode): string[] {
  return mode.kind === 'secret' ? [mode.clientSecret] : [];
}

/** Exchanges an authorization code (with its PKCE verifier) for tokens. */
export function exchangeCode(
  ctx: GrantContext,
  mode: ExchangeMode,
  p: { code: string; verifier: string; redirectUri: string },
): Promise<TokenSet> {
  const fields = {
    grant_type: 'authorization_code',
    code: p.code,
    redirect_uri: p.redirectUri,
    code_verifier: p.verifier,
  };
  return postToken({
    ...target(ctx, mode, fields),
    fetch: ctx.fetch,
    now: ctx.now,
    signal: ctx.signal,
    secrets: [p.code, p.verifier, ...secretsOf(mode)],
  });
}

/** Gets new tokens with a refresh token; a refusal is a NeedsReauthorizationError. */
export function refreshTokens(
  ctx: GrantContext,
  mode: ExchangeMode,
  refreshToken: string,
): Promise<TokenSet> {
  return postToken({
    ...target(ctx, mode, { grant_type: 'refresh_token', refresh_token: refreshToken }),
    fetch: ctx.fetch,
    now: ctx.now,
    signal: ctx.signal,
    secrets: [refreshToken, ...secretsOf(mode)],
    refreshing: true,
  });
}

/** The client-credentials grant: Basic client authentication, space-separated scopes. */
export function clientCredentials(
  ctx: GrantContext,
  clientSecret: string,
  scopes: readonly string[],
): Promise<TokenSet> {
  const fields: Record<string, string> = { grant_type: 'client_credentials' };
  if (scopes.length > 0) fields.scope = scopes.join(' ');
  return postToken({
    url: tokenUrl(ctx.host),
    fields,
    headers: { Authorization: basicAuthorization(ctx.clientId, clientSecret) },
    fetch: ctx.fetch,
    now: ctx.now,
    signal: ctx.signal,
    secrets: [clientSecret],
    blockedAdvice:
      "Qualtrics may not allow browsers to call its token endpoint; use an API token, or sign in with the authorization code through your organisation's token URL.",
  });
}
