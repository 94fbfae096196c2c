// A person query read as a stream on several threads: how a zipped query is aggregated while it
// is inflated (workers/person-query.ts). One thread inflates and cuts the text into the ranges
// an unzipped read of the same text uses (RangeCutter); part k is fed to thread k as it comes
// out, and the parts' sums are merged as the unzipped read merges them (mergePartials), so the
// result is the same to the last bit (sums added in another order would differ in their last
// bits, and a mean on a quartile's edge would change bins).
//
// A cut is only right when the line feed ended a record; one inside a quoted field (a line
// break in a value) breaks the part, and the caller reads the query in one piece instead.

import { CUT_WINDOW } from '../read/csv/parallel';
import type { KernelFactory } from './kernel';
import { personQueryPass, type PersonQueryPass } from './pass';
import type { AggregateSpec, PartialMeans } from './types';

const LF = 0x0a;

/** Where one part ended in a thread's pass. */
export interface BatchMark {
  /** Records the pass had seen at the batch's end (blank lines included). */
  row: number;
  /** People the pass had met at the batch's end. */
  people: number;
}

/** What a thread gives back: its sums (`lines` = its records, to number later parts' rows). */
export interface StreamPartResult {
  partial: PartialMeans;
  marks: BatchMark[];
  /** A batch ended inside a quoted field: the sums are wrong, read in one piece. */
  broken: boolean;
}

/**
 * One thread's side: batches pushed in turn, `mark()` after each. The thread that gets batch 0
 * is `first` (it skips the BOM and the header rows). Once broken, further bytes are ignored.
 */
export class StreamPart {
  private readonly pass: PersonQueryPass;
  private readonly marks: BatchMark[] = [];
  private bom: boolean;
  private bytesIn = 0;
  broken = false;

  constructor(spec: AggregateSpec, first: boolean, kernel: KernelFactory | null = null) {
    this.pass = personQueryPass(first ? spec : { ...spec, headerRows: 0 }, kernel);
    this.bom = first;
  }

  /** Data rows read so far. */
  get rows(): number {
    return this.pass.rows;
  }
  /** Bytes pushed so far. */
  get bytes(): number {
    return this.bytesIn;
  }

  /** Reads one chunk of the current batch (it may be reused once push() returns). */
  push(chunk: Uint8Array): void {
    this.bytesIn += chunk.length;
    if (this.broken) return;
    if (this.bom) {
      if (chunk.length === 0) return;
      this.bom = false;
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
    }
    this.pass.push(chunk);
  }

  /**
   * The current batch is complete; false when it ended inside a record (the part broke). The
   * file's `last` batch may end inside its last record (no line end at the end of the file).
   */
  mark(last = false): boolean {
    if (!last && !this.broken && !this.pass.atRecordStart()) this.broken = true;
    this.marks.push({ row: this.pass.row, people: this.pass.people });
    return !this.broken;
  }

  /** Ends the pass (after the last batch's mark). */
  end(): StreamPartResult {
    if (!this.broken) this.pass.finish();
    // The last batch of the file may end without a line end: its mark moves to the true end.
    const last = this.marks.at(-1);
    if (last) {
      last.row = this.pass.row;
      last.people = this.pass.people;
    }
    return {
      partial: this.pass.partial(this.pass.row),
      marks: this.marks,
      broken: this.broken || this.pass.unclosedQuoteRow > 0,
    };
  }
}

/**
 * Cuts a stream of text of `size` bytes into the ranges `cutRanges` (src/lib/read/csv/parallel.ts)
 * cuts the same text into when it is a file: the same weights, each cut just after the first
 * line feed within CUT_WINDOW of its target. Same ranges, same sums added in the same order:
 * a zipped query gives exactly the result of the same CSV unzipped, to the last bit.
 * `send(chunk, part)` gets every byte once, in order; `close(part, last)` ends a part.
 */
export class RangeCutter {
  private readonly targets: number[] = [];
  private part = 0;
  private pos = 0;
  private lastCut = 0;
  private inPart = 0;

  constructor(
    private readonly size: number,
    weights: readonly number[],
    /** `shared`: the chunk's buffer still holds text of the next part (do not move it). */
    private readonly send: (
      chunk: Uint8Array,
      part: number,
      shared: boolean,
    ) => void | Promise<void>,
    private readonly close: (part: number, last: boolean) => void | Promise<void>,
  ) {
    const total = weights.reduce((a, b) => a + b, 0);
    let sum = 0;
    for (let i = 0; i < weights.length - 1; i++) {
      sum += weights[i];
      this.targets.push(Math.floor((size * sum) / total));
    }
  }

  /** Parts started so far. */
  get parts(): number {
    return this.inPart > 0 ? this.part + 1 : this.part;
  }

  async push(chunk: Uint8Array): Promise<void> {
    while (chunk.length > 0) {
      const end = this.pos + chunk.length;
      // No cut for a target whose window lies wholly behind (no line feed in it), nor for one
      // before the last cut (its first line feed is that cut's or an earlier one).
      while (
        this.targets.length > 0 &&
        (this.targets[0] + CUT_WINDOW <= this.pos || this.targets[0] < this.lastCut)
      ) {
        this.targets.shift();
      }
      const t = this.targets[0];
      if (t === undefined || t >= end) break;
      const from = Math.max(0, t - this.pos);
      const to = Math.min(chunk.length, t + CUT_WINDOW - this.pos);
      const lf = chunk.subarray(from, to).indexOf(LF);
      if (lf < 0) {
        if (t + CUT_WINDOW <= end) this.targets.shift();
        break;
      }
      const cut = from + lf + 1;
      this.targets.shift();
      // A cut at the very end of the text is no cut (as cutRanges keeps cuts < size).
      if (this.pos + cut >= this.size) break;
      await this.send(chunk.subarray(0, cut), this.part, true);
      await this.close(this.part, false);
      this.part++;
      this.inPart = 0;
      this.pos += cut;
      this.lastCut = this.pos;
      chunk = chunk.subarray(cut);
    }
    if (chunk.length === 0) return;
    this.pos += chunk.length;
    this.inPart += chunk.length;
    await this.send(chunk, this.part, false);
  }

  /** Ends the text: closes the last part. */
  async end(): Promise<void> {
    if (this.inPart > 0) {
      await this.close(this.part, true);
      this.part++;
      this.inPart = 0;
    }
  }
}
