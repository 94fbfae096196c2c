// Equal-width histogram of one column, and which bin a histogram bar belongs to (for colouring
// the bars of a chart by bin).

import { binIndex, type BinResult } from './bins';

export interface Histogram {
  /** Smallest finite value (NaN when there is none). */
  min: number;
  /** Largest finite value (NaN when there is none). */
  max: number;
  /** Bar width: (max − min) / bars; 0 for a constant column, NaN when there are no values. */
  width: number;
  /** Values per bar; bar i covers [min + i·width, min + (i+1)·width), the last bar closed. */
  counts: number[];
}

/**
 * Counts the finite values (NaN and ±Infinity skipped) in `bars` equal-width bars from min to max.
 * A constant column is one bar of width 0 holding every value; no values → no bars, min/max NaN.
 * `bars` must be a positive integer (RangeError otherwise).
 */
export function histogram(values: Float64Array, bars = 30): Histogram {
  if (!Number.isInteger(bars) || bars < 1) {
    throw new RangeError(`bars must be a positive integer, got ${bars}`);
  }
  let min = Infinity;
  let max = -Infinity;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    n++;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (n === 0) return { min: NaN, max: NaN, width: NaN, counts: [] };
  if (min === max) return { min, max, width: 0, counts: [n] };
  const span = max - min;
  const counts = new Array<number>(bars).fill(0);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    const bar = Math.floor(((v - min) / span) * bars);
    counts[bar < bars ? bar : bars - 1]++;
  }
  return { min, max, width: span / bars, counts };
}

/**
 * The bin of a binning result that the midpoint of the histogram bar [barStart, barEnd] falls in;
 * −1 when it falls in none, when nothing was binned, or in 'average' mode (no edges).
 */
export function barBin(result: BinResult, barStart: number, barEnd: number): number {
  if (result.spec.mode === 'average') return -1;
  return binIndex(result.edges, (barStart + barEnd) / 2);
}
