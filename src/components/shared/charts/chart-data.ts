// Pure helpers that turn the charts' props (small aggregates from the worker) into chart.js data,
// tooltip lines and table rows. No canvas here, so they are unit-tested directly. Suppressed
// groups and periods never carry a number: their data points are null and their table cells
// and tooltips show only the suppressed text.
import type { ChartData } from 'chart.js';
import type { ErrorBar } from './error-bars';
import { CATEGORICAL, colorAt, MUTED, PRIMARY, SENTIMENT, withAlpha } from './palette';

/** One bar of ScoreBars: a group's score with its 95% interval. */
export interface ScoreGroup {
  label: string;
  value: number | null;
  low?: number | null;
  high?: number | null;
  n?: number | null;
  suppressed?: boolean;
}

/** One row of NpsStacked; the shares are percentages 0–100. */
export interface NpsGroup {
  label: string;
  suppressed: boolean;
  detractors?: number;
  passives?: number;
  promoters?: number;
  nps?: number;
}

/** One period of TrendChart. `change` is against the previous shown period. */
export interface TrendPoint {
  period: string;
  value: number | null;
  low?: number | null;
  high?: number | null;
  n?: number | null;
  suppressed?: boolean;
  lowSample?: boolean;
  change?: number | null;
  significant?: boolean;
}

/** A chart's data as a table: the accessible version and the CSV download. */
export interface ChartTable {
  header: string[];
  rows: string[][];
}

const isNum = (v: number | null | undefined): v is number =>
  typeof v === 'number' && Number.isFinite(v);

const FORMATS = new Map<number, Intl.NumberFormat>();
function fmt(digits: number): Intl.NumberFormat {
  let f = FORMATS.get(digits);
  if (!f) {
    f = new Intl.NumberFormat('en-US', { maximumFractionDigits: digits, useGrouping: false });
    FORMATS.set(digits, f);
  }
  return f;
}

/**
 * A score for display: 2 decimals below 10 (means on a 1–5 scale), 1 decimal above
 * (percents, NPS); no thousands separators (the same text goes into CSV). '' for no number.
 */
export function formatValue(v: number | null | undefined): string {
  if (!isNum(v)) return '';
  const text = fmt(Math.abs(v) < 10 ? 2 : 1).format(v);
  return text === '-0' ? '0' : text;
}

/** A change with its sign: 5.2 → "+5.2", -3 → "-3", 0 → "0". */
export function formatChange(v: number | null | undefined): string {
  if (!isNum(v)) return '';
  const text = formatValue(v);
  return v > 0 && text !== '0' ? `+${text}` : text;
}

/** A count: 1234 → "1234". */
export function formatCount(n: number | null | undefined): string {
  return isNum(n) ? fmt(0).format(n) : '';
}

/** The interval as "41.2 – 55" or '' when either bound is missing. */
export function formatInterval(
  low: number | null | undefined,
  high: number | null | undefined,
): string {
  return isNum(low) && isNum(high) ? `${formatValue(low)} – ${formatValue(high)}` : '';
}

/** "Engineering" → "Engineering (Fewer than 5 responses)". */
export function suppressedLabel(label: string, suppressedText: string): string {
  return `${label} (${suppressedText})`;
}

const interval = (low: number | null | undefined, high: number | null | undefined) =>
  isNum(low) && isNum(high) ? { low, high } : null;

// ---------------------------------------------------------------------------------------------
// ScoreBars

/**
 * One bar dataset with one bar per group and `errorBars` for the whisker plugin. Suppressed
 * groups (and groups without a value) get null: no bar, no whisker; suppressed labels get the
 * suffix " (suppressedText)". Bars take `colors` in turn, or the primary colour.
 */
export function scoreBarsData(
  groups: readonly ScoreGroup[],
  suppressedText: string,
  colors?: readonly string[],
  seriesLabel = '',
): ChartData<'bar', (number | null)[], string> {
  const shown = (g: ScoreGroup) => !g.suppressed && isNum(g.value);
  const errorBars: (ErrorBar | null)[] = groups.map((g) =>
    shown(g) ? interval(g.low, g.high) : null,
  );
  return {
    labels: groups.map((g) => (g.suppressed ? suppressedLabel(g.label, suppressedText) : g.label)),
    datasets: [
      {
        label: seriesLabel,
        data: groups.map((g) => (shown(g) ? (g.value as number) : null)),
        backgroundColor: groups.map((g, i) =>
          g.suppressed ? MUTED : colors && colors.length > 0 ? colorAt(i, colors) : PRIMARY,
        ),
        errorBars,
      },
    ],
  };
}

/**
 * The smallest and largest shown value or bound, to stretch an auto-scaled axis so whiskers
 * fit; null when nothing is shown.
 */
export function valueExtent(
  items: readonly {
    value: number | null;
    low?: number | null;
    high?: number | null;
    suppressed?: boolean;
  }[],
): { min: number; max: number } | null {
  let min = Infinity;
  let max = -Infinity;
  for (const g of items) {
    if (g.suppressed) continue;
    for (const v of [g.value, g.low, g.high]) {
      if (isNum(v)) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }
  }
  return min <= max ? { min, max } : null;
}

/** Tooltip lines of one ScoreBars group: value, interval and n; only the text when suppressed. */
export function scoreTooltipLines(
  g: ScoreGroup,
  axisLabel: string,
  suppressedText: string,
): string[] {
  if (g.suppressed) return [suppressedText];
  if (!isNum(g.value)) return ['No value'];
  const lines = [`${axisLabel}: ${formatValue(g.value)}`];
  const ci = formatInterval(g.low, g.high);
  if (ci) lines.push(`95% interval: ${ci}`);
  if (isNum(g.n)) lines.push(`n = ${formatCount(g.n)}`);
  return lines;
}

/** ScoreBars as a table: group, value, interval bounds, n. */
export function scoreBarsTable(
  groups: readonly ScoreGroup[],
  axisLabel: string,
  suppressedText: string,
  groupHeader = 'Group',
): ChartTable {
  return {
    header: [groupHeader, axisLabel, '95% interval low', '95% interval high', 'n'],
    rows: groups.map((g) =>
      g.suppressed
        ? [g.label, suppressedText, '', '', '']
        : [
            g.label,
            formatValue(g.value),
            formatValue(interval(g.low, g.high)?.low),
            formatValue(interval(g.low, g.high)?.high),
            formatCount(g.n),
          ],
    ),
  };
}

// ---------------------------------------------------------------------------------------------
// NpsStacked

export const NPS_SEGMENTS = [
  { key: 'detractors', label: 'Detractors', color: SENTIMENT.negative },
  { key: 'passives', label: 'Passives', color: SENTIMENT.neutral },
  { key: 'promoters', label: 'Promoters', color: SENTIMENT.positive },
] as const;

/** "Engineering · NPS 23"; the suppressed label for suppressed groups; the plain label without an NPS. */
export function npsLabel(g: NpsGroup, suppressedText: string): string {
  if (g.suppressed) return suppressedLabel(g.label, suppressedText);
  return isNum(g.nps) ? `${g.label} · NPS ${formatValue(Math.round(g.nps))}` : g.label;
}

/**
 * Three stacked datasets (detractors, passives, promoters); null for suppressed groups.
 * `names` renames the segments (negative, neutral, positive), e.g. for % favorable.
 */
export function npsStackedData(
  groups: readonly NpsGroup[],
  suppressedText: string,
  names?: readonly [string, string, string],
): ChartData<'bar', (number | null)[], string> {
  return {
    labels: groups.map((g) => npsLabel(g, suppressedText)),
    datasets: NPS_SEGMENTS.map((s, i) => ({
      label: names?.[i] ?? s.label,
      data: groups.map((g) => {
        const v = g[s.key];
        return g.suppressed || !isNum(v) ? null : v;
      }),
      backgroundColor: s.color,
    })),
  };
}

/** "Promoters: 43%" for a shown segment; the suppressed text for a suppressed group. */
export function npsTooltipLine(
  g: NpsGroup,
  segment: 'detractors' | 'passives' | 'promoters',
  suppressedText: string,
  names?: readonly [string, string, string],
): string {
  if (g.suppressed) return suppressedText;
  const i = NPS_SEGMENTS.findIndex((x) => x.key === segment);
  const v = g[segment];
  return `${names?.[i] ?? NPS_SEGMENTS[i]?.label ?? segment}: ${isNum(v) ? `${formatValue(v)}%` : '—'}`;
}

/** NpsStacked as a table: group, the three shares and the NPS. */
export function npsStackedTable(
  groups: readonly NpsGroup[],
  suppressedText: string,
  groupHeader = 'Group',
): ChartTable {
  return {
    header: [groupHeader, 'Detractors %', 'Passives %', 'Promoters %', 'NPS'],
    rows: groups.map((g) =>
      g.suppressed
        ? [g.label, suppressedText, '', '', '']
        : [
            g.label,
            formatValue(g.detractors),
            formatValue(g.passives),
            formatValue(g.promoters),
            formatValue(g.nps),
          ],
    ),
  };
}

// ---------------------------------------------------------------------------------------------
// TrendChart

/** Dataset order in trendData (index 0 is drawn on top). */
export const TREND = { line: 0, low: 1, high: 2, suppressed: 3 } as const;

/** Height of the suppressed-period markers on their hidden 0–1 axis 'ySuppressed'. */
export const SUPPRESSED_MARK = 0.03;

/**
 * The line (value; null = gap), the 95% band as two datasets (low, then high filled down to
 * low) and a marker series for suppressed periods on a hidden 0–1 axis, so a suppressed period
 * shows a cross at the bottom and its tooltip (the suppressed text) but no number. Low-sample
 * periods get hollow points.
 */
export function trendData(
  points: readonly TrendPoint[],
  suppressedText: string,
  seriesLabel = '',
  color = PRIMARY,
): ChartData<'line', (number | null)[], string> {
  const shown = (p: TrendPoint) => !p.suppressed && isNum(p.value);
  const band = (p: TrendPoint) => (shown(p) ? interval(p.low, p.high) : null);
  return {
    labels: points.map((p) => p.period),
    datasets: [
      {
        label: seriesLabel,
        data: points.map((p) => (shown(p) ? (p.value as number) : null)),
        borderColor: color,
        backgroundColor: color,
        pointBackgroundColor: points.map((p) => (p.lowSample ? '#ffffff' : color)),
        pointBorderColor: color,
        pointRadius: points.map((p) => (p.lowSample ? 4 : 3)),
        pointHoverRadius: points.map((p) => (p.lowSample ? 6 : 5)),
        spanGaps: false,
        fill: false,
        yAxisID: 'y',
      },
      {
        label: '95% interval (low)',
        data: points.map((p) => band(p)?.low ?? null),
        borderWidth: 0,
        pointRadius: 0,
        pointHitRadius: 0,
        spanGaps: false,
        fill: false,
        yAxisID: 'y',
      },
      {
        label: '95% interval',
        data: points.map((p) => band(p)?.high ?? null),
        borderWidth: 0,
        backgroundColor: withAlpha(color, 0.18),
        pointRadius: 0,
        pointHitRadius: 0,
        spanGaps: false,
        fill: '-1',
        yAxisID: 'y',
      },
      {
        label: suppressedText,
        data: points.map((p) => (p.suppressed ? SUPPRESSED_MARK : null)),
        borderColor: MUTED,
        backgroundColor: MUTED,
        pointStyle: 'crossRot',
        pointRadius: 6,
        pointBorderWidth: 2,
        showLine: false,
        fill: false,
        yAxisID: 'ySuppressed',
      },
    ],
  };
}

/** Tooltip lines of one period: value, interval, n, change (and "significant"), low sample. */
export function trendTooltipLines(
  p: TrendPoint,
  axisLabel: string,
  suppressedText: string,
): string[] {
  if (p.suppressed) return [suppressedText];
  if (!isNum(p.value)) return ['No value'];
  const lines = [`${axisLabel}: ${formatValue(p.value)}`];
  const ci = formatInterval(p.low, p.high);
  if (ci) lines.push(`95% interval: ${ci}`);
  if (isNum(p.n)) lines.push(`n = ${formatCount(p.n)}${p.lowSample ? ' (low sample)' : ''}`);
  else if (p.lowSample) lines.push('Low sample');
  if (isNum(p.change)) {
    lines.push(
      `Change vs previous: ${formatChange(p.change)}${p.significant ? ' (significant)' : ''}`,
    );
  }
  return lines;
}

/** TrendChart as a table: period, value, interval bounds, n, change and notes. */
export function trendTable(
  points: readonly TrendPoint[],
  axisLabel: string,
  suppressedText: string,
  periodHeader = 'Period',
): ChartTable {
  return {
    header: [
      periodHeader,
      axisLabel,
      '95% interval low',
      '95% interval high',
      'n',
      'Change vs previous',
      'Note',
    ],
    rows: points.map((p) => {
      if (p.suppressed) return [p.period, suppressedText, '', '', '', '', ''];
      const ci = interval(p.low, p.high);
      const notes = [
        p.significant && isNum(p.change) ? 'significant' : '',
        p.lowSample ? 'low sample' : '',
      ]
        .filter(Boolean)
        .join('; ');
      return [
        p.period,
        formatValue(p.value),
        formatValue(ci?.low),
        formatValue(ci?.high),
        formatCount(p.n),
        formatChange(p.change),
        notes,
      ];
    }),
  };
}

/** One line of a split trend: a group's points over the shared periods. */
export interface TrendSeries {
  key: string;
  points: TrendPoint[];
}

/** Datasets of TrendLines: one line per group, gaps where a period is hidden or empty. */
export function trendLinesData(
  series: readonly TrendSeries[],
  suppressedText: string,
  colors: readonly string[] = CATEGORICAL,
): ChartData<'line', (number | null)[], string> {
  const periods = series[0]?.points.map((p) => p.period) ?? [];
  return {
    labels: periods,
    datasets: series.map((s, i) => {
      const color = colorAt(i, colors);
      const allHidden = s.points.every((p) => p.suppressed || !isNum(p.value));
      return {
        label: allHidden ? suppressedLabel(s.key, suppressedText) : s.key,
        data: s.points.map((p) => (!p.suppressed && isNum(p.value) ? p.value : null)),
        borderColor: color,
        backgroundColor: color,
        pointBackgroundColor: s.points.map((p) => (p.lowSample ? '#ffffff' : color)),
        pointBorderColor: color,
        pointRadius: 3,
        spanGaps: false,
        fill: false,
      };
    }),
  };
}

/** A split trend as a table: one row per period, one column per group. */
export function trendLinesTable(
  series: readonly TrendSeries[],
  suppressedText: string,
  periodHeader = 'Period',
): ChartTable {
  const periods = series[0]?.points.map((p) => p.period) ?? [];
  return {
    header: [periodHeader, ...series.map((s) => s.key)],
    rows: periods.map((period, i) => [
      period,
      ...series.map((s) => {
        const p = s.points[i];
        if (!p || p.suppressed) return suppressedText;
        return isNum(p.value) ? formatValue(p.value) : '';
      }),
    ]),
  };
}
