import type { DraftColumn, LayoutDraft } from '../table/types';
import { roleFromTag } from './classify-column';
import { cellAt, labelAt, widthOf, type Head } from './head-cells';
import { LEGACY_METADATA } from './metadata';

const V_RE = /^V\d+$/;

/**
 * Recognises the legacy (pre-2017) exporter: row 1 `V1…V10,Q1,…`, row 2 labels that start
 * with `ResponseID, ResponseSet, …`.
 */
export function detectLegacyExport(head: Head): LayoutDraft | null {
  if (head.length < 2 || cellAt(head, 0, 0) !== 'V1') return null;
  const width = widthOf(head, 2);
  let vTags = 0;
  let metaLabels = 0;
  for (let i = 0; i < width; i++) {
    if (V_RE.test(cellAt(head, 0, i))) vTags++;
    if (LEGACY_METADATA.has(cellAt(head, 1, i))) metaLabels++;
  }
  if (vTags < 3 || metaLabels < 3) return null;

  const columns = Array.from({ length: width }, (_, index): DraftColumn => {
    const header = head[0]?.[index] ?? '';
    const label = labelAt(head, 1, index);
    const meta = LEGACY_METADATA.has(label.label ?? '') || LEGACY_METADATA.has(header.trim());
    return {
      index,
      header,
      ...label,
      qualtricsRole: meta ? 'metadata' : roleFromTag(header, label.label),
    };
  });
  return {
    source: 'qualtrics-legacy',
    headerRows: 2,
    columns,
    notes: [
      'Legacy Qualtrics export (before 2017) with 2 header rows (V1…, Q1… and labels); it has no ImportIds, so columns are matched by name.',
    ],
    issues: [],
  };
}
