// The Analysis' choices as pure rules: which keys to join on, which columns the per-person
// average drops, which settings survive new facts, how a question's answers count by default,
// and the request the worker runs. The state classes (src/state/analysis*.svelte.ts) hold the
// choices; these functions decide them, so Node tests reach them.
import { choiceLabels } from './choice-text';
import { questionsInView, type AnalysisFacts, type LoopMode, type QuestionInfo } from './facts';
import type { AnalysisRequest, OverviewItem } from './run';
import { responseFilterOf, type ResponseFilter } from '../qualtrics-format/status';
import { defaultMapping, npsGroupMapping } from '../score/sentiment';
import type { PeriodUnit, ScoreKind, SentimentMapping } from '../score/types';
import type { TableInfo } from '../table/types';
import type { JoinSpec } from '../transform/join-tables';

export interface JoinSettings {
  leftKey: number;
  rightKey: number;
  trim: boolean;
  caseFold: boolean;
  kind: 'inner' | 'left';
  many: 'exclude' | 'all';
  /** Average the right table per key first (weekly person-query rows → one row per person). */
  averageRight: boolean;
  /** Right column whose 0/FALSE/blank marks inactive weeks to skip while averaging. */
  inactiveColumn: number | null;
}

export interface AnalysisSettings {
  /** Question columns of the analysed table: one item, or several for a category. */
  columns: number[];
  categoryName: string;
  minGroup: number;
  lowSample: number;
  breakout: { column: number; bins: number } | null;
  patterns: number[];
  trend: { column: number; unit: PeriodUnit; weekStart: 0 | 1; split?: boolean } | null;
  /** Which responses count: previews, tests and spam out, unfinished kept, unless chosen. */
  responses: ResponseFilter;
  /** Loop & merge questions: pooled over their iterations (default) or one by one. */
  loops?: LoopMode;
}

const LEFT_KEYS = [
  /^externalreference$/i,
  /^externaldatareference$/i,
  /^employee[ _-]?id$/i,
  /^uniqueidentifier$/i,
  /^(recipient)?e-?mail$/i,
  /e-?mail/i,
];
const RIGHT_KEYS = [
  /^uniqueidentifier$/i,
  /^employee[ _-]?id$/i,
  /^externaldatareference$/i,
  /^externalreference$/i,
  /^(work)?e-?mail$/i,
  /e-?mail/i,
  /^personid$/i,
];

/** The first column whose name fits the earliest pattern. */
export function suggestKey(t: TableInfo, patterns: readonly RegExp[]): number {
  for (const re of patterns) {
    const i = t.columns.findIndex((c) => re.test(c.header.trim()));
    if (i >= 0) return i;
  }
  return 0;
}

/** The join a demanding analyst would start from. */
export function suggestJoin(left: TableInfo, right: TableInfo): JoinSettings {
  const rightKey = suggestKey(right, RIGHT_KEYS);
  const weekly = right.format.source === 'viva-person-query';
  const active = right.columns.findIndex((c) => /^isactive$/i.test(c.header.trim()));
  return {
    leftKey: suggestKey(left, LEFT_KEYS),
    rightKey,
    trim: true,
    caseFold: true,
    kind: 'left',
    many: 'exclude',
    averageRight: weekly,
    inactiveColumn: weekly && active >= 0 ? active : null,
  };
}

/** The join the worker runs for these settings. */
export function joinSpec(j: JoinSettings): JoinSpec {
  return {
    leftKey: j.leftKey,
    // The averaged table has the key first.
    rightKey: j.averageRight ? 0 : j.rightKey,
    trim: j.trim,
    caseFold: j.caseFold,
    kind: j.kind,
    many: j.many,
  };
}

/** Columns the per-person average leaves out: the person query's own ids and dates. */
export function averageDrops(right: TableInfo, j: JoinSettings): number[] {
  return right.columns
    .filter((c) => c.vivaRole === 'person-id' || c.vivaRole === 'metric-date')
    .map((c) => c.index)
    .filter((i) => i !== j.rightKey);
}

/** The key a question's sentiment mapping is saved under: its ImportId, else its header. */
export function questionKey(q: { importId?: string; header: string }): string {
  return q.importId ? `importId:${q.importId}` : `header:${q.header}`;
}

/** Items of a category must share a scale. */
export function sameScale(a: QuestionInfo, b: QuestionInfo): boolean {
  return a.scale.min === b.scale.min && a.scale.max === b.scale.max;
}

/** The default mapping of a question for a score kind; null when the scale does not fit. */
export function mappingFor(q: QuestionInfo, kind: ScoreKind): SentimentMapping | null {
  try {
    const labels = q.choices && choiceLabels(q.choices.labels);
    const m = q.isNpsGroup ? npsGroupMapping() : defaultMapping(kind, q.scale, labels);
    if (q.missingCodes.length > 0 && !q.isNpsGroup) {
      // Negative recodes (-99 "seen but unanswered") are listed, and excluded, so they show.
      const extra = q.missingCodes.map((value) => ({ value, sentiment: 'excluded' as const }));
      return { ...m, values: [...extra, ...m.values] };
    }
    return m;
  } catch {
    return null;
  }
}

/** Whether a (saved) mapping covers the question's scale, end to end. */
export function mappingFits(m: SentimentMapping, q: QuestionInfo): boolean {
  const valid = m.values.filter((v) => v.value >= 0);
  return (
    valid.length > 0 &&
    valid[0].value === (q.isNpsGroup ? 1 : q.scale.min) &&
    valid[valid.length - 1].value === (q.isNpsGroup ? 3 : q.scale.max)
  );
}

/** Keeps the user's choices that still exist in the new facts; fills in defaults. */
export function keepSettings(old: AnalysisSettings | null, f: AnalysisFacts): AnalysisSettings {
  const has = (list: { column: number }[], c: number) => list.some((x) => x.column === c);
  const loops = old?.loops ?? 'pooled';
  const view = questionsInView(f, loops);
  const cols = old?.columns.filter((c) => has(view, c)) ?? [];
  const first = view.find((q) => !q.isNpsGroup) ?? view[0];
  const prefer = f.metrics.filter((m) => /after_hours/i.test(m.name)).map((m) => m.column);
  return {
    columns: cols.length ? cols : first ? [first.column] : [],
    loops,
    categoryName: old?.categoryName ?? 'Category',
    minGroup: old?.minGroup ?? 5,
    lowSample: old?.lowSample ?? 30,
    breakout: old?.breakout && has(f.groupings, old.breakout.column) ? old.breakout : null,
    patterns: old ? old.patterns.filter((c) => has(f.metrics, c)) : prefer.slice(0, 1),
    trend:
      old?.trend && has(f.dates, old.trend.column)
        ? old.trend
        : f.dates[0]
          ? { column: f.dates[0].column, unit: 'month', weekStart: 1 }
          : null,
    // Why kept across new facts: a change of join must not bring the previews back.
    responses: responseFilterOf(old?.responses),
  };
}

/** What the worker runs for the question(s), or null when nothing can be scored yet. */
export function analysisRequest(
  s: AnalysisSettings | null,
  m: SentimentMapping | null,
  qs: readonly QuestionInfo[],
): AnalysisRequest | null {
  if (!s || !m || qs.length === 0) return null;
  // A pooled loop & merge question alone counts each iteration's answer; in a category its
  // iterations are items of the respondent's mean like any other.
  const pooled = qs.length === 1 && qs[0].columns !== undefined;
  return {
    question: {
      columns: qs.flatMap((q) => q.columns ?? [q.column]),
      name: qs.length > 1 ? s.categoryName || 'Category' : qs[0].name,
      mapping: m,
      ...(pooled ? { pooled } : {}),
    },
    minGroup: Math.max(1, Math.floor(s.minGroup) || 1),
    lowSample: Math.max(0, Math.floor(s.lowSample) || 0),
    breakout: s.breakout,
    patterns: s.patterns,
    trend: s.trend && { ...s.trend, split: s.trend.split === true && s.breakout !== null },
    responses: responseFilterOf(s.responses),
  };
}

/**
 * The overview's questions, each with the mapping it is read with: the one on screen for the
 * question being scored alone, else its saved mapping, else its default.
 */
export function overviewItems(
  questions: readonly QuestionInfo[],
  current: { column: number; mapping: SentimentMapping } | null,
  saved: Readonly<Record<string, SentimentMapping>>,
): OverviewItem[] {
  // A group column offered on its own is the NPS question (its score was not exported).
  return questions.flatMap((q) => {
    const mapping =
      current?.column === q.column
        ? current.mapping
        : (saved[questionKey(q)] ?? mappingFor(q, q.kind));
    if (!mapping) return [];
    const item: OverviewItem = { column: q.column, name: q.name, label: q.label, mapping };
    return [q.columns ? { ...item, columns: q.columns } : item];
  });
}
