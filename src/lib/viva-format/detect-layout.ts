import type { Issue } from '../issues';
import type { DraftColumn, LayoutDraft } from '../table/types';
import { detectPersonQuery, type PersonQueryInfo } from './detect-person-query';

/** Shown for the unnamed row counter R and pandas write as the first column. */
export const ROW_INDEX_NAME = 'Row';

/** Recognises a Viva Insights person query (1 header row); null when it is not one. */
export function detectPersonQueryLayout(head: readonly (readonly string[])[]): LayoutDraft | null {
  const headers = head[0] ?? [];
  const info = detectPersonQuery(headers, head.slice(1));
  if (!info) return null;
  const columns = headers.map((header, index): DraftColumn => {
    const vivaRole = info.roles[index];
    return index === info.rowIndexColumn
      ? { index, header, vivaRole, blankName: ROW_INDEX_NAME }
      : { index, header, vivaRole };
  });
  const dateName = headers[info.metricDateColumn].trim();
  const notes = [
    `Viva Insights person query: one row per person and period, keyed by ${headers[info.personIdColumn].trim()} and ${dateName}.`,
  ];
  if (info.legacyDate) {
    notes.push(`The date column is the legacy Workplace Analytics "${dateName}" (now MetricDate).`);
  }
  if (info.rowIndexColumn !== null) {
    notes.push(
      `The first column has no header and only counts rows (1, 2, 3…); it is shown as "${ROW_INDEX_NAME}".`,
    );
  }
  const issues: Issue[] = [];
  const dateNote = describeDates(info, dateName);
  if (dateNote?.issue) {
    issues.push({ row: null, column: dateName, code: 'viva-format', message: dateNote.text });
  } else if (dateNote) {
    notes.push(dateNote.text);
  }
  return { source: 'viva-person-query', headerRows: 1, columns, notes, issues };
}

function describeDates(
  info: PersonQueryInfo,
  name: string,
): { text: string; issue: boolean } | null {
  const example = info.dateSample[0];
  switch (info.dateFormat) {
    case 'iso':
      return null;
    case 'mdy':
      return { text: `${name} is written month/day/year (US), e.g. ${example}.`, issue: false };
    case 'ambiguous':
      return {
        text: `${name} values such as ${example} could be month/day or day/month; they are read as month/day/year, the Viva default.`,
        issue: false,
      };
    case 'dmy':
      return {
        text: `${name} looks day-first (e.g. ${example}); choose day/month/year to read it.`,
        issue: true,
      };
    case null:
      return example === undefined
        ? null
        : {
            text: `${name} values such as "${example}" are not dates in a known format.`,
            issue: true,
          };
  }
}
