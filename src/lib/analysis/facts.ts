// What a table offers the Analysis screen: the questions that can be scored (with their scale,
// a guessed score kind and the NPS group column paired with them), the metrics whose means can
// be compared between favorability groups, the columns a score can be broken out by, and the
// date columns a trend can follow.
import { pairNpsColumns } from '../qualtrics-format/pair-nps';
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
  /** A Qualtrics `_NPS_GROUP` column itself (1 Detractor, 2 Passive, 3 Promoter). */
  isNpsGroup: boolean;
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
      answered: o.count,
      blank: t.rowCount - o.count - unreadable,
      unreadable,
    });
    questionCols.add(c.index);
  }
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
  return { rowCount: t.rowCount, questions, metrics, groupings, dates };
}
