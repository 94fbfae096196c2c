import { NotFoundError } from '../errors';
import type { ColumnProfile, Table } from './types';

const TOP = 10;

/** Type, blanks, distinct values, min/max/mean and the most frequent values of one column. */
export function profileColumn(table: Table, index: number): ColumnProfile {
  const col = table.data[index];
  const meta = table.columns[index];
  if (!col || !meta) throw new NotFoundError(`Column ${index} does not exist.`);
  const base = { index, name: meta.name, type: meta.type, count: table.rowCount };

  if (col.type === 'number') {
    const seen = new Set<number>();
    let blanks = 0;
    let sum = 0;
    let n = 0;
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < table.rowCount; i++) {
      const v = col.values[i];
      if (Number.isNaN(v)) {
        blanks++;
        continue;
      }
      seen.add(v);
      sum += v;
      n++;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    const invalid = col.invalid.size;
    return {
      ...base,
      blanks: blanks - invalid,
      distinct: seen.size,
      invalid,
      min: n ? min : null,
      max: n ? max : null,
      mean: n ? sum / n : null,
      top: [],
    };
  }

  const byCode = new Int32Array(col.dict.length);
  let blanks = 0;
  for (let i = 0; i < table.rowCount; i++) {
    const code = col.codes[i];
    if (code < 0) blanks++;
    else byCode[code]++;
  }
  // A dictionary may hold a value more than once (a reader may skip interning a column of
  // nearly unique values): count by value.
  const counts = new Map<string, number>();
  for (let code = 0; code < byCode.length; code++) {
    const n = byCode[code];
    if (n === 0) continue;
    const s = col.dict[code];
    counts.set(s, (counts.get(s) ?? 0) + n);
  }
  let min: string | null = null;
  let max: string | null = null;
  for (const s of counts.keys()) {
    if (min === null || s < min) min = s;
    if (max === null || s > max) max = s;
  }
  const order = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const top = order.slice(0, TOP).map(([value, count]) => ({ value, count }));
  return { ...base, blanks, distinct: counts.size, invalid: 0, min, max, mean: null, top };
}
