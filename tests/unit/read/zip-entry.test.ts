import { describe, expect, it } from 'vitest';
import { ParseError } from '../../../src/lib/errors';
import { pickCsvEntry, type CsvEntryMessages } from '../../../src/lib/read/zip-entry';
import type { ZipEntry } from '../../../src/lib/read/zip-bytes';

const entry = (name: string): ZipEntry => ({
  name,
  method: 8,
  compressedSize: 10,
  uncompressedSize: 100,
  localHeaderOffset: 0,
  encrypted: false,
  crc32: 0,
});

const messages: CsvEntryMessages = {
  none: 'none',
  many: (texts) => `${texts.length}: ${texts.map((e) => e.name).join(', ')}`,
};

function message(names: string[]): string {
  try {
    pickCsvEntry(names.map(entry), messages);
  } catch (e) {
    expect(e).toBeInstanceOf(ParseError);
    return (e as Error).message;
  }
  throw new Error('no error');
}

describe('pickCsvEntry(entries, messages)', () => {
  it('returns the one CSV, TSV or TXT entry, whatever the case of its extension', () => {
    for (const name of ['q.csv', 'dir/Q.CSV', 'q.tsv', 'q.Txt']) {
      expect(pickCsvEntry([entry('readme.md'), entry(name)], messages).name).toBe(name);
    }
  });

  it("skips the __MACOSX/ copies a Mac's zip adds", () => {
    const picked = pickCsvEntry([entry('__MACOSX/._q.csv'), entry('q.csv')], messages);
    expect(picked.name).toBe('q.csv');
  });

  it("throws a ParseError with the flow's words when there is no text file", () => {
    expect(message([])).toBe('none');
    expect(message(['book.xlsx', '__MACOSX/._q.csv'])).toBe('none');
  });

  it('throws a ParseError naming the text files when there are several', () => {
    expect(message(['a.csv', 'b.txt', 'c.json'])).toBe('2: a.csv, b.txt');
  });
});
