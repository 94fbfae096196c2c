import { describe, expect, it } from 'vitest';
import { defaultMapping } from '../../../src/lib/score/sentiment';
import {
  answerCode,
  answersOf,
  BLANK,
  EXCLUDED,
  emptyTally,
  mergeTallies,
  POSITIVE,
  tallyGroups,
  valueIndex,
} from '../../../src/lib/score/tally';
import type { SentimentMapping } from '../../../src/lib/score/types';
import { tallyOf } from '../../helpers/tally';

const FAV = defaultMapping('favorability', { min: 1, max: 5 });
/** 1–5 plus 6 = "Don't know", mapped to excluded. */
const WITH_DK: SentimentMapping = {
  ...FAV,
  values: [...FAV.values, { value: 6, label: "Don't know", sentiment: 'excluded' }],
};

describe('emptyTally and valueIndex', () => {
  it('start at zero with one byValue slot per value', () => {
    expect(emptyTally(FAV)).toEqual({
      n: 0,
      positive: 0,
      neutral: 0,
      negative: 0,
      blank: 0,
      excluded: 0,
      sum: 0,
      sumSq: 0,
      byValue: [0, 0, 0, 0, 0],
    });
    expect([...valueIndex(WITH_DK)]).toEqual([
      [1, 0],
      [2, 1],
      [3, 2],
      [4, 3],
      [5, 4],
      [6, 5],
    ]);
  });
});

/** The tally of the given rows only, as the Analysis counts a group. */
const tallyRows = (values: number[], rows: ArrayLike<number>, unreadable?: ReadonlySet<number>) => {
  const only = Array.from(rows);
  const groupOf = values.map((_, r) => (only.includes(r) ? 0 : -1));
  return tallyGroups(answersOf(values, FAV, unreadable), FAV, groupOf, 1)[0];
};

describe('answerCode, answersOf and tallyGroups over every row', () => {
  it('counts sentiments, values and sums of valid answers', () => {
    const t = tallyOf([5, 4, 4, 3, 2, 1, 5, 4], FAV);
    expect(t).toEqual({
      n: 8,
      positive: 5,
      neutral: 1,
      negative: 2,
      blank: 0,
      excluded: 0,
      sum: 28,
      sumSq: 112,
      byValue: [1, 1, 1, 3, 2],
    });
  });

  it('counts NaN as blank and unreadable text as excluded', () => {
    const values = Float64Array.from([5, NaN, NaN, 4, 3]);
    // Row 2 held "N/A", row 4 held "3 (neutral)" that did not parse cleanly.
    const t = tallyOf(values, FAV, new Set([2, 4]));
    expect([t.n, t.blank, t.excluded]).toEqual([2, 1, 2]);
    expect(t.byValue).toEqual([0, 0, 0, 1, 1]);
  });

  it('excludes values outside the mapping (out of range, fractions, −99, ±Infinity)', () => {
    const t = tallyOf([6, 0, 2.5, -99, Infinity, -Infinity, 3], FAV);
    expect([t.n, t.blank, t.excluded, t.neutral]).toEqual([1, 0, 6, 1]);
    expect(t.sum).toBe(3);
  });

  it('excludes values mapped to excluded and keeps them out of byValue', () => {
    const t = tallyOf([6, 6, 5, 1], WITH_DK);
    expect([t.n, t.excluded, t.positive, t.negative]).toEqual([2, 2, 1, 1]);
    expect(t.byValue).toEqual([1, 0, 0, 0, 1, 0]);
    expect(t.sum).toBe(6);
  });

  it('reads -0 as 0', () => {
    const zeroToTen = defaultMapping('nps', { min: 0, max: 10 });
    const t = tallyOf([-0], zeroToTen);
    expect([t.n, t.negative, t.byValue[0]]).toEqual([1, 1, 1]);
  });

  it('uses only the given rows', () => {
    const values = [5, 1, 1, 4, NaN];
    const t = tallyRows(values, Int32Array.from([0, 3, 4]));
    expect([t.n, t.positive, t.negative, t.blank]).toEqual([2, 2, 0, 1]);
    const u = tallyRows(values, [1, 2], new Set([2]));
    expect([u.n, u.negative, u.excluded]).toEqual([1, 1, 1]);
  });

  it('reads one answer at a time', () => {
    const index = valueIndex(FAV);
    expect(answerCode(4, index, FAV)).toEqual({ code: POSITIVE, i: 3 });
    expect(answerCode(NaN, index, FAV)).toEqual({ code: BLANK, i: -1 });
    expect(answerCode(4, index, FAV, true)).toEqual({ code: EXCLUDED, i: -1 });
    expect(answerCode(7, index, FAV)).toEqual({ code: EXCLUDED, i: -1 });
    const t = tallyOf([4, NaN, 4, 7], FAV, new Set([2]));
    expect([t.n, t.positive, t.blank, t.excluded, t.sum, t.sumSq]).toEqual([1, 1, 1, 2, 4, 16]);
  });

  it('counts a value listed twice as its last entry (a missing code also on the scale)', () => {
    const overlap: SentimentMapping = {
      ...FAV,
      values: [{ value: 1, sentiment: 'excluded' }, ...FAV.values],
    };
    expect(valueIndex(overlap).get(1)).toBe(1);
    const t = tallyOf([1, 5], overlap);
    expect([t.n, t.negative, t.excluded]).toEqual([2, 1, 0]);
    expect(t.byValue).toEqual([0, 1, 0, 0, 0, 1]);
  });
});

describe('tallyGroups', () => {
  it('tallies each group in one pass and leaves out rows with group −1', () => {
    const values = [5, 4, 1, 2, NaN, 3, 5, 9];
    const groupOf = Int32Array.from([0, 1, 0, -1, 1, 1, -1, 0]);
    const [a, b] = tallyGroups(answersOf(values, FAV), FAV, groupOf, 2);
    expect([a.n, a.positive, a.negative, a.excluded]).toEqual([2, 1, 1, 1]);
    expect([b.n, b.positive, b.neutral, b.blank]).toEqual([2, 1, 1, 1]);
    expect(a.n + b.n + a.blank + b.blank + a.excluded + b.excluded).toBe(6);
  });

  it('matches the tally of each group’s rows alone, with unreadable rows', () => {
    const values = [5, 4, NaN, 2, 3, 1];
    const groupOf = [2, 0, 2, 0, -1, 2];
    const unreadable = new Set([2]);
    const groups = tallyGroups(answersOf(values, FAV, unreadable), FAV, groupOf, 3);
    expect(groups[0]).toEqual(tallyOf([4, 2], FAV));
    expect(groups[1]).toEqual(emptyTally(FAV));
    expect(groups[2]).toEqual(tallyOf([5, NaN, 1], FAV, new Set([1])));
    expect(groups[2].excluded).toBe(1);
  });

  it('throws RangeError for a group out of range or missing groups', () => {
    const answers = answersOf([1, 2], FAV);
    expect(() => tallyGroups(answers, FAV, [0, 2], 2)).toThrow(RangeError);
    expect(() => tallyGroups(answers, FAV, [0, 0.5], 2)).toThrow(RangeError);
    expect(() => tallyGroups(answers, FAV, [0], 2)).toThrow(RangeError);
  });
});

describe('mergeTallies', () => {
  it('equals the tally of the concatenation and leaves its inputs alone', () => {
    const x = [5, 4, NaN, 6, 1, 3];
    const y = [2, 2, 5, NaN, NaN, 4, 4];
    const a = tallyOf(x, WITH_DK);
    const b = tallyOf(y, WITH_DK);
    const aCopy = structuredClone(a);
    expect(mergeTallies(a, b)).toEqual(tallyOf([...x, ...y], WITH_DK));
    expect(a).toEqual(aCopy);
    expect(mergeTallies(a, emptyTally(WITH_DK))).toEqual(a);
  });

  it('refuses tallies of different mappings', () => {
    expect(() => mergeTallies(emptyTally(FAV), emptyTally(WITH_DK))).toThrow(RangeError);
  });
});
