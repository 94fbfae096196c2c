// Text encodings for CSV/TSV/TXT files. Everything is turned into UTF-8 bytes chunk by chunk,
// so a single byte scanner reads every file: UTF-8 passes through untouched (BOM stripped),
// UTF-16 and Windows-1252 are decoded with streaming TextDecoders and re-encoded as UTF-8.

/** What a text file was read as (FormatInfo.encoding). */
export type TextEncodingName = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** Encodings a caller may force. */
export type EncodingOverride = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** How much of the start of a file is checked to be valid UTF-8. */
export const UTF8_CHECK_BYTES = 1024 * 1024;

/** The note and issue text shown when a file is not UTF-8. */
export const WINDOWS_1252_NOTE =
  "This file is not UTF-8; it was read as Windows-1252 (Western European). If characters look wrong, save it from Excel as 'CSV UTF-8'.";

/** A stream of UTF-8 chunks made from the original file bytes. */
export interface Utf8Input {
  encoding: TextEncodingName;
  /** True when the start was not valid UTF-8 and Windows-1252 was used instead. */
  fallback: boolean;
  /** UTF-8 chunks, BOM removed. */
  chunks: AsyncGenerator<Uint8Array, void, undefined>;
  /** Original bytes pulled from the source so far. */
  bytesRead(): number;
}

/** Finds the encoding from the BOM, a UTF-16 zero-byte pattern or a UTF-8 check of the start. */
export function detectEncoding(
  head: Uint8Array,
  complete: boolean,
): { encoding: TextEncodingName; bomLength: number } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) {
    return { encoding: 'utf-8-bom', bomLength: 3 };
  }
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  const utf16 = guessUtf16(head);
  if (utf16) return { encoding: utf16, bomLength: 0 };
  return { encoding: isUtf8(head, complete) ? 'utf-8' : 'windows-1252', bomLength: 0 };
}

/** UTF-16 without a BOM shows up as ASCII text with a zero byte in every pair. */
function guessUtf16(head: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const pairs = Math.min(head.length, 4096) >> 1;
  if (pairs < 2) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < pairs; i++) {
    if (head[2 * i] === 0) evenZeros++;
    if (head[2 * i + 1] === 0) oddZeros++;
  }
  if (oddZeros > pairs * 0.4 && evenZeros < pairs * 0.05) return 'utf-16le';
  if (evenZeros > pairs * 0.4 && oddZeros < pairs * 0.05) return 'utf-16be';
  return null;
}

/** True when the bytes are valid UTF-8; a character cut at the end is fine unless complete. */
export function isUtf8(bytes: Uint8Array, complete: boolean): boolean {
  const sample = bytes.length > UTF8_CHECK_BYTES ? bytes.subarray(0, UTF8_CHECK_BYTES) : bytes;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample, {
      stream: !complete || sample !== bytes,
    });
    return true;
  } catch {
    return false;
  }
}

/**
 * Detects the encoding (unless `override` is given) from the first ~1 MB and returns the file
 * as UTF-8 chunks. Only the first megabyte is held at once; the rest streams through.
 */
export async function openUtf8(
  source: AsyncIterable<Uint8Array>,
  override?: EncodingOverride,
): Promise<Utf8Input> {
  const it = source[Symbol.asyncIterator]();
  let bytesRead = 0;
  const first: Uint8Array[] = [];
  let firstLength = 0;
  let done = false;
  while (firstLength < UTF8_CHECK_BYTES) {
    const r = await it.next();
    if (r.done) {
      done = true;
      break;
    }
    if (r.value.length === 0) continue;
    first.push(r.value);
    firstLength += r.value.length;
    bytesRead += r.value.length;
  }
  let head = concat(first, firstLength);
  first.length = 0;
  const detected = detectEncoding(head, done);
  let encoding = detected.encoding;
  let bomLength = detected.bomLength;
  if (override) {
    const bomMatches =
      (override === 'utf-8' && encoding === 'utf-8-bom') ||
      ((override === 'utf-16le' || override === 'utf-16be') && encoding === override);
    if (!bomMatches) bomLength = 0;
    encoding = override === 'utf-8' && bomMatches ? 'utf-8-bom' : override;
  }
  const fallback = !override && encoding === 'windows-1252';

  async function* rest(): AsyncGenerator<Uint8Array, void, undefined> {
    if (!done) {
      for (;;) {
        const r = await it.next();
        if (r.done) break;
        bytesRead += r.value.length;
        yield r.value;
      }
    }
  }

  async function* chunks(): AsyncGenerator<Uint8Array, void, undefined> {
    // The first megabyte is dropped once passed on, so it is not held until the end.
    let start: Uint8Array | null = head.subarray(bomLength);
    head = new Uint8Array(0);
    if (encoding === 'utf-8' || encoding === 'utf-8-bom') {
      if (start.length > 0) yield start;
      start = null;
      yield* rest();
      return;
    }
    const decoder = new TextDecoder(encoding, { ignoreBOM: true });
    const encoder = new TextEncoder();
    const transcode = (bytes: Uint8Array | null) =>
      encoder.encode(bytes ? decoder.decode(bytes, { stream: true }) : decoder.decode());
    let out = transcode(start);
    start = null;
    if (out.length > 0) yield out;
    for await (const chunk of rest()) {
      out = transcode(chunk);
      if (out.length > 0) yield out;
    }
    out = transcode(null);
    if (out.length > 0) yield out;
  }

  return { encoding, fallback, chunks: chunks(), bytesRead: () => bytesRead };
}

/** Joins byte chunks (no copy when there is only one). */
export function concat(parts: Uint8Array[], length: number): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(length);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}
