// Types of the CX and favorability scores (reference: viva-and-scores.md §4–5). Pure data: these
// cross the worker boundary and are drawn by the charts, so no functions or class instances.

/** How one answer value counts. `excluded` answers are left out of n (e.g. "Not applicable"). */
export type Sentiment = 'positive' | 'neutral' | 'negative' | 'excluded';

/** Which score a question is read as. Each has its own default mapping and headline. */
export type ScoreKind = 'favorability' | 'nps' | 'csat' | 'ces';

/**
 * The number a score is summarised by:
 * - `percent-positive`: % favorable / top-box / CES positive, with a Wilson interval;
 * - `mean`: the mean of valid answers, with a t interval;
 * - `nps`: % positive − % negative (−100…100), with the standard error of §5.5.
 */
export type Headline = 'percent-positive' | 'mean' | 'nps';

/** One answer value of a scale and how it counts. */
export interface ScaleValue {
  value: number;
  /** The answer text when known (e.g. from a label export or an NPS group column). */
  label?: string;
  sentiment: Sentiment;
}

/**
 * How the answers of one question map to sentiments. Values not listed (out of range, text)
 * are excluded and counted as such. Saved per question in IndexedDB.
 */
export interface SentimentMapping {
  kind: ScoreKind;
  headline: Headline;
  /** Every valid value, lowest first. */
  values: ScaleValue[];
}

/** A 95% interval on the headline's scale (percent points, NPS points or the answer scale). */
export interface Interval {
  low: number;
  high: number;
}

/**
 * The answers of one group, counted. Small and additive, so the worker can tally groups in
 * one pass and merge them. `sum`/`sumSq` are over valid (not excluded) values.
 */
export interface Tally {
  /** Valid answers: numeric, listed in the mapping, not mapped to `excluded`. */
  n: number;
  positive: number;
  neutral: number;
  negative: number;
  /** Blank cells. */
  blank: number;
  /** Non-blank answers left out: text, values not in the mapping, or mapped to `excluded`. */
  excluded: number;
  sum: number;
  sumSq: number;
  /** Count per mapped value, in the mapping's value order (for distributions). */
  byValue: number[];
}

/** A score computed from a tally. Every percentage is 0…100. */
export interface Score {
  n: number;
  blank: number;
  excluded: number;
  positive: number;
  neutral: number;
  negative: number;
  pctPositive: number;
  pctNeutral: number;
  pctNegative: number;
  /** Wilson 95% interval of pctPositive (percent). */
  positiveInterval: Interval;
  mean: number;
  /** Sample standard deviation (n − 1); NaN when n < 2. */
  sd: number;
  /** t interval of the mean; null when n < 2. */
  meanInterval: Interval | null;
  /** % positive − % negative, computed in integers (exact for whole-number results). */
  nps: number;
  /** 100·√(((p + d) − (p − d)²)/n). */
  npsSe: number;
  npsInterval: Interval;
  /** The headline the mapping asks for, with its interval and standard error. */
  headline: Headline;
  value: number;
  interval: Interval | null;
  se: number;
  /** True when n is below the low-sample threshold (results shown, with a caution). */
  lowSample: boolean;
}

/** A group's result: a score, or "fewer than N responses" with no number at all. */
export type GroupResult =
  { key: string; suppressed: false; score: Score } | { key: string; suppressed: true };

/** Mean of a metric (e.g. after-hours collaboration) among one sentiment group of a question. */
export type MetricGroupResult =
  | {
      group: Exclude<Sentiment, 'excluded'>;
      suppressed: false;
      n: number;
      mean: number;
      sd: number;
      interval: Interval | null;
    }
  | { group: Exclude<Sentiment, 'excluded'>; suppressed: true };

/** Trend period sizes; weeks start on Monday (ISO) unless the user picks Sunday. */
export type PeriodUnit = 'week' | 'month' | 'quarter';

/** One period of a trend. `change` compares the headline with the previous shown period. */
export type TrendPoint =
  | {
      period: string;
      /** First day of the period, YYYY-MM-DD. */
      start: string;
      suppressed: false;
      score: Score;
      /** Headline minus the previous shown period's; null for the first. */
      change: number | null;
      /** |change| / SE of the difference > 1.959964 (independent samples). */
      significant: boolean;
    }
  | { period: string; start: string; suppressed: true };
