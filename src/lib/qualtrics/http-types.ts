// The types of the HTTP layer (calls, options, answers), kept apart from http.ts so that the
// class stays readable and endpoint modules can import types without the implementation.
import type { AuthProvider } from './auth-provider';
import type { BackoffOptions } from './backoff';
import type { FetchLike, SignalLike, SleepFn } from './fetch-types';
import type { IdRef } from './ids';
import type { QualtricsNotice } from './notice';
import type { LimitKey, RateLimiter } from './rate-limit';

/** One API call, described by an endpoint module. */
export interface ApiCall {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path below the API base, starting with "/"; ids already encoded (see `seg`). */
  path: string;
  query?: Record<string, string | number | boolean | null | undefined>;
  /** Sent as JSON. */
  body?: unknown;
  signal?: SignalLike;
  /** The per-endpoint limit this call counts against (always also the brand limit). */
  limit?: LimitKey;
  /** Whether a 5xx may be retried; default true for GET, false otherwise. */
  retryOn5xx?: boolean;
  /** What the user asked for, as a phrase ("list your surveys"). */
  what: string;
  ids?: readonly IdRef[];
  scope?: string;
  /** Accept an envelope without `result` (JSON Events document none). */
  resultOptional?: boolean;
}

/** Why the client is waiting, for the UI. */
export interface WaitInfo {
  reason: 'rate-limited' | 'server-error' | 'limiter';
  ms: number;
  /** 1 for the first wait of this call. */
  attempt: number;
  what: string;
}

export interface QualtricsHttpOptions {
  /** API base without trailing slash, e.g. https://iad1.qualtrics.com/API/v3 (see apiBaseUrl). */
  baseUrl: string;
  auth: AuthProvider;
  fetch: FetchLike;
  limiter?: RateLimiter;
  sleep?: SleepFn;
  random?: () => number;
  now?: () => number;
  onWait?: (info: WaitInfo) => void;
  onNotice?: (notice: QualtricsNotice) => void;
  /** Retries after a 5xx for safe calls (default 3: Qualtrics says ~1% of calls fail by design). */
  serverRetries?: number;
  /** Waits after a 429 before giving up (default 6). */
  rateLimitRetries?: number;
  /** Longest Retry-After the client will wait; longer gives up with an error (default 5 min). */
  maxRetryAfterMs?: number;
  backoff?: BackoffOptions;
}

/** A JSON answer: the unwrapped `result` plus what meta said. */
export interface ApiResult {
  result: unknown;
  requestId?: string;
  notice?: QualtricsNotice;
}

/** A binary answer (export file). */
export interface ApiBytes {
  bytes: ArrayBuffer;
  contentType: string | null;
  contentDisposition: string | null;
}
