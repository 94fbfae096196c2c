// Tallies for the score tests, counted the way the Analysis (src/lib/analysis/run.ts) counts:
// answersOf reads the answers, tallyGroups counts them. No other counting code exists.
import { answersOf, tallyGroups, type RowSet } from '../../src/lib/score/tally';
import type { SentimentMapping, Tally } from '../../src/lib/score/types';

/** The tally of every answer (NaN = blank); rows in `unreadable` held text. */
export function tallyOf(
  values: ArrayLike<number>,
  mapping: SentimentMapping,
  unreadable?: RowSet,
): Tally {
  return tallyGroups(answersOf(values, mapping, unreadable), mapping, null, 1)[0];
}
