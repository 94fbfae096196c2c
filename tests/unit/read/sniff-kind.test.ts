import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { isEncryptedCfb, sniffFileKind } from '../../../src/lib/read/sniff-kind';

const CFB = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function bytes(...parts: (number[] | string)[]): Uint8Array {
  return new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? Array.from(strToU8(p)) : p)));
}

describe('sniffFileKind', () => {
  it('recognises zips, including an empty one', () => {
    expect(sniffFileKind(zipSync({ 'a.csv': strToU8('a') }), 'a.zip').kind).toBe('zip');
    expect(sniffFileKind(bytes([0x50, 0x4b, 5, 6], new Array(18).fill(0)), 'e.zip').kind).toBe(
      'zip',
    );
  });

  it('recognises CFB containers', () => {
    expect(sniffFileKind(bytes(CFB, new Array(504).fill(0)), 'old.xls').kind).toBe('cfb');
  });

  it('reads text, including UTF-16 with a BOM and UTF-8 with a BOM', () => {
    expect(sniffFileKind(bytes('StartDate,EndDate\r\n2026-04-01,2026-04-02\r\n'), 'a.csv')).toEqual(
      { kind: 'text' },
    );
    expect(sniffFileKind(bytes([0xef, 0xbb, 0xbf], 'a;b\n'), 'a.csv').kind).toBe('text');
    expect(sniffFileKind(bytes([0xff, 0xfe, 0x61, 0, 0x09, 0, 0x62, 0]), 'a.txt').kind).toBe(
      'text',
    );
    expect(sniffFileKind(bytes([0xfe, 0xff, 0, 0x61, 0, 0x2c]), 'a.txt').kind).toBe('text');
    // Windows-1252 accents and a stray form feed are still text.
    expect(sniffFileKind(bytes('caf', [0xe9], ',\f1\n'), 'a.csv').kind).toBe('text');
  });

  it('names common binary formats', () => {
    const cases: [Uint8Array, string][] = [
      [bytes('%PDF-1.7\n%âãÏÓ\n1 0 obj'), 'a PDF'],
      [bytes([0x89], 'PNG\r\n', [0x1a, 0x0a]), 'a PNG image'],
      [bytes('GIF89a'), 'a GIF image'],
      [bytes([0xff, 0xd8, 0xff, 0xe0]), 'a JPEG image'],
      [bytes([0x1f, 0x8b, 8, 0]), 'a gzip archive'],
    ];
    for (const [head, what] of cases) {
      const r = sniffFileKind(head, 'file.csv');
      expect(r.kind).toBe('binary');
      expect(r.message).toBe(
        `This file is not a spreadsheet or text file (it looks like ${what}). Open a .csv, .tsv, .txt, .xlsx, .xls, .ods or a .zip holding one CSV.`,
      );
    }
  });

  it('calls NUL bytes and control-heavy data binary', () => {
    expect(sniffFileKind(bytes('a,b\n1,', [0], '2\n'), 'a.csv').kind).toBe('binary');
    // UTF-16 without a BOM looks like NUL-riddled text: refused, as the brief for readers says.
    expect(sniffFileKind(bytes([0x61, 0, 0x2c, 0, 0x62, 0]), 'a.csv').kind).toBe('binary');
    const controls = new Uint8Array(4096).map((_, i) => (i % 5 === 0 ? 0x01 : 0x41));
    expect(sniffFileKind(controls, 'x.csv').kind).toBe('binary');
  });

  it('calls random bytes binary', () => {
    let seed = 1;
    const random = new Uint8Array(4096).map(() => {
      seed = (seed * 16807) % 2147483647;
      return seed & 0xff;
    });
    const r = sniffFileKind(random, 'noise.csv');
    expect(r.kind).toBe('binary');
    expect(r.message).toContain('binary data');
  });

  it('reports an empty file', () => {
    const r = sniffFileKind(new Uint8Array(0), 'empty.csv');
    expect(r.kind).toBe('empty');
    expect(r.message).toContain('empty.csv');
  });
});

describe('isEncryptedCfb', () => {
  function cfbWith(name: string, sector = 512, entry = 1): Uint8Array {
    const b = new Uint8Array(sector * 4);
    b.set(CFB);
    const at = sector + entry * 128;
    for (let i = 0; i < name.length; i++) b[at + i * 2] = name.charCodeAt(i);
    b[at + 64] = (name.length + 1) * 2;
    return b;
  }

  it('finds the EncryptionInfo stream in the directory', () => {
    expect(isEncryptedCfb(cfbWith('EncryptionInfo'))).toBe(true);
    expect(isEncryptedCfb(cfbWith('EncryptionInfo', 4096, 3))).toBe(true);
  });

  it('is false for a plain .xls or a non-CFB file', () => {
    expect(isEncryptedCfb(cfbWith('Workbook'))).toBe(false);
    expect(isEncryptedCfb(cfbWith('EncryptionInf'))).toBe(false);
    expect(isEncryptedCfb(bytes('EncryptionInfo'))).toBe(false);
  });
});
