// The fake OAuth endpoints (reference §2): the authorize page and its Approve/Deny redirects,
// every grant of the token endpoint, each PKCE mode (verify, enforce, ignore, reject) with the
// RFC 7636 appendix B vector, client secret required/optional, single-use short-lived codes,
// refresh tokens with and without rotation, and token lifetimes.
import { describe, expect, it } from 'vitest';
import { s256 } from '../../fake-qualtrics/oauth.mjs';
import { AUTH_CLIENT, CC_CLIENT, api, control, token, useFake, type Fake } from './helpers';

const box = useFake();

/** RFC 7636 appendix B. */
const RFC_VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const RFC_CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
const REDIRECT = 'http://127.0.0.1:4317/app/';

function authorizeUrl(fake: Fake, params: Record<string, string | undefined>): string {
  const u = new URL('/oauth2/auth', fake.url);
  const all: Record<string, string | undefined> = {
    response_type: 'code',
    client_id: AUTH_CLIENT.clientId,
    redirect_uri: REDIRECT,
    scope: 'read:surveys read:survey_responses read:users',
    state: 'st-123',
    ...params,
  };
  for (const [k, v] of Object.entries(all)) if (v !== undefined) u.searchParams.set(k, v);
  return u.toString();
}

/** Opens the authorize page, then submits the form as a browser would. */
async function decide(
  fake: Fake,
  params: Record<string, string | undefined>,
  decision: 'approve' | 'deny',
  userId?: string,
) {
  const page = await fetch(authorizeUrl(fake, params));
  const html = await page.text();
  if (page.status !== 200) return { page, html, location: null as URL | null };
  const request = /name="request" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const form = new URLSearchParams({ request, decision, userId: userId ?? 'UR_8wfG5qsMxuh0Jrn' });
  const res = await fetch(`${fake.url}/oauth2/auth/decision`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
    redirect: 'manual',
  });
  expect(res.status).toBe(302);
  return { page, html, location: new URL(res.headers.get('location') ?? '') };
}

async function codeFor(
  fake: Fake,
  params: Record<string, string | undefined> = {},
): Promise<string> {
  const { location } = await decide(fake, params, 'approve');
  return location?.searchParams.get('code') ?? '';
}

function exchange(
  fake: Fake,
  code: string,
  extra: Record<string, string> = {},
  secret: boolean | 'basic' = true,
) {
  const form: Record<string, string> = {
    grant_type: 'authorization_code',
    code,
    redirect_uri: REDIRECT,
    ...extra,
  };
  if (secret === 'basic') {
    return token(fake, form, [AUTH_CLIENT.clientId, AUTH_CLIENT.clientSecret]);
  }
  form.client_id = AUTH_CLIENT.clientId;
  if (secret && !('client_secret' in extra)) form.client_secret = AUTH_CLIENT.clientSecret;
  return token(fake, form);
}

describe('PKCE', () => {
  it('S256 matches the RFC 7636 appendix B vector', () => {
    expect(s256(RFC_VERIFIER)).toBe(RFC_CHALLENGE);
  });
});

describe('authorize page', () => {
  it('shows the client name, the scopes, the redirect URI and Approve/Deny buttons', async () => {
    const res = await fetch(
      authorizeUrl(box.fake, { code_challenge: RFC_CHALLENGE, code_challenge_method: 'S256' }),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toContain('XO Bridge (demo)');
    expect(html).toContain('read:survey_responses');
    expect(html).toContain(REDIRECT);
    expect(html).toMatch(/<button[^>]*value="approve"[^>]*>Approve<\/button>/);
    expect(html).toMatch(/<button[^>]*value="deny"[^>]*>Deny<\/button>/);
    expect(html).toContain('Sam Sender');
  });

  it('Approve redirects to redirect_uri with code and state; Deny with error=access_denied', async () => {
    const ok = await decide(box.fake, {}, 'approve');
    expect(ok.location?.origin + (ok.location?.pathname ?? '')).toBe(REDIRECT.replace(/\/$/, '/'));
    expect(ok.location?.searchParams.get('state')).toBe('st-123');
    expect(ok.location?.searchParams.get('code')).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    const no = await decide(box.fake, {}, 'deny');
    expect(no.location?.searchParams.get('error')).toBe('access_denied');
    expect(no.location?.searchParams.get('state')).toBe('st-123');
    expect(no.location?.searchParams.get('code')).toBeNull();
  });

  it('a consent form can be answered once; a stale or forged request is refused', async () => {
    const page = await (await fetch(authorizeUrl(box.fake, {}))).text();
    const request = /name="request" value="([^"]+)"/.exec(page)?.[1] ?? '';
    const answer = (req: string) =>
      fetch(`${box.fake.url}/oauth2/auth/decision`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ request: req, decision: 'approve' }).toString(),
        redirect: 'manual',
      });
    expect((await answer(request)).status).toBe(302);
    expect((await answer(request)).status).toBe(400);
    expect((await answer('forged')).status).toBe(400);
  });

  it('refuses an unknown client or redirect URI without redirecting', async () => {
    const a = await fetch(authorizeUrl(box.fake, { client_id: 'nope' }), { redirect: 'manual' });
    expect(a.status).toBe(400);
    expect(await a.text()).toContain('Unknown client_id');
    await control(box.fake, '/switches', { allowLoopbackRedirects: false });
    const b = await fetch(authorizeUrl(box.fake, {}), { redirect: 'manual' });
    expect(b.status).toBe(400);
    expect(await b.text()).toContain('not registered');
    const registered = await fetch(
      authorizeUrl(box.fake, { redirect_uri: AUTH_CLIENT.redirectUris[0] }),
    );
    expect(registered.status).toBe(200);
    const evil = await fetch(authorizeUrl(box.fake, { redirect_uri: 'https://evil.example/' }), {
      redirect: 'manual',
    });
    expect(evil.status).toBe(400);
  });

  it('redirects errors for a bad response_type, unknown scopes and (enforce) a missing challenge', async () => {
    const rt = await fetch(authorizeUrl(box.fake, { response_type: 'token' }), {
      redirect: 'manual',
    });
    expect(new URL(rt.headers.get('location') ?? '').searchParams.get('error')).toBe(
      'unsupported_response_type',
    );
    const sc = await fetch(authorizeUrl(box.fake, { scope: 'read:everything' }), {
      redirect: 'manual',
    });
    expect(new URL(sc.headers.get('location') ?? '').searchParams.get('error')).toBe(
      'invalid_scope',
    );
    await control(box.fake, '/switches', { pkce: 'enforce' });
    const pk = await fetch(authorizeUrl(box.fake, {}), { redirect: 'manual' });
    const loc = new URL(pk.headers.get('location') ?? '');
    expect(loc.searchParams.get('error')).toBe('invalid_request');
    expect(loc.searchParams.get('state')).toBe('st-123');
  });
});

describe('authorization_code grant', () => {
  it('returns {access_token, token_type: Bearer, expires_in, scope, refresh_token} and the token works', async () => {
    const code = await codeFor(box.fake, {
      code_challenge: RFC_CHALLENGE,
      code_challenge_method: 'S256',
    });
    const res = await exchange(box.fake, code, { code_verifier: RFC_VERIFIER });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body).toEqual({
      access_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 3600,
      scope: 'read:surveys read:survey_responses read:users',
      refresh_token: expect.any(String),
    });
    const who = await api(box.fake, '/whoami', { token: `bearer:${res.body.access_token}` });
    expect(who.json.result.userId).toBe('UR_8wfG5qsMxuh0Jrn');
    // Scopes the user approved are enforced.
    expect(
      (await api(box.fake, '/directories', { token: `bearer:${res.body.access_token}` })).status,
    ).toBe(403);
  });

  it('the token belongs to the user chosen on the Approve page; client auth by Basic works too', async () => {
    const { location } = await decide(box.fake, {}, 'approve', 'UR_3KqT7mNb2Xc9VfL');
    const res = await exchange(box.fake, location?.searchParams.get('code') ?? '', {}, 'basic');
    expect(res.status).toBe(200);
    const who = await api(box.fake, '/whoami', { token: `bearer:${res.body.access_token}` });
    expect(who.json.result.userName).toBe('sam.sender@xo-bridge.example');
  });

  it('a code is single-use; replaying it fails and revokes what it issued', async () => {
    const code = await codeFor(box.fake);
    const first = await exchange(box.fake, code);
    expect(first.status).toBe(200);
    const replay = await exchange(box.fake, code);
    expect(replay.status).toBe(400);
    expect(replay.body.error).toBe('invalid_grant');
    expect(
      (await api(box.fake, '/whoami', { token: `bearer:${first.body.access_token}` })).status,
    ).toBe(401);
  });

  it('a code is short-lived, and redirect_uri must match the authorize request', async () => {
    await control(box.fake, '/switches', { codeTtl: 0 });
    const stale = await exchange(box.fake, await codeFor(box.fake));
    expect(stale.body).toMatchObject({
      error: 'invalid_grant',
      error_description: expect.stringContaining('expired'),
    });
    await control(box.fake, '/switches', { codeTtl: 600 });
    const wrong = await exchange(box.fake, await codeFor(box.fake), {
      redirect_uri: 'http://127.0.0.1:4317/other',
    });
    expect(wrong.body).toMatchObject({
      error: 'invalid_grant',
      error_description: expect.stringContaining('redirect_uri'),
    });
    const unknown = await exchange(box.fake, 'not-a-code');
    expect(unknown.body.error).toBe('invalid_grant');
  });

  it('the body must be form-encoded', async () => {
    const res = await fetch(`${box.fake.url}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credentials' }),
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toBe('invalid_request');
  });

  describe('PKCE modes', () => {
    const S256 = { code_challenge: RFC_CHALLENGE, code_challenge_method: 'S256' };
    it('verify (default): checks the verifier when a challenge was sent; no challenge, no check', async () => {
      expect(
        (await exchange(box.fake, await codeFor(box.fake, S256), { code_verifier: RFC_VERIFIER }))
          .status,
      ).toBe(200);
      const wrong = await exchange(box.fake, await codeFor(box.fake, S256), {
        code_verifier: `${RFC_VERIFIER}x`,
      });
      expect(wrong.body).toMatchObject({
        error: 'invalid_grant',
        error_description: expect.stringContaining('code_verifier'),
      });
      const missing = await exchange(box.fake, await codeFor(box.fake, S256));
      expect(missing.body.error).toBe('invalid_grant');
      expect((await exchange(box.fake, await codeFor(box.fake))).status).toBe(200);
      const plain = {
        code_challenge: 'plain-verifier-0123456789012345678901234567890',
        code_challenge_method: 'plain',
      };
      expect(
        (
          await exchange(box.fake, await codeFor(box.fake, plain), {
            code_verifier: plain.code_challenge,
          })
        ).status,
      ).toBe(200);
    });

    it('enforce: a verifier is required', async () => {
      await control(box.fake, '/switches', { pkce: 'enforce' });
      expect(
        (await exchange(box.fake, await codeFor(box.fake, S256), { code_verifier: RFC_VERIFIER }))
          .status,
      ).toBe(200);
      expect((await exchange(box.fake, await codeFor(box.fake, S256))).status).toBe(400);
    });

    it('ignore: Json verifier passes', async () => {
      await control(box.fake, '/switches', { pkce: 'ignore' });
      expect(
        (await exchange(box.fake, await codeFor(box.fake, S256), { code_verifier: 'whatever' }))
          .status,
      ).toBe(200);
    });

    it('reject: a verifier (or challenge) is refused', async () => {
      await control(box.fake, '/switches', { pkce: 'reject' });
      const res = await exchange(box.fake, await codeFor(box.fake, S256), {
        code_verifier: RFC_VERIFIER,
      });
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('invalid_request');
      expect((await exchange(box.fake, await codeFor(box.fake))).status).toBe(200);
    });
  });

  describe('client secret modes', () => {
    it('required (default): no secret or a wrong one → 401 invalid_client', async () => {
      const none = await exchange(box.fake, await codeFor(box.fake), {}, false);
      expect(none.status).toBe(401);
      expect(none.body.error).toBe('invalid_client');
      const wrong = await exchange(box.fake, await codeFor(box.fake), { client_secret: 'wrong' });
      expect(wrong.status).toBe(401);
    });

    it('optional: a public client (id + verifier) is accepted, a wrong secret still is not', async () => {
      await control(box.fake, '/switches', { clientSecret: 'optional' });
      const code = await codeFor(box.fake, {
        code_challenge: RFC_CHALLENGE,
        code_challenge_method: 'S256',
      });
      expect((await exchange(box.fake, code, { code_verifier: RFC_VERIFIER }, false)).status).toBe(
        200,
      );
      const wrong = await exchange(box.fake, await codeFor(box.fake), { client_secret: 'wrong' });
      expect(wrong.status).toBe(401);
    });
  });
});

describe('refresh_token grant', () => {
  async function tokens(): Promise<{ access_token: string; refresh_token: string }> {
    return (await exchange(box.fake, await codeFor(box.fake))).body;
  }
  const refresh = (rt: string, extra: Record<string, string> = {}) =>
    token(box.fake, { grant_type: 'refresh_token', refresh_token: rt, ...extra }, [
      AUTH_CLIENT.clientId,
      AUTH_CLIENT.clientSecret,
    ]);

  it('issues a new access token; without rotation the refresh token stays valid', async () => {
    const t = await tokens();
    const r1 = await refresh(t.refresh_token);
    expect(r1.status).toBe(200);
    expect(r1.body.refresh_token).toBeUndefined();
    expect(r1.body.access_token).not.toBe(t.access_token);
    expect((await refresh(t.refresh_token)).status).toBe(200);
    expect(
      (await api(box.fake, '/whoami', { token: `bearer:${r1.body.access_token}` })).status,
    ).toBe(200);
  });

  it('with rotation each refresh returns a new refresh token and retires the old one', async () => {
    await control(box.fake, '/switches', { rotateRefreshTokens: true });
    const t = await tokens();
    const r1 = await refresh(t.refresh_token);
    expect(r1.body.refresh_token).toEqual(expect.any(String));
    expect((await refresh(t.refresh_token)).body.error).toBe('invalid_grant');
    expect((await refresh(r1.body.refresh_token)).status).toBe(200);
  });

  it('cannot widen scopes, needs the client secret when required, fails once revoked', async () => {
    const t = await tokens();
    expect((await refresh(t.refresh_token, { scope: 'manage:all' })).body.error).toBe(
      'invalid_scope',
    );
    expect((await refresh(t.refresh_token, { scope: 'read:surveys' })).body.scope).toBe(
      'read:surveys',
    );
    const noSecret = await token(box.fake, {
      grant_type: 'refresh_token',
      refresh_token: t.refresh_token,
      client_id: AUTH_CLIENT.clientId,
    });
    expect(noSecret.status).toBe(401);
    await control(box.fake, '/tokens', { action: 'revoke', kind: 'refresh' });
    expect((await refresh(t.refresh_token)).body.error).toBe('invalid_grant');
  });

  it('no refresh tokens when switched off', async () => {
    await control(box.fake, '/switches', { refreshTokens: false });
    expect((await tokens()).refresh_token).toBeUndefined();
  });
});

describe('client_credentials grant', () => {
  it('accepts Basic auth or form fields, defaults to manage:all, and honours the requested scopes', async () => {
    const basic = await token(box.fake, { grant_type: 'client_credentials' }, [
      CC_CLIENT.clientId,
      CC_CLIENT.clientSecret,
    ]);
    expect(basic.body).toEqual({
      access_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 3600,
      scope: 'manage:all',
    });
    const form = await token(box.fake, {
      grant_type: 'client_credentials',
      client_id: CC_CLIENT.clientId,
      client_secret: CC_CLIENT.clientSecret,
      scope: 'read:surveys read:survey_responses',
    });
    expect(form.body.scope).toBe('read:surveys read:survey_responses');
    const bad = await token(box.fake, { grant_type: 'client_credentials' }, [
      CC_CLIENT.clientId,
      'wrong',
    ]);
    expect(bad.status).toBe(401);
    expect(bad.headers.get('www-authenticate')).toContain('Basic');
    const badScope = await token(
      box.fake,
      { grant_type: 'client_credentials', scope: 'read:nothing' },
      [CC_CLIENT.clientId, CC_CLIENT.clientSecret],
    );
    expect(badScope.body.error).toBe('invalid_scope');
    const grant = await token(box.fake, { grant_type: 'password' }, [
      CC_CLIENT.clientId,
      CC_CLIENT.clientSecret,
    ]);
    expect(grant.body.error).toBe('unsupported_grant_type');
  });

  it('the lifetime is configurable, and tokens stop working when it runs out', async () => {
    await control(box.fake, '/switches', { accessTokenTtl: 1 });
    const t = await token(box.fake, { grant_type: 'client_credentials' }, [
      CC_CLIENT.clientId,
      CC_CLIENT.clientSecret,
    ]);
    expect(t.body.expires_in).toBe(1);
    expect(
      (await api(box.fake, '/whoami', { token: `bearer:${t.body.access_token}` })).status,
    ).toBe(200);
    await new Promise((r) => setTimeout(r, 1100));
    expect(
      (await api(box.fake, '/whoami', { token: `bearer:${t.body.access_token}` })).status,
    ).toBe(401);
  });
});

describe('organisation token URL (/org/oauth2/token)', () => {
  const ORIGIN = 'http://127.0.0.1:4317';
  async function post(body: string, type: string) {
    const res = await fetch(`${box.fake.url}/org/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': type, origin: ORIGIN },
      body,
    });
    return { status: res.status, body: (await res.json()) as Record<string, string>, res };
  }

  it('adds the client secret server-side, takes a form or JSON, and answers browsers even with no CORS on /oauth2/token', async () => {
    box.fake.setSwitches({ cors: 'no-token-cors' });
    const pre = await fetch(`${box.fake.url}/org/oauth2/token`, {
      method: 'OPTIONS',
      headers: { origin: ORIGIN, 'access-control-request-method': 'POST' },
    });
    expect(pre.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    const tokenPre = await fetch(`${box.fake.url}/oauth2/token`, {
      method: 'OPTIONS',
      headers: { origin: ORIGIN, 'access-control-request-method': 'POST' },
    });
    expect(tokenPre.headers.get('access-control-allow-origin')).toBeNull();

    const code = await codeFor(box.fake, {
      code_challenge: RFC_CHALLENGE,
      code_challenge_method: 'S256',
    });
    const fields = {
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      code_verifier: RFC_VERIFIER,
      client_id: AUTH_CLIENT.clientId,
    };
    const json = await post(JSON.stringify(fields), 'application/json');
    expect(json.status).toBe(200);
    expect(json.res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(json.body.access_token).toEqual(expect.any(String));

    // A refresh through the same URL, as a form.
    const form = await post(
      new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: json.body.refresh_token,
      }).toString(),
      'application/x-www-form-urlencoded',
    );
    expect(form.status).toBe(200);
    const who = await api(box.fake, '/whoami', { token: `bearer:${form.body.access_token}` });
    expect(who.status).toBe(200);
  });

  it('still checks the verifier, and refuses other body types', async () => {
    const code = await codeFor(box.fake, {
      code_challenge: RFC_CHALLENGE,
      code_challenge_method: 'S256',
    });
    const bad = await post(
      JSON.stringify({
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT,
        code_verifier: 'x'.repeat(43),
      }),
      'application/json',
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe('invalid_grant');
    expect((await post('x', 'text/plain')).status).toBe(415);
  });
});
