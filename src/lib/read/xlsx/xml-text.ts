// Text helpers for SpreadsheetML: decoding byte ranges, XML entities, OOXML _xHHHH_ escapes,
// and regex-based attribute reading for the small workbook parts (never for sheets).

const utf8 = new TextDecoder('utf-8');

const ENTITY_RE = /&(?:(amp|lt|gt|quot|apos)|#(\d+)|#x([0-9a-fA-F]+));/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
// _x005F_ escapes the underscore itself, so "_x005F_x000D_" reads "_x000D_": one left-to-right
// pass gets that right because the replacement is never rescanned.
const OOXML_ESCAPE_RE = /_x([0-9a-fA-F]{4})_/g;

function fromCodePoint(cp: number): string {
  return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : '\ufffd';
}

/** Replaces XML entities (&amp; &lt; &gt; &quot; &apos; &#NN; &#xHH;). */
export function unescapeXml(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(ENTITY_RE, (_m, name: string, dec: string, hex: string) =>
    name ? NAMED[name] : fromCodePoint(dec ? parseInt(dec, 10) : parseInt(hex, 16)),
  );
}

/** Replaces OOXML `_xHHHH_` escapes (e.g. `_x000D_` for a carriage return). */
export function unescapeOoxml(s: string): string {
  if (!s.includes('_x')) return s;
  return s.replace(OOXML_ESCAPE_RE, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/**
 * Decodes bytes [start, end) of XML character data to a string, with entities and _xHHHH_
 * escapes replaced. Short ASCII runs (most cells) skip TextDecoder, whose per-call cost
 * dominates for strings of a few bytes.
 */
export function decodeXmlText(buf: Uint8Array, start: number, end: number): string {
  const len = end - start;
  if (len <= 0) return '';
  let special = false;
  let ascii = true;
  for (let i = start; i < end; i++) {
    const b = buf[i];
    if (b >= 0x80) {
      ascii = false;
      break;
    }
    if (b === 0x26 || b === 0x5f) special = true; // & or _
  }
  let s: string;
  if (ascii && len <= 48) {
    s = String.fromCharCode.apply(null, buf.subarray(start, end) as unknown as number[]);
  } else {
    s = utf8.decode(buf.subarray(start, end));
    if (!ascii) special = s.includes('&') || s.includes('_x');
  }
  if (!special) return s;
  return unescapeOoxml(unescapeXml(s));
}

/** Decodes a whole (small) XML part to a string. */
export function decodeUtf8(bytes: Uint8Array): string {
  return utf8.decode(bytes);
}

const ATTR_RE = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/** The attributes of one start tag's text, names as written (prefix included), values unescaped. */
export function readAttributes(tag: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of tag.matchAll(ATTR_RE)) out.set(m[1], unescapeXml(m[2] ?? m[3] ?? ''));
  return out;
}

/** Every start (or empty) tag with the given local name, optionally namespace-prefixed. */
export function findTags(xml: string, localName: string): Map<string, string>[] {
  const re = new RegExp(`<(?:[\\w.-]+:)?${localName}(?=[\\s/>])([^>]*)>`, 'g');
  return Array.from(xml.matchAll(re), (m) => readAttributes(m[1]));
}

/** The value of the first attribute named `local` or `prefix:local` (any prefix). */
export function attr(attrs: Map<string, string>, local: string): string | undefined {
  const direct = attrs.get(local);
  if (direct !== undefined) return direct;
  for (const [k, v] of attrs) if (k.endsWith(':' + local)) return v;
  return undefined;
}
