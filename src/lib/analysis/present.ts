// Turns analysis aggregates into what the screen shows: chart inputs and the data tables beside
// them (also their CSV downloads). A hidden group is "Fewer than N responses" everywhere and
// carries no number at all, not even its n. Numbers and labels are written by ../format.
import { shortLabel } from '../format/labels';
import { fixed, formatValue } from '../format/numbers';
import type { ChartTable } from '../format/table';
import { suppressedText } from '../score/suppress';
import type {
  GroupResult,
  Headline,
  MetricGroupResult,
  Score,
  ScoreKind,
  Sentiment,
  TrendPoint,
} from '../score/types';
import type { AnalysisResult, OverviewRow, PatternResult, TrendResult } from './run';

/** Names of the three groups, per score kind. */
export function groupNames(kind: ScoreKind): Record<Exclude<Sentiment, 'excluded'>, string> {
  switch (kind) {
    case 'nps':
      return { positive: 'Promoters', neutral: 'Passives', negative: 'Detractors' };
    case 'csat':
      return { positive: 'Satisfied', neutral: 'Neutral', negative: 'Dissatisfied' };
    case 'ces':
      return { positive: 'Easy (positive)', neutral: 'Neutral', negative: 'Difficult (negative)' };
    default:
      return { positive: 'Favorable', neutral: 'Neutral', negative: 'Unfavorable' };
  }
}

/** What the headline number is called. */
export function headlineName(kind: ScoreKind, headline: Headline): string {
  if (headline === 'nps') return 'NPS';
  if (headline === 'mean') {
    return kind === 'csat' ? 'CSAT (mean)' : kind === 'ces' ? 'CES (mean)' : 'Mean';
  }
  return kind === 'csat'
    ? '% satisfied'
    : kind === 'ces'
      ? '% positive (CES)'
      : kind === 'nps'
        ? '% promoters'
        : '% favorable';
}

/** The words every results section shares, for one result read with one mapping. */
export interface ResultWords {
  /** What a hidden group shows: "Fewer than 5 responses". */
  hidden: string;
  /** Names of the three sentiment groups. */
  names: Record<Exclude<Sentiment, 'excluded'>, string>;
  /** What the headline number is called: "% favorable", "NPS"… */
  headline: string;
  /** The headline's axis range. */
  range: { min?: number; max?: number };
  /** The note under the group charts. */
  note: string;
}

/** {@link ResultWords} of a result and the mapping it was read with. */
export function resultWords(
  r: AnalysisResult,
  mapping: { kind: ScoreKind; headline: Headline },
): ResultWords {
  return {
    hidden: suppressedText(r.minGroup),
    names: groupNames(mapping.kind),
    headline: headlineName(mapping.kind, mapping.headline),
    range: headlineRange(mapping.headline),
    note: `Groups with fewer than ${r.minGroup} responses are hidden.`,
  };
}

/** The axis range of a headline. */
export function headlineRange(headline: Headline): { min?: number; max?: number } {
  if (headline === 'nps') return { min: -100, max: 100 };
  if (headline === 'percent-positive') return { min: 0, max: 100 };
  return {};
}

const digitsFor = (h: Headline) => (h === 'mean' ? 2 : 1);

/** The headline with its interval and standard error: "62.5 (95% CI 30.6 to 86.3, SE 17.1)". */
export function headlineText(s: Score): string {
  const d = digitsFor(s.headline);
  const se = Number.isFinite(s.se) ? `, SE ${fixed(s.se, d + 1)}` : '';
  const ci = s.interval
    ? ` (95% CI ${fixed(s.interval.low, d)} to ${fixed(s.interval.high, d)}${se})`
    : '';
  return `${fixed(s.value, d)}${ci}`;
}

/** Bars of a breakout (or the overall score): the headline with its interval per group. */
export function scoreBars(groups: readonly GroupResult[]) {
  return groups.map((g) =>
    g.suppressed
      ? { label: g.key, value: null, suppressed: true }
      : {
          label: g.key,
          value: g.score.value,
          low: g.score.interval?.low ?? null,
          high: g.score.interval?.high ?? null,
          n: g.score.n,
          suppressed: false,
        },
  );
}

/** NPS stacked-bar rows (percentages). */
export function npsRows(groups: readonly GroupResult[]) {
  return groups.map((g) =>
    g.suppressed
      ? { label: g.key, suppressed: true }
      : {
          label: g.key,
          suppressed: false,
          detractors: g.score.pctNegative,
          passives: g.score.pctNeutral,
          promoters: g.score.pctPositive,
          nps: g.score.nps,
        },
  );
}

/** One table row per group: the headline, interval, n and the three shares. */
export function groupTable(
  groups: readonly GroupResult[],
  first: string,
  kind: ScoreKind,
  headline: Headline,
  minGroup: number,
): ChartTable {
  const names = groupNames(kind);
  const d = digitsFor(headline);
  const header = [
    first,
    headlineName(kind, headline),
    '95% CI low',
    '95% CI high',
    'SE',
    'n',
    `% ${names.positive}`,
    `% ${names.neutral}`,
    `% ${names.negative}`,
    'Mean',
    'Low sample',
  ];
  const rows = groups.map((g) => {
    if (g.suppressed) {
      return [g.key, suppressedText(minGroup), '', '', '', '', '', '', '', '', ''];
    }
    const s = g.score;
    return [
      g.key,
      fixed(s.value, d),
      fixed(s.interval?.low, d),
      fixed(s.interval?.high, d),
      fixed(s.se, d + 1),
      String(s.n),
      fixed(s.pctPositive),
      fixed(s.pctNeutral),
      fixed(s.pctNegative),
      fixed(s.mean, 2),
      s.lowSample ? 'yes' : '',
    ];
  });
  return { header, rows };
}

/** Answers per value, with how each counts. */
export function distributionTable(r: AnalysisResult, kind: ScoreKind): ChartTable | null {
  if (!r.distribution) return null;
  const names = groupNames(kind);
  return {
    header: ['Answer', 'Label', 'Counts as', 'Responses'],
    rows: r.distribution.map((d) => [
      String(d.value),
      d.label ?? '',
      d.sentiment === 'excluded' ? 'Excluded' : names[d.sentiment],
      String(d.count),
    ]),
  };
}

/** Bars of "how do patterns differ": the metric's mean per sentiment group. */
export function patternBars(p: PatternResult, kind: ScoreKind) {
  const names = groupNames(kind);
  return p.groups.map((g: MetricGroupResult) =>
    g.suppressed
      ? { label: names[g.group], value: null, suppressed: true }
      : {
          label: names[g.group],
          value: g.mean,
          low: g.interval?.low ?? null,
          high: g.interval?.high ?? null,
          n: g.n,
          suppressed: false,
        },
  );
}

export function patternTable(p: PatternResult, kind: ScoreKind, minGroup: number): ChartTable {
  const names = groupNames(kind);
  const rows = p.groups.map((g) =>
    g.suppressed
      ? [names[g.group], suppressedText(minGroup), '', '', '', '']
      : [
          names[g.group],
          fixed(g.mean, 3),
          fixed(g.interval?.low, 3),
          fixed(g.interval?.high, 3),
          fixed(g.sd, 3),
          String(g.n),
        ],
  );
  if (p.difference) {
    const d = p.difference;
    rows.push([
      `${names.positive} − ${names.negative}`,
      fixed(d.diff, 3),
      fixed(d.interval.low, 3),
      fixed(d.interval.high, 3),
      '',
      d.significant ? 'significant (95%)' : 'not significant',
    ]);
  }
  return { header: ['Group', `Mean ${p.metric}`, '95% CI low', '95% CI high', 'SD', 'n'], rows };
}

/** Trend chart points. */
export function trendChartPoints(t: TrendResult) {
  return t.points.map((p: TrendPoint) =>
    p.suppressed
      ? { period: p.period, value: null, suppressed: true }
      : {
          period: p.period,
          value: p.score.value,
          low: p.score.interval?.low ?? null,
          high: p.score.interval?.high ?? null,
          n: p.score.n,
          suppressed: false,
          lowSample: p.score.lowSample,
          change: p.change,
          significant: p.significant,
        },
  );
}

export function trendTable(
  t: TrendResult,
  kind: ScoreKind,
  headline: Headline,
  minGroup: number,
): ChartTable {
  const d = digitsFor(headline);
  const header = [
    'Period',
    'Starts',
    headlineName(kind, headline),
    '95% CI low',
    '95% CI high',
    'n',
    'Change vs previous',
    'Significant change',
    'Low sample',
  ];
  const rows = t.points.map((p) =>
    p.suppressed
      ? [p.period, p.start, suppressedText(minGroup), '', '', '', '', '', '']
      : [
          p.period,
          p.start,
          fixed(p.score.value, d),
          fixed(p.score.interval?.low, d),
          fixed(p.score.interval?.high, d),
          String(p.score.n),
          p.change === null ? '' : fixed(p.change, d),
          p.change === null ? '' : p.significant ? 'yes' : 'no',
          p.score.lowSample ? 'yes' : '',
        ],
  );
  return { header, rows };
}

/** The split trend as chart series: one per breakout group, hidden periods kept in place. */
export function splitTrendSeries(t: TrendResult) {
  return (t.series ?? []).map((s) => ({
    key: s.key,
    points: trendChartPoints({ ...t, points: s.points }),
  }));
}

/**
 * The split trend as a table: one row per period, one column per breakout group. A cell is the
 * score as the chart's tooltip writes it ({@link formatValue}: "40", not the "40.0" of
 * {@link trendTable}), or the hidden text.
 */
export function splitTrendTable(t: TrendResult, minGroup: number): ChartTable {
  const series = t.series ?? [];
  const hidden = suppressedText(minGroup);
  const periods = series[0]?.points.map((p) => p.period) ?? [];
  return {
    header: ['Period', ...series.map((s) => s.key)],
    rows: periods.map((period, i) => [
      period,
      ...series.map((s) => {
        const p = s.points[i];
        return !p || p.suppressed ? hidden : formatValue(p.score.value);
      }),
    ]),
  };
}

const KIND_NAMES: Record<ScoreKind, string> = {
  favorability: 'Favorability',
  nps: 'NPS',
  csat: 'CSAT',
  ces: 'CES',
};

/** The overview as stacked bars: negative, neutral and positive shares per question. */
export function overviewBars(rows: readonly OverviewRow[]) {
  return rows.map((r) =>
    r.result.suppressed
      ? { label: r.name, suppressed: true }
      : {
          label: r.name,
          suppressed: false,
          detractors: r.result.score.pctNegative,
          passives: r.result.score.pctNeutral,
          promoters: r.result.score.pctPositive,
        },
  );
}

/** The overview as a table: each question's headline (its own kind), interval, n and shares. */
export function overviewTable(rows: readonly OverviewRow[], minGroup: number): ChartTable {
  const header = [
    'Question',
    'Label',
    'Read as',
    'Headline',
    'Value',
    '95% CI low',
    '95% CI high',
    'n',
    '% positive',
    '% neutral',
    '% negative',
  ];
  return {
    header,
    rows: rows.map((r) => {
      const kind = r.mapping.kind;
      const first = [
        r.name,
        shortLabel(r.label),
        KIND_NAMES[kind],
        headlineName(kind, r.mapping.headline),
      ];
      if (r.result.suppressed) return [...first, suppressedText(minGroup), '', '', '', '', '', ''];
      const s = r.result.score;
      const d = digitsFor(s.headline);
      return [
        ...first,
        fixed(s.value, d),
        fixed(s.interval?.low, d),
        fixed(s.interval?.high, d),
        String(s.n),
        fixed(s.pctPositive),
        fixed(s.pctNeutral),
        fixed(s.pctNegative),
      ];
    }),
  };
}
