// Inflating one zip entry under the zip-bomb caps. The platform's DecompressionStream (zlib in
// C++) inflates 4-5x faster than fflate, so it is used wherever it supports 'deflate-raw';
// fflate remains for older browsers (Safari < 16.4).
// Longer than most modules: two inflaters, their batching and the caps they share.
import { Inflate } from 'fflate';
import { TooLargeError } from '../errors';
import { CHUNK_BYTES, type ByteSource, type SpareBuffers } from './types';
import { damaged, readExactly, tooLarge, type ZipEntry } from './zip-bytes';

// Real exports compress 5-50:1; past 32 MiB a higher ratio means a bomb. Checking early stops a
// bomb before the table it feeds has grown large.
export const RATIO_CHECK_AFTER = 32 * 1024 ** 2;
// Compressed bytes handed to the inflater at a time. Deflate expands at most ~1032:1, so one
// slice can never produce more than ~64 MiB even inside a zip bomb.
const INFLATE_SLICE = 64 * 1024;
const FIRST_READ_BYTES = 256 * 1024;
// Inflated output is handed on in blocks of up to this size: fewer, larger chunks make the
// consumers' carry-over and per-chunk work negligible.
export const BATCH_BYTES = 1024 * 1024;
const FIRST_BATCH_BYTES = 64 * 1024;

/** Bytes and caps shared by both inflaters for one entry. */
export interface InflateJob {
  source: ByteSource;
  entry: ZipEntry;
  dataStart: number;
  dataEnd: number;
  maxBytes: number;
  maxRatio: number;
  /** Inflated bytes after which the ratio is checked. */
  ratioCheckAfter: number;
  onProgress?: (compressedBytesRead: number) => void;
}

/**
 * Compressed input in slices of INFLATE_SLICE. The first read is small so that the first
 * rows show quickly; reads then double up to CHUNK_BYTES.
 */
async function* compressedSlices(job: InflateJob): AsyncGenerator<Uint8Array> {
  let consumed = 0;
  let readSize = FIRST_READ_BYTES;
  for (let pos = job.dataStart; pos < job.dataEnd;) {
    const end = Math.min(job.dataEnd, pos + readSize);
    readSize = Math.min(CHUNK_BYTES, readSize * 2);
    const block = await readExactly(job.source, pos, end);
    pos = end;
    for (let s = 0; s < block.length; s += INFLATE_SLICE) {
      const slice = block.subarray(s, Math.min(block.length, s + INFLATE_SLICE));
      consumed += slice.length;
      yield slice;
      job.onProgress?.(consumed);
    }
  }
}

// DecompressionStream, typed locally: src/lib has no DOM.
interface StreamReader {
  read(): Promise<{ done: boolean; value?: Uint8Array }>;
  cancel(reason?: unknown): Promise<void>;
}
interface StreamWriter {
  write(chunk: Uint8Array): Promise<void>;
  close(): Promise<void>;
  abort(reason?: unknown): Promise<void>;
}
type NativeInflater = new (format: 'deflate-raw') => {
  readable: { getReader(): StreamReader };
  writable: { getWriter(): StreamWriter };
};

let nativeInflater: NativeInflater | null | undefined;
function getNativeInflater(): NativeInflater | null {
  if (nativeInflater === undefined) {
    const DS = (globalThis as { DecompressionStream?: NativeInflater }).DecompressionStream;
    nativeInflater = null;
    try {
      if (DS) new DS('deflate-raw'); // throws where 'deflate-raw' is not supported
      if (DS) nativeInflater = DS;
    } catch {
      // keep fflate
    }
  }
  return nativeInflater;
}

async function* inflateNative(job: InflateJob, DS: NativeInflater): AsyncGenerator<Uint8Array> {
  const stream = new DS('deflate-raw');
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  let consumed = 0;
  let feedError: unknown = null;
  // Feeds input while the loop below drains output; write() waits for the inflater, so at most
  // a few slices' output is ever queued.
  const feeding = (async () => {
    try {
      for await (const slice of compressedSlices(job)) {
        consumed += slice.length;
        await writer.write(slice);
      }
      await writer.close();
    } catch (err) {
      feedError ??= err;
      await writer.abort(err).catch(() => undefined);
    }
  })();
  let inflated = 0;
  let finished = false;
  try {
    for (;;) {
      let next: { done: boolean; value?: Uint8Array };
      try {
        next = await reader.read();
      } catch (err) {
        throw (
          feedError ?? damaged(`"${job.entry.name}" cannot be unpacked: ${(err as Error).message}`)
        );
      }
      if (next.done || !next.value) break;
      inflated += next.value.length;
      checkCaps(job, inflated, consumed);
      yield next.value;
    }
    finished = true;
  } finally {
    if (!finished) await reader.cancel().catch(() => undefined);
    await feeding;
  }
  if (feedError) throw feedError;
  checkSize(job, inflated);
}

async function* inflateFflate(job: InflateJob): AsyncGenerator<Uint8Array> {
  const out: Uint8Array[] = [];
  let inflated = 0;
  let consumed = 0;
  const inflater = new Inflate((chunk) => {
    inflated += chunk.length;
    if (chunk.length > 0) out.push(chunk);
  });
  const total = job.dataEnd - job.dataStart;
  const push = (slice: Uint8Array, final: boolean): void => {
    try {
      inflater.push(slice, final);
    } catch (err) {
      throw damaged(`"${job.entry.name}" cannot be unpacked: ${(err as Error).message}`);
    }
  };
  for await (const slice of compressedSlices(job)) {
    consumed += slice.length;
    push(slice, consumed === total);
    checkCaps(job, inflated, consumed);
    // Yield before the next slice so that at most one slice's output is held.
    for (const c of out.splice(0)) yield c;
  }
  if (total === 0) push(new Uint8Array(0), true); // still reports a missing final block
  for (const c of out.splice(0)) yield c;
  checkSize(job, inflated);
}

function checkCaps(job: InflateJob, inflated: number, consumed: number): void {
  // A bomb may declare a small size: stop as soon as it unpacks to more than it says.
  if (inflated > job.entry.uncompressedSize) {
    throw damaged(`"${job.entry.name}" unpacks to more than the zip says`);
  }
  if (inflated > job.maxBytes) throw tooLarge(job.maxBytes);
  if (inflated > job.ratioCheckAfter && inflated / Math.max(1, consumed) > job.maxRatio) {
    throw tooRepetitive(job.maxRatio);
  }
}

/** The TooLargeError for an entry that expands far more than real data does. */
export function tooRepetitive(maxRatio: number): TooLargeError {
  return new TooLargeError(
    `This zip expands more than ${maxRatio} times its packed size (a zip bomb or an unusually ` +
      'repetitive export). XO Bridge stopped unpacking it to protect your browser. ' +
      'Unzip it on your computer and open the file inside directly.',
  );
}

function checkSize(job: InflateJob, inflated: number): void {
  if (inflated !== job.entry.uncompressedSize) {
    throw damaged(`"${job.entry.name}" unpacks to a different size than the zip says`);
  }
}

/**
 * Joins small inflater outputs into blocks, so consumers see few chunks: 64 KiB first (the
 * first rows show quickly), doubling up to BATCH_BYTES.
 */
async function* batched(
  chunks: AsyncIterable<Uint8Array>,
  spares?: SpareBuffers,
): AsyncGenerator<Uint8Array> {
  let parts: Uint8Array[] = [];
  let size = 0;
  let target = FIRST_BATCH_BYTES;
  const flush = (): Uint8Array => {
    const all = parts.length === 1 ? parts[0] : spares ? spares.block(size) : new Uint8Array(size);
    if (parts.length > 1) {
      let at = 0;
      for (const p of parts) {
        all.set(p, at);
        at += p.length;
      }
    }
    parts = [];
    size = 0;
    target = Math.min(BATCH_BYTES, target * 2);
    return all;
  };
  for await (const c of chunks) {
    parts.push(c);
    size += c.length;
    if (size >= target) yield flush();
  }
  if (size > 0) yield flush();
}

/** Inflates (or, for stored entries, passes on) one entry's data with the caps of `job`. */
export async function* inflateEntry(
  job: InflateJob,
  inflater: 'native' | 'fflate' = 'native',
  spares?: SpareBuffers,
): AsyncGenerator<Uint8Array> {
  if (job.entry.method === 0) {
    let read = 0;
    for await (const slice of compressedSlices(job)) {
      read += slice.length;
      checkCaps(job, read, read);
      yield slice;
    }
    return checkSize(job, read);
  }
  const DS = inflater === 'fflate' ? null : getNativeInflater();
  yield* batched(DS ? inflateNative(job, DS) : inflateFflate(job), spares);
}
