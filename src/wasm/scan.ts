// The RFC 4180 scanner and byte readers shared by the WebAssembly kernels (person-query.ts,
// csv-table.ts): AssemblyScript, compiled into each kernel by asc (the kernel is the entry file).
//
// The input: the caller copies a chunk of UTF-8 bytes to inputBuffer(n) and calls the kernel's
// scan, which hands each complete record to `onRecord` as field offsets (fs, fe, ff) into the
// input, and keeps the incomplete last record for the next chunk (shift). Positions of the
// delimiter, quotes and line breaks are found 16 bytes at a time with SIMD.
//
// Memory: no garbage collector (--runtime stub); the kernels allocate once and grow by doubling.

export const QUOTE: i32 = 0x22;
export const LF: i32 = 0x0a;
export const CR: i32 = 0x0d;
export const FIELD_PLAIN: i32 = 0;
export const FIELD_ESCAPED: i32 = 1;
export const FIELD_MESSY: i32 = 2;

let delim: i32 = 0x2c;
let decimalPoint: i32 = 0x2e;

/** Records seen so far, blank lines included (the 1-based number of the current record). */
export let row: i32 = 0;
/** Row where an unclosed quote opened (set by the final scan), or 0. */
export let unclosedQuoteRow: i32 = 0;

// ---- input
let input: usize = 0;
let inputCap: i32 = 0;

// ---- record fields
let starts: usize = 0;
let ends: usize = 0;
let flags: usize = 0;
let fieldCap: i32 = 0;

// ---- number parsing
let pow10: usize = 0; // f64 10^0…10^22
let pow10i: usize = 0; // i64 10^0…10^8

export function alloc(bytes: i32): usize {
  const p = heap.alloc(<usize>bytes);
  memory.fill(p, 0, <usize>bytes);
  return p;
}

export function regrow(old: usize, oldBytes: i32, newBytes: i32): usize {
  const p = alloc(newBytes);
  memory.copy(p, old, <usize>oldBytes);
  heap.free(old);
  return p;
}

/** Sets the delimiter and decimal separator and allocates the scanner's buffers. */
export function initScanner(delimiter: i32, decimalComma: bool): void {
  delim = delimiter;
  decimalPoint = decimalComma ? 0x2c : 0x2e;
  fieldCap = 256;
  starts = alloc(fieldCap * 4);
  ends = alloc(fieldCap * 4);
  flags = alloc(fieldCap * 4);
  pow10 = alloc(23 * 8);
  pow10i = alloc(9 * 8);
  let q: i64 = 1;
  for (let i = 0; i < 9; i++) {
    store<i64>(pow10i + (<usize>i << 3), q);
    q *= 10;
  }
  let p: f64 = 1;
  for (let i = 0; i < 23; i++) {
    store<f64>(pow10 + (<usize>i << 3), p);
    p *= 10;
  }
}

/** Where the input starts in memory. */
export function inputStart(): usize {
  return input;
}

/** A buffer of at least `n` bytes (+16 readable) at the start of which the caller writes input. */
export function inputBuffer(n: i32): usize {
  if (n + 16 > inputCap) {
    const cap = max(n + (n >> 2) + 65536, inputCap * 2);
    const next = alloc(cap);
    if (input != 0) {
      memory.copy(next, input, <usize>inputCap);
      heap.free(input);
    }
    input = next;
    inputCap = cap;
  }
  return input;
}

/** Moves input[from, to) to the front. */
export function shift(from: i32, to: i32): void {
  memory.copy(input, input + <usize>from, <usize>(to - from));
}

// ---- structural bits: one 16-byte block at a time
let blk: i32 = 0;
let msk: i32 = 0;
let limit: i32 = 0;

@inline function blockMask(at: i32): i32 {
  const v = v128.load(input + <usize>at);
  const x = v128.or(
    v128.or(i8x16.eq(v, i8x16.splat(<i8>delim)), i8x16.eq(v, i8x16.splat(<i8>QUOTE))),
    v128.or(i8x16.eq(v, i8x16.splat(<i8>LF)), i8x16.eq(v, i8x16.splat(<i8>CR))),
  );
  let bits = i8x16.bitmask(x);
  const left = limit - at;
  if (left < 16) bits &= (1 << left) - 1;
  return bits;
}

/**
 * The first position ≥ from holding a quote (`quote`), or else the delimiter, CR or LF;
 * `limit` when none. Positions are taken from the block bits in order, never read twice.
 */
@inline function nextStruct(from: i32, quote: bool): i32 {
  for (;;) {
    while (msk == 0) {
      blk += 16;
      if (blk >= limit) return limit;
      msk = blockMask(blk);
    }
    const p = blk + ctz(msk);
    msk &= msk - 1;
    if (p < from) continue;
    if ((<i32>load<u8>(input + <usize>p) == QUOTE) == quote) return p;
  }
  return limit;
}

/** The first delimiter, CR or LF at or after `from`. */
@inline function nextStop(from: i32): i32 {
  return nextStruct(from, false);
}

/** The first quote at or after `from`. */
function nextQuote(from: i32): i32 {
  return nextStruct(from, true);
}

@inline export function byteAt(p: i32): i32 {
  return <i32>load<u8>(input + <usize>p);
}

export function growFields(): void {
  const cap = fieldCap * 2;
  starts = regrow(starts, fieldCap * 4, cap * 4);
  ends = regrow(ends, fieldCap * 4, cap * 4);
  flags = regrow(flags, fieldCap * 4, cap * 4);
  fieldCap = cap;
}

@inline export function setField(i: i32, s: i32, e: i32, f: i32): void {
  const o = <usize>i << 2;
  store<i32>(starts + o, s);
  store<i32>(ends + o, e);
  store<i32>(flags + o, f);
}

/** Room for at least `n` fields. */
export function ensureFields(n: i32): void {
  while (fieldCap < n) growFields();
}

/**
 * Scans the complete records in input[0, len), calling `onRecord(fieldCount)` for each one that
 * is not a blank line (`row` is its number). Returns where the first incomplete record starts
 * (len when none). With `final`, the last record needs no line end.
 */
export function scanRecords(len: i32, final: i32, onRecord: (count: i32) => void): i32 {
  limit = len;
  let pos: i32 = 0;
  blk = -16;
  msk = 0;
  while (pos < len) {
    const recordStart = pos;
    let count: i32 = 0;
    let next: i32 = -1; // where the next record starts, once this one ended
    for (;;) {
      // One field from pos.
      let s = pos;
      let e: i32;
      let f = FIELD_PLAIN;
      let t: i32; // the terminator's position (limit = none)
      if (pos < len && byteAt(pos) == QUOTE) {
        s = pos + 1;
        let q = s;
        for (;;) {
          const z = nextQuote(q);
          if (z >= len) {
            if (!final) return recordStart;
            unclosedQuoteRow = row + 1;
            s = pos;
            e = len;
            f = FIELD_MESSY;
            t = len;
            break;
          }
          if (z + 1 >= len && !final) return recordStart;
          if (z + 1 < len && byteAt(z + 1) == QUOTE) {
            f = FIELD_ESCAPED;
            q = z + 2;
            // the iterator passed z + 1 only if it was read; nextQuote skips positions < q
            continue;
          }
          e = z;
          if (z + 1 >= len) {
            t = len;
            break;
          }
          const c = byteAt(z + 1);
          if (c == delim || c == LF || c == CR) {
            t = z + 1;
            break;
          }
          // Text after the closing quote: the field runs on as unquoted text.
          s = pos;
          f = FIELD_MESSY;
          t = nextStop(z + 1);
          e = t;
          break;
        }
      } else {
        t = nextStop(pos);
        e = t;
      }
      if (t >= len && !final) return recordStart;
      if (count == fieldCap) growFields();
      setField(count, s, e, f);
      count++;
      if (t >= len) {
        next = len;
        break;
      }
      const c = byteAt(t);
      if (c == delim) {
        pos = t + 1;
        if (pos >= len) {
          if (!final) return recordStart;
          // "a,b," at the very end: one more, empty field.
          if (count == fieldCap) growFields();
          setField(count, len, len, FIELD_PLAIN);
          count++;
          next = len;
          break;
        }
        continue;
      }
      if (c == CR) {
        if (t + 1 >= len && !final) return recordStart;
        next = t + 1 < len && byteAt(t + 1) == LF ? t + 2 : t + 1;
      } else next = t + 1;
      break;
    }
    row++;
    // A zero-length line is a blank line: counted as a row, not read.
    if (count > 1 || load<i32>(ends) > recordStart || load<i32>(flags) != FIELD_PLAIN) {
      onRecord(count);
    }
    pos = next;
  }
  return len;
}

@inline export function isSpace(c: i32): bool {
  return c == 0x20 || c == 0x09;
}

const FNV_OFFSET: u32 = 0x811c9dc5;
const FNV_PRIME: u32 = 0x01000193;

/** A 32-bit hash of the `len` bytes at `p` (FNV-style, four bytes per multiply). */
export function hashAt(p: usize, len: i32): i32 {
  let h: u32 = FNV_OFFSET ^ <u32>len;
  let i: i32 = 0;
  for (const end4 = len - 3; i < end4; i += 4) {
    h = (h ^ load<u32>(p + <usize>i)) * FNV_PRIME;
    h ^= h >>> 15;
  }
  for (; i < len; i++) h = (h ^ <u32>load<u8>(p + <usize>i)) * FNV_PRIME;
  return <i32>(h ^ (h >>> 13));
}

/** The hash of input[s, e). */
@inline export function hashBytes(s: i32, e: i32): i32 {
  return hashAt(input + <usize>s, e - s);
}

// The digits read by readDigits, as an integer (exact while ≤ 15 digits; more give NaN).
let acc: i64 = 0;

/**
 * Reads the run of ASCII digits at input[i, e) into `acc`, eight bytes at a time (SWAR: find
 * the first non-digit byte, then combine the digits with three multiplications); returns
 * where the run ends. Reads up to 8 bytes past `e`, inside the input's 16 bytes of slack.
 */
@inline function readDigits(i: i32, e: i32): i32 {
  for (;;) {
    const v = load<u64>(input + <usize>i);
    // High bit set in every byte that is not '0'…'9' (and maybe in bytes after one that is not).
    const bad = ((v + 0x4646464646464646) | (v - 0x3030303030303030)) & 0x8080808080808080;
    let n = bad == 0 ? 8 : <i32>(ctz(bad) >> 3);
    if (n > e - i) n = e - i;
    if (n <= 0) return i;
    // The n digits moved to the top bytes (zeros below act as leading zeros), then combined.
    let x = (v - 0x3030303030303030) << (<u64>(8 - n) << 3);
    x = x * 10 + (x >> 8);
    x = ((x & 0x000000ff000000ff) * (100 + (1000000 << 32)) +
      ((x >> 16) & 0x000000ff000000ff) * (1 + (10000 << 32))) >> 32;
    acc = acc * load<i64>(pow10i + (<usize>n << 3)) + <i64>x;
    i += n;
    if (n < 8) return i;
  }
  return i;
}

@inline export function parseNumber(s: i32, e: i32): f64 {
  let i = s;
  let c = byteAt(i);
  if (e - i == 1) return c >= 0x30 && c <= 0x39 ? <f64>(c - 0x30) : NaN;
  let neg = false;
  if (c == 0x2d || c == 0x2b) {
    neg = c == 0x2d;
    i++;
  }
  acc = 0;
  const intStart = i;
  i = readDigits(i, e);
  let digits = i - intStart;
  let exp: i32 = 0;
  if (i < e && byteAt(i) == decimalPoint) {
    const fracStart = ++i;
    i = readDigits(i, e);
    exp = fracStart - i;
    digits -= exp;
  }
  if (digits == 0 || digits > 15) return NaN;
  if (i < e) {
    c = byteAt(i);
    if (c != 0x65 && c != 0x45) return NaN;
    const x = readExponent(i + 1, e);
    if (x == i32.MIN_VALUE) return NaN;
    exp += x;
  }
  let v: f64;
  const mf = <f64>acc;
  if (exp == 0) v = mf;
  else if (exp > 0 && exp <= 22) v = mf * load<f64>(pow10 + (<usize>exp << 3));
  else if (exp < 0 && exp >= -22) v = mf / load<f64>(pow10 + (<usize>-exp << 3));
  else return NaN;
  return neg ? -v : v;
}

function readExponent(i: i32, e: i32): i32 {
  let neg = false;
  const c = byteAt(i);
  if (c == 0x2d || c == 0x2b) {
    neg = c == 0x2d;
    i++;
  }
  if (i >= e || e - i > 4) return i32.MIN_VALUE;
  let x: i32 = 0;
  for (; i < e; i++) {
    const d = byteAt(i) - 0x30;
    if (<u32>d > 9) return i32.MIN_VALUE;
    x = x * 10 + d;
  }
  return neg ? -x : x;
}

@inline export function fs(i: i32): i32 {
  return load<i32>(starts + (<usize>i << 2));
}
@inline export function fe(i: i32): i32 {
  return load<i32>(ends + (<usize>i << 2));
}
@inline export function ff(i: i32): i32 {
  return load<i32>(flags + (<usize>i << 2));
}
