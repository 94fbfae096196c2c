// One TextDecoder call per inflated chunk instead of one per string: the chunk is decoded whole
// (on first use) and each string is cut out of it by character offsets. Per-call decoding costs
// about a microsecond in browsers, which for half a million shared strings was the largest
// single cost of reading a big workbook; substrings of one decoded chunk cost a few nanoseconds.
// A substring keeps its chunk's text alive: fine for shared strings, which are kept anyway and
// are mostly text, but not for sheet cells, whose chunks are mostly markup.
import { decodeXmlText } from './xml-text';

const utf8 = new TextDecoder('utf-8');

/** The text of one chunk of XML bytes, decoded lazily and sliced by byte offsets. */
export class ChunkText {
  private buf: Uint8Array = new Uint8Array(0);
  private text: string | null = null;
  /** Bytes and UTF-16 units line up one to one (ASCII): no offset counting needed. */
  private identity = false;
  private valid = false;
  private bytePos = 0;
  private charPos = 0;

  /** XML character data in bytes [start, end), entities and _xHHHH_ escapes replaced. */
  readonly decode = (buf: Uint8Array, start: number, end: number): string => {
    const s = this.slice(start, end);
    // Escapes are rare: the byte decoder handles those strings (and invalid UTF-8).
    if (s === null || s.includes('&') || s.includes('_x')) return decodeXmlText(buf, start, end);
    return s;
  };

  /** Starts a new chunk. */
  reset(buf: Uint8Array): void {
    this.buf = buf;
    this.text = null;
  }

  /** The raw text of bytes [start, end), or null when the chunk is not valid UTF-8. */
  slice(start: number, end: number): string | null {
    if (this.text === null) this.load();
    if (!this.valid) return null;
    const text = this.text as string;
    if (this.identity) return text.substring(start, end);
    return text.substring(this.charAt(start), this.charAt(end));
  }

  private load(): void {
    const text = utf8.decode(this.buf);
    this.text = text;
    // Each decoding step yields at most one UTF-16 unit per byte, so equal lengths mean every
    // step was one byte to one unit: offsets are the same in bytes and characters.
    this.identity = text.length === this.buf.length;
    this.bytePos = 0;
    this.charPos = 0;
    // Counting lead bytes is only right for valid UTF-8: check it over the whole chunk.
    this.valid = this.identity || this.charAt(this.buf.length) === text.length;
    this.bytePos = 0;
    this.charPos = 0;
  }

  // Offsets mostly move forward, so this is about one pass over the chunk in all.
  private charAt(byte: number): number {
    if (byte < this.bytePos) {
      this.bytePos = 0;
      this.charPos = 0;
    }
    const buf = this.buf;
    let chars = this.charPos;
    for (let i = this.bytePos; i < byte; i++) {
      const b = buf[i];
      if ((b & 0xc0) !== 0x80) chars++; // not a continuation byte: starts a character
      if (b >= 0xf0) chars++; // 4-byte sequences are surrogate pairs in UTF-16
    }
    this.bytePos = byte;
    this.charPos = chars;
    return chars;
  }
}
