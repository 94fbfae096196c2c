// Labels built from data for the screen and the tables: plurals and question labels cut to
// the part that tells them apart. Pure, so the worker-side table builders and the components
// write the same text.
import { formatInt } from './numbers';

/** plural(1, 'row') → "1 row"; plural(3, 'row') → "3 rows"; plural(1000, 'row') → "1,000 rows". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatInt(n)} ${n === 1 ? one : many}`;
}

/**
 * The statement of a matrix item: Qualtrics labels them "question - statement", and the
 * statement tells the items apart ("How much… - I am proud to work here" → "I am proud to work
 * here"). A label without " - " is kept whole; '' for no label. Not trimmed and not cut: the
 * survey category builder shows it whole in a one-line cell that ellipsises by CSS.
 */
export function matrixStatement(label: string | undefined): string {
  if (!label) return '';
  const i = label.lastIndexOf(' - ');
  return i > 0 && i < label.length - 3 ? label.slice(i + 3) : label;
}

/**
 * A question label short enough for a table cell: its {@link matrixStatement}, trimmed and cut
 * at `max` characters with "…" (the analysis tables, CSVs and question lists).
 */
export function shortLabel(label: string, max = 80): string {
  const s = matrixStatement(label).trim();
  return s.length > max ? `${s.slice(0, max - 1).trimEnd()}…` : s;
}
