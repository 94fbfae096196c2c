// Byte-level helpers for scanning SpreadsheetML without building strings or a DOM. Functions
// return -1 when the buffer ends before what they look for, so callers can carry the
// unfinished element over to the next chunk.
import { decodeXmlText } from './xml-text';

/** Index of byte `b` at or after `from`, or -1. A plain loop: faster than indexOf for short hops. */
export function findByte(buf: Uint8Array, b: number, from: number): number {
  const len = buf.length;
  for (let i = from; i < len; i++) if (buf[i] === b) return i;
  return -1;
}

/** End of the tag name starting at `p` (first space, '>' or '/'), or -1 at the buffer end. */
export function nameEnd(buf: Uint8Array, p: number): number {
  const len = buf.length;
  for (let i = p; i < len; i++) {
    const c = buf[i];
    if (c === 0x20 || c === 0x3e || c === 0x2f || c === 0x0a || c === 0x0d || c === 0x09) return i;
  }
  return -1;
}

/** Start of the local name in [s, e): after a namespace prefix such as `x:`. */
export function localStart(buf: Uint8Array, s: number, e: number): number {
  for (let i = e - 1; i > s; i--) if (buf[i] === 0x3a) return i + 1;
  return s;
}

/** Index just past the '>' that ends the tag containing `from`, or -1; sets `selfClosing`. */
export function tagEnd(buf: Uint8Array, from: number): number {
  const gt = findByte(buf, 0x3e, from);
  if (gt < 0) return -1;
  tagWasSelfClosing = buf[gt - 1] === 0x2f;
  return gt + 1;
}
/** Whether the last tagEnd() ended with "/>". */
export let tagWasSelfClosing = false;

/** Text read by the last successful readRichText(). */
export let richText = '';

/**
 * Reads the text of a string item (`<si>` or `<is>`: plain `<t>`, or rich-text runs `<r><t>`),
 * skipping phonetic runs `<rPh>`. `from` is just after the item's start tag; returns the index
 * after its end tag (2-byte local name `end0 end1`: "si" or "is"), or -1 if the buffer ends
 * first. `decode` turns a `<t>` element's bytes into text.
 */
export function readRichText(
  buf: Uint8Array,
  from: number,
  end0: number,
  end1: number,
  decode: (buf: Uint8Array, start: number, end: number) => string = decodeXmlText,
): number {
  let text = '';
  let inPhonetic = false;
  let i = from;
  for (;;) {
    const lt = findByte(buf, 0x3c, i);
    if (lt < 0) return -1;
    const closing = buf[lt + 1] === 0x2f;
    const ns = closing ? lt + 2 : lt + 1;
    const ne = nameEnd(buf, ns);
    if (ne < 0) return -1;
    const ls = localStart(buf, ns, ne);
    const n = ne - ls;
    const after = tagEnd(buf, ne);
    if (after < 0) return -1;
    if (closing) {
      if (n === 2 && buf[ls] === end0 && buf[ls + 1] === end1) {
        richText = text;
        return after;
      }
      if (n === 3 && buf[ls] === 0x72 && buf[ls + 1] === 0x50 && buf[ls + 2] === 0x68) {
        inPhonetic = false;
      }
      i = after;
    } else if (n === 1 && buf[ls] === 0x74 && !tagWasSelfClosing) {
      // <t>: character data runs to the next '<' (XML text never holds a raw '<').
      const te = findByte(buf, 0x3c, after);
      if (te < 0) return -1;
      if (!inPhonetic) text += decode(buf, after, te);
      i = te;
    } else {
      if (
        n === 3 &&
        buf[ls] === 0x72 &&
        buf[ls + 1] === 0x50 &&
        buf[ls + 2] === 0x68 &&
        !tagWasSelfClosing
      ) {
        inPhonetic = true;
      }
      i = after;
    }
  }
}

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * Parses a plain decimal (optional minus, up to 15 digits, optional fraction) written in bytes
 * [s, e) exactly: an integer below 2^53 divided by an exact power of ten is correctly rounded.
 * NaN for anything else (more digits, an exponent, not a number): the caller falls back to
 * Number() on the text.
 */
export function parseSimpleNumber(buf: Uint8Array, s: number, e: number): number {
  let i = s;
  let neg = false;
  if (buf[i] === 0x2d) {
    neg = true;
    i++;
  }
  let m = 0;
  let digits = 0;
  let frac = 0;
  while (i < e) {
    const d = buf[i] - 0x30;
    if (d < 0 || d > 9) break;
    m = m * 10 + d;
    digits++;
    i++;
  }
  if (i < e && buf[i] === 0x2e) {
    i++;
    while (i < e) {
      const d = buf[i] - 0x30;
      if (d < 0 || d > 9) break;
      m = m * 10 + d;
      digits++;
      frac++;
      i++;
    }
  }
  if (i !== e || digits === 0 || digits > 15) return NaN;
  const v = frac === 0 ? m : m / POW10[frac];
  return neg ? -v : v;
}

/** Bytes [s, e) as one character each (for ASCII such as numbers; no UTF-8 decoding). */
export function latin1(buf: Uint8Array, s: number, e: number): string {
  return String.fromCharCode.apply(null, buf.subarray(s, e) as unknown as number[]);
}

/** Parses a non-negative decimal integer in [s, e); -1 if there is none. */
export function parseIntBytes(buf: Uint8Array, s: number, e: number): number {
  let v = 0;
  let any = false;
  for (let i = s; i < e; i++) {
    const d = buf[i] - 0x30;
    if (d < 0 || d > 9) break;
    v = v * 10 + d;
    any = true;
  }
  return any ? v : -1;
}
