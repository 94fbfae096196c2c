// Random delimited files, messy cells and table snapshots for the differential tests of the CSV
// readers and the WebAssembly kernels.
import { getRowPage } from '../../src/lib/table/page';
import type { Table } from '../../src/lib/table/types';
import { prng } from './prng';

/** Number cells of every kind a reader must agree on: plain, quoted, blank, NULL, text, huge. */
export const MESSY_NUMBERS: string[] = [
  '1',
  '0',
  '2.5',
  '-3',
  '+4',
  '1e3',
  '1.5E-2',
  '',
  'NULL',
  'na',
  'NaN',
  ' 7 ',
  '"8"',
  '"1,5"',
  'abc',
  '12345678901234567',
  '0.1666667',
  '.5',
  '5.',
  '1e400',
  '3e',
  '0.0000001',
  '99999999',
  '0.12345678',
  '123456789.5',
  '00000000001',
  '1.00000000000001',
  '7.123456789012',
  '123456789012345',
  '1.23456789012345',
  '-0',
  '"-2.25"',
  '"x""y"',
  '4 h',
  '"1"2',
  '\t3\t',
];

/** Every observable part of a table, for toEqual. */
export function tableSnapshot(t: Table) {
  return {
    name: t.name,
    rowCount: t.rowCount,
    columns: t.columns,
    // (Which reader built the parts is not part of the table readCsv gives.)
    format: { ...t.format, engine: undefined },
    issues: t.issues,
    page: getRowPage(t, 0, t.rowCount),
    invalid: t.data.map((c) => (c.type === 'number' ? [...c.invalid] : null)),
    types: t.data.map((c) => c.type),
  };
}

const PIECES = ['a', 'b', 'Z', ' ', '-', 'é', 'ß', '€', '😀', 'город', 'x y', 'Sales', 'HR'];
const NUMBERS = ['1', '0', '-3', '2.5', '1e3', '  7 ', '12345678901234567', '', 'N/A', '3,5'];

/**
 * A random text cell as CSV: up to maxLength - 1 pieces (none one time in five), each a
 * `special` string (delimiter, quote, line break) at `specialRate`; quoted when it holds one, or
 * at `quoteRate`, with quotes doubled.
 */
export function randomTextField(
  rnd: () => number,
  pieces: readonly string[],
  special: readonly string[],
  o: { maxLength: number; specialRate: number; quoteRate: number },
): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const len = rnd() < 0.2 ? 0 : Math.floor(rnd() * o.maxLength);
  let value = '';
  let needsQuotes = false;
  for (let i = 0; i < len; i++) {
    if (rnd() < o.specialRate) {
      value += pick(special);
      needsQuotes = true;
    } else value += pick(pieces);
  }
  return needsQuotes || rnd() < o.quoteRate ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A random file with a header, number-like and text columns, quotes, blanks and ragged rows. */
export function randomCsv(seed: number): { text: string; delimiter: string } {
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
      fields.push(
        randomTextField(rnd, PIECES, special, { maxLength: 6, specialRate: 0.1, quoteRate: 0.1 }),
      );
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
