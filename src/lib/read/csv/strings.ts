import { recordStrings } from './fields';
import { CsvScanner, type RecordSink } from './scanner';

/** A sink that keeps every record as strings. */
export class StringsSink implements RecordSink {
  readonly records: string[][] = [];
  /** 1-based file row of each record (blank lines are counted but not kept). */
  readonly rows: number[] = [];

  record(
    buf: Uint8Array,
    starts: Int32Array,
    ends: Int32Array,
    flags: Uint8Array,
    count: number,
    row: number,
  ): void {
    this.records.push(recordStrings(buf, starts, ends, flags, count));
    this.rows.push(row);
  }
}

/**
 * Scans UTF-8 CSV bytes into string records, fed in chunks of `chunkBytes` (for tests and
 * checks against other parsers; the reader itself never makes a string per cell).
 */
export function scanCsvStrings(
  bytes: Uint8Array,
  delimiter = ',',
  chunkBytes = Infinity,
): string[][] {
  const sink = new StringsSink();
  const scanner = new CsvScanner(delimiter.charCodeAt(0), sink);
  const step = Math.max(1, Math.min(chunkBytes, bytes.length));
  for (let pos = 0; pos < bytes.length; pos += step) {
    scanner.push(bytes.subarray(pos, Math.min(pos + step, bytes.length)));
  }
  scanner.finish();
  return sink.records;
}
