import { describe, expect, it } from 'vitest';
import { defaultMapping } from '../../../src/lib/score/sentiment';
import {
  addAnswer,
  emptyTally,
  mergeTallies,
  tallyAnswers,
  tallyGroups,
  valueIndex,
} from '../../../src/lib/score/tally';
import type { SentimentMapping } from '../../../src/lib/score/types';

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

describe('addAnswer and tallyAnswers', () => {
  it('counts sentiments, values and sums of valid answers', () => {
    const t = tallyAnswers([5, 4, 4, 3, 2, 1, 5, 4], FAV);
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
    const t = tallyAnswers(values, FAV, { unreadable: new Set([2, 4]) });
    expect([t.n, t.blank, t.excluded]).toEqual([2, 1, 2]);
    expect(t.byValue).toEqual([0, 0, 0, 1, 1]);
  });

  it('excludes values outside the mapping (out of range, fractions, −99, ±Infinity)', () => {
    const t = tallyAnswers([6, 0, 2.5, -99, Infinity, -Infinity, 3], FAV);
    expect([t.n, t.blank, t.excluded, t.neutral]).toEqual([1, 0, 6, 1]);
    expect(t.sum).toBe(3);
  });

  it('excludes values mapped to excluded and keeps them out of byValue', () => {
    const t = tallyAnswers([6, 6, 5, 1], WITH_DK);
    expect([t.n, t.excluded, t.positive, t.negative]).toEqual([2, 2, 1, 1]);
    expect(t.byValue).toEqual([1, 0, 0, 0, 1, 0]);
    expect(t.sum).toBe(6);
  });

  it('reads -0 as 0', () => {
    const zeroToTen = defaultMapping('nps', { min: 0, max: 10 });
    const t = tallyAnswers([-0], zeroToTen);
    expect([t.n, t.negative, t.byValue[0]]).toEqual([1, 1, 1]);
  });

  it('uses only the given rows', () => {
    const values = [5, 1, 1, 4, NaN];
    const t = tallyAnswers(values, FAV, { rows: Int32Array.from([0, 3, 4]) });
    expect([t.n, t.positive, t.negative, t.blank]).toEqual([2, 2, 0, 1]);
    const u = tallyAnswers(values, FAV, { rows: [1, 2], unreadable: new Set([2]) });
    expect([u.n, u.negative, u.excluded]).toEqual([1, 1, 1]);
  });

  it('adds one answer at a time', () => {
    const t = emptyTally(FAV);
    const index = valueIndex(FAV);
    addAnswer(t, index, FAV, 4);
    addAnswer(t, index, FAV, NaN);
    addAnswer(t, index, FAV, 4, true);
    addAnswer(t, index, FAV, 7);
    expect([t.n, t.positive, t.blank, t.excluded, t.sum, t.sumSq]).toEqual([1, 1, 1, 2, 4, 16]);
  });
});

describe('tallyGroups', () => {
  it('tallies each group in one pass and leaves out rows with group −1', () => {
    const values = [5, 4, 1, 2, NaN, 3, 5, 9];
    const groupOf = Int32Array.from([0, 1, 0, -1, 1, 1, -1, 0]);
    const [a, b] = tallyGroups(values, groupOf, 2, FAV);
    expect([a.n, a.positive, a.negative, a.excluded]).toEqual([2, 1, 1, 1]);
    expect([b.n, b.positive, b.neutral, b.blank]).toEqual([2, 1, 1, 1]);
    expect(a.n + b.n + a.blank + b.blank + a.excluded + b.excluded).toBe(6);
  });

  it('matches tallyAnswers over each group’s rows, with unreadable rows', () => {
    const values = [5, 4, NaN, 2, 3, 1];
    const groupOf = [2, 0, 2, 0, -1, 2];
    const unreadable = new Set([2]);
    const groups = tallyGroups(values, groupOf, 3, FAV, { unreadable });
    expect(groups[0]).toEqual(tallyAnswers(values, FAV, { rows: [1, 3], unreadable }));
    expect(groups[1]).toEqual(emptyTally(FAV));
    expect(groups[2]).toEqual(tallyAnswers(values, FAV, { rows: [0, 2, 5], unreadable }));
    expect(groups[2].excluded).toBe(1);
  });

  it('throws RangeError for a group out of range or missing groups', () => {
    expect(() => tallyGroups([1, 2], [0, 2], 2, FAV)).toThrow(RangeError);
    expect(() => tallyGroups([1, 2], [0, 0.5], 2, FAV)).toThrow(RangeError);
    expect(() => tallyGroups([1, 2], [0], 2, FAV)).toThrow(RangeError);
  });
});

describe('mergeTallies', () => {
  it('equals the tally of the concatenation and leaves its inputs alone', () => {
    const x = [5, 4, NaN, 6, 1, 3];
    const y = [2, 2, 5, NaN, NaN, 4, 4];
    const a = tallyAnswers(x, WITH_DK);
    const b = tallyAnswers(y, WITH_DK);
    const aCopy = structuredClone(a);
    expect(mergeTallies(a, b)).toEqual(tallyAnswers([...x, ...y], WITH_DK));
    expect(a).toEqual(aCopy);
    expect(mergeTallies(a, emptyTally(WITH_DK))).toEqual(a);
  });

  it('refuses tallies of different mappings', () => {
    expect(() => mergeTallies(emptyTally(FAV), emptyTally(WITH_DK))).toThrow(RangeError);
  });
});
