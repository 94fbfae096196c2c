// Shared set-up for the live tests: the real Qualtrics client (src/lib/qualtrics) against the real
// fake server (tests/fake-qualtrics) over real HTTP with Node's fetch. The two were written apart
// from the same reference; these tests are where they must agree.
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startFakeQualtrics } from '../../fake-qualtrics/server.mjs';
import { CREDENTIALS } from '../../fake-qualtrics/data.mjs';
import {
  QualtricsHttp,
  apiBaseUrl,
  apiTokenAuth,
  type AuthProvider,
  type FetchLike,
  type QualtricsHttpOptions,
  type StorageLike,
  type WaitInfo,
} from '../../../src/lib/qualtrics';

export type Fake = Awaited<ReturnType<typeof startFakeQualtrics>>;

export const ADA_TOKEN = CREDENTIALS.apiTokens[0].token;
export const SAM_TOKEN = CREDENTIALS.apiTokens[1].token;
export const EX_SURVEY = 'SV_9Yw3xPqL2bTnK5r';
export const CX_SURVEY = 'SV_4GkPz8rTmW1qXcN';
export const DIRECTORY = 'POOL_eOHAGsIto4GlLh3';
export const AUTH_CLIENT = CREDENTIALS.authCodeClient;
export const CC_CLIENT = CREDENTIALS.clientCredentialsClient;

/** Node's fetch, as the app passes the browser's. */
export const nodeFetch = globalThis.fetch.bind(globalThis) as unknown as FetchLike;

/** A server per test file, back to its seeded state (and start switches) before each test. */
export function useFake(switches: Record<string, unknown> = {}): { fake: Fake } {
  const box = {} as { fake: Fake };
  beforeAll(async () => {
    // Why env {}: the developer's environment must not change the defaults asserted here.
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

/** Sleeps recorded instead of waited, so retry tests take milliseconds. */
export function fastSleep(): { sleep: (ms: number) => Promise<void>; slept: number[] } {
  const slept: number[] = [];
  return {
    slept,
    sleep: (ms: number) => {
      slept.push(ms);
      return new Promise((r) => setTimeout(r, 0));
    },
  };
}

/** The client as the app builds it, on the fake's API base. */
export function client(
  fake: Fake,
  opts: Partial<QualtricsHttpOptions> & { auth?: AuthProvider } = {},
): { http: QualtricsHttp; waits: WaitInfo[]; slept: number[] } {
  const waits: WaitInfo[] = [];
  const s = fastSleep();
  const http = new QualtricsHttp({
    baseUrl: apiBaseUrl(fake.url),
    auth: apiTokenAuth(ADA_TOKEN),
    fetch: nodeFetch,
    sleep: s.sleep,
    onWait: (w) => waits.push(w),
    ...opts,
  });
  return { http, waits, slept: s.slept };
}

/** A test-only control call. */
export async function control(fake: Fake, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${fake.url}/__control${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`control ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** sessionStorage in memory. */
export function memoryStore(): StorageLike & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
  };
}

/** Catches the error a promise rejects with (fails the test when it resolves). */
export async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}
