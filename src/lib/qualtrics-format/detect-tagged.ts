import type { DraftColumn, FileKind, LayoutDraft } from '../table/types';
import { roleFromTag } from './classify-column';
import { cellAt, labelAt, qualtricsSource, widthOf, type Head } from './head-cells';
import { DISTINCTIVE_TAGS, METADATA_TAGS } from './metadata';

const DATE_RE = /^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}(?:[ T].*)?$/;
const NUMBER_RE = /^[+-]?(?:\d+[.,]?\d*|[.,]\d+)(?:[eE][+-]?\d+)?$/;
const BOOLEAN_RE = /^(?:true|false|wahr|falsch|vrai|faux)$/i;
const IP_RE = /^[\d.:a-fA-F]+$/;

/** What a data value of each metadata column looks like, to tell a label row from data. */
const DATA_PATTERNS: Record<string, RegExp[]> = {
  StartDate: [DATE_RE, NUMBER_RE],
  EndDate: [DATE_RE, NUMBER_RE],
  RecordedDate: [DATE_RE, NUMBER_RE],
  Status: [NUMBER_RE],
  Progress: [NUMBER_RE],
  'Duration (in seconds)': [NUMBER_RE],
  Finished: [NUMBER_RE, BOOLEAN_RE],
  ResponseId: [/^(?:R|FS)_\w+$/],
  ResponseID: [/^(?:R|FS)_\w+$/],
  IPAddress: [IP_RE],
  LocationLatitude: [NUMBER_RE],
  LocationLongitude: [NUMBER_RE],
  UserLanguage: [/^[A-Z]{2}(?:[-_][A-Z0-9]{2,4})?$/i],
};

/**
 * Recognises a current export without the ImportId row: the Excel download (tags + labels),
 * a CSV saved with 2 header rows, or one cut down to the tag row. Needs ≥ 3 metadata tags.
 */
export function detectTaggedExport(head: Head, kind: FileKind): LayoutDraft | null {
  if (head.length === 0) return null;
  const width = widthOf(head, 1);
  const tags = Array.from({ length: width }, (_, i) => cellAt(head, 0, i));
  const meta = tags.filter((t) => METADATA_TAGS.includes(t));
  if (meta.length < 3 || !meta.some((t) => DISTINCTIVE_TAGS.has(t))) return null;

  const headerRows = rowTwoIsLabels(head, tags) ? 2 : 1;
  const columns = tags.map((_, index): DraftColumn => {
    const header = head[0]?.[index] ?? '';
    const label = headerRows === 2 ? labelAt(head, 1, index) : {};
    return { index, header, ...label, qualtricsRole: roleFromTag(header, label.label) };
  });
  const spreadsheet = kind === 'xlsx' || kind === 'xls' || kind === 'ods';
  const what = spreadsheet ? 'Qualtrics Excel export' : 'Qualtrics export';
  const rows =
    headerRows === 2 ? '2 header rows (export tags, labels)' : 'only the export-tag header row';
  return {
    source: qualtricsSource(kind),
    headerRows,
    columns,
    notes: [
      `${what} with ${rows} and no ImportId row; columns are matched by export tag, which can repeat.`,
    ],
    issues: [],
  };
}

/**
 * Row 2 holds labels (any language: "Anfangsdatum") rather than data when the metadata
 * columns' row-2 cells do not look like their values (a date under StartDate, R_… under
 * ResponseId, a number under Progress).
 */
function rowTwoIsLabels(head: Head, tags: readonly string[]): boolean {
  if (head.length < 2) return false;
  let labels = 0;
  let data = 0;
  tags.forEach((tag, i) => {
    const patterns = DATA_PATTERNS[tag];
    const value = cellAt(head, 1, i);
    if (!patterns || value === '') return;
    if (patterns.some((re) => re.test(value))) data++;
    else labels++;
  });
  return labels > data;
}
