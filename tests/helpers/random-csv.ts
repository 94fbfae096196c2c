// Random delimited files for the differential tests of the CSV readers.
import { prng } from './prng';

const PIECES = ['a', 'b', 'Z', ' ', '-', 'é', 'ß', '€', '😀', 'город', 'x y', 'Sales', 'HR'];
const NUMBERS = ['1', '0', '-3', '2.5', '1e3', '  7 ', '12345678901234567', '', 'N/A', '3,5'];

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
