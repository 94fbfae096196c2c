// NPS questions export two columns: the group (`QID18_NPS_GROUP`: Detractor/Passive/Promoter,
// or 1/2/3) before the 0–10 score (`QID18`). Pairing them lets every question list show one
// NPS question, and the cross-check finds rows where the two disagree (an edited file, a
// recode changed after collection). Inside loop & merge each iteration pairs on its own
// (`1_QID18_NPS_GROUP` ↔ `1_QID18`), since the iteration prefix is part of both names.
import type { Issue } from '../issues';
import { cellText } from '../table/page';
import type { LayoutColumn, Table } from '../table/types';

/** The fields NPS pairing needs; LayoutColumn and ColumnMeta both fit. */
export type NpsColumn = Pick<LayoutColumn, 'index' | 'header' | 'importId'>;

const GROUP_RE = /^(.+)_NPS_GROUP$/;

/**
 * Pairs each `_NPS_GROUP` column with its score column (`QID18_NPS_GROUP` ↔ `QID18`), by
 * ImportId when the file has them, else by export tag (`Q3.13_NPS_GROUP` ↔ `Q3.13`).
 * Returns column indexes. Qualtrics puts the group first, so the nearest later match wins.
 */
export function pairNpsColumns(columns: readonly NpsColumn[]): { group: number; score: number }[] {
  const used = new Set<number>();
  const pairs: { group: number; score: number }[] = [];
  columns.forEach((col, pos) => {
    const byId = col.importId !== undefined;
    const base = GROUP_RE.exec((byId ? col.importId : col.header)?.trim() ?? '')?.[1];
    if (base === undefined) return;
    const key = (c: NpsColumn): string | undefined => (byId ? c.importId : c.header)?.trim();
    // Why: export tags can repeat, so prefer the column right after the group, then earlier.
    const candidates = [...columns.slice(pos + 1), ...columns.slice(0, pos).reverse()];
    const score = candidates.find((c) => !used.has(c.index) && key(c) === base);
    if (!score) return;
    used.add(score.index);
    pairs.push({ group: col.index, score: score.index });
  });
  return pairs;
}

/** The NPS group of a 0–10 score: 0–6 Detractor (1), 7–8 Passive (2), 9–10 Promoter (3). */
export function npsGroupOfScore(score: number): 1 | 2 | 3 | null {
  if (!Number.isInteger(score) || score < 0 || score > 10) return null;
  return score <= 6 ? 1 : score <= 8 ? 2 : 3;
}

const GROUP_WORDS: Record<string, 1 | 2 | 3> = { detractor: 1, passive: 2, promoter: 3 };
const GROUP_NAMES = ['', 'Detractor', 'Passive', 'Promoter'] as const;

/** A group cell as its number: `Promoter`/`3` → 3; null for blank or anything else. */
export function readNpsGroup(text: string): 1 | 2 | 3 | null {
  const t = text.trim().toLowerCase();
  if (t in GROUP_WORDS) return GROUP_WORDS[t];
  const n = Number(t);
  return t !== '' && (n === 1 || n === 2 || n === 3) ? n : null;
}

/**
 * Rows whose group disagrees with the score (both present; a blank on either side is no
 * mismatch). `fileRow` numbers a data row as a spreadsheet does. At most `limit` issues are
 * listed; `count` is them all.
 */
export function npsMismatches(
  t: Table,
  pair: { group: number; score: number },
  fileRow: (r: number) => number,
  limit = 500,
): { count: number; issues: Issue[] } {
  const g = t.data[pair.group];
  const s = t.data[pair.score];
  const groupName = t.columns[pair.group].name;
  const scoreName = t.columns[pair.score].name;
  const issues: Issue[] = [];
  let count = 0;
  for (let r = 0; r < t.rowCount; r++) {
    const scoreText = cellText(s, r).trim();
    const groupText = cellText(g, r).trim();
    if (scoreText === '' || groupText === '') continue;
    const expected = npsGroupOfScore(Number(scoreText));
    const got = readNpsGroup(groupText);
    if (expected === null || got === null || expected === got) continue;
    count++;
    if (issues.length < limit) {
      issues.push({
        row: fileRow(r),
        column: groupName,
        code: 'nps-mismatch',
        message: `${groupName} says ${groupText} but ${scoreName} is ${scoreText}, a ${GROUP_NAMES[expected]}.`,
      });
    }
  }
  return { count, issues };
}
