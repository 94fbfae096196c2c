// The fake server's switches over HTTP: CORS preflights per path and mode, rate limits with and
// without Retry-After, 429 bursts, injected 5xx, the JSON event trigger, the control endpoint
// (validation, reset, the request log without secrets) and switches from the environment.
import { describe, expect, it } from 'vitest';
import { startFakeQualtrics } from '../../fake-qualtrics/server.mjs';
import { envName, switchesFromEnv } from '../../fake-qualtrics/switches.mjs';
import {
  ADA_TOKEN,
  AUTH_CLIENT,
  CC_CLIENT,
  CX_SURVEY,
  SAM_TOKEN,
  api,
  control,
  token,
  useFake,
} from './helpers';
import type { Json } from './helpers';
import { CREDENTIALS } from '../../fake-qualtrics/data.mjs';

const box = useFake();
const ORIGIN = 'http://127.0.0.1:4317';

function preflight(path: string, headers: string, origin = ORIGIN) {
  return fetch(`${box.fake.url}${path}`, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': headers,
    },
  });
}

/** Would a browser let this preflight through for these request headers? */
async function browserAllows(path: string, headers: string, origin = ORIGIN): Promise<boolean> {
  const res = await preflight(path, headers, origin);
  const allowOrigin = res.headers.get('access-control-allow-origin');
  const allowHeaders = (res.headers.get('access-control-allow-headers') ?? '')
    .toLowerCase()
    .split(/\s*,\s*/);
  return (
    res.ok &&
    (allowOrigin === origin || allowOrigin === '*') &&
    headers.split(',').every((h) => allowHeaders.includes(h.trim().toLowerCase()))
  );
}

describe('CORS', () => {
  it('default: API v3 allows X-API-TOKEN and Authorization from Json origin; token and event endpoints answer too', async () => {
    expect(await browserAllows('/API/v3/whoami', 'x-api-token')).toBe(true);
    expect(
      await browserAllows('/API/v3/surveys/SV_x/export-responses', 'content-type,x-api-token'),
    ).toBe(true);
    expect(await browserAllows('/API/v3/whoami', 'authorization')).toBe(true);
    expect(await browserAllows('/oauth2/token', 'content-type')).toBe(true);
    expect(
      await browserAllows(
        '/inbound-event/v1/events/json/triggers?urlTokenId=x',
        'content-type,x-api-token',
      ),
    ).toBe(true);
    const res = await preflight('/API/v3/whoami', 'x-api-token');
    expect(res.headers.get('access-control-max-age')).toBe('0');
    const get = await api(box.fake, '/whoami', { headers: { origin: ORIGIN } });
    expect(get.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(get.headers.get('access-control-expose-headers')).toContain('Retry-After');
    expect(get.headers.get('access-control-expose-headers')).toContain('Content-Disposition');
  });

  it('api-token-only: the preflight refuses Authorization but not X-API-TOKEN', async () => {
    await control(box.fake, '/switches', { corsApi: 'api-token-only' });
    expect(await browserAllows('/API/v3/whoami', 'x-api-token')).toBe(true);
    expect(await browserAllows('/API/v3/whoami', 'authorization')).toBe(false);
    expect(await browserAllows('/oauth2/token', 'content-type')).toBe(true);
  });

  it('no-token-cors: the token endpoint sends no CORS headers, the API still does', async () => {
    await control(box.fake, '/switches', { cors: 'no-token-cors' });
    expect(await browserAllows('/oauth2/token', 'content-type')).toBe(false);
    const res = await fetch(`${box.fake.url}/oauth2/token`, {
      method: 'POST',
      headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(await browserAllows('/API/v3/whoami', 'authorization')).toBe(true);
  });

  it('off: no path sends CORS headers', async () => {
    await control(box.fake, '/switches', { cors: 'off' });
    expect(await browserAllows('/API/v3/whoami', 'x-api-token')).toBe(false);
    expect(await browserAllows('/inbound-event/v1/events/json/triggers', 'content-type')).toBe(
      false,
    );
    const get = await api(box.fake, '/whoami', { headers: { origin: ORIGIN } });
    expect(get.status).toBe(200);
    expect(get.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('an origin list admits only the listed origins', async () => {
    await control(box.fake, '/switches', { corsOrigins: `${ORIGIN}, http://localhost:4317` });
    expect(await browserAllows('/API/v3/whoami', 'x-api-token')).toBe(true);
    expect(await browserAllows('/API/v3/whoami', 'x-api-token', 'https://elsewhere.example')).toBe(
      false,
    );
  });
});

describe('rate limits and transient errors', () => {
  it('per-endpoint limits answer 429 with Retry-After, without it when switched off, and recover after the window', async () => {
    await control(box.fake, '/switches', { rateLimits: { exportStart: 2 }, rateWindowMs: 2000 });
    const start = () =>
      api(box.fake, `/surveys/${CX_SURVEY}/export-responses`, {
        body: { format: 'csv', limit: 1 },
      });
    expect((await start()).status).toBe(200);
    expect((await start()).status).toBe(200);
    const limited = await start();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(limited.json.meta.httpStatus).toBe('429 - Too Many Requests');
    expect(limited.json.meta.error?.errorCode).toBe('RATE_LIMIT');
    // Other endpoints have their own buckets.
    expect((await api(box.fake, '/whoami')).status).toBe(200);
    await control(box.fake, '/switches', { retryAfter: null });
    const bare = await start();
    expect(bare.status).toBe(429);
    expect(bare.headers.get('retry-after')).toBeNull();
    await new Promise((r) => setTimeout(r, 2050));
    expect((await start()).status).toBe(200);
  });

  it('the brand-wide limit covers every endpoint', async () => {
    await control(box.fake, '/switches', { rateLimits: { brand: 3 }, retryAfter: 7 });
    for (let i = 0; i < 3; i++) expect((await api(box.fake, '/whoami')).status).toBe(200);
    const limited = await api(box.fake, '/surveys');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
  });

  it('a burst answers 429 to the next N matching calls only', async () => {
    await control(box.fake, '/switches', { burst429: 2, faultPath: 'export-responses' });
    expect((await api(box.fake, '/whoami')).status).toBe(200);
    const start = () =>
      api(box.fake, `/surveys/${CX_SURVEY}/export-responses`, { body: { format: 'csv' } });
    expect((await start()).status).toBe(429);
    expect((await start()).status).toBe(429);
    expect((await start()).status).toBe(200);
  });

  it.each([500, 503, 504])(
    'the next N calls answer %i with meta.error.instanceId',
    async (status) => {
      await control(box.fake, '/switches', { failNext: 1, failStatus: status });
      const bad = await api(box.fake, '/whoami');
      expect(bad.status).toBe(status);
      expect(bad.json.meta.error?.instanceId).toEqual(expect.any(String));
      expect((await api(box.fake, '/whoami')).status).toBe(200);
    },
  );

  it('failRate fails about that share of calls, repeatably', async () => {
    await control(box.fake, '/switches', { failRate: 0.25 });
    const statuses: number[] = [];
    for (let i = 0; i < 80; i++) statuses.push((await api(box.fake, '/whoami')).status);
    const failed = statuses.filter((s) => s === 500).length;
    expect(failed).toBeGreaterThan(8);
    expect(failed).toBeLessThan(35);
    box.fake.reset();
    await control(box.fake, '/switches', { failRate: 0.25 });
    const again: number[] = [];
    for (let i = 0; i < 80; i++) again.push((await api(box.fake, '/whoami')).status);
    expect(again).toEqual(statuses);
  });
});

describe('JSON event trigger', () => {
  const url = (id = CREDENTIALS.eventUrlTokenId) =>
    `${box.fake.url}/inbound-event/v1/events/json/triggers?urlTokenId=${id}`;
  const post = (
    headers: Record<string, string>,
    body = '{"emailAddress":"a@example.com","score":9}',
    id?: string,
  ) =>
    fetch(url(id), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });

  it('accepts X-API-TOKEN and "modified" Basic (username:apiToken), records what it received', async () => {
    const a = await post({ 'x-api-token': ADA_TOKEN });
    expect(a.status).toBe(200);
    const json = await a.json();
    expect(json.meta.httpStatus).toBe('200 - OK');
    const basic = Buffer.from(`sam.sender@xo-bridge.example:${SAM_TOKEN}`).toString('base64');
    expect((await post({ authorization: `Basic ${basic}` }, '{"n":2}')).status).toBe(200);
    const events = (await control(box.fake, '/events')).body;
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({
      urlTokenId: CREDENTIALS.eventUrlTokenId,
      auth: 'x-api-token',
      userId: 'UR_8wfG5qsMxuh0Jrn',
      body: { emailAddress: 'a@example.com', score: 9 },
    });
    expect(events[1]).toMatchObject({
      auth: 'basic',
      userId: 'UR_3KqT7mNb2Xc9VfL',
      body: { n: 2 },
    });
    expect(JSON.stringify(events)).not.toContain(ADA_TOKEN);
  });

  it('rejects Bearer, bad Basic, missing auth, non-JSON, and bodies over 100 KB', async () => {
    const cc = await token(box.fake, { grant_type: 'client_credentials' }, [
      CC_CLIENT.clientId,
      CC_CLIENT.clientSecret,
    ]);
    const bearer = await post({ authorization: `Bearer ${cc.body.access_token}` });
    expect(bearer.status).toBe(401);
    expect((await bearer.json()).meta.error.errorMessage).toContain('OAuth');
    const wrongUser = Buffer.from(`someone:${ADA_TOKEN}`).toString('base64');
    expect((await post({ authorization: `Basic ${wrongUser}` })).status).toBe(401);
    expect((await post({})).status).toBe(400);
    expect((await post({ 'x-api-token': ADA_TOKEN }, 'not json')).status).toBe(400);
    expect(
      (await post({ 'x-api-token': ADA_TOKEN, 'content-type': 'application/xml' }, '<a/>')).status,
    ).toBe(415);
    const big = JSON.stringify({ pad: 'x'.repeat(100 * 1024) });
    expect((await post({ 'x-api-token': ADA_TOKEN }, big)).status).toBe(413);
    const justUnder = JSON.stringify({ pad: 'x'.repeat(100 * 1024 - 20) });
    expect((await post({ 'x-api-token': ADA_TOKEN }, justUnder)).status).toBe(200);
    expect((await post({ 'x-api-token': ADA_TOKEN }, '{}', 'unknown-token')).status).toBe(404);
    expect((await control(box.fake, '/events')).body).toHaveLength(1);
  });

  it('a trigger with authentication off takes calls without auth', async () => {
    expect((await post({}, '{"a":1}', CREDENTIALS.openEventUrlTokenId)).status).toBe(200);
  });
});

describe('control endpoint', () => {
  it('validates switches and names the bad one', async () => {
    expect((await control(box.fake, '/switches', { pkce: 'sometimes' })).status).toBe(400);
    expect((await control(box.fake, '/switches', { nope: 1 })).body.error).toContain('nope');
    expect((await control(box.fake, '/switches', { exportPolls: 'two' })).status).toBe(400);
    expect((await control(box.fake, '/switches', { rateLimits: { everything: 1 } })).status).toBe(
      400,
    );
    const ok = await control(box.fake, '/switches', { exportPolls: 5, cors: 'api-token-only' });
    expect(ok.body).toMatchObject({ exportPolls: 5, corsApi: 'api-token-only', corsToken: true });
    expect((await control(box.fake, '/switches')).body.exportPolls).toBe(5);
    await control(box.fake, '/reset', {});
    expect((await control(box.fake, '/switches')).body.exportPolls).toBe(2);
  });

  it('logs requests without secrets (codes, states, verifiers, tokens)', async () => {
    await api(box.fake, '/whoami', { headers: { origin: ORIGIN } });
    await api(box.fake, '/whoami', { token: null });
    const page = await fetch(
      `${box.fake.url}/oauth2/auth?response_type=code&client_id=${AUTH_CLIENT.clientId}&redirect_uri=${encodeURIComponent(ORIGIN + '/')}&state=secret-state&code_challenge=abc`,
    );
    expect(page.status).toBe(200);
    await token(
      box.fake,
      { grant_type: 'authorization_code', code: 'secret-code', code_verifier: 'secret-verifier' },
      [AUTH_CLIENT.clientId, AUTH_CLIENT.clientSecret],
    );
    const log = (await control(box.fake, '/log')).body;
    expect(log.map((e: Json) => [e.method, e.path.split('?')[0], e.status, e.auth])).toEqual([
      ['GET', '/API/v3/whoami', 200, 'x-api-token'],
      ['GET', '/API/v3/whoami', 400, 'none'],
      ['GET', '/oauth2/auth', 200, 'none'],
      ['POST', '/oauth2/token', 400, 'none'],
    ]);
    expect(log[0].origin).toBe(ORIGIN);
    const text = JSON.stringify(log);
    for (const secret of [
      'secret-state',
      'secret-code',
      'secret-verifier',
      ADA_TOKEN,
      AUTH_CLIENT.clientSecret,
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('state=%5Bredacted%5D');
  });

  it('can be left out entirely', async () => {
    const plain = await startFakeQualtrics({ port: 0, control: false, env: {} });
    try {
      expect((await fetch(`${plain.url}/__control/switches`)).status).toBe(404);
    } finally {
      await plain.close();
    }
  });
});

describe('switches from the environment', () => {
  it('reads FAKE_QUALTRICS_* variables by type, with the cors preset and JSON rate limits', async () => {
    expect(envName('corsApi')).toBe('FAKE_QUALTRICS_CORS_API');
    const env = {
      FAKE_QUALTRICS_CORS: 'no-token-cors',
      FAKE_QUALTRICS_PKCE: 'enforce',
      FAKE_QUALTRICS_RETRY_AFTER: 'none',
      FAKE_QUALTRICS_EXPORT_POLLS: '0',
      FAKE_QUALTRICS_ROTATE_REFRESH_TOKENS: 'true',
      FAKE_QUALTRICS_RATE_LIMITS: '{"exportStart":5}',
    };
    expect(switchesFromEnv(env)).toMatchObject({
      cors: 'no-token-cors',
      pkce: 'enforce',
      retryAfter: null,
      exportPolls: 0,
      rotateRefreshTokens: true,
      rateLimits: { exportStart: 5 },
    });
    const fake = await startFakeQualtrics({ port: 0, env });
    try {
      expect(fake.state.switches).toMatchObject({
        corsToken: false,
        pkce: 'enforce',
        retryAfter: null,
        exportPolls: 0,
      });
      expect(fake.state.switches.rateLimits).toMatchObject({
        exportStart: 5,
        exportProgress: 1000,
      });
    } finally {
      await fake.close();
    }
  });
});
