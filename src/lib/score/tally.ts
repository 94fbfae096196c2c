// Counting the answers of a question, in the two steps of the Analysis (analysis/run.ts): each
// row's answer is read once into a code (§5.4: blank, excluded or its sentiment), then the codes
// are counted into tallies, every group at once in one pass (all responses, breakout groups,
// periods, group × period). Tallies are additive, so groups can also be merged.

import type { Sentiment, SentimentMapping, Tally } from './types';

/** Rows that held non-blank text where a number was expected. */
export interface RowSet {
  has(row: number): boolean;
}

/** How a row's answer counts: the codes of {@link Answers}. */
export const BLANK = 0;
export const POSITIVE = 1;
export const NEUTRAL = 2;
export const NEGATIVE = 3;
export const EXCLUDED = 4;
const CODE: Record<Sentiment, number> = {
  positive: POSITIVE,
  neutral: NEUTRAL,
  negative: NEGATIVE,
  excluded: EXCLUDED,
};

/** A question's answers, one entry per row. */
export interface Answers {
  code: Int8Array;
  /** The valid answer (for a category, the respondent's mean); NaN otherwise. */
  value: Float64Array;
  /** Position in `mapping.values` of a valid single answer; −1 otherwise. */
  valueIndex: Int32Array;
}

/** A tally with every count 0, one `byValue` slot per mapped value. */
export function emptyTally(mapping: SentimentMapping): Tally {
  return {
    n: 0,
    positive: 0,
    neutral: 0,
    negative: 0,
    blank: 0,
    excluded: 0,
    sum: 0,
    sumSq: 0,
    byValue: new Array<number>(mapping.values.length).fill(0),
  };
}

/**
 * Each mapped value → its position in `mapping.values`, for {@link answerCode}. A value listed
 * twice counts as its last entry: a missing code that is also on the scale keeps the scale's
 * sentiment.
 */
export function valueIndex(mapping: SentimentMapping): Map<number, number> {
  return new Map(mapping.values.map((v, i) => [v.value, i]));
}

/**
 * How one answer counts (§5.4), with `i` its position in `mapping.values` when valid (else −1):
 * - `unreadable` (non-blank text) → excluded;
 * - NaN → blank;
 * - a value not in the mapping (out of range, ±Infinity) or mapped to 'excluded' → excluded;
 * - otherwise its sentiment.
 * `index` must come from {@link valueIndex} of the same mapping.
 */
export function answerCode(
  value: number,
  index: ReadonlyMap<number, number>,
  mapping: SentimentMapping,
  unreadable = false,
): { code: number; i: number } {
  if (unreadable) return { code: EXCLUDED, i: -1 };
  if (Number.isNaN(value)) return { code: BLANK, i: -1 };
  const i = index.get(value);
  if (i === undefined) return { code: EXCLUDED, i: -1 };
  const code = CODE[mapping.values[i].sentiment];
  return code === EXCLUDED ? { code, i: -1 } : { code, i };
}

/** Answers of `rows` rows, every one blank until it is read. */
export function blankAnswers(rows: number): Answers {
  return {
    code: new Int8Array(rows),
    value: new Float64Array(rows).fill(NaN),
    valueIndex: new Int32Array(rows).fill(-1),
  };
}

/**
 * The answers of one column of numbers (NaN = blank); rows in `unreadable` held text and count
 * as excluded.
 */
export function answersOf(
  values: ArrayLike<number>,
  mapping: SentimentMapping,
  unreadable?: RowSet,
): Answers {
  const a = blankAnswers(values.length);
  const index = valueIndex(mapping);
  for (let r = 0; r < values.length; r++) {
    const v = values[r];
    const { code, i } = answerCode(v, index, mapping, unreadable?.has(r) ?? false);
    a.code[r] = code;
    if (i >= 0) {
      a.value[r] = v;
      a.valueIndex[r] = i;
    }
  }
  return a;
}

/**
 * One tally per group in one pass: row r goes to group `groupOf[r]` (0 … groupCount − 1; null =
 * every row to group 0), and rows with a negative group (−1) are left out. `byValue` counts
 * valid single answers only. Throws RangeError when `groupOf` is shorter than the answers or
 * names a group ≥ groupCount.
 */
export function tallyGroups(
  a: Answers,
  mapping: SentimentMapping,
  groupOf: ArrayLike<number> | null,
  groupCount: number,
): Tally[] {
  const rows = a.code.length;
  if (groupOf && groupOf.length < rows) {
    throw new RangeError(`need a group for each of ${rows} rows, got ${groupOf.length}`);
  }
  const tallies = Array.from({ length: groupCount }, () => emptyTally(mapping));
  for (let r = 0; r < rows; r++) {
    const g = groupOf ? groupOf[r] : 0;
    if (g < 0) continue;
    const t = tallies[g];
    if (t === undefined) {
      throw new RangeError(`row ${r} has group ${g}, but there are ${groupCount} groups`);
    }
    const c = a.code[r];
    if (c === BLANK) t.blank++;
    else if (c === EXCLUDED) t.excluded++;
    else {
      t.n++;
      if (c === POSITIVE) t.positive++;
      else if (c === NEUTRAL) t.neutral++;
      else t.negative++;
      const v = a.value[r];
      t.sum += v;
      t.sumSq += v * v;
      if (a.valueIndex[r] >= 0) t.byValue[a.valueIndex[r]]++;
    }
  }
  return tallies;
}

/**
 * The tally of both groups together (a new object; a and b are unchanged). Both must come from
 * the same mapping; RangeError when their `byValue` lengths differ.
 */
export function mergeTallies(a: Tally, b: Tally): Tally {
  if (a.byValue.length !== b.byValue.length) {
    throw new RangeError('tallies of different mappings cannot be merged');
  }
  return {
    n: a.n + b.n,
    positive: a.positive + b.positive,
    neutral: a.neutral + b.neutral,
    negative: a.negative + b.negative,
    blank: a.blank + b.blank,
    excluded: a.excluded + b.excluded,
    sum: a.sum + b.sum,
    sumSq: a.sumSq + b.sumSq,
    byValue: a.byValue.map((c, i) => c + b.byValue[i]),
  };
}
