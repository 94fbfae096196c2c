// Reads a large CSV on several threads: the head on this (engine) worker, then the data cut in
// parts, part 0 here and the others in csv-part workers; see src/lib/read/csv/parallel.ts.
import {
  cutRanges,
  parseCsvPart,
  planCsv,
  readCsvParts,
  type CsvPartResult,
} from '../src/lib/read/csv/parallel';
import { readCsv, type CsvOptions } from '../src/lib/read/csv/read-csv';
import { sourceChunks } from '../src/lib/read/source-chunks';
import type { ByteSource, ReadCallbacks } from '../src/lib/read/types';
import type { Table } from '../src/lib/table/types';
import type { KernelFactory } from '../src/lib/wasm-kernel';
import { blobSource } from './blob-chunks';
import { csvTableKernel } from './kernels';
import { NoPartThread, PartPool, PartsProgress, partThreads } from './part-pool';

/**
 * Text files at least this big are read in parts: by the kernel where there is WebAssembly, on
 * several threads where there are cores.
 */
const CSV_PARTS_MIN_BYTES = 16 * 1024 * 1024;
/** Share of the first part, read on the engine thread, relative to the others'. */
const FIRST_WEIGHT = 0.9;
/** Least time between two progress reports. */
const PROGRESS_MS = 50;

/**
 * Threads a large text file is read on: one per core with the WebAssembly kernel, else one core
 * is left for the page. Measured on 2 cores: with the JavaScript reader on both, rendering the
 * first rows took a 100-150 ms main-thread task; with the kernel on both, the longest was 0-84 ms
 * over three app runs (bench/README.md, "CSV"). 1 where workers cannot be started.
 */
function csvThreads(kernel: boolean): number {
  return partThreads(kernel ? 0 : 1);
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
  if (blob.size < CSV_PARTS_MIN_BYTES || (threads < 2 && kernel === null)) {
    return readCsv(sourceChunks(source), options, callbacks);
  }
  // Started first: a worker takes a while to load, which reading the head hides.
  const pool = new PartPool('csv', threads - 1);
  try {
    return await readInParts(blob, source, options, callbacks, pool, threads, kernel);
  } finally {
    pool.close();
  }
}

/** Reads the head here, then the parts: the first here, the others in the pool's threads. */
async function readInParts(
  blob: Blob,
  source: ByteSource,
  options: CsvOptions,
  callbacks: ReadCallbacks,
  pool: PartPool<'csv'>,
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

  // Progress: the bytes and rows of all parts, after the head.
  const progress = new PartsProgress(blob.size, plan.dataStart, PROGRESS_MS, callbacks.onProgress);

  // Here, a part is read with slice().arrayBuffer(): a BYOB reader in the engine worker hung
  // Chromium in the bench (see README); the part threads read with blobChunksReused.
  const readHere = (part: Blob, first: boolean): Promise<CsvPartResult> =>
    parseCsvPart(sourceChunks(blobSource(part)), plan.schema, {
      first,
      kernel,
      // The first part's columns are sized for the whole file: the others are copied in.
      capacityBytes: first ? blob.size - plan.dataStart : part.size,
      unfitted: first,
      onProgress: progress.part(),
    });

  // A thread per part after the first; a part read again (rare) reuses a free one. No free
  // thread, or one that cannot load (or dies): the part is read here.
  const inThread = (part: Blob): Promise<CsvPartResult> =>
    pool
      .read({ blob: part, first: false, schema: plan.schema }, progress.part(), 'reuse')
      .catch((e: unknown) => {
        if (e instanceof NoPartThread) return readHere(part, false);
        throw e;
      });

  return readCsvParts(plan, options.name, cuts, (start, end, first) => {
    const part = blob.slice(start, end);
    return first ? readHere(part, true) : inThread(part);
  });
}
