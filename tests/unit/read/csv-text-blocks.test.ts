import { describe, expect, it } from 'vitest';
import { readCsv, readCsvBytes } from '../../../src/lib/read/csv/read-csv';
import {
  joinArrays,
  TextBlocks,
  unpackText,
  validUtf8,
} from '../../../src/lib/read/csv/text-blocks';
import type { Table, TextColumn } from '../../../src/lib/table/types';

const enc = new TextEncoder();

/** Adds each value's bytes (with junk around them) and returns the finished strings. */
function roundTrip(values: Uint8Array[], onInvalid?: () => void): string[] {
  const blocks = new TextBlocks(onInvalid);
  values.forEach((v, i) => {
    const buf = new Uint8Array(v.length + 4).fill(0x2c);
    buf.set(v, 2);
    expect(blocks.add(buf, 2, 2 + v.length)).toBe(i);
  });
  return blocks.finish();
}

/** What decoding each value alone gives. */
const decodeEach = (values: Uint8Array[]) => values.map((v) => new TextDecoder().decode(v));

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('TextBlocks', () => {
  it('decodes values like TextDecoder does one at a time', () => {
    const values = [
      'plain',
      '',
      'é and 東京 and 😀',
      '\uFEFFstarts with a BOM',
      'inner \uFEFF BOM',
      'a\0b', // holds the separator byte
      '\0',
      'after nul',
    ].map((s) => enc.encode(s));
    values.push(new Uint8Array([0x61, 0xff, 0x62]), new Uint8Array([0xe6, 0x9d])); // invalid
    expect(roundTrip(values)).toEqual(decodeEach(values));
  });

  it('finds a NUL or non-ASCII byte at any place in a longer value', () => {
    const values: Uint8Array[] = [];
    for (let len = 1; len <= 13; len++) {
      for (let at = 0; at < len; at++) {
        for (const odd of [0x00, 0x01, 0x7f, 0x80, 0xff]) {
          const v = new Uint8Array(len).fill(0x61);
          v[at] = odd;
          values.push(v);
        }
        const pair = enc.encode('ab'.repeat(len) + 'é');
        values.push(pair.subarray(at)); // non-ASCII at every offset from the value's start
      }
    }
    expect(roundTrip(values)).toEqual(decodeEach(values));
    for (let len = 1; len <= 13; len++) {
      for (let at = 0; at < len; at++) {
        const v = new Uint8Array(len).fill(0x61);
        v[at] = 0xff;
        let calls = 0;
        roundTrip([v], () => calls++);
        expect(calls).toBe(1);
      }
    }
  });

  it('handles values bigger than a block and many blocks', () => {
    const rnd = random(7);
    const values: Uint8Array[] = [];
    for (let i = 0; i < 40_000; i++) {
      const n = i % 997 === 0 ? 1_500_000 : Math.floor(rnd() * 80);
      values.push(enc.encode(`${i}:` + 'xé'.repeat(n >> 1)));
    }
    const out = roundTrip(values);
    expect(out.length).toBe(values.length);
    expect(out).toEqual(decodeEach(values));
  });

  it('reports the first invalid value once', () => {
    let calls = 0;
    const values = ['ok', 'é'].map((s) => enc.encode(s));
    values.push(new Uint8Array([0xc3]), new Uint8Array([0xff]));
    expect(roundTrip(values, () => calls++)).toEqual(['ok', 'é', '\uFFFD', '\uFFFD']);
    expect(calls).toBe(1);
    calls = 0;
    roundTrip([enc.encode('\uFFFD is a real character')], () => calls++);
    expect(calls).toBe(0);
  });

  it('validUtf8 agrees with a fatal TextDecoder', () => {
    const fatal = new TextDecoder('utf-8', { fatal: true });
    const rnd = random(42);
    const interesting = [0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2];
    interesting.push(0xdf, 0xe0, 0xe1, 0xec, 0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf3, 0xf4, 0xf5, 0xff);
    for (let k = 0; k < 20_000; k++) {
      const bytes = Uint8Array.from({ length: 1 + Math.floor(rnd() * 6) }, () =>
        rnd() < 0.7 ? interesting[Math.floor(rnd() * interesting.length)] : rnd() * 256,
      );
      let valid = true;
      try {
        fatal.decode(bytes);
      } catch {
        valid = false;
      }
      expect(validUtf8(bytes, 0, bytes.length), String(bytes)).toBe(valid);
    }
  });
});

/** A CSV with a column of unique comments (some blank, repeated or quoted) and its values. */
function uniqueCsv(rows: number): { bytes: Uint8Array; comments: string[] } {
  const lines = ['id,comment,team'];
  const comments: string[] = [];
  for (let i = 0; i < rows; i++) {
    let c = `comment ${i} é`;
    if (i % 101 === 0) c = '';
    else if (i % 103 === 0) c = 'same';
    else if (i % 107 === 0) c = `"quoted, ""${i}"" and\nline"`;
    lines.push(`${i},${c},team${i % 3}`);
    comments.push(c.startsWith('"') ? `quoted, "${i}" and\nline` : c);
  }
  return { bytes: enc.encode(lines.join('\r\n') + '\r\n'), comments };
}

const texts = (t: Table, j: number) => {
  const c = t.data[j] as TextColumn;
  return Array.from(c.codes, (k) => (k < 0 ? '' : c.dict[k]));
};

describe('readCsv with a column of unique values', () => {
  // Over 16384 rows, nearly all unique: stored without interning, so its dictionary may repeat.
  it('reads every value, whatever the chunk size', async () => {
    const rows = 20_000;
    const { bytes, comments } = uniqueCsv(rows);
    for (const size of [Infinity, 65_536, 4099]) {
      const t = await readCsv(
        (async function* () {
          for (let i = 0; i < bytes.length; i += Math.min(size, bytes.length)) {
            yield bytes.subarray(i, i + size);
          }
        })(),
        { name: 'x.csv' },
      );
      expect(t.rowCount).toBe(rows);
      expect(texts(t, 1)).toEqual(comments);
      const dict = (t.data[1] as TextColumn).dict;
      expect(new Set(dict).size).toBeLessThan(dict.length); // 'same' is stored more than once
      expect(texts(t, 2).slice(0, 4)).toEqual(['team0', 'team1', 'team2', 'team0']);
      expect((t.data[2] as TextColumn).dict).toHaveLength(3);
      expect(t.issues).toEqual([]);
    }
  });

  it('reports invalid UTF-8 in it with its row', async () => {
    const rows = 60_000; // past the encoding check at the start
    const { bytes } = uniqueCsv(rows);
    const bad = new Uint8Array([...enc.encode('x,bad'), 0xff, ...enc.encode(',team0\r\n')]);
    const all = new Uint8Array(bytes.length + bad.length);
    all.set(bytes);
    all.set(bad, bytes.length);
    const t = await readCsvBytes(all, { name: 'x.csv' });
    expect(t.format.encoding).toBe('utf-8');
    expect(texts(t, 1).at(-1)).toBe('bad\uFFFD');
    expect(t.issues.find((i) => i.code === 'invalid-utf8')?.row).toBe(rows + 2);
  });
});

describe('joinArrays and unpackText', () => {
  it('join any number of parts in order, more than one concat() call takes', () => {
    const parts = Array.from({ length: 10_000 }, (_, k) => (k % 3 ? [`a${k}`, `b${k}`] : []));
    const joined = joinArrays(parts);
    expect(joined).toEqual(parts.flat());
    expect(joinArrays([])).toEqual([]);
    const only = ['x'];
    expect(joinArrays([only])).toBe(only);
    const enc = new TextEncoder();
    expect(unpackText([enc.encode('a\0é'), ['b'], enc.encode('c')])).toEqual(['a', 'é', 'b', 'c']);
  });
});
