// "Viva metrics to Qualtrics": the second half of Microsoft's Qualtrics integration guide.
// Weekly person-query metrics are averaged per person (src/lib/person-query), binned
// (src/lib/bin), and written as a Qualtrics EX participant import: the identifier, optionally
// First Name / Last Name / Email from a directory export, and one metadata column per metric.
// Here: the recipe's defaults and suggestions, the window, and runVivaToQualtrics, which reads as
// its phases: who goes in the file (viva-people.ts), the bins (viva-bins.ts), the directory
// (viva-directory.ts), the rows. The pass over the file around it is viva-run.ts.

import { binLabel, type BinResult, type BinSpec } from '../bin/bins';
import { problemSink, type Problem, type ProblemSink } from '../issues';
import type { AggregateSpec, DateCount, PersonMeans } from '../person-query/types';
import type { PersonQueryHead } from '../person-query/read';
import type { ColumnMeta } from '../table/types';
import type { MetricChoice, VivaToQualtricsRecipe, WindowRule } from './types';
import { binMetrics, type MetricReport } from './viva-bins';
import { joinDirectory, type DirectoryData } from './viva-directory';
import { choosePeople } from './viva-people';

// The phases' own types and helpers, for the callers that take them from here.
export type { HistogramBar, MetricReport } from './viva-bins';
export {
  directoryColumns,
  suggestDirectoryKey,
  type DirectoryColumns,
  type DirectoryData,
} from './viva-directory';

/**
 * Metrics preselected when present: the ones Microsoft's and Qualtrics' integration pages tie
 * to survey outcomes (manager 1:1 and skip-level time, network size, after-hours and focus
 * time) plus the core collaboration hours. The "Person query for surveys" template's own
 * list is not documented (reference §8.10), so this is our reading, not Microsoft's list.
 */
export const SURVEY_METRICS = [
  'Collaboration_hours',
  'After_hours_collaboration_hours',
  'Meeting_hours',
  'Email_hours',
  'Chat_hours',
  'Meeting_and_call_hours_with_manager_1_1',
  'Meeting_hours_with_manager_1_1',
  'Meeting_and_call_hours_with_skip_level',
  'Meeting_hours_with_skip_level',
  'Internal_network_size',
  'Uninterrupted_hours',
  'Available_to_focus_hours',
  'Weekend_collaboration_hours',
  'Multitasking_hours',
];

/** Attribute names that hold an ID Qualtrics can know, best first. */
const IDENTIFIER_NAMES = [
  'uniqueidentifier',
  'unique_identifier',
  'employeeid',
  'employee_id',
  'employeenumber',
  'employee_number',
  'externaldatareference',
  'externalreference',
  'hrid',
  'workerid',
  'personnelnumber',
];

/** Default minimum group size (Viva Insights and Qualtrics EX both default to 5). */
export const DEFAULT_MIN_GROUP = 5;

/** Default output name of the identifier: the Qualtrics EX participant file's column. */
export const IDENTIFIER_AS = 'UniqueIdentifier';

const lower = (s: string) => s.trim().toLowerCase();

/** `Meeting_and_call_hours_with_manager_1_1` → `Meeting and call hours with manager 1:1`. */
export function readableName(header: string): string {
  return header.trim().replace(/_1_1$/, ' 1:1').replace(/_+/g, ' ').replace(/\s+/g, ' ').trim();
}

/** The person query's metric columns (numbers per person and week). */
export function metricColumns(head: Pick<PersonQueryHead, 'columns'>): ColumnMeta[] {
  return head.columns.filter((c) => c.vivaRole === 'metric');
}

/** Attribute columns: candidates for the identifier and the inactive-week flag. */
export function attributeColumns(head: Pick<PersonQueryHead, 'columns'>): ColumnMeta[] {
  return head.columns.filter((c) => c.vivaRole === 'attribute');
}

/** The attribute most likely to be the Qualtrics unique identifier, or null. */
export function suggestIdentifier(head: Pick<PersonQueryHead, 'columns'>): string | null {
  const attrs = attributeColumns(head);
  for (const name of IDENTIFIER_NAMES) {
    const c = attrs.find((a) => lower(a.header) === name);
    if (c) return c.header;
  }
  const idLike = attrs.find((a) => /(?:^|_)(?:id|identifier)$|id$/i.test(a.header.trim()));
  return idLike ? idLike.header : null;
}

/** Quartiles labelled Q1…Q4: readable in Qualtrics dashboards and sorted correctly. */
export function defaultBin(): BinSpec {
  return { mode: 'quantile', k: 4, prefix: 'Q' };
}

export function newMetricChoice(column: string): MetricChoice {
  return { column, as: readableName(column), bin: defaultBin(), mergeSmall: false };
}

/** A recipe with the defaults for this query. */
export function newVivaRecipe(
  head: Pick<PersonQueryHead, 'columns' | 'name' | 'dateFormat'>,
  ids: { id: string; now: string },
): VivaToQualtricsRecipe {
  const metrics = metricColumns(head);
  const preferred = new Set(SURVEY_METRICS.map(lower));
  const chosen = metrics.filter((c) => preferred.has(lower(c.header)));
  const title = head.name.replace(/\.(csv|zip|txt|tsv)$/i, '');
  return {
    kind: 'viva-to-qualtrics',
    version: 1,
    id: ids.id,
    name: `Viva metrics to Qualtrics: ${title}`.slice(0, 120),
    created: ids.now,
    updated: ids.now,
    source: { title, columns: head.columns.map((c) => c.header) },
    identifier: suggestIdentifier(head),
    identifierAs: IDENTIFIER_AS,
    metrics: chosen.map((c) => newMetricChoice(c.header)),
    window: { kind: 'all' },
    inactiveColumn: null,
    minWeeks: 1,
    minGroup: DEFAULT_MIN_GROUP,
    dayFirst: head.dateFormat === 'dmy',
    directory: null,
    includeWeeks: false,
    fileName: 'qualtrics-participants',
    format: 'csv',
  };
}

/** Share (0–1) of the recipe's metrics (and identifier) that the query has. */
export function recipeFit(
  recipe: VivaToQualtricsRecipe,
  head: Pick<PersonQueryHead, 'columns'>,
): number {
  const have = new Set(head.columns.map((c) => lower(c.header)));
  const wanted = [
    ...recipe.metrics.map((m) => m.column),
    ...(recipe.identifier ? [recipe.identifier] : []),
  ];
  if (wanted.length === 0) return 0;
  return wanted.filter((w) => have.has(lower(w))).length / wanted.length;
}

const DAY = 86_400_000;

function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}

/** The dates a window rule means for a file with these MetricDates. */
export interface ResolvedWindow {
  from: string | null;
  to: string | null;
  /** MetricDates of the file inside the window. */
  dates: number;
  /** Plain words for the screen. */
  label: string;
}

export function resolveWindow(rule: WindowRule, dates: readonly DateCount[]): ResolvedWindow {
  let from: string | null = null;
  let to: string | null = null;
  let label = 'all weeks';
  if (rule.kind === 'last') {
    to = rule.through ?? dates.at(-1)?.date ?? null;
    from = to === null ? null : addDays(to, -7 * (Math.max(1, rule.weeks) - 1));
    label = `the ${rule.weeks} week${rule.weeks === 1 ? '' : 's'} up to ${to ?? 'the latest date'}`;
  } else if (rule.kind === 'range') {
    from = rule.from;
    to = rule.to;
    label = `${from ?? 'the first date'} to ${to ?? 'the last date'}`;
  }
  const inside = dates.filter(
    (d) => (from === null || d.date >= from) && (to === null || d.date <= to),
  );
  return { from, to, dates: inside.length, label };
}

/** Column index by header, case-insensitive; -1 when absent. */
function columnIndex(head: Pick<PersonQueryHead, 'columns'>, name: string | null): number {
  if (name === null) return -1;
  const want = lower(name);
  return head.columns.find((c) => lower(c.header) === want)?.index ?? -1;
}

/** What the aggregation reads, for this recipe on this file and window. */
export function aggregateSpecFor(
  recipe: VivaToQualtricsRecipe,
  head: PersonQueryHead,
  window: { from: string | null; to: string | null },
): AggregateSpec {
  const present = recipe.metrics.filter((m) => columnIndex(head, m.column) >= 0);
  const id = columnIndex(head, recipe.identifier);
  const inactive = columnIndex(head, recipe.inactiveColumn);
  return {
    personIdColumn: head.personIdColumn,
    metricDateColumn: head.metricDateColumn,
    identifierColumn: id >= 0 ? id : null,
    metricColumns: present.map((m) => columnIndex(head, m.column)),
    metricNames: present.map((m) => head.columns[columnIndex(head, m.column)].header),
    from: window.from,
    to: window.to,
    inactiveColumn: inactive >= 0 ? inactive : null,
    dayFirst: recipe.dayFirst,
    decimalComma: head.decimalComma,
    headerRows: head.headerRows,
    delimiter: head.delimiter,
  };
}

export interface VivaOutput {
  header: string[];
  /** The first `rowLimit` rows (all without a limit). */
  rows: string[][];
  rowCount: number;
  problems: Problem[];
  metrics: MetricReport[];
  people: {
    /** Everyone in the query. */
    seen: number;
    inFile: number;
    /** No week inside the window (or every week inactive). */
    noWeeks: number;
    fewWeeks: number;
    noIdentifier: number;
    duplicateIdentifier: number;
    /** With a directory: people found there, and not. */
    directoryMatched: number | null;
    noDirectoryMatch: number | null;
  };
  /** Output columns holding numbers (averages), for typed xlsx cells. */
  numericColumns: number[];
}

export interface VivaRunOptions {
  rowLimit?: number;
  histogramBars?: number;
}

/**
 * Builds the participant file from per-person means: who goes in the file, their bins, the
 * directory's names, then the rows.
 */
export function runVivaToQualtrics(
  recipe: VivaToQualtricsRecipe,
  means: PersonMeans,
  directory: DirectoryData | null,
  options: VivaRunOptions = {},
): VivaOutput {
  const problems: Problem[] = [];
  const sink = problemSink(problems);
  const chosen = choosePeople(recipe, means, sink);
  const people = chosen.people;
  const bins = binMetrics(recipe, means, people, options.histogramBars ?? 30, sink);
  const dir = joinDirectory(recipe, means, people, directory, sink);
  const file = writeRows(recipe, means, people, bins.binned, dir.names, options.rowLimit, sink);
  return {
    header: file.header,
    rows: file.rows,
    rowCount: people.length,
    problems,
    metrics: bins.reports,
    people: {
      seen: means.personIds.length,
      inFile: people.length,
      noWeeks: chosen.noWeeks,
      fewWeeks: chosen.fewWeeks,
      noIdentifier: chosen.noIdentifier,
      duplicateIdentifier: chosen.duplicateIdentifier,
      directoryMatched: dir.directoryMatched,
      noDirectoryMatch: dir.noDirectoryMatch,
    },
    numericColumns: file.numericColumns,
  };
}

/** The participant file: its header, its first `rowLimit` rows, and its number columns. */
function writeRows(
  recipe: VivaToQualtricsRecipe,
  means: PersonMeans,
  people: readonly number[],
  binned: readonly (BinResult | null)[],
  names: string[][] | null,
  rowLimit: number | undefined,
  problems: ProblemSink,
): Pick<VivaOutput, 'header' | 'rows' | 'numericColumns'> {
  const header: string[] = [];
  if (names) header.push('First Name', 'Last Name', 'Email');
  header.push(recipe.identifierAs);
  const metricStart = header.length;
  recipe.metrics.forEach((m) => header.push(m.as));
  if (recipe.includeWeeks) header.push('Weeks');
  checkHeader(header, problems.error);

  const limit = Math.min(people.length, rowLimit ?? Infinity);
  const rows: string[][] = [];
  for (let i = 0; i < limit; i++) {
    const p = people[i];
    const row: string[] = names ? names[i].slice() : [];
    row.push(means.identifiers[p] ?? '');
    for (const r of binned) row.push(r ? binLabel(r, r.assign[i]) : '');
    if (recipe.includeWeeks) row.push(String(means.weeks[p]));
    rows.push(row);
  }
  if (people.length === 0 && recipe.identifier !== null) {
    problems.error({
      column: null,
      code: 'info',
      rule: 'no-people',
      message:
        'No person is left for the file. Check the period, the inactive-week option and the minimum weeks.',
    });
  }
  const numericColumns = recipe.metrics
    .map((m, k) => (m.bin.mode === 'average' ? metricStart + k : -1))
    .filter((c) => c >= 0);
  if (recipe.includeWeeks) numericColumns.push(header.length - 1);
  return { header, rows, numericColumns };
}

function checkHeader(header: string[], error: ProblemSink['error']): void {
  const seen = new Map<string, number>();
  header.forEach((h, i) => {
    const name = h.trim();
    if (name === '') {
      error({
        column: null,
        code: 'viva-header',
        rule: 'header-blank',
        message: `Column ${i + 1} has no name. Give every column a name.`,
      });
      return;
    }
    if (/[\r\n]/.test(h)) {
      error({
        column: h,
        code: 'viva-header',
        rule: 'header-newline',
        message: `"${h}" contains a line break.`,
      });
    }
    const k = name.toLowerCase();
    if (seen.has(k)) {
      error({
        column: h,
        code: 'viva-header',
        rule: 'header-unique',
        message: `Two columns are named "${name}". Qualtrics needs one column per name: rename one of them.`,
      });
    } else seen.set(k, i);
  });
}
