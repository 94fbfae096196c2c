// Counting the answers of a question: blanks, exclusions (§5.4), sentiments, per-value counts and
// the sums behind means. Tallies are additive, so groups are counted in one pass and merged.

import type { SentimentMapping, Tally } from './types';

/** Rows that held non-blank text where a number was expected. */
export interface RowSet {
  has(row: number): boolean;
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

/** Each mapped value → its position in `mapping.values`, for {@link addAnswer}. */
export function valueIndex(mapping: SentimentMapping): Map<number, number> {
  const index = new Map<number, number>();
  mapping.values.forEach((v, i) => {
    if (!index.has(v.value)) index.set(v.value, i);
  });
  return index;
}

/**
 * Counts one answer into `t` (§5.4):
 * - `unreadable` (non-blank text) → excluded;
 * - NaN → blank;
 * - a value not in the mapping (out of range, ±Infinity) or mapped to 'excluded' → excluded;
 * - otherwise valid: n, its sentiment, sum, sumSq and `byValue` go up.
 * `byValue` counts valid answers only, so a value mapped to 'excluded' keeps 0 there.
 * `index` must come from {@link valueIndex} of the same mapping.
 */
export function addAnswer(
  t: Tally,
  index: ReadonlyMap<number, number>,
  mapping: SentimentMapping,
  value: number,
  unreadable = false,
): void {
  if (unreadable) {
    t.excluded++;
    return;
  }
  if (Number.isNaN(value)) {
    t.blank++;
    return;
  }
  const i = index.get(value);
  if (i === undefined) {
    t.excluded++;
    return;
  }
  const sentiment = mapping.values[i].sentiment;
  if (sentiment === 'excluded') {
    t.excluded++;
    return;
  }
  t.n++;
  t[sentiment]++;
  t.sum += value;
  t.sumSq += value * value;
  t.byValue[i]++;
}

/**
 * The tally of one question's answers (one per row; NaN = blank). `rows` limits it to those row
 * indexes (default: every row); rows in `unreadable` held text and count as excluded.
 */
export function tallyAnswers(
  values: ArrayLike<number>,
  mapping: SentimentMapping,
  opts: { rows?: ArrayLike<number>; unreadable?: RowSet } = {},
): Tally {
  const t = emptyTally(mapping);
  const index = valueIndex(mapping);
  const { rows, unreadable } = opts;
  const count = rows ? rows.length : values.length;
  for (let k = 0; k < count; k++) {
    const row = rows ? rows[k] : k;
    addAnswer(t, index, mapping, values[row], unreadable?.has(row) ?? false);
  }
  return t;
}

/**
 * One tally per group in one pass: row r goes to group `groupOf[r]` (0 … groupCount − 1), and
 * rows with a negative group (−1) are left out. Throws RangeError when `groupOf` is shorter than
 * `values` or names a group ≥ groupCount.
 */
export function tallyGroups(
  values: ArrayLike<number>,
  groupOf: ArrayLike<number>,
  groupCount: number,
  mapping: SentimentMapping,
  opts: { unreadable?: RowSet } = {},
): Tally[] {
  if (groupOf.length < values.length) {
    throw new RangeError(`need a group for each of ${values.length} rows, got ${groupOf.length}`);
  }
  const tallies = Array.from({ length: groupCount }, () => emptyTally(mapping));
  const index = valueIndex(mapping);
  const { unreadable } = opts;
  for (let row = 0; row < values.length; row++) {
    const g = groupOf[row];
    if (g < 0) continue;
    const t = tallies[g];
    if (t === undefined) {
      throw new RangeError(`row ${row} has group ${g}, but there are ${groupCount} groups`);
    }
    addAnswer(t, index, mapping, values[row], unreadable?.has(row) ?? false);
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
