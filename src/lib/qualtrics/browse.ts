// What the Surveys screens need beyond the API calls, as plain functions: the survey list searched,
// filtered (active/closed) and sorted; the codebook searched and written as CSV; the export
// options a form edits (only formats the app's reader opens, dates picked as days); and the check
// that a downloaded export zip is whole and holds the one table the workspace will open, done on
// the central directory only (cheap) so a cut-off download is reported on the survey page rather
// than as a load error later.
import { UnexpectedResponseError } from '../errors';
import { listZip, readZipEntry } from '../read/zip';
import { bytesSource } from '../read/types';
import { toCsv } from '../write/csv';
import type { Codebook, CodebookChoice, CodebookQuestion } from './codebook';
import type { SurveySummary } from './endpoints/surveys';
import type { ExportFormat, ExportOptions } from './export-options';

export type SurveySort = 'modified' | 'name';
export type SurveyShow = 'all' | 'active' | 'closed';

export interface SurveyQuery {
  search: string;
  show: SurveyShow;
  sort: SurveySort;
}

export const defaultSurveyQuery: SurveyQuery = { search: '', show: 'all', sort: 'modified' };

/** A survey with no `isActive` is neither active nor closed as far as we know: shown under "all". */
function matchesShow(s: SurveySummary, show: SurveyShow): boolean {
  if (show === 'all') return true;
  return show === 'active' ? s.isActive === true : s.isActive === false;
}

const byName = (a: SurveySummary, b: SurveySummary) =>
  a.name.localeCompare(b.name, undefined, { sensitivity: 'base', numeric: true }) ||
  a.id.localeCompare(b.id);

/** Newest first; surveys without a date last. */
function byModified(a: SurveySummary, b: SurveySummary): number {
  const ta = a.lastModified ? Date.parse(a.lastModified) : NaN;
  const tb = b.lastModified ? Date.parse(b.lastModified) : NaN;
  if (Number.isNaN(ta) !== Number.isNaN(tb)) return Number.isNaN(ta) ? 1 : -1;
  return (Number.isNaN(ta) ? 0 : tb - ta) || byName(a, b);
}

/** The surveys matching a search (name or id, any case, every word), a state, in an order. */
export function selectSurveys(surveys: readonly SurveySummary[], q: SurveyQuery): SurveySummary[] {
  const words = q.search.toLowerCase().split(/\s+/).filter(Boolean);
  return surveys
    .filter((s) => matchesShow(s, q.show))
    .filter((s) => {
      const hay = `${s.name} ${s.id}`.toLowerCase();
      return words.every((w) => hay.includes(w));
    })
    .sort(q.sort === 'name' ? byName : byModified);
}

export function surveyCounts(surveys: readonly SurveySummary[]): Record<SurveyShow, number> {
  return {
    all: surveys.length,
    active: surveys.filter((s) => s.isActive === true).length,
    closed: surveys.filter((s) => s.isActive === false).length,
  };
}

/** Questions whose export tag, QID, text, type, choices or rows contain every word. */
export function searchCodebook(
  questions: readonly CodebookQuestion[],
  search: string,
): CodebookQuestion[] {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...questions];
  return questions.filter((q) => {
    const hay = [
      q.exportTag,
      q.qid,
      q.text,
      q.type,
      q.selector ?? '',
      ...q.choices.flatMap((c) => [c.text, c.recode]),
      ...q.subQuestions.map((c) => c.text),
    ]
      .join(' ')
      .toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}

/** "MC / NPS", "Matrix / Likert", "TE". */
export function questionTypeLabel(q: CodebookQuestion): string {
  return [q.type, q.selector].filter(Boolean).join(' / ');
}

/**
 * The codebook as CSV, one row per choice and per matrix row (a question without either gets one
 * row), so it filters and pivots in a spreadsheet. Formula-guarded: question texts are user text.
 */
export function codebookCsv(cb: Codebook): string {
  const rows: string[][] = [
    [
      'Export tag',
      'QID',
      'Question',
      'Type',
      'Part',
      'Choice id',
      'Choice text',
      'Recode value',
      'Text entry',
    ],
  ];
  const part = (q: CodebookQuestion, kind: string, c: CodebookChoice) => [
    q.exportTag,
    q.qid,
    q.text,
    questionTypeLabel(q),
    kind,
    c.id,
    c.text,
    kind === 'choice' ? c.recode : '',
    c.textEntry ? 'yes' : '',
  ];
  for (const q of cb.questions) {
    const parts = [
      ...q.subQuestions.map((c) => part(q, 'row', c)),
      ...q.choices.map((c) => part(q, 'choice', c)),
    ];
    rows.push(
      ...(parts.length > 0
        ? parts
        : [[q.exportTag, q.qid, q.text, questionTypeLabel(q), '', '', '', '', '']]),
    );
  }
  return toCsv(rows, { formulaGuard: true });
}

/** The export formats this app's reader opens (a zip holding one CSV or TSV). */
export const READABLE_FORMATS: readonly ExportFormat[] = ['csv', 'tsv'];

/** What a new "Load responses" form holds: every question, field and metadata column. */
export const defaultLoadOptions: ExportOptions = {
  format: 'csv',
  useLabels: false,
  exportResponsesInProgress: false,
  breakoutSets: true,
};

/** Problems the API would not see: a format this app cannot open after downloading it. */
export function readableProblems(o: ExportOptions): string[] {
  return READABLE_FORMATS.includes(o.format)
    ? []
    : [
        `This app opens CSV and TSV exports; ${o.format} files cannot be read here. Choose CSV or TSV.`,
      ];
}

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A day picked in a date field (`2026-03-01`) as the export's start (midnight UTC, inclusive)
 * or, for the last day wanted, as the export's end (midnight UTC of the next day, because
 * Qualtrics' endDate is exclusive). Empty gives undefined; anything else is passed on as typed so
 * exportOptionProblems names it.
 */
export function dayToExportDate(day: string, as: 'start' | 'through'): string | undefined {
  const d = day.trim();
  if (d === '') return undefined;
  if (!DAY_RE.test(d)) return d;
  if (as === 'start') return `${d}T00:00:00Z`;
  const next = new Date(`${d}T00:00:00Z`);
  if (Number.isNaN(next.getTime())) return d;
  next.setUTCDate(next.getUTCDate() + 1);
  return `${next.toISOString().slice(0, 10)}T00:00:00Z`;
}

/** The inverse of dayToExportDate, for showing stored options in date fields. */
export function exportDateToDay(iso: string | undefined, as: 'start' | 'through'): string {
  if (!iso) return '';
  const m = /^(\d{4}-\d{2}-\d{2})T00:00:00Z$/.exec(iso);
  if (!m) return iso;
  if (as === 'start') return m[1];
  const prev = new Date(`${m[1]}T00:00:00Z`);
  prev.setUTCDate(prev.getUTCDate() - 1);
  return prev.toISOString().slice(0, 10);
}

/** A file name for a survey's export: its name without characters file systems refuse. */
export function responsesFileName(surveyName: string, surveyId: string): string {
  const clean = [...surveyName]
    .map((ch) => (ch.charCodeAt(0) < 32 || '<>:"/\\|?*'.includes(ch) ? ' ' : ch))
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
  return `${clean || surveyId}.zip`;
}

/**
 * Checks that a downloaded export zip is whole (its central directory is there: a cut-off
 * download has none) and holds exactly one CSV or TSV; throws UnexpectedResponseError otherwise.
 * Returns the name of that member.
 */
export async function checkResponsesZip(bytes: Uint8Array): Promise<string> {
  let names: string[];
  try {
    names = (await listZip(bytesSource(bytes)))
      .map((e) => e.name)
      .filter((n) => !n.endsWith('/') && !n.startsWith('__MACOSX/'));
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new UnexpectedResponseError(
      `The export file from Qualtrics is incomplete or damaged (${why}). Load the responses again.`,
    );
  }
  const tables = names.filter((n) => /\.(csv|tsv)$/i.test(n));
  if (tables.length !== 1 || names.length !== 1) {
    throw new UnexpectedResponseError(
      `The export zip should hold one CSV or TSV file but holds ${names.length === 0 ? 'nothing' : names.join(', ')}. Load the responses again with format CSV.`,
    );
  }
  return tables[0];
}

/** Exports larger than this are not counted on the page (they are not empty). */
const COUNT_LIMIT_BYTES = 256 * 1024;

/**
 * How many responses a small export zip holds, or null when it is too large to count on the page
 * or has no ImportId header row (then it is opened as usual). Lets "only new responses" say
 * "nothing new" instead of opening an empty table. Records are counted with quotes respected
 * (question texts may hold line breaks); the responses are the records after the ImportId row.
 */
export async function countExportResponses(bytes: Uint8Array): Promise<number | null> {
  const source = bytesSource(bytes);
  const entries = (await listZip(source)).filter((e) => /\.(csv|tsv)$/i.test(e.name));
  if (entries.length !== 1 || entries[0].uncompressedSize > COUNT_LIMIT_BYTES) return null;
  const text = new TextDecoder().decode(await readZipEntry(source, entries[0]));
  let afterImportIds: number | null = null;
  let quoted = false;
  let start = 0;
  const record = (end: number) => {
    const line = text.slice(start, end).replace(/^\uFEFF/, '');
    if (/^"?\{"{1,2}ImportId"{1,2}:/.test(line)) afterImportIds = 0;
    else if (afterImportIds !== null && line.trim() !== '') afterImportIds++;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (ch === '\n' && !quoted) {
      record(i);
      start = i + 1;
    }
  }
  if (start < text.length) record(text.length);
  return afterImportIds;
}
