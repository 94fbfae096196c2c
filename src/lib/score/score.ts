// A score from a tally: percentages, mean and sd, NPS, their 95% intervals (§5.5), the headline
// the mapping asks for, and the comparison of two independent scores.

import { meanInterval, welch, wilson, Z95 } from './stats';
import type { Interval, Score, SentimentMapping, Tally } from './types';

/** Default low-sample threshold: with fewer valid answers a score is shown with a caution. */
export const LOW_SAMPLE = 30;

const NAN_INTERVAL: Readonly<Interval> = { low: NaN, high: NaN };

/**
 * The score of a tally. Percentages are 100·x/n; `positiveInterval` is the Wilson interval in
 * percent; mean = sum/n and sd uses n − 1 (NaN when n < 2) with the t interval of the mean;
 * NPS = 100·(P − D)/n as one division of whole numbers, so whole results are exact (§5.1);
 * npsSe = 100·√(((p + d) − (p − d)²)/n) and npsInterval = NPS ± 1.96·npsSe within
 * [−100, 100] (§5.5). The headline (`mapping.headline`) picks value, interval and se:
 * - percent-positive: pctPositive, the Wilson interval, 100·√(p(1 − p)/n);
 * - mean: the mean, its t interval (null when n < 2), sd/√n;
 * - nps: NPS, npsInterval, npsSe.
 * `lowSample` is n < `opts.lowSample` (default {@link LOW_SAMPLE}). With n = 0 every derived
 * number (percentages included) is NaN, the Wilson and NPS intervals have NaN ends and the
 * mean interval is null; callers suppress small groups before showing anything.
 */
export function scoreOf(
  t: Tally,
  mapping: SentimentMapping,
  opts: { lowSample?: number } = {},
): Score {
  const { n, positive: P, neutral, negative: D } = t;
  const lowSample = n < (opts.lowSample ?? LOW_SAMPLE);
  const pct = (x: number) => (n > 0 ? (100 * x) / n : NaN);
  const wi = wilson(P, n);
  const positiveInterval = { low: 100 * wi.low, high: 100 * wi.high };
  const mean = n > 0 ? t.sum / n : NaN;
  // Why: n·Σx² − (Σx)² is exact in integers for whole-number answers, so only the last
  // division rounds; the guard absorbs cancellation with fractional values.
  const sd = n >= 2 ? Math.sqrt(Math.max(0, (n * t.sumSq - t.sum * t.sum) / (n * (n - 1)))) : NaN;
  const mi = meanInterval(n, mean, sd);
  const nps = n > 0 ? (100 * (P - D)) / n : NaN;
  const npsSe = n > 0 ? 100 * Math.sqrt(Math.max(0, (P + D) * n - (P - D) ** 2) / n ** 3) : NaN;
  const npsInterval =
    n > 0
      ? {
          low: Math.max(-100, nps - Z95 * npsSe),
          high: Math.min(100, nps + Z95 * npsSe),
        }
      : { ...NAN_INTERVAL };
  let value: number;
  let interval: Interval | null;
  let se: number;
  switch (mapping.headline) {
    case 'percent-positive':
      value = pct(P);
      interval = { ...positiveInterval };
      se = n > 0 ? 100 * Math.sqrt((P * (n - P)) / n ** 3) : NaN;
      break;
    case 'mean':
      value = mean;
      interval = mi && { ...mi };
      se = sd / Math.sqrt(n);
      break;
    case 'nps':
      value = nps;
      interval = { ...npsInterval };
      se = npsSe;
      break;
  }
  return {
    n,
    blank: t.blank,
    excluded: t.excluded,
    positive: P,
    neutral,
    negative: D,
    pctPositive: pct(P),
    pctNeutral: pct(neutral),
    pctNegative: pct(D),
    positiveInterval,
    mean,
    sd,
    meanInterval: mi,
    nps,
    npsSe,
    npsInterval,
    headline: mapping.headline,
    value,
    interval,
    se,
    lowSample,
  };
}

/** The difference between two scores; see {@link compareScores}. */
export interface ScoreComparison {
  /** b.value − a.value. */
  diff: number;
  /** Standard error of the difference. */
  se: number;
  /** The difference is significant at 5% (two-sided). */
  significant: boolean;
}

/**
 * Compares the headline values of two independent samples with the same headline: diff =
 * b − a, se = √(se_a² + se_b²), significant when |diff| > 1.96·se (§5.5). For the 'mean'
 * headline the test is Welch's t test instead (not significant when either n < 2). Throws
 * RangeError when the headlines differ.
 */
export function compareScores(a: Score, b: Score): ScoreComparison {
  if (a.headline !== b.headline) {
    throw new RangeError(`cannot compare a ${a.headline} score with a ${b.headline} score`);
  }
  const diff = b.value - a.value;
  if (a.headline === 'mean') {
    const w = welch(a, b);
    return w
      ? { diff, se: w.se, significant: w.significant }
      : { diff, se: NaN, significant: false };
  }
  const se = Math.sqrt(a.se * a.se + b.se * b.se);
  return { diff, se, significant: Math.abs(diff) > Z95 * se };
}
