import type { ColumnMeta } from '../table/types';

/** Random-access bytes: a Blob in the worker, a Buffer in Node tests. */
export interface ByteSource {
  readonly size: number;
  /** Bytes [start, end). May return fewer only at the end of the source. */
  read(start: number, end: number): Promise<Uint8Array>;
}

export type LoadPhase = 'reading' | 'inflating' | 'strings' | 'building';

export interface LoadProgress {
  phase: LoadPhase;
  /** Bytes of the original file consumed so far. */
  bytesRead: number;
  totalBytes: number;
  /** Data rows built so far. */
  rows: number;
}

/** The first rows, sent once as soon as they are known, so the page can show them early. */
export interface HeadPreview {
  columns: ColumnMeta[];
  rows: string[][];
}

export interface ReadCallbacks {
  onProgress?: (p: LoadProgress) => void;
  onHead?: (h: HeadPreview) => void;
}

/** Wraps bytes in memory as a ByteSource. */
export function bytesSource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    read: (start, end) => Promise.resolve(bytes.subarray(start, Math.min(end, bytes.length))),
  };
}

/** Size of the chunks readers pull from a ByteSource. */
export const CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * Where a reader gets the blocks it joins data into, when their consumer hands them back for
 * reuse: `block(bytes)` is a view of `bytes` on a buffer that may have been used before.
 */
export interface SpareBuffers {
  block(bytes: number): Uint8Array;
}
