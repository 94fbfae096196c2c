// One row per person when people answered more than once: keep the latest response, average the
// responses, or reject the person. Pure; rows are data-row indices.
import type { DuplicatePolicy } from '../recipe/types';

/** One output row: the person's key and the source rows it comes from. */
export interface PersonRow {
  key: string;
  /** Source rows in file order; one row unless the policy is `mean`. */
  rows: number[];
}

export interface Deduplicated {
  people: PersonRow[];
  /** People with more than one response (whatever the policy did with them). */
  duplicatePeople: number;
  /** Responses belonging to those people. */
  duplicateResponses: number;
  /** Under `reject`: the people left out, with all their rows. */
  rejected: PersonRow[];
}

/**
 * Groups rows by key (null keys are skipped) in order of first appearance and applies the policy.
 * `latest` keeps the row with the greatest timestamp (NaN counts as oldest); on a tie, the row
 * later in the file wins, as it was recorded later.
 */
export function deduplicate(
  keys: readonly (string | null)[],
  policy: DuplicatePolicy,
  timestamps?: ArrayLike<number>,
): Deduplicated {
  const groups = new Map<string, number[]>();
  for (let r = 0; r < keys.length; r++) {
    const k = keys[r];
    if (k === null) continue;
    const g = groups.get(k);
    if (g) g.push(r);
    else groups.set(k, [r]);
  }
  const people: PersonRow[] = [];
  const rejected: PersonRow[] = [];
  let duplicatePeople = 0;
  let duplicateResponses = 0;
  for (const [key, rows] of groups) {
    if (rows.length === 1) {
      people.push({ key, rows });
      continue;
    }
    duplicatePeople++;
    duplicateResponses += rows.length;
    if (policy === 'reject') rejected.push({ key, rows });
    else if (policy === 'mean') people.push({ key, rows });
    else people.push({ key, rows: [latestRow(rows, timestamps)] });
  }
  return { people, duplicatePeople, duplicateResponses, rejected };
}

function latestRow(rows: readonly number[], timestamps?: ArrayLike<number>): number {
  let best = rows[0];
  let bestT = timestamps ? timestamps[best] : NaN;
  for (const r of rows.slice(1)) {
    const t = timestamps ? timestamps[r] : NaN;
    const later = Number.isNaN(bestT) ? true : !Number.isNaN(t) && t >= bestT;
    if (later) {
      best = r;
      bestT = t;
    }
  }
  return best;
}

/** The mean of a column over some rows, skipping blanks; NaN when every one is blank. */
export function meanOver(values: ArrayLike<number>, rows: readonly number[]): number {
  let sum = 0;
  let n = 0;
  for (const r of rows) {
    const v = values[r];
    if (!Number.isNaN(v)) {
      sum += v;
      n++;
    }
  }
  return n > 0 ? sum / n : NaN;
}
