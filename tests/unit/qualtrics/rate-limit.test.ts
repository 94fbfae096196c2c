// The sliding-window limiter: the brand limit and per-endpoint limits, with a fake clock.
import { describe, expect, it } from 'vitest';
import { DEFAULT_RATE_LIMITS, RateLimiter } from '../../../src/lib/qualtrics';

function setup(limits: Partial<typeof DEFAULT_RATE_LIMITS> = {}) {
  let now = 0;
  const waits: number[] = [];
  const told: string[] = [];
  const limiter = new RateLimiter({
    limits: { ...DEFAULT_RATE_LIMITS, ...limits },
    now: () => now,
    sleep: (ms) => {
      waits.push(ms);
      now += ms;
      return Promise.resolve();
    },
    onWait: (_ms, key) => told.push(key),
  });
  return { limiter, waits, told, advance: (ms: number) => (now += ms) };
}

describe('RateLimiter', () => {
  it('has the documented defaults', () => {
    expect(DEFAULT_RATE_LIMITS).toMatchObject({
      brand: 3000,
      'export-start': 100,
      'export-progress': 1000,
      'export-file': 100,
      'single-response': 240,
      'distribution-history': 300,
    });
  });

  it('lets the export-start limit through in a minute, then waits until the oldest call leaves the window', async () => {
    const { limiter, waits, told, advance } = setup();
    for (let i = 0; i < 100; i++) {
      await limiter.acquire('export-start');
      advance(100);
    }
    expect(waits).toEqual([]);
    await limiter.acquire('export-start');
    expect(waits).toEqual([60_000 - 100 * 100]);
    expect(told).toEqual(['export-start']);
  });

  it('counts every call against the brand limit', async () => {
    const { limiter, waits } = setup({ brand: 3 });
    await limiter.acquire('export-progress');
    await limiter.acquire(undefined);
    await limiter.acquire('export-file');
    expect(limiter.delayFor(['brand'])).toBe(60_000);
    await limiter.acquire(undefined);
    expect(waits).toEqual([60_000]);
  });

  it('per-endpoint limits are independent of each other', async () => {
    const { limiter } = setup({ 'export-start': 1 });
    await limiter.acquire('export-start');
    expect(limiter.delayFor(['brand', 'export-start'])).toBe(60_000);
    expect(limiter.delayFor(['brand', 'export-file'])).toBe(0);
  });

  it('stops waiting when aborted', async () => {
    const { limiter } = setup({ brand: 1 });
    await limiter.acquire(undefined);
    await expect(limiter.acquire(undefined, AbortSignal.abort())).rejects.toMatchObject({
      name: 'AbortError',
    });
  });
});
