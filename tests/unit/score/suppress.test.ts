import { describe, expect, it } from 'vitest';
import { scoreOf } from '../../../src/lib/score/score';
import { defaultMapping } from '../../../src/lib/score/sentiment';
import {
  DEFAULT_MIN_GROUP,
  effectiveMinGroup,
  groupResults,
  suppressedText,
} from '../../../src/lib/score/suppress';
import { tallyOf } from '../../helpers/tally';

const FAV = defaultMapping('favorability', { min: 1, max: 5 });
const tally = (...values: number[]) => tallyOf(values, FAV);

describe('groupResults', () => {
  it('suppresses n = 4 and shows n = 5 with the default minimum of 5', () => {
    expect(DEFAULT_MIN_GROUP).toBe(5);
    const four = tally(5, 5, 4, 1, NaN, NaN);
    const five = tally(5, 4, 3, 2, 1);
    const [a, b] = groupResults(['Sales', 'Support'], [four, five], FAV);
    expect(a).toEqual({ key: 'Sales', suppressed: true });
    expect(Object.keys(a)).toEqual(['key', 'suppressed']);
    expect(b).toEqual({ key: 'Support', suppressed: false, score: scoreOf(five, FAV) });
  });

  it('keeps no count or number at all in a suppressed group', () => {
    const [r] = groupResults(['Small'], [tally(5, 5, 5, NaN, 9)], FAV, 10);
    expect(Object.keys(r).sort()).toEqual(['key', 'suppressed']);
    expect(JSON.stringify(r)).toBe('{"key":"Small","suppressed":true}');
  });

  it('uses another minimum, treats one below 1 as 1 and NaN as the default', () => {
    const ten = tally(...new Array<number>(10).fill(4));
    expect(groupResults(['a'], [ten], FAV, 11)[0].suppressed).toBe(true);
    expect(groupResults(['a'], [ten], FAV, 10)[0].suppressed).toBe(false);
    const results = groupResults(['none', 'one'], [tally(NaN), tally(3)], FAV, 0);
    expect(results.map((r) => r.suppressed)).toEqual([true, false]);
    expect(groupResults(['one'], [tally(3)], FAV, -3)[0].suppressed).toBe(false);
    expect(groupResults(['four'], [tally(1, 2, 3, 4)], FAV, NaN)[0].suppressed).toBe(true);
    expect(effectiveMinGroup(2.5)).toBe(3);
  });

  it('passes the low-sample threshold on', () => {
    const [r] = groupResults(['a'], [tally(1, 2, 3, 4, 5)], FAV, 5, { lowSample: 5 });
    expect(r.suppressed === false && r.score.lowSample).toBe(false);
  });

  it('needs one tally per key', () => {
    expect(() => groupResults(['a', 'b'], [tally(1)], FAV)).toThrow(RangeError);
  });
});

describe('suppressedText', () => {
  it('says how many responses are needed', () => {
    expect(suppressedText(5)).toBe('Fewer than 5 responses');
    expect(suppressedText(10)).toBe('Fewer than 10 responses');
    expect(suppressedText(NaN)).toBe('Fewer than 5 responses');
    expect(suppressedText(1)).toBe('No responses');
    expect(suppressedText(0)).toBe('No responses');
  });
});
