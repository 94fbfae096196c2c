// Dictionary encoding straight from UTF-8 bytes. Each distinct value is decoded to a string
// once, the first time it is seen; repeats are found by hashing and comparing raw bytes in an
// open-addressing table, so a 1M-row categorical column costs no string per row. The bytes of
// distinct values live in one growable arena that is dropped at finish().

import { decodeBytes } from './fields';

/** A fast 32-bit hash of bytes: four bytes per multiply, murmur-style mixing. */
function hashBytes(buf: Uint8Array, start: number, end: number): number {
  let h = end - start;
  let i = start;
  for (; i + 3 < end; i += 4) {
    const k = buf[i] | (buf[i + 1] << 8) | (buf[i + 2] << 16) | (buf[i + 3] << 24);
    h = Math.imul(h ^ Math.imul(k, 0xcc9e2d51), 0x1b873593);
    h ^= h >>> 15;
  }
  for (; i < end; i++) h = Math.imul(h ^ buf[i], 0x5bd1e995);
  h ^= h >>> 13;
  h = Math.imul(h, 0x5bd1e995);
  return h ^ (h >>> 15);
}

/** Gives each distinct byte string a dictionary code (0, 1, 2... in order of appearance). */
export class ByteDict {
  readonly dict: string[] = [];
  /**
   * Slot i is [hash, code + 1, arena offset, byte length] at 4i (code + 1 = 0: empty). Keeping
   * all four together costs one cache miss per lookup in a big dictionary instead of three.
   * The slot count is a power of two, at most half full.
   */
  private slots = new Int32Array(4 * 1024);
  private mask = 1023;
  private arena = new Uint8Array(4096);
  private arenaLength = 0;
  /** The previous non-blank value: code, arena offset and length (code -1: none). */
  private lastCode = -1;
  private lastOffset = 0;
  private lastLength = 0;
  private invalidUtf8 = false;

  /** `onInvalidUtf8` is called once, for the first value whose bytes are not valid UTF-8. */
  constructor(private readonly onInvalidUtf8?: () => void) {}

  /** The code of buf[start, end), adding it to the dictionary if new. */
  intern(buf: Uint8Array, start: number, end: number): number {
    const len = end - start;
    const arena = this.arena;
    // Exports are often sorted (a person's weeks in a row): try the previous value first.
    // IDs of equal length often differ only at the end: compare the last byte first.
    if (
      this.lastLength === len &&
      this.lastCode >= 0 &&
      arena[this.lastOffset + len - 1] === buf[end - 1]
    ) {
      const off = this.lastOffset;
      let i = 0;
      while (i < len && arena[off + i] === buf[start + i]) i++;
      if (i === len) return this.lastCode;
    }
    const h = hashBytes(buf, start, end);
    const mask = this.mask;
    const slots = this.slots;
    let slot = h & mask;
    for (;;) {
      const e = 4 * slot;
      const entry = slots[e + 1];
      if (entry === 0) break;
      if (slots[e] === h && slots[e + 3] === len) {
        const off = slots[e + 2];
        let i = 0;
        while (i < len && arena[off + i] === buf[start + i]) i++;
        if (i === len) {
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
    const code = this.dict.length;
    const s = decodeBytes(buf, start, end);
    if (!this.invalidUtf8 && s.includes('\uFFFD') && !hasReplacementBytes(buf, start, end)) {
      this.invalidUtf8 = true;
      this.onInvalidUtf8?.();
    }
    this.dict.push(s);
    const off = this.arenaLength;
    const len = end - start;
    if (off + len > this.arena.length) {
      const next = new Uint8Array(Math.max(off + len, this.arena.length * 2));
      next.set(this.arena.subarray(0, off));
      this.arena = next;
    }
    this.arena.set(buf.subarray(start, end), off);
    this.arenaLength = off + len;
    const e = 4 * slot;
    this.slots[e] = h;
    this.slots[e + 1] = code + 1;
    this.slots[e + 2] = off;
    this.slots[e + 3] = len;
    this.lastCode = code;
    this.lastOffset = off;
    this.lastLength = len;
    if ((code + 1) * 2 > this.mask + 1) this.rehash();
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
      slots.set(old.subarray(e, e + 4), 4 * slot);
    }
    this.slots = slots;
    this.mask = mask;
  }

  /** The dictionary; the hash table and arena are released. */
  finish(): string[] {
    this.slots = new Int32Array(0);
    this.arena = new Uint8Array(0);
    this.lastCode = -1;
    this.lastLength = -1;
    return this.dict;
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

/** True when the bytes contain an encoded U+FFFD (EF BF BD), i.e. the file really has one. */
function hasReplacementBytes(buf: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i + 2 < end; i++) {
    if (buf[i] === 0xef && buf[i + 1] === 0xbf && buf[i + 2] === 0xbd) return true;
  }
  return false;
}
