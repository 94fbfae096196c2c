import { describe, expect, it } from 'vitest';
import { matchKeys, normalizeKey } from '../../../src/lib/transform/join';

describe('normalizeKey', () => {
  it('trims when asked', () => {
    expect(normalizeKey('  E1 ', { trim: true, caseFold: false })).toBe('E1');
    expect(normalizeKey('  E1 ', { trim: false, caseFold: false })).toBe('  E1 ');
  });

  it('case-folds when asked', () => {
    expect(normalizeKey('Ann@X.COM', { trim: false, caseFold: true })).toBe('ann@x.com');
    expect(normalizeKey('Ann@X.COM', { trim: false, caseFold: false })).toBe('Ann@X.COM');
  });

  it('turns a blank key into null', () => {
    expect(normalizeKey('', { trim: false, caseFold: false })).toBeNull();
    expect(normalizeKey('   ', { trim: true, caseFold: true })).toBeNull();
  });

  it('keeps whitespace-only keys without trim', () => {
    expect(normalizeKey(' ', { trim: false, caseFold: true })).toBe(' ');
  });
});

describe('matchKeys', () => {
  it('pairs unique keys in left file order', () => {
    const r = matchKeys(['c', 'a', 'b'], ['a', 'b', 'c']);
    expect(r.matched).toEqual([
      [0, 2],
      [1, 0],
      [2, 1],
    ]);
    expect(r.onlyLeft).toEqual([]);
    expect(r.onlyRight).toEqual([]);
  });

  it('lists the rows found on one side only', () => {
    const r = matchKeys(['a', 'x', 'b'], ['y', 'b', 'a', 'z']);
    expect(r.matched).toEqual([
      [0, 2],
      [2, 1],
    ]);
    expect(r.onlyLeft).toEqual([1]);
    expect(r.onlyRight).toEqual([0, 3]);
  });

  it('reports a key repeated on the left and does not match it', () => {
    const r = matchKeys(['a', 'b', 'a'], ['a', 'b']);
    expect(r.matched).toEqual([[1, 1]]);
    expect(r.duplicateLeft).toEqual([{ key: 'a', rows: [0, 2] }]);
    expect(r.duplicateRight).toEqual([]);
    expect(r.onlyLeft).toEqual([]);
    expect(r.onlyRight).toEqual([]);
  });

  it('reports a key repeated on the right and does not match it', () => {
    const r = matchKeys(['a', 'b'], ['b', 'a', 'b']);
    expect(r.matched).toEqual([[0, 1]]);
    expect(r.duplicateRight).toEqual([{ key: 'b', rows: [0, 2] }]);
    expect(r.duplicateLeft).toEqual([]);
    expect(r.onlyLeft).toEqual([]);
    expect(r.onlyRight).toEqual([]);
  });

  it('lists the rows of a repeated key missing on the other side as one-sided too', () => {
    const r = matchKeys(['a', 'a'], ['b']);
    expect(r.duplicateLeft).toEqual([{ key: 'a', rows: [0, 1] }]);
    expect(r.onlyLeft).toEqual([0, 1]);
    expect(r.onlyRight).toEqual([0]);
    expect(r.matched).toEqual([]);
  });

  it('reports blank keys per side and never matches them', () => {
    const r = matchKeys([null, 'a', null], ['a', null]);
    expect(r.matched).toEqual([[1, 0]]);
    expect(r.blankLeft).toEqual([0, 2]);
    expect(r.blankRight).toEqual([1]);
    expect(r.onlyLeft).toEqual([]);
    expect(r.onlyRight).toEqual([]);
  });

  it('compares keys exactly (normalize first)', () => {
    const r = matchKeys(['A'], ['a']);
    expect(r.matched).toEqual([]);
    expect(r.onlyLeft).toEqual([0]);
    expect(r.onlyRight).toEqual([0]);
  });
});
