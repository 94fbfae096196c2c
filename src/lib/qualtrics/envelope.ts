// Every Qualtrics answer is `{result, meta:{httpStatus, requestId, notice?, error?}}` (reference
// §1.3), but what reaches a browser may be anything: a login page from a proxy, an HTML error
// page, a body cut off by a dropped connection. Those become one UnexpectedResponseError that
// says what arrived and what to check, never a JSON.parse crash.
import { UnexpectedResponseError } from '../errors';

/** The error part of `meta`. */
export interface EnvelopeError {
  errorCode?: string;
  errorMessage?: string;
}

/** An envelope as far as it could be read; every field may be missing. */
export interface Envelope {
  result?: unknown;
  httpStatus?: string;
  requestId?: string;
  notice?: string;
  error?: EnvelopeError;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function optString(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** What a non-JSON body looks like, for messages. */
export function describeBody(text: string, contentType: string | null): string {
  const t = text.trimStart();
  if (t === '') return 'an empty answer';
  if (/^<(!doctype|html|head|body|\?xml)?/i.test(t) || /text\/html/i.test(contentType ?? '')) {
    return 'a web page (HTML) instead of data, which usually means a login page, a proxy error page or a wrong API base URL';
  }
  if (t.startsWith('{') || t.startsWith('[')) {
    return 'data that is cut off or damaged (invalid JSON)';
  }
  return `an answer that is not JSON (content type ${contentType ?? 'unknown'})`;
}

/** Reads a body as an envelope, or null when it is not JSON (for error bodies). */
export function tryEnvelope(text: string): Envelope | null {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObject(data)) return null;
  const meta = isObject(data.meta) ? data.meta : {};
  const err = isObject(meta.error) ? meta.error : undefined;
  return {
    result: data.result,
    httpStatus: optString(meta.httpStatus),
    requestId: optString(meta.requestId),
    notice: optString(meta.notice),
    error: err && {
      errorCode: optString(err.errorCode),
      errorMessage: optString(err.errorMessage),
    },
  };
}

/** Reads a success body; throws UnexpectedResponseError when it is not an envelope with `result`. */
export function readEnvelope(
  text: string,
  contentType: string | null,
  what: string,
  resultOptional = false,
): Envelope {
  const env = tryEnvelope(text);
  if (!env) {
    throw new UnexpectedResponseError(
      `Qualtrics answered "${what}" with ${describeBody(text, contentType)}. ` +
        'Check the host and API base URL of this connection, then try again.',
    );
  }
  if (!resultOptional && (env.result === undefined || env.result === null)) {
    throw new UnexpectedResponseError(
      `Qualtrics answered "${what}" without a "result". The host or API base URL may point at ` +
        'something other than the Qualtrics API v3.',
    );
  }
  return env;
}
