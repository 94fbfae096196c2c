// The CSV byte scanner: an RFC 4180 state machine over UTF-8 bytes, fed chunk by chunk.
//
// Why one resumable loop with all state in locals: this is the hot path of every CSV load, and
// V8 keeps locals in registers, while fields and closures cost a load and store per byte. The
// scanner never makes strings; it hands each record to a sink as field offsets into the current
// buffer. A record that runs past the end of a chunk is carried over (its bytes only) and the
// scan resumes where it stopped, so a quoted field of many megabytes is scanned once.

import { FIELD_ESCAPED, FIELD_MESSY, FIELD_PLAIN } from './fields';

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

// Where the scan stopped at the end of a buffer.
const S_FIELD = 0; // at the start of a field
const S_PLAIN = 1; // inside an unquoted field (or the tail of a messy quoted one)
const S_QUOTED = 2; // inside quotes
const S_QUOTE_SEEN = 3; // just after a quote inside quotes: an escape or the closing quote
const S_CR = 4; // just after a CR that ended a record: skip a following LF
const S_ENDED = 5; // within scan() only: a field just ended at a line break

/** How much scan() reads per call. */
const SLICE_BYTES = 64 * 1024;

/** Receives records. Offsets point into `buf`, which is only valid during the call. */
export interface RecordSink {
  /**
   * One record: field i is buf[starts[i], ends[i]) with quoting `flags[i]` (FIELD_*).
   * `row` is the 1-based record number in the file, blank lines included.
   */
  record(
    buf: Uint8Array,
    starts: Int32Array,
    ends: Int32Array,
    flags: Uint8Array,
    count: number,
    row: number,
  ): void;
}

/** Streams CSV bytes to a RecordSink. Call push() per chunk, then finish(). */
export class CsvScanner {
  private starts = new Int32Array(256);
  private ends = new Int32Array(256);
  private flags = new Uint8Array(256);
  private count = 0;
  private state = S_FIELD;
  /** Scan position and start of the current record, in the current buffer. */
  private pos = 0;
  private recordStart = 0;
  private fieldStart = 0;
  private flag = FIELD_PLAIN;
  /** Bytes of the unfinished record, kept at the front of `pending`. */
  private pending = new Uint8Array(0);
  private carry = 0;
  /** Records seen so far, blank lines included. */
  row = 0;
  /** Row where an unclosed quote opened (set by finish()), or 0. */
  unclosedQuoteRow = 0;

  /** 1 for the bytes that end an unquoted field: the delimiter, CR and LF. */
  private readonly stops = new Uint8Array(256);

  constructor(
    private readonly delimiter: number,
    private readonly sink: RecordSink,
  ) {
    this.stops[delimiter] = 1;
    this.stops[CR] = 1;
    this.stops[LF] = 1;
  }

  /** Scans one chunk. The chunk is not kept, but may be read until push() returns. */
  push(chunk: Uint8Array): void {
    let buf = chunk;
    if (this.carry > 0) {
      const n = this.carry + chunk.length;
      if (this.pending.length < n) {
        const next = new Uint8Array(Math.max(n, this.pending.length * 2));
        next.set(this.pending.subarray(0, this.carry));
        this.pending = next;
      }
      this.pending.set(chunk, this.carry);
      buf = this.pending.subarray(0, n);
    }
    // Scanned in slices so that scan() is called often: V8 then optimises it as a whole. Run
    // once per 4 MB chunk, it would only be optimised inside its loop (on-stack replacement),
    // and leaving that loop at the end of each chunk drops back to the interpreter.
    const n = buf.length;
    const view = new DataView(buf.buffer, buf.byteOffset, n);
    for (let to = this.pos; to < n;) {
      to = Math.min(n, to + SLICE_BYTES);
      this.scan(buf, view, to);
    }
    this.keep(buf);
  }

  /**
   * Whether every byte pushed so far belongs to a complete record: false inside a record that
   * a later chunk must finish (a quoted field running on). A reader that cut the input at a
   * line feed learns here whether that line feed ended a record.
   */
  get atRecordStart(): boolean {
    return this.carry === 0 && this.state !== S_QUOTED && this.state !== S_QUOTE_SEEN;
  }

  /** Ends the input: emits the last record if the file does not end with a newline. */
  finish(): void {
    const buf = this.pending.subarray(0, this.carry);
    const n = buf.length;
    switch (this.state) {
      case S_FIELD:
        if (this.count > 0) this.addField(n, n, FIELD_PLAIN); // "a,b," ends with an empty field
        break;
      case S_PLAIN:
        this.addField(this.fieldStart, n, this.flag);
        break;
      case S_QUOTED:
        this.unclosedQuoteRow = this.row + 1;
        this.addField(this.fieldStart - 1, n, FIELD_MESSY);
        break;
      case S_QUOTE_SEEN:
        this.addField(this.fieldStart, n - 1, this.flag);
        break;
    }
    if (this.count > 0) {
      this.row++;
      this.sink.record(buf, this.starts, this.ends, this.flags, this.count, this.row);
    }
    this.count = 0;
    this.carry = 0;
    this.pos = 0;
    this.recordStart = 0;
    this.state = S_FIELD;
    this.pending = new Uint8Array(0);
  }

  private addField(start: number, end: number, flag: number): void {
    if (this.count === this.starts.length) this.grow();
    this.starts[this.count] = start;
    this.ends[this.count] = end;
    this.flags[this.count] = flag;
    this.count++;
  }

  private grow(): void {
    const size = this.starts.length * 2;
    const starts = new Int32Array(size);
    const ends = new Int32Array(size);
    const flags = new Uint8Array(size);
    starts.set(this.starts);
    ends.set(this.ends);
    flags.set(this.flags);
    this.starts = starts;
    this.ends = ends;
    this.flags = flags;
  }

  /** Scans buf up to `n`, leaving the state in fields for the next slice. */
  private scan(buf: Uint8Array, view: DataView, n: number): void {
    const delim = this.delimiter;
    const delim4 = Math.imul(delim, 0x01010101);
    const stops = this.stops;
    const sink = this.sink;
    let starts = this.starts;
    let ends = this.ends;
    let flags = this.flags;
    let count = this.count;
    let state = this.state;
    let pos = this.pos;
    let fieldStart = this.fieldStart;
    let flag = this.flag;
    let recordStart = this.recordStart;
    let row = this.row;
    let c = 0;
    let end = 0; // end of the field just finished

    outer: for (;;) {
      // The states run in order like a switch with fall-through: each either finishes a field
      // (setting `end`, with the terminator in `c`), stops at the end of the buffer, or
      // `continue`s in a new state.
      if (state === S_CR) {
        if (pos >= n) break;
        if (buf[pos] === LF) pos++;
        recordStart = pos;
        state = S_FIELD;
      }
      if (state === S_FIELD) {
        // Fast path: runs of unquoted fields ended by delimiters stay in this loop.
        for (;;) {
          if (pos >= n) break outer;
          c = buf[pos];
          if (c === QUOTE) {
            fieldStart = ++pos;
            flag = FIELD_PLAIN;
            state = S_QUOTED;
            break;
          }
          fieldStart = pos;
          if (stops[c] === 0) {
            // Four bytes at a time while none is the delimiter or below 0x0e (CR, LF; a tab
            // or other control byte is only a false alarm), then byte by byte.
            while (pos + 4 <= n) {
              const w = view.getInt32(pos, true);
              const x = w ^ delim4;
              if ((((w - 0x0e0e0e0e) & ~w) | ((x - 0x01010101) & ~x)) & 0x80808080) break;
              pos += 4;
            }
            for (;;) {
              if (pos >= n) {
                flag = FIELD_PLAIN;
                state = S_PLAIN;
                break outer;
              }
              c = buf[pos];
              if (stops[c] !== 0) break;
              pos++;
            }
          }
          if (c !== delim) {
            // A line break: the record ends below.
            flag = FIELD_PLAIN;
            end = pos;
            state = S_ENDED;
            break;
          }
          if (count === starts.length) {
            this.count = count;
            this.grow();
            starts = this.starts;
            ends = this.ends;
            flags = this.flags;
          }
          starts[count] = fieldStart;
          ends[count] = pos;
          flags[count] = FIELD_PLAIN;
          count++;
          pos++;
        }
      }
      if (state === S_PLAIN) {
        while (pos < n) {
          c = buf[pos];
          if (c === delim || c === LF || c === CR) break;
          pos++;
        }
        if (pos >= n) break;
        end = pos;
      } else if (state !== S_ENDED) {
        if (state === S_QUOTED) {
          while (pos < n && buf[pos] !== QUOTE) pos++;
          if (pos >= n) break;
          pos++;
          state = S_QUOTE_SEEN;
        }
        if (pos >= n) break;
        c = buf[pos];
        if (c === QUOTE) {
          flag = FIELD_ESCAPED;
          pos++;
          state = S_QUOTED;
          continue;
        }
        if (c !== delim && c !== LF && c !== CR) {
          // Text after the closing quote: keep it, read on as an unquoted field.
          fieldStart--;
          flag = FIELD_MESSY;
          state = S_PLAIN;
          continue;
        }
        end = pos - 1;
      }

      // A field ended at `end`; buf[pos] === c is its delimiter or line break.
      if (count === starts.length) {
        this.count = count;
        this.grow();
        starts = this.starts;
        ends = this.ends;
        flags = this.flags;
      }
      starts[count] = fieldStart;
      ends[count] = end;
      flags[count] = flag;
      count++;
      pos++;
      if (c === delim) {
        state = S_FIELD;
        continue;
      }
      row++;
      // A zero-length line is a blank line: counted as a row, not reported.
      if (count > 1 || pos - 1 > recordStart) sink.record(buf, starts, ends, flags, count, row);
      count = 0;
      recordStart = pos;
      state = c === CR ? S_CR : S_FIELD;
    }

    this.row = row;
    this.state = state;
    this.count = count;
    this.fieldStart = fieldStart;
    this.flag = flag;
    this.pos = pos;
    this.recordStart = recordStart;
  }

  /** At the end of a buffer, keeps the unfinished record's bytes, moved to offset 0. */
  private keep(buf: Uint8Array): void {
    const n = buf.length;
    const state = this.state;
    const recordStart =
      state === S_CR || (state === S_FIELD && this.count === 0) ? this.pos : this.recordStart;
    const keep = n - recordStart;
    if (recordStart > 0) {
      for (let i = 0; i < this.count; i++) {
        this.starts[i] -= recordStart;
        this.ends[i] -= recordStart;
      }
      this.fieldStart -= recordStart;
    }
    if (keep > 0) {
      if (buf.buffer === this.pending.buffer) {
        // A record still open from the start of the buffer stays where it is: no copy, so a
        // huge quoted field spanning many chunks is not moved again for every chunk.
        if (recordStart > 0) this.pending.copyWithin(0, recordStart, n);
      } else {
        if (this.pending.length < keep) this.pending = new Uint8Array(Math.max(keep, 1024));
        this.pending.set(buf.subarray(recordStart, n));
      }
    }
    this.carry = keep;
    this.pos -= recordStart;
    this.recordStart = 0;
  }
}
