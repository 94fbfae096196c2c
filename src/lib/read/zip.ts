// A small zip reader over a random-access ByteSource: only the central directory and the
// entries asked for are read, and entries are inflated in bounded chunks, so a multi-GB zip
// never has to fit in memory. Zip64 is supported; multi-disk archives are not. Entries written
// with a data descriptor (sizes after the data, as streaming zip writers do) are read by the
// sizes of the central directory, which always holds them.
import { EncryptedFileError, ParseError } from '../errors';
import type { ByteSource, SpareBuffers } from './types';
import { damaged, readExactly, tooLarge, type ZipEntry } from './zip-bytes';
import { inflateEntry, RATIO_CHECK_AFTER, type InflateJob } from './zip-inflate';

/** Safety caps and progress for reading one entry. */
export interface ZipReadOptions {
  /** Largest allowed inflated size (default ZIP_MAX_BYTES). */
  maxBytes?: number;
  /** Largest allowed inflated/compressed ratio (default 200), checked past `ratioCheckAfter`. */
  maxRatio?: number;
  /** Inflated bytes after which the ratio is checked (default 32 MiB; tests set less). */
  ratioCheckAfter?: number;
  /** Called as compressed data is consumed, with the compressed bytes read so far. */
  onProgress?: (compressedBytesRead: number) => void;
  /** Force fflate instead of the platform DecompressionStream (tests, benchmarks). */
  inflater?: 'native' | 'fflate';
  /**
   * Spare buffers to join inflated blocks into, handed back by whoever consumed earlier blocks
   * (a part thread moves each block back once read): a GB of text then cycles through a few
   * buffers instead of leaving a GB of garbage in several threads' heaps.
   */
  spares?: SpareBuffers;
}

/**
 * Default cap on an entry's inflated size. Viva Insights person queries of a large tenant over
 * a year reach several GB unzipped; they are streamed, never held, so the cap only has to stop
 * a bomb that declares an absurd size: 16 GiB lets a real 5 GB (or 10 GB) query through. The
 * ratio check below stops a bomb long before this.
 */
export const ZIP_MAX_BYTES = 16 * 1024 ** 3;
const DEFAULT_MAX_RATIO = 200;
const EOCD_SIG = 0x06054b50;
const EOCD64_LOCATOR_SIG = 0x07064b50;
const EOCD64_SIG = 0x06064b50;
const CENTRAL_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;

const utf8 = new TextDecoder('utf-8');

function u16(b: Uint8Array, i: number): number {
  return b[i] | (b[i + 1] << 8);
}
function u32(b: Uint8Array, i: number): number {
  return (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)) >>> 0;
}
function u64(b: Uint8Array, i: number): number {
  // Exact up to 2^53, far beyond any file a browser can open.
  return u32(b, i) + u32(b, i + 4) * 2 ** 32;
}

/** Lists the entries of a zip from its central directory (Zip64 aware). */
export async function listZip(source: ByteSource): Promise<ZipEntry[]> {
  const tailStart = Math.max(0, source.size - (65536 + 22));
  const tail = await readExactly(source, tailStart, source.size);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail[i] === 0x50 && u32(tail, i) === EOCD_SIG) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw damaged('its end is missing, so it may not have downloaded completely');
  let count = u16(tail, eocd + 10);
  let cdSize = u32(tail, eocd + 12);
  let cdOffset = u32(tail, eocd + 16);
  const loc = eocd - 20;
  if (loc >= 0 && u32(tail, loc) === EOCD64_LOCATOR_SIG) {
    const recOffset = u64(tail, loc + 8);
    const rec = await readExactly(source, recOffset, recOffset + 56);
    if (u32(rec, 0) !== EOCD64_SIG) throw damaged('its Zip64 directory is missing');
    count = u64(rec, 32);
    cdSize = u64(rec, 40);
    cdOffset = u64(rec, 48);
  }
  if (count === 0) return [];
  const cd = await readExactly(source, cdOffset, cdOffset + cdSize);
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let n = 0; n < count; n++) {
    if (p + 46 > cd.length || u32(cd, p) !== CENTRAL_SIG) throw damaged('its directory is broken');
    const flags = u16(cd, p + 8);
    const nameLen = u16(cd, p + 28);
    const extraLen = u16(cd, p + 30);
    const commentLen = u16(cd, p + 32);
    const entry: ZipEntry = {
      name: utf8.decode(cd.subarray(p + 46, p + 46 + nameLen)),
      method: u16(cd, p + 10),
      crc32: u32(cd, p + 16),
      compressedSize: u32(cd, p + 20),
      uncompressedSize: u32(cd, p + 24),
      localHeaderOffset: u32(cd, p + 42),
      encrypted: (flags & 1) !== 0,
    };
    readZip64Extra(cd, p + 46 + nameLen, p + 46 + nameLen + extraLen, entry);
    entries.push(entry);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

// The Zip64 extra field (id 1) holds, in this order, only the sizes/offset that are
// 0xFFFFFFFF in the fixed record.
function readZip64Extra(cd: Uint8Array, start: number, end: number, e: ZipEntry): void {
  const MAX = 0xffffffff;
  for (let q = start; q + 4 <= end;) {
    const id = u16(cd, q);
    const len = u16(cd, q + 2);
    if (id === 1) {
      let f = q + 4;
      const fEnd = f + len;
      if (e.uncompressedSize === MAX && f + 8 <= fEnd) {
        e.uncompressedSize = u64(cd, f);
        f += 8;
      }
      if (e.compressedSize === MAX && f + 8 <= fEnd) {
        e.compressedSize = u64(cd, f);
        f += 8;
      }
      if (e.localHeaderOffset === MAX && f + 8 <= fEnd) e.localHeaderOffset = u64(cd, f);
      return;
    }
    q += 4 + len;
  }
}

/**
 * Inflates one entry in bounded chunks, enforcing the zip-bomb caps. Uses the platform's
 * DecompressionStream when it supports 'deflate-raw', else fflate.
 */
export async function* zipEntryChunks(
  source: ByteSource,
  entry: ZipEntry,
  options: ZipReadOptions = {},
): AsyncGenerator<Uint8Array> {
  const maxBytes = options.maxBytes ?? ZIP_MAX_BYTES;
  if (entry.encrypted) {
    throw new EncryptedFileError(
      `"${entry.name}" in this zip is password-protected. Unzip it on your computer with the password and open the file inside.`,
    );
  }
  if (entry.method !== 0 && entry.method !== 8) {
    throw new ParseError(
      `"${entry.name}" in this zip uses a compression method XO Bridge cannot read (method ${entry.method}). ` +
        'Unzip it on your computer and open the file inside directly.',
    );
  }
  if (entry.uncompressedSize > maxBytes) throw tooLarge(maxBytes);
  const local = await readExactly(source, entry.localHeaderOffset, entry.localHeaderOffset + 30);
  if (u32(local, 0) !== LOCAL_SIG) throw damaged(`the header of "${entry.name}" is missing`);
  const dataStart = entry.localHeaderOffset + 30 + u16(local, 26) + u16(local, 28);
  const dataEnd = dataStart + entry.compressedSize;
  if (dataEnd > source.size) throw damaged(`"${entry.name}" is cut off`);
  const job: InflateJob = {
    source,
    entry,
    dataStart,
    dataEnd,
    maxBytes,
    maxRatio: options.maxRatio ?? DEFAULT_MAX_RATIO,
    ratioCheckAfter: options.ratioCheckAfter ?? RATIO_CHECK_AFTER,
    onProgress: options.onProgress,
  };
  yield* inflateEntry(job, options.inflater, options.spares);
}

/** Reads a whole (small) entry into memory. */
export async function readZipEntry(
  source: ByteSource,
  entry: ZipEntry,
  options: ZipReadOptions = {},
): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const c of zipEntryChunks(source, entry, options)) {
    chunks.push(c);
    total += c.length;
  }
  if (chunks.length === 1) return chunks[0];
  const all = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  return all;
}
