// A fake Qualtrics on 127.0.0.1 for the e2e tests, the unit tests of the fake itself, and
// `npm run demo`: API v3 with the real envelope, headers, error codes and auth rules, the OAuth
// authorize page and token endpoint, the JSON event trigger, switchable CORS per path, rate
// limits and transient failures, and a test-only control endpoint (`/__control/...`) that
// exists only here. The real API cannot be called from tests, and several of its behaviours
// are unconfirmed (reference §9), so each uncertain behaviour is a switch.
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { mulberry32 } from '../../scripts/prng.mjs';
import { addResponses, jsonEvent, ROUTES, seedDistributions } from './api.mjs';
import { CREDENTIALS, USERS, makeWorld } from './data.mjs';
import { readBody, sendError, sendJson } from './http.mjs';
import {
  ORG_TOKEN_PATH,
  authorizeDecision,
  authorizePage,
  orgTokenEndpoint,
  tokenEndpoint,
} from './oauth.mjs';
import { DEFAULT_SWITCHES, mergeSwitches, switchesFromEnv } from './switches.mjs';

/** @typedef {import('./http.mjs').Ctx} Ctx */
/** @typedef {import('./switches.mjs').Switches} Switches */
/**
 * @typedef {{ kind: 'api' | 'oauth', userId: string, clientId?: string,
 *   scopes: string[] | null, expiresAt: number | null, revoked: boolean }} TokenRecord
 * @typedef {{ time: string, method: string, path: string, status: number, auth: string,
 *   origin: string | null, preflight: boolean, requestId: string }} LogEntry
 * @typedef {{ switches: Switches, world: ReturnType<typeof makeWorld>,
 *   tokens: Map<string, TokenRecord>,
 *   refreshTokens: Map<string, { userId: string, clientId: string, scopes: string[], revoked: boolean }>,
 *   codes: Map<string, any>, pending: Map<string, any>, jobs: Map<string, any>,
 *   files: Map<string, any>, continuation: Map<string, { surveyId: string, watermark: number }>,
 *   rate: Map<string, number[]>, log: LogEntry[], events: any[], random: () => number }} FakeState
 */

/** Query parameters never written to the request log. */
const SECRET_PARAMS = [
  'code',
  'state',
  'client_secret',
  'code_verifier',
  'refresh_token',
  'access_token',
  'token',
];

/** @param {Switches} switches @returns {FakeState} */
function freshState(switches) {
  /** @type {FakeState} */
  const state = {
    switches,
    world: makeWorld(),
    tokens: new Map(
      CREDENTIALS.apiTokens.map((t) => [
        t.token,
        { kind: 'api', userId: t.userId, scopes: null, expiresAt: null, revoked: false },
      ]),
    ),
    refreshTokens: new Map(),
    codes: new Map(),
    pending: new Map(),
    jobs: new Map(),
    files: new Map(),
    continuation: new Map(),
    rate: new Map(),
    log: [],
    events: [],
    random: mulberry32(7),
  };
  seedDistributions(state);
  return state;
}

/** Which CORS rules apply to a path. @param {string} path */
function pathClass(path) {
  if (path === '/API/v3' || path.startsWith('/API/v3/')) return 'api';
  if (path === '/oauth2/token') return 'token';
  if (path === ORG_TOKEN_PATH) return 'org-token';
  if (/^\/inbound-event\/v1\/events\/json\/triggers$/i.test(path)) return 'events';
  if (path.startsWith('/__control')) return 'control';
  return 'page';
}

/**
 * The headers a cross-origin request may carry on a path, or null when the path sends no
 * CORS headers at all.
 * @param {Switches} s @param {string} cls
 */
function corsHeadersAllowed(s, cls) {
  if (cls === 'api') {
    if (s.corsApi === 'off') return null;
    return s.corsApi === 'all'
      ? ['content-type', 'x-api-token', 'authorization']
      : ['content-type', 'x-api-token'];
  }
  if (cls === 'token') return s.corsToken ? ['content-type', 'authorization'] : null;
  // The organisation's token URL is run for the app: it always answers the browser.
  if (cls === 'org-token') return ['content-type'];
  if (cls === 'events') {
    return s.corsEvents ? ['content-type', 'x-api-token', 'authorization'] : null;
  }
  return null;
}

/** Authenticates an API v3 call; answers and returns false when it fails. @param {Ctx} ctx @param {FakeState} state */
function authenticate(ctx, state) {
  const apiToken = ctx.req.headers['x-api-token'];
  const authz = String(ctx.req.headers.authorization ?? '');
  const bearer = /^Bearer\s+(\S+)$/i.exec(authz);
  if (typeof apiToken === 'string' && apiToken !== '') {
    ctx.logAuth = 'x-api-token';
    const t = state.tokens.get(apiToken);
    if (!t || t.kind !== 'api') {
      sendError(ctx, 401, 'UNAUTHORIZED', 'Unrecognized X-API-TOKEN.');
      return false;
    }
    if (t.revoked) {
      sendError(ctx, 401, 'UNAUTHORIZED', 'This API token has been revoked or regenerated.');
      return false;
    }
    ctx.auth = { kind: 'api', userId: t.userId, scopes: null };
    return true;
  }
  if (bearer) {
    ctx.logAuth = 'bearer';
    const t = state.tokens.get(bearer[1]);
    if (!t || t.kind !== 'oauth') {
      sendError(ctx, 401, 'UNAUTHORIZED', 'Invalid access token.');
      return false;
    }
    if (t.revoked) {
      sendError(ctx, 401, 'UNAUTHORIZED', 'The access token has been revoked.');
      return false;
    }
    if (state.switches.tokensExpired || (t.expiresAt !== null && Date.now() >= t.expiresAt)) {
      sendError(ctx, 401, 'UNAUTHORIZED', 'The access token has expired.');
      return false;
    }
    ctx.auth = { kind: 'oauth', userId: t.userId, scopes: t.scopes };
    return true;
  }
  ctx.logAuth = authz ? 'other' : 'none';
  sendError(ctx, 400, 'ATP_2', 'Expected authorization in headers, but none provided.');
  return false;
}

/** @param {string[]} scopes @param {string} needed */
function hasScope(scopes, needed) {
  const [, resource] = needed.split(':');
  return (
    scopes.includes('manage:all') ||
    scopes.includes(needed) ||
    scopes.includes(`manage:${resource}`)
  );
}

/** Rate limits, bursts and injected failures; answers and returns false when one hits. @param {Ctx} ctx @param {FakeState} state @param {string | undefined} bucket */
function faults(ctx, state, bucket) {
  const s = state.switches;
  /** @type {Record<string, string>} */
  const retry = s.retryAfter === null ? {} : { 'retry-after': String(s.retryAfter) };
  const matches = s.faultPath === '' || ctx.path.includes(s.faultPath);
  if (matches && s.burst429 > 0) {
    s.burst429--;
    sendError(ctx, 429, 'RATE_LIMIT', 'Too many requests. Please try again later.', retry);
    return false;
  }
  if (matches && s.failNext > 0) {
    s.failNext--;
    sendError(
      ctx,
      s.failStatus,
      'SERVER_ERROR',
      s.failStatus === 504 ? 'Gateway timeout.' : 'An unexpected error occurred.',
    );
    return false;
  }
  if (matches && s.failRate > 0 && state.random() < s.failRate) {
    sendError(ctx, 500, 'SERVER_ERROR', 'An unexpected error occurred.');
    return false;
  }
  const now = Date.now();
  const buckets = ['brand', ...(bucket ? [bucket] : [])];
  for (const key of buckets) {
    const hits = (state.rate.get(key) ?? []).filter((t) => now - t < s.rateWindowMs);
    state.rate.set(key, hits);
    const limit = /** @type {Record<string, number>} */ (s.rateLimits)[key];
    if (hits.length >= limit) {
      sendError(
        ctx,
        429,
        'RATE_LIMIT',
        `Rate limit exceeded for ${key === 'brand' ? 'the brand' : 'this endpoint'} (${limit} requests per ${s.rateWindowMs / 1000} s).`,
        retry,
      );
      return false;
    }
  }
  for (const key of buckets) state.rate.get(key)?.push(now);
  return true;
}

/** @param {Ctx} ctx @param {FakeState} state */
function handleApi(ctx, state) {
  const s = state.switches;
  if (s.proxyNotice && (!s.proxyNoticeWhenHost || ctx.req.headers.host === s.proxyNoticeWhenHost)) {
    ctx.notice = `Request proxied. For faster response times, use this host instead: ${s.proxyNotice}`;
  }
  let match = null;
  let methodSeen = false;
  for (const route of ROUTES) {
    const m = route.pattern.exec(ctx.path);
    if (!m) continue;
    methodSeen = true;
    if (route.method === ctx.method) {
      match = { route, params: m.slice(1) };
      break;
    }
  }
  if (!match) {
    if (methodSeen) {
      sendError(ctx, 405, 'METHOD_NOT_ALLOWED', `${ctx.method} is not allowed on ${ctx.path}.`);
    } else sendError(ctx, 404, 'NOT_FOUND', `No API endpoint at ${ctx.path}.`);
    return;
  }
  if (!authenticate(ctx, state)) return;
  const scopes = ctx.auth?.scopes;
  if (scopes && match.route.scope && !hasScope(scopes, match.route.scope)) {
    sendError(
      ctx,
      403,
      'FORBIDDEN',
      `The access token is missing the scope ${match.route.scope}, needed for ${ctx.method} ${ctx.path.replace('/API/v3', '')}.`,
    );
    return;
  }
  if (!faults(ctx, state, match.route.rate)) return;
  ctx.params = match.params;
  match.route.handler(ctx, state);
}

/**
 * @param {Ctx} ctx @param {FakeState} state @param {{ startSwitches: Switches, reset: () => void }} server
 */
function handleControl(ctx, state, server) {
  const p = ctx.path.replace(/^\/__control/, '');
  /** @returns {Record<string, any>} */
  const body = () => {
    try {
      const v = JSON.parse(ctx.body?.toString('utf8') || '{}');
      return typeof v === 'object' && v !== null ? v : {};
    } catch {
      return {};
    }
  };
  if (p === '/switches' && ctx.method === 'GET') return sendJson(ctx, 200, state.switches);
  if (p === '/switches' && ctx.method === 'POST') {
    try {
      state.switches = mergeSwitches(state.switches, body());
    } catch (e) {
      return sendJson(ctx, 400, { error: /** @type {Error} */ (e).message });
    }
    return sendJson(ctx, 200, state.switches);
  }
  if (p === '/reset' && ctx.method === 'POST') {
    server.reset();
    return sendJson(ctx, 200, { ok: true });
  }
  if (p === '/log' && ctx.method === 'GET') return sendJson(ctx, 200, state.log);
  if (p === '/log' && ctx.method === 'DELETE') {
    state.log.length = 0;
    return sendJson(ctx, 200, { ok: true });
  }
  if (p === '/events' && ctx.method === 'GET') return sendJson(ctx, 200, state.events);
  if (p === '/events' && ctx.method === 'DELETE') {
    state.events.length = 0;
    return sendJson(ctx, 200, { ok: true });
  }
  if (p === '/credentials' && ctx.method === 'GET') {
    return sendJson(ctx, 200, { ...CREDENTIALS, users: USERS });
  }
  const grow = /^\/surveys\/([A-Za-z0-9_]+)\/responses$/.exec(p);
  if (grow && ctx.method === 'POST') {
    const survey = state.world.surveys.find((x) => x.id === grow[1]);
    if (!survey) return sendJson(ctx, 404, { error: `No survey ${grow[1]}` });
    const b = body();
    const count = Number(b.count ?? 1);
    if (!Number.isInteger(count) || count < 1 || count > 10_000) {
      return sendJson(ctx, 400, { error: 'count must be 1–10000' });
    }
    const added = addResponses(state, survey, count, b.inProgress === true);
    return sendJson(ctx, 200, {
      added,
      total: survey.responses.filter((r) => !r.inProgress).length,
    });
  }
  if (p === '/tokens' && ctx.method === 'POST') {
    const b = body();
    if (b.action !== 'revoke' && b.action !== 'expire') {
      return sendJson(ctx, 400, { error: 'action must be revoke or expire' });
    }
    let affected = 0;
    for (const [token, t] of [...state.tokens, ...state.refreshTokens]) {
      const kind = 'kind' in t ? t.kind : 'refresh';
      if (
        b.token !== undefined
          ? token !== b.token
          : b.kind !== undefined && b.kind !== 'all' && kind !== b.kind
      ) {
        continue;
      }
      if (b.action === 'revoke') t.revoked = true;
      else if ('expiresAt' in t && t.expiresAt !== null) t.expiresAt = Date.now() - 1;
      else continue;
      affected++;
    }
    return sendJson(ctx, 200, { affected });
  }
  sendJson(ctx, 404, { error: `No control endpoint ${ctx.method} ${ctx.path}` });
}

/** @param {Ctx} ctx */
function indexPage(ctx) {
  const rows = [
    ['API base URL', `http://${ctx.req.headers.host}/API/v3`],
    ...CREDENTIALS.apiTokens.map((t) => [
      `API token (${USERS.find((u) => u.userId === t.userId)?.userName})`,
      t.token,
    ]),
    ['Authorization-code client id', CREDENTIALS.authCodeClient.clientId],
    ['Authorization-code client secret', CREDENTIALS.authCodeClient.clientSecret],
    ['Client-credentials client id', CREDENTIALS.clientCredentialsClient.clientId],
    ['Client-credentials client secret', CREDENTIALS.clientCredentialsClient.clientSecret],
  ];
  ctx.res
    .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
    .end(
      `<!doctype html><meta charset="utf-8"><title>Fake Qualtrics</title><h1>Fake Qualtrics for XO Bridge</h1><table>${rows
        .map(([k, v]) => `<tr><th align="left">${k}</th><td><code>${v}</code></td></tr>`)
        .join('')}</table>`,
    );
}

/**
 * Starts the fake server. `port: 0` picks a free port (tests); switches merge over the
 * defaults and the `FAKE_QUALTRICS_*` environment.
 * @param {{ port?: number, host?: string, switches?: Record<string, unknown>,
 *   env?: NodeJS.ProcessEnv, control?: boolean }} [options]
 */
export async function startFakeQualtrics(options = {}) {
  const host = options.host ?? '127.0.0.1';
  const startSwitches = mergeSwitches(
    mergeSwitches(DEFAULT_SWITCHES, switchesFromEnv(options.env ?? process.env)),
    options.switches ?? {},
  );
  const control = options.control ?? true;
  /** @type {FakeState} */
  let state = freshState(mergeSwitches(startSwitches, {}));
  const api = {
    startSwitches,
    reset: () => {
      const log = state.log;
      state = freshState(mergeSwitches(startSwitches, {}));
      state.log = log;
      log.length = 0;
    },
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(e));
    });
  });

  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res */
  async function handle(req, res) {
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
    const origin = typeof req.headers.origin === 'string' ? req.headers.origin : null;
    const preflight =
      req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
    /** @type {Ctx} */
    const ctx = {
      req,
      res,
      url,
      path,
      method: req.method ?? 'GET',
      requestId: randomUUID(),
      started: Date.now(),
      notice: null,
      headers: {},
      body: null,
      params: [],
      auth: null,
      logAuth: 'none',
    };
    const cls = pathClass(path);
    res.on('finish', () => {
      if (cls === 'control') return;
      const logged = new URL(url);
      for (const k of SECRET_PARAMS) {
        if (logged.searchParams.has(k)) logged.searchParams.set(k, '[redacted]');
      }
      state.log.push({
        time: new Date(ctx.started).toISOString(),
        method: ctx.method,
        path: logged.pathname + logged.search,
        status: res.statusCode,
        auth: ctx.logAuth,
        origin,
        preflight,
        requestId: ctx.requestId,
      });
    });

    const s = state.switches;
    const allowed = corsHeadersAllowed(s, cls);
    const originOk =
      origin !== null &&
      allowed !== null &&
      (s.corsOrigins === '*' ||
        s.corsOrigins
          .split(',')
          .map((o) => o.trim())
          .includes(origin));
    if (preflight) {
      if (!originOk) {
        // Why: a server without CORS answers OPTIONS without Access-Control-* headers.
        res.writeHead(204, { vary: 'Origin' }).end();
        return;
      }
      res
        .writeHead(204, {
          'access-control-allow-origin': /** @type {string} */ (origin),
          'access-control-allow-methods': 'GET, POST, PUT, DELETE',
          'access-control-allow-headers': /** @type {string[]} */ (allowed).join(', '),
          // Why: tests switch CORS modes mid-run; a cached preflight would hide the change.
          'access-control-max-age': '0',
          vary: 'Origin',
        })
        .end();
      return;
    }
    const bearerRefused =
      cls === 'api' && s.corsApi === 'api-token-only' && req.headers.authorization !== undefined;
    if (originOk && !bearerRefused) {
      ctx.headers['access-control-allow-origin'] = /** @type {string} */ (origin);
      ctx.headers.vary = 'Origin';
      if (s.corsExposeHeaders) {
        ctx.headers['access-control-expose-headers'] =
          'Retry-After, Content-Disposition, request-time';
      }
    }

    if (req.method === 'POST' || req.method === 'PUT') {
      const limit = cls === 'events' ? s.maxEventBytes : 20 * 1024 * 1024;
      const body = await readBody(req, limit);
      if (body === 'too-large') {
        sendError(ctx, 413, 'PAYLOAD_TOO_LARGE', `The request body is larger than ${limit} bytes.`);
        return;
      }
      ctx.body = body;
    }

    if (cls === 'api') return handleApi(ctx, state);
    if (cls === 'token') {
      if (ctx.method !== 'POST') {
        return sendJson(ctx, 405, { error: 'invalid_request', error_description: 'Use POST' });
      }
      return tokenEndpoint(ctx, state);
    }
    if (cls === 'org-token') {
      if (ctx.method !== 'POST') {
        return sendJson(ctx, 405, { error: 'invalid_request', error_description: 'Use POST' });
      }
      return orgTokenEndpoint(ctx, state);
    }
    if (cls === 'events') {
      if (ctx.method !== 'POST') return sendError(ctx, 405, 'METHOD_NOT_ALLOWED', 'Use POST.');
      return jsonEvent(ctx, state);
    }
    if (cls === 'control' && control) return handleControl(ctx, state, api);
    if (path === '/oauth2/auth' && ctx.method === 'GET') return authorizePage(ctx, state);
    if (path === '/oauth2/auth/decision' && ctx.method === 'POST') {
      return authorizeDecision(ctx, state);
    }
    if (path === '/' && ctx.method === 'GET') return indexPage(ctx);
    // Why: browsers ask for it on the consent page; a 404 would show as a console error in e2e.
    if (path === '/favicon.ico') return void res.writeHead(204).end();
    res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
  }

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8788, host, () => resolve(undefined));
  });
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  const url = `http://${host}:${address.port}`;
  return {
    url,
    port: address.port,
    /** The live state (switches, world, tokens, log, events); replaced by `reset()`. */
    get state() {
      return state;
    },
    /** @param {Record<string, unknown>} patch */
    setSwitches: (patch) => {
      state.switches = mergeSwitches(state.switches, patch);
      return state.switches;
    },
    reset: api.reset,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve(undefined));
        server.closeAllConnections();
      }),
  };
}
