// One pass over a person query's bytes, whichever engine folds the records: the WebAssembly
// kernel when the caller can instantiate it, else the JavaScript scanner and aggregator.

import { CsvScanner } from '../read/csv/scanner';
import { PersonQueryAggregator } from './aggregate';
import { PersonQueryKernel, type KernelFactory } from './kernel';
import type { AggregateSpec, PartialMeans, PersonMeans } from './types';

export interface PersonQueryPass {
  /** Reads one chunk; it may be reused by the caller once push() returns. */
  push(chunk: Uint8Array): void;
  /** Ends the input (the last record may lack a line end). */
  finish(): void;
  /** Records seen so far, blank lines included. */
  readonly row: number;
  /** Data rows read so far. */
  readonly rows: number;
  /** Row where an unclosed quote opened (after finish()), or 0. */
  readonly unclosedQuoteRow: number;
  /** People met so far; person p (0-based) is the p-th met in the bytes pushed. */
  readonly people: number;
  /** Whether the bytes pushed so far end at the end of a record (not inside quotes). */
  atRecordStart(): boolean;
  partial(lines: number): PartialMeans;
  result(): PersonMeans;
}

class ScriptPass implements PersonQueryPass {
  private readonly agg: PersonQueryAggregator;
  private readonly scanner: CsvScanner;
  constructor(spec: AggregateSpec) {
    this.agg = new PersonQueryAggregator(spec);
    this.scanner = new CsvScanner(spec.delimiter.charCodeAt(0), this.agg);
  }
  push(chunk: Uint8Array): void {
    this.scanner.push(chunk);
  }
  finish(): void {
    this.scanner.finish();
  }
  get row(): number {
    return this.scanner.row;
  }
  get rows(): number {
    return this.agg.rows;
  }
  get unclosedQuoteRow(): number {
    return this.scanner.unclosedQuoteRow;
  }
  get people(): number {
    return this.agg.persons;
  }
  atRecordStart(): boolean {
    return this.scanner.atRecordStart;
  }
  partial(lines: number): PartialMeans {
    return this.agg.partial(lines);
  }
  result(): PersonMeans {
    return this.agg.result();
  }
}

/** A pass with the kernel when `kernel` is given (and instantiates), else in JavaScript. */
export function personQueryPass(
  spec: AggregateSpec,
  kernel: KernelFactory | null = null,
): PersonQueryPass {
  if (kernel !== null) {
    try {
      return new PersonQueryKernel(kernel, spec);
    } catch {
      // WebAssembly switched off or out of memory at the start: the slower path still works.
    }
  }
  return new ScriptPass(spec);
}
