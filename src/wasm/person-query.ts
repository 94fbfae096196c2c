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
// The scanner and the number reader are shared with the CSV table kernel (scan.ts).
//
// Memory: no garbage collector (--runtime stub); everything is allocated once and grows by
// blocks, so nothing is copied or left behind as people are added.

import {
  alloc,
  byteAt,
  ensureFields,
  fe,
  ff,
  FIELD_PLAIN,
  fs,
  hashBytes,
  initScanner,
  inputStart,
  isSpace,
  parseNumber,
  regrow,
  row,
  scanRecords,
  setField,
} from './scan';
export { inputBuffer, row, shift, unclosedQuoteRow } from './scan';

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
let headerRows: i32 = 1;
let need: i32 = 0;
let personCol: i32 = 0;
let dateCol: i32 = 1;
let idCol: i32 = -1;
let inactiveCol: i32 = -1;
let m: i32 = 0;
let metricCols: usize = 0; // i32[m]

// ---- counters
export let rows: i32 = 0;
export let counted: i32 = 0;
export let outsideWindow: i32 = 0;
export let inactive: i32 = 0;

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
  initScanner(delimiter, comma != 0);
  headerRows = header;
  personCol = person;
  dateCol = date;
  idCol = id;
  inactiveCol = inactiveColumn;
  m = metricCount;
  metricCols = alloc(max(m, 1) * 4);
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
  return metricCols;
}

/** Call after init once the metric columns are written: computes how many fields a row needs. */
export function ready(): void {
  let n = max(max(personCol, dateCol), max(idCol, inactiveCol));
  for (let j = 0; j < m; j++) n = max(n, load<i32>(metricCols + (<usize>j << 2)));
  need = n + 1;
}

/**
 * Scans and aggregates the complete records in input[0, len). Returns where the first
 * incomplete record starts (len when none). With `final`, the last record needs no line end.
 */
export function scan(len: i32, final: i32): i32 {
  return scanRecords(len, final, record);
}

// ---- the record

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
        memory.compare(arena + <usize>ks, inputStart() + <usize>s, <usize>len) == 0
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
  memory.copy(arena + <usize>arenaUsed, inputStart() + <usize>s, <usize>len);
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
  if (len == lastDateLen && memory.compare(lastDate, inputStart() + <usize>s, <usize>len) == 0) {
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
    memory.copy(lastDate, inputStart() + <usize>s, <usize>len);
    lastDateLen = len;
    lastDateCode = code;
  }
  return code;
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


function record(count: i32): void {
  if (row <= headerRows) return;
  if (count == 1 && fs(0) == fe(0)) return; // blank line
  rows++;
  if (count < need) {
    jsReport(REPORT_RAGGED, row, count, need, 0, 0, 0);
    ensureFields(need);
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
