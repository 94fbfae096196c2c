// Reading a CSV with known column types on WebAssembly (src/wasm/csv-table.ts): the same bytes
// in and the same columns, issues and counts out as CsvScanner + CsvTableSink with a schema.
// The kernel scans, parses numbers and dictionary-encodes text in its own memory; this class
// copies each batch of rows into the typed columns, decodes the dictionaries' blocks, and
// handles the rare cells (and every message) with table-sink.ts's rules. The tests run both on
// the same files and ask for equal tables.
//
// Only the parallel reader's parts use it (parseCsvPart): the column types come from the head
// that planCsv read, so the kernel never sees a header or a type guess.

import { IssueCollector } from '../../issues';
import type { ColumnData, ColumnMeta } from '../../table/types';
import {
  KernelInput,
  type KernelFactory,
  type ScanExports,
  type WasmGlobal,
} from '../../wasm-kernel';
import { parseNumber } from '../../table/infer';
import { fit } from './byte-dict';
import { fieldString } from './fields';
import {
  badNumberIssue,
  grownRows,
  initialRows,
  invalidUtf8Issue,
  raggedIssue,
  resizeColumns,
  tooManyCells,
} from './table-sink';
import { unpackText, type PackedText } from './text-blocks';

export type { KernelFactory } from '../../wasm-kernel';

interface CsvKernelExports extends ScanExports {
  init(delimiter: number, comma: number, columns: number, skip: number): number;
  ready(): void;
  finish(): void;
  numbersPtr(): number;
  codesPtr(): number;
  BATCH: WasmGlobal;
  row: WasmGlobal;
  skip: WasmGlobal;
  unclosedQuoteRow: WasmGlobal;
}

export interface CsvKernelOptions {
  columns: ColumnMeta[];
  delimiter: string;
  decimalComma: boolean;
  /** Records skipped first (the header rows when the part starts the data). */
  skip: number;
  maxCells: number;
  /** Bytes the columns are sized for, and the head's bytes per record. */
  totalBytes: number;
  bytesPerRecord: number;
  /** Text columns' dictionaries are left packed (`packed`), their `dict` empty. */
  packText?: boolean;
}

const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/** Streams CSV bytes through the table kernel. push() per chunk, then finish(). */
export class CsvTableKernel {
  readonly issues = new IssueCollector();
  rowCount = 0;
  private readonly x: CsvKernelExports;
  private readonly input: KernelInput;
  private readonly ncol: number;
  /** Fields a record should have: the header's. */
  private readonly headerFields: number;
  private readonly batch: number;
  private readonly isNumber: Uint8Array;
  private readonly maxRows: number;
  private capacity: number;
  private readonly values: Float64Array<ArrayBuffer>[] = [];
  private readonly codes: Int32Array<ArrayBuffer>[] = [];
  private readonly invalid: Map<number, string>[] = [];
  private readonly texts: PackedText[] = [];
  private utf8Reported = false;
  /** With `packText`: each text column's dictionary, set by finishColumns(). */
  readonly packed: (PackedText | null)[] = [];

  constructor(
    factory: KernelFactory,
    private readonly options: CsvKernelOptions,
  ) {
    const { columns } = options;
    const ncol = (this.ncol = columns.length);
    this.headerFields = columns.reduce((a, c) => Math.max(a, c.index + 1), 0);
    this.x = factory({
      slowNumber: this.slowNumber.bind(this),
      ragged: this.ragged.bind(this),
      rows: this.rows.bind(this),
      text: this.text.bind(this),
      invalidUtf8: this.invalidUtf8.bind(this),
      abort: () => {
        throw new Error('The CSV kernel failed.');
      },
    }) as CsvKernelExports;
    const x = this.x;
    const config = x.init(
      options.delimiter.charCodeAt(0),
      options.decimalComma ? 1 : 0,
      ncol,
      options.skip,
    );
    this.isNumber = Uint8Array.from(columns, (c) => (c.type === 'number' ? 1 : 0));
    const spec = new Int32Array(x.memory.buffer, config, 2 * ncol);
    columns.forEach((c, j) => {
      spec[j] = c.index;
      spec[ncol + j] = this.isNumber[j];
    });
    x.ready();
    this.batch = x.BATCH.value as number;
    this.input = new KernelInput(x);
    this.maxRows = Math.floor(options.maxCells / Math.max(1, ncol));
    this.capacity = initialRows(options.totalBytes, options.bytesPerRecord, ncol, this.maxRows);
    for (let j = 0; j < ncol; j++) {
      const number = this.isNumber[j] === 1;
      this.values.push(new Float64Array(number ? this.capacity : 0));
      this.codes.push(new Int32Array(number ? 0 : this.capacity));
      this.invalid.push(new Map());
      this.texts.push([]);
    }
  }

  /** Records seen so far, blank lines included. */
  get row(): number {
    return this.x.row.value as number;
  }
  get unclosedQuoteRow(): number {
    return this.x.unclosedQuoteRow.value as number;
  }
  /** Header records still to skip (the part ended first). */
  get skip(): number {
    return this.x.skip.value as number;
  }

  private mem(): Uint8Array {
    return this.input.mem();
  }

  /** Scans one chunk. The chunk is copied and not kept. */
  push(chunk: Uint8Array): void {
    this.input.push(chunk);
  }

  /** Ends the input: the last record needs no line end; hands over the last rows and text. */
  finish(): void {
    this.input.finish();
    this.x.finish();
  }

  /** A batch of `n` rows is ready: copied into the columns. */
  private rows(n: number): void {
    const r = this.rowCount;
    if (r + n > this.capacity) this.grow(r + n);
    const buf = this.x.memory.buffer;
    const batch = this.batch;
    const numbers = this.x.numbersPtr();
    const codes = this.x.codesPtr();
    for (let j = 0; j < this.ncol; j++) {
      if (this.isNumber[j] === 1) {
        this.values[j].set(new Float64Array(buf, numbers + 8 * j * batch, n), r);
      } else {
        this.codes[j].set(new Int32Array(buf, codes + 4 * j * batch, n), r);
      }
    }
    this.rowCount = r + n;
  }

  private grow(need: number): void {
    if (need > this.maxRows) throw tooManyCells(this.options.maxCells, this.ncol);
    let size = this.capacity;
    while (size < need) size = grownRows(size, this.maxRows);
    resizeColumns(this.values, this.codes, this.isNumber, size);
    this.capacity = size;
  }

  /** Column j's next distinct values: a block separated by 0x00, or one value (`alone`). */
  private text(j: number, ptr: number, len: number, alone: number): void {
    const bytes = this.mem().subarray(ptr, ptr + len);
    if (alone === 1) this.texts[j].push([utf8.decode(bytes)]);
    else if (this.options.packText) this.texts[j].push(bytes.slice());
    else this.texts[j].push(utf8.decode(bytes).split('\0'));
  }

  /** A number cell the kernel declined (as CsvTableSink.slowNumber). */
  private slowNumber(
    j: number,
    r: number,
    row: number,
    s: number,
    e: number,
    flag: number,
  ): number {
    const at = this.x.inputBuffer(0);
    const text = fieldString(this.mem(), at + s, at + e, flag);
    const v = parseNumber(text, this.options.decimalComma);
    if (v === v || text.trim() === '') return v;
    if (text.includes('\uFFFD')) this.invalidUtf8(row);
    this.invalid[j].set(r, text);
    this.issues.add(badNumberIssue(row, this.options.columns[j].name, text));
    return NaN;
  }

  private ragged(count: number, row: number): void {
    this.issues.add(raggedIssue(row, count, this.headerFields));
  }

  private invalidUtf8(row: number): void {
    if (this.utf8Reported) return;
    this.utf8Reported = true;
    this.issues.add(invalidUtf8Issue(row));
  }

  /**
   * The finished columns. Unless `fitted`, the arrays are left at their capacity (longer than
   * rowCount), for more rows to be copied in.
   */
  finishColumns(fitted = true): ColumnData[] {
    const rows = this.rowCount;
    const size = <T extends Int32Array<ArrayBuffer> | Float64Array<ArrayBuffer>>(a: T): T =>
      fitted ? fit(a, rows) : a;
    return this.options.columns.map((col, j): ColumnData => {
      if (this.isNumber[j] === 1) {
        return { type: 'number', values: size(this.values[j]), invalid: this.invalid[j] };
      }
      const text = this.texts[j];
      this.texts[j] = [];
      const type = col.type === 'number' ? 'text' : col.type;
      if (this.options.packText) {
        this.packed[j] = text;
        return { type, codes: size(this.codes[j]), dict: [] };
      }
      return { type, codes: size(this.codes[j]), dict: unpackText(text) };
    });
  }
}
