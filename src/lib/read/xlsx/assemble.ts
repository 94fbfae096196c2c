// Turns a stream of spreadsheet cells into a Table. Both the streaming xlsx scanner and the
// SheetJS fallback feed it, so layout detection, type inference and column building are the
// same for every workbook kind. The first rows are buffered until the layout and the column
// types are known; after that cells go straight into the column builders. Longer than most
// modules: it is the per-cell entry point of every workbook reader, kept in one class so that
// the hot calls stay monomorphic.
import { IssueCollector, type Issue } from '../../issues';
import { NumberBuilder, TextBuilder, type ColumnBuilder } from '../../table/builder';
import { parseNumber } from '../../table/infer';
import { refineTable } from '../../table/refine';
import type { ColumnMeta, FileKind, FormatInfo, Table } from '../../table/types';
import type { ReadCallbacks } from '../types';
import {
  bufferedText,
  HEAD_ROWS,
  planColumns,
  PREVIEW_ROWS,
  SAMPLE_ROWS,
  type Cell,
} from './head-sample';

/** Where the table comes from and how to report it. */
export interface AssembleOptions {
  tableName: string;
  sheet: string;
  kind: FileKind;
  /** Shared strings, for sst(); null when the reader resolves strings itself. */
  sst: string[] | null;
  callbacks?: ReadCallbacks;
  notes?: string[];
}

/** Collects cells row by row (rows in increasing order) and builds the Table. */
export class SheetAssembler {
  private buffering = true;
  private headSent = false;
  private readonly buffered: Cell[][] = [];
  /** Excel row of the first row holding a value (leading blank rows are skipped); 0 = none yet. */
  private firstRow = 0;
  private excelRow = 0;
  private dataRow = -1;
  private lastDataRow = -1;
  private dataBase = 0;
  private headerRows = 0;
  private columns: ColumnMeta[] = [];
  private builders: ColumnBuilder[] = [];
  private numeric: boolean[] = [];
  /** Shared-string index -> the column whose dictionary code is cached (-1: none), and the code. */
  private sstCol = new Int32Array(0);
  private sstCode = new Int32Array(0);
  private readonly issues = new IssueCollector();
  private readonly pendingErrors: { row: number; col: number; text: string }[] = [];
  private layoutIssues: Issue[] = [];
  private source: FormatInfo['source'] = 'plain';
  private notes: string[] = [];

  constructor(private readonly opts: AssembleOptions) {}

  /** Data rows read so far, for progress (estimated as all but one while buffering). */
  get rows(): number {
    return this.buffering ? Math.max(0, this.buffered.length - 1) : this.lastDataRow + 1;
  }

  /** Starts Excel row `r` (1-based). */
  row(r: number): void {
    this.excelRow = r;
    this.dataRow = r - this.dataBase;
  }

  /** A numeric cell. */
  num(col: number, n: number): void {
    if (this.buffering && this.store(col, n)) return;
    const b = this.builderAt(col);
    if (b === null) return;
    if (this.numeric[col]) (b as NumberBuilder).push(n);
    else (b as TextBuilder).push(String(n));
  }

  /** A text cell (strings, booleans as TRUE/FALSE, dates as ISO text). */
  str(col: number, s: string): void {
    if (this.buffering && this.store(col, s)) return;
    const b = this.builderAt(col);
    if (b === null) return;
    if (this.numeric[col]) this.pushNumberText(b as NumberBuilder, col, s);
    else (b as TextBuilder).push(s);
  }

  /** A shared-string cell by index; text columns cache index -> dictionary code. */
  sst(col: number, index: number): void {
    const s = (this.opts.sst as string[])[index] ?? '';
    if (this.buffering && this.store(col, s)) return;
    const b = this.builderAt(col);
    if (b === null) return;
    if (this.numeric[col]) return this.pushNumberText(b as NumberBuilder, col, s);
    if (index >= this.sstCol.length) this.growSstCache(index);
    if (this.sstCol[index] === col) return (b as TextBuilder).pushCode(this.sstCode[index]);
    const tb = b as TextBuilder;
    tb.push(s);
    this.sstCol[index] = col;
    this.sstCode[index] = tb.codes[tb.length - 1];
  }

  // The table grows while the sheet is read, so the cache grows with it.
  private growSstCache(index: number): void {
    const size = Math.max(index + 1, this.sstCol.length * 2, 1024);
    const owner = new Int32Array(size).fill(-1);
    owner.set(this.sstCol);
    const code = new Int32Array(size);
    code.set(this.sstCode);
    this.sstCol = owner;
    this.sstCode = code;
  }

  /** A formula error (#N/A, #DIV/0!...): blank, reported as an issue. */
  error(col: number, text: string): void {
    if (this.buffering && this.store(col, undefined)) {
      this.pendingErrors.push({ row: this.excelRow, col, text });
      return;
    }
    if (this.builderAt(col) !== null) this.reportError(this.excelRow, col, text);
  }

  private reportError(row: number, col: number, text: string): void {
    const name = this.columns[col]?.name ?? `Column ${col + 1}`;
    this.issues.add({
      row,
      column: name,
      code: 'formula-error',
      message: `Row ${row}, "${name}": the formula shows ${text}; the cell is read as blank.`,
    });
  }

  private pushNumberText(b: NumberBuilder, col: number, s: string): void {
    const n = parseNumber(s);
    if (!Number.isNaN(n) || s.trim() === '') return b.push(n);
    b.pushInvalid(s);
    const name = this.columns[col].name;
    this.issues.add({
      row: this.excelRow,
      column: name,
      code: 'bad-number',
      message: `Row ${this.excelRow}, "${name}": "${s}" is not a number; it is kept as text but left out of calculations.`,
    });
  }

  /** The builder for a cell of the current row, padded to the row; null for a duplicate cell. */
  private builderAt(col: number): ColumnBuilder | null {
    const b = this.builders[col] ?? this.extend(col);
    const i = this.dataRow;
    if (b.length > i || i < 0) return null;
    while (b.length < i) {
      if (b instanceof NumberBuilder) b.push(NaN);
      else b.pushCode(-1);
    }
    this.lastDataRow = i;
    return b;
  }

  /** Adds text columns up to `col` for cells right of every header. */
  private extend(col: number): ColumnBuilder {
    for (let j = this.columns.length; j <= col; j++) {
      const name = `Column ${j + 1}`;
      this.columns.push({ index: j, name, header: '', type: 'text' });
      this.builders.push(new TextBuilder('text'));
      this.numeric.push(false);
      this.issues.add({
        row: null,
        column: name,
        code: 'blank-header',
        message: `Column ${j + 1} has values but no header; it is shown as "${name}".`,
      });
    }
    return this.builders[col];
  }

  /**
   * Buffers a cell (undefined = an error cell, which still makes its row count). False when
   * the buffer is full: the layout is then resolved and the caller builds the cell itself.
   */
  private store(col: number, v: Cell): boolean {
    if (this.firstRow === 0) this.firstRow = this.excelRow;
    const idx = this.excelRow - this.firstRow;
    if (idx >= HEAD_ROWS + SAMPLE_ROWS) {
      this.resolve();
      return false;
    }
    if (idx >= HEAD_ROWS + PREVIEW_ROWS && !this.headSent && this.opts.callbacks?.onHead) {
      this.sendHead();
    }
    const row = (this.buffered[idx] ??= []);
    if (row[col] === undefined) row[col] = v;
    return true;
  }

  /** Sends onHead from the first PREVIEW_ROWS data rows (types from those rows only). */
  private sendHead(plan = planColumns(this.buffered, this.opts.kind, PREVIEW_ROWS)): void {
    this.headSent = true;
    const from = plan.layout.headerRows;
    this.opts.callbacks?.onHead?.({
      columns: plan.columns,
      rows: bufferedText(this.buffered, from, from + PREVIEW_ROWS, plan.width),
    });
  }

  /** Detects the layout and column types from the buffered rows, then flushes them. */
  private resolve(): void {
    this.buffering = false;
    const plan = planColumns(this.buffered, this.opts.kind, SAMPLE_ROWS);
    if (!this.headSent && this.opts.callbacks?.onHead) this.sendHead(plan);
    const { layout } = plan;
    this.headerRows = layout.headerRows;
    this.source = layout.source;
    this.notes = layout.notes;
    const shift = this.firstRow - 1;
    this.layoutIssues = layout.issues.map((i) =>
      i.row === null ? i : { ...i, row: i.row + shift },
    );
    this.columns = plan.columns.map((c) => ({ ...c }));
    this.builders = this.columns.map((c) =>
      c.type === 'number' ? new NumberBuilder() : new TextBuilder(c.type),
    );
    this.numeric = this.columns.map((c) => c.type === 'number');
    this.dataBase = this.firstRow + this.headerRows;
    const current = this.excelRow;
    for (const e of this.pendingErrors) this.reportError(e.row, e.col, e.text);
    const rows = this.buffered;
    for (let i = this.headerRows; i < rows.length; i++) {
      const r = rows[i];
      if (!r) continue;
      this.row(this.firstRow + i);
      for (let c = 0; c < r.length; c++) {
        const v = r[c];
        if (typeof v === 'number') this.num(c, v);
        else if (v !== undefined) this.str(c, v);
        else if (c in r) this.builderAt(c); // an error cell: the row still counts
      }
    }
    this.buffered.length = 0;
    this.row(current);
  }

  /** Finishes the columns and returns the table. */
  finish(): Table {
    if (this.buffering) this.resolve();
    const rowCount = this.lastDataRow + 1;
    const data = this.builders.map((b) => b.finish(rowCount));
    const issues = [...this.layoutIssues, ...this.issues.summarize()];
    if (this.columns.length === 0) {
      issues.push({
        row: null,
        column: null,
        code: 'empty-file',
        message: `The sheet "${this.opts.sheet}" is empty.`,
      });
    }
    return refineTable({
      name: this.opts.tableName,
      rowCount,
      columns: this.columns,
      data,
      format: {
        kind: this.opts.kind,
        source: this.source,
        headerRows: this.headerRows,
        sheet: this.opts.sheet,
        notes: [...this.notes, ...(this.opts.notes ?? [])],
      },
      issues,
    });
  }
}
