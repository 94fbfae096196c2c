// Token requests (each exchange mode's exact request, client credentials, refresh) and the
// token holder: renewal before expiry, once after a 401, needs-reauthorization when refused.
import { describe, expect, it } from 'vitest';
import {
  QualtricsHttp,
  TokenHolder,
  authCodeHolder,
  clientCredentials,
  clientCredentialsHolder,
  exchangeCode,
  refreshTokens,
  type TokenSet,
} from '../../../src/lib/qualtrics';
import { BASE, fail, ok, response, sequence } from './fake-fetch';

const SECRET = 'client-SECRET-value-123';
const tokenReply = (extra: Record<string, unknown> = {}) =>
  response(
    200,
    JSON.stringify({
      access_token: 'AT-1',
      token_type: 'Bearer',
      expires_in: 3600,
      refresh_token: 'RT-1',
      scope: 'read:users',
      ...extra,
    }),
    { 'content-type': 'application/json' },
  );
const form = (body: string | undefined) => Object.fromEntries(new URLSearchParams(body ?? ''));
const ctx = (fetch: ReturnType<typeof sequence>) => ({
  host: 'iad1.qualtrics.com',
  clientId: 'my-client',
  fetch,
  now: () => 1_000_000,
});
const p = { code: 'CODE-1', verifier: 'V'.repeat(43), redirectUri: 'http://localhost:5173/sub/' };

async function failure(x: Promise<unknown>): Promise<Error> {
  try {
    await x;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a failure');
}

describe('authorization-code exchange', () => {
  it('public mode: client id + verifier in the form, no Authorization header, no secret', async () => {
    const f = sequence(tokenReply());
    const t = await exchangeCode(ctx(f), { kind: 'public' }, p);
    expect(t).toEqual({
      accessToken: 'AT-1',
      tokenType: 'Bearer',
      expiresAt: 1_000_000 + 3_600_000,
      refreshToken: 'RT-1',
      scope: 'read:users',
    });
    const { url, init } = f.sent[0];
    expect(url).toBe('https://iad1.qualtrics.com/oauth2/token');
    expect(init.headers['Content-Type']).toBe('application/x-www-form-urlencoded');
    expect(init.headers.Authorization).toBeUndefined();
    expect(form(init.body)).toEqual({
      grant_type: 'authorization_code',
      code: 'CODE-1',
      redirect_uri: p.redirectUri,
      code_verifier: p.verifier,
      client_id: 'my-client',
    });
    expect(JSON.stringify(init)).not.toContain('SECRET');
  });

  it('secret mode: Basic client authentication, verifier still sent', async () => {
    const f = sequence(tokenReply());
    await exchangeCode(ctx(f), { kind: 'secret', clientSecret: SECRET }, p);
    const { init } = f.sent[0];
    expect(init.headers.Authorization).toBe(
      `Basic ${Buffer.from(`my-client:${SECRET}`).toString('base64')}`,
    );
    expect(form(init.body)).toEqual({
      grant_type: 'authorization_code',
      code: 'CODE-1',
      redirect_uri: p.redirectUri,
      code_verifier: p.verifier,
    });
  });

  it('organisation token URL: code + verifier + redirect URI + client id posted there, as JSON or form', async () => {
    const f = sequence(tokenReply());
    await exchangeCode(
      ctx(f),
      { kind: 'org-url', url: 'https://auth.example.org/qualtrics/token', body: 'json' },
      p,
    );
    expect(f.sent[0].url).toBe('https://auth.example.org/qualtrics/token');
    expect(f.sent[0].init.headers['Content-Type']).toBe('application/json');
    expect(JSON.parse(f.sent[0].init.body!)).toEqual({
      grant_type: 'authorization_code',
      code: 'CODE-1',
      code_verifier: p.verifier,
      redirect_uri: p.redirectUri,
      client_id: 'my-client',
    });
    const g = sequence(tokenReply());
    await exchangeCode(
      ctx(g),
      { kind: 'org-url', url: 'https://auth.example.org/t', body: 'form' },
      p,
    );
    expect(form(g.sent[0].init.body)).toMatchObject({ code: 'CODE-1', client_id: 'my-client' });
  });

  it('a token endpoint blocked by CORS → BlockedByBrowserError naming the organisation-token-URL mode', async () => {
    const e = await failure(
      exchangeCode(ctx(sequence(new TypeError('Failed to fetch'))), { kind: 'public' }, p),
    );
    expect(e.name).toBe('BlockedByBrowserError');
    expect(e.message).toMatch(/organisation's token URL/);
  });

  it('a refusal quotes the OAuth error, hints at the secret, and hides code and verifier', async () => {
    const f = sequence(
      response(
        401,
        JSON.stringify({
          error: 'invalid_client',
          error_description: `bad client for code ${p.code}`,
        }),
      ),
    );
    const e = await failure(exchangeCode(ctx(f), { kind: 'public' }, p));
    expect(e.name).toBe('AuthorizationError');
    expect(e.message).toContain('invalid_client');
    expect(e.message).toMatch(/with client secret/);
    expect(e.message).not.toContain(p.code);
  });

  it('an answer without access_token, or an HTML page → UnexpectedResponseError', async () => {
    expect(
      (
        await failure(
          exchangeCode(
            ctx(sequence(response(200, '{"token_type":"Bearer"}'))),
            { kind: 'public' },
            p,
          ),
        )
      ).name,
    ).toBe('UnexpectedResponseError');
    expect(
      (
        await failure(
          exchangeCode(ctx(sequence(response(200, '<html>login</html>'))), { kind: 'public' }, p),
        )
      ).message,
    ).toMatch(/HTML/);
  });

  it('missing expires_in assumes one hour; a string expires_in is read', async () => {
    expect(
      (
        await exchangeCode(
          ctx(sequence(tokenReply({ expires_in: undefined }))),
          { kind: 'public' },
          p,
        )
      ).expiresAt,
    ).toBe(1_000_000 + 3_600_000);
    expect(
      (await exchangeCode(ctx(sequence(tokenReply({ expires_in: '60' }))), { kind: 'public' }, p))
        .expiresAt,
    ).toBe(1_060_000);
  });
});

describe('client credentials and refresh', () => {
  it('client credentials: Basic auth, grant type and space-separated scopes; the secret never in the body', async () => {
    const f = sequence(tokenReply({ refresh_token: undefined }));
    const t = await clientCredentials(ctx(f), SECRET, ['read:surveys', 'read:users']);
    expect(t.refreshToken).toBeUndefined();
    expect(f.sent[0].init.headers.Authorization).toMatch(/^Basic /);
    expect(form(f.sent[0].init.body)).toEqual({
      grant_type: 'client_credentials',
      scope: 'read:surveys read:users',
    });
  });

  it('refresh: grant_type=refresh_token; a refusal is NeedsReauthorizationError', async () => {
    const f = sequence(tokenReply({ access_token: 'AT-2' }));
    expect((await refreshTokens(ctx(f), { kind: 'public' }, 'RT-1')).accessToken).toBe('AT-2');
    expect(form(f.sent[0].init.body)).toEqual({
      grant_type: 'refresh_token',
      refresh_token: 'RT-1',
      client_id: 'my-client',
    });
    const e = await failure(
      refreshTokens(
        ctx(sequence(response(400, '{"error":"invalid_grant"}'))),
        { kind: 'public' },
        'RT-1',
      ),
    );
    expect(e.name).toBe('NeedsReauthorizationError');
    expect(e.message).not.toContain('RT-1');
  });
});

const tokens = (at: string, expiresAt: number, refreshToken?: string): TokenSet => ({
  accessToken: at,
  tokenType: 'Bearer',
  expiresAt,
  refreshToken,
});

describe('TokenHolder', () => {
  it('refreshes a margin before expiry, keeps the old refresh token when none is returned, and reports the change', async () => {
    let now = 0;
    const f = sequence(tokenReply({ access_token: 'AT-2', refresh_token: undefined }));
    const changes: string[] = [];
    const h = authCodeHolder(
      { host: 'iad1.qualtrics.com', clientId: 'c', fetch: f, now: () => now },
      { kind: 'public' },
      {
        tokens: tokens('AT-1', 3_600_000, 'RT-1'),
        onChange: (t, s) => changes.push(`${t?.accessToken}:${s}`),
      },
    );
    now = 3_600_000 - 120_000;
    expect(await h.headers()).toEqual({ Authorization: 'Bearer AT-1' });
    expect(f.sent).toHaveLength(0);
    now = 3_600_000 - 30_000;
    expect(await h.headers()).toEqual({ Authorization: 'Bearer AT-2' });
    expect(h.tokens?.refreshToken).toBe('RT-1');
    expect(changes).toEqual(['AT-2:active']);
  });

  it('shares one refresh between concurrent calls', async () => {
    const f = sequence(tokenReply({ access_token: 'AT-2' }));
    const h = authCodeHolder(
      { host: 'iad1.qualtrics.com', clientId: 'c', fetch: f, now: () => 10_000_000 },
      { kind: 'public' },
      { tokens: tokens('AT-1', 0, 'RT-1') },
    );
    await Promise.all([h.headers(), h.headers(), h.headers()]);
    expect(f.sent).toHaveLength(1);
  });

  it('on 401 the client refreshes once and retries; a second 401 → needs-reauthorization', async () => {
    const tokenFetch = sequence(tokenReply({ access_token: 'AT-2' }));
    const h = authCodeHolder(
      { host: 'iad1.qualtrics.com', clientId: 'c', fetch: tokenFetch, now: () => 0 },
      { kind: 'public' },
      { tokens: tokens('AT-1', 3_600_000, 'RT-1') },
    );
    const api = sequence(fail(401), ok({ ok: 1 }));
    const http = new QualtricsHttp({ baseUrl: BASE, auth: h, fetch: api });
    expect((await http.json({ method: 'GET', path: '/whoami', what: 'x' })).result).toEqual({
      ok: 1,
    });
    expect(api.sent.map((s) => s.init.headers.Authorization)).toEqual([
      'Bearer AT-1',
      'Bearer AT-2',
    ]);

    const api2 = sequence(fail(401), fail(401), ok({}));
    const tokenFetch2 = sequence(tokenReply({ access_token: 'AT-3' }));
    const h2 = authCodeHolder(
      { host: 'iad1.qualtrics.com', clientId: 'c', fetch: tokenFetch2, now: () => 0 },
      { kind: 'public' },
      { tokens: tokens('AT-1', 3_600_000, 'RT-1') },
    );
    const e = await failure(
      new QualtricsHttp({ baseUrl: BASE, auth: h2, fetch: api2 }).json({
        method: 'GET',
        path: '/whoami',
        what: 'x',
      }),
    );
    expect(e.name).toBe('NeedsReauthorizationError');
    expect(e.message).toMatch(/Reauthorize/);
    expect(api2.sent).toHaveLength(2);
    expect(tokenFetch2.sent).toHaveLength(1);
    expect(h2.status).toBe('needs-reauthorization');
    expect((await failure(h2.headers())).name).toBe('NeedsReauthorizationError');
  });

  it('a refused refresh → needs-reauthorization; no refresh token → needs-reauthorization at expiry', async () => {
    const h = authCodeHolder(
      {
        host: 'iad1.qualtrics.com',
        clientId: 'c',
        fetch: sequence(response(400, '{"error":"invalid_grant"}')),
        now: () => 5_000_000,
      },
      { kind: 'public' },
      { tokens: tokens('AT-1', 0, 'RT-1') },
    );
    expect((await failure(h.headers())).name).toBe('NeedsReauthorizationError');
    expect(h.status).toBe('needs-reauthorization');
    const bare = new TokenHolder({ tokens: tokens('AT-1', 100), now: () => 200 });
    expect((await failure(bare.headers())).name).toBe('NeedsReauthorizationError');
    expect(bare.status).toBe('needs-reauthorization');
  });

  it('a blocked refresh inside the margin keeps using the still-valid token', async () => {
    const h = authCodeHolder(
      {
        host: 'iad1.qualtrics.com',
        clientId: 'c',
        fetch: sequence(new TypeError('Failed to fetch')),
        now: () => 3_590_000,
      },
      { kind: 'public' },
      { tokens: tokens('AT-1', 3_600_000, 'RT-1') },
    );
    expect(await h.headers()).toEqual({ Authorization: 'Bearer AT-1' });
    expect(h.status).toBe('active');
  });

  it('client credentials re-grant before expiry and list the secret for redaction', async () => {
    const f = sequence(tokenReply({ access_token: 'CC-1' }), tokenReply({ access_token: 'CC-2' }));
    let now = 0;
    const h = clientCredentialsHolder(
      { host: 'iad1.qualtrics.com', clientId: 'c', fetch: f, now: () => now },
      SECRET,
      ['read:users'],
      { tokens: null },
    );
    expect(await h.headers()).toEqual({ Authorization: 'Bearer CC-1' });
    now = 3_600_000;
    expect(await h.headers()).toEqual({ Authorization: 'Bearer CC-2' });
    expect(form(f.sent[1].init.body).grant_type).toBe('client_credentials');
    expect(h.secrets()).toContain(SECRET);
  });
});
