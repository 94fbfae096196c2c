// Reads CSV/TSV/TXT files: encoding -> delimiter -> byte scanner -> typed columns.

import { ParseError } from '../../errors';
import type { Issue } from '../../issues';
import { refineTable } from '../../table/refine';
import type { FileKind, FormatInfo, Table } from '../../table/types';
import {
  concat,
  openUtf8,
  WINDOWS_1252_NOTE,
  type EncodingOverride,
  type Utf8Input,
} from '../decode';
import { sepLineLength, sniffDelimiter } from '../sniff-delimiter';
import { sourceChunks } from '../source-chunks';
import { bytesSource, type ReadCallbacks } from '../types';
import { CsvScanner } from './scanner';
import { CsvTableSink } from './table-sink';

export interface CsvOptions {
  /** File name; becomes Table.name. */
  name: string;
  /** FormatInfo.kind (default 'csv'). */
  kind?: 'csv' | 'zip-csv';
  /** Size of the original file, for progress (0 = unknown). */
  totalBytes?: number;
  /** Skips delimiter sniffing. */
  delimiter?: ',' | ';' | '\t' | '|';
  /** Skips encoding detection. */
  encoding?: EncodingOverride;
  /** Safety cap on rows × columns; over it a TooLargeError is thrown. */
  maxCells?: number;
}

/** UTF-8 bytes looked at to choose the delimiter. */
const SNIFF_BYTES = 64 * 1024;
/** Least time between two progress reports. */
const PROGRESS_MS = 50;

const utf8 = new TextDecoder('utf-8');

/** The start of a delimited text file: its encoding, delimiter and first chunks. */
export interface CsvText {
  kind: FileKind;
  input: Utf8Input;
  /** The first UTF-8 chunks (about SNIFF_BYTES), already taken from `input`. */
  first: Uint8Array[];
  /** UTF-8 bytes at the start that are not data (an Excel `sep=` line). */
  skipBytes: number;
  delimiter: string;
  notes: string[];
}

/** Detects the encoding and the delimiter from the start of the file. */
export async function openCsvText(
  chunks: AsyncIterable<Uint8Array>,
  options: CsvOptions,
): Promise<CsvText> {
  const kind: FileKind = options.kind ?? 'csv';
  const input = await openUtf8(chunks, options.encoding);
  const notes: string[] = [];

  // Enough of the text to choose the delimiter.
  const first: Uint8Array[] = [];
  let firstLength = 0;
  let done = false;
  while (firstLength < SNIFF_BYTES) {
    const r = await input.chunks.next();
    if (r.done) {
      done = true;
      break;
    }
    first.push(r.value);
    firstLength += r.value.length;
  }
  const headText = utf8.decode(concat(first, firstLength).subarray(0, SNIFF_BYTES));
  const truncated = !done || firstLength > SNIFF_BYTES;
  // (A longer file that is blank throughout is caught when its head turns out blank.)
  if (firstLength === 0 || (done && headText.trim() === '')) {
    throw new ParseError('This file is empty. Choose a file that has a header row and data.');
  }

  // An Excel `sep=;` first line names the delimiter and is not part of the data.
  let skipBytes = 0;
  let textStart = 0;
  let delimiter: string | undefined = options.delimiter;
  const sep = sepLineLength(headText);
  if (sep && sep.delimiter.charCodeAt(0) < 0x80 && sep.delimiter !== '"') {
    skipBytes = sep.length; // ASCII only, so characters = bytes
    textStart = sep.length;
    delimiter ??= sep.delimiter;
    notes.push(`The first line "sep=${sep.delimiter}" (a hint for Excel) was skipped.`);
  }
  delimiter ??= sniffDelimiter(headText.slice(textStart), truncated);

  return { kind, input, first, skipBytes, delimiter, notes };
}

/** Bytes scanned at a time while looking for the end of the head. */
const HEAD_SLICE = 64 * 1024;

/**
 * Scans the start of `text` into a head-only `sink` until it knows the layout, the input ends
 * (then the scanner and sink are finished), or `maxBytes` were scanned. Shared by the parallel
 * reader's plan and the person-query recipe, which both need the head without the table.
 */
export async function scanHead(
  text: CsvText,
  scanner: CsvScanner,
  sink: CsvTableSink,
  maxBytes: number,
): Promise<void> {
  let skip = text.skipBytes;
  let scanned = 0;
  const pending = text.first.slice();
  while (sink.layout === null && scanned < maxBytes) {
    let chunk = pending.shift();
    if (chunk === undefined) {
      const r = await text.input.chunks.next();
      if (r.done) {
        scanner.finish();
        sink.end();
        return;
      }
      chunk = r.value;
    }
    if (skip >= chunk.length) {
      skip -= chunk.length;
      continue;
    }
    for (let pos = skip; pos < chunk.length && sink.layout === null; pos += HEAD_SLICE) {
      scanner.push(chunk.subarray(pos, Math.min(pos + HEAD_SLICE, chunk.length)));
      scanned += Math.min(HEAD_SLICE, chunk.length - pos);
    }
    skip = 0;
  }
}

/** Reads a delimited text file from a stream of byte chunks into a Table. */
export async function readCsv(
  chunks: AsyncIterable<Uint8Array>,
  options: CsvOptions,
  callbacks: ReadCallbacks = {},
): Promise<Table> {
  const { kind, input, first, delimiter, notes, ...text } = await openCsvText(chunks, options);
  let skipBytes = text.skipBytes;
  const sink = new CsvTableSink({
    kind,
    delimiter,
    maxCells: options.maxCells ?? Infinity,
    // UTF-16 takes about twice the bytes of the UTF-8 the columns are sized from.
    totalBytes: (options.totalBytes ?? 0) / (input.encoding.startsWith('utf-16') ? 2 : 1),
    onHead: callbacks.onHead,
  });
  if (input.fallback) {
    notes.push(WINDOWS_1252_NOTE);
    sink.issues.add({
      row: null,
      column: null,
      code: 'encoding-fallback',
      message: WINDOWS_1252_NOTE,
    });
  }
  const scanner = new CsvScanner(delimiter.charCodeAt(0), sink);

  const totalBytes = options.totalBytes ?? 0;
  const onProgress = callbacks.onProgress;
  let lastProgress = Date.now();
  const progress = (force: boolean): void => {
    if (!onProgress) return;
    const now = Date.now();
    if (!force && now - lastProgress < PROGRESS_MS) return;
    lastProgress = now;
    onProgress({ phase: 'reading', bytesRead: input.bytesRead(), totalBytes, rows: sink.rowCount });
  };

  for (const chunk of first) {
    if (skipBytes >= chunk.length) {
      skipBytes -= chunk.length;
      continue;
    }
    scanner.push(skipBytes > 0 ? chunk.subarray(skipBytes) : chunk);
    skipBytes = 0;
  }
  first.length = 0;
  progress(false);
  // The next chunk is asked for before this one is scanned, so reading the file (a Blob read
  // is asynchronous) overlaps the scan instead of waiting between chunks.
  let next = input.chunks.next();
  for (;;) {
    const r = await next;
    if (r.done) break;
    next = input.chunks.next();
    next.catch(() => {}); // seen when awaited; not unhandled if scanning throws first
    scanner.push(r.value);
    progress(false);
  }
  scanner.finish();
  sink.end();
  progress(true);

  if (scanner.unclosedQuoteRow > 0) {
    sink.issues.add(unclosedQuoteIssue(scanner.unclosedQuoteRow));
  }
  if (sink.decimalComma) notes.push(DECIMAL_COMMA_NOTE);
  const layout = sink.layout!;
  const format: FormatInfo = {
    kind,
    source: layout.source,
    headerRows: layout.headerRows,
    delimiter,
    encoding: input.encoding,
    notes: [...notes, ...layout.notes],
  };
  return refineTable({
    name: options.name,
    rowCount: sink.rowCount,
    columns: sink.columns,
    data: sink.finishColumns(),
    format,
    issues: [...layout.issues, ...sink.issues.summarize()],
  });
}

export const DECIMAL_COMMA_NOTE = 'Numbers in this file use a decimal comma (3,5 means 3.5).';

/** The issue for a quote opened in `row` and never closed. */
export function unclosedQuoteIssue(row: number): Issue {
  return {
    row,
    column: null,
    code: 'unclosed-quote',
    message: `A quote opened in row ${row} is never closed, so everything after it was read into one cell. Check that row in the original file.`,
  };
}

/** Reads a whole file held in memory (tests, small files). */
export function readCsvBytes(
  bytes: Uint8Array,
  options: CsvOptions,
  callbacks?: ReadCallbacks,
): Promise<Table> {
  return readCsv(
    sourceChunks(bytesSource(bytes)),
    { totalBytes: bytes.length, ...options },
    callbacks,
  );
}
