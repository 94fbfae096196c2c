// What the HTTP layer needs from a credential, whatever its kind: the headers to send, a way to
// get new credentials once after a 401 (OAuth refresh or a new client-credentials grant), and
// the secrets to scrub from every message. API tokens cannot be refreshed: a 401 means a new one.
import { basicAuthorization } from './base64';
import type { SignalLike } from './fetch-types';

export type AuthKind = 'api-token' | 'bearer' | 'basic';

export interface AuthProvider {
  readonly kind: AuthKind;
  /** Headers carrying the credential; may refresh an OAuth token that is about to expire. */
  headers(signal?: SignalLike): Promise<Record<string, string>>;
  /** After a 401: try once to get new credentials. True when there are new ones to try. */
  refresh?(signal?: SignalLike): Promise<boolean>;
  /** Qualtrics refused the credential for good (401 after any refresh): mark it unusable. */
  rejected?(): void;
  /** Every secret this provider may send, for redaction. */
  secrets(): string[];
}

/** An API token sent as `X-API-TOKEN` (reference §1.2). */
export function apiTokenAuth(token: string): AuthProvider {
  return {
    kind: 'api-token',
    headers: () => Promise.resolve({ 'X-API-TOKEN': token }),
    secrets: () => [token],
  };
}

/** The "modified Basic" of JSON Events: base64(`user:apiToken`) (reference §4.12). */
export function basicTokenAuth(user: string, token: string): AuthProvider {
  const value = basicAuthorization(user, token);
  return {
    kind: 'basic',
    headers: () => Promise.resolve({ Authorization: value }),
    secrets: () => [token, value, value.slice(6)],
  };
}
