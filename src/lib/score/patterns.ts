// "How do patterns differ": the mean of a metric (e.g. weekly after-hours collaboration) among
// the people whose answer to a question was positive, neutral or negative.

import { meanInterval, welch } from './stats';
import { effectiveMinGroup } from './suppress';
import { valueIndex, type RowSet } from './tally';
import type { Interval, MetricGroupResult, SentimentMapping } from './types';

type Group = MetricGroupResult['group'];

/** The metric by sentiment group; see {@link metricByGroup}. */
export interface MetricByGroup {
  groups: MetricGroupResult[];
  /** Positive minus negative (Welch); null when either is suppressed or has fewer than 2. */
  difference: { diff: number; interval: Interval; significant: boolean } | null;
}

/**
 * The mean of `metric` per sentiment group of `answers` (both one value per row). A row counts
 * when its answer is valid under the mapping (listed, not 'excluded', not blank, not in
 * `unreadable`) and its metric is finite. Groups come in the order positive, neutral,
 * negative; neutral only when the mapping has a neutral value. Each shows n, mean, sd (n − 1;
 * NaN for n = 1) and the t interval (§5.5), or is suppressed when n < minGroup (see
 * `effectiveMinGroup`). `difference` is positive − negative by Welch's t test. Throws
 * RangeError when the two columns differ in length.
 */
export function metricByGroup(
  answers: ArrayLike<number>,
  mapping: SentimentMapping,
  metric: ArrayLike<number>,
  minGroup = 5,
  opts: { unreadable?: RowSet } = {},
): MetricByGroup {
  if (answers.length !== metric.length) {
    throw new RangeError(`got ${answers.length} answers for ${metric.length} metric values`);
  }
  const index = valueIndex(mapping);
  const sentimentOf = (row: number): Group | null => {
    if (opts.unreadable?.has(row)) return null;
    const i = index.get(answers[row]);
    const sentiment = i === undefined ? 'excluded' : mapping.values[i].sentiment;
    return sentiment === 'excluded' ? null : sentiment;
  };
  const hasNeutral = mapping.values.some((v) => v.sentiment === 'neutral');
  return meansBySentiment(answers.length, sentimentOf, metric, hasNeutral, minGroup);
}

/**
 * The mean of `metric` per sentiment group, `sentimentOf(row)` saying each row's group (null:
 * not counted); rows whose metric is not finite are not counted either. The Analysis calls it
 * with the groups it has already read (analysis/run.ts), {@link metricByGroup} with a mapping.
 */
export function meansBySentiment(
  rows: number,
  sentimentOf: (row: number) => Group | null,
  metric: ArrayLike<number>,
  hasNeutral: boolean,
  minGroup = 5,
): MetricByGroup {
  const min = effectiveMinGroup(minGroup);
  // Welford's running mean and sum of squared deviations: metrics are not whole numbers.
  const acc: Record<Group, { n: number; mean: number; m2: number }> = {
    positive: { n: 0, mean: 0, m2: 0 },
    neutral: { n: 0, mean: 0, m2: 0 },
    negative: { n: 0, mean: 0, m2: 0 },
  };
  for (let row = 0; row < rows; row++) {
    const m = metric[row];
    if (!Number.isFinite(m)) continue;
    const group = sentimentOf(row);
    if (group === null) continue;
    const a = acc[group];
    a.n++;
    const delta = m - a.mean;
    a.mean += delta / a.n;
    a.m2 += delta * (m - a.mean);
  }
  const order: Group[] = hasNeutral
    ? ['positive', 'neutral', 'negative']
    : ['positive', 'negative'];
  const groups = order.map((group): MetricGroupResult => {
    const { n, mean, m2 } = acc[group];
    if (n < min) return { group, suppressed: true };
    const sd = n >= 2 ? Math.sqrt(m2 / (n - 1)) : NaN;
    return { group, suppressed: false, n, mean, sd, interval: meanInterval(n, mean, sd) };
  });
  const pos = groups[0];
  const neg = groups[groups.length - 1];
  let difference: MetricByGroup['difference'] = null;
  if (!pos.suppressed && !neg.suppressed) {
    const w = welch(neg, pos);
    if (w) difference = { diff: w.diff, interval: w.interval, significant: w.significant };
  }
  return { groups, difference };
}
