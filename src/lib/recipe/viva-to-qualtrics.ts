// "Viva metrics to Qualtrics": the second half of Microsoft's Qualtrics integration guide.
// Weekly person-query metrics are averaged per person (src/lib/person-query), binned
// (src/lib/bin), and written as a Qualtrics EX participant import: the identifier, optionally
// First Name / Last Name / Email from a directory export, and one metadata column per metric.

import { binLabel, binValues, type BinResult, type BinSpec } from '../bin/bins';
import { barBin, histogram } from '../bin/histogram';
import type { Problem } from '../issues';
import type { AggregateSpec, DateCount, PersonMeans } from '../person-query/types';
import type { PersonQueryHead } from '../person-query/read';
import { matchKeys, normalizeKey } from '../transform/join';
import type { ColumnMeta } from '../table/types';
import { formatScore } from '../viva-format/upload-rules';
import type { MetricChoice, VivaToQualtricsRecipe, WindowRule } from './types';

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

/** A Qualtrics directory export (or any contact list), as text. */
export interface DirectoryData {
  headers: string[];
  rows: string[][];
}

/** The directory columns that give the join key, names and email. */
export interface DirectoryColumns {
  key: number;
  firstName: number;
  lastName: number;
  email: number;
}

function findHeader(headers: readonly string[], names: string[]): number {
  const norm = headers.map((h) => lower(h).replace(/[\s_]/g, ''));
  for (const n of names) {
    const i = norm.indexOf(n);
    if (i >= 0) return i;
  }
  return -1;
}

/** Guesses the name and email columns; the key is the recipe's. */
export function directoryColumns(headers: readonly string[], key: string): DirectoryColumns {
  return {
    key: headers.findIndex((h) => lower(h) === lower(key)),
    firstName: findHeader(headers, ['firstname', 'givenname']),
    lastName: findHeader(headers, ['lastname', 'surname', 'familyname']),
    email: findHeader(headers, ['email', 'primaryemail', 'emailaddress', 'workemail']),
  };
}

/** The directory column most likely to hold the identifier (ExternalDataReference first). */
export function suggestDirectoryKey(headers: readonly string[]): string | null {
  const i = findHeader(headers, [
    'externaldatareference',
    'externalreference',
    'uniqueidentifier',
    'employeeid',
    'employeenumber',
  ]);
  return i >= 0 ? headers[i] : null;
}

/** One histogram bar: [start, end) and the bin its middle falls in (for colouring). */
export interface HistogramBar {
  start: number;
  end: number;
  count: number;
  bin: number;
}

/** How one metric was binned, for the screen and the report. */
export interface MetricReport {
  column: string;
  as: string;
  /** People in the file with a value for it. */
  n: number;
  mode: BinSpec['mode'];
  asked: number;
  edges: number[];
  bins: { label: string; count: number; small: boolean; positions: [number, number] | null }[];
  tiesDropped: number;
  merged: number;
  outOfRange: number;
  tooFew: boolean;
  min: number;
  max: number;
  mean: number;
  histogram: HistogramBar[];
  /** False when the query has no such column. */
  found: boolean;
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

const MAX_LISTED = 200;

/** Builds the participant file from per-person means. */
export function runVivaToQualtrics(
  recipe: VivaToQualtricsRecipe,
  means: PersonMeans,
  directory: DirectoryData | null,
  options: VivaRunOptions = {},
): VivaOutput {
  const problems: Problem[] = [];
  const warn = (p: Omit<Problem, 'severity' | 'row'> & { row?: number | null }) =>
    problems.push({ severity: 'warning', row: null, ...p });
  const error = (p: Omit<Problem, 'severity' | 'row'> & { row?: number | null }) =>
    problems.push({ severity: 'error', row: null, ...p });
  const n = means.personIds.length;
  const minWeeks = Math.max(1, recipe.minWeeks);

  // Who goes in the file.
  const keep: number[] = [];
  let noWeeks = 0;
  let fewWeeks = 0;
  let noIdentifier = 0;
  const byId = new Map<string, number[]>();
  for (let p = 0; p < n; p++) {
    const w = means.weeks[p];
    if (w === 0) {
      noWeeks++;
      continue;
    }
    if (w < minWeeks) {
      fewWeeks++;
      continue;
    }
    const id = recipe.identifier === null ? null : means.identifiers[p];
    if (id === null || id === '') {
      if (noIdentifier++ < MAX_LISTED && recipe.identifier !== null) {
        warn({
          column: recipe.identifier,
          code: 'missing-identifier',
          rule: 'identifier-blank',
          message: `PersonId ${means.personIds[p]} has no ${recipe.identifier}; this person is left out (Qualtrics needs the identifier).`,
        });
      }
      continue;
    }
    const list = byId.get(id);
    if (list) list.push(p);
    else byId.set(id, [p]);
    keep.push(p);
  }
  let duplicateIdentifier = 0;
  const duplicated = new Set<number>();
  for (const [id, list] of byId) {
    if (list.length < 2) continue;
    duplicateIdentifier += list.length;
    for (const p of list) duplicated.add(p);
    warn({
      column: recipe.identifier,
      code: 'duplicate-key',
      rule: 'identifier-duplicate',
      message: `${recipe.identifier} "${id}" belongs to ${list.length} PersonIds (${list.map((p) => means.personIds[p]).join(', ')}); they are left out rather than guessed, because Qualtrics needs one row per identifier.`,
    });
  }
  const people = duplicated.size ? keep.filter((p) => !duplicated.has(p)) : keep;

  if (recipe.identifier === null) {
    error({
      column: null,
      code: 'missing-identifier',
      rule: 'identifier-none',
      message:
        'Choose the attribute that holds the Qualtrics unique identifier (for example UniqueIdentifier or EmployeeId). Without it Qualtrics cannot match people.',
    });
  } else if (noIdentifier > MAX_LISTED) {
    warn({
      column: recipe.identifier,
      code: 'missing-identifier',
      rule: 'identifier-blank',
      message: `${noIdentifier - MAX_LISTED} more people have no ${recipe.identifier} (${noIdentifier} in all).`,
    });
  }
  if (fewWeeks > 0) {
    warn({
      column: null,
      code: 'info',
      rule: 'min-weeks',
      message: `${fewWeeks} people have fewer than ${minWeeks} weeks of data and are left out.`,
    });
  }
  if (noWeeks > 0) {
    warn({
      column: null,
      code: 'info',
      rule: 'no-weeks',
      message: `${noWeeks} people have no counted week in the chosen period and are left out.`,
    });
  }

  // Bins, over the people in the file.
  const metricIndex = new Map(means.metricNames.map((name, j) => [lower(name), j]));
  const bars = options.histogramBars ?? 30;
  const binned: (BinResult | null)[] = [];
  const reports: MetricReport[] = recipe.metrics.map((m) => {
    const j = metricIndex.get(lower(m.column));
    if (j === undefined) {
      binned.push(null);
      error({
        column: m.column,
        code: 'unmatched-column',
        rule: 'metric-missing',
        message: `The query has no column "${m.column}". Remove it from the recipe or load the query that has it.`,
      });
      return emptyReport(m);
    }
    const values = new Float64Array(people.length);
    const src = means.means[j];
    for (let i = 0; i < people.length; i++) values[i] = src[people[i]];
    const r = binValues(values, m.bin, { minGroup: recipe.minGroup, mergeSmall: m.mergeSmall });
    binned.push(r);
    return report(m, r, values, bars, recipe.minGroup, warn);
  });

  // Directory.
  let names: string[][] | null = null;
  let directoryMatched: number | null = null;
  let noDirectoryMatch: number | null = null;
  if (recipe.directory && directory) {
    const cols = directoryColumns(directory.headers, recipe.directory.key);
    const norm = { trim: recipe.directory.trim, caseFold: recipe.directory.caseFold };
    if (cols.key < 0) {
      error({
        column: recipe.directory.key,
        code: 'unmatched-column',
        rule: 'directory-key',
        message: `The directory file has no column "${recipe.directory.key}". Choose its identifier column.`,
      });
    } else {
      const left = people.map((p) => normalizeKey(means.identifiers[p]!, norm));
      const right = directory.rows.map((r) => normalizeKey(r[cols.key] ?? '', norm));
      const match = matchKeys(left, right);
      names = people.map(() => ['', '', '']);
      const cell = (r: string[], i: number) => (i >= 0 ? (r[i] ?? '').trim() : '');
      for (const [l, r] of match.matched) {
        const row = directory.rows[r];
        names[l] = [cell(row, cols.firstName), cell(row, cols.lastName), cell(row, cols.email)];
      }
      directoryMatched = match.matched.length;
      noDirectoryMatch = people.length - directoryMatched;
      const dupKeys = new Set(match.duplicateRight.map((d) => d.key));
      const unmatched = new Set(match.onlyLeft);
      let listed = 0;
      left.forEach((key, l) => {
        const dup = key !== null && dupKeys.has(key);
        if (!dup && !unmatched.has(l)) return;
        if (listed++ >= MAX_LISTED) return;
        warn({
          column: recipe.identifierAs,
          code: 'no-directory-match',
          rule: dup ? 'directory-duplicate' : 'directory-missing',
          message: dup
            ? `${means.identifiers[people[l]]} appears more than once in the directory file; First Name, Last Name and Email are left blank rather than guessed.`
            : `${means.identifiers[people[l]]} is not in the directory file; First Name, Last Name and Email are left blank (Qualtrics then makes up an email and sends no invitation until one is set).`,
        });
      });
      if (listed > MAX_LISTED) {
        warn({
          column: recipe.identifierAs,
          code: 'no-directory-match',
          rule: 'directory-missing',
          message: `${listed - MAX_LISTED} more people have no directory entry (${noDirectoryMatch} in all).`,
        });
      }
    }
  }

  // The file.
  const header: string[] = [];
  if (names) header.push('First Name', 'Last Name', 'Email');
  header.push(recipe.identifierAs);
  const metricStart = header.length;
  recipe.metrics.forEach((m) => header.push(m.as));
  if (recipe.includeWeeks) header.push('Weeks');
  checkHeader(header, error);

  const limit = Math.min(people.length, options.rowLimit ?? Infinity);
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
    error({
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
  return {
    header,
    rows,
    rowCount: people.length,
    problems,
    metrics: reports,
    people: {
      seen: n,
      inFile: people.length,
      noWeeks,
      fewWeeks,
      noIdentifier,
      duplicateIdentifier,
      directoryMatched,
      noDirectoryMatch,
    },
    numericColumns,
  };
}

function checkHeader(
  header: string[],
  error: (p: Omit<Problem, 'severity' | 'row'>) => void,
): void {
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

function emptyReport(m: MetricChoice): MetricReport {
  return {
    column: m.column,
    as: m.as,
    n: 0,
    mode: m.bin.mode,
    asked: 0,
    edges: [],
    bins: [],
    tiesDropped: 0,
    merged: 0,
    outOfRange: 0,
    tooFew: true,
    min: NaN,
    max: NaN,
    mean: NaN,
    histogram: [],
    found: false,
  };
}

function report(
  m: MetricChoice,
  r: BinResult,
  values: Float64Array,
  bars: number,
  minGroup: number,
  warn: (p: Omit<Problem, 'severity' | 'row'>) => void,
): MetricReport {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let count = 0;
  for (const v of values) {
    if (v !== v) continue;
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    count++;
  }
  const h = histogram(values, bars);
  const histogramBars: HistogramBar[] = h.counts.map((c, i) => {
    const start = h.min + i * h.width;
    const end = i === h.counts.length - 1 ? h.max : start + h.width;
    return { start, end, count: c, bin: barBin(r, start, end) };
  });
  if (r.tooFew) {
    warn({
      column: m.as,
      code: 'small-group',
      rule: 'too-few',
      message: `${m.as}: only ${r.n} people have a value, fewer than the minimum group size of ${minGroup}; the column is left blank so nobody can be singled out.`,
    });
  }
  if (m.bin.mode === 'average') {
    const small = r.small.filter(Boolean).length;
    if (small > 0) {
      warn({
        column: m.as,
        code: 'small-group',
        rule: 'small-bin',
        message: `${m.as}: ${small} of ${r.labels.length} rounded values are shared by fewer than ${minGroup} people, so a dashboard filtered on one of them could single people out. Use bins, or fewer decimals.`,
      });
    }
    return reportOf(m, r, { min, max, sum, count }, histogramBars, warn);
  }
  r.labels.forEach((label, i) => {
    if (!r.small[i]) return;
    warn({
      column: m.as,
      code: 'small-group',
      rule: 'small-bin',
      message: `${m.as}: "${label}" holds ${r.counts[i]} ${r.counts[i] === 1 ? 'person' : 'people'}, fewer than the minimum group size of ${minGroup}. Merge it into a neighbour, or use fewer bins.`,
    });
  });
  return reportOf(m, r, { min, max, sum, count }, histogramBars, warn);
}

function reportOf(
  m: MetricChoice,
  r: BinResult,
  stats: { min: number; max: number; sum: number; count: number },
  histogramBars: HistogramBar[],
  warn: (p: Omit<Problem, 'severity' | 'row'>) => void,
): MetricReport {
  const { min, max, sum, count } = stats;
  if (r.outOfRange > 0) {
    warn({
      column: m.as,
      code: 'out-of-range',
      rule: 'cut-range',
      message: `${m.as}: ${r.outOfRange} people fall outside the cut points' range and are left blank.`,
    });
  }
  return {
    column: m.column,
    as: m.as,
    n: r.n,
    mode: m.bin.mode,
    asked: r.asked,
    edges: r.edges,
    bins: r.labels.map((label, i) => ({
      label,
      count: r.counts[i],
      small: r.small[i],
      positions: r.positions ? r.positions[i] : null,
    })),
    tiesDropped: r.tiesDropped,
    merged: r.merged,
    outOfRange: r.outOfRange,
    tooFew: r.tooFew,
    min: count ? min : NaN,
    max: count ? max : NaN,
    mean: count ? sum / count : NaN,
    histogram: histogramBars,
    found: true,
  };
}

/** A number for the screen: at most 2 decimals. */
export function shortNumber(x: number): string {
  return Number.isFinite(x) ? formatScore(x, 2) : '—';
}
