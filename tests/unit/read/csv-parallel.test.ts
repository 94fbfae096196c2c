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
import { getRowPage } from '../../../src/lib/table/page';
import type { Table } from '../../../src/lib/table/types';
import { prng } from '../../helpers/prng';

const PIECES = ['a', 'b', 'Z', ' ', '-', 'é', 'ß', '€', '😀', 'город', 'x y', 'Sales', 'HR'];
const NUMBERS = ['1', '0', '-3', '2.5', '1e3', '  7 ', '12345678901234567', '', 'N/A', '3,5'];

/** A random file with a header, number-like and text columns, quotes, blanks and ragged rows. */
function randomCsv(seed: number): { text: string; delimiter: string } {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const delimiter = pick([',', ';', '\t', '|']);
  const newline = pick(['\n', '\r\n', '\n', '\r\n', '\r']);
  const special = [delimiter, '"', '\n', '\r\n'];
  const cols = 1 + Math.floor(rnd() * 6);
  const numeric = Array.from({ length: cols }, () => rnd() < 0.5);
  const rows = Math.floor(rnd() * 300);
  const badRate = rnd() < 0.5 ? 0 : 0.05;
  const lines: string[] = [];
  if (rnd() < 0.1) lines.push(`sep=${delimiter}`);
  lines.push(Array.from({ length: cols }, (_, c) => `col ${c}`).join(delimiter));
  for (let r = 0; r < rows; r++) {
    if (rnd() < 0.03) {
      lines.push('');
      continue;
    }
    const fields: string[] = [];
    for (let c = 0; c < cols; c++) {
      if (numeric[c]) {
        const v = rnd() < badRate ? pick(NUMBERS) : String(Math.floor(rnd() * 2000) / 8);
        fields.push(rnd() < 0.1 ? `"${v}"` : v);
        continue;
      }
      const len = rnd() < 0.2 ? 0 : Math.floor(rnd() * 6);
      let value = '';
      let needsQuotes = false;
      for (let i = 0; i < len; i++) {
        if (rnd() < 0.1) {
          value += pick(special);
          needsQuotes = true;
        } else value += pick(PIECES);
      }
      if (needsQuotes || rnd() < 0.1) fields.push(`"${value.replace(/"/g, '""')}"`);
      else fields.push(value);
    }
    if (rnd() < 0.03) fields.pop();
    if (rnd() < 0.03) fields.push('extra');
    lines.push(fields.join(delimiter));
  }
  let text = lines.join(newline) + (rnd() < 0.5 ? newline : '');
  if (rnd() < 0.05) text += `${delimiter}"never closed\nat the end`;
  if (rnd() < 0.1) text = '\uFEFF' + text;
  return { text, delimiter };
}

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

/** Every observable part of a table, for toEqual. */
function snapshot(t: Table) {
  return {
    name: t.name,
    rowCount: t.rowCount,
    columns: t.columns,
    format: t.format,
    issues: t.issues,
    page: getRowPage(t, 0, t.rowCount),
    invalid: t.data.map((c) => (c.type === 'number' ? [...c.invalid] : null)),
    types: t.data.map((c) => c.type),
  };
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
  it('gives readCsv’s table for 300 random files cut 2, 3 and 7 ways anywhere', async () => {
    const enc = new TextEncoder();
    for (let seed = 1; seed <= 300; seed++) {
      const { text } = randomCsv(seed);
      const bytes = enc.encode(text);
      let expected: ReturnType<typeof snapshot>;
      try {
        expected = snapshot(await readCsvBytes(bytes, options));
      } catch (e) {
        await expect(plan(bytes)).rejects.toThrow((e as Error).message);
        continue;
      }
      const p = await plan(bytes);
      const starts = lineStarts(bytes, p.dataStart);
      const rnd = prng(seed * 7919);
      for (const parts of [2, 3, 7]) {
        const cuts = new Set<number>();
        for (let i = 0; i < parts - 1 && starts.length > 0; i++) {
          cuts.add(starts[Math.floor(rnd() * starts.length)]);
        }
        const bounds = [p.dataStart, ...[...cuts].sort((a, b) => a - b), bytes.length];
        const chunk = 1 + Math.floor(rnd() * 64);
        const got = snapshot(await readInParts(bytes, p, bounds, chunk));
        if (JSON.stringify(got) !== JSON.stringify(expected)) {
          expect({ seed, bounds, got }).toEqual({ seed, bounds, got: expected });
        }
      }
    }
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
    const expected = snapshot(await readCsvBytes(bytes, options));
    expect(expected.issues.length).toBeGreaterThan(1000);
    const p = await plan(bytes);
    for (const parts of [2, 3, 7]) {
      const cuts = await cutRanges(bytesSource(bytes), p.dataStart, Array<number>(parts).fill(1));
      expect(cuts.length).toBe(parts + 1);
      expect(snapshot(await readInParts(bytes, p, cuts))).toEqual(expected);
    }
  });

  it('reads again as one the parts around a cut inside a quoted field', async () => {
    const lines = ['id,note,n'];
    for (let i = 0; i < 3000; i++) {
      const note = i % 100 === 50 ? `"line one\n${'x,'.repeat(i % 7)}\nline ""three"""` : `n${i}`;
      lines.push(`${i},${note},${i * 1.5}`);
    }
    const bytes = new TextEncoder().encode(lines.join('\r\n'));
    const expected = snapshot(await readCsvBytes(bytes, options));
    const p = await plan(bytes);
    const text = new TextDecoder().decode(bytes);
    const inQuotes: number[] = [];
    for (let i = text.indexOf('line one\n'); i >= 0; i = text.indexOf('line one\n', i + 1)) {
      inQuotes.push(new TextEncoder().encode(text.slice(0, i + 9)).length);
    }
    expect(inQuotes.length).toBe(30);
    for (const picks of [[3], [0, 29], [5, 6, 7, 8], [10, 20, 25]]) {
      const cuts = [p.dataStart, ...picks.map((k) => inQuotes[k]), bytes.length];
      expect(snapshot(await readInParts(bytes, p, cuts, 1000))).toEqual(expected);
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
    expect(snapshot(await readInParts(bytes, p, [p.dataStart, bytes.length]))).toEqual(
      snapshot(await readCsvBytes(bytes, options)),
    );
  });

  it('does not plan files that are not UTF-8', async () => {
    const bytes = new Uint8Array([0x61, 0x2c, 0x62, 0x0a, 0xe9, 0x2c, 0x31, 0x0a]);
    expect(await planCsv(sourceChunks(bytesSource(bytes)), options)).toBeNull();
  });

  const files = ['tests/fixtures/csv', '../shared/data/external'].flatMap((d) =>
    readdirSync(d)
      .filter((f) => /\.(csv|tsv|txt)$/.test(f))
      .map((f) => join(d, f)),
  );
  it.each(files)('gives readCsv’s table for %s cut 3 ways', async (file) => {
    const bytes = new Uint8Array(readFileSync(file));
    let expected: ReturnType<typeof snapshot>;
    try {
      expected = snapshot(await readCsvBytes(bytes, options));
    } catch {
      return;
    }
    const p = await planCsv(sourceChunks(bytesSource(bytes)), options);
    if (p === null) return; // not UTF-8: read in one piece
    const cuts = await cutRanges(bytesSource(bytes), p.dataStart, [1.2, 1, 1]);
    expect(snapshot(await readInParts(bytes, p, cuts, 4096))).toEqual(expected);
  });
});
