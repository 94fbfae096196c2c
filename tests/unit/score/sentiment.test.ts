import { describe, expect, it } from 'vitest';
import {
  defaultMapping,
  detectScale,
  guessKind,
  headlineFor,
  MAX_POINTS,
  MIN_POINTS,
  npsGroupMapping,
} from '../../../src/lib/score/sentiment';
import type { SentimentMapping } from '../../../src/lib/score/types';

/** The sentiments of a mapping, lowest value first, as letters: + positive, 0 neutral, − negative. */
const code = (m: SentimentMapping) =>
  m.values
    .map((v) => ({ positive: '+', neutral: '0', negative: '-', excluded: 'x' })[v.sentiment])
    .join('');

describe('detectScale', () => {
  it('finds the integer range, ignoring blanks', () => {
    expect(detectScale([3, NaN, 1, 5, 5, 2])).toEqual({
      min: 1,
      max: 5,
      points: 5,
      integer: true,
      valid: 5,
    });
    expect(detectScale(Float64Array.from([0, 10, 7]))).toEqual({
      min: 0,
      max: 10,
      points: 11,
      integer: true,
      valid: 3,
    });
  });

  it('has no points for fractional values and is null with no finite value', () => {
    expect(detectScale([1, 2.5, 4])).toEqual({
      min: 1,
      max: 4,
      points: 0,
      integer: false,
      valid: 3,
    });
    expect(detectScale([Infinity, 2])).toMatchObject({ min: 2, max: 2, points: 1, valid: 1 });
    expect(detectScale([NaN, NaN])).toBeNull();
    expect(detectScale([])).toBeNull();
  });
});

describe('defaultMapping: favorability (Viva Glint map by position)', () => {
  const GLINT: Record<number, string> = {
    2: '-+',
    3: '-0+',
    4: '-00+',
    5: '--0++',
    6: '---+++',
    7: '---00++',
    8: '---00+++',
    9: '---000+++',
    10: '---0000+++',
    11: '-------00++',
  };

  it('maps every scale from 2 to 11 points', () => {
    for (let points = MIN_POINTS; points <= MAX_POINTS; points++) {
      const m = defaultMapping('favorability', { min: 1, max: points });
      expect(code(m), `${points} points`).toBe(GLINT[points]);
      expect(m.values.map((v) => v.value)).toEqual(Array.from({ length: points }, (_, i) => i + 1));
      expect(m.kind).toBe('favorability');
      expect(m.headline).toBe('percent-positive');
    }
  });

  it('reads 1–5 as 4–5 favorable, 3 neutral, 1–2 unfavorable (§4.1)', () => {
    const m = defaultMapping('favorability', { min: 1, max: 5 });
    expect(m.values).toEqual([
      { value: 1, sentiment: 'negative' },
      { value: 2, sentiment: 'negative' },
      { value: 3, sentiment: 'neutral' },
      { value: 4, sentiment: 'positive' },
      { value: 5, sentiment: 'positive' },
    ]);
  });

  it('reads 0–10 like NPS: 9–10 / 7–8 / 0–6', () => {
    const m = defaultMapping('favorability', { min: 0, max: 10 });
    const at = (v: number) => m.values.find((x) => x.value === v)!.sentiment;
    expect([0, 6, 7, 8, 9, 10].map(at)).toEqual([
      'negative',
      'negative',
      'neutral',
      'neutral',
      'positive',
      'positive',
    ]);
  });

  it('counts by position, so a shifted scale maps the same', () => {
    expect(code(defaultMapping('favorability', { min: -2, max: 2 }))).toBe('--0++');
    expect(defaultMapping('favorability', { min: -2, max: 2 }).values[0].value).toBe(-2);
  });

  it('puts labels on the values that have one', () => {
    const labels = new Map([
      [1, 'Strongly disagree'],
      [5, 'Strongly agree'],
    ]);
    const m = defaultMapping('favorability', { min: 1, max: 5 }, labels);
    expect(m.values[0]).toEqual({ value: 1, label: 'Strongly disagree', sentiment: 'negative' });
    expect(m.values[2]).toEqual({ value: 3, sentiment: 'neutral' });
    expect(m.values[4].label).toBe('Strongly agree');
  });

  it('throws RangeError outside 2–11 points or for fractional ends', () => {
    expect(() => defaultMapping('favorability', { min: 1, max: 1 })).toThrow(RangeError);
    expect(() => defaultMapping('favorability', { min: 1, max: 12 })).toThrow(RangeError);
    expect(() => defaultMapping('favorability', { min: 5, max: 1 })).toThrow(RangeError);
    expect(() => defaultMapping('favorability', { min: 1, max: 4.5 })).toThrow(RangeError);
  });
});

describe('defaultMapping: nps, csat, ces', () => {
  it('nps: 9–10 promoters, 7–8 passives, 0–6 detractors', () => {
    const m = defaultMapping('nps', { min: 0, max: 10 });
    expect(code(m)).toBe('-------00++');
    expect(m.values[0].value).toBe(0);
    expect(m.headline).toBe('nps');
    expect(code(defaultMapping('nps', { min: 1, max: 11 }))).toBe('-------00++');
    expect(() => defaultMapping('nps', { min: 1, max: 5 })).toThrow(/NPS needs a 0–10 scale/);
  });

  it('csat: two highest positive, lowest ⌊points/2⌋ negative, the rest neutral', () => {
    expect(code(defaultMapping('csat', { min: 1, max: 5 }))).toBe('--0++');
    expect(code(defaultMapping('csat', { min: 1, max: 7 }))).toBe('---00++');
    expect(code(defaultMapping('csat', { min: 1, max: 10 }))).toBe('-----000++');
    expect(code(defaultMapping('csat', { min: 0, max: 10 }))).toBe('-----0000++');
    expect(code(defaultMapping('csat', { min: 1, max: 2 }))).toBe('-+');
    expect(code(defaultMapping('csat', { min: 1, max: 4 }))).toBe('--++');
    expect(defaultMapping('csat', { min: 1, max: 5 }).headline).toBe('mean');
  });

  it('ces: above the midpoint positive (CES 2.0: 5–7 / 4 / 1–3)', () => {
    expect(code(defaultMapping('ces', { min: 1, max: 7 }))).toBe('---0+++');
    expect(code(defaultMapping('ces', { min: 1, max: 5 }))).toBe('--0++');
    expect(code(defaultMapping('ces', { min: 1, max: 6 }))).toBe('---+++');
    expect(code(defaultMapping('ces', { min: 0, max: 10 }))).toBe('-----0+++++');
    expect(defaultMapping('ces', { min: 1, max: 7 }).headline).toBe('percent-positive');
  });
});

describe('npsGroupMapping', () => {
  it('maps Qualtrics group codes 1/2/3', () => {
    expect(npsGroupMapping()).toEqual({
      kind: 'nps',
      headline: 'nps',
      values: [
        { value: 1, label: 'Detractor', sentiment: 'negative' },
        { value: 2, label: 'Passive', sentiment: 'neutral' },
        { value: 3, label: 'Promoter', sentiment: 'positive' },
      ],
    });
  });
});

describe('headlineFor', () => {
  it('gives each kind its default headline', () => {
    expect(headlineFor('favorability')).toBe('percent-positive');
    expect(headlineFor('nps')).toBe('nps');
    expect(headlineFor('csat')).toBe('mean');
    expect(headlineFor('ces')).toBe('percent-positive');
  });
});

describe('guessKind', () => {
  const s = (min: number, max: number) => ({ min, max });

  it('finds NPS from a group column or "recommend" on 0–10', () => {
    expect(guessKind({ header: 'Q3.13' }, s(0, 10), true)).toBe('nps');
    expect(
      guessKind({ header: 'Q3.13_NPS_GROUP', qualtricsRole: 'nps-group' }, s(1, 3), false),
    ).toBe('nps');
    const label = 'How likely are you to RECOMMEND us to a friend?';
    expect(guessKind({ header: 'Q5', label }, s(0, 10), false)).toBe('nps');
    expect(guessKind({ header: 'Q5_NPS' }, s(0, 10), false)).toBe('nps');
    expect(guessKind({ header: 'Q5', label }, s(1, 5), false)).toBe('favorability');
    expect(guessKind({ header: 'Q5', label }, null, false)).toBe('favorability');
  });

  it('finds CES from effort words on 5 or 7 points', () => {
    const label = 'The company made it easy for me to handle my issue.';
    expect(guessKind({ header: 'Q2', label }, s(1, 7), false)).toBe('ces');
    expect(guessKind({ header: 'Effort score' }, s(1, 5), false)).toBe('ces');
    expect(guessKind({ header: 'Q2', label: 'How difficult was it?' }, s(1, 7), false)).toBe('ces');
    expect(guessKind({ header: 'Q2', label }, s(1, 10), false)).toBe('favorability');
  });

  it('finds CSAT from "satisf", and favorability otherwise', () => {
    const label = 'Overall, how satisfied are you with our support?';
    expect(guessKind({ header: 'Q1', label }, s(1, 5), false)).toBe('csat');
    expect(guessKind({ header: 'CSAT_Satisfaction' }, null, false)).toBe('csat');
    expect(guessKind({ header: 'Q4', label: 'I feel valued at work.' }, s(1, 5), false)).toBe(
      'favorability',
    );
  });
});
