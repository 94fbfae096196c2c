// Privacy: groups with fewer valid answers than the minimum group size show no number at all
// (§4.2: Viva Insights and Qualtrics EX both default to 5).

import { scoreOf } from './score';
import type { GroupResult, SentimentMapping, Tally } from './types';

/** Default minimum group size (§4.2). */
export const DEFAULT_MIN_GROUP = 5;

/**
 * The minimum group size actually applied: at least 1, rounded up to a whole number; NaN (or
 * anything that is not a number) gives {@link DEFAULT_MIN_GROUP}, so a bad setting never turns
 * suppression off.
 */
export function effectiveMinGroup(minGroup: number): number {
  if (typeof minGroup !== 'number' || Number.isNaN(minGroup)) return DEFAULT_MIN_GROUP;
  return Math.max(1, Math.ceil(minGroup));
}

/**
 * One result per group, in order: a score, or `{ key, suppressed: true }` (no n, no counts, no
 * numbers) when the group has fewer than `minGroup` valid answers (see
 * {@link effectiveMinGroup}). `opts.lowSample` is passed to `scoreOf`. Throws RangeError when
 * keys and tallies differ in length.
 */
export function groupResults(
  keys: readonly string[],
  tallies: readonly Tally[],
  mapping: SentimentMapping,
  minGroup = DEFAULT_MIN_GROUP,
  opts: { lowSample?: number } = {},
): GroupResult[] {
  if (keys.length !== tallies.length) {
    throw new RangeError(`got ${keys.length} keys for ${tallies.length} tallies`);
  }
  const min = effectiveMinGroup(minGroup);
  return keys.map((key, i) =>
    tallies[i].n < min
      ? { key, suppressed: true }
      : { key, suppressed: false, score: scoreOf(tallies[i], mapping, opts) },
  );
}

/**
 * What a suppressed group shows in tables, charts and CSV: `Fewer than 5 responses` (with the
 * effective minimum group size; `No responses` when it is 1).
 */
export function suppressedText(minGroup: number): string {
  const min = effectiveMinGroup(minGroup);
  return min === 1 ? 'No responses' : `Fewer than ${min} responses`;
}
