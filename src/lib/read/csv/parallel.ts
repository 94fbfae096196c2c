// Reading one CSV file in parts, on several threads, with the same result as readCsv.
//
// How: the head is read first, as readCsv reads it, to decide the delimiter, layout and column
// types (the "plan"). The data bytes are then cut into ranges, each starting just after a line
// feed, and every range is read on its own with those types (parseCsvPart, run in a worker by
// the caller). A cut is assumed to fall between records; when it falls inside a quoted field,
// the range before it ends inside the quotes, which shows: that range and the next are read
// again as one. The parts' columns are then joined (mergeCsvParts).

import { IssueCollector, type Issue, type IssueCode } from '../../issues';
import type { Layout } from '../../table/layout';
import { refineTable } from '../../table/refine';
import type { ColumnData, ColumnMeta, FileKind, FormatInfo, Table } from '../../table/types';
import type { TextEncodingName } from '../decode';
import type { ByteSource, ReadCallbacks } from '../types';
import {
  DECIMAL_COMMA_NOTE,
  openCsvText,
  scanHead,
  unclosedQuoteIssue,
  type CsvOptions,
} from './read-csv';
import { CsvScanner } from './scanner';
import { CsvTableKernel, type KernelFactory } from './table-kernel';
import { CsvTableSink, tooManyCells } from './table-sink';
import { unpackText, type PackedText } from './text-blocks';

/** Most UTF-8 bytes scanned for the head; a file whose head is longer is read in one piece. */
const PLAN_MAX_BYTES = 8 * 1024 * 1024;
/** Bytes looked at after a cut's target offset for a line feed. */
export const CUT_WINDOW = 256 * 1024;

/** What every part needs to know to read its bytes. */
export interface CsvPartSchema {
  kind: FileKind;
  delimiter: string;
  decimalComma: boolean;
  columns: ColumnMeta[];
  /** Header records at the start of the data (skipped by the part that starts there). */
  headerRows: number;
  bytesPerRecord: number;
  maxCells: number;
}

/** The head's decisions, and where the data starts in the file. */
export interface CsvPlan {
  schema: CsvPartSchema;
  layout: Layout;
  encoding: TextEncodingName;
  notes: string[];
  /** File offset of the first record (after a BOM and a `sep=` line). */
  dataStart: number;
}

/** One part's table, with rows and issues counted from the part's start. */
export interface CsvPartResult {
  rowCount: number;
  /** Lines (records, blank ones included) in the part. */
  lines: number;
  /** Which reader built the part. */
  engine: 'webassembly' | 'javascript';
  data: ColumnData[];
  /** The issues kept (at most the collector's limit per code) and how many there were. */
  issues: Issue[];
  counts: Partial<Record<IssueCode, number>>;
  /** With `packText`: text column j's dictionary packed (its `dict` is then empty). */
  packed?: (PackedText | null)[];
  /** Row (part-relative) where a quote opened that the part's end left open, or 0. */
  unclosedQuoteRow: number;
  /** Header records the part should have skipped but did not hold (it ended first). */
  headerLeft: number;
}

/**
 * Reads the head as readCsv does and returns the plan, or null when the file must be read in
 * one piece (not UTF-8, or a head longer than PLAN_MAX_BYTES). Sends `onHead`.
 */
export async function planCsv(
  chunks: AsyncIterable<Uint8Array>,
  options: CsvOptions,
  callbacks: ReadCallbacks = {},
): Promise<CsvPlan | null> {
  const text = await openCsvText(chunks, options);
  const { input, delimiter } = text;
  if (input.fallback || (input.encoding !== 'utf-8' && input.encoding !== 'utf-8-bom')) {
    return null;
  }
  const sink = new CsvTableSink({
    kind: text.kind,
    delimiter,
    maxCells: options.maxCells ?? Infinity,
    totalBytes: 0,
    headOnly: true,
    onHead: callbacks.onHead,
  });
  const scanner = new CsvScanner(delimiter.charCodeAt(0), sink);
  await scanHead(text, scanner, sink, PLAN_MAX_BYTES);
  const layout = sink.layout as Layout | null;
  if (layout === null) return null;
  return {
    schema: {
      kind: text.kind,
      delimiter,
      decimalComma: sink.decimalComma,
      columns: sink.columns,
      headerRows: layout.headerRows,
      bytesPerRecord: sink.bytesPerRecord,
      maxCells: options.maxCells ?? Infinity,
    },
    layout,
    encoding: input.encoding,
    notes: text.notes,
    dataStart: (input.encoding === 'utf-8-bom' ? 3 : 0) + text.skipBytes,
  };
}

/**
 * Cuts [start, source.size) into at most `weights.length` ranges sized as the weights say, each
 * cut just after a line feed. Returns the offsets [start, cut1, ..., source.size].
 */
export async function cutRanges(
  source: ByteSource,
  start: number,
  weights: readonly number[],
): Promise<number[]> {
  const size = source.size;
  const total = weights.reduce((a, b) => a + b, 0);
  const targets: number[] = [];
  let sum = 0;
  for (let i = 0; i < weights.length - 1; i++) {
    sum += weights[i];
    targets.push(Math.floor(start + ((size - start) * sum) / total));
  }
  const cuts = await Promise.all(
    targets.map(async (t) => {
      const bytes = await source.read(t, Math.min(size, t + CUT_WINDOW));
      const lf = bytes.indexOf(0x0a);
      return lf < 0 ? -1 : t + lf + 1;
    }),
  );
  const out = [start];
  for (const c of cuts) if (c > out[out.length - 1] && c < size) out.push(c);
  out.push(size);
  return out;
}

/** Reads one part of the data (UTF-8 bytes that start a record) with the plan's types. */
export async function parseCsvPart(
  chunks: AsyncIterable<Uint8Array>,
  schema: CsvPartSchema,
  options: {
    first: boolean;
    /** Bytes the columns are sized for: the part's, or more to leave room for later parts. */
    capacityBytes: number;
    /** Keep the columns at their capacity (for mergeCsvParts to copy the other parts in). */
    unfitted?: boolean;
    /** Leave text undecoded (`packed`), to be sent to another thread. */
    packText?: boolean;
    onProgress?: (bytes: number, rows: number) => void;
    /** The WebAssembly table kernel (workers/kernels.ts); without it, JavaScript reads. */
    kernel?: KernelFactory | null;
  },
): Promise<CsvPartResult> {
  const skip = options.first ? schema.headerRows : 0;
  const sink = options.kernel
    ? new CsvTableKernel(options.kernel, {
        columns: schema.columns,
        delimiter: schema.delimiter,
        decimalComma: schema.decimalComma,
        skip,
        maxCells: schema.maxCells,
        totalBytes: options.capacityBytes,
        bytesPerRecord: schema.bytesPerRecord,
        packText: options.packText,
      })
    : new CsvTableSink({
        kind: schema.kind,
        delimiter: schema.delimiter,
        maxCells: schema.maxCells,
        totalBytes: options.capacityBytes,
        packText: options.packText,
        schema: {
          columns: schema.columns,
          decimalComma: schema.decimalComma,
          skip,
          bytesPerRecord: schema.bytesPerRecord,
        },
      });
  // The kernel scans for itself; the sink is fed by the JavaScript scanner.
  const scanner =
    sink instanceof CsvTableKernel ? sink : new CsvScanner(schema.delimiter.charCodeAt(0), sink);
  let bytes = 0;
  const it = chunks[Symbol.asyncIterator]();
  let next = it.next();
  for (;;) {
    const r = await next;
    if (r.done) break;
    next = it.next();
    next.catch(() => {}); // seen when awaited; not unhandled if scanning throws first
    scanner.push(r.value);
    bytes += r.value.length;
    options.onProgress?.(bytes, sink.rowCount);
  }
  scanner.finish();
  const data = sink.finishColumns(!options.unfitted);
  return {
    rowCount: sink.rowCount,
    lines: scanner.row,
    engine: sink instanceof CsvTableKernel ? 'webassembly' : 'javascript',
    data,
    packed: options.packText ? sink.packed : undefined,
    issues: sink.issues.issues,
    counts: sink.issues.counts,
    unclosedQuoteRow: scanner.unclosedQuoteRow,
    headerLeft: sink.skip,
  };
}

/** Reads the part [start, end) of the file; `first` when it starts the data. */
export type PartReader = (start: number, end: number, first: boolean) => Promise<CsvPartResult>;

/**
 * Reads the data cut at `cuts` (from cutRanges) with `readPart`, all parts at once, reading two
 * parts again as one where a cut fell inside quotes; then joins them into readCsv's table.
 */
export async function readCsvParts(
  plan: CsvPlan,
  name: string,
  cuts: readonly number[],
  readPart: PartReader,
): Promise<Table> {
  const bounds = cuts.slice();
  const parts = await Promise.all(
    bounds.slice(0, -1).map((start, i) => readPart(start, bounds[i + 1], i === 0)),
  );
  // Part i is right when every part before it is right and ended between records (and after
  // the header rows).
  for (let i = 0; i < parts.length - 1; i++) {
    if (parts[i].unclosedQuoteRow === 0 && parts[i].headerLeft === 0) continue;
    bounds.splice(i + 1, 1);
    parts.splice(i, 2, await readPart(bounds[i], bounds[i + 1], i === 0));
    i--;
  }
  return mergeCsvParts(plan, name, parts);
}

/** Joins parts read from consecutive ranges (each ending between records) into one table. */
export function mergeCsvParts(plan: CsvPlan, name: string, parts: CsvPartResult[]): Table {
  const { schema, layout } = plan;
  const ncol = schema.columns.length;
  let rowCount = 0;
  for (const p of parts) rowCount += p.rowCount;
  if (rowCount > Math.floor(schema.maxCells / Math.max(1, ncol))) {
    throw tooManyCells(schema.maxCells, ncol);
  }

  // Issues in file order, with rows counted from the file's start; as one collector keeps them.
  const issues = new IssueCollector();
  let lineBase = 0;
  let utf8Seen = false;
  for (const p of parts) {
    for (const issue of p.issues) {
      if (issue.code === 'invalid-utf8') {
        if (utf8Seen) continue; // reported once per file
        utf8Seen = true;
      }
      issues.add(shiftRow(issue, lineBase));
    }
    for (const [code, n] of Object.entries(p.counts) as [IssueCode, number][]) {
      if (code === 'invalid-utf8') continue;
      const kept = p.issues.filter((x) => x.code === code).length;
      issues.counts[code] = (issues.counts[code] ?? 0) + n - kept;
    }
    lineBase += p.lines;
  }
  const last = parts[parts.length - 1];
  if (last.unclosedQuoteRow > 0) {
    issues.add(unclosedQuoteIssue(last.unclosedQuoteRow + lineBase - last.lines));
  }

  for (const p of parts) {
    const packed = p.packed;
    if (!packed) continue;
    p.packed = undefined;
    p.data.forEach((col, j) => {
      const text = packed[j];
      if (col.type !== 'number' && text) col.dict = unpackText(text);
    });
  }
  const data = schema.columns.map((_, j) => mergeColumn(parts, j, rowCount));
  const notes = [...plan.notes];
  if (schema.decimalComma) notes.push(DECIMAL_COMMA_NOTE);
  const format: FormatInfo = {
    kind: schema.kind,
    source: layout.source,
    headerRows: layout.headerRows,
    delimiter: schema.delimiter,
    encoding: plan.encoding,
    engine: parts.every((p) => p.engine === 'webassembly') ? 'webassembly' : 'javascript',
    notes: [...notes, ...layout.notes],
  };
  // (Copies of the plan's columns: the refinement may retype or re-role them.)
  return refineTable({
    name,
    rowCount,
    columns: schema.columns.map((c) => ({ ...c })),
    data,
    format,
    issues: [...layout.issues, ...issues.summarize()],
  });
}

/** The issue with its row (and the "Row N" its message starts with) moved down by `by`. */
function shiftRow(issue: Issue, by: number): Issue {
  if (by === 0 || issue.row === null) return issue;
  const row = issue.row + by;
  const prefix = `Row ${issue.row}`;
  const message = issue.message.startsWith(prefix)
    ? `Row ${row}${issue.message.slice(prefix.length)}`
    : issue.message;
  return { ...issue, row, message };
}

/** Dictionaries up to this many values (all parts) are merged by value; bigger ones appended. */
const REMAP_MAX = 1 << 16;

/**
 * Column j of all parts as one column. The first part's arrays are reused when they are long
 * enough (see parseCsvPart's `capacityBytes`); the parts' columns are released as they are copied.
 */
function mergeColumn(parts: CsvPartResult[], j: number, rows: number): ColumnData {
  const first = parts[0].data[j];
  const n0 = parts[0].rowCount;
  if (first.type === 'number') {
    let values = first.values;
    if (values.length < rows) {
      values = new Float64Array(rows);
      values.set(first.values.subarray(0, n0));
    }
    const invalid = first.invalid;
    let base = n0;
    for (let i = 1; i < parts.length; i++) {
      const p = parts[i];
      const col = p.data[j];
      if (col.type !== 'number') throw new Error('Parts disagree on column types.');
      values.set(col.values.subarray(0, p.rowCount), base);
      for (const [r, raw] of col.invalid) invalid.set(r + base, raw);
      base += p.rowCount;
    }
    for (const p of parts) p.data[j] = EMPTY_NUMBER;
    return { type: 'number', values: fitTo(values, rows), invalid };
  }
  let codes = first.codes;
  if (codes.length < rows) {
    codes = new Int32Array(rows);
    codes.set(first.codes.subarray(0, n0));
  }
  let distinct = 0;
  for (const p of parts) {
    const col = p.data[j];
    if (col.type === 'number') throw new Error('Parts disagree on column types.');
    distinct += col.dict.length;
  }
  // Few distinct values: one dictionary, with the codes of the first appearance (as readCsv);
  // else the dictionaries are appended (a dictionary may hold repeats).
  const index = distinct <= REMAP_MAX ? new Map<string, number>() : null;
  let dict = first.dict;
  if (index !== null) {
    dict = [];
    const map = remap(first.dict, index, dict);
    if (map !== null) {
      for (let r = 0; r < n0; r++) if (codes[r] >= 0) codes[r] = map[codes[r]];
    }
  }
  let base = n0;
  for (let i = 1; i < parts.length; i++) {
    const p = parts[i];
    const col = p.data[j];
    if (col.type === 'number') continue;
    const n = p.rowCount;
    const from = col.codes;
    const map = index !== null ? remap(col.dict, index, dict) : null;
    if (map !== null) {
      for (let r = 0; r < n; r++) {
        const c = from[r];
        codes[base + r] = c < 0 ? -1 : map[c];
      }
    } else {
      const offset = dict.length;
      dict = dict.concat(col.dict); // (native: much faster than a push per value)
      for (let r = 0; r < n; r++) {
        const c = from[r];
        codes[base + r] = c < 0 ? -1 : c + offset;
      }
    }
    base += n;
  }
  for (const p of parts) p.data[j] = EMPTY_NUMBER;
  return { type: first.type, codes: fitTo(codes, rows), dict };
}

/** Codes in `dict` (added to, as `index` says) for the values of `from`; null when unchanged. */
function remap(from: string[], index: Map<string, number>, dict: string[]): Int32Array | null {
  const map = new Int32Array(from.length);
  let same = true;
  for (let c = 0; c < from.length; c++) {
    const s = from[c];
    let code = index.get(s);
    if (code === undefined) {
      code = dict.length;
      index.set(s, code);
      dict.push(s);
    }
    map[c] = code;
    if (code !== c) same = false;
  }
  return same ? null : map;
}

/** The first `length` items: a view when little would be wasted, else a copy (as fit()). */
function fitTo<T extends Int32Array | Float64Array>(a: T, length: number): T {
  if (a.length === length) return a;
  return (a.length - length <= a.length >> 4 ? a.subarray(0, length) : a.slice(0, length)) as T;
}

const EMPTY_NUMBER: ColumnData = {
  type: 'number',
  values: new Float64Array(0),
  invalid: new Map(),
};
