import { describe, expect, it } from 'vitest';
import { metricByGroup } from '../../../src/lib/score/patterns';
import { defaultMapping } from '../../../src/lib/score/sentiment';

const FAV = defaultMapping('favorability', { min: 1, max: 5 });

// [answer, metric] per row. Positive (4–5): 10, 12, 14, 9, 15, 11; neutral (3): 8, 9;
// negative (1–2): 5, 7, 6, 4, 8. The last five rows do not count.
const ROWS: [number, number][] = [
  [5, 10],
  [4, 12],
  [3, 8],
  [1, 5],
  [5, 14],
  [2, 7],
  [4, 9],
  [2, 6],
  [3, 9],
  [5, 15],
  [1, 4],
  [4, 11],
  [2, 8],
  [NaN, 20], // blank answer
  [9, 30], // answer outside the scale
  [4, NaN], // no metric
  [1, Infinity], // metric not finite
  [5, 50], // the answer was text (unreadable)
];
const answers = Float64Array.from(ROWS.map((r) => r[0]));
const metric = Float64Array.from(ROWS.map((r) => r[1]));
const unreadable = new Set([ROWS.length - 1]);

describe('metricByGroup', () => {
  it('gives mean, sd and t interval per group, suppresses small ones, and the Welch difference', () => {
    const { groups, difference } = metricByGroup(answers, FAV, metric, 5, { unreadable });
    expect(groups.map((g) => g.group)).toEqual(['positive', 'neutral', 'negative']);
    const [pos, neu, neg] = groups;
    // Hand-computed; intervals and Welch from scipy.
    expect(pos.suppressed).toBe(false);
    if (pos.suppressed) return;
    expect(pos.n).toBe(6);
    expect(pos.mean).toBeCloseTo(71 / 6, 12);
    expect(pos.sd).toBeCloseTo(Math.sqrt(161 / 30), 12); // Σ(x − x̄)² = 161/6, over n − 1 = 5
    expect(pos.sd).toBeCloseTo(2.3166067138525404, 12);
    expect(pos.interval!.low).toBeCloseTo(9.40220368419416, 9);
    expect(pos.interval!.high).toBeCloseTo(14.264462982472509, 9);
    expect(neu).toEqual({ group: 'neutral', suppressed: true });
    expect(Object.keys(neu)).toEqual(['group', 'suppressed']);
    expect(neg).toEqual({
      group: 'negative',
      suppressed: false,
      n: 5,
      mean: 6,
      sd: Math.sqrt(2.5),
      interval: expect.objectContaining({}),
    });
    if (neg.suppressed) return;
    expect(neg.interval!.low).toBeCloseTo(4.036756838522443, 9);
    expect(neg.interval!.high).toBeCloseTo(7.963243161477557, 9);
    expect(difference!.diff).toBeCloseTo(35 / 6, 12);
    expect(difference!.interval.low).toBeCloseTo(3.149816441375241, 9);
    expect(difference!.interval.high).toBeCloseTo(8.516850225291426, 9);
    expect(difference!.significant).toBe(true);
  });

  it('counts the unreadable row when it is not marked', () => {
    const { groups } = metricByGroup(answers, FAV, metric, 5);
    expect(groups[0].suppressed === false && groups[0].n).toBe(7);
  });

  it('shows the neutral group with a lower minimum', () => {
    const { groups } = metricByGroup(answers, FAV, metric, 2, { unreadable });
    expect(groups[1]).toEqual({
      group: 'neutral',
      suppressed: false,
      n: 2,
      mean: 8.5,
      sd: Math.SQRT1_2,
      interval: expect.objectContaining({}),
    });
  });

  it('has no difference when the positive or negative group is suppressed', () => {
    const r = metricByGroup(answers, FAV, metric, 6, { unreadable });
    expect(r.groups.map((g) => g.suppressed)).toEqual([false, true, true]);
    expect(r.difference).toBeNull();
  });

  it('leaves out neutral when the mapping has no neutral value', () => {
    const six = defaultMapping('favorability', { min: 1, max: 6 });
    const r = metricByGroup([6, 5, 4, 3, 2, 1], six, [1, 2, 3, 4, 5, 6], 1);
    expect(r.groups.map((g) => g.group)).toEqual(['positive', 'negative']);
    expect(r.difference!.diff).toBe(-3); // positive mean 2 − negative mean 5
  });

  it('gives a NaN sd and no interval for a single value, and no difference', () => {
    const r = metricByGroup([5, 1, 1], FAV, [3, 1, 2], 1);
    expect(r.groups[0]).toEqual({
      group: 'positive',
      suppressed: false,
      n: 1,
      mean: 3,
      sd: NaN,
      interval: null,
    });
    expect(r.difference).toBeNull();
  });

  it('needs one metric value per answer', () => {
    expect(() => metricByGroup([1, 2], FAV, [1])).toThrow(RangeError);
  });
});
