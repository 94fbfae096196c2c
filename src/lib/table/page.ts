import type { ColumnData, RowPage, Table } from './types';

/** Display text of one cell: '' for blank, the original text for unparsable numbers. */
export function cellText(col: ColumnData, row: number): string {
  if (col.type === 'number') {
    const v = col.values[row];
    if (Number.isNaN(v)) return col.invalid.get(row) ?? '';
    return String(v);
  }
  const code = col.codes[row];
  return code < 0 ? '' : col.dict[code];
}

/** Rows [start, start+count) as display strings, clamped to the table. */
export function getRowPage(table: Table, start: number, count: number): RowPage {
  const from = Math.max(0, Math.min(Math.floor(start), table.rowCount));
  const to = Math.min(table.rowCount, from + Math.max(0, Math.floor(count)));
  const rows: string[][] = [];
  const invalid: [number, number][] = [];
  for (let r = from; r < to; r++) {
    const row = new Array<string>(table.data.length);
    for (let c = 0; c < table.data.length; c++) {
      const col = table.data[c];
      row[c] = cellText(col, r);
      if (col.type === 'number' && col.invalid.size > 0 && col.invalid.has(r)) {
        invalid.push([r - from, c]);
      }
    }
    rows.push(row);
  }
  return { start: from, rows, invalid };
}
