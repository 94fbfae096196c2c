import type { LayoutColumn } from '../table/types';

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
