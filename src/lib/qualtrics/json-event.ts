// Posting to a Qualtrics JSON Event (workflow trigger, reference §4.12). The trigger URL is
// copied from Qualtrics and lives on its own path (`/inbound-event/v1/events/json/triggers`), so
// it does not go through the API base. JSON Events do not accept OAuth (X-API-TOKEN or the
// "modified" Basic only), so a Bearer credential is refused here with a clear message instead
// of a puzzling 401; bodies over 100 KB are refused before sending. Never retried after a 5xx:
// the workflow may already have run.
import { ValidationError } from '../errors';
import type { AuthProvider } from './auth-provider';
import { originOf } from './base-url';
import type { FetchLike, SignalLike, SleepFn } from './fetch-types';
import { QualtricsHttp, type ApiResult } from './http';
import type { RateLimiter } from './rate-limit';
import { Url } from './url';

/** Largest body Qualtrics accepts (100 KB). */
export const JSON_EVENT_MAX_BYTES = 100 * 1024;

export interface JsonEventOptions {
  /** The trigger URL as Qualtrics shows it (with urlTokenId or contextId…). */
  url: string;
  payload: unknown;
  auth: AuthProvider;
  fetch: FetchLike;
  signal?: SignalLike;
  limiter?: RateLimiter;
  sleep?: SleepFn;
}

/** Sends one event; returns the envelope's result (its shape is not documented). */
export async function postJsonEvent(o: JsonEventOptions): Promise<ApiResult> {
  if (o.auth.kind === 'bearer') {
    throw new ValidationError(
      'Qualtrics JSON Events do not accept OAuth sign-ins. Use a connection with an API token (X-API-TOKEN) for this event.',
    );
  }
  const body = JSON.stringify(o.payload);
  if (body === undefined) throw new ValidationError('The event has no JSON content.');
  const size = new TextEncoder().encode(body).length;
  if (size > JSON_EVENT_MAX_BYTES) {
    throw new ValidationError(
      `The event is ${Math.ceil(size / 1024)} KB; Qualtrics JSON Events accept at most 100 KB. Send fewer fields.`,
    );
  }
  const u = originOf(o.url);
  if (!/\/inbound-event\/v1\/events\/json\/triggers\/?$/i.test(u.pathname)) {
    throw new ValidationError(
      'This is not a JSON Event trigger URL: copy it from the JSON Event of the Qualtrics workflow (…/inbound-event/v1/events/json/triggers?…).',
    );
  }
  const http = new QualtricsHttp({
    baseUrl: u.origin,
    auth: o.auth,
    fetch: o.fetch,
    limiter: o.limiter,
    sleep: o.sleep,
  });
  const query: Record<string, string> = {};
  new Url(o.url).searchParams.forEach((v, k) => (query[k] = v));
  return http.json({
    method: 'POST',
    path: u.pathname,
    query,
    body: o.payload,
    signal: o.signal,
    retryOn5xx: false,
    resultOptional: true,
    what: 'send the JSON event',
  });
}
