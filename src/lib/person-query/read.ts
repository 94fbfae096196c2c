// Reading a person query for the "Viva metrics to Qualtrics" recipe: the head (to show the
// columns and choose), then the whole file streamed once per aggregation. The table of rows is
// never built, so a file of any size fits.

import { AbortError, ParseError } from '../errors';
import type { Issue } from '../issues';
import { openCsvText, scanHead, unclosedQuoteIssue, type CsvOptions } from '../read/csv/read-csv';
import { CsvScanner } from '../read/csv/scanner';
import { CsvTableSink } from '../read/csv/table-sink';
import type { TextEncodingName } from '../read/decode';
import type { ColumnMeta } from '../table/types';
import { detectDateFormat, type DateFormat } from '../viva-format/metric-date';
import type { KernelFactory } from './kernel';
import { personQueryPass } from './pass';
import type { AggregateSpec, PartialMeans, PersonMeans } from './types';

/** What the head of a person query says: its columns and how to read it. */
export interface PersonQueryHead {
  name: string;
  columns: ColumnMeta[];
  delimiter: string;
  decimalComma: boolean;
  encoding: TextEncodingName;
  headerRows: number;
  personIdColumn: number;
  metricDateColumn: number;
  dateFormat: DateFormat | null;
  /** The first data rows as text (at most 20), for a preview. */
  sample: string[][];
  notes: string[];
  issues: Issue[];
  /** Size of the text (uncompressed) in bytes, when known; 0 otherwise. */
  totalBytes: number;
}

/** Most bytes looked at for the head. */
const HEAD_MAX_BYTES = 8 * 1024 * 1024;
const PROGRESS_MS = 100;

/** Reads the head and checks that the file is a person query (PersonId + MetricDate). */
export async function readPersonQueryHead(
  chunks: AsyncIterable<Uint8Array>,
  options: CsvOptions,
): Promise<PersonQueryHead> {
  const text = await openCsvText(chunks, options);
  let preview: string[][] = [];
  const sink = new CsvTableSink({
    kind: text.kind,
    delimiter: text.delimiter,
    maxCells: Infinity,
    totalBytes: 0,
    headOnly: true,
    onHead: (h) => (preview = h.rows),
  });
  const scanner = new CsvScanner(text.delimiter.charCodeAt(0), sink);
  await scanHead(text, scanner, sink, HEAD_MAX_BYTES);
  if (sink.layout === null) {
    scanner.finish();
    sink.end();
  }
  // Let the source go: nothing more is read through this stream.
  await text.input.chunks.return(undefined);
  const layout = sink.layout;
  if (layout === null || layout.source !== 'viva-person-query') {
    throw new ParseError(
      'This file is not a Viva Insights person query: it has no PersonId and MetricDate columns. ' +
        'Open the CSV (or the zip) that Viva Insights downloads from Query results, with PersonId and MetricDate kept.',
    );
  }
  const columns = sink.columns;
  const personIdColumn = columns.find((c) => c.vivaRole === 'person-id')!.index;
  const metricDateColumn = columns.find((c) => c.vivaRole === 'metric-date')!.index;
  const sample = preview.slice(0, 20);
  return {
    name: options.name,
    columns,
    delimiter: text.delimiter,
    decimalComma: sink.decimalComma,
    encoding: text.input.encoding,
    headerRows: layout.headerRows,
    personIdColumn,
    metricDateColumn,
    dateFormat: detectDateFormat(sample.map((r) => r[metricDateColumn] ?? '')),
    sample,
    notes: [...text.notes, ...layout.notes],
    issues: [...layout.issues, ...sink.issues.summarize()],
    totalBytes: options.totalBytes ?? 0,
  };
}

export interface AggregateCallbacks {
  /** Called at most every 100 ms with the bytes of the original file read and the rows seen. */
  onProgress?: (bytesRead: number, rows: number) => void;
  /** Checked between chunks; when aborted the read stops with an AbortError. */
  signal?: { aborted: boolean };
  /** Instantiates the WebAssembly kernel (workers/kernels.ts); without it, JavaScript reads. */
  kernel?: KernelFactory | null;
}

/** Streams the whole file through the aggregator. */
export async function aggregatePersonQuery(
  chunks: AsyncIterable<Uint8Array>,
  spec: AggregateSpec,
  options: CsvOptions,
  callbacks: AggregateCallbacks = {},
): Promise<PersonMeans> {
  const text = await openCsvText(chunks, { ...options, delimiter: options.delimiter });
  const { onProgress, signal, kernel } = callbacks;
  const pass = personQueryPass({ ...spec, delimiter: text.delimiter }, kernel ?? null);
  let skip = text.skipBytes;
  let last = 0;
  const progress = (force: boolean): void => {
    if (!onProgress) return;
    const now = Date.now();
    if (!force && now - last < PROGRESS_MS) return;
    last = now;
    onProgress(text.input.bytesRead(), pass.rows);
  };
  for (const chunk of text.first) {
    if (skip >= chunk.length) {
      skip -= chunk.length;
      continue;
    }
    pass.push(skip > 0 ? chunk.subarray(skip) : chunk);
    skip = 0;
  }
  // The next chunk is asked for before this one is scanned: reading overlaps the scan.
  let next = text.input.chunks.next();
  for (;;) {
    const r = await next;
    if (r.done) break;
    if (signal?.aborted) {
      await text.input.chunks.return(undefined);
      throw new AbortError('Cancelled.');
    }
    next = text.input.chunks.next();
    next.catch(() => {});
    pass.push(r.value);
    progress(false);
  }
  pass.finish();
  progress(true);
  const result = pass.result();
  if (pass.unclosedQuoteRow > 0) {
    result.issues.push(unclosedQuoteIssue(pass.unclosedQuoteRow));
  }
  return result;
}

/** One part of a person query's data, read on its own (see workers/person-query.ts). */
export interface PartResult {
  partial: PartialMeans;
  /** The part ended inside a quoted field: the cut before it was wrong. */
  openQuote: boolean;
}

/**
 * Aggregates one byte range of a UTF-8 person query. The first part starts the file (BOM,
 * header); the others start just after a line feed and hold data records only.
 */
export async function aggregatePart(
  chunks: AsyncIterable<Uint8Array>,
  spec: AggregateSpec,
  first: boolean,
  onProgress?: (bytes: number, rows: number) => void,
  kernel: KernelFactory | null = null,
): Promise<PartResult> {
  const pass = personQueryPass(first ? spec : { ...spec, headerRows: 0 }, kernel);
  let bytes = 0;
  let bom = first;
  let last = 0;
  const it = chunks[Symbol.asyncIterator]();
  let next = it.next();
  for (;;) {
    const r = await next;
    if (r.done) break;
    next = it.next();
    next.catch(() => {});
    let chunk = r.value;
    bytes += chunk.length;
    if (bom) {
      bom = false;
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
    }
    pass.push(chunk);
    const now = Date.now();
    if (onProgress && now - last >= PROGRESS_MS) {
      last = now;
      onProgress(bytes, pass.rows);
    }
  }
  pass.finish();
  onProgress?.(bytes, pass.rows);
  return { partial: pass.partial(pass.row), openQuote: pass.unclosedQuoteRow > 0 };
}
