// The shared-string table (xl/sharedStrings.xml), scanned as bytes while it is inflated, and
// only as far as the sheet being read needs it. Excel writes strings in order of first use, so
// the first rows of a sheet need only the start of the table: the preview appears long before
// a table of half a million strings is parsed.
import { ParseError } from '../../errors';
import {
  findByte,
  localStart,
  nameEnd,
  readRichText,
  richText,
  tagEnd,
  tagWasSelfClosing,
} from './xml-bytes';
import { ChunkText } from './chunk-text';

/** Collects `<si>` items from chunks of sharedStrings.xml into `strings`. */
export class SharedStringsScanner {
  private readonly text = new ChunkText();

  constructor(readonly strings: string[]) {}

  /** Scans `buf`; returns how many bytes were consumed (the rest is an unfinished item). */
  scan(buf: Uint8Array): number {
    this.text.reset(buf);
    const decode = this.text.decode;
    const len = buf.length;
    let pos = 0;
    while (pos < len) {
      const lt = findByte(buf, 0x3c, pos);
      if (lt < 0) return len;
      if (buf[lt + 1] === 0x2f) {
        pos = lt + 2;
        continue;
      }
      const ne = nameEnd(buf, lt + 1);
      if (ne < 0) return lt;
      const ls = localStart(buf, lt + 1, ne);
      if (ne - ls === 2 && buf[ls] === 0x73 && buf[ls + 1] === 0x69) {
        const after = tagEnd(buf, ne);
        if (after < 0) return lt;
        if (tagWasSelfClosing) {
          this.strings.push('');
          pos = after;
          continue;
        }
        const end = readRichText(buf, after, 0x73, 0x69, decode);
        if (end < 0) return lt;
        this.strings.push(richText);
        pos = end;
      } else {
        pos = ne;
      }
    }
    return len;
  }
}

/** An unfinished element longer than this means the XML is broken, not just split. */
const MAX_CARRY = 64 * 1024 ** 2;

/** Shared strings loaded on demand from a stream of inflated chunks. */
export class SharedStringTable {
  readonly strings: string[] = [];
  /** True once the whole part has been read (or there is none). */
  complete: boolean;
  private readonly scanner = new SharedStringsScanner(this.strings);
  private readonly chunks: AsyncIterator<Uint8Array> | null;
  private carry: Uint8Array | null = null;
  private queue: Promise<void> = Promise.resolve();
  /** Compressed bytes of the part read so far, and its compressed size (for progress). */
  bytesRead = 0;
  totalBytes = 0;
  /** Called after each chunk of strings; set by the sheet reader that is waiting. */
  onChunk: (() => void) | null = null;

  constructor(chunks: AsyncIterable<Uint8Array> | null) {
    this.chunks = chunks ? chunks[Symbol.asyncIterator]() : null;
    this.complete = chunks === null;
  }

  /** Loads until `strings[index]` exists or the table ends. Calls are serialised. */
  ensure(index: number): Promise<void> {
    if (this.complete || index < this.strings.length) return Promise.resolve();
    this.queue = this.queue.then(() => this.loadUntil(index));
    return this.queue;
  }

  private async loadUntil(index: number): Promise<void> {
    while (!this.complete && this.strings.length <= index) {
      const next = await (this.chunks as AsyncIterator<Uint8Array>).next();
      if (next.done) {
        this.complete = true;
        this.carry = null;
        break;
      }
      let buf = next.value;
      const carry = this.carry;
      if (carry !== null) {
        buf = new Uint8Array(carry.length + next.value.length);
        buf.set(carry);
        buf.set(next.value, carry.length);
      }
      const used = this.scanner.scan(buf);
      this.carry = used < buf.length ? buf.slice(used) : null;
      if (this.carry !== null && this.carry.length > MAX_CARRY) {
        throw new ParseError(
          'This .xlsx file is damaged (a shared string never ends). Open it in Excel and save it again.',
        );
      }
      this.onChunk?.();
    }
  }
}
