// Turns many short UTF-8 byte strings into JS strings with few TextDecoder calls.
//
// Why: a TextDecoder call costs far more than the bytes it decodes when values are short (in
// Chromium about a microsecond per call, through the bindings). Values are appended to a block,
// each followed by a 0x00 separator; a full block is decoded in one call and split at the
// separators (a native split, whose parts are mostly slices of the block's string). Only the
// values' bytes are held until their block is full, so a column of a million unique comments
// costs one string per value and a few hundred decoder calls.

/** Largest block: decoded in one call, then reused. */
const BLOCK_BYTES = 1 << 20;
/** First block of a column: small tables stay small. */
const FIRST_BLOCK_BYTES = 4096;

// Leading BOMs are kept: each value's is stripped when appended (see add()), as decoding that
// value alone would, and the separators make sure no other value starts the decoded text.
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/** A growing list of strings, appended as UTF-8 bytes and decoded a block at a time. */
export class TextBlocks {
  private block = new Uint8Array(0);
  private blockView = viewOf(this.block);
  /** The buffer last added from, and a view of it. */
  private buf: Uint8Array = new Uint8Array(0);
  private bufView = viewOf(this.buf);
  private length = 0;
  /**
   * Decoded strings, one array per block (a value holding 0x00 bytes is one on its own); with
   * `keepBytes`, a full block is kept as its bytes instead.
   */
  private parts: PackedText = [];
  /** Strings appended so far. */
  count = 0;
  private invalidSeen = false;

  /**
   * `onInvalidUtf8` is called once, when the first value whose bytes are not valid UTF-8 is
   * added (it is decoded with U+FFFD for the bad bytes, as TextDecoder does).
   */
  constructor(
    private readonly onInvalidUtf8?: () => void,
    private readonly keepBytes = false,
  ) {}

  /** Appends the string of buf[start, end); returns its index. */
  add(buf: Uint8Array, start: number, end: number): number {
    // TextDecoder would drop a BOM at the start of this value decoded alone.
    if (end - start >= 3 && buf[start] === 0xef && buf[start + 1] === 0xbb) {
      if (buf[start + 2] === 0xbf) start += 3;
    }
    const len = end - start;
    if (this.length + len >= this.block.length) this.makeRoom(len + 1);
    const block = this.block;
    const from = this.length;
    const to = from + len;
    // Copied four bytes at a time through DataViews (set() was slower in Chromium: a subarray
    // per value), and checked for NUL and non-ASCII bytes on the way.
    if (buf !== this.buf) {
      this.buf = buf;
      this.bufView = viewOf(buf);
    }
    const src = this.bufView;
    const dst = this.blockView;
    let nul = 0; // in the words, bit 7 of a byte set by a 0x00 byte; then < 0 for any 0x00
    let high = 0; // bit 7 of a byte set by a non-ASCII byte
    let i = start;
    let o = from;
    for (; i + 3 < end; i += 4, o += 4) {
      const w = src.getInt32(i, true);
      dst.setInt32(o, w, true);
      nul |= (w - 0x01010101) & ~w;
      high |= w;
    }
    nul = (nul & 0x80808080) !== 0 ? -1 : 0;
    high = (high | (high >>> 8) | (high >>> 16) | (high >>> 24)) & 0xff;
    for (; i < end; i++, o++) {
      const b = buf[i];
      block[o] = b;
      nul |= b - 1;
      high |= b;
    }
    block[to] = 0;
    this.length = to + 1;
    if (high >= 0x80 && !this.invalidSeen && !validUtf8(buf, start, end)) {
      this.invalidSeen = true;
      this.onInvalidUtf8?.();
    }
    if (nul < 0) {
      // The separator cannot mark this value's end: decode it apart.
      this.length = from;
      this.flush();
      this.parts.push([utf8.decode(buf.subarray(start, end))]);
    }
    return this.count++;
  }

  /** All strings in order; the bytes are released. */
  finish(): string[] {
    return unpackText(this.finishPacked());
  }

  /** All strings in order, blocks not decoded yet (with `keepBytes`); see unpackText. */
  finishPacked(): PackedText {
    this.flush();
    this.block = new Uint8Array(0);
    this.blockView = viewOf(this.block);
    this.buf = this.block;
    this.bufView = this.blockView;
    const parts = this.parts;
    this.parts = [];
    return parts;
  }

  /** Makes room for `need` more bytes: grows a small block, or decodes a full one. */
  private makeRoom(need: number): void {
    const size = this.block.length;
    if (size < BLOCK_BYTES) {
      const next = new Uint8Array(
        Math.max(this.length + need, Math.min(BLOCK_BYTES, Math.max(FIRST_BLOCK_BYTES, size * 2))),
      );
      next.set(this.block.subarray(0, this.length));
      this.block = next;
      this.blockView = viewOf(next);
      if (this.length + need <= next.length) return;
    }
    this.flush();
    if (need > this.block.length) {
      this.block = new Uint8Array(need);
      this.blockView = viewOf(this.block);
    }
  }

  /** Decodes the values in the block. */
  private flush(): void {
    if (this.length === 0) return;
    // Without the last separator: the split then gives exactly one part per value.
    const bytes = this.block.subarray(0, this.length - 1);
    this.parts.push(this.keepBytes ? bytes.slice() : decodeBlock(bytes));
    this.length = 0;
  }
}

/**
 * Strings in blocks: decoded, or (TextBlocks' `keepBytes`) the UTF-8 bytes of values separated
 * by 0x00. Bytes cross to another thread without a copy, and without one object per value.
 */
export type PackedText = (string[] | Uint8Array)[];

/** A DataView over exactly the bytes of `a`. */
function viewOf(a: Uint8Array): DataView {
  return new DataView(a.buffer, a.byteOffset, a.byteLength);
}

function decodeBlock(bytes: Uint8Array): string[] {
  return utf8.decode(bytes).split('\0');
}

/** The strings of packed blocks, in order. */
export function unpackText(parts: PackedText): string[] {
  return joinArrays(parts.map((p) => (p instanceof Uint8Array ? decodeBlock(p) : p)));
}

/** Arrays passed to one concat() call (a spread of too many arguments throws). */
const CONCAT_GROUP = 4096;

/**
 * The arrays' items in one array. concat() copies natively: about 4× faster than a push per item
 * for a million strings (Node 20).
 */
export function joinArrays(arrays: string[][]): string[] {
  if (arrays.length === 1) return arrays[0];
  let out: string[] = [];
  for (let i = 0; i < arrays.length; i += CONCAT_GROUP) {
    out = out.concat(...arrays.slice(i, i + CONCAT_GROUP));
  }
  return out;
}

/** True when buf[start, end) is well-formed UTF-8 (what TextDecoder decodes without U+FFFD). */
export function validUtf8(buf: Uint8Array, start: number, end: number): boolean {
  let i = start;
  while (i < end) {
    const c = buf[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    let n: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) n = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      n = 2;
      if (c === 0xe0) lo = 0xa0;
      else if (c === 0xed) hi = 0x9f; // no surrogates
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 3;
      if (c === 0xf0) lo = 0x90;
      else if (c === 0xf4) hi = 0x8f; // at most U+10FFFF
    } else return false;
    if (i + n >= end) return false;
    const x = buf[i + 1];
    if (x < lo || x > hi) return false;
    for (let k = 2; k <= n; k++) {
      const y = buf[i + k];
      if (y < 0x80 || y > 0xbf) return false;
    }
    i += n + 1;
  }
  return true;
}
