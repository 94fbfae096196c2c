import { describe, expect, it } from 'vitest';
import { binValues } from '../../../src/lib/bin/bins';
import { barBin, histogram } from '../../../src/lib/bin/histogram';

const f = (...v: number[]) => Float64Array.from(v);
const A = f(1, 2, 2, 2, 3, 4, 5, 5, 9, 10);

describe('histogram', () => {
  it('counts values in equal-width bars, the last bar closed', () => {
    const h = histogram(f(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 5);
    expect(h).toEqual({ min: 0, max: 10, width: 2, counts: [2, 2, 2, 2, 3] });
  });

  it('uses 30 bars by default and skips NaN', () => {
    const h = histogram(f(NaN, ...A, NaN));
    expect(h.counts).toHaveLength(30);
    expect(h.counts.reduce((s, c) => s + c, 0)).toBe(10);
    expect(h.min).toBe(1);
    expect(h.max).toBe(10);
    expect(h.width).toBeCloseTo(0.3, 12);
    expect(h.counts[0]).toBe(1);
    expect(h.counts[29]).toBe(1);
  });

  it('makes one bar of width 0 for a constant column', () => {
    expect(histogram(f(4, 4, NaN, 4))).toEqual({ min: 4, max: 4, width: 0, counts: [3] });
  });

  it('makes no bars when there are no values', () => {
    const h = histogram(f(NaN));
    expect(h.counts).toEqual([]);
    expect(h.min).toBeNaN();
    expect(h.max).toBeNaN();
  });

  it('throws RangeError for a bar count that is not a positive integer', () => {
    expect(() => histogram(A, 0)).toThrow(RangeError);
    expect(() => histogram(A, 2.5)).toThrow(RangeError);
  });
});

describe('barBin', () => {
  const quartiles = binValues(
    A,
    { mode: 'quantile', k: 4, prefix: 'Q' },
    {
      minGroup: 1,
      mergeSmall: false,
    },
  );

  it('gives the bin of the bar midpoint', () => {
    expect(barBin(quartiles, 1, 1.5)).toBe(0);
    expect(barBin(quartiles, 1.5, 2.5)).toBe(0);
    expect(barBin(quartiles, 2, 3)).toBe(1);
    expect(barBin(quartiles, 4, 5)).toBe(2);
    expect(barBin(quartiles, 9.5, 10)).toBe(3);
    expect(barBin(quartiles, 10, 12)).toBe(-1);
  });

  it('colours every bar of a histogram of the binned column', () => {
    const h = histogram(A, 9);
    const bars = h.counts.map((_, i) =>
      barBin(quartiles, h.min + i * h.width, h.min + (i + 1) * h.width),
    );
    // Bars [1,2) … [9,10]; midpoints 1.5, 2.5, … 9.5 against edges 1, 2, 3.5, 5, 10.
    expect(bars).toEqual([0, 1, 1, 2, 3, 3, 3, 3, 3]);
  });

  it('gives −1 in average mode and when nothing was binned', () => {
    const avg = binValues(A, { mode: 'average', decimals: 0 }, { minGroup: 1, mergeSmall: false });
    expect(barBin(avg, 1, 2)).toBe(-1);
    const few = binValues(
      A,
      { mode: 'quantile', k: 4, prefix: '' },
      { minGroup: 50, mergeSmall: false },
    );
    expect(barBin(few, 1, 2)).toBe(-1);
  });

  it('puts the zero-width bar of a constant column in its single bin', () => {
    const column = f(6, 6, 6);
    const r = binValues(
      column,
      { mode: 'quantile', k: 4, prefix: 'Q' },
      { minGroup: 1, mergeSmall: false },
    );
    const h = histogram(column);
    expect(barBin(r, h.min, h.min + h.width)).toBe(0);
  });
});
