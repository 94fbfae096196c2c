import type { DraftColumn, FileKind, LayoutDraft } from '../table/types';
import { roleFromImportId, roleFromTag } from './classify-column';
import { cellAt, labelAt, qualtricsSource, widthOf, type Head } from './head-cells';
import { parseImportIdCell } from './parse-import-id';

/**
 * Recognises the current exporter's 3 header rows (tags, labels, `{"ImportId":…}` JSON).
 * Tolerant: a few blank or non-JSON row-3 cells still count, as long as most cells parse.
 */
export function detectCurrentExport(head: Head, kind: FileKind): LayoutDraft | null {
  if (head.length < 3) return null;
  const width = widthOf(head, 3);
  const cells = Array.from({ length: width }, (_, i) => parseImportIdCell(cellAt(head, 2, i)));
  const parsed = cells.filter((c) => c !== null).length;
  const nonBlank = Array.from({ length: width }, (_, i) => cellAt(head, 2, i)).filter(
    (c) => c !== '',
  ).length;
  if (parsed === 0 || parsed * 2 <= nonBlank || (parsed < 2 && width > 2)) return null;

  const missing: string[] = [];
  const zones = new Set<string>();
  const columns = cells.map((cell, index): DraftColumn => {
    const header = head[0]?.[index] ?? '';
    const label = labelAt(head, 1, index);
    if (!cell) {
      // Why: a column blank in all 3 rows is a trailing separator, not a missing ImportId.
      if (header.trim() !== '' || label.label !== undefined || cellAt(head, 2, index) !== '') {
        missing.push(header.trim() || `Column ${index + 1}`);
      }
      return { index, header, ...label, qualtricsRole: roleFromTag(header, label.label) };
    }
    if (cell.timeZone) zones.add(cell.timeZone);
    const role = roleFromImportId(cell.importId, header, label.label);
    return { index, header, ...label, ...cell, qualtricsRole: role };
  });

  const notes = [
    'Qualtrics export with 3 header rows (export tags, labels, ImportIds); columns are matched by ImportId.',
  ];
  if (zones.size > 0) notes.push(`Dates are in time zone ${[...zones].join(', ')} (from row 3).`);
  const issues =
    missing.length === 0
      ? []
      : [
          {
            row: 3,
            column: null,
            code: 'qualtrics-format' as const,
            message: `${missing.length} column(s) have no ImportId in row 3 (${preview(missing)}); their roles are guessed from the export tag.`,
          },
        ];
  return {
    source: qualtricsSource(kind),
    headerRows: 3,
    columns,
    notes,
    issues,
    keyedByImportId: true,
  };
}

function preview(names: string[]): string {
  return names.length <= 3 ? names.join(', ') : `${names.slice(0, 3).join(', ')}…`;
}
