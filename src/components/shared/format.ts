// Labels only the screens use: load phases, delimiters, file kinds and sources, column roles
// and issue groups. Numbers and plurals are written by src/lib/format, shared with the worker-side
// table builders.
import { plural } from '../../lib/format/labels';
import type { Issue, IssueCode } from '../../lib/issues';
import type { LoadPhase } from '../../lib/read/types';
import type { FormatInfo, QualtricsRole, VivaRole } from '../../lib/table/types';

const PHASES: Record<LoadPhase, string> = {
  reading: 'Reading the file',
  inflating: 'Unzipping',
  strings: 'Reading shared text',
  building: 'Building the table',
};

/** The load phase in words. */
export function phaseLabel(phase: LoadPhase): string {
  return PHASES[phase] ?? phase;
}

const DELIMITERS: Record<string, string> = {
  ',': 'comma-separated',
  '\t': 'tab-separated',
  ';': 'semicolon-separated',
  '|': 'pipe-separated',
};

/** ',' → "comma-separated". */
export function delimiterLabel(delimiter: string): string {
  return DELIMITERS[delimiter] ?? `separated by “${delimiter}”`;
}

const KINDS: Record<FormatInfo['kind'], string | null> = {
  csv: null,
  xlsx: 'Excel workbook',
  xls: 'Excel 97–2003 workbook',
  ods: 'OpenDocument spreadsheet',
  'zip-csv': 'CSV inside a ZIP',
};

/** What kind of file and layout this is, in words. */
export function sourceLabel(format: FormatInfo): string {
  const rows = plural(format.headerRows, 'header row');
  switch (format.source) {
    case 'qualtrics':
      return `Qualtrics export (current format, ${rows})`;
    case 'qualtrics-legacy':
      return `Qualtrics export (legacy format, ${rows})`;
    case 'qualtrics-xlsx':
      return `Qualtrics export (Excel, ${rows})`;
    case 'viva-person-query':
      return 'Viva Insights person query';
    default:
      return `Table (${rows})`;
  }
}

const ENCODINGS: Record<string, string> = {
  'utf-8': 'UTF-8',
  'utf-8-bom': 'UTF-8 with BOM',
  'utf-16le': 'UTF-16 LE',
  'utf-16be': 'UTF-16 BE',
  'windows-1252': 'Windows-1252',
};

/** The parts of a one-line format summary, to be joined with " · ". */
export function formatParts(
  format: FormatInfo,
  name: string,
  rowCount: number,
  columnCount: number,
): string[] {
  const parts = [name];
  const kind = KINDS[format.kind];
  if (kind) parts.push(kind);
  if (format.sheet) parts.push(`sheet “${format.sheet}”`);
  parts.push(sourceLabel(format));
  if (format.encoding) parts.push(ENCODINGS[format.encoding] ?? format.encoding);
  if (format.delimiter) parts.push(delimiterLabel(format.delimiter));
  parts.push(`${plural(rowCount, 'row')} × ${plural(columnCount, 'column')}`);
  // Why: a survey export with header rows only is valid (a survey nobody answered yet).
  if (rowCount === 0 && format.source.startsWith('qualtrics')) parts.push('0 responses');
  return parts;
}

const QUALTRICS_ROLES: Record<QualtricsRole, string> = {
  metadata: 'Survey metadata',
  question: 'Question',
  'multi-select': 'Multi-select (one cell)',
  text: 'Text entry',
  'other-text': 'Other, please specify',
  'text-iq': 'Text iQ',
  embedded: 'Embedded data',
  'nps-group': 'NPS group',
  'display-order': 'Display order',
  timing: 'Timing',
  'meta-info': 'Meta info (browser, device)',
  other: 'Other',
};

const VIVA_ROLES: Record<VivaRole, string> = {
  'person-id': 'Person ID',
  'metric-date': 'Metric date',
  metric: 'Metric',
  attribute: 'HR attribute',
  'row-index': 'Row index',
};

export const qualtricsRoleLabel = (r: QualtricsRole): string => QUALTRICS_ROLES[r] ?? r;
export const vivaRoleLabel = (r: VivaRole): string => VIVA_ROLES[r] ?? r;

const ISSUE_NOUNS: Record<IssueCode, [string, string]> = {
  'ragged-row': ['ragged row', 'ragged rows'],
  'bad-number': ['unreadable number', 'unreadable numbers'],
  'duplicate-header': ['duplicate header', 'duplicate headers'],
  'blank-header': ['blank header', 'blank headers'],
  'encoding-fallback': ['encoding fallback', 'encoding fallbacks'],
  'invalid-utf8': ['invalid UTF-8 sequence', 'invalid UTF-8 sequences'],
  'unclosed-quote': ['unclosed quote', 'unclosed quotes'],
  'empty-file': ['empty file', 'empty files'],
  truncated: ['truncation', 'truncations'],
  'formula-error': ['formula error', 'formula errors'],
  'qualtrics-format': ['Qualtrics format note', 'Qualtrics format notes'],
  'viva-format': ['Viva format note', 'Viva format notes'],
  info: ['note', 'notes'],
  'viva-header': ['column-name problem', 'column-name problems'],
  'viva-value': ['value problem', 'value problems'],
  'viva-file': ['file-name problem', 'file-name problems'],
  'invalid-email': ['invalid email', 'invalid emails'],
  'duplicate-person': ['repeated person', 'repeated people'],
  'out-of-range': ['answer outside the scale', 'answers outside the scale'],
  'not-numeric': ['non-numeric answer', 'non-numeric answers'],
  'unmatched-column': ['unmatched column', 'unmatched columns'],
  'duplicate-key': ['duplicate key', 'duplicate keys'],
  'bad-date': ['unreadable date', 'unreadable dates'],
  'blank-person': ['row without PersonId', 'rows without PersonId'],
  'duplicate-week': ['repeated week', 'repeated weeks'],
  'identifier-conflict': ['changed identifier', 'changed identifiers'],
  'missing-identifier': ['person without identifier', 'people without identifier'],
  'small-group': ['small group', 'small groups'],
  'no-directory-match': ['person not in the directory', 'people not in the directory'],
  'nps-mismatch': [
    'NPS group that disagrees with its score',
    'NPS groups that disagree with their scores',
  ],
};

/** Matches the summary issue IssueCollector.summarize() adds when a code hit its limit. */
const CUT_SUMMARY = /^\d+ more "([^"]+)" problems were not listed \((\d+) in all\)\.$/;

export interface IssueGroup {
  code: IssueCode;
  count: number;
  /** "3 ragged rows". */
  text: string;
}

/**
 * Counts issues by code, in order of first appearance. Uses the "(n in all)" totals of
 * IssueCollector summaries, so cut lists still report the true count.
 */
export function groupIssues(issues: readonly Issue[]): IssueGroup[] {
  const listed = new Map<IssueCode, number>();
  const totals = new Map<IssueCode, number>();
  for (const issue of issues) {
    const cut = issue.row === null ? CUT_SUMMARY.exec(issue.message) : null;
    if (cut && cut[1] === issue.code) {
      totals.set(issue.code, Number(cut[2]));
      if (!listed.has(issue.code)) listed.set(issue.code, 0);
    } else {
      listed.set(issue.code, (listed.get(issue.code) ?? 0) + 1);
    }
  }
  return [...listed].map(([code, n]) => {
    const count = Math.max(n, totals.get(code) ?? 0);
    const [one, many] = ISSUE_NOUNS[code] ?? [code, code];
    return { code, count, text: plural(count, one, many) };
  });
}
