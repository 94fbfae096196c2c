// The fake OAuth 2.0 endpoints (reference §2): `GET /oauth2/auth`, an HTML consent page with
// the client's name, the scopes and Approve/Deny buttons that redirect back with `code` and
// `state` (or `error=access_denied`), and `POST /oauth2/token` for client_credentials,
// authorization_code (PKCE verify / enforce / ignore / reject; client secret required or
// optional; codes single-use and short-lived) and refresh_token (optional rotation). Qualtrics'
// exact behaviour here is unconfirmed, so each uncertain rule is a switch.
import { createHash, randomBytes } from 'node:crypto';
import { ALL_SCOPES, CREDENTIALS, USERS } from './data.mjs';
import { sendJson } from './http.mjs';

/** @typedef {import('./http.mjs').Ctx} Ctx */
/** @typedef {import('./server.mjs').FakeState} FakeState */

/** @param {number} bytes */
const secret = (bytes) => randomBytes(bytes).toString('base64url');

/** RFC 7636 S256: BASE64URL(SHA256(ASCII(code_verifier))). @param {string} verifier */
export function s256(verifier) {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** @param {string} s */
const esc = (s) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/**
 * Is this redirect URI allowed for the client? Registered URIs match exactly; loopback URIs
 * (any port, any path) pass when the switch allows them, so e2e runs on any port work.
 * @param {FakeState} state @param {string} uri
 */
function redirectAllowed(state, uri) {
  if (CREDENTIALS.authCodeClient.redirectUris.includes(uri)) return true;
  if (!state.switches.allowLoopbackRedirects) return false;
  try {
    const u = new URL(uri);
    return (
      u.protocol === 'http:' &&
      (u.hostname === '127.0.0.1' || u.hostname === 'localhost') &&
      !u.hash
    );
  } catch {
    return false;
  }
}

/** @param {Ctx} ctx @param {number} status @param {string} title @param {string} body */
function sendHtml(ctx, status, title, body) {
  ctx.res
    .writeHead(status, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'x-frame-options': 'DENY',
    })
    .end(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>` +
        '<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem}' +
        'button{font-size:1rem;padding:.5rem 1.25rem;margin-right:.75rem}code{word-break:break-all}</style>' +
        `</head><body><p><strong>Qualtrics</strong> (fake server for XO Bridge tests)</p>${body}</body></html>`,
    );
}

/** @param {string} uri @param {Record<string, string | undefined>} params */
function withQuery(uri, params) {
  const u = new URL(uri);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) u.searchParams.set(k, v);
  return u.toString();
}

/** `GET /oauth2/auth`: validates the request and renders the consent page. @param {Ctx} ctx @param {FakeState} state */
export function authorizePage(ctx, state) {
  const q = ctx.url.searchParams;
  const clientId = q.get('client_id') ?? '';
  const redirectUri = q.get('redirect_uri') ?? '';
  const client = CREDENTIALS.authCodeClient;
  // Why: an unknown client or redirect URI must never redirect (open-redirect protection).
  if (clientId !== client.clientId) {
    sendHtml(
      ctx,
      400,
      'Unknown client',
      `<h1>Invalid request</h1><p>Unknown client_id <code>${esc(clientId)}</code>.</p>`,
    );
    return;
  }
  if (!redirectAllowed(state, redirectUri)) {
    sendHtml(
      ctx,
      400,
      'Redirect URI mismatch',
      `<h1>Invalid request</h1><p>The redirect_uri <code>${esc(redirectUri)}</code> is not registered for this client.</p>`,
    );
    return;
  }
  const stateParam = q.get('state') ?? undefined;
  /** @param {string} error @param {string} description */
  const fail = (error, description) => {
    ctx.res
      .writeHead(302, {
        location: withQuery(redirectUri, {
          error,
          error_description: description,
          state: stateParam,
        }),
      })
      .end();
  };
  if (q.get('response_type') !== 'code') {
    fail('unsupported_response_type', 'response_type must be code');
    return;
  }
  const scopes = (q.get('scope') ?? '').split(/[\s+]+/).filter(Boolean);
  const unknown = scopes.filter((s) => !ALL_SCOPES.includes(s) && s !== 'offline');
  if (unknown.length > 0) {
    fail('invalid_scope', `Unknown scope: ${unknown.join(' ')}`);
    return;
  }
  const challenge = q.get('code_challenge') ?? undefined;
  const method = q.get('code_challenge_method') ?? (challenge ? 'plain' : undefined);
  if (challenge && method !== 'S256' && method !== 'plain') {
    fail('invalid_request', 'code_challenge_method must be S256 or plain');
    return;
  }
  if (state.switches.pkce === 'enforce' && !challenge) {
    fail('invalid_request', 'code_challenge is required');
    return;
  }
  const requestId = secret(12);
  state.pending.set(requestId, {
    clientId,
    redirectUri,
    scopes,
    state: stateParam,
    challenge,
    method,
  });
  const scopeList = scopes.length
    ? scopes.map((s) => `<li><code>${esc(s)}</code></li>`).join('')
    : "<li>(none requested: all of the client's scopes)</li>";
  const users = USERS.map(
    (u, i) =>
      `<option value="${u.userId}"${i === 0 ? ' selected' : ''}>${esc(`${u.firstName} ${u.lastName} (${u.userName})`)}</option>`,
  ).join('');
  sendHtml(
    ctx,
    200,
    `Authorize ${client.name}`,
    `<h1>Authorize ${esc(client.name)}</h1>
<p><strong>${esc(client.name)}</strong> wants to access your Qualtrics account with these scopes:</p>
<ul id="scopes">${scopeList}</ul>
<p>It will return you to <code id="redirect-uri">${esc(redirectUri)}</code>.</p>
<form method="post" action="/oauth2/auth/decision">
<input type="hidden" name="request" value="${requestId}">
<p><label>Signed in as <select name="userId">${users}</select></label></p>
<button type="submit" name="decision" value="approve">Approve</button>
<button type="submit" name="decision" value="deny">Deny</button>
</form>`,
  );
}

/** `POST /oauth2/auth/decision`: the consent form's answer. @param {Ctx} ctx @param {FakeState} state */
export function authorizeDecision(ctx, state) {
  const form = new URLSearchParams(ctx.body?.toString('utf8') ?? '');
  const pending = state.pending.get(form.get('request') ?? '');
  if (!pending) {
    sendHtml(
      ctx,
      400,
      'Expired',
      '<h1>This authorization request has expired.</h1><p>Start again from the app.</p>',
    );
    return;
  }
  state.pending.delete(form.get('request') ?? '');
  if (form.get('decision') !== 'approve') {
    ctx.res
      .writeHead(302, {
        location: withQuery(pending.redirectUri, {
          error: 'access_denied',
          error_description: 'The user denied the request',
          state: pending.state,
        }),
      })
      .end();
    return;
  }
  const userId = USERS.some((u) => u.userId === form.get('userId'))
    ? /** @type {string} */ (form.get('userId'))
    : USERS[0].userId;
  const code = secret(24);
  state.codes.set(code, {
    ...pending,
    userId,
    expiresAt: Date.now() + state.switches.codeTtl * 1000,
    used: false,
    /** @type {string[]} */
    issued: [],
  });
  ctx.res
    .writeHead(302, { location: withQuery(pending.redirectUri, { code, state: pending.state }) })
    .end();
}

/**
 * Issues an access token (and records it) for a user, client and scope list.
 * @param {FakeState} state @param {{ userId: string, clientId: string, scopes: string[] }} who
 */
function issueAccess(state, who) {
  const token = secret(32);
  state.tokens.set(token, {
    kind: 'oauth',
    userId: who.userId,
    clientId: who.clientId,
    scopes: who.scopes,
    expiresAt: Date.now() + state.switches.accessTokenTtl * 1000,
    revoked: false,
  });
  return token;
}

/** @param {FakeState} state @param {{ userId: string, clientId: string, scopes: string[] }} who */
function issueRefresh(state, who) {
  const token = secret(32);
  state.refreshTokens.set(token, { ...who, revoked: false });
  return token;
}

/**
 * `POST /oauth2/token`.
 * @param {Ctx} ctx @param {FakeState} state
 */
export function tokenEndpoint(ctx, state) {
  /** @param {number} status @param {string} error @param {string} description @param {Record<string, string>} [extra] */
  const fail = (status, error, description, extra) =>
    sendJson(ctx, status, { error, error_description: description }, extra);
  const type = String(ctx.req.headers['content-type'] ?? '');
  if (!type.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    fail(400, 'invalid_request', 'The body must be application/x-www-form-urlencoded');
    return;
  }
  const form = new URLSearchParams(ctx.body?.toString('utf8') ?? '');
  // Client authentication: HTTP Basic (dominant) or client_id/client_secret in the form.
  let clientId = form.get('client_id') ?? undefined;
  let clientSecret = form.get('client_secret') ?? undefined;
  const basic = /^Basic\s+(.+)$/i.exec(String(ctx.req.headers.authorization ?? ''));
  if (basic) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    clientId = decodeURIComponent(decoded.slice(0, colon < 0 ? undefined : colon));
    clientSecret = colon < 0 ? undefined : decodeURIComponent(decoded.slice(colon + 1));
  }
  const badClient = () =>
    fail(
      401,
      'invalid_client',
      'Client authentication failed',
      basic ? { 'www-authenticate': 'Basic realm="qualtrics"' } : {},
    );
  const grant = form.get('grant_type');
  /** @param {string[]} scopes @param {string|undefined} access @param {string|undefined} refresh */
  const ok = (scopes, access, refresh) =>
    sendJson(ctx, 200, {
      access_token: access,
      token_type: 'Bearer',
      expires_in: state.switches.accessTokenTtl,
      scope: scopes.join(' '),
      ...(refresh ? { refresh_token: refresh } : {}),
    });

  if (grant === 'client_credentials') {
    const c = CREDENTIALS.clientCredentialsClient;
    if (clientId !== c.clientId || clientSecret !== c.clientSecret) {
      badClient();
      return;
    }
    const requested = (form.get('scope') ?? '').split(/\s+/).filter(Boolean);
    const unknown = requested.filter((s) => !ALL_SCOPES.includes(s));
    if (unknown.length > 0) {
      fail(400, 'invalid_scope', `Unknown scope: ${unknown.join(' ')}`);
      return;
    }
    const scopes = requested.length > 0 ? requested : ['manage:all'];
    ok(scopes, issueAccess(state, { userId: c.userId, clientId: c.clientId, scopes }), undefined);
    return;
  }

  const client = CREDENTIALS.authCodeClient;
  if (grant === 'authorization_code' || grant === 'refresh_token') {
    if (clientId !== client.clientId) {
      badClient();
      return;
    }
    if (
      clientSecret !== undefined
        ? clientSecret !== client.clientSecret
        : state.switches.clientSecret === 'required'
    ) {
      badClient();
      return;
    }
  }

  if (grant === 'authorization_code') {
    const code = form.get('code') ?? '';
    const entry = state.codes.get(code);
    const verifier = form.get('code_verifier') ?? undefined;
    if (!entry || entry.clientId !== clientId) {
      fail(400, 'invalid_grant', 'Unknown authorization code');
      return;
    }
    if (entry.used) {
      // Why: RFC 6749 §4.1.2 — a replayed code revokes what it already issued.
      for (const t of entry.issued) {
        const rec = state.tokens.get(t) ?? state.refreshTokens.get(t);
        if (rec) rec.revoked = true;
      }
      fail(400, 'invalid_grant', 'Authorization code has already been used');
      return;
    }
    entry.used = true;
    if (Date.now() > entry.expiresAt) {
      fail(400, 'invalid_grant', 'Authorization code has expired');
      return;
    }
    if (form.get('redirect_uri') !== entry.redirectUri) {
      fail(400, 'invalid_grant', 'redirect_uri does not match the authorization request');
      return;
    }
    const pkce = state.switches.pkce;
    if (pkce === 'reject' && (verifier !== undefined || entry.challenge !== undefined)) {
      fail(
        400,
        'invalid_request',
        'PKCE is not supported for this client (code_verifier not allowed)',
      );
      return;
    }
    if ((pkce === 'verify' || pkce === 'enforce') && entry.challenge !== undefined) {
      if (verifier === undefined) {
        fail(400, 'invalid_grant', 'code_verifier is required');
        return;
      }
      const computed = entry.method === 'S256' ? s256(verifier) : verifier;
      if (computed !== entry.challenge) {
        fail(400, 'invalid_grant', 'code_verifier does not match the code_challenge');
        return;
      }
    }
    if (pkce === 'enforce' && verifier === undefined) {
      fail(400, 'invalid_grant', 'code_verifier is required');
      return;
    }
    const scopes =
      entry.scopes.length > 0
        ? entry.scopes.filter((/** @type {string} */ s) => s !== 'offline')
        : ['manage:all'];
    const who = { userId: entry.userId, clientId: client.clientId, scopes };
    const access = issueAccess(state, who);
    const refresh = state.switches.refreshTokens ? issueRefresh(state, who) : undefined;
    entry.issued.push(access, ...(refresh ? [refresh] : []));
    ok(scopes, access, refresh);
    return;
  }

  if (grant === 'refresh_token') {
    const token = form.get('refresh_token') ?? '';
    const entry = state.refreshTokens.get(token);
    if (!entry || entry.revoked || entry.clientId !== clientId) {
      fail(400, 'invalid_grant', 'Invalid refresh token');
      return;
    }
    const requested = (form.get('scope') ?? '').split(/\s+/).filter(Boolean);
    if (requested.some((s) => !entry.scopes.includes(s))) {
      fail(400, 'invalid_scope', 'A refresh cannot widen the scopes');
      return;
    }
    const scopes = requested.length > 0 ? requested : entry.scopes;
    const access = issueAccess(state, { userId: entry.userId, clientId: entry.clientId, scopes });
    let refresh;
    if (state.switches.rotateRefreshTokens) {
      entry.revoked = true;
      refresh = issueRefresh(state, {
        userId: entry.userId,
        clientId: entry.clientId,
        scopes: entry.scopes,
      });
    }
    ok(scopes, access, refresh);
    return;
  }

  fail(400, 'unsupported_grant_type', `Unsupported grant_type: ${grant ?? '(none)'}`);
}

/** Where the fake's "organisation token URL" lives (see orgTokenEndpoint). */
export const ORG_TOKEN_PATH = '/org/oauth2/token';

/**
 * `POST /org/oauth2/token`: what an organisation's own token URL does (reference §2.3): it takes
 * code + verifier + redirect URI + client id (or a refresh token) as a form or as JSON, adds the
 * client secret it keeps server-side, and passes the grant on to the token endpoint. It answers
 * browsers (CORS) whatever `corsToken` says, because the organisation runs it for the app.
 * @param {Ctx} ctx @param {FakeState} state
 */
export function orgTokenEndpoint(ctx, state) {
  const type = String(ctx.req.headers['content-type'] ?? '').toLowerCase();
  const text = ctx.body?.toString('utf8') ?? '';
  /** @type {Record<string, string>} */
  let fields = {};
  if (type.startsWith('application/json')) {
    try {
      const v = JSON.parse(text);
      if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
        for (const [k, x] of Object.entries(v)) if (typeof x === 'string') fields[k] = x;
      }
    } catch {
      sendJson(ctx, 400, { error: 'invalid_request', error_description: 'Bad JSON' });
      return;
    }
  } else if (type.startsWith('application/x-www-form-urlencoded')) {
    fields = Object.fromEntries(new URLSearchParams(text));
  } else {
    sendJson(ctx, 415, { error: 'invalid_request', error_description: 'Send a form or JSON' });
    return;
  }
  // Why: the organisation, not the browser, knows the secret; a secret from the page is ignored.
  const form = new URLSearchParams({
    ...fields,
    client_id: CREDENTIALS.authCodeClient.clientId,
    client_secret: CREDENTIALS.authCodeClient.clientSecret,
  });
  const inner = {
    ...ctx,
    req: /** @type {any} */ ({ headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
    body: Buffer.from(form.toString(), 'utf8'),
  };
  tokenEndpoint(inner, state);
}
