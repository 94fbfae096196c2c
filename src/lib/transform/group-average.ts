// Averages a weekly table (a Viva person query loaded as a table) per key, so it can be joined
// one-to-one with survey responses: one row per key value, the number of rows averaged, the
// mean of every number column (blank and NULL cells skipped) and the last value of every text
// column in file order. Rows with a blank key are left out and counted.
import { cellText } from '../table/page';
import type { ColumnData, ColumnMeta, Table } from '../table/types';
import { normalizeKey, type KeyNormalization } from './join';

export interface GroupAverageResult {
  table: Table;
  /** Rows left out because their key is blank. */
  blankKeys: number;
  /** Rows left out as inactive weeks. */
  inactive: number;
  /** Text columns whose value changes within a key (the last value is kept). */
  changing: string[];
}

/** Name of the count column added after the key. */
export const ROWS_AVERAGED = 'Weeks averaged';

export interface GroupAverageOptions {
  /** Columns left out (e.g. PersonId and MetricDate). */
  drop?: readonly number[];
  /**
   * Rows whose value here is 0, blank, FALSE, no, NULL or NA are inactive weeks and skipped (the
   * same rule as the Viva → Qualtrics recipe), e.g. `IsActive` or `Collaboration_hours`.
   */
  inactiveColumn?: number | null;
}

/** The person-query rule for an inactive week, on a cell's text. */
export function isInactiveCell(text: string): boolean {
  const t = text.trim().toLowerCase();
  if (t === '' || t === 'false' || t === 'no' || t === 'null' || t === 'na') return true;
  const v = Number(t);
  return !Number.isNaN(v) && v <= 0;
}

/**
 * One row per distinct key of `keyColumn`, in order of first appearance. Number columns are
 * averaged (`Weeks averaged` counts the rows of each key); other columns keep their last value.
 */
export function averagePerKey(
  t: Table,
  keyColumn: number,
  norm: KeyNormalization,
  options: GroupAverageOptions = {},
): GroupAverageResult {
  const drop = options.drop ?? [];
  const act = options.inactiveColumn == null ? null : t.data[options.inactiveColumn];
  const keyCol = t.data[keyColumn];
  if (!keyCol) throw new RangeError(`Table ${t.name} has no column ${keyColumn + 1}.`);
  const groupOf = new Int32Array(t.rowCount);
  const ids = new Map<string, number>();
  const keys: string[] = [];
  let blankKeys = 0;
  let inactive = 0;
  for (let r = 0; r < t.rowCount; r++) {
    if (act && isInactiveCell(cellText(act, r))) {
      groupOf[r] = -1;
      inactive++;
      continue;
    }
    const raw = cellText(keyCol, r);
    const k = normalizeKey(raw, norm);
    if (k === null) {
      groupOf[r] = -1;
      blankKeys++;
      continue;
    }
    let g = ids.get(k);
    if (g === undefined) {
      g = keys.length;
      ids.set(k, g);
      keys.push(norm.trim ? raw.trim() : raw);
    }
    groupOf[r] = g;
  }
  const G = keys.length;
  const counts = new Float64Array(G);
  for (let r = 0; r < t.rowCount; r++) if (groupOf[r] >= 0) counts[groupOf[r]]++;

  const skip = new Set([keyColumn, ...drop]);
  const keyMeta = t.columns[keyColumn];
  const columns: ColumnMeta[] = [
    { ...keyMeta, index: 0, type: keyMeta.type === 'number' ? 'id' : keyMeta.type },
    { index: 1, name: ROWS_AVERAGED, header: ROWS_AVERAGED, type: 'number' },
  ];
  const data: ColumnData[] = [
    { type: 'text', codes: Int32Array.from(keys, (_, i) => i), dict: keys },
    { type: 'number', values: counts, invalid: new Map() },
  ];
  const changing: string[] = [];
  t.columns.forEach((meta, c) => {
    if (skip.has(c)) return;
    const col = t.data[c];
    let out: ColumnData;
    if (col.type === 'number') {
      const sum = new Float64Array(G);
      const n = new Float64Array(G);
      for (let r = 0; r < t.rowCount; r++) {
        const g = groupOf[r];
        const v = col.values[r];
        if (g < 0 || Number.isNaN(v)) continue;
        sum[g] += v;
        n[g]++;
      }
      for (let g = 0; g < G; g++) sum[g] = n[g] > 0 ? sum[g] / n[g] : NaN;
      out = { type: 'number', values: sum, invalid: new Map() };
    } else {
      const codes = new Int32Array(G).fill(-1);
      let changed = false;
      for (let r = 0; r < t.rowCount; r++) {
        const g = groupOf[r];
        if (g < 0) continue;
        const code = col.codes[r];
        if (code < 0) continue;
        if (codes[g] >= 0 && codes[g] !== code) changed = true;
        codes[g] = code;
      }
      if (changed) changing.push(meta.name);
      out = { type: col.type, codes, dict: col.dict };
    }
    columns.push({ ...meta, index: columns.length });
    data.push(out);
  });
  const table: Table = {
    name: `${t.name} (average per ${keyMeta.name})`,
    rowCount: G,
    columns,
    data,
    format: { kind: t.format.kind, source: 'plain', headerRows: 1, notes: [] },
    issues: [],
  };
  return { table, blankKeys, inactive, changing };
}
