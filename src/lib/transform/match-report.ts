// The rows behind a match report, for reading in Excel: every matched pair, the rows found on one
// side only and the repeated keys, each with its row number in the file and every source column.
// One shape for the ID mapping (directory ↔ HR) and the Analysis join (left ↔ right).
import { getRowPage } from '../table/page';
import type { Table } from '../table/types';
import { toCsv } from '../write/csv';

export type MatchReportPart = 'matched' | 'only-left' | 'only-right' | 'duplicates';

/** One side of the report: its table and what its rows are called ("directory", "left"…). */
export interface ReportSide {
  table: Table;
  label: string;
}

/** The rows of a report, as data-row indexes (0-based) of each table. */
export interface ReportRows {
  /** Matched pairs, flat: left, right, left, right… */
  pairs: ArrayLike<number>;
  onlyLeft: readonly number[];
  onlyRight: readonly number[];
  duplicateLeft: readonly { key: string; rows: readonly number[] }[];
  duplicateRight: readonly { key: string; rows: readonly number[] }[];
}

/** A data row's line number in its file (header rows counted, 1-based). */
function fileRow(t: Table, row: number): string {
  return String(row + t.format.headerRows + 1);
}

function line(t: Table, row: number): string[] {
  return getRowPage(t, row, 1).rows[0];
}

/** One part of a match report as rows (a header row first). */
export function matchReportRows(
  part: MatchReportPart,
  left: ReportSide,
  right: ReportSide,
  data: ReportRows,
): string[][] {
  const names = (s: ReportSide) => s.table.columns.map((c) => c.name);
  const one = (s: ReportSide, rows: readonly number[]) => [
    [`${s.label} row`, ...names(s)],
    ...rows.map((r) => [fileRow(s.table, r), ...line(s.table, r)]),
  ];
  switch (part) {
    case 'matched': {
      const rows = [[`${left.label} row`, ...names(left), `${right.label} row`, ...names(right)]];
      const { pairs } = data;
      for (let i = 0; i < pairs.length; i += 2) {
        const [l, r] = [pairs[i], pairs[i + 1]];
        rows.push([
          fileRow(left.table, l),
          ...line(left.table, l),
          fileRow(right.table, r),
          ...line(right.table, r),
        ]);
      }
      return rows;
    }
    case 'only-left':
      return one(left, data.onlyLeft);
    case 'only-right':
      return one(right, data.onlyRight);
    case 'duplicates': {
      const rows = [['file', 'key', 'rows']];
      const add = (t: Table, dups: ReportRows['duplicateLeft']) => {
        for (const d of dups) {
          rows.push([t.name, d.key, d.rows.map((r) => fileRow(t, r)).join(' ')]);
        }
      };
      add(left.table, data.duplicateLeft);
      add(right.table, data.duplicateRight);
      return rows;
    }
  }
}

/** One part of a match report as CSV, formula-guarded (it is for reading in Excel). */
export function matchReportCsv(
  part: MatchReportPart,
  left: ReportSide,
  right: ReportSide,
  data: ReportRows,
): string {
  return toCsv(matchReportRows(part, left, right, data), { formulaGuard: true });
}
