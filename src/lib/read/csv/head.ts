// The head of a CSV file: its first records, kept as strings (for layout detection, type
// inference and the early preview) and as bytes (to be built later like every other record).

import { ParseError } from '../../errors';
import { inferColumnType } from '../../table/infer';
import { detectLayout, type Layout } from '../../table/layout';
import type { ColumnMeta, FileKind } from '../../table/types';
import { detectDecimalComma } from '../sniff-delimiter';
import { recordStrings } from './fields';

/** Records given to layout detection. */
export const LAYOUT_RECORDS = 10;
/** Data rows sampled for type inference, at most. */
export const SAMPLE_ROWS = 2000;
/** Bytes of head records after which the sample is cut short. */
export const HEAD_BYTES = 1024 * 1024;

/** A head record as strings, plus a copy of its bytes and field offsets into that copy. */
export interface HeadRecord {
  strings: string[];
  bytes: Uint8Array;
  starts: Int32Array;
  ends: Int32Array;
  flags: Uint8Array;
  row: number;
}

/** Collects records until there are enough to know the layout and the column types. */
export class HeadCollector {
  readonly records: HeadRecord[] = [];
  bytes = 0;

  /** Keeps one record; true when the head is complete. */
  add(
    buf: Uint8Array,
    starts: Int32Array,
    ends: Int32Array,
    flags: Uint8Array,
    count: number,
    row: number,
  ): boolean {
    const strings = recordStrings(buf, starts, ends, flags, count);
    const lo = starts[0] > 0 ? starts[0] - 1 : 0; // include an opening quote
    const hi = ends[count - 1];
    this.records.push({
      strings,
      bytes: buf.slice(lo, hi),
      starts: starts.slice(0, count).map((s) => s - lo),
      ends: ends.slice(0, count).map((e) => e - lo),
      flags: flags.slice(0, count),
      row,
    });
    this.bytes += hi - lo + 1;
    const n = this.records.length;
    return n >= LAYOUT_RECORDS && (n >= LAYOUT_RECORDS + SAMPLE_ROWS || this.bytes >= HEAD_BYTES);
  }
}

/** What the head says about the file. */
export interface HeadAnalysis {
  layout: Layout;
  columns: ColumnMeta[];
  decimalComma: boolean;
  /** The head's data rows (after the header rows), as strings. */
  data: string[][];
}

/** Detects the layout, decimal comma and column types. Throws ParseError when all is blank. */
export function analyzeHead(
  records: readonly string[][],
  kind: FileKind,
  delimiter: string,
): HeadAnalysis {
  if (!records.some((r) => r.some((s) => s.trim() !== ''))) {
    throw new ParseError('This file is empty. Choose a file that has a header row and data.');
  }
  const layout = detectLayout(records.slice(0, LAYOUT_RECORDS), kind);
  const data = records.slice(layout.headerRows);
  const decimalComma = detectDecimalComma(data, delimiter);
  const sample = data.slice(0, SAMPLE_ROWS);
  const columns = layout.columns.map((col): ColumnMeta => {
    const names = [col.header, col.label, col.importId].filter((s): s is string => !!s);
    const values = sample.map((r) => r[col.index] ?? '');
    return { ...col, type: inferColumnType(names, values, { decimalComma }) };
  });
  return { layout, columns, decimalComma, data };
}
