// The hot path of the xlsx reader: scans worksheet XML bytes for <row> and <c> elements and
// hands each value to a SheetAssembler. No strings are built for numbers, shared-string
// indexes or tag names, and the scan never backtracks, which is what makes it several times
// faster than a general XML parser. It is longer than most modules because splitting the
// per-cell loop into smaller calls measurably slows it down.
import type { SheetAssembler } from './assemble';
import { ChunkText } from './chunk-text';
import { decodeXmlText } from './xml-text';
import type { SharedStringTable } from './shared-strings';
import { serialToIso } from './date-serial';
import { STYLE_NUMBER } from './types';
import {
  findByte,
  localStart,
  nameEnd,
  parseIntBytes,
  latin1,
  parseSimpleNumber,
  readRichText,
  richText,
  tagEnd,
  tagWasSelfClosing,
} from './xml-bytes';

// Cell types (the t attribute).
const T_N = 0;
const T_S = 1;
const T_STR = 2;
const T_INLINE = 3;
const T_B = 4;
const T_E = 5;
const T_D = 6;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function cellType(buf: Uint8Array, s: number, e: number): number {
  const c = buf[s];
  if (c === 0x73) return e - s === 1 ? T_S : T_STR; // s | str
  if (c === 0x69) return T_INLINE; // inlineStr
  if (c === 0x62) return T_B;
  if (c === 0x65) return T_E;
  if (c === 0x64) return T_D;
  return T_N;
}

/** 0-based column of a reference like "AB12"; -1 when it has no letters. */
function refColumn(buf: Uint8Array, s: number, e: number): number {
  let col = 0;
  let i = s;
  for (; i < e; i++) {
    const c = buf[i] | 0x20; // lower-case
    if (c < 0x61 || c > 0x7a) break;
    col = col * 26 + (c - 0x60);
  }
  return i === s ? -1 : col - 1;
}

/** ISO text for a t="d" cell ("2026-04-01T10:00:00Z" -> "2026-04-01T10:00:00"). */
function isoDateText(text: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}(?::\d{2})?))?/.exec(text.trim());
  if (!m) return text;
  if (!m[2] || /^00:00(?::00)?$/.test(m[2])) return m[1];
  return `${m[1]}T${m[2].length === 5 ? m[2] + ':00' : m[2]}`;
}

/** Index just past the "-->" that ends a comment, or -1 if the buffer ends first. */
function commentEnd(buf: Uint8Array, from: number): number {
  for (let i = from; ; i++) {
    const gt = findByte(buf, 0x3e, i);
    if (gt < 0) return -1;
    if (buf[gt - 1] === 0x2d && buf[gt - 2] === 0x2d) return gt + 1;
    i = gt;
  }
}

/** Streams one worksheet's XML into a SheetAssembler. */
export class SheetScanner {
  /** True once </sheetData> was seen: the rest of the part can be skipped. */
  done = false;
  /**
   * A shared-string index not loaded yet: scan() stopped before its cell; load the table that
   * far, reset this to -1 and scan again from the returned position.
   */
  needString = -1;
  private row = 0;
  private col = -1;
  /**
   * The chunk as text, for numbers that need Number(). Cell strings are decoded one by one
   * instead: a substring would keep the whole chunk of markup alive in the column dictionary.
   */
  private readonly text = new ChunkText();

  constructor(
    private readonly sink: SheetAssembler,
    private readonly dateStyles: Uint8Array,
    private readonly date1904: boolean,
    private readonly sst: SharedStringTable,
  ) {}

  /**
   * Scans `buf` and returns how many bytes were consumed; the caller prepends the rest (an
   * unfinished element) to the next chunk.
   */
  scan(buf: Uint8Array): number {
    this.text.reset(buf);
    const len = buf.length;
    let pos = 0;
    while (pos < len) {
      const lt = findByte(buf, 0x3c, pos);
      if (lt < 0) return len;
      if (buf[lt + 1] === 0x21 && buf[lt + 2] === 0x2d) {
        // <!-- comment -->: may hold '<', '>' and ':'.
        const end = commentEnd(buf, lt + 4);
        if (end < 0) return lt;
        pos = end;
        continue;
      }
      const closing = buf[lt + 1] === 0x2f;
      const ns = closing ? lt + 2 : lt + 1;
      const ne = nameEnd(buf, ns);
      if (ne < 0) return lt;
      const ls = localStart(buf, ns, ne);
      const n = ne - ls;
      const c0 = buf[ls];
      if (n === 1 && c0 === 0x63 && !closing) {
        const end = this.cell(buf, ne);
        if (end < 0) return lt;
        pos = end;
      } else if (n === 3 && c0 === 0x72 && buf[ls + 1] === 0x6f && buf[ls + 2] === 0x77) {
        const end = tagEnd(buf, ne);
        if (end < 0) return lt;
        if (!closing) this.startRow(buf, ne, end);
        pos = end;
      } else if (n === 9 && c0 === 0x73 && buf[ls + 5] === 0x44) {
        // sheetData: the closing tag (or an empty <sheetData/>) ends the cells.
        const end = tagEnd(buf, ne);
        if (end < 0) return lt;
        if (closing || tagWasSelfClosing) {
          this.done = true;
          return len;
        }
        pos = end;
      } else {
        pos = ne;
      }
    }
    return len;
  }

  private startRow(buf: Uint8Array, from: number, end: number): void {
    let r = -1;
    // Find the attribute r="N" (not spans=, ht=, x14ac:dyDescent=...).
    for (let i = from; i < end - 3; i++) {
      if (buf[i] === 0x72 && buf[i + 1] === 0x3d && isSpace(buf[i - 1])) {
        r = parseIntBytes(buf, i + 3, end);
        break;
      }
    }
    // Missing r means the next row; a smaller one (malformed) is not allowed to go back.
    this.row = r > this.row ? r : this.row + 1;
    this.col = -1;
    this.sink.row(this.row);
  }

  /** Parses one <c> element from just after its name; returns the index after it, or -1. */
  private cell(buf: Uint8Array, from: number): number {
    const len = buf.length;
    let ref = -1;
    let type = T_N;
    let style = 0;
    let i = from;
    let empty = false;
    // Attributes.
    for (;;) {
      while (i < len && isSpace(buf[i])) i++;
      if (i >= len) return -1;
      const c = buf[i];
      if (c === 0x3e) {
        i++;
        break;
      }
      if (c === 0x2f) {
        if (i + 1 >= len) return -1;
        i += 2;
        empty = true;
        break;
      }
      const an = i;
      while (i < len && buf[i] !== 0x3d && !isSpace(buf[i])) i++;
      const anEnd = i;
      while (i < len && buf[i] !== 0x22 && buf[i] !== 0x27) i++;
      if (i >= len) return -1;
      const vs = i + 1;
      const ve = findByte(buf, buf[i], vs);
      if (ve < 0) return -1;
      i = ve + 1;
      if (anEnd - an !== 1) continue;
      const a = buf[an];
      if (a === 0x72) ref = refColumn(buf, vs, ve);
      else if (a === 0x74) type = cellType(buf, vs, ve);
      else if (a === 0x73) style = parseIntBytes(buf, vs, ve);
    }
    // Children: <v>, <f>, <is>, until </c>.
    let vs = -1;
    let ve = -1;
    let inline: string | null = null;
    if (!empty) {
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
          i = after;
          if (n === 1 && buf[ls] === 0x63) break;
        } else if (n === 1 && buf[ls] === 0x76 && !tagWasSelfClosing) {
          vs = after;
          ve = findByte(buf, 0x3c, after);
          if (ve < 0) return -1;
          i = ve;
        } else if (n === 2 && buf[ls] === 0x69 && buf[ls + 1] === 0x73 && !tagWasSelfClosing) {
          const end = readRichText(buf, after, 0x69, 0x73);
          if (end < 0) return -1;
          inline = richText;
          i = end;
        } else if (n === 1 && buf[ls] === 0x66 && !tagWasSelfClosing) {
          // Formula text holds no raw '<', so the next tag is </f>.
          const fe = findByte(buf, 0x3c, after);
          if (fe < 0) return -1;
          i = fe;
        } else {
          i = after;
        }
      }
    }
    const col = ref >= 0 ? ref : this.col + 1;
    let sstIndex = -1;
    if (type === T_S && vs >= 0) {
      sstIndex = parseIntBytes(buf, vs, ve);
      if (sstIndex >= this.sst.strings.length && !this.sst.complete) {
        this.needString = sstIndex;
        return -1;
      }
    }
    this.col = col;
    if (type === T_INLINE) {
      if (inline !== null && inline !== '') this.sink.str(col, inline);
      return i;
    }
    if (vs < 0 || ve <= vs) return i;
    const sink = this.sink;
    switch (type) {
      case T_N: {
        let v = parseSimpleNumber(buf, vs, ve);
        if (v !== v) {
          // 16+ digits (Excel writes 17 for most fractions) or an exponent: let Number() round.
          const t = (this.text.slice(vs, ve) ?? latin1(buf, vs, ve)).trim();
          v = t === '' ? NaN : Number(t);
          if (Number.isNaN(v)) {
            sink.str(col, decodeXmlText(buf, vs, ve));
            break;
          }
        }
        const ds = style < this.dateStyles.length ? this.dateStyles[style] : STYLE_NUMBER;
        const iso = ds === STYLE_NUMBER ? null : serialToIso(v, ds, this.date1904);
        if (iso === null) sink.num(col, v);
        else sink.str(col, iso);
        break;
      }
      case T_S:
        if (sstIndex >= 0) sink.sst(col, sstIndex);
        break;
      case T_B:
        sink.str(col, buf[vs] === 0x31 || buf[vs] === 0x74 ? 'TRUE' : 'FALSE');
        break;
      case T_E:
        sink.error(col, decodeXmlText(buf, vs, ve));
        break;
      case T_D:
        sink.str(col, isoDateText(decodeXmlText(buf, vs, ve)));
        break;
      default: {
        const s = decodeXmlText(buf, vs, ve);
        if (s !== '') sink.str(col, s);
      }
    }
    return i;
  }
}
