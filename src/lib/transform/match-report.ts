// The rows behind a match report, for reading in Excel: every matched pair, the rows found on one
// side only and the repeated keys, each with its row number in the file and every source column.
// One shape for the ID mapping (directory ↔ HR) and the Analysis join (left ↔ right).
import { getRowPage } from '../table/page';
import type { Table } from '../table/types';
import { toCsv } from '../write/csv';
import type { MatchReport } from './join';
import type { Cardinality, JoinReport } from './join-tables';

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

/** The ID mapping's report as the screen shows it: counts per part. */
export interface MatchCounts {
  matched: number;
  onlyDirectory: number;
  onlyHr: number;
  duplicateDirectory: number;
  duplicateHr: number;
  blankDirectory: number;
  blankHr: number;
}

export function matchCounts(r: MatchReport): MatchCounts {
  return {
    matched: r.matched.length,
    onlyDirectory: r.onlyLeft.length,
    onlyHr: r.onlyRight.length,
    duplicateDirectory: r.duplicateLeft.length,
    duplicateHr: r.duplicateRight.length,
    blankDirectory: r.blankLeft.length,
    blankHr: r.blankRight.length,
  };
}

/** The rows of the ID mapping's report: keys found on one side only, blanks left out. */
export function matchReportData(r: MatchReport): ReportRows {
  return { ...r, pairs: r.matched.flat() };
}

/** What the page gets of a join: counts, the explanation and a few repeated keys. */
export interface JoinSummary {
  leftRows: number;
  rightRows: number;
  matchedLeft: number;
  matchedRight: number;
  outputRows: number;
  onlyLeft: number;
  onlyRight: number;
  blankLeft: number;
  blankRight: number;
  duplicateLeft: number;
  duplicateRight: number;
  excludedLeft: number;
  cardinality: Cardinality;
  explanation: string[];
  /** Up to 10 repeated keys per side with their row count, for the report. */
  duplicateSamples: { side: 'left' | 'right'; key: string; rows: number }[];
}

export function joinSummary(r: JoinReport): JoinSummary {
  const sample = (side: 'left' | 'right', d: JoinReport['duplicateLeft']) =>
    d.slice(0, 10).map((x) => ({ side, key: x.key, rows: x.rows.length }));
  return {
    leftRows: r.leftRows,
    rightRows: r.rightRows,
    matchedLeft: r.matchedLeft,
    matchedRight: r.matchedRight,
    outputRows: r.outputRows,
    onlyLeft: r.onlyLeft.length,
    onlyRight: r.onlyRight.length,
    blankLeft: r.blankLeft.length,
    blankRight: r.blankRight.length,
    duplicateLeft: r.duplicateLeft.length,
    duplicateRight: r.duplicateRight.length,
    excludedLeft: r.excludedLeft.length,
    cardinality: r.cardinality,
    explanation: r.explanation,
    duplicateSamples: [...sample('left', r.duplicateLeft), ...sample('right', r.duplicateRight)],
  };
}

/**
 * The rows of a join's report: every matched pair whatever the one-to-many setting (`pairs` of
 * an inner join keeping all), and the rows on one side only with the blank keys, in file order.
 */
export function joinReportData(r: JoinReport, pairs: Int32Array): ReportRows {
  const sorted = (a: number[], b: number[]) => [...a, ...b].sort((x, y) => x - y);
  return {
    ...r,
    pairs,
    onlyLeft: sorted(r.onlyLeft, r.blankLeft),
    onlyRight: sorted(r.onlyRight, r.blankRight),
  };
}
