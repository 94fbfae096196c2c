// A fake fetch for the Qualtrics client tests: answers with recorded-style envelopes
// (`{result, meta:{httpStatus, requestId}}`, errors in `meta.error`, reference §1.3) and records
// every request so tests can assert URL, headers and body.
import type { FetchInit, FetchLike, ResponseLike } from '../../../src/lib/qualtrics';
import { QualtricsHttp, apiTokenAuth, type QualtricsHttpOptions } from '../../../src/lib/qualtrics';

export interface Sent {
  url: string;
  init: FetchInit;
}

export type Reply = ResponseLike | Error;
export type Route = (req: Sent, index: number) => Reply | Promise<Reply>;

const REASONS: Record<number, string> = {
  200: 'OK',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export function response(
  status: number,
  body: string | Uint8Array,
  headers: Record<string, string> = {},
): ResponseLike {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
  return {
    status,
    statusText: REASONS[status] ?? '',
    headers: { get: (n: string) => lower[n.toLowerCase()] ?? null },
    text: () => Promise.resolve(new TextDecoder().decode(bytes)),
    arrayBuffer: () => Promise.resolve(bytes.slice().buffer),
  };
}

let requestNo = 0;
const meta = (status: number) => ({
  httpStatus: `${status} - ${REASONS[status] ?? ''}`,
  requestId: `00000000-0000-4000-8000-${String(++requestNo).padStart(12, '0')}`,
});

/** A success envelope. */
export function ok(
  result: unknown,
  extra: { notice?: string; headers?: Record<string, string> } = {},
): ResponseLike {
  const m = { ...meta(200), ...(extra.notice ? { notice: extra.notice } : {}) };
  return response(200, JSON.stringify({ result, meta: m }), {
    'content-type': 'application/json',
    ...extra.headers,
  });
}

/** An error envelope. */
export function fail(
  status: number,
  errorCode?: string,
  errorMessage?: string,
  headers: Record<string, string> = {},
  notice?: string,
): ResponseLike {
  const m: Record<string, unknown> = { ...meta(status) };
  if (errorCode || errorMessage) m.error = { errorCode, errorMessage };
  if (notice) m.notice = notice;
  return response(status, JSON.stringify({ meta: m }), {
    'content-type': 'application/json',
    ...headers,
  });
}

/** A fetch that answers by route and records requests. */
export function fakeFetch(route: Route): FetchLike & { sent: Sent[] } {
  const sent: Sent[] = [];
  const fn = (async (url: string, init: FetchInit) => {
    const req = { url, init };
    sent.push(req);
    if (init.signal?.aborted) throw Object.assign(new Error('aborted'), { name: 'AbortError' });
    const r = await route(req, sent.length - 1);
    if (r instanceof Error) throw r;
    return r;
  }) as FetchLike & { sent: Sent[] };
  fn.sent = sent;
  return fn;
}

/** A fetch that gives the replies in order (the last one repeats). */
export function sequence(...replies: (Reply | (() => Reply))[]): FetchLike & { sent: Sent[] } {
  return fakeFetch((_req, i) => {
    const r = replies[Math.min(i, replies.length - 1)];
    return typeof r === 'function' ? r() : r;
  });
}

export const TOKEN = 'tok_SECRET_abcdefghijklmnop';
export const BASE = 'https://iad1.qualtrics.com/API/v3';

/** Records sleeps instead of waiting. */
export function fakeSleep() {
  const waits: number[] = [];
  const sleep = (ms: number, signal?: { aborted: boolean }) => {
    waits.push(ms);
    if (signal?.aborted) {
      return Promise.reject(Object.assign(new Error('Cancelled.'), { name: 'AbortError' }));
    }
    return Promise.resolve();
  };
  return { sleep, waits };
}

/** An http client over a fake fetch with instant sleeps and fixed randomness. */
export function client(fetch: FetchLike, extra: Partial<QualtricsHttpOptions> = {}) {
  const s = fakeSleep();
  const http = new QualtricsHttp({
    baseUrl: BASE,
    auth: apiTokenAuth(TOKEN),
    fetch,
    sleep: s.sleep,
    random: () => 0.5,
    now: () => 0,
    ...extra,
  });
  return { http, waits: s.waits };
}
