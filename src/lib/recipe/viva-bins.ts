// "Viva metrics to Qualtrics", the bins: each metric's per-person means cut into the recipe's
// bins (src/lib/bin), over the people in the file, with a report per metric for the screen
// (counts, edges, a histogram) and the small-group warnings that keep people from being singled
// out. One phase of runVivaToQualtrics (viva-to-qualtrics.ts).
import { binValues, type BinResult, type BinSpec } from '../bin/bins';
import { barBin, histogram } from '../bin/histogram';
import type { ProblemSink } from '../issues';
import type { PersonMeans } from '../person-query/types';
import type { MetricChoice, VivaToQualtricsRecipe } from './types';

/** One histogram bar: [start, end) and the bin its middle falls in (for colouring). */
export interface HistogramBar {
  start: number;
  end: number;
  count: number;
  bin: number;
}

/** How one metric was binned, for the screen and the report. */
export interface MetricReport {
  column: string;
  as: string;
  /** People in the file with a value for it. */
  n: number;
  mode: BinSpec['mode'];
  asked: number;
  edges: number[];
  bins: { label: string; count: number; small: boolean; positions: [number, number] | null }[];
  tiesDropped: number;
  merged: number;
  outOfRange: number;
  tooFew: boolean;
  min: number;
  max: number;
  mean: number;
  histogram: HistogramBar[];
  /** False when the query has no such column. */
  found: boolean;
}

/** The bins of every metric of the recipe (null where the query lacks it), with their reports. */
export interface BinnedMetrics {
  binned: (BinResult | null)[];
  reports: MetricReport[];
}

/**
 * Bins each of the recipe's metrics over `people` (indexes into `means`, in file order), with
 * `bars` histogram bars per metric. A metric the query lacks is an error.
 */
export function binMetrics(
  recipe: VivaToQualtricsRecipe,
  means: PersonMeans,
  people: readonly number[],
  bars: number,
  problems: ProblemSink,
): BinnedMetrics {
  const lower = (s: string) => s.trim().toLowerCase();
  const metricIndex = new Map(means.metricNames.map((name, j) => [lower(name), j]));
  const binned: (BinResult | null)[] = [];
  const reports: MetricReport[] = recipe.metrics.map((m) => {
    const j = metricIndex.get(lower(m.column));
    if (j === undefined) {
      binned.push(null);
      problems.error({
        column: m.column,
        code: 'unmatched-column',
        rule: 'metric-missing',
        message: `The query has no column "${m.column}". Remove it from the recipe or load the query that has it.`,
      });
      return emptyReport(m);
    }
    const values = new Float64Array(people.length);
    const src = means.means[j];
    for (let i = 0; i < people.length; i++) values[i] = src[people[i]];
    const r = binValues(values, m.bin, { minGroup: recipe.minGroup, mergeSmall: m.mergeSmall });
    binned.push(r);
    return report(m, r, values, bars, recipe.minGroup, problems.warn);
  });
  return { binned, reports };
}

function emptyReport(m: MetricChoice): MetricReport {
  return {
    column: m.column,
    as: m.as,
    n: 0,
    mode: m.bin.mode,
    asked: 0,
    edges: [],
    bins: [],
    tiesDropped: 0,
    merged: 0,
    outOfRange: 0,
    tooFew: true,
    min: NaN,
    max: NaN,
    mean: NaN,
    histogram: [],
    found: false,
  };
}

function report(
  m: MetricChoice,
  r: BinResult,
  values: Float64Array,
  bars: number,
  minGroup: number,
  warn: ProblemSink['warn'],
): MetricReport {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let count = 0;
  for (const v of values) {
    if (v !== v) continue;
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    count++;
  }
  const h = histogram(values, bars);
  const histogramBars: HistogramBar[] = h.counts.map((c, i) => {
    const start = h.min + i * h.width;
    const end = i === h.counts.length - 1 ? h.max : start + h.width;
    return { start, end, count: c, bin: barBin(r, start, end) };
  });
  if (r.tooFew) {
    warn({
      column: m.as,
      code: 'small-group',
      rule: 'too-few',
      message: `${m.as}: only ${r.n} people have a value, fewer than the minimum group size of ${minGroup}; the column is left blank so nobody can be singled out.`,
    });
  }
  if (m.bin.mode === 'average') {
    const small = r.small.filter(Boolean).length;
    if (small > 0) {
      warn({
        column: m.as,
        code: 'small-group',
        rule: 'small-bin',
        message: `${m.as}: ${small} of ${r.labels.length} rounded values are shared by fewer than ${minGroup} people, so a dashboard filtered on one of them could single people out. Use bins, or fewer decimals.`,
      });
    }
    return reportOf(m, r, { min, max, sum, count }, histogramBars, warn);
  }
  r.labels.forEach((label, i) => {
    if (!r.small[i]) return;
    warn({
      column: m.as,
      code: 'small-group',
      rule: 'small-bin',
      message: `${m.as}: "${label}" holds ${r.counts[i]} ${r.counts[i] === 1 ? 'person' : 'people'}, fewer than the minimum group size of ${minGroup}. Merge it into a neighbour, or use fewer bins.`,
    });
  });
  return reportOf(m, r, { min, max, sum, count }, histogramBars, warn);
}

function reportOf(
  m: MetricChoice,
  r: BinResult,
  stats: { min: number; max: number; sum: number; count: number },
  histogramBars: HistogramBar[],
  warn: ProblemSink['warn'],
): MetricReport {
  const { min, max, sum, count } = stats;
  if (r.outOfRange > 0) {
    warn({
      column: m.as,
      code: 'out-of-range',
      rule: 'cut-range',
      message: `${m.as}: ${r.outOfRange} people fall outside the cut points' range and are left blank.`,
    });
  }
  return {
    column: m.column,
    as: m.as,
    n: r.n,
    mode: m.bin.mode,
    asked: r.asked,
    edges: r.edges,
    bins: r.labels.map((label, i) => ({
      label,
      count: r.counts[i],
      small: r.small[i],
      positions: r.positions ? r.positions[i] : null,
    })),
    tiesDropped: r.tiesDropped,
    merged: r.merged,
    outOfRange: r.outOfRange,
    tooFew: r.tooFew,
    min: count ? min : NaN,
    max: count ? max : NaN,
    mean: count ? sum / count : NaN,
    histogram: histogramBars,
    found: true,
  };
}
