import { describe, expect, it } from 'vitest';
import { quantiles7, selectRanks } from '../../../src/lib/bin/quantile';
import { prng as rng } from '../../helpers/prng';

const A = [1, 2, 2, 2, 3, 4, 5, 5, 9, 10];
const B = [0, 0, 0, 0, 0, 0, 1, 2, 3, 4];
const steps = (k: number) => Array.from({ length: k + 1 }, (_, i) => i / k);

/** The naive reference: sort everything, then the type-7 formula. */
function naive(values: ArrayLike<number>, ps: readonly number[]): number[] {
  const x = Float64Array.from(Array.from(values).filter(Number.isFinite)).sort();
  const n = x.length;
  return ps.map((p) => {
    if (n === 0) return NaN;
    const h = (n - 1) * p;
    const j = Math.floor(h);
    const g = h - j;
    return g === 0 ? x[j] : x[j] + (x[j + 1] - x[j]) * g;
  });
}

describe('quantiles7', () => {
  it('gives the type-7 quartiles of test vector A (2, 3.5, 5)', () => {
    expect(quantiles7(A, steps(4))).toEqual([1, 2, 3.5, 5, 10]);
  });

  it('gives the type-7 decile edges of test vector B', () => {
    const q = quantiles7(B, steps(10));
    const expected = [0, 0, 0, 0, 0, 0, 0.4, 1.3, 2.2, 3.1, 4];
    q.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 12));
    // Bit for bit: the exact formula x[j] + (x[j+1] - x[j]) * g.
    expect(q).toEqual(naive(B, steps(10)));
    expect(q[7]).toBe(1 + (2 - 1) * (9 * 0.7 - 6));
  });

  it('returns results in the order of ps, whatever that order is', () => {
    expect(quantiles7(A, [0.75, 0, 0.5, 1, 0.25])).toEqual([5, 1, 3.5, 10, 2]);
    expect(quantiles7(A, [0.5, 0.5])).toEqual([3.5, 3.5]);
    expect(quantiles7(A, [])).toEqual([]);
  });

  it('interpolates between order statistics at h = (n−1)p', () => {
    expect(quantiles7([1, 2, 3, 4], [0.5])).toEqual([2.5]);
    expect(quantiles7([10, 20], [0.25, 0.5, 0.75])).toEqual([12.5, 15, 17.5]);
    expect(quantiles7([3, 1, 2], [0, 0.5, 1])).toEqual([1, 2, 3]);
    expect(quantiles7([7], [0, 0.3, 1])).toEqual([7, 7, 7]);
  });

  it('skips NaN (and ±Infinity), does not change the input, and gives NaN with no values', () => {
    const input = Float64Array.from([NaN, 4, NaN, 1, Infinity, 3, -Infinity, 2]);
    const copy = Float64Array.from(input);
    expect(quantiles7(input, [0, 0.5, 1])).toEqual([1, 2.5, 4]);
    expect(Array.from(input)).toEqual(Array.from(copy));
    expect(quantiles7([], [0, 0.5])).toEqual([NaN, NaN]);
    expect(quantiles7([NaN, NaN], [0.5])).toEqual([NaN]);
  });

  it('counts -0 as 0', () => {
    expect(Object.is(quantiles7([-0, -0, -0], [0.5])[0], 0)).toBe(true);
  });

  it('throws RangeError for a probability outside [0, 1]', () => {
    expect(() => quantiles7(A, [1.5])).toThrow(RangeError);
    expect(() => quantiles7(A, [-0.1])).toThrow(RangeError);
    expect(() => quantiles7(A, [NaN])).toThrow(RangeError);
  });

  it('equals a full sort exactly on 200 random arrays of every shape', () => {
    const rand = rng(20240607);
    const shapes = [
      'ties',
      'nan',
      'negative',
      'one',
      'two',
      'constant',
      'sorted',
      'reversed',
      'real',
      'organ',
    ];
    for (let t = 0; t < 200; t++) {
      const shape = shapes[t % shapes.length];
      const size =
        shape === 'one' ? 1 : shape === 'two' ? 2 : 1 + Math.floor(rand() * (t < 150 ? 300 : 5000));
      let values: number[] = Array.from({ length: size }, () => Math.floor(rand() * 20) - 5);
      if (shape === 'nan') values = values.map((v) => (rand() < 0.3 ? NaN : v));
      if (shape === 'negative') values = values.map((v) => -Math.abs(v) - rand());
      if (shape === 'constant') values = values.map(() => 3.25);
      if (shape === 'sorted') values.sort((a, b) => a - b);
      if (shape === 'reversed') values.sort((a, b) => b - a);
      if (shape === 'real') values = values.map(() => (rand() - 0.5) * 1e6);
      if (shape === 'organ') values = values.map((_, i) => Math.min(i, size - 1 - i));
      const k = [2, 4, 5, 10, 100][t % 5];
      const ps = t % 3 === 0 ? Array.from({ length: 7 }, () => rand()) : steps(k);
      expect(quantiles7(values, ps), `case ${t} (${shape}, n=${size})`).toEqual(naive(values, ps));
    }
  });

  it('handles 1,000,000 values with 101 probabilities', () => {
    const n = 1_000_000;
    const rand = rng(7);
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) values[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      const t = values[i];
      values[i] = values[j];
      values[j] = t;
    }
    const ps = steps(100);
    const q = quantiles7(values, ps);
    expect(q).toHaveLength(101);
    expect(q[0]).toBe(0);
    expect(q[100]).toBe(n - 1);
    q.forEach((v, i) => expect(v).toBeCloseTo((n - 1) * ps[i], 6));
  });

  it('handles a large sorted column and a large column of few distinct values', () => {
    const sorted = Float64Array.from({ length: 200_000 }, (_, i) => i);
    expect(quantiles7(sorted, [0.5])).toEqual(naive(sorted, [0.5]));
    const few = Float64Array.from({ length: 200_000 }, (_, i) => i % 3);
    expect(quantiles7(few, steps(10))).toEqual(naive(few, steps(10)));
  });
});

describe('selectRanks', () => {
  it('puts the r-th smallest value at each requested rank and keeps every value', () => {
    const rand = rng(99);
    for (let t = 0; t < 50; t++) {
      const n = 1 + Math.floor(rand() * 2000);
      const a = Float64Array.from({ length: n }, () => Math.floor(rand() * 50));
      const sorted = Float64Array.from(a).sort();
      const ranks = Array.from({ length: 1 + (t % 9) }, () => Math.floor(rand() * n));
      selectRanks(a, ranks);
      for (const r of ranks) expect(a[r]).toBe(sorted[r]);
      expect(Array.from(Float64Array.from(a).sort())).toEqual(Array.from(sorted));
    }
  });

  it('accepts repeated ranks in any order and no ranks at all', () => {
    const a = Float64Array.from([5, 3, 9, 1, 7]);
    selectRanks(a, [4, 0, 4, 2]);
    expect([a[0], a[2], a[4]]).toEqual([1, 5, 9]);
    const b = Float64Array.from([2, 1]);
    selectRanks(b, []);
    expect(Array.from(b)).toEqual([2, 1]);
  });

  it('throws RangeError for a rank outside the array', () => {
    expect(() => selectRanks(Float64Array.from([1, 2]), [2])).toThrow(RangeError);
    expect(() => selectRanks(Float64Array.from([1, 2]), [-1])).toThrow(RangeError);
    expect(() => selectRanks(Float64Array.from([1, 2]), [0.5])).toThrow(RangeError);
  });
});
