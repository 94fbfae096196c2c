// The HTTP layer against recorded-style answers: envelope unwrapping, every error mapping, the
// waits and retries (Retry-After, jittered backoff, 5xx only for safe calls), aborts, malformed
// answers, the proxied-host notice, "blocked by the browser" and secrets kept out of messages.
import { describe, expect, it } from 'vitest';
import {
  QualtricsHttp,
  apiTokenAuth,
  backoffDelay,
  parseRetryAfter,
  type WaitInfo,
  type QualtricsNotice,
} from '../../../src/lib/qualtrics';
import { BASE, TOKEN, client, fail, fakeFetch, ok, response, sequence } from './fake-fetch';

const get = (path = '/whoami', what = 'check who you are') => ({
  method: 'GET' as const,
  path,
  what,
});

async function failure(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a failure');
}

describe('QualtricsHttp: success', () => {
  it('unwraps the envelope and sends X-API-TOKEN, JSON, no cookies, to the base URL', async () => {
    const f = sequence(ok({ userId: 'UR_1' }));
    const { http } = client(f);
    const r = await http.json({
      method: 'POST',
      path: '/x',
      query: { a: 1, b: undefined },
      body: { q: true },
      what: 'x',
    });
    expect(r.result).toEqual({ userId: 'UR_1' });
    expect(r.requestId).toMatch(/^0{8}-/);
    expect(f.sent[0].url).toBe(`${BASE}/x?a=1`);
    expect(f.sent[0].init).toMatchObject({
      method: 'POST',
      credentials: 'omit',
      body: '{"q":true}',
    });
    expect(f.sent[0].init.headers).toMatchObject({
      'X-API-TOKEN': TOKEN,
      'Content-Type': 'application/json',
    });
  });

  it('surfaces the proxied-host notice with the suggested host', async () => {
    const notices: QualtricsNotice[] = [];
    const f = sequence(
      ok(
        {},
        {
          notice:
            'Request proxied. For faster response times, use this host instead: sjc1.qualtrics.com',
        },
      ),
    );
    const { http } = client(f, { onNotice: (n) => notices.push(n) });
    const r = await http.json(get());
    expect(r.notice).toEqual({
      kind: 'proxied-host',
      host: 'sjc1.qualtrics.com',
      message: expect.stringContaining('proxied') as string,
    });
    expect(notices).toHaveLength(1);
  });
});

describe('QualtricsHttp: error mapping', () => {
  it('ATP_2 (missing auth) → QualtricsApiError quoting Qualtrics and naming the proxy header problem', async () => {
    const { http } = client(
      sequence(fail(400, 'ATP_2', 'Expected authorization in headers, but none provided.')),
    );
    const e = await failure(http.json(get()));
    expect(e.name).toBe('QualtricsApiError');
    expect(e.message).toContain('Expected authorization in headers, but none provided.');
    expect(e.message).toContain('ATP_2');
    expect(e.message).toMatch(/forwards X-API-TOKEN/);
  });

  it('400 shows Qualtrics message and, with a proxied notice, the host to switch to', async () => {
    const { http } = client(
      sequence(
        fail(
          400,
          'RP_0.1',
          'Invalid format',
          {},
          'Request proxied. For faster response times, use this host instead: fra1.qualtrics.com',
        ),
      ),
    );
    const e = await failure(http.json(get()));
    expect(e.message).toContain('"Invalid format"');
    expect(e.message).toContain('fra1.qualtrics.com');
  });

  it('401 with an API token → NeedsReauthorizationError telling to create a new token', async () => {
    const { http } = client(sequence(fail(401, 'AUTH', 'Unrecognized X-API-TOKEN.')));
    const e = await failure(http.json(get()));
    expect(e.name).toBe('NeedsReauthorizationError');
    expect(e.message).toMatch(/new API token/);
  });

  it('403 names the scope the endpoint needs (OAuth) or the permission (API token)', async () => {
    const call = { ...get('/surveys'), scope: 'read:surveys' };
    const bearer = {
      kind: 'bearer' as const,
      headers: () => Promise.resolve({ Authorization: 'Bearer abcd1234' }),
      secrets: () => ['abcd1234'],
    };
    const oauth = new QualtricsHttp({
      baseUrl: BASE,
      auth: bearer,
      fetch: sequence(fail(403, 'FORBIDDEN', 'Insufficient scope')),
    });
    const e = await failure(oauth.json(call));
    expect(e.name).toBe('QualtricsApiError');
    expect(e.message).toContain('"read:surveys"');
    expect(e.message).toMatch(/reauthorize/);
    const { http } = client(sequence(fail(403)));
    expect((await failure(http.json(call))).message).toMatch(/permission behind "read:surveys"/);
  });

  it('404 names the id and what it should look like', async () => {
    const { http } = client(sequence(fail(404, 'NOT_FOUND', 'Not found')));
    const wrong = await failure(
      http.json({
        ...get('/surveys/EMD_4OQ4N84KC82cfaV'),
        ids: [{ kind: 'survey', value: 'EMD_4OQ4N84KC82cfaV' }],
      }),
    );
    expect(wrong.message).toContain('"EMD_4OQ4N84KC82cfaV" is not a survey id');
    expect(wrong.message).toContain('SV_ followed by');
    expect(wrong.message).toContain('a distribution id instead');
    const right = await failure(
      http.json({
        ...get('/surveys/SV_3gbwq8aJgqPwQDP'),
        ids: [{ kind: 'survey', value: 'SV_3gbwq8aJgqPwQDP' }],
      }),
    );
    expect(right.message).toContain('no survey "SV_3gbwq8aJgqPwQDP" that this account can see');
  });

  it('fetch rejecting with a TypeError → BlockedByBrowserError (CORS/network, proxy option), not an HTTP error', async () => {
    const { http } = client(sequence(new TypeError('Failed to fetch')));
    const e = await failure(http.json(get()));
    expect(e.name).toBe('BlockedByBrowserError');
    expect(e.message).toMatch(/CORS/);
    expect(e.message).toMatch(/API base URL/);
    expect(e.message).toContain('Connecting to Qualtrics');
  });
});

describe('QualtricsHttp: 429 and 5xx', () => {
  it('honours Retry-After in seconds, then succeeds, telling onWait', async () => {
    const waits: WaitInfo[] = [];
    const f = sequence(fail(429, undefined, undefined, { 'Retry-After': '7' }), ok({ fine: 1 }));
    const { http, waits: slept } = client(f, { onWait: (w) => waits.push(w) });
    expect((await http.json(get())).result).toEqual({ fine: 1 });
    expect(slept).toEqual([7000]);
    expect(waits[0]).toMatchObject({ reason: 'rate-limited', ms: 7000, attempt: 1 });
  });

  it('honours Retry-After as an HTTP date', async () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    const f = sequence(
      fail(429, undefined, undefined, { 'retry-after': 'Thu, 01 Jan 2026 00:00:12 GMT' }),
      ok({}),
    );
    const { http, waits } = client(f, { now: () => now });
    await http.json(get());
    expect(waits).toEqual([12_000]);
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter('', now)).toBeNull();
  });

  it('without Retry-After backs off exponentially with jitter from the injected random', async () => {
    const f = sequence(fail(429), fail(429), fail(429), ok({}));
    const { http, waits } = client(f, { random: () => 0 });
    await http.json(get());
    expect(waits).toEqual([500, 1000, 2000]);
    expect(backoffDelay(0, () => 0.5)).toBe(750);
    expect(backoffDelay(2, () => 0.5)).toBe(3000);
    expect(backoffDelay(10, () => 1)).toBe(30_000);
  });

  it('gives up after the configured 429 waits with a message saying to wait', async () => {
    const f = sequence(fail(429));
    const { http, waits } = client(f, { rateLimitRetries: 2 });
    const e = await failure(http.json(get()));
    expect(waits).toHaveLength(2);
    expect(f.sent).toHaveLength(3);
    expect(e.message).toMatch(/429/);
  });

  it('a Retry-After longer than the longest wait gives up at once and says how long', async () => {
    const f = sequence(fail(429, undefined, undefined, { 'Retry-After': '3600' }));
    const { http, waits } = client(f);
    const e = await failure(http.json(get()));
    expect(waits).toEqual([]);
    expect(e.message).toMatch(/asked to wait 60 minutes/);
  });

  it('retries 500/503/504 for GETs, then reports with the request id', async () => {
    const f = sequence(fail(500), fail(503), fail(504), fail(500, 'ISE', 'Internal error'));
    const { http, waits } = client(f);
    const e = await failure(http.json(get()));
    expect(f.sent).toHaveLength(4);
    expect(waits).toHaveLength(3);
    expect(e.name).toBe('QualtricsApiError');
    expect(e.message).toMatch(/request id 0{8}-/);
  });

  it('never retries an unsafe POST after a 5xx, but retries one marked safe', async () => {
    const unsafe = sequence(fail(500), ok({}));
    await failure(
      client(unsafe).http.json({
        method: 'POST',
        path: '/distributions',
        body: {},
        what: 'create',
      }),
    );
    expect(unsafe.sent).toHaveLength(1);
    const safe = sequence(fail(503), ok({ progressId: 'ES_1' }));
    await client(safe).http.json({
      method: 'POST',
      path: '/x',
      body: {},
      retryOn5xx: true,
      what: 'start',
    });
    expect(safe.sent).toHaveLength(2);
  });

  it('an abort during a 429 wait stops at once with AbortError and sends nothing more', async () => {
    const ctl = new AbortController();
    const f = sequence(fail(429, undefined, undefined, { 'Retry-After': '30' }), ok({}));
    const http = new QualtricsHttp({
      baseUrl: BASE,
      auth: apiTokenAuth(TOKEN),
      fetch: f,
      // The real timer-based sleep: the abort must cut the 30 s wait short.
      onWait: () => ctl.abort(),
    });
    const t0 = Date.now();
    const e = await failure(http.json({ ...get(), signal: ctl.signal }));
    expect(e.name).toBe('AbortError');
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(f.sent).toHaveLength(1);
  });

  it('an already-aborted signal sends nothing', async () => {
    const f = sequence(ok({}));
    const e = await failure(client(f).http.json({ ...get(), signal: AbortSignal.abort() }));
    expect(e.name).toBe('AbortError');
    expect(f.sent).toHaveLength(0);
  });
});

describe('QualtricsHttp: malformed answers never crash', () => {
  const cases: [string, ReturnType<typeof response>, RegExp][] = [
    [
      'an HTML page',
      response(200, '<!DOCTYPE html><html><body>Sign in</body></html>', {
        'content-type': 'text/html',
      }),
      /web page \(HTML\)/,
    ],
    ['non-JSON text', response(200, 'OK', { 'content-type': 'text/plain' }), /not JSON/],
    [
      'truncated JSON',
      response(200, '{"result":{"elements":[{"id":"SV_', { 'content-type': 'application/json' }),
      /cut off or damaged/,
    ],
    [
      'an envelope without result',
      response(200, '{"meta":{"httpStatus":"200 - OK"}}'),
      /without a "result"/,
    ],
    ['an empty body', response(200, ''), /empty answer/],
  ];
  for (const [name, reply, re] of cases) {
    it(`${name} → UnexpectedResponseError`, async () => {
      const e = await failure(client(sequence(reply)).http.json(get()));
      expect(e.name).toBe('UnexpectedResponseError');
      expect(e.message).toMatch(re);
    });
  }

  it('a body that fails while being read → UnexpectedResponseError (cut off)', async () => {
    const broken = { ...ok({}), text: () => Promise.reject(new TypeError('terminated')) };
    const e = await failure(client(sequence(broken)).http.json(get()));
    expect(e.name).toBe('UnexpectedResponseError');
    expect(e.message).toMatch(/cut off/);
  });

  it('an HTML 502 page from a proxy is reported as a server problem that shows it was HTML', async () => {
    const f = sequence(response(502, '<html>Bad gateway</html>', { 'content-type': 'text/html' }));
    const e = await failure(client(f).http.json({ ...get(), retryOn5xx: false }));
    expect(e.name).toBe('QualtricsApiError');
    expect(e.message).toMatch(/502/);
    expect(e.message).toMatch(/HTML/);
  });
});

describe('QualtricsHttp: secrets', () => {
  it('never puts the token in an error message, even when the server echoes it', async () => {
    const echo = fakeFetch((req) =>
      fail(400, 'X', `Bad token ${req.init.headers['X-API-TOKEN']} given`),
    );
    const e = await failure(client(echo).http.json(get()));
    expect(e.message).toContain('[hidden]');
    expect(e.message).not.toContain(TOKEN);
    const blocked = await failure(
      client(sequence(new TypeError('x'))).http.json({ ...get(), query: { skipToken: 'abc' } }),
    );
    expect(blocked.message).not.toContain(TOKEN);
    expect(blocked.message).not.toContain('skipToken');
  });

  it('never puts the token in the URL', async () => {
    const f = sequence(ok({}));
    await client(f).http.json(get());
    expect(f.sent[0].url).not.toContain(TOKEN);
  });
});

describe('QualtricsHttp.pageCall', () => {
  it('keeps the path after /API/v3 and the query, on the configured base (proxy)', () => {
    const http = new QualtricsHttp({
      baseUrl: 'https://proxy.example.org/qx/API/v3',
      auth: apiTokenAuth(TOKEN),
      fetch: sequence(ok({})),
    });
    const c = http.pageCall(
      'https://iad1.qualtrics.com/API/v3/surveys?offset=100',
      get('/surveys'),
    );
    expect(c.path).toBe('/surveys');
    expect(c.query).toEqual({ offset: '100' });
  });

  it('refuses a next page outside the API', () => {
    const { http } = client(sequence(ok({})));
    expect(() => http.pageCall('https://evil.example.com/steal', get('/surveys'))).toThrow(
      /does not point into the API/,
    );
  });
});
