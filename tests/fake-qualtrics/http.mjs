// HTTP plumbing shared by the fake server's handlers: reading bodies, the Qualtrics response
// envelope (`{result, meta:{httpStatus, requestId, notice?}}`, errors as `meta.error`), the
// response headers Qualtrics sends, and `nextPage` URLs. One place, so every endpoint answers
// with the same shape and headers as the real API (reference §1.3).
import { randomUUID } from 'node:crypto';

export const REASONS = /** @type {Record<number, string>} */ ({
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No Content',
  302: 'Found',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
});

/**
 * @typedef {{ req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse,
 *   url: URL, path: string, method: string, requestId: string, started: number,
 *   notice: string | null, headers: Record<string, string>, body: Buffer | null,
 *   params: string[], auth: { kind: string, userId: string, scopes: string[] | null } | null,
 *   logAuth: string }} Ctx
 */

/**
 * The request body, refused past `limit` bytes (the caller answers 413).
 * @param {import('node:http').IncomingMessage} req @param {number} limit
 * @returns {Promise<Buffer | 'too-large'>}
 */
export function readBody(req, limit) {
  return new Promise((resolve, reject) => {
    /** @type {Buffer[]} */
    const chunks = [];
    let size = 0;
    let over = false;
    req.on('data', (/** @type {Buffer} */ c) => {
      size += c.length;
      if (size > limit) over = true;
      else chunks.push(c);
    });
    req.on('end', () => resolve(over ? 'too-large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Headers the real API sends on every reply (reference §1.3), plus any CORS headers. @param {Ctx} ctx */
export function apiHeaders(ctx) {
  return {
    'content-type': 'application/json',
    'request-time': String(Date.now() - ctx.started),
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'strict-transport-security': 'max-age=31536000; includeSubDomains',
    'content-security-policy-report-only': "frame-ancestors 'self' *.qualtrics.com",
    'x-permitted-cross-domain-policies': 'master-only',
    ...ctx.headers,
  };
}

/**
 * @param {Ctx} ctx @param {number} status @param {Record<string, unknown>} meta
 * @param {unknown} [result] @param {Record<string, string>} [extra]
 */
function sendEnvelope(ctx, status, meta, result, extra = {}) {
  /** @type {Record<string, unknown>} */
  const m = {
    httpStatus: `${status} - ${REASONS[status] ?? 'Unknown'}`,
    requestId: ctx.requestId,
    ...meta,
  };
  if (ctx.notice) m.notice = ctx.notice;
  const body = result === undefined ? { meta: m } : { result, meta: m };
  ctx.res.writeHead(status, { ...apiHeaders(ctx), ...extra }).end(JSON.stringify(body));
}

/** A success reply. @param {Ctx} ctx @param {unknown} result @param {number} [status] */
export function sendResult(ctx, result, status = 200) {
  sendEnvelope(ctx, status, {}, result);
}

/** A reply with `meta` only (the JSON event endpoint). @param {Ctx} ctx */
export function sendMetaOnly(ctx) {
  sendEnvelope(ctx, 200, {});
}

/**
 * An error reply: `meta.error{errorMessage, errorCode}` and no `result`; 5xx add `instanceId`.
 * @param {Ctx} ctx @param {number} status @param {string} errorCode @param {string} errorMessage
 * @param {Record<string, string>} [extra]
 */
export function sendError(ctx, status, errorCode, errorMessage, extra) {
  /** @type {Record<string, string>} */
  const error = { errorMessage, errorCode };
  if (status >= 500) error.instanceId = `fake-${randomUUID().slice(0, 8)}`;
  sendEnvelope(ctx, status, { error }, undefined, extra);
}

/** Plain JSON (OAuth token endpoint, control endpoint). @param {Ctx} ctx @param {number} status @param {unknown} body @param {Record<string, string>} [extra] */
export function sendJson(ctx, status, body, extra = {}) {
  ctx.res
    .writeHead(status, {
      'content-type': 'application/json',
      'cache-control': 'no-store',
      ...ctx.headers,
      ...extra,
    })
    .end(JSON.stringify(body));
}

/** The origin this request reached, for absolute `nextPage` URLs. @param {Ctx} ctx */
export function selfOrigin(ctx) {
  return `http://${ctx.req.headers.host ?? '127.0.0.1'}`;
}

/**
 * The same request URL with some query parameters replaced: absolute, as Qualtrics' `nextPage`.
 * @param {Ctx} ctx @param {Record<string, string>} params
 */
export function pageUrl(ctx, params) {
  const u = new URL(ctx.url.pathname + ctx.url.search, selfOrigin(ctx));
  for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
  return u.toString();
}

/**
 * An `offset`-paged collection (surveys, libraries, messages): `{elements, nextPage}`.
 * @template T @param {Ctx} ctx @param {T[]} items @param {number} pageSize
 */
export function offsetPage(ctx, items, pageSize) {
  const offset = Math.max(0, Number(ctx.url.searchParams.get('offset') ?? 0) || 0);
  const elements = items.slice(offset, offset + pageSize);
  const next = offset + pageSize;
  return {
    elements,
    nextPage: next < items.length ? pageUrl(ctx, { offset: String(next) }) : null,
  };
}

/**
 * A `skipToken`-paged collection (XM Directory, distributions). The token is opaque to clients.
 * Returns null when `pageSize` or `skipToken` is invalid (the caller answers 400).
 * @template T @param {Ctx} ctx @param {T[]} items @param {number} defaultSize @param {number} maxSize
 */
export function skipTokenPage(ctx, items, defaultSize, maxSize) {
  const sizeText = ctx.url.searchParams.get('pageSize');
  const pageSize = sizeText === null ? defaultSize : Number(sizeText);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > maxSize) {
    return { error: `pageSize must be an integer from 1 to ${maxSize}.` };
  }
  const token = ctx.url.searchParams.get('skipToken');
  let offset = 0;
  if (token) {
    const m = /^st([0-9a-f]+)x$/.exec(Buffer.from(token, 'base64url').toString());
    if (!m) return { error: 'Invalid skipToken.' };
    offset = parseInt(m[1], 16);
  }
  const elements = items.slice(offset, offset + pageSize);
  const next = offset + pageSize;
  const nextToken = Buffer.from(`st${next.toString(16)}x`).toString('base64url');
  return {
    page: {
      elements,
      nextPage:
        next < items.length
          ? pageUrl(ctx, { skipToken: nextToken, pageSize: String(pageSize) })
          : null,
    },
  };
}
