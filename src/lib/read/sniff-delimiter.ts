// Guessing how a delimited text file is laid out from its first lines: which delimiter, an
// Excel `sep=` hint line, and whether numbers use a decimal comma.

/** Delimiters we recognise, in tie-breaking order (comma wins ties). */
export const DELIMITERS = [',', ';', '\t', '|'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

/** How many records of the head are compared. */
const SNIFF_RECORDS = 20;

/** Length in characters of an Excel `sep=X` first line (with its line break), or 0. */
export function sepLineLength(head: string): { delimiter: string; length: number } | null {
  const m = /^sep=([^\r\n])(\r\n|\n|\r|$)/i.exec(head);
  return m ? { delimiter: m[1], length: m[0].length } : null;
}

/**
 * Field counts of the first records of `text` split by `delimiter`, quote-aware. When
 * `truncated` (the text is a cut-off head), the last, possibly partial, record is dropped.
 */
export function fieldCounts(text: string, delimiter: string, truncated: boolean): number[] {
  const counts: number[] = [];
  let fields = 1;
  let inQuotes = false;
  let lineHasText = false;
  for (let i = 0; i < text.length && counts.length < SNIFF_RECORDS; i++) {
    const ch = text[i];
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') i++;
        else inQuotes = false;
      }
    } else if (ch === '"') {
      inQuotes = true;
      lineHasText = true;
    } else if (ch === delimiter) {
      fields++;
      lineHasText = true;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      if (lineHasText) counts.push(fields);
      fields = 1;
      lineHasText = false;
    } else lineHasText = true;
  }
  if (lineHasText && !truncated && counts.length < SNIFF_RECORDS) counts.push(fields);
  return counts;
}

/** Share of records whose field count is the most common count above 1 (0 if none). */
function consistency(counts: readonly number[]): number {
  const freq = new Map<number, number>();
  for (const c of counts) if (c > 1) freq.set(c, (freq.get(c) ?? 0) + 1);
  let best = 0;
  for (const f of freq.values()) if (f > best) best = f;
  return counts.length === 0 ? 0 : best / counts.length;
}

/**
 * Picks the delimiter whose field count is the most consistent over the first ~20 records.
 * Comma when nothing splits the lines (a one-column file) or on ties.
 */
export function sniffDelimiter(head: string, truncated = false): Delimiter {
  let best: Delimiter = ',';
  let bestScore = 0;
  for (const d of DELIMITERS) {
    const score = consistency(fieldCounts(head, d, truncated));
    if (score > bestScore + 1e-9) {
      best = d;
      bestScore = score;
    }
  }
  return best;
}

const DECIMAL_COMMA_RE = /^[+-]?\d*,(\d+)$/;
const DECIMAL_POINT_RE = /^[+-]?\d*\.\d+$/;

/**
 * True when numbers in these data rows are written with a decimal comma (`3,5`). Only for
 * files not delimited by commas; with tab or pipe a comma followed by exactly three digits
 * could be a thousands separator, so at least one other value must settle it.
 */
export function detectDecimalComma(
  rows: readonly (readonly string[])[],
  delimiter: string,
): boolean {
  if (delimiter === ',') return false;
  let comma = 0;
  let unambiguous = 0;
  for (const row of rows) {
    for (const raw of row) {
      const v = raw.trim();
      if (v.length < 2) continue;
      const m = DECIMAL_COMMA_RE.exec(v);
      if (m) {
        comma++;
        if (m[1].length !== 3) unambiguous++;
      } else if (DECIMAL_POINT_RE.test(v)) return false;
    }
  }
  return delimiter === ';' ? comma > 0 : unambiguous > 0;
}
