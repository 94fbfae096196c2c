import type { FileKind, LayoutSource } from '../table/types';
import { hasHtml, stripHtml } from './strip-html';

/** The first records of a file, as the readers pass them to layout detection. */
export type Head = readonly (readonly string[])[];

/** A cell's text, '' when the record is short; a leading BOM is dropped for comparisons. */
export function cellAt(head: Head, row: number, column: number): string {
  return (head[row]?.[column] ?? '').replace(/^\uFEFF/, '').trim();
}

/** How many columns the first `rows` records span (the longest of them). */
export function widthOf(head: Head, rows: number): number {
  return Math.max(0, ...head.slice(0, rows).map((r) => r.length));
}

/**
 * The label cell as stored in LayoutColumn: omitted when blank; HTML stripped, with the text
 * as exported kept in `labelHtml` when it held tags or entities.
 */
export function labelAt(
  head: Head,
  row: number,
  column: number,
): { label?: string; labelHtml?: string } {
  const raw = cellAt(head, row, column);
  if (raw === '') return {};
  if (!hasHtml(raw)) return { label: raw };
  const label = stripHtml(raw);
  if (label === raw) return { label };
  return label === '' ? { labelHtml: raw } : { label, labelHtml: raw };
}

/** Spreadsheet exports get their own source so the UI can say "Qualtrics Excel export". */
export function qualtricsSource(kind: FileKind): LayoutSource {
  return kind === 'xlsx' || kind === 'xls' || kind === 'ods' ? 'qualtrics-xlsx' : 'qualtrics';
}
