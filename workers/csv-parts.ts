// Reads a large CSV on several threads: the head on this (engine) worker, then the data cut in
// parts, part 0 here and the others in csv-part workers; see src/lib/read/csv/parallel.ts.
import { ERROR_NAMES, ParseError, TooLargeError } from '../src/lib/errors';
import {
  cutRanges,
  parseCsvPart,
  planCsv,
  readCsvParts,
  type CsvPartResult,
  type CsvPartSchema,
} from '../src/lib/read/csv/parallel';
import { readCsv, type CsvOptions } from '../src/lib/read/csv/read-csv';
import { sourceChunks } from '../src/lib/read/source-chunks';
import type { ByteSource, ReadCallbacks } from '../src/lib/read/types';
import type { Table } from '../src/lib/table/types';
import type { KernelFactory } from '../src/lib/wasm-kernel';
import { csvTableKernel } from './kernels';

/**
 * Text files at least this big are read in parts: by the kernel where there is WebAssembly, on
 * several threads where there are cores.
 */
export const PARALLEL_MIN_BYTES = 16 * 1024 * 1024;
/** Most threads one file is read on. */
const MAX_THREADS = 4;
/** Share of the first part, read on the engine thread, relative to the others'. */
const FIRST_WEIGHT = 0.9;
/** Least time between two progress reports. */
const PROGRESS_MS = 50;

export interface PartRequest {
  blob: Blob;
  first: boolean;
  schema: CsvPartSchema;
}

export type PartReply =
  | { type: 'progress'; bytes: number; rows: number }
  | { type: 'done'; result: CsvPartResult }
  | { type: 'error'; name: string; message: string };

/**
 * Threads a large text file is read on: one per core with the WebAssembly kernel, else one core
 * is left for the page. Measured on 2 cores: with the JavaScript reader on both, rendering the
 * first rows took a 100-150 ms main-thread task; with the kernel on both, the longest was 0-84 ms
 * over three app runs (bench/README.md, "CSV"). 1 where workers cannot be started.
 */
export function csvThreads(kernel: boolean): number {
  if (typeof Worker === 'undefined' || typeof navigator === 'undefined') return 1;
  const cores = navigator.hardwareConcurrency || 1;
  return Math.max(1, Math.min(kernel ? cores : cores - 1, MAX_THREADS));
}

/** Reads a delimited text file, on several threads when it is large (same table either way). */
export async function readCsvBlob(
  blob: Blob,
  source: ByteSource,
  options: CsvOptions,
  callbacks: ReadCallbacks,
): Promise<Table> {
  const kernel = csvTableKernel();
  const threads = csvThreads(kernel !== null);
  // With the WebAssembly kernel, a large file is read as parts even on one thread: a part's
  // column types come from the head, which is what the kernel needs.
  if (blob.size < PARALLEL_MIN_BYTES || (threads < 2 && kernel === null)) {
    return readCsv(sourceChunks(source), options, callbacks);
  }
  // Started first: a worker takes a while to load, which reading the head hides.
  const workers: Worker[] = [];
  try {
    for (let i = 1; i < threads; i++) {
      workers.push(
        new Worker(new URL('./csv-part.worker.ts', import.meta.url), { type: 'module' }),
      );
    }
  } catch {
    // (Workers cannot be started here: the parts are read on this thread.)
  }
  try {
    return await readInParts(blob, source, options, callbacks, workers.slice(), threads, kernel);
  } finally {
    for (const w of workers) w.terminate();
  }
}

/** Reads the head here, then the parts: the first here, the others in the `idle` workers. */
async function readInParts(
  blob: Blob,
  source: ByteSource,
  options: CsvOptions,
  callbacks: ReadCallbacks,
  idle: Worker[],
  threads: number,
  kernel: KernelFactory | null,
): Promise<Table> {
  const plan = await planCsv(sourceChunks(source), options, callbacks);
  // No plan: the head was not sent.
  if (plan === null) return readCsv(sourceChunks(source), options, callbacks);
  // The first part is read here, where the other parts' text is decoded and all parts are
  // joined after: it gets a smaller share.
  const weights = Array.from({ length: threads }, (_, i) => (i === 0 ? FIRST_WEIGHT : 1));
  const cuts =
    threads > 1 ? await cutRanges(source, plan.dataStart, weights) : [plan.dataStart, blob.size];
  if (cuts.length < 3 && kernel === null) {
    return readCsv(sourceChunks(source), options, { onProgress: callbacks.onProgress });
  }

  // Progress: the bytes and rows of all parts (a part read again counts again, up to the end).
  const totalBytes = blob.size;
  const done = new Map<object, { bytes: number; rows: number }>();
  let lastProgress = 0;
  const progress = (key: object, bytes: number, rows: number): void => {
    done.set(key, { bytes, rows });
    const onProgress = callbacks.onProgress;
    const now = Date.now();
    if (!onProgress || now - lastProgress < PROGRESS_MS) return;
    lastProgress = now;
    let b = plan.dataStart;
    let r = 0;
    for (const p of done.values()) {
      b += p.bytes;
      r += p.rows;
    }
    onProgress({ phase: 'reading', bytesRead: Math.min(b, totalBytes), totalBytes, rows: r });
  };

  const readHere = (part: Blob, first: boolean): Promise<CsvPartResult> => {
    const key = {};
    return parseCsvPart(sourceChunks(sourceOf(part)), plan.schema, {
      first,
      kernel,
      // The first part's columns are sized for the whole file: the others are copied in.
      capacityBytes: first ? blob.size - plan.dataStart : part.size,
      unfitted: first,
      onProgress: (bytes, rows) => progress(key, bytes, rows),
    });
  };

  const inWorker = (part: Blob, first: boolean): Promise<CsvPartResult> => {
    // A worker per part after the first; a part read again (rare) reuses a free one.
    const w = idle.pop();
    if (!w) return readHere(part, first);
    const key = {};
    return new Promise<CsvPartResult>((resolve, reject) => {
      w.onmessage = (e: MessageEvent<PartReply>) => {
        const reply = e.data;
        if (reply.type === 'progress') progress(key, reply.bytes, reply.rows);
        else {
          idle.push(w);
          if (reply.type === 'done') resolve(reply.result);
          else reject(rebuildError(reply.name, reply.message));
        }
      };
      // A worker that cannot load (or dies): its part is read here.
      w.onerror = (e) => {
        e.preventDefault();
        w.onmessage = null;
        w.onerror = null;
        readHere(part, first).then(resolve, reject);
      };
      const request: PartRequest = { blob: part, first, schema: plan.schema };
      w.postMessage(request);
    });
  };

  return readCsvParts(plan, options.name, cuts, (start, end, first) => {
    const part = blob.slice(start, end);
    return first ? readHere(part, true) : inWorker(part, false);
  });
}

function sourceOf(blob: Blob): ByteSource {
  return {
    size: blob.size,
    read: async (start, end) => new Uint8Array(await blob.slice(start, end).arrayBuffer()),
  };
}

/** The error a part worker threw, by name (as errors cross the engine boundary). */
function rebuildError(name: string, message: string): Error {
  if (name === 'ParseError') return new ParseError(message);
  if (name === 'TooLargeError') return new TooLargeError(message);
  const err = new Error(message);
  if ((ERROR_NAMES as readonly string[]).includes(name)) err.name = name;
  return err;
}
