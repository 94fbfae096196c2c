// The one door to the Qualtrics API: builds the URL from the base (datacenter, brand host or an
// organisation's proxy), adds the credential, respects the rate limits, waits and retries what
// is safe to retry, unwraps the envelope and turns every failure into an error that says what to
// do. Endpoint modules describe calls; they never call `fetch` themselves.
//
// Retrying: a 429 means Qualtrics refused the call before doing anything, so every call may be
// repeated after the wait. A 500/502/503/504 may come after the work was done, so only calls whose
// repetition is harmless are retried: GETs, the export start (a second export job is only a
// wasted job). Creating a contact or a distribution, a bulk import or a JSON event would be
// duplicated (two e-mails, two workflow runs), so they are not retried and the user decides.
// Token requests (token-endpoint.ts) are not retried either: a code is single-use and a
// refresh token may rotate, so a repeat could only fail.
import { AbortError, UnexpectedResponseError } from '../errors';
import { defaultSleep, isAbortLike, throwIfAborted } from './abort';
import { backoffDelay, defaultBackoffOptions, parseRetryAfter } from './backoff';
import { readEnvelope, tryEnvelope } from './envelope';
import type { ResponseLike, SignalLike } from './fetch-types';
import { blockedError, httpError, truncatedError, type CallContext } from './http-errors';
import type { ApiBytes, ApiCall, ApiResult, QualtricsHttpOptions, WaitInfo } from './http-types';
import { readNotice } from './notice';
import { redact, safeUrl } from './redact';
import { SearchParams, Url, type UrlLike } from './url';

export type { ApiBytes, ApiCall, ApiResult, QualtricsHttpOptions, WaitInfo } from './http-types';

/** Encodes one path segment (an id typed by a user may hold anything). */
export const seg = (id: string): string => encodeURIComponent(id);

const TRANSIENT = new Set([500, 502, 503, 504]);

export class QualtricsHttp {
  readonly baseUrl: string;
  readonly #o: QualtricsHttpOptions;

  constructor(options: QualtricsHttpOptions) {
    this.#o = options;
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  get authKind() {
    return this.#o.auth.kind;
  }

  /** Sends a call and returns its unwrapped `result`. */
  async json(call: ApiCall): Promise<ApiResult> {
    const res = await this.#send(call);
    const text = await this.#readText(res, call);
    const env = readEnvelope(text, res.headers.get('content-type'), call.what, call.resultOptional);
    const notice = env.notice ? readNotice(env.notice) : undefined;
    if (notice) this.#o.onNotice?.(notice);
    return { result: env.result, requestId: env.requestId, notice };
  }

  /** Sends a call and returns the body as bytes (export file download). */
  async bytes(call: ApiCall): Promise<ApiBytes> {
    const res = await this.#send(call);
    let bytes: ArrayBuffer;
    try {
      bytes = await res.arrayBuffer();
    } catch (err) {
      if (call.signal?.aborted || isAbortLike(err)) throw new AbortError('Cancelled.');
      throw truncatedError(call);
    }
    return {
      bytes,
      contentType: res.headers.get('content-type'),
      contentDisposition: res.headers.get('content-disposition'),
    };
  }

  /**
   * The path and query below the API base of a `nextPage` URL. Qualtrics writes absolute URLs on
   * its own host; following them verbatim would bypass a proxy and could send the credential to
   * any host a tampered answer names, so only what follows `/API/v3` is kept.
   */
  pageCall(nextPage: string, call: ApiCall): ApiCall {
    let u: UrlLike;
    try {
      u = new Url(nextPage, `${this.baseUrl}/`);
    } catch {
      u = new Url('invalid:');
    }
    const at = u.pathname.indexOf('/API/v3/');
    const base = new Url(`${this.baseUrl}/`);
    const rest =
      at >= 0
        ? u.pathname.slice(at + '/API/v3'.length)
        : u.origin === base.origin && u.pathname.startsWith(base.pathname)
          ? u.pathname.slice(base.pathname.length - 1)
          : null;
    if (rest === null) {
      throw new UnexpectedResponseError(
        `Qualtrics' link to the next page of "${call.what}" does not point into the API ` +
          `(${safeUrl(u.href)}); the list stopped there.`,
      );
    }
    const query: Record<string, string> = {};
    u.searchParams.forEach((v, k) => (query[k] = v));
    return { ...call, path: rest, query };
  }

  #url(call: ApiCall): string {
    const params = new SearchParams();
    for (const [k, v] of Object.entries(call.query ?? {})) {
      if (v !== undefined && v !== null) params.set(k, String(v));
    }
    const q = params.toString();
    return `${this.baseUrl}${call.path}${q ? `?${q}` : ''}`;
  }

  async #readText(res: ResponseLike, call: ApiCall): Promise<string> {
    try {
      return await res.text();
    } catch (err) {
      if (call.signal?.aborted || isAbortLike(err)) throw new AbortError('Cancelled.');
      throw truncatedError(call);
    }
  }

  #ctx(call: ApiCall): CallContext {
    return { what: call.what, ids: call.ids, scope: call.scope, authKind: this.#o.auth.kind };
  }

  #scrub(err: Error): Error {
    const clean = redact(err.message, this.#o.auth.secrets());
    if (clean !== err.message) err.message = clean;
    return err;
  }

  async #wait(info: WaitInfo, signal: SignalLike | undefined): Promise<void> {
    this.#o.onWait?.(info);
    await (this.#o.sleep ?? defaultSleep)(info.ms, signal);
  }

  /** Sends until a 2xx arrives, waiting and retrying as allowed; throws the mapped error otherwise. */
  async #send(call: ApiCall): Promise<ResponseLike> {
    const o = this.#o;
    const { signal } = call;
    const url = this.#url(call);
    const random = o.random ?? Math.random;
    const now = o.now ?? Date.now;
    const backoff = o.backoff ?? defaultBackoffOptions;
    const safe = call.retryOn5xx ?? call.method === 'GET';
    let serverTries = 0;
    let rateTries = 0;
    let refreshed = false;
    for (;;) {
      throwIfAborted(signal);
      await o.limiter?.acquire(call.limit, signal);
      const headers: Record<string, string> = {
        Accept: 'application/json',
        ...(await o.auth.headers(signal)),
      };
      if (call.body !== undefined) headers['Content-Type'] = 'application/json';
      let res: ResponseLike;
      try {
        res = await o.fetch(url, {
          method: call.method,
          headers,
          body: call.body === undefined ? undefined : JSON.stringify(call.body),
          signal,
          credentials: 'omit',
          referrerPolicy: 'no-referrer',
        });
      } catch (err) {
        if (signal?.aborted || isAbortLike(err)) throw new AbortError('Cancelled.');
        throw blockedError(safeUrl(url), call);
      }
      if (res.status >= 200 && res.status < 300) return res;
      if (res.status === 401 && !refreshed && o.auth.refresh) {
        refreshed = true;
        if (await o.auth.refresh(signal)) continue;
      }
      let retryAfterMs: number | undefined;
      if (res.status === 429 && rateTries < (o.rateLimitRetries ?? 6)) {
        const after = parseRetryAfter(res.headers.get('retry-after'), now());
        const ms = after ?? backoffDelay(rateTries, random, backoff);
        retryAfterMs = ms;
        if (ms <= (o.maxRetryAfterMs ?? 300_000)) {
          rateTries++;
          await this.#wait(
            { reason: 'rate-limited', ms, attempt: rateTries, what: call.what },
            signal,
          );
          continue;
        }
      }
      if (TRANSIENT.has(res.status) && safe && serverTries < (o.serverRetries ?? 3)) {
        const ms = backoffDelay(serverTries, random, backoff);
        serverTries++;
        await this.#wait(
          { reason: 'server-error', ms, attempt: serverTries, what: call.what },
          signal,
        );
        continue;
      }
      if (res.status === 401) o.auth.rejected?.();
      const text = await this.#readText(res, call).catch((e: Error) => {
        if (e.name === 'AbortError') throw e;
        return '';
      });
      throw this.#scrub(
        httpError(res.status, tryEnvelope(text), text, res.headers.get('content-type'), {
          ...this.#ctx(call),
          retryAfterMs,
        }),
      );
    }
  }
}
