import type { Issue } from '../issues';
import { detectQualtricsLayout } from '../qualtrics-format';
import { detectPersonQueryLayout } from '../viva-format';
import type { DraftColumn, FileKind, LayoutColumn, LayoutDraft, LayoutSource } from './types';

/** What the first records of a file say about its header rows and columns. */
export interface Layout {
  source: LayoutSource;
  /** How many records at the top are headers (not data). */
  headerRows: number;
  columns: LayoutColumn[];
  notes: string[];
  /** duplicate-header, blank-header... (row = 1-based record number). */
  issues: Issue[];
}

/**
 * Detects the layout from the first records of a file (as text, up to ~10 records).
 * Qualtrics exports (current, legacy, Excel) and Viva person queries are recognised; anything
 * else is a plain file with one header row.
 */
export function detectLayout(head: readonly (readonly string[])[], kind: FileKind): Layout {
  const draft = detectQualtricsLayout(head, kind) ?? detectPersonQueryLayout(head) ?? plain(head);
  return nameColumns(draft, head);
}

function plain(head: readonly (readonly string[])[]): LayoutDraft {
  const columns = (head[0] ?? []).map((header, index): DraftColumn => ({ index, header }));
  return { source: 'plain', headerRows: head.length > 0 ? 1 : 0, columns, notes: [], issues: [] };
}

/** Gives every column a unique display name and reports blank and repeated headers. */
function nameColumns(draft: LayoutDraft, head: readonly (readonly string[])[]): Layout {
  const issues = [...draft.issues];
  const notes = [...draft.notes];
  const trailing = trailingBlankColumns(draft, head);
  if (trailing > 0) {
    const first = draft.columns.length - trailing + 1;
    const which =
      trailing === 1
        ? `The last column ("Column ${first}") has`
        : `The last ${trailing} columns have`;
    notes.push(
      `${which} no header and no values, as when every line ends with a separator; kept, but safe to ignore.`,
    );
  }
  const used = new Set<string>();
  const columns = draft.columns.map(({ blankName, ...col }, pos): LayoutColumn => {
    let name = col.header.replace(/^\uFEFF/, '').trim();
    if (name === '') {
      name = blankName ?? `Column ${col.index + 1}`;
      if (blankName === undefined && pos < draft.columns.length - trailing) {
        issues.push({
          row: 1,
          column: name,
          code: 'blank-header',
          message: `Column ${col.index + 1} has no header; it is shown as "${name}".`,
        });
      }
    }
    const unique = uniqueName(name, used);
    if (unique !== name) issues.push(duplicateIssue(name, unique, col, draft.keyedByImportId));
    used.add(unique.toLowerCase());
    return { ...col, name: unique };
  });
  return { source: draft.source, headerRows: draft.headerRows, columns, notes, issues };
}

/** `Name`, else `Name (2)`, `Name (3)`…, compared case-insensitively. */
function uniqueName(name: string, used: ReadonlySet<string>): string {
  if (!used.has(name.toLowerCase())) return name;
  let n = 2;
  while (used.has(`${name} (${n})`.toLowerCase())) n++;
  return `${name} (${n})`;
}

function duplicateIssue(
  name: string,
  renamed: string,
  col: Omit<LayoutColumn, 'name'>,
  keyedByImportId = false,
): Issue {
  const message =
    keyedByImportId && col.importId
      ? `Export tag "${name}" is used by more than one column; this one (ImportId ${col.importId}) is shown as "${renamed}". Qualtrics allows repeated tags, and the columns are kept apart by ImportId.`
      : `Header "${name}" appears more than once; this one is shown as "${renamed}".`;
  return { row: 1, column: renamed, code: 'duplicate-header', message };
}

/**
 * How many columns at the end are blank in every header row and every data row of the head.
 * Why: files whose lines all end with a comma (Qualtrics legacy) gain one such column; it
 * is kept, since readers split every row the same way, but it is not a problem to report.
 */
function trailingBlankColumns(draft: LayoutDraft, head: readonly (readonly string[])[]): number {
  let n = 0;
  for (let pos = draft.columns.length - 1; pos >= 0; pos--) {
    const col = draft.columns[pos];
    if (col.blankName !== undefined) break;
    if (!head.every((row) => (row[col.index] ?? '').trim() === '')) break;
    n++;
  }
  // Why: a file whose only header cells are blank is not "trailing"; report it as blank.
  return n === draft.columns.length ? 0 : n;
}
