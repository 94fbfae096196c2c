// The WebAssembly table kernel against the JavaScript scanner + sink: on random messy files fed
// in random chunk sizes, a part read by each must be exactly the same (columns, dictionaries,
// invalid cells, issues and their messages, counts), and a file read in parts by the kernel must
// be readCsv's table.
import { describe, expect, it } from 'vitest';
import { TooLargeError } from '../../../src/lib/errors';
import {
  parseCsvPart,
  planCsv,
  readCsvParts,
  type CsvPartResult,
  type CsvPartSchema,
  type CsvPlan,
} from '../../../src/lib/read/csv/parallel';
import { readCsvBytes, type CsvOptions } from '../../../src/lib/read/csv/read-csv';
import { unpackText } from '../../../src/lib/read/csv/text-blocks';
import { sourceChunks } from '../../../src/lib/read/source-chunks';
import { bytesSource } from '../../../src/lib/read/types';
import type { ColumnMeta } from '../../../src/lib/table/types';
import { csvTableKernel } from '../../../workers/kernels';
import { prng } from '../../helpers/prng';
import { MESSY_NUMBERS, randomCsv, tableSnapshot } from '../../helpers/random-csv';

const options: CsvOptions = { name: 'test.csv', maxCells: 1e9 };
const enc = new TextEncoder();

async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function plan(bytes: Uint8Array): Promise<CsvPlan> {
  const p = await planCsv(sourceChunks(bytesSource(bytes)), options);
  if (p === null) throw new Error('no plan');
  return p;
}

interface PartOptions {
  first?: boolean;
  packText?: boolean;
  unfitted?: boolean;
  chunk?: number;
}

/** The part read by JavaScript and by the kernel, with their dictionaries unpacked. */
async function both(
  bytes: Uint8Array,
  schema: CsvPartSchema,
  o: PartOptions = {},
): Promise<[CsvPartResult, CsvPartResult]> {
  const kernel = csvTableKernel();
  expect(kernel).not.toBeNull();
  const run = async (k: typeof kernel) => {
    const part = await parseCsvPart(chunked(bytes, o.chunk ?? 1 << 16), schema, {
      first: o.first ?? true,
      capacityBytes: bytes.length,
      unfitted: o.unfitted,
      packText: o.packText,
      kernel: k,
    });
    // Packed blocks may be cut at other places; the values they hold must be the same.
    const packed = part.packed;
    part.packed = undefined;
    part.data.forEach((col, j) => {
      if (col.type !== 'number' && packed?.[j]) col.dict = unpackText(packed[j]);
    });
    return part;
  };
  const js = await run(null);
  const wasm = await run(kernel);
  expect([js.engine, wasm.engine]).toEqual(['javascript', 'webassembly']);
  return [{ ...js, engine: 'webassembly' }, wasm];
}

function schemaOf(
  columns: Partial<ColumnMeta>[],
  more: Partial<CsvPartSchema> = {},
): CsvPartSchema {
  return {
    kind: 'csv',
    delimiter: ',',
    decimalComma: false,
    columns: columns.map(
      (c, index) => ({ name: `c${index}`, index, type: 'text', ...c }) as ColumnMeta,
    ),
    headerRows: 1,
    bytesPerRecord: 20,
    maxCells: 1e9,
    ...more,
  };
}

const NUMBERS = [...MESSY_NUMBERS, '1,5', '\u00e9', '1e-400', '0x10', 'Infinity'];
const TEXTS = [
  'a',
  'b',
  'Sales',
  'HR',
  '',
  '"has, comma"',
  '"two\nlines"',
  '"q""uote"',
  '"messy"tail',
  '\uFEFFbom',
  'bom',
  'é',
  '😀',
  'город',
  ' x ',
  '"',
  'a"b',
  '""',
  '"\uFEFF"',
];

/** A random file whose column types are given, with every kind of messy cell. */
function randomTyped(r: () => number, types: ('number' | 'text')[]): string {
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const eol = pick(['\n', '\r\n', '\r']);
  let text = types.map((_, j) => `c${j}`).join(',') + eol;
  const n = Math.floor(r() * 80);
  for (let i = 0; i < n; i++) {
    if (r() < 0.03) {
      text += eol;
      continue;
    }
    const fields = types.map((t) =>
      t === 'number'
        ? r() < 0.7
          ? String(Math.round(r() * 1e6) / 1e3)
          : pick(NUMBERS)
        : r() < 0.5
          ? `v${Math.floor(r() * 20)}`
          : pick(TEXTS),
    );
    const cut = r() < 0.05 ? Math.floor(r() * fields.length) : fields.length;
    text += fields.slice(0, cut).join(',') + (r() < 0.03 ? ',x' : '');
    if (i < n - 1 || r() < 0.7) text += eol;
  }
  if (r() < 0.05) text += ',"never closed\nat the end';
  return text;
}

describe('the WebAssembly CSV table kernel', () => {
  it('reads 400 random typed parts exactly as JavaScript does, in random chunk sizes', async () => {
    const r = prng(20261122);
    for (let t = 0; t < 400; t++) {
      const ncol = 1 + Math.floor(r() * 6);
      const types = Array.from({ length: ncol }, (): 'number' | 'text' =>
        r() < 0.5 ? 'number' : 'text',
      );
      const bytes = enc.encode(randomTyped(r, types));
      const schema = schemaOf(
        types.map((type) => ({ type })),
        { decimalComma: r() < 0.1 },
      );
      // Sometimes a column is left out, or the columns are in another order.
      if (r() < 0.2 && ncol > 1) schema.columns = schema.columns.slice(1).reverse();
      const chunk = r() < 0.5 ? 1 + Math.floor(r() * 40) : 1 << 16;
      const first = r() < 0.8;
      const packText = r() < 0.3;
      const [js, wasm] = await both(bytes, schema, { chunk, first, packText });
      expect({ t, ...wasm }).toEqual({ t, ...js });
    }
  });

  it('gives readCsv’s table for 300 random files read in parts, each by the kernel (at most 15 rejected or not cut)', async ({
    annotate,
  }) => {
    const kernel = csvTableKernel();
    // Files readCsv rejects are not compared; files without a line feed to cut at are read in
    // one part. Both are counted, so a generator that stops making cuttable files fails here.
    let rejected = 0;
    let uncut = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const bytes = enc.encode(randomCsv(seed).text);
      let expected: ReturnType<typeof tableSnapshot>;
      try {
        expected = tableSnapshot(await readCsvBytes(bytes, options));
      } catch {
        rejected++;
        continue; // (no plan either: csv-parallel.test.ts checks the message)
      }
      const p = await plan(bytes);
      const rnd = prng(seed * 31);
      const starts: number[] = [];
      for (let i = p.dataStart; i < bytes.length - 1; i++) {
        if (bytes[i] === 0x0a) starts.push(i + 1);
      }
      if (starts.length === 0) uncut++;
      const cuts = new Set<number>();
      for (let i = 0; i < 2 && starts.length > 0; i++) {
        cuts.add(starts[Math.floor(rnd() * starts.length)]);
      }
      const bounds = [p.dataStart, ...[...cuts].sort((a, b) => a - b), bytes.length];
      const chunk = 1 + Math.floor(rnd() * 64);
      const table = await readCsvParts(p, options.name, bounds, (start, end, first) =>
        parseCsvPart(chunked(bytes.subarray(start, end), chunk), p.schema, {
          first,
          capacityBytes: first ? bytes.length : end - start,
          unfitted: first,
          packText: !first,
          kernel,
        }),
      );
      expect(table.format.engine).toBe('webassembly');
      expect({ seed, ...tableSnapshot(table) }).toEqual({ seed, ...expected });
    }
    const skipped = `${rejected} of 300 files rejected by readCsv, ${uncut} read in one part`;
    await annotate(skipped);
    expect(rejected + uncut, skipped).toBeLessThanOrEqual(15);
  });

  it('stores a nearly unique column raw after 16384 values, as ByteDict does', async () => {
    const lines = ['id,team,n'];
    for (let i = 0; i < 40_000; i++) lines.push(`id-${i % 39_000},t${i % 7},${i / 4}`);
    const bytes = enc.encode(lines.join('\n') + '\n');
    const schema = schemaOf([{}, {}, { type: 'number' }]);
    for (const packText of [false, true]) {
      const [js, wasm] = await both(bytes, schema, { packText, chunk: 100_000 });
      expect(wasm).toEqual(js);
      const id = wasm.data[0];
      const team = wasm.data[1];
      if (id.type === 'number' || team.type === 'number') throw new Error('text expected');
      expect(id.dict.length).toBe(40_000); // raw: repeats after the check get new codes
      expect(team.dict).toEqual(['t0', 't1', 't2', 't3', 't4', 't5', 't6']);
      expect(wasm.rowCount).toBe(40_000);
    }
  });

  it('goes raw exactly where ByteDict does: 15,565 distinct in the first 16,384 values', async () => {
    for (const distinct of [15_564, 15_565]) {
      const lines = ['k'];
      for (let i = 0; i < 20_000; i++) lines.push(`k${i < 16_383 ? i % distinct : i % 50}`);
      const bytes = enc.encode(lines.join('\n'));
      const [js, wasm] = await both(bytes, schemaOf([{}]));
      expect(wasm).toEqual(js);
      const col = wasm.data[0];
      if (col.type === 'number') throw new Error('text expected');
      // Raw: every value after the check gets a new code.
      expect(col.dict.length).toBe(
        distinct === 15_565 ? distinct + 1 + (20_000 - 16_384) : distinct,
      );
    }
  });

  it('finds keys of 15, 16 and 17 bytes again (kept in the slot up to 16)', async () => {
    const keys = ['a'.repeat(15), 'b'.repeat(16), 'c'.repeat(17), 'd'.repeat(8), 'é'.repeat(8)];
    const lines = ['k'];
    for (let i = 0; i < 3000; i++) {
      lines.push(`${keys[(i * 7) % keys.length]}${i % 3 ? '' : i % 11}`);
    }
    const bytes = enc.encode(lines.join('\n'));
    const [js, wasm] = await both(bytes, schemaOf([{}]));
    expect(wasm).toEqual(js);
    const col = wasm.data[0];
    if (col.type === 'number') throw new Error('text expected');
    expect(col.dict.length).toBeLessThanOrEqual(keys.length * 12);
  });

  it('checks UTF-8 within an unquoted value only, not the bytes after it', async () => {
    // "é""" leaves C3 A9 22 in the scratch buffer; ""\xC3 then unquotes to the lone byte C3.
    const head = enc.encode('a,b\n"é""",x\n');
    const tail = new Uint8Array([0x22, 0x22, 0xc3, 0x2c, 0x79, 0x0a]);
    const bytes = new Uint8Array(head.length + tail.length);
    bytes.set(head);
    bytes.set(tail, head.length);
    const [js, wasm] = await both(bytes, schemaOf([{}, {}]));
    expect(wasm).toEqual(js);
    expect(wasm.issues.map((i) => [i.code, i.row])).toEqual([['invalid-utf8', 3]]);
  });

  it('grows its dictionaries: many distinct values that repeat', async () => {
    const lines = ['k'];
    for (let i = 0; i < 30_000; i++) lines.push(`key-${(i * 7919) % 15_000}`);
    const bytes = enc.encode(lines.join('\n'));
    const [js, wasm] = await both(bytes, schemaOf([{}]), { chunk: 4096 });
    expect(wasm).toEqual(js);
    const col = wasm.data[0];
    if (col.type === 'number') throw new Error('text expected');
    expect(col.dict.length).toBe(15_000);
  });

  it('reads 0x00 bytes, bytes that are not UTF-8, BOMs and huge values as JavaScript does', async () => {
    const parts: (string | Uint8Array)[] = [
      'a,b,n\n',
      'x\u0000y,plain,1\n',
      'plain,"q\u0000""z",2\n',
      '\uFEFFlead,\uFEFF,3\n',
      `"${'long '.repeat(300_000)}",after,4\n`,
      new Uint8Array([0x61, 0xff, 0x62, 0x2c, 0x63, 0x2c, 0x35, 0x0a]), // a\xFFb,c,5
      new Uint8Array([0x64, 0x2c, 0xc3, 0x2c, 0x36, 0x0a]), // d,\xC3,6
      new Uint8Array([0x65, 0x2c, 0x66, 0x2c, 0x37, 0xe9, 0x0a]), // e,f,7\xE9
      'g,h,8',
    ];
    const chunks = parts.map((p) => (typeof p === 'string' ? enc.encode(p) : p));
    const bytes = new Uint8Array(chunks.reduce((a, c) => a + c.length, 0));
    let at = 0;
    for (const c of chunks) {
      bytes.set(c, at);
      at += c.length;
    }
    const schema = schemaOf([{}, {}, { type: 'number' }]);
    for (const chunk of [7, 4096, 1 << 20]) {
      for (const packText of [false, true]) {
        const [js, wasm] = await both(bytes, schema, { chunk, packText });
        expect(wasm).toEqual(js);
      }
    }
    const [, wasm] = await both(bytes, schema);
    expect(wasm.issues.map((i) => i.code)).toEqual(['invalid-utf8', 'bad-number']);
    expect(wasm.issues[0].row).toBe(6);
  });

  it('reads more fields than 256, and leaves columns unfitted', async () => {
    const ncol = 300;
    const lines = [Array.from({ length: ncol }, (_, j) => `h${j}`).join(',')];
    for (let i = 0; i < 300; i++) {
      lines.push(
        Array.from({ length: ncol }, (_, j) => (j % 2 ? `${i * j}` : `t${j}-${i % 3}`)).join(','),
      );
    }
    const bytes = enc.encode(lines.join('\r\n') + '\r\n');
    const schema = schemaOf(
      Array.from({ length: ncol }, (_, j) => ({
        type: j % 2 ? ('number' as const) : ('text' as const),
      })),
      { bytesPerRecord: 10_000 },
    );
    for (const unfitted of [false, true]) {
      const [js, wasm] = await both(bytes, schema, { unfitted });
      expect(wasm).toEqual(js);
      expect(wasm.rowCount).toBe(300);
    }
  });

  it('stops with TooLargeError over maxCells, as JavaScript does', async () => {
    const lines = ['a,b'];
    for (let i = 0; i < 10_000; i++) lines.push(`${i},x${i}`);
    const bytes = enc.encode(lines.join('\n'));
    const schema = schemaOf([{ type: 'number' }, {}], { maxCells: 2 * 5000 });
    const kernel = csvTableKernel();
    for (const k of [null, kernel]) {
      const read = parseCsvPart(chunked(bytes, 1 << 16), schema, {
        first: true,
        capacityBytes: bytes.length,
        kernel: k,
      });
      await expect(read).rejects.toThrow(TooLargeError);
      await expect(read).rejects.toThrow(/more than 10,000 cells \(2 columns\)/);
    }
  });
});
