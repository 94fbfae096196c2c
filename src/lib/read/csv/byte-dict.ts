// Dictionary encoding straight from UTF-8 bytes. Repeats are found by hashing and comparing raw
// bytes in an open-addressing table, so a 1M-row categorical column costs no string per row.
// The bytes of distinct values live in one growable arena that is dropped at finish(); their
// strings are decoded in blocks (text-blocks.ts), not one TextDecoder call per value.

import { TextBlocks, type PackedText } from './text-blocks';

// Bytes are read four at a time through DataViews (one unaligned load each in optimised code),
// which halves the cost of hashing and comparing IDs and e-mail addresses.

/** A fast 32-bit hash of bytes: four bytes per multiply, murmur-style mixing. */
function hashBytes(buf: Uint8Array, view: DataView, start: number, end: number): number {
  let h = end - start;
  let i = start;
  for (; i + 3 < end; i += 4) {
    const k = view.getInt32(i, true);
    h = Math.imul(h ^ Math.imul(k, 0xcc9e2d51), 0x1b873593);
    h ^= h >>> 15;
  }
  for (; i < end; i++) h = Math.imul(h ^ buf[i], 0x5bd1e995);
  h ^= h >>> 13;
  h = Math.imul(h, 0x5bd1e995);
  return h ^ (h >>> 15);
}

/** True when a[ao, ao + len) and b[bo, bo + len) hold the same bytes. */
function sameBytes(
  a: Uint8Array,
  av: DataView,
  ao: number,
  b: Uint8Array,
  bv: DataView,
  bo: number,
  len: number,
): boolean {
  let i = 0;
  for (; i + 3 < len; i += 4) {
    if (av.getInt32(ao + i, true) !== bv.getInt32(bo + i, true)) return false;
  }
  for (; i < len; i++) if (a[ao + i] !== b[bo + i]) return false;
  return true;
}

/** A DataView over exactly the bytes of `a`. */
function viewOf(a: Uint8Array): DataView {
  return new DataView(a.buffer, a.byteOffset, a.byteLength);
}

/** Values looked at before deciding whether a column is worth interning. */
const RAW_CHECK = 16384;
/** Distinct share of those values over which a column is stored raw (nearly all unique). */
const RAW_DISTINCT = 0.95;

/**
 * Gives each byte string a dictionary code: distinct values get 0, 1, 2... in order of
 * appearance. A column whose first RAW_CHECK values are nearly all distinct (comments, GUIDs)
 * is not worth hashing: from then on every value gets a new code, so its dictionary may hold
 * repeats.
 */
export class ByteDict {
  /**
   * Slot i is [hash, code + 1, arena offset, byte length] at 4i (code + 1 = 0: empty). Keeping
   * all four together costs one cache miss per lookup in a big dictionary instead of three.
   * The slot count is a power of two, at most three quarters full.
   */
  private slots = new Int32Array(4 * 1024);
  private mask = 1023;
  /** The bytes of the distinct values, to compare with. */
  private arena = new Uint8Array(4096);
  private arenaView = viewOf(this.arena);
  private arenaLength = 0;
  /** The buffer last interned from, and a view of it. */
  private buf: Uint8Array = new Uint8Array(0);
  private bufView = viewOf(this.buf);
  /** The previous non-blank value: code, arena offset and length (code -1: none). */
  private lastCode = -1;
  private lastOffset = 0;
  private lastLength = 0;
  /** Values interned so far (until the raw check). */
  private seen = 0;
  /** True once every value gets a new code. */
  private raw = false;
  /** The strings, by code. */
  private readonly texts: TextBlocks;

  /**
   * `onInvalidUtf8` is called once, for the first value whose bytes are not valid UTF-8. With
   * `packed`, the strings are left for finishPacked() as UTF-8 blocks (see TextBlocks).
   */
  constructor(onInvalidUtf8?: () => void, packed = false) {
    this.texts = new TextBlocks(onInvalidUtf8, packed);
  }

  /** The code of buf[start, end), adding it to the dictionary if new. */
  intern(buf: Uint8Array, start: number, end: number): number {
    if (this.raw) return this.texts.add(buf, start, end);
    if (++this.seen === RAW_CHECK && this.texts.count >= RAW_CHECK * RAW_DISTINCT) {
      this.goRaw();
      return this.texts.add(buf, start, end);
    }
    const len = end - start;
    const arena = this.arena;
    const arenaView = this.arenaView;
    if (buf !== this.buf) {
      this.buf = buf;
      this.bufView = viewOf(buf);
    }
    const bufView = this.bufView;
    // Exports are often sorted (a person's weeks in a row): try the previous value first.
    // IDs of equal length often differ only at the end: compare the last byte first.
    if (
      this.lastLength === len &&
      this.lastCode >= 0 &&
      arena[this.lastOffset + len - 1] === buf[end - 1] &&
      sameBytes(arena, arenaView, this.lastOffset, buf, bufView, start, len)
    ) {
      return this.lastCode;
    }
    const h = hashBytes(buf, bufView, start, end);
    const mask = this.mask;
    const slots = this.slots;
    let slot = h & mask;
    for (;;) {
      const e = 4 * slot;
      const entry = slots[e + 1];
      if (entry === 0) break;
      if (slots[e] === h && slots[e + 3] === len) {
        const off = slots[e + 2];
        if (sameBytes(arena, arenaView, off, buf, bufView, start, len)) {
          this.lastCode = entry - 1;
          this.lastOffset = off;
          this.lastLength = len;
          return entry - 1;
        }
      }
      slot = (slot + 1) & mask;
    }
    return this.add(buf, start, end, h, slot);
  }

  private add(buf: Uint8Array, start: number, end: number, h: number, slot: number): number {
    const code = this.texts.add(buf, start, end);
    const off = this.arenaLength;
    const len = end - start;
    if (off + len > this.arena.length) {
      const next = new Uint8Array(Math.max(off + len, this.arena.length * 2));
      next.set(this.arena.subarray(0, off));
      this.arena = next;
      this.arenaView = viewOf(next);
    }
    const arena = this.arena;
    for (let i = 0; i < len; i++) arena[off + i] = buf[start + i];
    this.arenaLength = off + len;
    const e = 4 * slot;
    this.slots[e] = h;
    this.slots[e + 1] = code + 1;
    this.slots[e + 2] = off;
    this.slots[e + 3] = len;
    this.lastCode = code;
    this.lastOffset = off;
    this.lastLength = len;
    if ((code + 1) * 4 > (this.mask + 1) * 3) this.rehash();
    return code;
  }

  private rehash(): void {
    const old = this.slots;
    const size = (this.mask + 1) * 2;
    const slots = new Int32Array(4 * size);
    const mask = size - 1;
    for (let e = 0; e < old.length; e += 4) {
      if (old[e + 1] === 0) continue;
      let slot = old[e] & mask;
      while (slots[4 * slot + 1] !== 0) slot = (slot + 1) & mask;
      const to = 4 * slot;
      slots[to] = old[e];
      slots[to + 1] = old[e + 1];
      slots[to + 2] = old[e + 2];
      slots[to + 3] = old[e + 3];
    }
    this.slots = slots;
    this.mask = mask;
  }

  /** Stops interning: every later value gets a new code. */
  private goRaw(): void {
    this.raw = true;
    this.slots = new Int32Array(0);
    this.arena = new Uint8Array(0);
    this.arenaView = viewOf(this.arena);
    this.buf = this.arena;
    this.bufView = this.arenaView;
    this.lastCode = -1;
    this.lastLength = -1;
  }

  /** The dictionary; the hash table and bytes are released. */
  finish(): string[] {
    this.goRaw();
    return this.texts.finish();
  }

  /** The dictionary as packed blocks (see unpackText); the hash table and bytes are released. */
  finishPacked(): PackedText {
    this.goRaw();
    return this.texts.finishPacked();
  }
}

/** The first `length` items: a view when little would be wasted, else a copy. */
export function fit<T extends Int32Array<ArrayBuffer> | Float64Array<ArrayBuffer>>(
  a: T,
  length: number,
): T {
  if (a.length === length) return a;
  return (a.length - length <= a.length >> 4 ? a.subarray(0, length) : a.slice(0, length)) as T;
}
