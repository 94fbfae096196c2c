// Pure helpers that turn the charts' props (small aggregates from the worker) into chart.js data
// and tooltip lines. No canvas here, so they are unit-tested directly. Suppressed groups and
// periods never carry a number: their data points are null and their tooltips show only the
// suppressed text. The tables beside the charts are built in src/lib/analysis/present.ts.
import type { ChartData } from 'chart.js';
import {
  formatChange,
  formatCount,
  formatInterval,
  formatValue,
} from '../../../lib/format/numbers';
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

const isNum = (v: number | null | undefined): v is number =>
  typeof v === 'number' && Number.isFinite(v);

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
