import { describe, expect, it } from 'vitest';
import { compareScores, LOW_SAMPLE, scoreOf } from '../../../src/lib/score/score';
import { defaultMapping } from '../../../src/lib/score/sentiment';
import { wald, Z95 } from '../../../src/lib/score/stats';
import type { SentimentMapping } from '../../../src/lib/score/types';
import { tallyOf } from '../../helpers/tally';

const NPS = defaultMapping('nps', { min: 0, max: 10 });
const CSAT = defaultMapping('csat', { min: 1, max: 5 });
const CES = defaultMapping('ces', { min: 1, max: 7 });
const FAV = defaultMapping('favorability', { min: 1, max: 5 });
const as = (m: SentimentMapping, headline: SentimentMapping['headline']) => ({ ...m, headline });

/** `count` copies of `value` for each [value, count]. */
const repeat = (...pairs: [number, number][]) =>
  pairs.flatMap(([value, count]) => new Array<number>(count).fill(value));

const score = (values: number[], mapping: SentimentMapping, unreadable: number[] = []) =>
  scoreOf(tallyOf(values, mapping, new Set(unreadable)), mapping);

describe('scoreOf: test vectors of §5.6', () => {
  it('NPS-1: blank and "N/A" left out, NPS exactly −10, SE 26.2679, MOE 51.484', () => {
    // The last cell held the text "N/A": unreadable, so excluded.
    const s = score([10, 9, 9, 8, 7, 7, 6, 5, 3, 0, NaN, NaN], NPS, [11]);
    expect(s.n).toBe(10);
    expect(s.blank).toBe(1);
    expect(s.excluded).toBe(1);
    expect([s.positive, s.neutral, s.negative]).toEqual([3, 3, 4]);
    expect(s.nps).toBe(-10);
    expect(s.npsSe).toBeCloseTo(26.2679, 4);
    expect(Z95 * s.npsSe).toBeCloseTo(51.484, 3);
    expect(s.headline).toBe('nps');
    expect(s.value).toBe(-10);
    expect(s.se).toBe(s.npsSe);
    expect(s.interval).toEqual(s.npsInterval);
    expect(s.npsInterval.low).toBeCloseTo(-61.484, 3);
    expect(s.npsInterval.high).toBeCloseTo(41.484, 3);
    expect(s.lowSample).toBe(true);
  });

  it('NPS-2: 100 promoters, 60 passives, 40 detractors → 30, SE 5.5227, CI [19.18, 40.82]', () => {
    const s = score(repeat([10, 100], [8, 60], [3, 40]), NPS);
    expect(s.n).toBe(200);
    expect(s.nps).toBe(30);
    expect(s.npsSe).toBeCloseTo(5.5227, 4);
    expect(Z95 * s.npsSe).toBeCloseTo(10.8243, 4);
    expect(s.npsInterval.low).toBeCloseTo(19.18, 2);
    expect(s.npsInterval.high).toBeCloseTo(40.82, 2);
    expect(s.lowSample).toBe(false);
  });

  it('CSAT-1: mean 3.5 with t CI [2.3177, 4.6823]; top-2 box 62.5%, Wilson and Wald', () => {
    const s = score([5, 5, 4, 4, 4, 3, 2, 1, NaN], CSAT);
    expect(s.n).toBe(8);
    expect(s.blank).toBe(1);
    expect(s.mean).toBe(3.5);
    expect(s.sd).toBeCloseTo(1.414214, 6);
    expect(Math.abs(s.sd - Math.SQRT2)).toBeLessThan(1e-15);
    expect(s.meanInterval!.low).toBeCloseTo(2.3177, 4);
    expect(s.meanInterval!.high).toBeCloseTo(4.6823, 4);
    // R t.test / scipy, to 1e-9.
    expect(Math.abs(s.meanInterval!.low - 2.317687874203608)).toBeLessThan(1e-9);
    expect(Math.abs(s.meanInterval!.high - 4.6823121257963916)).toBeLessThan(1e-9);
    expect(s.pctPositive).toBe(62.5);
    expect(s.positiveInterval.low).toBeCloseTo(30.57, 2);
    expect(s.positiveInterval.high).toBeCloseTo(86.32, 2);
    const w = wald(s.positive, s.n);
    expect(100 * w.low).toBeCloseTo(28.95, 2);
    expect(100 * w.high).toBeCloseTo(96.05, 2);
    // The CSAT headline is the mean.
    expect(s.headline).toBe('mean');
    expect(s.value).toBe(3.5);
    expect(s.interval).toEqual(s.meanInterval);
    expect(s.se).toBeCloseTo(Math.SQRT2 / Math.sqrt(8), 15);
  });

  it('CES-1: 55.5556% positive, Wilson [26.67, 81.12], mean 4.444444, CI [2.8088, 6.0801]', () => {
    const s = score([7, 7, 6, 5, 5, 4, 3, 2, 1, NaN], CES);
    expect(s.n).toBe(9);
    expect(s.positive).toBe(5);
    expect(s.pctPositive).toBeCloseTo(55.5556, 4);
    expect(s.positiveInterval.low).toBeCloseTo(26.67, 2);
    expect(s.positiveInterval.high).toBeCloseTo(81.12, 2);
    expect(s.mean).toBeCloseTo(4.444444, 6);
    expect(s.sd).toBeCloseTo(2.127858, 6);
    expect(Math.abs(s.sd - 2.1278575558006176)).toBeLessThan(1e-9);
    expect(s.meanInterval!.low).toBeCloseTo(2.8088, 4);
    expect(s.meanInterval!.high).toBeCloseTo(6.0801, 4);
    expect(Math.abs(s.meanInterval!.low - 2.8088283368438933)).toBeLessThan(1e-9);
    expect(Math.abs(s.meanInterval!.high - 6.080060552044996)).toBeLessThan(1e-9);
    // The CES headline is % positive with its Wilson interval.
    expect(s.headline).toBe('percent-positive');
    expect(s.value).toBe(s.pctPositive);
    expect(s.interval).toEqual(s.positiveInterval);
    expect(s.se).toBeCloseTo(100 * Math.sqrt(((5 / 9) * (4 / 9)) / 9), 12);
  });

  it('FAV-1: 62.5% favorable, 12.5% neutral, 25% unfavorable, mean 3.5', () => {
    const s = score([5, 4, 4, 3, 2, 1, 5, 4], FAV);
    expect(s.pctPositive).toBe(62.5);
    expect(s.pctNeutral).toBe(12.5);
    expect(s.pctNegative).toBe(25);
    expect(s.mean).toBe(3.5);
  });

  it('DELIGHTED: 74/107 top-2 box = 69.1589%, reported as 69', () => {
    const s = score(repeat([5, 42], [4, 32], [3, 10], [2, 9], [1, 14]), CSAT);
    expect(s.n).toBe(107);
    expect(s.pctPositive).toBeCloseTo(69.1589, 4);
    expect(Math.round(s.pctPositive)).toBe(69);
  });

  it('CYS-CES: mean 4.08 and 46% positive', () => {
    const values = repeat([1, 80], [2, 210], [3, 140], [4, 110], [5, 160], [6, 180], [7, 120]);
    const s = score(values, CES);
    expect(s.n).toBe(1000);
    expect(s.mean).toBe(4.08);
    expect(s.pctPositive).toBe(46);
    expect(s.value).toBe(46);
  });
});

describe('scoreOf: headlines, low sample and empty tallies', () => {
  it('follows the mapping headline, whatever the kind', () => {
    const values = [5, 4, 4, 3, 2, 1, 5, 4];
    const mean = score(values, as(FAV, 'mean'));
    expect(mean.value).toBe(3.5);
    const nps = score(values, as(FAV, 'nps'));
    expect(nps.value).toBe(37.5); // (5 − 2)/8
    expect(nps.interval).toEqual(nps.npsInterval);
  });

  it('clamps the NPS interval to [−100, 100]', () => {
    const s = score([10, 10, 9], NPS);
    expect(s.nps).toBe(100);
    expect(s.npsSe).toBe(0);
    expect(s.npsInterval).toEqual({ low: 100, high: 100 });
    const t = score([10, 10, 0], NPS);
    expect(t.npsInterval.high).toBe(100);
  });

  it('flags a low sample below the threshold (default 30)', () => {
    expect(LOW_SAMPLE).toBe(30);
    const t = tallyOf(repeat([5, 29], [1, 1]), FAV);
    expect(scoreOf(t, FAV).lowSample).toBe(false);
    expect(scoreOf(t, FAV, { lowSample: 31 }).lowSample).toBe(true);
    expect(scoreOf(tallyOf(repeat([5, 29]), FAV), FAV).lowSample).toBe(true);
  });

  it('has no sd or mean interval with one answer', () => {
    const s = score([4], CSAT);
    expect(s.mean).toBe(4);
    expect(s.sd).toBeNaN();
    expect(s.meanInterval).toBeNull();
    expect(s.interval).toBeNull();
    expect(s.se).toBeNaN();
  });

  it('gives NaN numbers and no mean interval with n = 0', () => {
    const s = score([NaN, NaN], FAV);
    expect(s.n).toBe(0);
    expect(s.blank).toBe(2);
    for (const v of [s.pctPositive, s.pctNeutral, s.pctNegative, s.mean, s.sd, s.nps, s.npsSe]) {
      expect(v).toBeNaN();
    }
    expect(s.value).toBeNaN();
    expect(s.se).toBeNaN();
    expect(s.positiveInterval).toEqual({ low: NaN, high: NaN });
    expect(s.npsInterval).toEqual({ low: NaN, high: NaN });
    expect(s.meanInterval).toBeNull();
  });
});

describe('compareScores', () => {
  it('tests % positive with the summed variances (z)', () => {
    const a = score(repeat([5, 80], [1, 20]), FAV);
    const b = score(repeat([5, 60], [1, 40]), FAV);
    const c = compareScores(a, b);
    expect(c.diff).toBe(-20);
    expect(c.se).toBeCloseTo(Math.sqrt(a.se ** 2 + b.se ** 2), 12);
    expect(c.significant).toBe(true);
    expect(compareScores(a, score(repeat([5, 78], [1, 22]), FAV)).significant).toBe(false);
  });

  it('tests NPS the same way (NPS-1 against NPS-2 is not significant)', () => {
    const a = score([10, 9, 9, 8, 7, 7, 6, 5, 3, 0], NPS);
    const b = score(repeat([10, 100], [8, 60], [3, 40]), NPS);
    const c = compareScores(a, b);
    expect(c.diff).toBe(40);
    expect(c.se).toBeCloseTo(Math.hypot(26.26785107, 5.52268051), 6);
    expect(c.significant).toBe(false);
  });

  it("uses Welch's t test for means", () => {
    const a = score([1, 2, 3, 4, 5], CSAT);
    const b = score([5, 5, 5, 4, 5, 4], CSAT);
    const c = compareScores(a, b);
    expect(c.diff).toBeCloseTo(14 / 3 - 3, 12);
    expect(c.significant).toBe(false); // scipy: t = 2.259 on 4.71 df, p = 0.077
    const d = compareScores(score([1, 2, 1, 2, 1, 2], CSAT), b);
    expect(d.significant).toBe(true); // scipy: t = 10.30 on 9.97 df
    const one = compareScores(score([3], CSAT), b);
    expect(one.diff).toBeCloseTo(14 / 3 - 3, 12);
    expect(one.se).toBeNaN();
    expect(one.significant).toBe(false);
  });

  it('refuses scores with different headlines', () => {
    expect(() => compareScores(score([1, 2], CSAT), score([1, 2], FAV))).toThrow(RangeError);
  });
});
