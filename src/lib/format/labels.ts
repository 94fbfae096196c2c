// Labels built from data for the screen and the tables: plurals and question labels cut to
// the part that tells them apart. Pure, so the worker-side table builders and the components
// write the same text.
import { formatInt } from './numbers';

/** plural(1, 'row') → "1 row"; plural(3, 'row') → "3 rows"; plural(1000, 'row') → "1,000 rows". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatInt(n)} ${n === 1 ? one : many}`;
}

/**
 * Parts Qualtrics appends to a label that say which cell of a question this is, not what was
 * asked: `Colour - Selected Choice` (the choice column beside an "other" text column).
 */
const SELECTED_CHOICE_RE = /\s+-\s+Selected Choice$/i;

/** The label without a ` - Selected Choice` suffix: the question itself. */
export function questionLabel(label: string | undefined): string {
  return label ? label.replace(SELECTED_CHOICE_RE, '') : '';
}

/**
 * The statement of a matrix item: Qualtrics labels them "question - statement", and the
 * statement tells the items apart ("How much… - I am proud to work here" → "I am proud to work
 * here"). A label without " - " is kept whole; '' for no label. `Question - Selected Choice`
 * shows the question, never "Selected Choice" alone. Not trimmed and not cut: the survey
 * category builder shows it whole in a one-line cell that ellipsises by CSS.
 */
export function matrixStatement(label: string | undefined): string {
  const l = questionLabel(label);
  if (l !== label) return l;
  if (!l) return '';
  const i = l.lastIndexOf(' - ');
  return i > 0 && i < l.length - 3 ? l.slice(i + 3) : l;
}

/**
 * A question label short enough for a table cell: its {@link matrixStatement}, trimmed and cut
 * at `max` characters with "…" (the analysis tables, CSVs and question lists).
 */
export function shortLabel(label: string, max = 80): string {
  const s = matrixStatement(label).trim();
  return s.length > max ? `${s.slice(0, max - 1).trimEnd()}…` : s;
}
