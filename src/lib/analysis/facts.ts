// What a table offers the Analysis screen: the questions that can be scored (with their scale,
// a guessed score kind and the NPS group column paired with them), the metrics whose means can
// be compared between favorability groups, the columns a score can be broken out by, and the
// date columns a trend can follow. An NPS group column is folded into its score question (and
// cross-checked against it); loop & merge iterations are offered one by one and pooled.
import type { Issue } from '../issues';
import { loopGroups } from '../qualtrics-format/loop';
import { npsMismatches, pairNpsColumns } from '../qualtrics-format/pair-nps';
import { choiceScale } from './choice-text';
import { describeSurvey, type SurveyColumn } from '../recipe/survey-columns';
import { guessKind, MAX_POINTS, MIN_POINTS } from '../score/sentiment';
import type { ScoreKind } from '../score/types';
import { cellText } from '../table/page';
import type { QualtricsRole, Table } from '../table/types';

export interface QuestionInfo {
  column: number;
  name: string;
  header: string;
  label: string;
  importId?: string;
  /** The valid answer range: from the label when it spells it out, else from the data. */
  scale: { min: number; max: number };
  /** Negative answers (e.g. -99 "seen but unanswered"), excluded by default. */
  missingCodes: number[];
  kind: ScoreKind;
  /** `QID2_NPS_GROUP` for the NPS score column `QID2`: its group column's index. */
  npsGroup: number | null;
  /**
   * A Qualtrics `_NPS_GROUP` column without its score column (left out of the export): the NPS
   * question read from the group alone (1 Detractor, 2 Passive, 3 Promoter).
   */
  isNpsGroup: boolean;
  /** Rows whose NPS group disagrees with the score (see `AnalysisFacts.issues`). */
  npsMismatches?: number;
  /**
   * Loop & merge: `iteration` for one iteration's column (`1_QID3`); for the question pooled
   * over every iteration, `columns` lists them and `column` is the first one's.
   */
  loop?: { base: string; iteration?: string; iterations?: string[] };
  /** A pooled loop & merge question: the columns of every iteration, each answer counted. */
  columns?: number[];
  answered: number;
  blank: number;
  /** Non-blank cells that are not numbers. */
  unreadable: number;
  /**
   * A choice-text export: the answers, lowest first (value i + 1 is labels[i]); `ordered` is
   * false when their order was not recognised (alphabetical then).
   */
  choices?: { labels: string[]; ordered: boolean };
}

export interface GroupingInfo {
  column: number;
  name: string;
  /** `text`: one group per value; `metric`: quantile bins of a number column. */
  type: 'text' | 'metric';
  /** Distinct non-blank values (text columns). */
  distinct: number;
}

export interface AnalysisFacts {
  rowCount: number;
  questions: QuestionInfo[];
  /** Number columns that are not questions (e.g. person-query metrics). */
  metrics: { column: number; name: string; count: number }[];
  groupings: GroupingInfo[];
  /** Columns with dates; the first is the default trend column (EndDate when present). */
  dates: { column: number; name: string }[];
  /** Data problems found while describing: NPS groups that disagree with their scores. */
  issues: Issue[];
}

/** How loop & merge questions are offered: one question over every iteration, or each alone. */
export type LoopMode = 'pooled' | 'per-iteration';

/** The questions offered in a loop mode (a pooled question and its iterations never both). */
export function questionsInView(f: AnalysisFacts, mode: LoopMode): QuestionInfo[] {
  return f.questions.filter((q) => !q.loop || (mode === 'pooled') === (q.columns !== undefined));
}

/** Text columns with more distinct values than this are not offered as breakouts. */
export const MAX_BREAKOUT_GROUPS = 60;

/** Numbers Qualtrics adds that are positions or versions, not measures to compare. */
const NOT_METRICS: ReadonlySet<QualtricsRole> = new Set(['display-order', 'meta-info']);

const DATE_NAMES = /^(enddate|recordeddate|startdate|metricdate|date)$/i;
const DATE_RE = /^(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}\/\d{1,2}\/\d{4})/;

function isIntegerScale(c: SurveyColumn): boolean {
  const o = c.observed;
  if (!o || o.count === 0 || !c.scale) return false;
  const points = c.scale.max - c.scale.min + 1;
  if (!Number.isInteger(c.scale.min) || !Number.isInteger(c.scale.max)) return false;
  if (points < MIN_POINTS || points > MAX_POINTS) return false;
  return o.distinct.every((v) => Number.isInteger(v) && (v < 0 || v <= c.scale!.max));
}

function distinctText(t: Table, column: number, limit: number): number {
  const col = t.data[column];
  if (col.type === 'number') return 0;
  const seen = new Uint8Array(col.dict.length);
  let n = 0;
  for (let r = 0; r < t.rowCount && n <= limit; r++) {
    const code = col.codes[r];
    if (code >= 0 && !seen[code]) {
      seen[code] = 1;
      n++;
    }
  }
  return n;
}

function looksLikeDates(t: Table, column: number): boolean {
  const col = t.data[column];
  if (col.type === 'number') return false;
  let seen = 0;
  let dates = 0;
  for (let r = 0; r < t.rowCount && seen < 50; r++) {
    const v = cellText(col, r).trim();
    if (!v) continue;
    seen++;
    if (DATE_RE.test(v)) dates++;
  }
  return seen > 0 && dates / seen >= 0.9;
}

/** Everything the Analysis screen offers for a table. */
export function describeForAnalysis(t: Table): AnalysisFacts {
  const survey = describeSurvey(t);
  const pairs = pairNpsColumns(t.columns);
  const groupOf = new Map(pairs.map((p) => [p.score, p.group]));
  const groupCols = new Set(pairs.map((p) => p.group));
  const fileRow = (r: number) => r + t.format.headerRows + 1;
  const issues: Issue[] = [];
  const mismatches = new Map<number, number>();
  for (const p of pairs) {
    const m = npsMismatches(t, p, fileRow, Math.max(0, 1000 - issues.length));
    mismatches.set(p.score, m.count);
    issues.push(...m.issues);
  }
  const questions: QuestionInfo[] = [];
  const questionCols = new Set<number>();
  for (const c of survey.columns) {
    const meta = t.columns[c.index];
    if (meta.vivaRole) continue;
    const isGroup = meta.qualtricsRole === 'nps-group' || groupCols.has(c.index);
    if ((isGroup || c.kind === 'question') && t.data[c.index].type !== 'number') {
      const choices = choiceScale(t, c.index);
      const groupWords = choices?.labels.every((l) => /^(detractor|passive|promoter)$/i.test(l));
      if (choices && (!isGroup || groupWords)) {
        // A label export's NPS group column reads "Detractor", "Passive", "Promoter".
        if (isGroup) choices.labels = ['Detractor', 'Passive', 'Promoter'];
        const scale = { min: 1, max: choices.labels.length };
        questions.push({
          column: c.index,
          name: c.name,
          header: meta.header,
          label: meta.label ?? '',
          importId: meta.importId,
          scale,
          missingCodes: [],
          kind: isGroup
            ? 'nps'
            : guessKind({ header: meta.header, label: meta.label }, scale, false),
          npsGroup: null,
          isNpsGroup: isGroup,
          answered: choices.answered,
          blank: t.rowCount - choices.answered,
          unreadable: 0,
          choices: { labels: choices.labels, ordered: isGroup || choices.ordered },
        });
        questionCols.add(c.index);
      }
      continue;
    }
    if (!isGroup && (c.kind !== 'question' || !isIntegerScale(c))) continue;
    const o = c.observed!;
    if (!o || o.count === 0) continue;
    const npsGroup = groupOf.get(c.index) ?? null;
    // An NPS question is 0–10 even when nobody answered 0 (the data alone would say 1–10).
    const scale = isGroup
      ? { min: 1, max: 3 }
      : npsGroup !== null && c.scale!.min >= 0 && c.scale!.max <= 10
        ? { min: 0, max: 10 }
        : { min: c.scale!.min, max: c.scale!.max };
    const col = t.data[c.index];
    const unreadable = col.type === 'number' ? col.invalid.size : 0;
    questions.push({
      column: c.index,
      name: c.name,
      header: meta.header,
      label: meta.label ?? '',
      importId: meta.importId,
      scale,
      missingCodes: isGroup ? [] : c.scale!.missingCodes,
      kind: isGroup
        ? 'nps'
        : guessKind(
            { header: meta.header, label: meta.label, qualtricsRole: meta.qualtricsRole },
            scale,
            npsGroup !== null,
          ),
      npsGroup,
      isNpsGroup: isGroup,
      ...(npsGroup !== null ? { npsMismatches: mismatches.get(c.index) ?? 0 } : {}),
      answered: o.count,
      blank: t.rowCount - o.count - unreadable,
      unreadable,
    });
    questionCols.add(c.index);
  }
  // A group column whose score is offered is part of that NPS question, not a question itself.
  const folded = questions.filter(
    (q) => !(q.isNpsGroup && pairs.some((p) => p.group === q.column && questionCols.has(p.score))),
  );
  for (const q of folded) if (q.isNpsGroup) q.npsGroup = null;
  questions.length = 0;
  questions.push(...withLoops(t, folded));
  const metrics: AnalysisFacts['metrics'] = [];
  const groupings: GroupingInfo[] = [];
  const dates: AnalysisFacts['dates'] = [];
  for (const c of survey.columns) {
    const meta = t.columns[c.index];
    const col = t.data[c.index];
    if (col.type === 'number') {
      if (questionCols.has(c.index) || c.kind === 'metadata' || !c.observed?.count) continue;
      if (meta.qualtricsRole && NOT_METRICS.has(meta.qualtricsRole)) continue;
      if (meta.vivaRole === 'row-index') continue;
      metrics.push({ column: c.index, name: c.name, count: c.observed.count });
      groupings.push({ column: c.index, name: c.name, type: 'metric', distinct: 0 });
      continue;
    }
    if (DATE_NAMES.test(meta.header.trim()) || meta.type === 'date' || looksLikeDates(t, c.index)) {
      dates.push({ column: c.index, name: c.name });
      continue;
    }
    if (meta.type === 'id' || c.emailShare >= 0.5) continue;
    const distinct = distinctText(t, c.index, MAX_BREAKOUT_GROUPS);
    if (distinct >= 2 && distinct <= MAX_BREAKOUT_GROUPS) {
      groupings.push({ column: c.index, name: c.name, type: 'text', distinct });
    }
  }
  // EndDate first: it is when the answer was given.
  dates.sort(
    (a, b) =>
      Number(!/^enddate$/i.test(t.columns[a.column].header)) -
      Number(!/^enddate$/i.test(t.columns[b.column].header)),
  );
  return { rowCount: t.rowCount, questions, metrics, groupings, dates, issues };
}

/**
 * The questions with loop & merge marked: each iteration keeps its own entry, and every loop
 * whose iterations are all offered (with the same answer labels) gets one pooled
 * entry before its first iteration.
 */
function withLoops(t: Table, questions: QuestionInfo[]): QuestionInfo[] {
  const byColumn = new Map(questions.map((q) => [q.column, q]));
  const pooledBefore = new Map<number, QuestionInfo>();
  for (const g of loopGroups(t.columns)) {
    const its = g.columns.map((c) => byColumn.get(c));
    its.forEach((q, i) => {
      if (q) q.loop = { base: g.base, iteration: g.iterations[i] };
    });
    // Pooled only when every iteration is offered (a text or blank iteration is not).
    if (its.some((q) => q === undefined)) continue;
    const list = its as QuestionInfo[];
    const first = list[0];
    const labels = (q: QuestionInfo) => JSON.stringify(q.choices?.labels ?? null);
    // Scales read from the data may differ by iteration (nobody chose 5 in the third): the
    // pooled question spans them all. Answer labels must agree, as they number the answers.
    const same = list.every(
      (q) => q.isNpsGroup === first.isNpsGroup && labels(q) === labels(first),
    );
    if (!same || list.length < 2) continue;
    const meta = t.columns[first.column];
    const tag = meta.header.trim().replace(/^\d+_/, '');
    const sum = (f: (q: QuestionInfo) => number) => list.reduce((s, q) => s + f(q), 0);
    const mism = sum((q) => q.npsMismatches ?? 0);
    pooledBefore.set(first.column, {
      ...first,
      name: tag,
      header: tag,
      scale: {
        min: Math.min(...list.map((q) => q.scale.min)),
        max: Math.max(...list.map((q) => q.scale.max)),
      },
      importId: meta.importId !== undefined ? g.base : undefined,
      kind: list.some((q) => q.kind === 'nps') ? 'nps' : first.kind,
      missingCodes: [...new Set(list.flatMap((q) => q.missingCodes))].sort((a, b) => a - b),
      npsGroup: null,
      ...(list.some((q) => q.npsGroup !== null) ? { npsMismatches: mism } : {}),
      answered: sum((q) => q.answered),
      blank: sum((q) => q.blank),
      unreadable: sum((q) => q.unreadable),
      loop: { base: g.base, iterations: g.iterations },
      columns: g.columns,
    });
  }
  return questions.flatMap((q) => {
    const pooled = pooledBefore.get(q.column);
    return pooled ? [pooled, q] : [q];
  });
}
