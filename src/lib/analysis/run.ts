// Runs one analysis over a table (a survey, or a survey joined with person metrics) and returns
// aggregates only: the headline score, the answer distribution, a breakout by any column or
// metric bin, the mean of chosen metrics per favorability group, and a trend by period. Groups
// below the minimum group size carry no numbers at all (see score/suppress.ts).
import { binValues } from '../bin/bins';
import { roundByMagnitude } from '../format/numbers';
import { meansBySentiment } from '../score/patterns';
import { groupResults } from '../score/suppress';
import {
  answersOf,
  blankAnswers,
  BLANK,
  EXCLUDED,
  NEGATIVE,
  NEUTRAL,
  POSITIVE,
  tallyGroups,
  type Answers,
  type RowSet,
} from '../score/tally';
import { periodOf, trendPoints } from '../score/trend';
import type {
  GroupResult,
  Interval,
  MetricGroupResult,
  PeriodUnit,
  Sentiment,
  SentimentMapping,
  Tally,
  TrendPoint,
} from '../score/types';
import { cellText } from '../table/page';
import { responseFilterOf, type ResponseFilter } from '../qualtrics-format/status';
import { keptResponses, responsesUsed, type ResponsesUsed } from '../recipe/responses';
import { answerKey } from './choice-text';
import type { ColumnData, Table } from '../table/types';

export interface QuestionSpec {
  /**
   * One column (an item) or several (a category). A category is scored per respondent: the mean
   * of their valid answers, positive when it reaches the lowest positive value, negative when it
   * is at most the highest negative value, neutral in between.
   */
  columns: number[];
  name: string;
  mapping: SentimentMapping;
  /**
   * The columns are the iterations of one loop & merge question, pooled: every answered cell is
   * an answer, so a respondent counts once per iteration answered (in every group they are in).
   */
  pooled?: boolean;
}

export interface BreakoutSpec {
  column: number;
  /** Number columns are cut into this many quantile bins (type-7 edges, ties kept together). */
  bins: number;
}

export interface TrendSpec {
  column: number;
  unit: PeriodUnit;
  weekStart: 0 | 1;
  /** One line per breakout group as well (needs a breakout). */
  split?: boolean;
}

export interface AnalysisRequest {
  question: QuestionSpec;
  minGroup: number;
  lowSample: number;
  breakout: BreakoutSpec | null;
  /** Metric columns whose means are compared between favorability groups. */
  patterns: number[];
  trend: TrendSpec | null;
  /** Which responses count (default: previews, tests and spam left out, unfinished kept). */
  responses?: ResponseFilter;
}

export interface DistributionRow {
  value: number;
  label?: string;
  sentiment: Sentiment;
  count: number;
}

export interface BreakoutResult {
  column: string;
  type: 'text' | 'metric';
  groups: GroupResult[];
  notes: string[];
}

export interface PatternResult {
  metric: string;
  groups: MetricGroupResult[];
  /** Positive minus negative group (Welch); null when either is hidden. */
  difference: { diff: number; interval: Interval; significant: boolean } | null;
}

export interface TrendResult {
  column: string;
  unit: PeriodUnit;
  points: TrendPoint[];
  /** Rows with an answer but no readable date. */
  unparsed: number;
  /** Split by the breakout column: the same periods per group. */
  series: { key: string; points: TrendPoint[] }[] | null;
}

export interface AnalysisResult {
  question: string;
  items: number;
  /** A pooled loop & merge question: how many iterations' answers were counted. */
  iterations?: number;
  minGroup: number;
  overall: GroupResult;
  /** Answers per value (single items only); null when the whole population is hidden. */
  distribution: DistributionRow[] | null;
  breakout: BreakoutResult | null;
  patterns: PatternResult[];
  trend: TrendResult | null;
  /** Responses in the table, how many were used, and how many were left out and why. */
  responses: ResponsesUsed;
}

/** A column's answers as numbers, and the rows whose text is not a number. */
interface ColumnNumbers {
  values: ArrayLike<number>;
  unreadable: RowSet;
}

/**
 * The numbers of one answer column. A text column (a choice-text export, or numbers kept as
 * text) is read through the mapping's labels, else as a number.
 */
function columnNumbers(
  col: ColumnData,
  rows: number,
  labels: ReadonlyMap<string, number>,
): ColumnNumbers {
  if (col.type === 'number') {
    return { values: col.values.subarray(0, rows), unreadable: col.invalid };
  }
  const values = new Float64Array(rows);
  const unreadable = new Set<number>();
  for (let r = 0; r < rows; r++) {
    const text = cellText(col, r).trim();
    if (text === '') {
      values[r] = NaN;
      continue;
    }
    // A choice-text export: the answer is a value's label.
    const v = labels.get(answerKey(text)) ?? Number(text);
    values[r] = v;
    if (Number.isNaN(v)) unreadable.add(r);
  }
  return { values, unreadable };
}

function readAnswers(t: Table, q: QuestionSpec): Answers {
  const n = t.rowCount;
  if (q.pooled) return pooledAnswers(t, q);
  const labels = new Map(
    q.mapping.values.flatMap((v) => (v.label ? [[answerKey(v.label), v.value] as const] : [])),
  );
  const cols = q.columns.map((c) => {
    const col = t.data[c];
    if (!col) throw new RangeError(`The table has no column ${c + 1}.`);
    return col;
  });
  if (cols.length === 1) {
    const { values, unreadable } = columnNumbers(cols[0], n, labels);
    return answersOf(values, q.mapping, unreadable);
  }
  // A category, column by column: each respondent's valid answers summed, then averaged.
  const sum = new Float64Array(n);
  const count = new Int32Array(n);
  const anyExcluded = new Uint8Array(n);
  for (const col of cols) {
    const { values, unreadable } = columnNumbers(col, n, labels);
    const a = answersOf(values, q.mapping, unreadable);
    for (let r = 0; r < n; r++) {
      const c = a.code[r];
      if (c === BLANK) continue;
      if (c === EXCLUDED) anyExcluded[r] = 1;
      else {
        sum[r] += a.value[r];
        count[r]++;
      }
    }
  }
  const positives = q.mapping.values.filter((v) => v.sentiment === 'positive').map((v) => v.value);
  const negatives = q.mapping.values.filter((v) => v.sentiment === 'negative').map((v) => v.value);
  const lowestPositive = positives.length ? Math.min(...positives) : Infinity;
  const highestNegative = negatives.length ? Math.max(...negatives) : -Infinity;
  const out = blankAnswers(n);
  for (let r = 0; r < n; r++) {
    if (count[r] === 0) {
      out.code[r] = anyExcluded[r] ? EXCLUDED : BLANK;
      continue;
    }
    const m = sum[r] / count[r];
    out.value[r] = m;
    out.code[r] = m >= lowestPositive ? POSITIVE : m <= highestNegative ? NEGATIVE : NEUTRAL;
  }
  return out;
}

/**
 * A pooled loop & merge question: the answers of iteration i sit at rows i·n … i·n + n − 1, so
 * every per-row grouping repeats once per iteration (see {@link perAnswer}).
 */
function pooledAnswers(t: Table, q: QuestionSpec): Answers {
  const n = t.rowCount;
  const out = blankAnswers(n * q.columns.length);
  q.columns.forEach((c, i) => {
    const one = readAnswers(t, { ...q, columns: [c], pooled: false });
    out.code.set(one.code, i * n);
    out.value.set(one.value, i * n);
    out.valueIndex.set(one.valueIndex, i * n);
  });
  return out;
}

/** A per-row array repeated to match `answers` answers (more than rows for a pooled question). */
function perAnswer<A extends Int32Array | Float64Array>(values: A, answers: number): A {
  const rows = values.length;
  if (answers === rows || rows === 0) return values;
  const out = new (values.constructor as new (n: number) => A)(answers);
  for (let off = 0; off < answers; off += rows) out.set(values.subarray(0, answers - off), off);
  return out;
}

const NO_VALUE = '(no value)';

interface Grouping {
  column: string;
  type: 'text' | 'metric';
  keys: string[];
  /** Group per row; −1 = left out. */
  groupOf: Int32Array;
  notes: string[];
}

/** Rows grouped by a column's values, or by quantile bins of a number column. */
function grouping(t: Table, spec: BreakoutSpec): Grouping {
  const meta = t.columns[spec.column];
  const col = t.data[spec.column];
  if (!col || !meta) throw new RangeError(`The table has no column ${spec.column + 1}.`);
  const notes: string[] = [];
  if (col.type === 'number') {
    const bins = binValues(
      col.values,
      { mode: 'quantile', k: Math.max(2, spec.bins), prefix: 'Q' },
      { minGroup: 1, mergeSmall: false },
    );
    const keys = bins.labels.map(
      (l, i) => `${l} (${roundByMagnitude(bins.edges[i])}–${roundByMagnitude(bins.edges[i + 1])})`,
    );
    if (bins.tiesDropped > 0) {
      notes.push(`${bins.tiesDropped} bin edge(s) were dropped because tied values repeat them.`);
    }
    const noMetric = bins.assign.reduce((s, g) => s + (g < 0 ? 1 : 0), 0);
    if (noMetric > 0) notes.push(`${noMetric} row(s) have no ${meta.name} and are left out.`);
    return { column: meta.name, type: 'metric', keys, groupOf: bins.assign, notes };
  }
  // One group per value, sorted by name; a blank cell is its own group, last. Values that occur
  // on no row are dropped.
  const used = new Uint8Array(col.dict.length);
  let hasBlank = false;
  for (let r = 0; r < t.rowCount; r++) {
    const c = col.codes[r];
    if (c < 0) hasBlank = true;
    else used[c] = 1;
  }
  const order = col.dict
    .map((label, code) => ({ label, code }))
    .filter((o) => used[o.code])
    .sort((x, y) => x.label.localeCompare(y.label, 'en'));
  const slot = new Int32Array(col.dict.length).fill(-1);
  order.forEach((o, i) => (slot[o.code] = i));
  const keys = order.map((o) => o.label);
  if (hasBlank) keys.push(NO_VALUE);
  const groupOf = new Int32Array(t.rowCount);
  for (let r = 0; r < t.rowCount; r++) {
    const c = col.codes[r];
    groupOf[r] = c < 0 ? order.length : slot[c];
  }
  return { column: meta.name, type: 'text', keys, groupOf, notes };
}

function breakout(a: Answers, req: AnalysisRequest, g: Grouping): BreakoutResult {
  const m = req.question.mapping;
  const ts = tallyGroups(a, m, perAnswer(g.groupOf, a.code.length), g.keys.length);
  return {
    column: g.column,
    type: g.type,
    groups: groupResults(g.keys, ts, m, req.minGroup, { lowSample: req.lowSample }),
    notes: g.notes,
  };
}

function patterns(t: Table, a: Answers, req: AnalysisRequest, column: number): PatternResult {
  const meta = t.columns[column];
  const col = t.data[column];
  if (!col || col.type !== 'number') {
    throw new RangeError(`Column ${meta?.name ?? column + 1} is not a number column.`);
  }
  const groupOf = (r: number) => {
    const c = a.code[r];
    return c === POSITIVE
      ? 'positive'
      : c === NEUTRAL
        ? 'neutral'
        : c === NEGATIVE
          ? 'negative'
          : null;
  };
  const hasNeutral = req.question.mapping.values.some((v) => v.sentiment === 'neutral');
  const { groups, difference } = meansBySentiment(
    a.code.length,
    groupOf,
    perAnswer(col.values, a.code.length),
    hasNeutral,
    req.minGroup,
  );
  return { metric: meta.name, groups, difference };
}

function trend(
  t: Table,
  a: Answers,
  req: AnalysisRequest,
  spec: TrendSpec,
  split: Grouping | null,
): TrendResult {
  const meta = t.columns[spec.column];
  const col = t.data[spec.column];
  if (!col || !meta) throw new RangeError(`The table has no column ${spec.column + 1}.`);
  const m = req.question.mapping;
  const ids = new Map<string, number>();
  const keys: { period: string; start: string }[] = [];
  const periodOfFileRow = new Int32Array(t.rowCount).fill(-1);
  let unparsed = 0;
  const periodIndex = (text: string): number => {
    const p = periodOf(text, spec.unit, spec.weekStart);
    if (!p) return -1;
    let g = ids.get(p.start);
    if (g === undefined) {
      g = keys.length;
      ids.set(p.start, g);
      keys.push(p);
    }
    return g;
  };
  // Dates are text with few distinct values: each is read once, by its dictionary code.
  const byCode = col.type === 'number' ? null : new Int32Array(col.dict.length).fill(-2);
  for (let r = 0; r < t.rowCount; r++) {
    let g: number;
    if (byCode && col.type !== 'number') {
      const code = col.codes[r];
      if (code < 0) g = -1;
      else {
        g = byCode[code];
        if (g === -2) g = byCode[code] = periodIndex(col.dict[code]);
      }
    } else g = periodIndex(cellText(col, r));
    periodOfFileRow[r] = g;
  }
  const periodOfRow = perAnswer(periodOfFileRow, a.code.length);
  for (let i = 0; i < periodOfRow.length; i++) {
    if (periodOfRow[i] < 0 && a.code[i] !== BLANK) unparsed++;
  }
  const opts = { lowSample: req.lowSample };
  const K = keys.length;
  const points = (ts: Tally[]) =>
    trendPoints(keys, ts, m, spec.unit, spec.weekStart, req.minGroup, opts);
  let series: TrendResult['series'] = null;
  if (split) {
    // One pass for every (group, period) pair; every series gets every period (the same
    // keys), so the lines share one axis.
    const cell = new Int32Array(periodOfRow.length);
    const groupOf = perAnswer(split.groupOf, periodOfRow.length);
    for (let r = 0; r < cell.length; r++) {
      const g = groupOf[r];
      const p = periodOfRow[r];
      cell[r] = g >= 0 && p >= 0 ? g * K + p : -1;
    }
    const all = tallyGroups(a, m, cell, split.keys.length * K);
    series = split.keys.map((key, g) => ({ key, points: points(all.slice(g * K, (g + 1) * K)) }));
  }
  return {
    column: meta.name,
    unit: spec.unit,
    points: points(tallyGroups(a, m, periodOfRow, K)),
    unparsed,
    series,
  };
}

/**
 * The whole analysis of one question, over the responses the request's filter keeps: a preview
 * or a spam response is in no score, breakout, pattern nor trend.
 */
export function runAnalysis(source: Table, req: AnalysisRequest): AnalysisResult {
  const kept = keptResponses(source, responseFilterOf(req.responses));
  const t = kept.table;
  const m = req.question.mapping;
  const a = readAnswers(t, req.question);
  const [all] = tallyGroups(a, m, null, 1);
  const groups = req.breakout ? grouping(t, req.breakout) : null;
  const [overall] = groupResults(['All responses'], [all], m, req.minGroup, {
    lowSample: req.lowSample,
  });
  const distribution =
    (req.question.columns.length === 1 || req.question.pooled) && !overall.suppressed
      ? m.values.map((v, i) => ({
          value: v.value,
          ...(v.label ? { label: v.label } : {}),
          sentiment: v.sentiment,
          count: all.byValue[i],
        }))
      : null;
  return {
    question: req.question.name,
    items: req.question.pooled ? 1 : req.question.columns.length,
    ...(req.question.pooled ? { iterations: req.question.columns.length } : {}),
    minGroup: req.minGroup,
    overall,
    distribution,
    breakout: groups ? breakout(a, req, groups) : null,
    patterns: req.patterns.map((c) => patterns(t, a, req, c)),
    trend: req.trend ? trend(t, a, req, req.trend, req.trend.split ? groups : null) : null,
    responses: responsesUsed(source, kept),
  };
}

/** One question of the overview, with the mapping it is read with. */
export interface OverviewItem {
  column: number;
  name: string;
  label: string;
  mapping: SentimentMapping;
  /** A pooled loop & merge question: every iteration's column. */
  columns?: number[];
}

export interface OverviewRow {
  column: number;
  name: string;
  label: string;
  mapping: SentimentMapping;
  /** The question's score for all responses, or hidden below the minimum group size. */
  result: GroupResult;
}

/**
 * Every question at a glance (a Qualtrics scorecard): each scored with its own mapping, over
 * the same responses as the analysis.
 */
export function runOverview(
  source: Table,
  items: readonly OverviewItem[],
  minGroup: number,
  lowSample: number,
  responses?: ResponseFilter,
): OverviewRow[] {
  const t = keptResponses(source, responseFilterOf(responses)).table;
  return items.map((item) => {
    const q: QuestionSpec = item.columns
      ? { columns: item.columns, name: item.name, mapping: item.mapping, pooled: true }
      : { columns: [item.column], name: item.name, mapping: item.mapping };
    const [all] = tallyGroups(readAnswers(t, q), item.mapping, null, 1);
    const [result] = groupResults([item.name], [all], item.mapping, minGroup, { lowSample });
    return {
      column: item.column,
      name: item.name,
      label: item.label,
      mapping: item.mapping,
      result,
    };
  });
}
