// The analysis tables on hand-made results: what a hidden group or period shows (the hidden text
// and no number), and the split-trend table (whose cells are written as the chart writes them).
import { describe, expect, it } from 'vitest';
import {
  patternTable,
  resultWords,
  splitTrendSeries,
  splitTrendTable,
  trendTable,
} from '../../../src/lib/analysis/present';
import type { AnalysisResult, PatternResult, TrendResult } from '../../../src/lib/analysis/run';
import type { Score, TrendPoint } from '../../../src/lib/score/types';

const HIDDEN = 'Fewer than 5 responses';

/** The score fields the tables read; the rest are not needed here. */
const score = (value: number, n: number, lowSample = false) =>
  ({
    headline: 'percent-positive',
    value,
    interval: { low: value - 5, high: value + 5 },
    se: 2.5,
    n,
    pctPositive: value,
    pctNeutral: 0,
    pctNegative: 100 - value,
    mean: 3.5,
    lowSample,
  }) as Score;

const shown = (period: string, value: number, n: number, lowSample = false): TrendPoint => ({
  period,
  start: `${period}-01`,
  suppressed: false,
  score: score(value, n, lowSample),
  change: null,
  significant: false,
});
const hidden = (period: string): TrendPoint => ({
  period,
  start: `${period}-01`,
  suppressed: true,
});

const trend = (points: TrendPoint[], series: TrendResult['series'] = null): TrendResult => ({
  column: 'EndDate',
  unit: 'month',
  points,
  unparsed: 0,
  series,
});

describe('trendTable', () => {
  it('shows only the hidden text for a hidden period', () => {
    const t = trend([shown('2026-04', 60, 80), hidden('2026-05')]);
    expect(trendTable(t, 'favorability', 'percent-positive', 5).rows).toEqual([
      ['2026-04', '2026-04-01', '60.0', '55.0', '65.0', '80', '', '', ''],
      ['2026-05', '2026-05-01', HIDDEN, '', '', '', '', '', ''],
    ]);
  });
});

describe('patternTable', () => {
  it('shows only the hidden text for a hidden group', () => {
    const p: PatternResult = {
      metric: 'Meeting hours',
      groups: [
        { group: 'positive', suppressed: false, n: 40, mean: 4.25, sd: 1, interval: null },
        { group: 'neutral', suppressed: true },
      ],
      difference: null,
    };
    expect(patternTable(p, 'favorability', 5).rows).toEqual([
      ['Favorable', '4.250', '', '', '1.000', '40'],
      ['Neutral', HIDDEN, '', '', '', ''],
    ]);
  });
});

describe('splitTrendSeries / splitTrendTable', () => {
  const t = trend(
    [shown('2026-04', 50, 60), shown('2026-05', 55, 60)],
    [
      { key: 'Sales', points: [shown('2026-04', 40, 12, true), hidden('2026-05')] },
      { key: 'Legal', points: [hidden('2026-04'), hidden('2026-05')] },
    ],
  );

  it('gives the chart one series per group, hidden periods without numbers', () => {
    const series = splitTrendSeries(t);
    expect(series.map((s) => s.key)).toEqual(['Sales', 'Legal']);
    expect(series[0].points[1]).toEqual({ period: '2026-05', value: null, suppressed: true });
    expect(splitTrendSeries(trend([]))).toEqual([]);
  });

  it('tables periods by group, with the hidden text and no numbers', () => {
    expect(splitTrendTable(t, 5)).toEqual({
      header: ['Period', 'Sales', 'Legal'],
      rows: [
        ['2026-04', '40', 'Fewer than 5 responses'],
        ['2026-05', 'Fewer than 5 responses', 'Fewer than 5 responses'],
      ],
    });
  });
});

describe('resultWords', () => {
  it('names the hidden text, the headline, its range and the note of one result', () => {
    const r = { minGroup: 5 } as AnalysisResult;
    expect(resultWords(r, { kind: 'nps', headline: 'nps' })).toEqual({
      hidden: HIDDEN,
      names: { positive: 'Promoters', neutral: 'Passives', negative: 'Detractors' },
      headline: 'NPS',
      range: { min: -100, max: 100 },
      note: 'Groups with fewer than 5 responses are hidden.',
    });
    expect(resultWords(r, { kind: 'favorability', headline: 'mean' })).toMatchObject({
      headline: 'Mean',
      range: {},
    });
  });
});
