import { describe, expect, it } from 'vitest';
import { meanInterval, tQuantile, wald, welch, wilson, Z95 } from '../../../src/lib/score/stats';

/** Relative difference, for quantiles that span many orders of magnitude. */
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('tQuantile', () => {
  it('gives the known 97.5% points', () => {
    expect(rel(tQuantile(0.975, 1), 12.706204736)).toBeLessThan(1e-9);
    expect(rel(tQuantile(0.975, 7), 2.364624252)).toBeLessThan(1e-9);
    expect(rel(tQuantile(0.975, 8), 2.306004135)).toBeLessThan(1e-9);
    expect(rel(tQuantile(0.975, 30), 2.042272456)).toBeLessThan(1e-9);
    expect(tQuantile(0.975, 1e6)).toBeCloseTo(1.95996, 4);
    expect(tQuantile(0.975, Infinity)).toBeCloseTo(Z95, 14);
  });

  // Reference values: mpmath (40 digits, rounded to double), solving the regularized incomplete
  // beta function.
  const REFERENCE: [number, number, number][] = [
    [0.975, 30, 2.0422724563012378],
    [0.975, 12345.6, 1.9601561582595102],
    [0.975, 1e5, 1.9599877075346093],
    [0.975, 1e6, 1.9599663568141066],
    [0.975, 1e7, 1.959964221767205],
    [0.01, 1e6, -2.3263516031208056],
    [0.001, 1e7, -3.090233121180912],
    [0.4999999, 15, -2.5487241973282214e-7],
    [1e-15, 2.5, -876543.78822689],
    [0.975, 3, 3.1824463052837086],
    [0.999, 1.3, 89.92242898188],
    [1e-9, 4.5, -144.53766345843914],
    [0.7, 2.5, 0.5973077382523173],
  ];

  it('is accurate to 1e-11 relative against high-precision references', () => {
    for (const [p, df, expected] of REFERENCE) {
      expect(rel(tQuantile(p, df), expected), `p=${p} df=${df}`).toBeLessThan(1e-11);
    }
  });

  it('uses the closed forms at df = 1 (Cauchy) and df = 2', () => {
    for (const p of [0.001, 0.1, 0.3, 0.6, 0.9, 0.999]) {
      expect(rel(tQuantile(p, 1), Math.tan(Math.PI * (p - 0.5)))).toBeLessThan(1e-12);
      const t2 = (2 * p - 1) / Math.sqrt(2 * p * (1 - p));
      expect(rel(tQuantile(p, 2), t2)).toBeLessThan(1e-12);
    }
  });

  it('is antisymmetric and increasing in p, and decreasing in df above the median', () => {
    for (const df of [1, 1.5, 3, 7.3, 50, 1e4]) {
      let prev = -Infinity;
      // Dyadic p, so that 1 − p is exact.
      for (const p of [2 ** -30, 2 ** -7, 0.25, 0.4375, 0.5, 0.5625, 0.75, 1 - 2 ** -7]) {
        const t = tQuantile(p, df);
        expect(t).toBeGreaterThan(prev);
        expect(tQuantile(1 - p, df) + t).toBe(0);
        prev = t;
      }
    }
    const dfs = [1, 1.2, 2, 2.5, 3, 5, 10, 100, 1e4, 1e6, 1e9];
    for (let i = 1; i < dfs.length; i++) {
      expect(tQuantile(0.975, dfs[i])).toBeLessThan(tQuantile(0.975, dfs[i - 1]));
    }
  });

  it('handles the ends and invalid arguments', () => {
    expect(tQuantile(0.5, 7)).toBe(0);
    expect(tQuantile(0, 7)).toBe(-Infinity);
    expect(tQuantile(1, 7)).toBe(Infinity);
    expect(tQuantile(-0.1, 7)).toBeNaN();
    expect(tQuantile(1.1, 7)).toBeNaN();
    expect(tQuantile(NaN, 7)).toBeNaN();
    expect(tQuantile(0.975, 0)).toBeNaN();
    expect(tQuantile(0.975, NaN)).toBeNaN();
  });
});

describe('wilson and wald', () => {
  it('match CSAT-1 top-2 box: 5 of 8 (§5.6)', () => {
    const w = wilson(5, 8);
    expect(100 * w.low).toBeCloseTo(30.57, 2);
    expect(100 * w.high).toBeCloseTo(86.32, 2);
    const n = wald(5, 8);
    expect(100 * n.low).toBeCloseTo(28.95, 2);
    expect(100 * n.high).toBeCloseTo(96.05, 2);
  });

  it('match CES-1 positive: 5 of 9 (§5.6)', () => {
    const w = wilson(5, 9);
    expect(100 * w.low).toBeCloseTo(26.67, 2);
    expect(100 * w.high).toBeCloseTo(81.12, 2);
  });

  it('stay within [0, 1] at 0 and n successes', () => {
    expect(wilson(0, 10).low).toBe(0);
    expect(wilson(10, 10).high).toBe(1);
    expect(wilson(0, 10).high).toBeCloseTo(0.2775, 4);
    expect(wald(0, 10)).toEqual({ low: 0, high: 0 });
    expect(wald(1, 10).low).toBe(0);
  });

  it('give NaN ends with n = 0 and reject impossible counts', () => {
    expect(wilson(0, 0)).toEqual({ low: NaN, high: NaN });
    expect(wald(0, 0)).toEqual({ low: NaN, high: NaN });
    expect(() => wilson(3, 2)).toThrow(RangeError);
    expect(() => wilson(-1, 2)).toThrow(RangeError);
    expect(() => wald(1, NaN)).toThrow(RangeError);
  });
});

describe('meanInterval', () => {
  it('matches CSAT-1 and CES-1 (R t.test)', () => {
    const csat = meanInterval(8, 3.5, Math.SQRT2)!;
    expect(csat.low).toBeCloseTo(2.317687874203608, 12);
    expect(csat.high).toBeCloseTo(4.6823121257963916, 12);
    const ces = meanInterval(9, 40 / 9, 2.1278575558006176)!;
    expect(ces.low).toBeCloseTo(2.8088283368438933, 12);
    expect(ces.high).toBeCloseTo(6.080060552044996, 12);
  });

  it('takes other levels and is null below 2 values', () => {
    const i99 = meanInterval(8, 3.5, Math.SQRT2, 0.99)!;
    expect(i99.high - 3.5).toBeCloseTo((3.499483297 * Math.SQRT2) / Math.sqrt(8), 8);
    expect(meanInterval(1, 3, NaN)).toBeNull();
    expect(meanInterval(0, NaN, NaN)).toBeNull();
  });
});

describe('welch', () => {
  it('matches scipy/R for b − a', () => {
    const a = { n: 5, mean: 3, sd: Math.sqrt(2.5) };
    const b = { n: 6, mean: 41 / 6, sd: 2.6394443859772205 };
    const w = welch(a, b)!;
    expect(w.diff).toBeCloseTo(3.833333333333333, 12);
    expect(w.se).toBeCloseTo(1.288840995278747, 12);
    expect(w.df).toBeCloseTo(8.307716611530314, 10);
    expect(w.interval.low).toBeCloseTo(0.8803138723084047, 10);
    expect(w.interval.high).toBeCloseTo(6.786352794358262, 10);
    expect(w.significant).toBe(true);
    const back = welch(b, a)!;
    expect(back.diff).toBeCloseTo(-w.diff, 12);
    expect(back.significant).toBe(true);
  });

  it('is not significant when the interval covers 0', () => {
    const w = welch({ n: 10, mean: 3, sd: 1 }, { n: 10, mean: 3.2, sd: 1 })!;
    expect(w.df).toBeCloseTo(18, 12);
    expect(w.significant).toBe(false);
  });

  it('handles constant groups and is null below 2 values', () => {
    const w = welch({ n: 3, mean: 2, sd: 0 }, { n: 4, mean: 3, sd: 0 })!;
    expect(w).toEqual({ diff: 1, se: 0, df: 5, interval: { low: 1, high: 1 }, significant: true });
    expect(welch({ n: 1, mean: 2, sd: NaN }, { n: 4, mean: 3, sd: 1 })).toBeNull();
  });
});
