// The fake server's switches: every behaviour the reference marks as unknown or situational
// (CORS per path, PKCE and client-secret modes, token expiry, rate limits with or without
// Retry-After, transient 5xx, slow and failing exports, the proxied-host notice) can be set
// at start from the environment (`FAKE_QUALTRICS_<NAME>`) and changed by tests through
// `POST /__control/switches`, so the app is tested against every combination it may meet.

/** Per-endpoint requests per window (reference §1.5, §3.1). */
export const DEFAULT_RATE_LIMITS = {
  brand: 3000,
  exportStart: 100,
  exportProgress: 1000,
  exportFile: 100,
  singleResponse: 240,
  distributionLinks: 500,
  distributionHistory: 300,
};

export const DEFAULT_SWITCHES = {
  /** CORS on /API/v3: 'all' (X-API-TOKEN and Authorization), 'api-token-only' (preflight refuses Authorization), 'off'. */
  corsApi: 'all',
  /** CORS on POST /oauth2/token. */
  corsToken: true,
  /** CORS on the JSON event trigger URL. */
  corsEvents: true,
  /** Allowed origins: '*' (any, echoed back) or a comma-separated list. */
  corsOrigins: '*',
  /** Access-Control-Expose-Headers: Retry-After, Content-Disposition, request-time. */
  corsExposeHeaders: true,
  /** PKCE at the token endpoint: 'verify' (check when a challenge was sent), 'enforce' (challenge required), 'ignore', 'reject' (400 when a verifier or challenge is present). */
  pkce: 'verify',
  /** Client secret for authorization_code and refresh_token: 'required' or 'optional'. */
  clientSecret: 'required',
  /** Issue refresh tokens with the authorization-code grant. */
  refreshTokens: true,
  /** Each refresh returns a new refresh token and retires the old one. */
  rotateRefreshTokens: false,
  /** Access-token lifetime in seconds. */
  accessTokenTtl: 3600,
  /** Authorization-code lifetime in seconds. */
  codeTtl: 600,
  /** Accept any http://127.0.0.1:* or http://localhost:* redirect URI (loopback, RFC 8252) besides the registered ones. */
  allowLoopbackRedirects: true,
  /** Every OAuth access token answers 401 as expired. */
  tokensExpired: false,
  /** Requests per window per endpoint key; partial objects merge with the defaults. */
  rateLimits: { ...DEFAULT_RATE_LIMITS },
  rateWindowMs: 60_000,
  /** Seconds sent in Retry-After on 429; null sends no Retry-After. */
  retryAfter: /** @type {number | null} */ (1),
  /** The next N matching API calls answer 429. */
  burst429: 0,
  /** The next N matching API calls answer `failStatus`. */
  failNext: 0,
  failStatus: 500,
  /** Fraction of matching API calls that answer 500 (seeded, so runs repeat). */
  failRate: 0,
  /** Only API paths containing this text are hit by burst429 / failNext / failRate ('' = all). */
  faultPath: '',
  /** Progress polls answered `inProgress` before an export completes. */
  exportPolls: 2,
  /** How exports end: 'complete' or 'failed'. */
  exportOutcome: 'complete',
  /** Status polls answered `inProgress` before a contact import completes. */
  importPolls: 1,
  /** Host suggested in `meta.notice` ("Request proxied…"); '' = no notice. */
  proxyNotice: '',
  /** Only add the notice when the request's Host header is this ('' = always). */
  proxyNoticeWhenHost: '',
  /** While the notice applies, export starts answer 400 (as users reported). */
  proxyExport400: false,
  /** Page size of offset-paged lists (surveys, libraries, messages). */
  offsetPageSize: 100,
  /** Default page size of skipToken-paged lists (contacts, distributions, history). */
  skipTokenPageSize: 50,
  /** Largest JSON event body in bytes. */
  maxEventBytes: 100 * 1024,
};

/** @typedef {typeof DEFAULT_SWITCHES} Switches */

const ENUMS = /** @type {Record<string, string[]>} */ ({
  corsApi: ['all', 'api-token-only', 'off'],
  pkce: ['verify', 'enforce', 'ignore', 'reject'],
  clientSecret: ['required', 'optional'],
  exportOutcome: ['complete', 'failed'],
});

/** CORS presets (one word for the common situations; `cors` in env or control). */
export const CORS_PRESETS = /** @type {Record<string, Partial<Switches>>} */ ({
  all: { corsApi: 'all', corsToken: true, corsEvents: true },
  'api-token-only': { corsApi: 'api-token-only', corsToken: true, corsEvents: true },
  'no-token-cors': { corsApi: 'all', corsToken: false, corsEvents: true },
  off: { corsApi: 'off', corsToken: false, corsEvents: false },
});

/**
 * Validates and merges a partial switch object. Throws a message naming the bad key.
 * @param {Switches} current @param {Record<string, unknown>} patch @returns {Switches}
 */
export function mergeSwitches(current, patch) {
  /** @type {Record<string, unknown>} */
  const next = { ...current, rateLimits: { ...current.rateLimits } };
  for (const [key, value] of Object.entries(patch)) {
    if (key === 'cors') {
      const preset = CORS_PRESETS[String(value)];
      if (!preset) throw new Error(`cors must be one of ${Object.keys(CORS_PRESETS).join(', ')}`);
      Object.assign(next, preset);
      continue;
    }
    if (!(key in DEFAULT_SWITCHES)) throw new Error(`Unknown switch "${key}"`);
    const def = /** @type {Record<string, unknown>} */ (DEFAULT_SWITCHES)[key];
    if (key === 'rateLimits') {
      if (typeof value !== 'object' || value === null) {
        throw new Error('rateLimits must be an object');
      }
      for (const [k, v] of Object.entries(value)) {
        if (!(k in DEFAULT_RATE_LIMITS)) throw new Error(`Unknown rate limit "${k}"`);
        if (typeof v !== 'number' || v < 0) throw new Error(`rateLimits.${k} must be a number ≥ 0`);
      }
      Object.assign(/** @type {object} */ (next.rateLimits), value);
    } else if (key === 'retryAfter') {
      if (value !== null && (typeof value !== 'number' || value < 0)) {
        throw new Error('retryAfter must be a number of seconds or null');
      }
      next[key] = value;
    } else if (typeof value !== typeof def) {
      throw new Error(`${key} must be a ${typeof def}`);
    } else if (ENUMS[key] && !ENUMS[key].includes(/** @type {string} */ (value))) {
      throw new Error(`${key} must be one of ${ENUMS[key].join(', ')}`);
    } else {
      next[key] = value;
    }
  }
  return /** @type {Switches} */ (next);
}

/** `corsApi` → `FAKE_QUALTRICS_CORS_API`. @param {string} key */
export const envName = (key) =>
  `FAKE_QUALTRICS_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;

/**
 * Switches from the environment: `FAKE_QUALTRICS_CORS=no-token-cors`,
 * `FAKE_QUALTRICS_PKCE=enforce`, `FAKE_QUALTRICS_RETRY_AFTER=none`,
 * `FAKE_QUALTRICS_RATE_LIMITS={"exportStart":5}`…
 * @param {NodeJS.ProcessEnv} env @returns {Record<string, unknown>}
 */
export function switchesFromEnv(env) {
  /** @type {Record<string, unknown>} */
  const patch = {};
  if (env.FAKE_QUALTRICS_CORS) patch.cors = env.FAKE_QUALTRICS_CORS;
  for (const [key, def] of Object.entries(DEFAULT_SWITCHES)) {
    const raw = env[envName(key)];
    if (raw === undefined || raw === '') continue;
    if (key === 'rateLimits') patch[key] = JSON.parse(raw);
    else if (key === 'retryAfter') {
      patch[key] = raw === 'none' || raw === 'null' ? null : Number(raw);
    } else if (typeof def === 'boolean') patch[key] = /^(1|true|on|yes)$/i.test(raw);
    else if (typeof def === 'number') patch[key] = Number(raw);
    else patch[key] = raw;
  }
  return patch;
}
