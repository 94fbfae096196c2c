// The CSV table kernel: AssemblyScript, compiled to WebAssembly at build time
// (scripts/assemblyscript-plugin.mjs) and driven by src/lib/read/csv/table-kernel.ts.
//
// It does what CsvScanner + CsvTableSink (src/lib/read/csv/) do once the column types are known:
// the RFC 4180 scan (scan.ts), then per record each number column's cell parsed from its bytes
// and each text column's cell dictionary-encoded (the same codes as ByteDict: distinct values
// numbered in order of appearance, a column that is nearly all distinct stored raw after
// RAW_CHECK values). Rows are written to a batch of BATCH rows that JavaScript copies into its
// columns; the distinct values' bytes go into blocks (as TextBlocks: each value followed by a
// 0x00) that JavaScript decodes a block at a time. The rare cases go back to JavaScript through
// the imports below, which keep the rules and the wording of table-sink.ts: a number cell that
// is not a plain number, a ragged row, the first bytes that are not UTF-8, and a value that
// holds a 0x00 byte (which cannot be separated by 0x00). The unit tests compare both paths.

import {
  alloc,
  FIELD_MESSY,
  FIELD_PLAIN,
  fe,
  ff,
  fs,
  hashAt,
  initScanner,
  inputStart,
  parseNumber,
  QUOTE,
  regrow,
  row,
  scanRecords,
} from './scan';
export { inputBuffer, row, shift, unclosedQuoteRow } from './scan';

@external("env", "slowNumber") declare function jsSlowNumber(j: i32, r: i32, row: i32, s: i32, e: i32, flag: i32): f64;
@external("env", "ragged") declare function jsRagged(count: i32, row: i32): void;
@external("env", "rows") declare function jsRows(n: i32): void;
@external("env", "text") declare function jsText(j: i32, ptr: usize, len: i32, alone: i32): void;
@external("env", "invalidUtf8") declare function jsInvalidUtf8(row: i32): void;

/** Rows per batch handed to JavaScript. */
export const BATCH: i32 = 4096;
/** As ByteDict: values looked at before deciding whether a column is worth interning... */
const RAW_CHECK: i32 = 16384;
/** ...and the distinct values among them (⌈16384 × 0.95⌉) from which it is stored raw. */
const RAW_MIN_DISTINCT: i32 = 15565;
/** As TextBlocks: the first and the largest block of a column's distinct values. */
const FIRST_BLOCK: i32 = 4096;
const MAX_BLOCK: i32 = 1 << 20;
/** A dictionary slot: 32 bytes. */
const SLOT_SHIFT: i32 = 5;
/** Bytes written past a block's end by the 16-byte copy. */
const SLACK: i32 = 16;

let ncol: i32 = 0;
let headerFields: i32 = 0;
/** Records still to skip (header rows) before building. */
export let skip: i32 = 0;
/** Rows handed to JavaScript so far. */
export let built: i32 = 0;
let config: usize = 0; // i32[2 * ncol]: field of column j, then 1 for a number column
let numbers: usize = 0; // f64[ncol * BATCH], column after column
let codes: usize = 0; // i32[ncol * BATCH]
let batchRows: i32 = 0;
let scratch: usize = 0;
let scratchCap: i32 = 0;
let utf8Reported = false;

/** One text column's dictionary: ByteDict and its TextBlocks. */
class Dict {
  // Open addressing over SLOT-byte slots (see intern).
  slots: usize = 0;
  mask: i32 = 0;
  arena: usize = 0;
  arenaCap: i32 = 0;
  arenaLength: i32 = 0;
  // The distinct values not yet handed over, each followed by 0x00.
  block: usize = 0;
  blockCap: i32 = 0;
  blockLength: i32 = 0;
  count: i32 = 0;
  seen: i32 = 0;
  raw: bool = false;
  /** The slot of the previous value (0: none). */
  last: usize = 0;
}

let dicts: StaticArray<Dict | null> = new StaticArray<Dict | null>(0);

/** Sets the spec; returns where the caller writes the columns' fields and types (see config). */
export function init(delimiter: i32, comma: i32, columns: i32, skipRecords: i32): usize {
  initScanner(delimiter, comma != 0);
  ncol = columns;
  skip = skipRecords;
  config = alloc(max(ncol, 1) * 8);
  return config;
}

/** Call after init once the config is written: allocates the batch and the dictionaries. */
export function ready(): void {
  let n = 0;
  for (let j = 0; j < ncol; j++) n = max(n, fieldOf(j) + 1);
  headerFields = n;
  numbers = alloc(max(ncol, 1) * BATCH * 8);
  codes = alloc(max(ncol, 1) * BATCH * 4);
  scratchCap = 4096;
  scratch = alloc(scratchCap + SLACK);
  dicts = new StaticArray<Dict | null>(ncol);
  for (let j = 0; j < ncol; j++) {
    if (isNumber(j)) continue;
    const d = new Dict();
    d.mask = 1023;
    d.slots = alloc(1024 << SLOT_SHIFT);
    d.arenaCap = 4096;
    d.arena = alloc(d.arenaCap);
    d.blockCap = FIRST_BLOCK;
    d.block = alloc(d.blockCap + SLACK);
    dicts[j] = d;
  }
}

export function numbersPtr(): usize {
  return numbers;
}

export function codesPtr(): usize {
  return codes;
}

@inline function fieldOf(j: i32): i32 {
  return load<i32>(config + (<usize>j << 2));
}

@inline function isNumber(j: i32): bool {
  return load<i32>(config + (<usize>(ncol + j) << 2)) != 0;
}

/**
 * Scans and builds the complete records in input[0, len). Returns where the first incomplete
 * record starts (len when none). With `final`, the last record needs no line end.
 */
export function scan(len: i32, final: i32): i32 {
  return scanRecords(len, final, record);
}

/** After the last scan: hands over the last rows and every column's last block. */
export function finish(): void {
  flushRows();
  for (let j = 0; j < ncol; j++) {
    const d = unchecked(dicts[j]);
    if (d !== null) flushBlock(j, d);
  }
}

function flushRows(): void {
  if (batchRows == 0) return;
  jsRows(batchRows);
  built += batchRows;
  batchRows = 0;
}

function record(count: i32): void {
  if (skip > 0) {
    skip--;
    return;
  }
  if (count != headerFields) jsRagged(count, row);
  const r = batchRows;
  const base = inputStart();
  for (let j = 0; j < ncol; j++) {
    const f = fieldOf(j);
    let s: i32 = 0;
    let e: i32 = 0;
    let flag: i32 = FIELD_PLAIN;
    if (f < count) {
      s = fs(f);
      e = fe(f);
      flag = ff(f);
    }
    const at = <usize>(j * BATCH + r);
    if (isNumber(j)) {
      let v: f64 = NaN;
      if (s != e) {
        if (flag == FIELD_PLAIN) v = parseNumber(s, e);
        if (v != v) v = jsSlowNumber(j, built + r, row, s, e, flag);
      }
      store<f64>(numbers + (at << 3), v);
    } else {
      let code: i32 = -1;
      if (s != e) {
        if (flag == FIELD_PLAIN) code = intern(j, base + <usize>s, e - s);
        else {
          const n = unescape(base, s, e, flag);
          if (n > 0) code = intern(j, scratch, n);
        }
      }
      store<i32>(codes + (at << 2), code);
    }
  }
  batchRows = r + 1;
  if (batchRows == BATCH) flushRows();
}

/** Copies the value of the quoted field input[s, e) to `scratch` without its quotes (as fields.ts). */
function unescape(base: usize, s: i32, e: i32, flag: i32): i32 {
  if (e - s > scratchCap) {
    scratchCap = max(e - s, scratchCap * 2);
    scratch = alloc(scratchCap + SLACK); // (the old one stays: this allocator does not reuse)
  }
  let n: i32 = 0;
  let i = s;
  if (flag == FIELD_MESSY) i++; // the opening quote
  let inQuotes = true;
  while (i < e) {
    const c = <i32>load<u8>(base + <usize>i);
    i++;
    if (c == QUOTE && inQuotes) {
      if (i < e && <i32>load<u8>(base + <usize>i) == QUOTE) i++;
      else {
        // The closing quote: whatever follows is kept literally (quotes included), as Excel does.
        inQuotes = false;
        continue;
      }
    }
    store<u8>(scratch + <usize>n, <u8>c);
    n++;
  }
  return n;
}

/**
 * The code of the `len` bytes at `p` in column j's dictionary, added if new (as ByteDict, with
 * the same codes). A slot is SLOT bytes: [hash, code + 1, length, arena offset, 16 key bytes].
 * Keys of up to 16 bytes (IDs, dates, categories) are kept in the slot itself, so a lookup
 * touches one cache line; longer ones are compared in the arena.
 */
function intern(j: i32, p: usize, len: i32): i32 {
  const d = unchecked(dicts[j])!;
  if (d.raw) return add(j, d, p, len);
  if (++d.seen == RAW_CHECK && d.count >= RAW_MIN_DISTINCT) {
    goRaw(d);
    return add(j, d, p, len);
  }
  // Exports are often sorted (a person's weeks in a row): try the previous value first.
  const last = d.last;
  if (last != 0 && load<i32>(last, 8) == len && matches(d, last, p, len)) {
    return load<i32>(last, 4) - 1;
  }
  const h = hashAt(p, len);
  const mask = d.mask;
  let slot = h & mask;
  for (;;) {
    const e = d.slots + (<usize>slot << SLOT_SHIFT);
    const entry = load<i32>(e, 4);
    if (entry == 0) break;
    if (load<i32>(e) == h && load<i32>(e, 8) == len && matches(d, e, p, len)) {
      d.last = e;
      return entry - 1;
    }
    slot = (slot + 1) & mask;
  }
  const code = add(j, d, p, len);
  const e = d.slots + (<usize>slot << SLOT_SHIFT);
  store<i32>(e, h);
  store<i32>(e, code + 1, 4);
  store<i32>(e, len, 8);
  if (len <= 16) {
    v128.store(e, v128.and(v128.load(p), keyMask(len)), 16);
  } else {
    const off = d.arenaLength;
    if (off + len > d.arenaCap) {
      const cap = max(off + len, d.arenaCap * 2);
      d.arena = regrow(d.arena, off, cap);
      d.arenaCap = cap;
    }
    memory.copy(d.arena + <usize>off, p, <usize>len);
    d.arenaLength = off + len;
    store<i32>(e, off, 12);
  }
  d.last = e;
  if ((code + 1) * 4 > (mask + 1) * 3) rehash(d);
  return code;
}

/** 0xff in the first `len` bytes (len ≤ 16), 0 after. */
@inline function keyMask(len: i32): v128 {
  return i8x16.gt_s(i8x16.splat(<i8>len), v128(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15));
}

/** True when slot `e` (of the same length) holds the `len` bytes at `p`. */
@inline function matches(d: Dict, e: usize, p: usize, len: i32): bool {
  if (len <= 16) {
    // The input and the scratch buffer have 16 bytes of slack, so 16 bytes can be read.
    const diff = v128.and(v128.xor(v128.load(p), v128.load(e, 16)), keyMask(len));
    return !v128.any_true(diff);
  }
  return sameBytes(d.arena + <usize>load<i32>(e, 12), p, len);
}

/** True when the `len` (> 8) bytes at `a` and `b` are the same (memory.compare goes byte by byte). */
@inline function sameBytes(a: usize, b: usize, len: i32): bool {
  const last = <usize>(len - 8);
  for (let i: usize = 0; i < last; i += 8) {
    if (load<u64>(a + i) != load<u64>(b + i)) return false;
  }
  return load<u64>(a + last) == load<u64>(b + last);
}

function rehash(d: Dict): void {
  const old = d.slots;
  const oldSize = d.mask + 1;
  const size = oldSize * 2;
  const mask = size - 1;
  const slots = alloc(size << SLOT_SHIFT);
  for (let i = 0; i < oldSize; i++) {
    const from = old + (<usize>i << SLOT_SHIFT);
    if (load<i32>(from, 4) == 0) continue;
    let slot = load<i32>(from) & mask;
    while (load<i32>(slots + (<usize>slot << SLOT_SHIFT), 4) != 0) slot = (slot + 1) & mask;
    memory.copy(slots + (<usize>slot << SLOT_SHIFT), from, 1 << SLOT_SHIFT);
  }
  heap.free(old);
  d.slots = slots;
  d.mask = mask;
  d.last = 0;
}

/** Stops interning: every later value gets a new code (the table and bytes are not needed). */
function goRaw(d: Dict): void {
  d.raw = true;
  heap.free(d.slots);
  d.slots = 0;
  d.mask = 0;
  d.last = 0;
}

/** Appends a distinct value to column j's block (as TextBlocks.add); returns its code. */
function add(j: i32, d: Dict, p: usize, len: i32): i32 {
  // TextDecoder would drop a BOM at the start of this value decoded alone.
  if (len >= 3 && load<u8>(p) == 0xef && load<u8>(p, 1) == 0xbb && load<u8>(p, 2) == 0xbf) {
    p += 3;
    len -= 3;
  }
  if (d.blockLength + len >= d.blockCap) makeRoom(j, d, len + 1);
  const from = d.blockLength;
  const to = d.block + <usize>from;
  // Copied 16 bytes at a time (the input and the block have slack), noting bytes ≥ 0x80 and
  // 0x00 bytes on the way.
  const zero = i8x16.splat(0);
  let high: i32 = 0;
  let nul: i32 = 0;
  let i: i32 = 0;
  for (; i < len; i += 16) {
    const v = v128.load(p + <usize>i);
    v128.store(to + <usize>i, v);
    let keep: i32 = 0xffff;
    if (len - i < 16) keep = (1 << (len - i)) - 1;
    high |= i8x16.bitmask(v) & keep;
    nul |= i8x16.bitmask(i8x16.eq(v, zero)) & keep;
  }
  store<u8>(to + <usize>len, 0);
  d.blockLength = from + len + 1;
  if (high != 0 && !utf8Reported && !validUtf8(p, len)) {
    utf8Reported = true;
    jsInvalidUtf8(row);
  }
  if (nul != 0) {
    // The separator cannot mark this value's end: handed over on its own.
    d.blockLength = from;
    flushBlock(j, d);
    jsText(j, p, len, 1);
  }
  return d.count++;
}

/** Makes room for `need` more bytes: grows a small block, or hands over a full one. */
function makeRoom(j: i32, d: Dict, need: i32): void {
  const size = d.blockCap;
  if (size < MAX_BLOCK) {
    const cap = max(d.blockLength + need, min(MAX_BLOCK, max(FIRST_BLOCK, size * 2)));
    d.block = regrow(d.block, d.blockLength, cap + SLACK);
    d.blockCap = cap;
    if (d.blockLength + need <= cap) return;
  }
  flushBlock(j, d);
  if (need > d.blockCap) {
    d.block = alloc(need + SLACK);
    d.blockCap = need;
  }
}

/** Hands column j's block to JavaScript (without its last separator) and empties it. */
function flushBlock(j: i32, d: Dict): void {
  if (d.blockLength == 0) return;
  jsText(j, d.block, d.blockLength - 1, 0);
  d.blockLength = 0;
}

/** True when the `len` bytes at `p` are well-formed UTF-8 (as validUtf8 in text-blocks.ts). */
function validUtf8(p: usize, len: i32): bool {
  let i: i32 = 0;
  while (i < len) {
    const c = <i32>load<u8>(p + <usize>i);
    if (c < 0x80) {
      i++;
      continue;
    }
    let n: i32;
    let lo: i32 = 0x80;
    let hi: i32 = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) n = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      n = 2;
      if (c == 0xe0) lo = 0xa0;
      else if (c == 0xed) hi = 0x9f; // no surrogates
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 3;
      if (c == 0xf0) lo = 0x90;
      else if (c == 0xf4) hi = 0x8f; // at most U+10FFFF
    } else return false;
    if (i + n >= len) return false;
    const x = <i32>load<u8>(p + <usize>(i + 1));
    if (x < lo || x > hi) return false;
    for (let k = 2; k <= n; k++) {
      const y = <i32>load<u8>(p + <usize>(i + k));
      if (y < 0x80 || y > 0xbf) return false;
    }
    i += n + 1;
  }
  return true;
}
