// Reading a CSV in parts (as the engine does on several threads) must give readCsv's table
// exactly, wherever the cuts fall: between records, inside quoted line breaks, near the head.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  cutRanges,
  parseCsvPart,
  planCsv,
  readCsvParts,
  type CsvPlan,
} from '../../../src/lib/read/csv/parallel';
import { readCsvBytes, type CsvOptions } from '../../../src/lib/read/csv/read-csv';
import { sourceChunks } from '../../../src/lib/read/source-chunks';
import { bytesSource, type HeadPreview } from '../../../src/lib/read/types';
import { prng } from '../../helpers/prng';
import { randomCsv, tableSnapshot } from '../../helpers/random-csv';
import { REAL_FILES } from '../../helpers/real-data';

async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

const options: CsvOptions = { name: 'test.csv', maxCells: 1e9 };

/** The file read in parts at `cuts` (offsets of bytes that follow a line feed), in process. */
async function readInParts(bytes: Uint8Array, plan: CsvPlan, cuts: number[], chunk = 1 << 20) {
  return readCsvParts(plan, options.name, cuts, (start, end, first) =>
    parseCsvPart(chunked(bytes.subarray(start, end), chunk), plan.schema, {
      first,
      capacityBytes: first ? bytes.length : end - start,
      unfitted: first,
      packText: !first && end - start > 40,
    }),
  );
}

/** Offsets just after line feeds in [from, bytes.length): where cuts may fall. */
function lineStarts(bytes: Uint8Array, from: number): number[] {
  const out: number[] = [];
  for (let i = from; i < bytes.length - 1; i++) if (bytes[i] === 0x0a) out.push(i + 1);
  return out;
}

async function plan(bytes: Uint8Array, onHead?: (h: HeadPreview) => void): Promise<CsvPlan> {
  const p = await planCsv(sourceChunks(bytesSource(bytes)), options, { onHead });
  if (p === null) throw new Error('no plan');
  return p;
}

describe('reading a CSV in parts', () => {
  it('gives readCsv’s table for 300 random files cut 2, 3 and 7 ways anywhere (at most 15 rejected or not cut)', async ({
    annotate,
  }) => {
    const enc = new TextEncoder();
    // Files readCsv rejects are only checked for the same error; files without a line feed to
    // cut at are read in one part. Both are counted, so a generator that stops making cuttable
    // files fails here.
    let rejected = 0;
    let uncut = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const { text } = randomCsv(seed);
      const bytes = enc.encode(text);
      let expected: ReturnType<typeof tableSnapshot>;
      try {
        expected = tableSnapshot(await readCsvBytes(bytes, options));
      } catch (e) {
        await expect(plan(bytes)).rejects.toThrow((e as Error).message);
        rejected++;
        continue;
      }
      const p = await plan(bytes);
      const starts = lineStarts(bytes, p.dataStart);
      if (starts.length === 0) uncut++;
      const rnd = prng(seed * 7919);
      for (const parts of [2, 3, 7]) {
        const cuts = new Set<number>();
        for (let i = 0; i < parts - 1 && starts.length > 0; i++) {
          cuts.add(starts[Math.floor(rnd() * starts.length)]);
        }
        const bounds = [p.dataStart, ...[...cuts].sort((a, b) => a - b), bytes.length];
        const chunk = 1 + Math.floor(rnd() * 64);
        const got = tableSnapshot(await readInParts(bytes, p, bounds, chunk));
        if (JSON.stringify(got) !== JSON.stringify(expected)) {
          expect({ seed, bounds, got }).toEqual({ seed, bounds, got: expected });
        }
      }
    }
    const skipped = `${rejected} of 300 files rejected by readCsv, ${uncut} read in one part`;
    await annotate(skipped);
    expect(rejected + uncut, skipped).toBeLessThanOrEqual(15);
  });

  it('merges issues over the per-code limit, with file rows', async () => {
    const lines = ['id,score,team'];
    for (let i = 0; i < 5000; i++) {
      lines.push(
        i % 3 === 0 ? `${i},bad${i},x` : i % 5 === 0 ? `${i},${i}` : `${i},${i / 2},t${i % 7}`,
      );
    }
    // Type sample: the first rows are numbers.
    for (let i = 1; i <= 2100; i++) lines[i] = `${i},${i},t`;
    const bytes = new TextEncoder().encode(lines.join('\n') + '\n');
    const expected = tableSnapshot(await readCsvBytes(bytes, options));
    expect(expected.issues.length).toBeGreaterThan(1000);
    const p = await plan(bytes);
    for (const parts of [2, 3, 7]) {
      const cuts = await cutRanges(bytesSource(bytes), p.dataStart, Array<number>(parts).fill(1));
      expect(cuts.length).toBe(parts + 1);
      const table = await readInParts(bytes, p, cuts);
      expect(table.format.engine).toBe('javascript');
      expect(tableSnapshot(table)).toEqual(expected);
    }
  });

  it('reads again as one the parts around a cut inside a quoted field', async () => {
    const lines = ['id,note,n'];
    for (let i = 0; i < 3000; i++) {
      const note = i % 100 === 50 ? `"line one\n${'x,'.repeat(i % 7)}\nline ""three"""` : `n${i}`;
      lines.push(`${i},${note},${i * 1.5}`);
    }
    const bytes = new TextEncoder().encode(lines.join('\r\n'));
    const expected = tableSnapshot(await readCsvBytes(bytes, options));
    const p = await plan(bytes);
    const text = new TextDecoder().decode(bytes);
    const inQuotes: number[] = [];
    for (let i = text.indexOf('line one\n'); i >= 0; i = text.indexOf('line one\n', i + 1)) {
      inQuotes.push(new TextEncoder().encode(text.slice(0, i + 9)).length);
    }
    expect(inQuotes.length).toBe(30);
    for (const picks of [[3], [0, 29], [5, 6, 7, 8], [10, 20, 25]]) {
      const cuts = [p.dataStart, ...picks.map((k) => inQuotes[k]), bytes.length];
      expect(tableSnapshot(await readInParts(bytes, p, cuts, 1000))).toEqual(expected);
    }
  });

  it('plans like readCsv: head preview, BOM and sep= line skipped', async () => {
    const text = '\uFEFFsep=;\na;b\n1,5;x\n2,5;y\n';
    const bytes = new TextEncoder().encode(text);
    let head: HeadPreview | undefined;
    const p = await plan(bytes, (h) => (head = h));
    expect(head?.rows).toEqual([
      ['1,5', 'x'],
      ['2,5', 'y'],
    ]);
    expect(p.dataStart).toBe(3 + 'sep=;\n'.length);
    expect(p.schema.decimalComma).toBe(true);
    expect(tableSnapshot(await readInParts(bytes, p, [p.dataStart, bytes.length]))).toEqual(
      tableSnapshot(await readCsvBytes(bytes, options)),
    );
  });

  it('does not plan files that are not UTF-8', async () => {
    const bytes = new Uint8Array([0x61, 0x2c, 0x62, 0x0a, 0xe9, 0x2c, 0x31, 0x0a]);
    expect(await planCsv(sourceChunks(bytesSource(bytes)), options)).toBeNull();
  });

  const files = [
    ...readdirSync('tests/fixtures/csv')
      .filter((f) => /\.(csv|tsv|txt)$/.test(f))
      .map((f) => join('tests/fixtures/csv', f)),
    ...REAL_FILES.map((f) => join('public/samples', f)),
  ];
  // Every one of these files reads and plans (all UTF-8), so none may slip through untested.
  it.each(files)('gives readCsv’s table for %s cut 3 ways', async (file) => {
    const bytes = new Uint8Array(readFileSync(file));
    const expected = tableSnapshot(await readCsvBytes(bytes, options));
    const p = await planCsv(sourceChunks(bytesSource(bytes)), options);
    if (p === null) throw new Error(`${file}: no plan`);
    const cuts = await cutRanges(bytesSource(bytes), p.dataStart, [1.2, 1, 1]);
    expect(tableSnapshot(await readInParts(bytes, p, cuts, 4096))).toEqual(expected);
  });
});
