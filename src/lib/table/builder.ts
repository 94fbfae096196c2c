import type { ColumnData, ColumnType } from './types';

/** Growable Float64Array; NaN = blank. */
export class NumberBuilder {
  values = new Float64Array(1024);
  length = 0;
  readonly invalid = new Map<number, string>();

  push(n: number): void {
    if (this.length === this.values.length) this.grow();
    this.values[this.length++] = n;
  }

  /** A non-blank cell that is not a number: stored as NaN, original text kept. */
  pushInvalid(raw: string): void {
    this.invalid.set(this.length, raw);
    this.push(NaN);
  }

  private grow(): void {
    const next = new Float64Array(this.values.length * 2);
    next.set(this.values);
    this.values = next;
  }

  finish(rowCount: number): ColumnData {
    while (this.length < rowCount) this.push(NaN);
    return { type: 'number', values: this.values.slice(0, rowCount), invalid: this.invalid };
  }
}

/** Dictionary-encoded text; code -1 = blank. Repeated values are stored once. */
export class TextBuilder {
  codes = new Int32Array(1024);
  length = 0;
  readonly dict: string[] = [];
  private readonly lookup = new Map<string, number>();

  constructor(public type: Exclude<ColumnType, 'number'> = 'text') {}

  push(s: string): void {
    if (s === '') return this.pushCode(-1);
    let code = this.lookup.get(s);
    if (code === undefined) {
      code = this.dict.length;
      this.dict.push(s);
      this.lookup.set(s, code);
    }
    this.pushCode(code);
  }

  pushCode(code: number): void {
    if (this.length === this.codes.length) {
      const next = new Int32Array(this.codes.length * 2);
      next.set(this.codes);
      this.codes = next;
    }
    this.codes[this.length++] = code;
  }

  finish(rowCount: number): ColumnData {
    while (this.length < rowCount) this.pushCode(-1);
    return { type: this.type, codes: this.codes.slice(0, rowCount), dict: this.dict };
  }
}

export type ColumnBuilder = NumberBuilder | TextBuilder;
