// Differential test: our byte scanner must split records exactly like PapaParse on well-formed
// input (random files and every fixture), fed whole and in awkward chunk sizes.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { scanCsvStrings } from '../../../src/lib/read/csv/strings';
import { sniffDelimiter } from '../../../src/lib/read/sniff-delimiter';
import { prng } from '../../helpers/prng';
import { randomTextField } from '../../helpers/random-csv';
import { REAL_FILES } from '../../helpers/real-data';

const PIECES = ['a', 'b', 'Z', '1', '0', '.', ' ', '-', 'é', 'ß', '€', '😀', 'город', '3.5', 'x y'];

function randomCsv(seed: number): { text: string; delimiter: string; newline: string } {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const delimiter = pick([',', ';', '\t', '|']);
  const newline = pick(['\n', '\r\n', '\r']);
  const special = [delimiter, '"', '\n', '\r\n', '\r'];
  const cols = 1 + Math.floor(rnd() * 6);
  const rows = Math.floor(rnd() * 30);
  const lines: string[] = [];
  for (let r = 0; r < rows; r++) {
    const fields: string[] = [];
    for (let c = 0; c < cols; c++) {
      fields.push(
        randomTextField(rnd, PIECES, special, { maxLength: 8, specialRate: 0.15, quoteRate: 0.2 }),
      );
    }
    // An unquoted field may hold a quote anywhere but at its start.
    if (rnd() < 0.1 && fields[0] !== '' && !fields[0].startsWith('"')) fields[0] += '"q';
    lines.push(fields.join(delimiter));
  }
  const text = lines.join(newline) + (rnd() < 0.5 ? newline : '');
  return { text, delimiter, newline };
}

/** Drops rows that are a single empty field: blank lines, which we skip and Papa keeps. */
const dropBlank = (rows: string[][]) => rows.filter((r) => !(r.length === 1 && r[0] === ''));

function papa(text: string, delimiter: string, newline?: string): string[][] {
  const result = Papa.parse<string[]>(text, {
    header: false,
    delimiter,
    newline: newline as Papa.ParseConfig['newline'],
  });
  return result.data;
}

describe('scanner matches PapaParse', () => {
  it('on 500 random files, whole and chunked', () => {
    const enc = new TextEncoder();
    for (let seed = 1; seed <= 500; seed++) {
      const { text, delimiter, newline } = randomCsv(seed);
      const expected = dropBlank(papa(text, delimiter, newline));
      const bytes = enc.encode(text);
      for (const chunk of [Infinity, 1, 3, 7, 64]) {
        const ours = dropBlank(scanCsvStrings(bytes, delimiter, chunk));
        if (JSON.stringify(ours) !== JSON.stringify(expected)) {
          expect({ seed, chunk, ours }).toEqual({ seed, chunk, ours: expected });
        }
      }
    }
  });

  const files = [
    ...readdirSync('tests/fixtures/csv')
      .filter((f) => /\.(csv|tsv|txt)$/.test(f))
      .map((f) => join('tests/fixtures/csv', f)),
    ...REAL_FILES.map((f) => join('public/samples', f)),
  ];
  it.each(files)('on %s', (file) => {
    const bytes = new Uint8Array(readFileSync(file));
    const text = new TextDecoder().decode(bytes); // strips a BOM, as the reader does
    const body = new TextEncoder().encode(text);
    const delimiter = sniffDelimiter(text);
    const expected = dropBlank(papa(text, delimiter));
    expect(dropBlank(scanCsvStrings(body, delimiter))).toEqual(expected);
    expect(dropBlank(scanCsvStrings(body, delimiter, 5))).toEqual(expected);
  });
});
