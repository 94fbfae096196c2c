// Turning one field's UTF-8 bytes into a string or a number without going through the text of
// the whole chunk. Fields are given as [start, end) in a byte buffer plus a flag saying how the
// field was quoted (see FIELD_* below).

/** Field bytes are the value as is (unquoted, or quoted without `""` inside). */
export const FIELD_PLAIN = 0;
/** Quoted field whose content [start, end) contains `""` escapes. */
export const FIELD_ESCAPED = 1;
/** Quoted field with text after its closing quote: [start, end) starts at the opening quote. */
export const FIELD_MESSY = 2;

const QUOTE = 0x22;
const utf8 = new TextDecoder('utf-8');

/**
 * Copies the value of a quoted field into `out` with the quotes removed; returns its length.
 * `out` must be at least end - start long.
 */
export function unescapeField(
  buf: Uint8Array,
  start: number,
  end: number,
  flag: number,
  out: Uint8Array,
): number {
  let n = 0;
  let i = start;
  if (flag === FIELD_MESSY) i++; // the opening quote
  let inQuotes = true;
  while (i < end) {
    const c = buf[i++];
    if (c === QUOTE && inQuotes) {
      if (i < end && buf[i] === QUOTE) i++;
      else {
        // The closing quote: whatever follows is kept literally (quotes included), as Excel does.
        inQuotes = false;
        continue;
      }
    }
    out[n++] = c;
  }
  return n;
}

/** Decodes UTF-8 bytes; short pure-ASCII values skip TextDecoder, whose call costs more. */
export function decodeBytes(buf: Uint8Array, start: number, end: number): string {
  const len = end - start;
  if (len === 0) return '';
  if (len <= 16) {
    let ascii = true;
    for (let i = start; i < end; i++) {
      if (buf[i] > 0x7f) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      let s = '';
      for (let i = start; i < end; i++) s += String.fromCharCode(buf[i]);
      return s;
    }
  }
  return utf8.decode(buf.subarray(start, end));
}

let scratch = new Uint8Array(1024);

/** A scratch buffer of at least `n` bytes, reused between calls (single-threaded). */
export function scratchBuffer(n: number): Uint8Array {
  if (scratch.length < n) scratch = new Uint8Array(Math.max(n, scratch.length * 2));
  return scratch;
}

/** The field's value as a string, quotes removed. */
export function fieldString(buf: Uint8Array, start: number, end: number, flag: number): string {
  if (flag === FIELD_PLAIN) return decodeBytes(buf, start, end);
  const out = scratchBuffer(end - start);
  return decodeBytes(out, 0, unescapeField(buf, start, end, flag, out));
}

/** Exact powers of ten: m * 10^e is correctly rounded when m < 2^53 and |e| <= 22. */
const POW10 = new Float64Array(23);
for (let i = 0, p = 1; i < 23; i++, p *= 10) POW10[i] = p;

/**
 * Reads a plain decimal number (`-12.5`, `3e-4`, `.5`) straight from bytes, or returns NaN when
 * the field is anything else (blank, spaces, too many digits, text) so the caller falls back to
 * `parseNumber` on the decoded text. Same results as `parseNumber` where it answers.
 */
export function parseNumberBytes(
  buf: Uint8Array,
  start: number,
  end: number,
  decimalComma: boolean,
): number {
  let i = start;
  let c = buf[i];
  if (end - i === 1) return c >= 0x30 && c <= 0x39 ? c - 0x30 : NaN; // "0" is very common
  let neg = false;
  if (c === 0x2d || c === 0x2b) {
    neg = c === 0x2d;
    i++;
  }
  let m = 0;
  const intStart = i;
  for (; i < end; i++) {
    const d = buf[i] - 0x30;
    if (d >>> 0 > 9) break;
    m = m * 10 + d;
  }
  let digits = i - intStart;
  let exp = 0;
  if (i < end && buf[i] === (decimalComma ? 0x2c : 0x2e)) {
    const fracStart = ++i;
    for (; i < end; i++) {
      const d = buf[i] - 0x30;
      if (d >>> 0 > 9) break;
      m = m * 10 + d;
    }
    exp = fracStart - i;
    digits -= exp;
  }
  // Up to 15 digits, m is exact (< 2^53).
  if (digits === 0 || digits > 15) return NaN;
  if (i < end) {
    c = buf[i];
    if (c !== 0x65 && c !== 0x45) return NaN; // e, E
    exp += readExponent(buf, i + 1, end);
  }
  let v: number;
  if (exp === 0) v = m;
  else if (exp > 0 && exp <= 22) v = m * POW10[exp];
  else if (exp < 0 && exp >= -22) v = m / POW10[-exp];
  else return NaN;
  return neg ? -v : v;
}

/** The exponent in buf[i, end) (`-4`, `+12`, `7`), or NaN when malformed or huge. */
function readExponent(buf: Uint8Array, i: number, end: number): number {
  let neg = false;
  const c = buf[i];
  if (c === 0x2d || c === 0x2b) {
    neg = c === 0x2d;
    i++;
  }
  if (i >= end || end - i > 4) return NaN;
  let exp = 0;
  for (; i < end; i++) {
    const d = buf[i] - 0x30;
    if (d >>> 0 > 9) return NaN;
    exp = exp * 10 + d;
  }
  return neg ? -exp : exp;
}

/** The fields of one record as strings (unescaped and decoded). */
export function recordStrings(
  buf: Uint8Array,
  starts: Int32Array,
  ends: Int32Array,
  flags: Uint8Array,
  count: number,
): string[] {
  const fields = new Array<string>(count);
  for (let i = 0; i < count; i++) fields[i] = fieldString(buf, starts[i], ends[i], flags[i]);
  return fields;
}
