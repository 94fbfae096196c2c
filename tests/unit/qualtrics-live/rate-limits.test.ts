// The client's rate limiter and the fake's limits describe the same Qualtrics limits (reference
// §1.5, §3.1): the defaults must match key for key, and a client limiting itself to the fake's
// limits must never see a 429 from it.
import { describe, expect, test } from 'vitest';
import { DEFAULT_RATE_LIMITS as FAKE_LIMITS } from '../../fake-qualtrics/switches.mjs';
import {
  DEFAULT_RATE_LIMITS,
  RateLimiter,
  defaultSleep,
  startExport,
  type LimitKey,
} from '../../../src/lib/qualtrics';
import { EX_SURVEY, client, useFake } from './live';

const box = useFake();

/** The fake's camelCase bucket of each client key. */
const FAKE_KEY: Record<LimitKey, keyof typeof FAKE_LIMITS> = {
  brand: 'brand',
  'export-start': 'exportStart',
  'export-progress': 'exportProgress',
  'export-file': 'exportFile',
  'single-response': 'singleResponse',
  'distribution-history': 'distributionHistory',
  'distribution-links': 'distributionLinks',
};

describe('rate limits', () => {
  test('the client and the fake start from the same limits', () => {
    for (const [key, limit] of Object.entries(DEFAULT_RATE_LIMITS)) {
      expect(FAKE_LIMITS[FAKE_KEY[key as LimitKey]], key).toBe(limit);
    }
    expect(Object.keys(FAKE_LIMITS)).toHaveLength(Object.keys(DEFAULT_RATE_LIMITS).length);
  });

  test('a client limited like the fake waits instead of getting 429s', async () => {
    // Real time, a short window: 3 export starts per 1.5 s (long enough that a loaded machine
    // does not spread the calls over it by itself).
    box.fake.setSwitches({ rateLimits: { exportStart: 3 }, rateWindowMs: 1500 });
    const limiterWaits: number[] = [];
    const limiter = new RateLimiter({
      limits: { ...DEFAULT_RATE_LIMITS, 'export-start': 3 },
      // Why a margin: the client's clock and the fake's are the same, but requests take time
      // to arrive, so the limiter's window is a little longer than the server's.
      windowMs: 1700,
      now: Date.now,
      sleep: defaultSleep,
      onWait: (ms) => limiterWaits.push(ms),
    });
    const c = client(box.fake, { limiter, rateLimitRetries: 0 });
    for (let i = 0; i < 4; i++) await startExport(c.http, EX_SURVEY, { format: 'csv' });
    expect(limiterWaits).toHaveLength(1);
    expect(c.waits.filter((w) => w.reason === 'rate-limited')).toHaveLength(0);
  });

  test('without the limiter the 4th start meets the fake 429, waits its Retry-After, succeeds', async () => {
    box.fake.setSwitches({ rateLimits: { exportStart: 3 }, rateWindowMs: 1000, retryAfter: 1 });
    // Really waits what the client asks (Retry-After 1 s), and a little more.
    const c = client(box.fake, { sleep: (ms) => new Promise((r) => setTimeout(r, ms + 50)) });
    const ids = [];
    for (let i = 0; i < 4; i++) {
      ids.push((await startExport(c.http, EX_SURVEY, { format: 'csv' })).progressId);
    }
    expect(new Set(ids).size).toBe(4);
    expect(c.waits.map((w) => [w.reason, w.ms])).toEqual([['rate-limited', 1000]]);
  });
});
