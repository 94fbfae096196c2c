// The first rows of a sheet, buffered as plain values until the layout (header rows, Qualtrics
// or Viva format) and the column types can be decided from them.
import { inferColumnType } from '../../table/infer';
import { detectLayout, type Layout } from '../../table/layout';
import type { ColumnMeta, FileKind } from '../../table/types';

/** Records given to detectLayout. */
export const HEAD_ROWS = 10;
/** Data rows sampled for type inference. */
export const SAMPLE_ROWS = 2000;
/** Data rows sent with onHead, as soon as they are buffered (before the sample is complete). */
export const PREVIEW_ROWS = 100;

/** A buffered cell: a number, text (dates already ISO), or undefined for an error cell. */
export type Cell = string | number | undefined;

/** Layout and typed columns decided from buffered rows. */
export interface ColumnPlan {
  layout: Layout;
  columns: ColumnMeta[];
  /** Widest buffered row. */
  width: number;
}

/** Buffered rows [from, to) as strings, `width` cells each (rows never seen are blank). */
export function bufferedText(
  rows: readonly (Cell[] | undefined)[],
  from: number,
  to: number,
  width: number,
): string[][] {
  return Array.from({ length: Math.max(0, Math.min(to, rows.length) - from) }, (_, i) => {
    const r = rows[from + i];
    return Array.from({ length: width }, (_, c) => (r?.[c] === undefined ? '' : String(r[c])));
  });
}

/** Detects the layout from the first rows and infers each column's type from the next ones. */
export function planColumns(
  rows: readonly (Cell[] | undefined)[],
  kind: FileKind,
  sampleRows: number,
): ColumnPlan {
  let width = 0;
  for (const r of rows) if (r && r.length > width) width = r.length;
  const layout = detectLayout(bufferedText(rows, 0, HEAD_ROWS, width), kind);
  const from = layout.headerRows;
  const sample = rows.slice(from, from + sampleRows);
  const columns = layout.columns.map((c): ColumnMeta => {
    const values: string[] = [];
    for (const r of sample) if (r && r[c.index] !== undefined) values.push(String(r[c.index]));
    const names = [c.header, c.label ?? '', c.importId ?? ''];
    return { ...c, type: inferColumnType(names, values) };
  });
  return { layout, columns, width };
}
