// Binning of one numeric column: quantile bins (type-7 edges, ties never split), labelled
// quantile bins (Very Low…Very High), fixed cut points (vivainsights `cut_hour`) and rounded
// averages, with the privacy rules (small bins flagged or merged, too few people → no bins).

import { formatScore } from '../format/score';
import { quantiles7 } from './quantile';

/** Quantile bins: k ≥ 2 (4 quartiles, 5 quintiles, 10 deciles, 100 percentiles, any k). */
export interface QuantileSpec {
  mode: 'quantile';
  k: number;
  /** Put before the quantile position in labels: 'Q' → Q1…Q4, '' → 1…5. */
  prefix: string;
}

/** Quantile bins at K = labels.length (≥ 2), named in ascending order, e.g. Very Low…Very High. */
export interface LabelledSpec {
  mode: 'labelled';
  labels: string[];
}

/** Fixed cut points, as R vivainsights `cut_hour(metric, cuts, unit, lbound, ubound)`. */
export interface FixedSpec {
  mode: 'fixed';
  /** Finite and strictly increasing; at least one. */
  cuts: number[];
  /** Unit in generated labels ('hours' → `< 15 hours`); '' for none. */
  unit: string;
  /** Lowest value binned; null = no lower bound. */
  lbound: number | null;
  /** Highest value binned; null = no upper bound. */
  ubound: number | null;
  /** One label per bin replaces the generated ones; null, absent or the wrong length = generated. */
  labels?: string[] | null;
}

/** One bin per distinct value after rounding to `decimals` (0–6) places. */
export interface AverageSpec {
  mode: 'average';
  decimals: number;
}

export type BinSpec = QuantileSpec | LabelledSpec | FixedSpec | AverageSpec;

export interface BinOptions {
  /** Privacy threshold: bins with fewer people are small; fewer values in all → no bins. */
  minGroup: number;
  /** Merge small bins into a neighbour (not in 'average' mode). */
  mergeSmall: boolean;
}

export interface BinResult {
  spec: BinSpec;
  /** Values that are numbers (NaN skipped). */
  n: number;
  /** Bins asked for (k, labels.length, cuts+1; for 'average' the number of distinct rounded values). */
  asked: number;
  /** Edges in use, ascending and unique; bins = edges.length − 1 (empty for 'average'). */
  edges: number[];
  /** Quantile modes: the original quantile positions [from, to] (1-based) each bin covers. */
  positions: [number, number][] | null;
  /** One per bin. */
  labels: string[];
  /** People per bin. */
  counts: number[];
  /** Bins with 0 < count < minGroup (privacy). */
  small: boolean[];
  /** Bin index per input value; −1 = no value (NaN), out of range, or not binned. */
  assign: Int32Array;
  /** 'fixed': values outside [lbound, ubound] (left blank). */
  outOfRange: number;
  /** n < minGroup: nothing is binned (every assign is −1, labels empty). */
  tooFew: boolean;
  /** Edges dropped because ties repeated them (quantile modes). */
  tiesDropped: number;
  /** Interior edges removed by mergeSmall. */
  merged: number;
}

/**
 * Bins one column of values (one per person; NaN and ±Infinity = no value, assign −1).
 *
 * - `quantile` / `labelled`: edges are the type-7 quantiles at i/K, i = 0..K, with repeated edges
 *   dropped; v goes to bin i when e[i] < v ≤ e[i+1], the first bin closed on the left too (equal
 *   to `pd.qcut(x, K, duplicates='drop')`), so ties never split. A bin covers the original
 *   quantile positions from one past the last position of its lower edge (1 for the first bin) to
 *   the last position of its upper edge, and is labelled by that upper position
 *   (`${prefix}${to}`, or `labels[to − 1]`). A constant column is one bin [c, c] (edges [c, c]).
 * - `fixed`: breaks are the sorted unique (lbound, ...cuts, ubound), null bounds = ∓Infinity;
 *   bins are right-closed with the lowest break included; values outside the bounds are counted in
 *   `outOfRange`. Labels as `cut_hour`: `< 15 hours`, `15 - 20 hours`, `25+ hours`.
 * - `average`: one bin per distinct `formatScore(v, decimals)`, ascending by value; no edges.
 *
 * Privacy: fewer than `minGroup` values → `tooFew` and no bins. Otherwise, with `mergeSmall`
 * (not in 'average' mode), the small bin with the fewest people (lowest index on ties) is merged
 * with its neighbour that has fewer people (the lower one on ties) until no bin is small or one bin
 * is left. Throws RangeError for an invalid spec.
 */
export function binValues(values: Float64Array, spec: BinSpec, options: BinOptions): BinResult {
  validateSpec(spec);
  let n = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) n++;
  const result: BinResult = {
    spec,
    n,
    asked: 0,
    edges: [],
    positions: spec.mode === 'quantile' || spec.mode === 'labelled' ? [] : null,
    labels: [],
    counts: [],
    small: [],
    assign: new Int32Array(values.length).fill(-1),
    outOfRange: 0,
    tooFew: n < options.minGroup,
    tiesDropped: 0,
    merged: 0,
  };
  switch (spec.mode) {
    case 'quantile':
      result.asked = spec.k;
      if (!result.tooFew) binByQuantiles(values, spec.k, (to) => `${spec.prefix}${to}`, result);
      break;
    case 'labelled':
      result.asked = spec.labels.length;
      if (!result.tooFew) {
        binByQuantiles(values, spec.labels.length, (to) => spec.labels[to - 1], result);
      }
      break;
    case 'fixed':
      result.asked = spec.cuts.length + 1;
      if (!result.tooFew) binByCuts(values, spec, result);
      break;
    case 'average':
      binByAverage(values, spec.decimals, result);
      break;
  }
  if (!result.tooFew && options.mergeSmall && spec.mode !== 'average') {
    mergeSmallBins(result, options.minGroup);
  }
  result.small = result.counts.map((c) => c > 0 && c < options.minGroup);
  return result;
}

/** The label of bin `bin` of a result; '' for −1 (no bin). */
export function binLabel(result: BinResult, bin: number): string {
  return bin >= 0 && bin < result.labels.length ? result.labels[bin] : '';
}

/**
 * The bin of value v for ascending edges: i when edges[i] < v ≤ edges[i+1], 0 when v equals
 * edges[0]; −1 when v is below the first edge, above the last, NaN, or there are fewer than two
 * edges. Binary search.
 */
export function binIndex(edges: readonly number[], v: number): number {
  const last = edges.length - 1;
  if (last < 1 || !(v >= edges[0] && v <= edges[last])) return -1;
  // The smallest i in [1, last] with v ≤ edges[i].
  let lo = 1;
  let hi = last;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (v <= edges[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo - 1;
}

function validateSpec(spec: BinSpec): void {
  switch (spec.mode) {
    case 'quantile':
      if (!Number.isInteger(spec.k) || spec.k < 2) {
        throw new RangeError(`k must be an integer of at least 2, got ${spec.k}`);
      }
      return;
    case 'labelled':
      if (spec.labels.length < 2) {
        throw new RangeError(`at least 2 labels are needed, got ${spec.labels.length}`);
      }
      return;
    case 'fixed': {
      const { cuts, lbound, ubound } = spec;
      if (cuts.length < 1) throw new RangeError('at least one cut point is needed');
      for (let i = 0; i < cuts.length; i++) {
        if (!Number.isFinite(cuts[i])) throw new RangeError(`cut ${cuts[i]} is not a number`);
        if (i > 0 && !(cuts[i] > cuts[i - 1])) {
          throw new RangeError(`cuts must be strictly increasing: ${cuts[i - 1]}, ${cuts[i]}`);
        }
      }
      if (lbound !== null && !Number.isFinite(lbound)) {
        throw new RangeError(`lower bound ${lbound} is not a number`);
      }
      if (ubound !== null && !Number.isFinite(ubound)) {
        throw new RangeError(`upper bound ${ubound} is not a number`);
      }
      if (lbound !== null && lbound > cuts[0]) {
        throw new RangeError(`lower bound ${lbound} is above the first cut ${cuts[0]}`);
      }
      if (ubound !== null && ubound < cuts[cuts.length - 1]) {
        throw new RangeError(`upper bound ${ubound} is below the last cut ${cuts.at(-1)}`);
      }
      if (/[\r\n]/.test(spec.unit)) throw new RangeError('unit must not contain a line break');
      return;
    }
    case 'average':
      if (!Number.isInteger(spec.decimals) || spec.decimals < 0 || spec.decimals > 6) {
        throw new RangeError(`decimals must be an integer from 0 to 6, got ${spec.decimals}`);
      }
      return;
    default:
      throw new RangeError(`unknown binning mode ${(spec as { mode: unknown }).mode}`);
  }
}

/** Assigns every finite value by {@link binIndex} and counts the bins. Returns values outside. */
function assignByEdges(values: Float64Array, edges: number[], result: BinResult): number {
  const counts = new Array<number>(edges.length - 1).fill(0);
  let outside = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    const b = binIndex(edges, v);
    result.assign[i] = b;
    if (b >= 0) counts[b]++;
    else outside++;
  }
  result.counts = counts;
  return outside;
}

function binByQuantiles(
  values: Float64Array,
  k: number,
  labelFor: (to: number) => string,
  result: BinResult,
): void {
  if (result.n === 0) return;
  const ps = Array.from({ length: k + 1 }, (_, i) => i / k);
  const raw = quantiles7(values, ps);
  // Unique edges, each with the last original position (0..k) whose edge it is.
  const edges: number[] = [];
  const lastPos: number[] = [];
  for (let i = 0; i <= k; i++) {
    if (edges.length > 0 && raw[i] <= edges[edges.length - 1]) lastPos[lastPos.length - 1] = i;
    else {
      edges.push(raw[i]);
      lastPos.push(i);
    }
  }
  const positions: [number, number][] = [];
  if (edges.length === 1) {
    edges.push(edges[0]); // a constant column: one bin [c, c]
    positions.push([1, k]);
  } else {
    for (let b = 0; b + 1 < edges.length; b++) {
      positions.push([b === 0 ? 1 : lastPos[b] + 1, lastPos[b + 1]]);
    }
  }
  result.edges = edges;
  result.positions = positions;
  result.tiesDropped = k + 1 - edges.length;
  assignByEdges(values, edges, result);
  result.labels = positions.map(([, to]) => labelFor(to));
}

function binByCuts(values: Float64Array, spec: FixedSpec, result: BinResult): void {
  const breaks = [spec.lbound ?? -Infinity, ...spec.cuts, spec.ubound ?? Infinity].filter(
    (b, i, all) => i === 0 || b !== all[i - 1],
  );
  result.edges = breaks;
  result.outOfRange = assignByEdges(values, breaks, result);
  result.labels = fixedLabels(spec, breaks);
}

/** Custom labels when they fit the bins, else {@link cutHourLabels}. */
function fixedLabels(spec: FixedSpec, breaks: readonly number[]): string[] {
  const bins = breaks.length - 1;
  if (spec.labels && spec.labels.length === bins) return [...spec.labels];
  return cutHourLabels(breaks, spec.unit);
}

/**
 * `cut_hour` labels from the interior breaks: `< c1 unit`, `ci - ci+1 unit`, `cn+ unit` (no space
 * before an empty unit). A single bin is named by its bounds (`0 - 200 hours`, `0+ hours`,
 * `< 200 hours`, or `All hours` when both are infinite).
 */
function cutHourLabels(breaks: readonly number[], unitName: string): string[] {
  const bins = breaks.length - 1;
  const unit = unitName === '' ? '' : ` ${unitName}`;
  const lo = breaks[0];
  const hi = breaks[bins];
  if (bins === 1) {
    if (Number.isFinite(lo) && Number.isFinite(hi)) return [`${lo} - ${hi}${unit}`];
    if (Number.isFinite(lo)) return [`${lo}+${unit}`];
    if (Number.isFinite(hi)) return [`< ${hi}${unit}`];
    return [`All${unit}`];
  }
  const labels: string[] = [];
  for (let b = 0; b < bins; b++) {
    if (b === 0) labels.push(`< ${breaks[1]}${unit}`);
    else if (b === bins - 1) labels.push(`${breaks[b]}+${unit}`);
    else labels.push(`${breaks[b]} - ${breaks[b + 1]}${unit}`);
  }
  return labels;
}

function binByAverage(values: Float64Array, decimals: number, result: BinResult): void {
  const index = new Map<string, number>();
  const found: string[] = [];
  const tally: number[] = [];
  const assign = result.assign;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    const label = formatScore(v, decimals);
    let b = index.get(label);
    if (b === undefined) {
      b = found.length;
      index.set(label, b);
      found.push(label);
      tally.push(0);
    }
    assign[i] = b;
    tally[b]++;
  }
  result.asked = found.length;
  if (result.tooFew) {
    assign.fill(-1);
    return;
  }
  const order = found.map((_, b) => b).sort((a, b) => Number(found[a]) - Number(found[b]));
  const rank = new Int32Array(found.length);
  order.forEach((b, r) => (rank[b] = r));
  for (let i = 0; i < assign.length; i++) if (assign[i] >= 0) assign[i] = rank[assign[i]];
  result.labels = order.map((b) => found[b]);
  result.counts = order.map((b) => tally[b]);
}

/**
 * Merges small bins (0 < count < minGroup) into neighbours until none is small or one bin is
 * left; then recomputes labels and re-points `assign`. Quantile modes and 'fixed' only.
 */
function mergeSmallBins(result: BinResult, minGroup: number): void {
  const { spec, edges, counts } = result;
  const positions = result.positions;
  const labels = result.labels;
  const firstOriginal = counts.map((_, b) => b);
  const originalBins = counts.length;
  const customFixed = spec.mode === 'fixed' && !!spec.labels && spec.labels.length === originalBins;
  let merged = 0;
  while (counts.length > 1) {
    let pick = -1;
    for (let b = 0; b < counts.length; b++) {
      const c = counts[b];
      if (c > 0 && c < minGroup && (pick < 0 || c < counts[pick])) pick = b;
    }
    if (pick < 0) break;
    let lower: number;
    if (pick === 0) lower = 0;
    else if (pick === counts.length - 1) lower = pick - 1;
    else lower = counts[pick + 1] < counts[pick - 1] ? pick : pick - 1;
    const upper = lower + 1;
    counts[lower] += counts[upper];
    counts.splice(upper, 1);
    edges.splice(upper, 1);
    firstOriginal.splice(upper, 1);
    if (positions) {
      positions[lower] = [positions[lower][0], positions[upper][1]];
      positions.splice(upper, 1);
    }
    labels[lower] = labels[upper];
    labels.splice(upper, 1);
    merged++;
  }
  if (merged === 0) return;
  result.merged = merged;
  // A merged bin keeps its upper part's label (quantile modes: the upper position; custom fixed
  // labels); generated fixed labels are recomputed from the remaining breaks.
  if (spec.mode === 'fixed' && !customFixed) result.labels = cutHourLabels(edges, spec.unit);
  const toNew = new Int32Array(originalBins);
  for (let b = 0; b < firstOriginal.length; b++) {
    const end = b + 1 < firstOriginal.length ? firstOriginal[b + 1] : originalBins;
    for (let o = firstOriginal[b]; o < end; o++) toNew[o] = b;
  }
  const assign = result.assign;
  for (let i = 0; i < assign.length; i++) if (assign[i] >= 0) assign[i] = toNew[assign[i]];
}
