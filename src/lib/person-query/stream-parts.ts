// A person query read as a stream on several threads: how a zipped query is aggregated while it
// is inflated (workers/person-query.ts). One thread inflates and cuts the text into batches at
// line feeds; batch k goes to thread k mod T, which folds all its batches into one pass (one
// set of sums, however many batches). What each thread notes at the end of each batch (rows
// and people so far) is enough to give back exactly what a read in file order gives: the
// people in order of first appearance, the rows of messages numbered in the file.
//
// A cut is only right when the line feed ended a record; one inside a quoted field (a line
// break in a value) breaks the part, and the caller reads the query in one piece instead.

import type { Issue } from '../issues';
import { mergePartials } from './aggregate';
import type { KernelFactory } from './kernel';
import { personQueryPass, type PersonQueryPass } from './pass';
import type { AggregateSpec, PartialMeans, PersonMeans } from './types';

const LF = 0x0a;

/** Where one batch ended in a thread's pass. */
export interface BatchMark {
  /** Records the pass had seen at the batch's end (blank lines included). */
  row: number;
  /** People the pass had met at the batch's end. */
  people: number;
}

/** What a thread gives back: its sums, and where each of its batches ended. */
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
 * Cuts a stream of text into batches of about `batchBytes`, each ending just after a line feed
 * (the last one at the end of the text). `send(chunk, batch)` gets every byte once, in order;
 * `close(batch, last)` closes a batch. A chunk is cut at most once, at its last line feed, so a
 * batch is a whole number of records as long as no line feed sits inside quotes.
 */
export class BatchCutter {
  private batch = 0;
  private inBatch = 0;

  constructor(
    private readonly batchBytes: number,
    private readonly send: (chunk: Uint8Array, batch: number) => void | Promise<void>,
    private readonly close: (batch: number, last: boolean) => void | Promise<void>,
  ) {}

  /** Batches started so far. */
  get batches(): number {
    return this.inBatch > 0 ? this.batch + 1 : this.batch;
  }

  async push(chunk: Uint8Array): Promise<void> {
    if (chunk.length === 0) return;
    if (this.inBatch + chunk.length < this.batchBytes) {
      this.inBatch += chunk.length;
      return this.send(chunk, this.batch);
    }
    const lf = chunk.lastIndexOf(LF);
    if (lf < 0) {
      // No line end in this chunk: the batch runs on.
      this.inBatch += chunk.length;
      return this.send(chunk, this.batch);
    }
    await this.send(chunk.subarray(0, lf + 1), this.batch);
    await this.close(this.batch, false);
    this.batch++;
    this.inBatch = chunk.length - lf - 1;
    if (this.inBatch > 0) await this.send(chunk.subarray(lf + 1), this.batch);
  }

  /**
   * Ends the text: closes the last batch (if it holds anything). A text that ends with a line
   * feed at a batch's end has its last batch closed already, as not the last: harmless, that
   * batch did end at a record's end.
   */
  async end(): Promise<void> {
    if (this.inBatch > 0) {
      await this.close(this.batch, true);
      this.batch++;
      this.inBatch = 0;
    }
  }
}

/**
 * Joins the threads' parts into what one read in file order gives: the same people in the
 * same order (of first appearance), the same sums and counts, messages numbered by file row.
 * `threadOf(k)` is the thread that read batch k; `batches` how many there were.
 * As with the parts of an unzipped read (mergePartials), a week repeated in two threads'
 * parts is reported and both rows count.
 */
export function mergeStreamParts(
  results: readonly StreamPartResult[],
  batches: number,
  threadOf: (batch: number) => number,
  metricNames: readonly string[],
): PersonMeans {
  // Where each batch starts in the file (records) and in its thread's pass (records, people).
  const next = results.map(() => 0);
  const fileRow: number[] = [];
  const firstRow: number[] = [];
  const firstPerson: number[] = [];
  const nth: number[] = [];
  let line = 0;
  for (let k = 0; k < batches; k++) {
    const t = threadOf(k);
    const i = next[t]++;
    nth.push(i);
    const before = i === 0 ? { row: 0, people: 0 } : results[t].marks[i - 1];
    fileRow.push(line);
    firstRow.push(before.row);
    firstPerson.push(before.people);
    line += results[t].marks[i].row - before.row;
  }
  // A thread's message rows → file rows.
  const renumber = (t: number, issue: Issue): Issue => {
    if (issue.row === null) return issue;
    let offset = 0;
    for (let k = 0; k < batches; k++) {
      if (threadOf(k) !== t) continue;
      if (issue.row <= firstRow[k]) break;
      offset = fileRow[k] - firstRow[k];
    }
    return offset === 0
      ? issue
      : {
          ...issue,
          row: issue.row + offset,
          message: issue.message.replace(
            /^Row (\d+)/,
            (_, r: string) => `Row ${Number(r) + offset}`,
          ),
        };
  };
  const parts = results.map((r, t) => ({
    ...r.partial,
    lines: 0,
    issues: r.partial.issues.map((issue) => renumber(t, issue)),
  }));
  const merged = mergePartials(parts, metricNames);
  // The people in file order: batch by batch, those each batch met first.
  const order: number[] = [];
  const index = new Map(merged.personIds.map((id, g) => [id, g]));
  const placed = new Uint8Array(merged.personIds.length);
  for (let k = 0; k < batches; k++) {
    const t = threadOf(k);
    const end = results[t].marks[nth[k]].people;
    const keys = results[t].partial.personKeys;
    for (let p = firstPerson[k]; p < end; p++) {
      const g = index.get(keys[p])!;
      if (placed[g] === 0) {
        placed[g] = 1;
        order.push(g);
      }
    }
  }
  const withRow = merged.issues.filter((x) => x.row !== null);
  const noRow = merged.issues.filter((x) => x.row === null);
  withRow.sort((a, b) => a.row! - b.row!);
  return {
    ...merged,
    personIds: order.map((g) => merged.personIds[g]),
    identifiers: order.map((g) => merged.identifiers[g]),
    weeks: Int32Array.from(order, (g) => merged.weeks[g]),
    means: merged.means.map((col) => Float64Array.from(order, (g) => col[g])),
    issues: [...withRow, ...noRow],
  };
}
