// Starts a fake Qualtrics server on a free port for one test file and talks to it over real
// HTTP with Node's fetch, as the app and the e2e tests will.
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startFakeQualtrics } from '../../fake-qualtrics/server.mjs';
import { CREDENTIALS } from '../../fake-qualtrics/data.mjs';

/**
 * API payloads in these tests: their shape is what the assertions check, so they stay loose
 * rather than restating the fake's JSON in types.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export type Fake = Awaited<ReturnType<typeof startFakeQualtrics>>;

export const ADA_TOKEN = CREDENTIALS.apiTokens[0].token;
export const SAM_TOKEN = CREDENTIALS.apiTokens[1].token;
export const EX_SURVEY = 'SV_9Yw3xPqL2bTnK5r';
export const CX_SURVEY = 'SV_4GkPz8rTmW1qXcN';
export const AUTH_CLIENT = CREDENTIALS.authCodeClient;
export const CC_CLIENT = CREDENTIALS.clientCredentialsClient;

/** A server per test file, reset to its seeded state before each test. */
export function useFake(switches: Record<string, unknown> = {}): { fake: Fake } {
  const box = {} as { fake: Fake };
  beforeAll(async () => {
    // Why: the environment must not change the defaults these tests assert.
    box.fake = await startFakeQualtrics({ port: 0, switches, env: {} });
  });
  afterAll(async () => {
    await box.fake.close();
  });
  beforeEach(() => {
    box.fake.reset();
  });
  return box;
}

export interface Envelope<T = Json> {
  result?: T;
  meta: {
    httpStatus: string;
    requestId: string;
    notice?: string;
    error?: { errorCode: string; errorMessage: string; instanceId?: string };
  };
}

/** An API v3 call; `token` undefined sends no auth, `bearer:` prefix sends a Bearer token. */
export async function api<T = Json>(
  fake: Fake,
  path: string,
  opts: {
    method?: string;
    body?: unknown;
    token?: string | null;
    headers?: Record<string, string>;
  } = {},
): Promise<{ status: number; headers: Headers; json: Envelope<T> }> {
  const headers: Record<string, string> = { ...opts.headers };
  const token = opts.token === undefined ? ADA_TOKEN : opts.token;
  if (token?.startsWith('bearer:')) headers.authorization = `Bearer ${token.slice(7)}`;
  else if (token) headers['x-api-token'] = token;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const url = path.startsWith('http') ? path : `${fake.url}/API/v3${path}`;
  const res = await fetch(url, {
    method: opts.method ?? (opts.body === undefined ? 'GET' : 'POST'),
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  return { status: res.status, headers: res.headers, json: (await res.json()) as Envelope<T> };
}

/** POST to a control endpoint. */
export async function control(fake: Fake, path: string, body?: unknown): Promise<Json> {
  const res = await fetch(`${fake.url}/__control${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

/** POST /oauth2/token with a form body and optional Basic client auth. */
export async function token(
  fake: Fake,
  form: Record<string, string>,
  basic?: [string, string],
): Promise<{ status: number; body: Json; headers: Headers }> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (basic) {
    headers.authorization = `Basic ${Buffer.from(`${basic[0]}:${basic[1]}`).toString('base64')}`;
  }
  const res = await fetch(`${fake.url}/oauth2/token`, {
    method: 'POST',
    headers,
    body: new URLSearchParams(form).toString(),
  });
  return { status: res.status, body: await res.json(), headers: res.headers };
}
