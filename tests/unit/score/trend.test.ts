import { describe, expect, it } from 'vitest';
import { defaultMapping } from '../../../src/lib/score/sentiment';
import { MAX_TREND_PERIODS, nextPeriod, periodOf, trendPoints } from '../../../src/lib/score/trend';
import type { Tally, TrendPoint } from '../../../src/lib/score/types';
import { tallyOf } from '../../helpers/tally';

const FAV = defaultMapping('favorability', { min: 1, max: 5 });
const CSAT = defaultMapping('csat', { min: 1, max: 5 });

/** n answers of which `positive` are 5 and the rest 1. */
const tally = (positive: number, n: number): Tally =>
  tallyOf(
    Array.from({ length: n }, (_, i) => (i < positive ? 5 : 1)),
    FAV,
  );
const shown = (p: TrendPoint) => {
  if (p.suppressed) throw new Error(`${p.period} is suppressed`);
  return p;
};

describe('periodOf', () => {
  it('puts ISO weeks across a year boundary (2026-01-01 is a Thursday)', () => {
    expect(periodOf('2026-01-01', 'week')).toEqual({
      period: 'Week of 2025-12-29',
      start: '2025-12-29',
    });
    expect(periodOf('2026-01-01', 'week', 0)).toEqual({
      period: 'Week of 2025-12-28',
      start: '2025-12-28',
    });
    // Sunday 2026-01-04 ends a Monday week and starts a Sunday one.
    expect(periodOf('2026-01-04', 'week', 1)?.start).toBe('2025-12-29');
    expect(periodOf('2026-01-04', 'week', 0)?.start).toBe('2026-01-04');
    expect(periodOf('2026-01-05', 'week', 1)?.start).toBe('2026-01-05');
    expect(periodOf('2024-03-01', 'week')?.start).toBe('2024-02-26'); // leap year
  });

  it('gives months and quarters', () => {
    expect(periodOf('2026-01-01', 'month')).toEqual({ period: '2026-01', start: '2026-01-01' });
    expect(periodOf('2026-12-31', 'quarter')).toEqual({ period: '2026 Q4', start: '2026-10-01' });
    expect(periodOf('2026-03-31', 'quarter')).toEqual({ period: '2026 Q1', start: '2026-01-01' });
    expect(periodOf('2026-04-01', 'quarter')?.period).toBe('2026 Q2');
    expect(periodOf('2026-09-30', 'quarter')?.period).toBe('2026 Q3');
  });

  it('reads Qualtrics and ISO timestamps, keeping the date as written', () => {
    expect(periodOf('2026-03-15 10:22:33', 'month')?.period).toBe('2026-03');
    expect(periodOf('2026-03-15T10:22', 'month')?.period).toBe('2026-03');
    expect(periodOf('2026-01-01T23:30:00Z', 'month')?.period).toBe('2026-01');
    expect(periodOf('2025-12-31T23:30:00.123Z', 'quarter')?.period).toBe('2025 Q4');
    expect(periodOf('2025-12-31T23:30:00-05:00', 'quarter')?.period).toBe('2025 Q4');
    expect(periodOf('2026-01-01T00:30:00+02:00', 'quarter')?.period).toBe('2026 Q1');
    expect(periodOf('  2026-01-01  ', 'month')?.period).toBe('2026-01');
  });

  it('reads M/D/YYYY with an optional time', () => {
    expect(periodOf('3/15/2026', 'month')).toEqual({ period: '2026-03', start: '2026-03-01' });
    expect(periodOf('12/31/2025 11:59:00 PM', 'quarter')?.period).toBe('2025 Q4');
    expect(periodOf('1/5/2026 14:05', 'week')?.period).toBe('Week of 2026-01-05');
    expect(periodOf('01/01/2026 00:00:00', 'week')?.start).toBe('2025-12-29');
  });

  it('returns null for anything else', () => {
    for (const bad of [
      '',
      'hello',
      '2026',
      '2026-1-5',
      '2026/01/01',
      '2026-13-01',
      '2026-00-10',
      '2026-02-29',
      '2026-02-30',
      '2026-04-31',
      '2026-01-01T25:00:00',
      '2026-01-01 10:61',
      '31/12/2025',
      '13/1/2026',
      '1/5/2026 13:00 PM',
      '2026-01-01 junk',
    ]) {
      expect(periodOf(bad, 'month'), bad).toBeNull();
    }
    expect(periodOf('2024-02-29', 'month')?.period).toBe('2024-02');
  });
});

describe('nextPeriod', () => {
  it('steps weeks, months and quarters across year ends', () => {
    expect(nextPeriod('2025-12-29', 'week')).toEqual({
      period: 'Week of 2026-01-05',
      start: '2026-01-05',
    });
    expect(nextPeriod('2025-12-28', 'week', 0)?.start).toBe('2026-01-04');
    expect(nextPeriod('2025-12-01', 'month')).toEqual({ period: '2026-01', start: '2026-01-01' });
    expect(nextPeriod('2025-10-01', 'quarter')).toEqual({ period: '2026 Q1', start: '2026-01-01' });
    expect(nextPeriod('2026-02-15', 'quarter')?.period).toBe('2026 Q2');
    expect(nextPeriod('nope', 'month')).toBeNull();
  });
});

describe('trendPoints', () => {
  it('fills gaps, suppresses small periods and compares with the previous shown one', () => {
    const keys = [
      periodOf('2026-04-20', 'month')!,
      periodOf('2026-01-10', 'month')!,
      periodOf('2026-03-02', 'month')!,
      periodOf('2026-05-31', 'month')!,
    ];
    const tallies = [tally(2, 10), tally(8, 10), tally(3, 3), tally(3, 10)];
    const points = trendPoints(keys, tallies, FAV, 'month', 1);
    expect(points.map((p) => [p.period, p.start, p.suppressed])).toEqual([
      ['2026-01', '2026-01-01', false],
      ['2026-02', '2026-02-01', true], // gap: no answers
      ['2026-03', '2026-03-01', true], // 3 < 5
      ['2026-04', '2026-04-01', false],
      ['2026-05', '2026-05-01', false],
    ]);
    expect(Object.keys(points[1])).toEqual(['period', 'start', 'suppressed']);
    const [jan, , , apr, may] = points.map((p) => (p.suppressed ? null : p));
    expect(jan!.score.value).toBe(80);
    expect(jan!.change).toBeNull();
    expect(jan!.significant).toBe(false);
    // April is compared with January, the previous shown period: 20 − 80.
    expect(apr!.change).toBe(-60);
    expect(apr!.significant).toBe(true);
    // May against April: 30 − 20 is well within the noise of n = 10.
    expect(may!.change).toBeCloseTo(10, 12);
    expect(may!.significant).toBe(false);
  });

  it('merges keys of the same period and recomputes their labels', () => {
    const keys = [
      { period: 'January', start: '2026-01-01' },
      { period: 'also January', start: '2026-01-20' },
    ];
    const points = trendPoints(keys, [tally(2, 3), tally(1, 3)], FAV, 'month', 1);
    expect(points).toHaveLength(1);
    const p = shown(points[0]);
    expect(p.period).toBe('2026-01');
    expect(p.score.n).toBe(6);
    expect(p.score.positive).toBe(3);
  });

  it('fills weeks across a year boundary', () => {
    const keys = [periodOf('2026-01-07', 'week')!, periodOf('2025-12-24', 'week')!];
    const points = trendPoints(keys, [tally(5, 5), tally(5, 5)], FAV, 'week', 1);
    expect(points.map((p) => p.period)).toEqual([
      'Week of 2025-12-22',
      'Week of 2025-12-29',
      'Week of 2026-01-05',
    ]);
    expect(points.map((p) => p.suppressed)).toEqual([false, true, false]);
    expect(shown(points[2]).change).toBe(0);
    const sunday = trendPoints(keys, [tally(5, 5), tally(5, 5)], FAV, 'week', 0);
    expect(sunday.map((p) => p.start)).toEqual(['2025-12-21', '2025-12-28', '2026-01-04']);
  });

  it('fills quarters and honours minGroup and lowSample', () => {
    const keys = [periodOf('2025-11-01', 'quarter')!, periodOf('2026-07-01', 'quarter')!];
    const points = trendPoints(keys, [tally(1, 2), tally(1, 2)], FAV, 'quarter', 1, 2, {
      lowSample: 3,
    });
    expect(points.map((p) => p.period)).toEqual(['2025 Q4', '2026 Q1', '2026 Q2', '2026 Q3']);
    expect(points.map((p) => p.suppressed)).toEqual([false, true, true, false]);
    expect(shown(points[0]).score.lowSample).toBe(true);
  });

  it("tests mean headlines with Welch's t", () => {
    const a = tallyOf([1, 2, 1, 2, 1, 2], CSAT);
    const b = tallyOf([5, 5, 5, 4, 5, 4], CSAT);
    const c = tallyOf([5, 4, 5, 4, 5, 5], CSAT);
    const keys = ['2026-01-01', '2026-02-01', '2026-03-01'].map((d) => periodOf(d, 'month')!);
    const [, feb, mar] = trendPoints(keys, [a, b, c], CSAT, 'month', 1).map(shown);
    expect(feb.change).toBeCloseTo(3.166666666666667, 12);
    expect(feb.significant).toBe(true);
    expect(mar.change).toBeCloseTo(0, 12);
    expect(mar.significant).toBe(false);
  });

  it('handles no keys and rejects bad input', () => {
    expect(trendPoints([], [], FAV, 'month', 1)).toEqual([]);
    const jan = periodOf('2026-01-01', 'month')!;
    expect(() => trendPoints([jan], [], FAV, 'month', 1)).toThrow(RangeError);
    expect(() =>
      trendPoints([{ period: 'x', start: 'soon' }], [tally(5, 5)], FAV, 'month', 1),
    ).toThrow(RangeError);
    const far = { period: 'far', start: '1800-01-01' };
    expect(MAX_TREND_PERIODS).toBe(10_000);
    expect(() => trendPoints([far, jan], [tally(5, 5), tally(5, 5)], FAV, 'week', 1)).toThrow(
      RangeError,
    );
  });
});
