// Every error the issue names, produced by the fake and turned into a message by the client:
// missing or unknown credentials, a missing scope, a wrong id, rate limits with and without
// Retry-After, the proxied-host notice, a blocked request, and the JSON event trigger's rules.
import { describe, expect, test } from 'vitest';
import { startFakeQualtrics } from '../../fake-qualtrics/server.mjs';
import {
  apiTokenAuth,
  basicTokenAuth,
  clientCredentialsHolder,
  collect,
  getSurvey,
  listSurveys,
  postJsonEvent,
  startExport,
  whoami,
  type AuthProvider,
  type FetchLike,
  type QualtricsNotice,
} from '../../../src/lib/qualtrics';
import {
  ADA_TOKEN,
  CC_CLIENT,
  EX_SURVEY,
  client,
  control,
  fastSleep,
  nodeFetch,
  rejection,
  useFake,
} from './live';
import { CREDENTIALS } from '../../fake-qualtrics/data.mjs';

const box = useFake();

const noAuth: AuthProvider = {
  kind: 'api-token',
  headers: () => Promise.resolve({}),
  secrets: () => [],
};

describe('errors from the fake, through the client', () => {
  test('no credentials: ATP_2 becomes "received no credentials"', async () => {
    const err = await rejection(whoami(client(box.fake, { auth: noAuth }).http));
    expect(err.name).toBe('QualtricsApiError');
    expect(err.message).toMatch(/no credentials/);
    expect(err.message).toContain('ATP_2');
  });

  test('an unknown API token: 401 → enter a new token, the token never in the message', async () => {
    const bad = 'fakeqtoken-nobody-0000000000000000000000';
    const err = await rejection(whoami(client(box.fake, { auth: apiTokenAuth(bad) }).http));
    expect(err.name).toBe('NeedsReauthorizationError');
    expect(err.message).toMatch(/API token/);
    expect(err.message).not.toContain(bad);
  });

  test('a revoked API token is refused the same way', async () => {
    await control(box.fake, '/tokens', { action: 'revoke', token: ADA_TOKEN });
    const err = await rejection(whoami(client(box.fake).http));
    expect(err.name).toBe('NeedsReauthorizationError');
    expect(err.message).not.toContain(ADA_TOKEN);
  });

  test('403: a token without the scope names the scope the client asks for', async () => {
    const ctx = {
      host: box.fake.url,
      clientId: CC_CLIENT.clientId,
      fetch: nodeFetch,
      now: Date.now,
    };
    const holder = clientCredentialsHolder(ctx, CC_CLIENT.clientSecret, ['read:surveys'], {
      tokens: null,
    });
    const http = client(box.fake, { auth: holder }).http;
    expect(await collect(listSurveys(http))).toHaveLength(6);
    const err = await rejection(whoami(http));
    expect(err.name).toBe('QualtricsApiError');
    expect(err.message).toMatch(/403/);
    expect(err.message).toContain('"read:users"');
    expect(err.message).toMatch(/reauthorize/);
  });

  test('404: a well-formed but unknown id, and a malformed id described', async () => {
    const http = client(box.fake).http;
    const unknown = await rejection(getSurvey(http, 'SV_0000000000000aa'));
    expect(unknown.name).toBe('QualtricsApiError');
    expect(unknown.message).toMatch(/404/);
    expect(unknown.message).toContain('SV_0000000000000aa');
    const malformed = await rejection(getSurvey(http, 'my survey'));
    expect(malformed.message).toMatch(/404/);
    expect(malformed.message).toMatch(/SV_/);
  });

  test('429 burst with Retry-After: waits what the server says, then succeeds', async () => {
    box.fake.setSwitches({ burst429: 3, retryAfter: 2 });
    const c = client(box.fake);
    expect((await whoami(c.http)).userId).toBeTruthy();
    expect(c.waits.map((w) => [w.reason, w.ms])).toEqual([
      ['rate-limited', 2000],
      ['rate-limited', 2000],
      ['rate-limited', 2000],
    ]);
  });

  test('429 burst without Retry-After: exponential backoff, then succeeds', async () => {
    box.fake.setSwitches({ burst429: 3, retryAfter: null });
    const c = client(box.fake, { random: () => 0.5 });
    expect((await whoami(c.http)).userId).toBeTruthy();
    const ms = c.waits.map((w) => w.ms);
    expect(ms).toHaveLength(3);
    expect(ms[1]).toBeGreaterThan(ms[0]);
    expect(ms[2]).toBeGreaterThan(ms[1]);
  });

  test('429 that does not stop: gives up after its retries with a clear message', async () => {
    box.fake.setSwitches({ burst429: 50, retryAfter: 1 });
    const c = client(box.fake, { rateLimitRetries: 2 });
    const err = await rejection(whoami(c.http));
    expect(err.message).toMatch(/429/);
    expect(c.waits).toHaveLength(2);
  });

  test('a 500 on a GET is retried and the call succeeds', async () => {
    box.fake.setSwitches({ failNext: 1, failStatus: 500, faultPath: '/whoami' });
    const c = client(box.fake);
    expect((await whoami(c.http)).userId).toBeTruthy();
    expect(c.waits.map((w) => w.reason)).toEqual(['server-error']);
  });

  test('the proxied-host notice reaches onNotice, and an export 400 suggests the host', async () => {
    box.fake.setSwitches({ proxyNotice: 'fra1.qualtrics.com' });
    const notices: QualtricsNotice[] = [];
    const http = client(box.fake, { onNotice: (n) => notices.push(n) }).http;
    await whoami(http);
    expect(notices).toEqual([
      expect.objectContaining({ kind: 'proxied-host', host: 'fra1.qualtrics.com' }),
    ]);
    box.fake.setSwitches({ proxyExport400: true });
    const err = await rejection(startExport(http, EX_SURVEY, { format: 'csv' }));
    expect(err.message).toMatch(/400/);
    expect(err.message).toContain('fra1.qualtrics.com');
  });

  test('a server that does not answer is "blocked", told apart from HTTP errors', async () => {
    const gone = await startFakeQualtrics({ port: 0, env: {} });
    const url = gone.url;
    await gone.close();
    const c = client({ ...box.fake, url } as typeof box.fake);
    const err = await rejection(whoami(c.http));
    expect(err.name).toBe('BlockedByBrowserError');
    expect(err.message).toMatch(/API base URL/);
  });
});

describe('JSON event trigger', () => {
  const trigger = () =>
    `${box.fake.url}/inbound-event/v1/events/json/triggers?urlTokenId=${CREDENTIALS.eventUrlTokenId}`;

  test('X-API-TOKEN: the fake receives the JSON body as Ada', async () => {
    await postJsonEvent({
      url: trigger(),
      payload: { employeeId: 'E-1', score: 9 },
      auth: apiTokenAuth(ADA_TOKEN),
      fetch: nodeFetch,
      sleep: fastSleep().sleep,
    });
    const events = (await control(box.fake, '/events')) as { body: unknown; auth: string }[];
    expect(JSON.stringify(events)).toContain('"employeeId":"E-1"');
  });

  test('modified Basic (user:apiToken) is accepted too', async () => {
    await postJsonEvent({
      url: trigger(),
      payload: { n: 1 },
      auth: basicTokenAuth('ada.analyst@xo-bridge.example', ADA_TOKEN),
      fetch: nodeFetch,
    });
    expect(JSON.stringify(await control(box.fake, '/events'))).toContain('"n":1');
  });

  test('an unknown token is refused by the fake; a Bearer sign-in is refused before any request', async () => {
    const refused = await rejection(
      postJsonEvent({
        url: trigger(),
        payload: { n: 1 },
        auth: apiTokenAuth('fakeqtoken-nobody-0000000000000000000000'),
        fetch: nodeFetch,
      }),
    );
    expect(refused.name).toBe('NeedsReauthorizationError');
    let calls = 0;
    const counting: FetchLike = (url, init) => {
      calls++;
      return nodeFetch(url, init);
    };
    const bearer: AuthProvider = {
      kind: 'bearer',
      headers: () => Promise.resolve({ Authorization: 'Bearer x' }),
      secrets: () => ['x'],
    };
    const err = await rejection(
      postJsonEvent({ url: trigger(), payload: { n: 1 }, auth: bearer, fetch: counting }),
    );
    expect(err.name).toBe('ValidationError');
    expect(err.message).toMatch(/API token/);
    expect(calls).toBe(0);
  });
});
