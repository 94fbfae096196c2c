// Turns scanned records into a Table. The first records are kept (see head.ts) until there are
// enough to detect the layout and column types; then they are replayed, and every later record
// goes straight from bytes into typed columns.
//
// Why the columns are plain arrays indexed by one shared row number instead of builder objects:
// build() runs once per record and its loop once per cell; every record fills every column,
// so one capacity check per record replaces a length check and update per cell.

import { TooLargeError } from '../../errors';
import { IssueCollector, type Issue } from '../../issues';
import { parseNumber } from '../../table/infer';
import type { Layout } from '../../table/layout';
import type { ColumnData, ColumnMeta, FileKind } from '../../table/types';
import type { HeadPreview } from '../types';
import { ByteDict, fit } from './byte-dict';
import { FIELD_PLAIN, fieldString, parseNumberBytes, scratchBuffer, unescapeField } from './fields';
import { analyzeHead, HeadCollector } from './head';
import type { PackedText } from './text-blocks';
import type { RecordSink } from './scanner';

/** Data rows sent in the head preview. */
const PREVIEW_ROWS = 100;

const NO_NUMBERS = new Float64Array(0);
const NO_CODES = new Int32Array(0);
const NO_DICT = new ByteDict();

export interface TableSinkOptions {
  kind: FileKind;
  delimiter: string;
  maxCells: number;
  /** Size of the file in bytes, to size the columns up front (0 = unknown). */
  totalBytes: number;
  onHead?: (h: HeadPreview) => void;
  /** Only detects the layout and types (and sends the head): no column is built. */
  headOnly?: boolean;
  /** The layout and types, already known: every record is built (after `skip` ones). */
  schema?: SinkSchema;
  /** Text columns' dictionaries are left packed (`packed`), their `dict` empty. */
  packText?: boolean;
}

/** What the head decided, for reading a part of a file without its head (see parallel.ts). */
export interface SinkSchema {
  columns: ColumnMeta[];
  decimalComma: boolean;
  /** Records skipped first: the header rows when the part starts the data, else 0. */
  skip: number;
  /** Bytes per record in the head, to size the columns. */
  bytesPerRecord: number;
}

/** Collects the head, then builds columns from bytes. Call end() after the scanner finishes. */
export class CsvTableSink implements RecordSink {
  readonly issues = new IssueCollector();
  layout: Layout | null = null;
  columns: ColumnMeta[] = [];
  decimalComma = false;
  rowCount = 0;
  private head: HeadCollector | null = new HeadCollector();
  private ncol = 0;
  private capacity = 0;
  private maxRows = Infinity;
  /** 1 = number column, 0 = text column. */
  private isNumber = new Uint8Array(0);
  /** Column j holds field fieldOf[j] of each record (its ColumnMeta.index). */
  private fieldOf = new Int32Array(0);
  private headerFields = 0;
  private values: Float64Array<ArrayBuffer>[] = [];
  private invalid: Map<number, string>[] = [];
  private codes: Int32Array<ArrayBuffer>[] = [];
  private dicts: ByteDict[] = [];
  private currentRow = 0;
  private invalidUtf8Reported = false;
  /** Records still to skip before building (Infinity: head only, nothing is built). */
  skip = 0;
  /** With `packText`: each text column's dictionary, set by finishColumns(). */
  readonly packed: (PackedText | null)[] = [];
  /** Bytes per record in the head (set once the head is analysed). */
  bytesPerRecord = 0;

  constructor(private readonly options: TableSinkOptions) {
    const schema = options.schema;
    if (schema) {
      this.head = null;
      this.skip = schema.skip;
      this.setup(schema.columns, schema.decimalComma, schema.bytesPerRecord);
    }
  }

  record(
    buf: Uint8Array,
    starts: Int32Array,
    ends: Int32Array,
    flags: Uint8Array,
    count: number,
    row: number,
  ): void {
    if (this.head === null) {
      if (this.skip === 0) this.build(buf, starts, ends, flags, count, row);
      else this.skip--;
    } else if (this.head.add(buf, starts, ends, flags, count, row)) this.startBuilding();
  }

  /** Finishes after the last record: builds the head if the file was short. */
  end(): void {
    if (this.head !== null) this.startBuilding();
  }

  /** Detects layout and types from the head, sends the preview and builds the head rows. */
  private startBuilding(): void {
    const head = this.head!;
    this.head = null;
    const { layout, columns, decimalComma, data } = analyzeHead(
      head.records.map((r) => r.strings),
      this.options.kind,
      this.options.delimiter,
    );
    this.layout = layout;
    this.bytesPerRecord = head.bytes / Math.max(1, head.records.length);
    if (this.options.headOnly) {
      this.columns = columns;
      this.decimalComma = decimalComma;
      this.skip = Infinity;
    } else this.setup(columns, decimalComma, this.bytesPerRecord);
    this.options.onHead?.({
      columns,
      rows: data.slice(0, PREVIEW_ROWS).map((r) => columns.map((c) => r[c.index] ?? '')),
    });
    if (this.options.headOnly) return;
    for (const r of head.records.slice(layout.headerRows)) {
      this.build(r.bytes, r.starts, r.ends, r.flags, r.flags.length, r.row);
    }
  }

  /** Sets the column types and allocates the columns. */
  private setup(columns: ColumnMeta[], decimalComma: boolean, perRecord: number): void {
    this.columns = columns;
    this.decimalComma = decimalComma;
    const ncol = (this.ncol = columns.length);
    this.maxRows = Math.floor(this.options.maxCells / Math.max(1, ncol));
    this.fieldOf = Int32Array.from(columns, (c) => c.index);
    this.headerFields = this.fieldOf.reduce((a, b) => Math.max(a, b + 1), 0);
    this.isNumber = Uint8Array.from(columns, (c) => (c.type === 'number' ? 1 : 0));
    this.capacity = initialRows(this.options.totalBytes, perRecord, ncol, this.maxRows);
    for (const col of columns) {
      const number = col.type === 'number';
      this.values.push(number ? new Float64Array(this.capacity) : NO_NUMBERS);
      this.invalid.push(new Map());
      this.codes.push(number ? NO_CODES : new Int32Array(this.capacity));
      this.dicts.push(number ? NO_DICT : new ByteDict(this.onInvalid, this.options.packText));
    }
  }

  private build(
    buf: Uint8Array,
    starts: Int32Array,
    ends: Int32Array,
    flags: Uint8Array,
    count: number,
    row: number,
  ): void {
    const r = this.rowCount++;
    if (r >= this.capacity) this.grow();
    this.currentRow = row;
    if (count !== this.headerFields) this.ragged(count, row);
    const ncol = this.ncol;
    const isNumber = this.isNumber;
    const fieldOf = this.fieldOf;
    const values = this.values;
    const codes = this.codes;
    const dicts = this.dicts;
    const decimalComma = this.decimalComma;
    for (let j = 0; j < ncol; j++) {
      const f = fieldOf[j];
      const s = f < count ? starts[f] : 0;
      const e = f < count ? ends[f] : 0;
      if (isNumber[j] === 1) {
        let v = NaN;
        if (s !== e) {
          if (flags[f] === FIELD_PLAIN) v = parseNumberBytes(buf, s, e, decimalComma);
          if (v !== v) v = this.slowNumber(buf, s, e, flags[f], j, r, row);
        }
        values[j][r] = v;
      } else if (s === e) {
        codes[j][r] = -1;
      } else if (flags[f] === FIELD_PLAIN) {
        codes[j][r] = dicts[j].intern(buf, s, e);
      } else {
        const out = scratchBuffer(e - s);
        const len = unescapeField(buf, s, e, flags[f], out);
        codes[j][r] = len === 0 ? -1 : dicts[j].intern(out, 0, len);
      }
    }
  }

  private grow(): void {
    if (this.rowCount > this.maxRows) this.tooLarge();
    const size = grownRows(this.capacity, this.maxRows);
    resizeColumns(this.values, this.codes, this.isNumber, size);
    this.capacity = size;
  }

  /** Numbers the byte reader declined: NaN for blanks; unparsable text is kept and reported. */
  private slowNumber(
    buf: Uint8Array,
    s: number,
    e: number,
    flag: number,
    j: number,
    r: number,
    row: number,
  ): number {
    const text = fieldString(buf, s, e, flag);
    const v = parseNumber(text, this.decimalComma);
    if (v === v || text.trim() === '') return v;
    if (text.includes('\uFFFD')) this.onInvalid();
    this.invalid[j].set(r, text);
    this.issues.add(badNumberIssue(row, this.columns[j].name, text));
    return NaN;
  }

  private readonly onInvalid = (): void => {
    if (this.invalidUtf8Reported) return;
    this.invalidUtf8Reported = true;
    const row = this.currentRow;
    this.issues.add(invalidUtf8Issue(row));
  };

  private ragged(count: number, row: number): void {
    this.issues.add(raggedIssue(row, count, this.headerFields));
  }

  private tooLarge(): never {
    throw tooManyCells(this.options.maxCells, this.ncol);
  }

  /**
   * The finished columns; interning tables are released. Unless `fitted`, the arrays are left
   * at their capacity (longer than rowCount), for more rows to be copied in.
   */
  finishColumns(fitted = true): ColumnData[] {
    const rows = this.rowCount;
    const size = <T extends Int32Array<ArrayBuffer> | Float64Array<ArrayBuffer>>(a: T): T =>
      fitted ? fit(a, rows) : a;
    return this.columns.map((col, j): ColumnData => {
      if (this.isNumber[j] === 1) {
        return { type: 'number', values: size(this.values[j]), invalid: this.invalid[j] };
      }
      const type = col.type === 'number' ? 'text' : col.type;
      if (this.options.packText) {
        this.packed[j] = this.dicts[j].finishPacked();
        return { type, codes: size(this.codes[j]), dict: [] };
      }
      return { type, codes: size(this.codes[j]), dict: this.dicts[j].finish() };
    });
  }
}

/**
 * Rows the columns are first sized for: from the file size and the head's bytes per record, so
 * they rarely regrow; at most 64M cells up front, in case the head is not typical.
 */
export function initialRows(
  totalBytes: number,
  perRecord: number,
  ncol: number,
  maxRows: number,
): number {
  const estimate = Math.ceil((totalBytes / Math.max(1, perRecord)) * 1.05) + 16;
  const upFront = Math.min(estimate || 0, Math.floor(2 ** 26 / Math.max(1, ncol)));
  return Math.min(Math.max(1024, upFront), maxRows);
}

/**
 * Moves each column into arrays of `size` rows: a number column's values (`isNumber[j]` 1), a
 * text column's codes.
 */
export function resizeColumns(
  values: Float64Array<ArrayBuffer>[],
  codes: Int32Array<ArrayBuffer>[],
  isNumber: Uint8Array,
  size: number,
): void {
  for (let j = 0; j < isNumber.length; j++) {
    if (isNumber[j] === 1) {
      const next = new Float64Array(size);
      next.set(values[j]);
      values[j] = next;
    } else {
      const next = new Int32Array(size);
      next.set(codes[j]);
      codes[j] = next;
    }
  }
}

/** Rows the columns grow to when `capacity` is full. */
export function grownRows(capacity: number, maxRows: number): number {
  return Math.min(Math.max(1024, capacity * 2), maxRows);
}

/** A number column's cell that is not a number: kept as text, left out of calculations. */
export function badNumberIssue(row: number, column: string, text: string): Issue {
  return {
    row,
    column,
    code: 'bad-number',
    message: `Row ${row}, column "${column}": "${text}" is not a number. It is kept as text and left out of calculations.`,
  };
}

/** Bytes that are not UTF-8 (reported once per file, at the first row holding some). */
export function invalidUtf8Issue(row: number): Issue {
  return {
    row,
    column: null,
    code: 'invalid-utf8',
    message: `Row ${row} contains bytes that are not valid UTF-8; they are shown as \uFFFD. Save the file as 'CSV UTF-8' to keep every character.`,
  };
}

/** A record with `count` fields where the header has `n`. */
export function raggedIssue(row: number, count: number, n: number): Issue {
  const extra = count - n;
  const message =
    extra < 0
      ? `Row ${row} has ${count} fields; the header has ${n}. Missing cells are left blank.`
      : `Row ${row} has ${count} fields; the header has ${n}. The ${extra} extra ${extra === 1 ? 'cell was' : 'cells were'} dropped.`;
  return { row, column: null, code: 'ragged-row', message };
}

/** The error for a table over `maxCells` cells. */
export function tooManyCells(maxCells: number, ncol: number): TooLargeError {
  const cap = maxCells.toLocaleString('en-US');
  const rows = Math.floor(maxCells / Math.max(1, ncol)).toLocaleString('en-US');
  return new TooLargeError(
    `This file has more than ${cap} cells (${ncol} columns), the most this app can hold; it stopped after reading ${rows} rows. Remove columns or rows you do not need, or split the file, and try again.`,
  );
}
