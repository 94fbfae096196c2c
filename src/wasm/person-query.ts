// The person-query aggregation kernel: AssemblyScript, compiled to WebAssembly at build time
// (scripts/assemblyscript-plugin.mjs) and driven by src/lib/person-query/kernel.ts.
//
// It does exactly what CsvScanner + PersonQueryAggregator (src/lib/person-query/aggregate.ts)
// do, on the bytes of a chunk copied into its memory: an RFC 4180 scan (16 bytes at a time with
// SIMD to find the next delimiter, quote or line break), then per record the PersonId interned
// by hash, the week's date, the (person, week) bit, and the metric values summed per person.
// Whatever is rare and needs strings or messages goes back to JavaScript through the imports
// below: a date not seen just before, a metric cell that is not a plain number, a person's first
// or changed identifier, and every issue. The unit tests compare both paths on random files.
//
// Memory: no garbage collector (--runtime stub); everything is allocated once and grows by
// blocks, so nothing is copied or left behind as people are added.

const QUOTE: i32 = 0x22;
const LF: i32 = 0x0a;
const CR: i32 = 0x0d;
const FIELD_PLAIN: i32 = 0;
const FIELD_ESCAPED: i32 = 1;
const FIELD_MESSY: i32 = 2;
const BAD_DATE: i32 = -2;

// Rare cases are handed to JavaScript, which builds the messages.
@external("env", "date") declare function jsDate(s: i32, e: i32, flag: i32): i32;
@external("env", "slowNumber") declare function jsSlowNumber(s: i32, e: i32, flag: i32, j: i32, row: i32): f64;
@external("env", "inactiveText") declare function jsInactiveText(s: i32, e: i32, flag: i32): i32;
@external("env", "identifier") declare function jsIdentifier(p: i32, s: i32, e: i32, flag: i32, is: i32, ie: i32, row: i32, conflict: i32): void;
@external("env", "report") declare function jsReport(code: i32, row: i32, p: i32, d: i32, s: i32, e: i32, flag: i32): void;

// report() codes (the same numbers in kernel.ts).
const REPORT_BLANK_PERSON: i32 = 1;
const REPORT_BAD_DATE: i32 = 2;
const REPORT_DUPLICATE_WEEK: i32 = 3;
const REPORT_RAGGED: i32 = 4;

// ---- spec
let delim: i32 = 0x2c;
let decimalPoint: i32 = 0x2e;
let headerRows: i32 = 1;
let need: i32 = 0;
let personCol: i32 = 0;
let dateCol: i32 = 1;
let idCol: i32 = -1;
let inactiveCol: i32 = -1;
let m: i32 = 0;
let metricCols: usize = 0; // i32[m]

// ---- counters
export let row: i32 = 0;
export let rows: i32 = 0;
export let counted: i32 = 0;
export let outsideWindow: i32 = 0;
export let inactive: i32 = 0;
export let unclosedQuoteRow: i32 = 0;

// ---- input
let input: usize = 0;
let inputCap: i32 = 0;

// ---- record fields
let starts: usize = 0;
let ends: usize = 0;
let flags: usize = 0;
let fieldCap: i32 = 0;

// ---- people: PersonIds interned by open addressing over a byte arena; per-person arrays in
// blocks of BLOCK people, so that growing never copies and never leaves a dead copy behind
// (this allocator does not reuse freed memory).
const BLOCK_SHIFT: i32 = 12;
const BLOCK: i32 = 1 << BLOCK_SHIFT;
const BLOCK_MASK: i32 = BLOCK - 1;
// Offsets within a block: hashes, keyStart, keyEnd, weeks, idHash (i32 each), then sums
// (f64 × m) and missing (i32 × m) per person.
const OFF_HASH: i32 = 0;
const OFF_KEY_START: i32 = 4 * BLOCK;
const OFF_KEY_END: i32 = 8 * BLOCK;
const OFF_WEEKS: i32 = 12 * BLOCK;
const OFF_ID: i32 = 16 * BLOCK;
const OFF_SUMS: i32 = 20 * BLOCK;
let offMissing: i32 = 0;
let blockBytes: i32 = 0;
export let people: i32 = 0;
let blocks: usize = 0; // pointer per block
let seenBlocks: usize = 0; // pointer per block: `strideBytes` bits-bytes per person
let blockCount: i32 = 0;
let blockCap: i32 = 0;
let slots: usize = 0;
let slotCount: i32 = 0;
let arena: usize = 0;
let arenaCap: i32 = 0;
let arenaUsed: i32 = 0;
let strideBytes: i32 = 8;

@inline function blockOf(p: i32): usize {
  return load<usize>(blocks + (<usize>(p >> BLOCK_SHIFT) << 2));
}
/** Address of person p's i32 at block offset `off`. */
@inline function at32(p: i32, off: i32): usize {
  return blockOf(p) + <usize>off + (<usize>(p & BLOCK_MASK) << 2);
}

// ---- dates
let lastDate: usize = 0; // 64 bytes
let lastDateLen: i32 = -1;
let lastDateCode: i32 = 0;
let dateRows: usize = 0; // f64
let dateCap: i32 = 0;

// ---- number parsing
let pow10: usize = 0; // f64 10^0…10^22
let pow10i: usize = 0; // i64 10^0…10^8

function alloc(bytes: i32): usize {
  const p = heap.alloc(<usize>bytes);
  memory.fill(p, 0, <usize>bytes);
  return p;
}

function regrow(old: usize, oldBytes: i32, newBytes: i32): usize {
  const p = alloc(newBytes);
  memory.copy(p, old, <usize>oldBytes);
  heap.free(old);
  return p;
}

/** Sets the spec; `cols` points at `count` i32 metric column numbers written by the caller. */
export function init(
  delimiter: i32,
  comma: i32,
  header: i32,
  person: i32,
  date: i32,
  id: i32,
  inactiveColumn: i32,
  metricCount: i32,
): usize {
  delim = delimiter;
  decimalPoint = comma ? 0x2c : 0x2e;
  headerRows = header;
  personCol = person;
  dateCol = date;
  idCol = id;
  inactiveCol = inactiveColumn;
  m = metricCount;
  metricCols = alloc(max(m, 1) * 4);
  fieldCap = 256;
  starts = alloc(fieldCap * 4);
  ends = alloc(fieldCap * 4);
  flags = alloc(fieldCap * 4);
  offMissing = OFF_SUMS + BLOCK * max(m, 1) * 8;
  blockBytes = offMissing + BLOCK * max(m, 1) * 4;
  blockCap = 64;
  blocks = alloc(blockCap * 4);
  seenBlocks = alloc(blockCap * 4);
  slotCount = 2048;
  slots = alloc(slotCount * 4);
  arenaCap = 64 * 1024;
  arena = alloc(arenaCap);
  lastDate = alloc(64);
  dateCap = 64;
  dateRows = alloc(dateCap * 8);
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
  return metricCols;
}

/** Call after init once the metric columns are written: computes how many fields a row needs. */
export function ready(): void {
  let n = max(max(personCol, dateCol), max(idCol, inactiveCol));
  for (let j = 0; j < m; j++) n = max(n, load<i32>(metricCols + (<usize>j << 2)));
  need = n + 1;
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

@inline function byteAt(p: i32): i32 {
  return <i32>load<u8>(input + <usize>p);
}

function growFields(): void {
  const cap = fieldCap * 2;
  starts = regrow(starts, fieldCap * 4, cap * 4);
  ends = regrow(ends, fieldCap * 4, cap * 4);
  flags = regrow(flags, fieldCap * 4, cap * 4);
  fieldCap = cap;
}

@inline function setField(i: i32, s: i32, e: i32, f: i32): void {
  const o = <usize>i << 2;
  store<i32>(starts + o, s);
  store<i32>(ends + o, e);
  store<i32>(flags + o, f);
}

/**
 * Scans and aggregates the complete records in input[0, len). Returns where the first
 * incomplete record starts (len when none). With `final`, the last record needs no line end.
 */
export function scan(len: i32, final: i32): i32 {
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
      record(count);
    }
    pos = next;
  }
  return len;
}

// ---- the record

@inline function isSpace(c: i32): bool {
  return c == 0x20 || c == 0x09;
}

const FNV_OFFSET: u32 = 0x811c9dc5;
const FNV_PRIME: u32 = 0x01000193;

function hashBytes(s: i32, e: i32): i32 {
  let h: u32 = FNV_OFFSET ^ <u32>(e - s);
  let i = s;
  for (const end4 = e - 3; i < end4; i += 4) {
    h = (h ^ load<u32>(input + <usize>i)) * FNV_PRIME;
    h ^= h >>> 15;
  }
  for (; i < e; i++) h = (h ^ <u32>byteAt(i)) * FNV_PRIME;
  return <i32>(h ^ (h >>> 13));
}

function person(s: i32, e: i32): i32 {
  const h = hashBytes(s, e);
  const len = e - s;
  const mask = slotCount - 1;
  let i = h & mask;
  for (;;) {
    const k = load<i32>(slots + (<usize>i << 2));
    if (k == 0) break;
    const p = k - 1;
    if (load<i32>(at32(p, OFF_HASH)) == h) {
      const ks = load<i32>(at32(p, OFF_KEY_START));
      if (
        load<i32>(at32(p, OFF_KEY_END)) - ks == len &&
        memory.compare(arena + <usize>ks, input + <usize>s, <usize>len) == 0
      ) {
        return p;
      }
    }
    i = (i + 1) & mask;
  }
  return addPerson(s, e, h, i);
}

function addPerson(s: i32, e: i32, h: i32, slot: i32): i32 {
  const p = people;
  if (p == blockCount << BLOCK_SHIFT) addBlock();
  const len = e - s;
  if (arenaUsed + len > arenaCap) {
    const cap = max(arenaCap * 2, arenaUsed + len);
    arena = regrow(arena, arenaCap, cap);
    arenaCap = cap;
  }
  memory.copy(arena + <usize>arenaUsed, input + <usize>s, <usize>len);
  store<i32>(at32(p, OFF_KEY_START), arenaUsed);
  arenaUsed += len;
  store<i32>(at32(p, OFF_KEY_END), arenaUsed);
  store<i32>(at32(p, OFF_HASH), h);
  people++;
  store<i32>(slots + (<usize>slot << 2), p + 1);
  if (people * 2 > slotCount) rehash();
  return p;
}

function addBlock(): void {
  if (blockCount == blockCap) {
    blocks = regrow(blocks, blockCap * 4, blockCap * 8);
    seenBlocks = regrow(seenBlocks, blockCap * 4, blockCap * 8);
    blockCap *= 2;
  }
  const o = <usize>blockCount << 2;
  store<usize>(blocks + o, alloc(blockBytes));
  store<usize>(seenBlocks + o, alloc(BLOCK * strideBytes));
  blockCount++;
}

function rehash(): void {
  heap.free(slots);
  slotCount *= 2;
  slots = alloc(slotCount * 4);
  const mask = slotCount - 1;
  for (let p = 0; p < people; p++) {
    let i = load<i32>(at32(p, OFF_HASH)) & mask;
    while (load<i32>(slots + (<usize>i << 2)) != 0) i = (i + 1) & mask;
    store<i32>(slots + (<usize>i << 2), p + 1);
  }
}

/** Widens every person's (person, date) bits so that date index d fits. */
function widenSeen(d: i32): void {
  let stride = strideBytes;
  while (d >= stride * 8) stride *= 2;
  for (let b = 0; b < blockCount; b++) {
    const o = <usize>b << 2;
    const old = load<usize>(seenBlocks + o);
    const next = alloc(BLOCK * stride);
    for (let q = 0; q < BLOCK; q++) {
      memory.copy(next + <usize>(q * stride), old + <usize>(q * strideBytes), <usize>strideBytes);
    }
    heap.free(old);
    store<usize>(seenBlocks + o, next);
  }
  strideBytes = stride;
}

/** Date code for the field: (index << 1 | inWindow), or BAD_DATE. */
function dateCode(s: i32, e: i32, f: i32): i32 {
  const len = e - s;
  if (len == lastDateLen && memory.compare(lastDate, input + <usize>s, <usize>len) == 0) {
    return lastDateCode;
  }
  const code = jsDate(s, e, f);
  if (code >= 0) {
    const d = code >> 1;
    if (d >= dateCap) {
      let cap = dateCap;
      while (d >= cap) cap *= 2;
      dateRows = regrow(dateRows, dateCap * 8, cap * 8);
      dateCap = cap;
    }
    if (d >= strideBytes * 8) widenSeen(d);
  }
  if (len <= 64) {
    memory.copy(lastDate, input + <usize>s, <usize>len);
    lastDateLen = len;
    lastDateCode = code;
  }
  return code;
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

@inline function parseNumber(s: i32, e: i32): f64 {
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

/** Blank (after trimming spaces and tabs), or NULL, NA, NaN in any case: a missing value. */
function isMissingMarker(s: i32, e: i32): bool {
  while (s < e && isSpace(byteAt(s))) s++;
  while (e > s && isSpace(byteAt(e - 1))) e--;
  const n = e - s;
  if (n == 0) return true;
  const a = byteAt(s) | 0x20;
  if (a != 0x6e) return false; // n
  const b = byteAt(s + 1) | 0x20;
  if (n == 4) return b == 0x75 && (byteAt(s + 2) | 0x20) == 0x6c && (byteAt(s + 3) | 0x20) == 0x6c;
  if (n == 2) return b == 0x61;
  if (n == 3) return b == 0x61 && (byteAt(s + 2) | 0x20) == 0x6e;
  return false;
}

@inline function fs(i: i32): i32 {
  return load<i32>(starts + (<usize>i << 2));
}
@inline function fe(i: i32): i32 {
  return load<i32>(ends + (<usize>i << 2));
}
@inline function ff(i: i32): i32 {
  return load<i32>(flags + (<usize>i << 2));
}

function record(count: i32): void {
  if (row <= headerRows) return;
  if (count == 1 && fs(0) == fe(0)) return; // blank line
  rows++;
  if (count < need) {
    jsReport(REPORT_RAGGED, row, count, need, 0, 0, 0);
    while (fieldCap < need) growFields();
    for (let i = count; i < need; i++) setField(i, 0, 0, FIELD_PLAIN);
  }

  // PersonId
  let ps = fs(personCol);
  let pe = fe(personCol);
  while (ps < pe && isSpace(byteAt(ps))) ps++;
  while (pe > ps && isSpace(byteAt(pe - 1))) pe--;
  if (ps == pe) {
    jsReport(REPORT_BLANK_PERSON, row, 0, 0, 0, 0, 0);
    return;
  }
  const p = person(ps, pe);

  // Identifier, over every row whatever the window
  if (idCol >= 0) {
    const s = fs(idCol);
    const e = fe(idCol);
    let is = s;
    let ie = e;
    while (is < ie && isSpace(byteAt(is))) is++;
    while (ie > is && isSpace(byteAt(ie - 1))) ie--;
    if (is != ie) {
      const h = hashBytes(is, ie) | 1;
      const o = at32(p, OFF_ID);
      const known = load<i32>(o);
      if (known == 0) {
        store<i32>(o, h);
        jsIdentifier(p, s, e, ff(idCol), is, ie, row, 0);
      } else if (known != h) {
        store<i32>(o, h);
        jsIdentifier(p, s, e, ff(idCol), is, ie, row, 1);
      }
    }
  }

  // MetricDate
  const ds = fs(dateCol);
  const de = fe(dateCol);
  const code = dateCode(ds, de, ff(dateCol));
  if (code < 0) {
    jsReport(REPORT_BAD_DATE, row, p, 0, ds, de, ff(dateCol));
    return;
  }
  const d = code >> 1;
  const dr = dateRows + (<usize>d << 3);
  store<f64>(dr, load<f64>(dr) + 1);
  if ((code & 1) == 0) {
    outsideWindow++;
    return;
  }
  const at =
    load<usize>(seenBlocks + (<usize>(p >> BLOCK_SHIFT) << 2)) +
    <usize>((p & BLOCK_MASK) * strideBytes + (d >> 3));
  const bit = 1 << (d & 7);
  const was = <i32>load<u8>(at);
  if (was & bit) {
    jsReport(REPORT_DUPLICATE_WEEK, row, p, d, 0, 0, 0);
    return;
  }
  store<u8>(at, <u8>(was | bit));
  if (inactiveCol >= 0) {
    const s = fs(inactiveCol);
    const e = fe(inactiveCol);
    const v = parseNumber(s, e);
    const off = v == v ? v <= 0 : jsInactiveText(s, e, ff(inactiveCol)) != 0;
    if (off) {
      inactive++;
      return;
    }
  }

  counted++;
  const wo = at32(p, OFF_WEEKS);
  store<i32>(wo, load<i32>(wo) + 1);
  const block = blockOf(p);
  const q = p & BLOCK_MASK;
  const sums = block + <usize>OFF_SUMS + (<usize>(q * m) << 3);
  const missing = block + <usize>offMissing + (<usize>(q * m) << 2);
  for (let j = 0; j < m; j++) {
    const c = load<i32>(metricCols + (<usize>j << 2));
    const s = fs(c);
    const e = fe(c);
    let v = parseNumber(s, e);
    if (v != v) {
      // Blank, NULL, NA and NaN (a third of the rows of a real query: unlicensed Copilot
      // metrics) are missing without a call out; anything else goes to JavaScript.
      v = ff(c) == FIELD_PLAIN && isMissingMarker(s, e) ? NaN : jsSlowNumber(s, e, ff(c), j, row);
      if (v != v) {
        const mo = missing + (<usize>j << 2);
        store<i32>(mo, load<i32>(mo) + 1);
        continue;
      }
    }
    const so = sums + (<usize>j << 3);
    store<f64>(so, load<f64>(so) + v);
  }
}

// ---- reading the state back

/** Where block b's array starts: 0 keyStart, 1 keyEnd, 3 weeks, 4 sums, 5 missing, 6 seen bits. */
export function blockPtr(b: i32, what: i32): usize {
  const base = load<usize>(blocks + (<usize>b << 2));
  switch (what) {
    case 0: return base + <usize>OFF_KEY_START;
    case 1: return base + <usize>OFF_KEY_END;
    case 3: return base + <usize>OFF_WEEKS;
    case 4: return base + <usize>OFF_SUMS;
    case 5: return base + <usize>offMissing;
    case 6: return load<usize>(seenBlocks + (<usize>b << 2));
  }
  return 0;
}

export function arenaPtr(): usize {
  return arena;
}

export function dateRowsPtr(): usize {
  return dateRows;
}

export function seenStride(): i32 {
  return strideBytes;
}

export const PEOPLE_PER_BLOCK: i32 = BLOCK;
