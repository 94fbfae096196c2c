import { describe, expect, it } from 'vitest';
import {
  npsLabel,
  npsStackedData,
  npsTooltipLine,
  scoreBarsData,
  scoreTooltipLines,
  TREND,
  trendData,
  trendLinesData,
  trendTooltipLines,
  valueExtent,
  type NpsGroup,
  type ScoreGroup,
  type TrendPoint,
} from '../../../src/components/shared/charts/chart-data';
import { colorAt, MUTED, PRIMARY, withAlpha } from '../../../src/components/shared/charts/palette';

const HIDDEN = 'Fewer than 5 responses';

/** Every number anywhere in a value (deep), to check suppressed groups carry none. */
function numbersIn(value: unknown): number[] {
  if (typeof value === 'number') return [value];
  if (Array.isArray(value)) return value.flatMap(numbersIn);
  if (value && typeof value === 'object') return Object.values(value).flatMap(numbersIn);
  return [];
}

describe('scoreBarsData', () => {
  const groups: ScoreGroup[] = [
    { label: 'Engineering', value: 62.5, low: 55.1, high: 69.4, n: 120 },
    { label: 'Legal', value: 80, low: 70, high: 90, n: 3, suppressed: true },
    { label: 'Sales', value: 41, low: null, high: null, n: 40 },
    { label: 'Ops', value: null },
  ];

  it('has one bar per group, nulls for suppressed or missing values, suffixed labels', () => {
    const data = scoreBarsData(groups, HIDDEN);
    expect(data.labels).toEqual(['Engineering', 'Legal (Fewer than 5 responses)', 'Sales', 'Ops']);
    expect(data.datasets).toHaveLength(1);
    const [ds] = data.datasets;
    expect(ds.data).toEqual([62.5, null, 41, null]);
    expect(ds.errorBars).toEqual([{ low: 55.1, high: 69.4 }, null, null, null]);
    expect(ds.backgroundColor).toEqual([PRIMARY, MUTED, PRIMARY, PRIMARY]);
  });

  it('never carries a suppressed group’s numbers', () => {
    const data = scoreBarsData([groups[1]], HIDDEN);
    expect(numbersIn(data.datasets)).toEqual([]);
    expect(scoreTooltipLines(groups[1], '% favorable', HIDDEN)).toEqual([HIDDEN]);
  });

  it('cycles the given colours', () => {
    const data = scoreBarsData(groups, HIDDEN, ['#111111', '#222222']);
    expect(data.datasets[0].backgroundColor).toEqual(['#111111', MUTED, '#111111', '#222222']);
  });

  it('writes tooltips for shown groups', () => {
    expect(scoreTooltipLines(groups[0], '% favorable', HIDDEN)).toEqual([
      '% favorable: 62.5',
      '95% interval: 55.1 – 69.4',
      'n = 120',
    ]);
    expect(scoreTooltipLines(groups[2], 'NPS', HIDDEN)).toEqual(['NPS: 41', 'n = 40']);
  });

  it('finds the extent of shown values and bounds only', () => {
    expect(valueExtent(groups)).toEqual({ min: 41, max: 69.4 });
    expect(valueExtent([groups[1]])).toBeNull();
  });
});

describe('npsStackedData', () => {
  const groups: NpsGroup[] = [
    {
      label: 'Engineering',
      suppressed: false,
      detractors: 20,
      passives: 37,
      promoters: 43,
      nps: 23.4,
    },
    { label: 'Legal', suppressed: true, detractors: 50, passives: 0, promoters: 50, nps: 0 },
    { label: 'Sales', suppressed: false, detractors: 60, passives: 20, promoters: 20, nps: -40 },
  ];

  it('stacks detractors, passives and promoters with the NPS in the label', () => {
    const data = npsStackedData(groups, HIDDEN);
    expect(data.labels).toEqual([
      'Engineering · NPS 23',
      'Legal (Fewer than 5 responses)',
      'Sales · NPS -40',
    ]);
    expect(data.datasets.map((d) => [d.label, d.backgroundColor])).toEqual([
      ['Detractors', '#c4314b'],
      ['Passives', '#a0a7b1'],
      ['Promoters', '#2e8b57'],
    ]);
    expect(data.datasets.map((d) => d.data)).toEqual([
      [20, null, 60],
      [37, null, 20],
      [43, null, 20],
    ]);
  });

  it('leaves suppressed groups without numbers', () => {
    expect(numbersIn(npsStackedData([groups[1]], HIDDEN).datasets)).toEqual([]);
    expect(npsLabel(groups[1], HIDDEN)).toBe('Legal (Fewer than 5 responses)');
    expect(npsTooltipLine(groups[1], 'promoters', HIDDEN)).toBe(HIDDEN);
  });

  it('writes tooltips', () => {
    expect(npsTooltipLine(groups[0], 'promoters', HIDDEN)).toBe('Promoters: 43%');
  });

  it('labels a group without an NPS plainly', () => {
    expect(npsLabel({ label: 'HR', suppressed: false }, HIDDEN)).toBe('HR');
  });
});

describe('trendData', () => {
  const points: TrendPoint[] = [
    { period: '2024 Q1', value: 60, low: 55, high: 65, n: 80 },
    { period: '2024 Q2', value: 70, low: 60, high: 80, n: 3, suppressed: true },
    {
      period: '2024 Q3',
      value: 64,
      low: 52,
      high: 76,
      n: 9,
      lowSample: true,
      change: 4,
      significant: true,
    },
    { period: '2024 Q4', value: 61, low: 57, high: 65, n: 90, change: -3 },
  ];

  it('draws a line with gaps, a 95% band filled between two datasets and suppressed markers', () => {
    const data = trendData(points, HIDDEN, '% favorable');
    expect(data.labels).toEqual(['2024 Q1', '2024 Q2', '2024 Q3', '2024 Q4']);
    const line = data.datasets[TREND.line];
    expect(line.label).toBe('% favorable');
    expect(line.data).toEqual([60, null, 64, 61]);
    expect(line.spanGaps).toBe(false);
    const low = data.datasets[TREND.low];
    const high = data.datasets[TREND.high];
    expect(low.data).toEqual([55, null, 52, 57]);
    expect(high.data).toEqual([65, null, 76, 65]);
    expect(high.fill).toBe('-1');
    expect(TREND.high - TREND.low).toBe(1);
    expect(high.backgroundColor).toBe(withAlpha(PRIMARY, 0.18));
    const marks = data.datasets[TREND.suppressed];
    expect(marks.label).toBe(HIDDEN);
    expect(marks.yAxisID).toBe('ySuppressed');
    expect(marks.data.map((v) => v !== null)).toEqual([false, true, false, false]);
  });

  it('draws low-sample points hollow', () => {
    const line = trendData(points, HIDDEN).datasets[TREND.line];
    expect(line.pointBackgroundColor).toEqual([PRIMARY, PRIMARY, '#ffffff', PRIMARY]);
  });

  it('keeps a suppressed period’s numbers out of the line, band and tooltip', () => {
    const data = trendData([points[1]], HIDDEN);
    const numeric = data.datasets
      .filter((_, i) => i !== TREND.suppressed)
      .flatMap((d) => d.data)
      .filter((v) => v !== null);
    expect(numeric).toEqual([]);
    expect(trendTooltipLines(points[1], '% favorable', HIDDEN)).toEqual([HIDDEN]);
  });

  it('writes tooltips with the change and its significance', () => {
    expect(trendTooltipLines(points[2], '% favorable', HIDDEN)).toEqual([
      '% favorable: 64',
      '95% interval: 52 – 76',
      'n = 9 (low sample)',
      'Change vs previous: +4 (significant)',
    ]);
    expect(trendTooltipLines(points[3], 'NPS', HIDDEN)).toEqual([
      'NPS: 61',
      '95% interval: 57 – 65',
      'n = 90',
      'Change vs previous: -3',
    ]);
  });
});

describe('palette', () => {
  it('cycles colours and adds alpha', () => {
    expect(colorAt(0)).toBe('#3b6fb6');
    expect(colorAt(7)).toBe('#3b6fb6');
    expect(colorAt(1, ['#000', '#fff'])).toBe('#fff');
    expect(withAlpha('#3b6fb6', 0.2)).toBe('rgba(59, 111, 182, 0.2)');
    expect(withAlpha('#fff', 1)).toBe('rgba(255, 255, 255, 1)');
    expect(withAlpha('red', 0.5)).toBe('red');
  });
});

describe('trendLinesData', () => {
  const series = [
    {
      key: 'Sales',
      points: [
        { period: '2026-04', value: 40, n: 12, lowSample: true },
        { period: '2026-05', value: null, suppressed: true },
      ],
    },
    {
      key: 'Legal',
      points: [
        { period: '2026-04', value: null, suppressed: true },
        { period: '2026-05', value: null, suppressed: true },
      ],
    },
  ];

  it('draws one line per group with gaps, and names a fully hidden group', () => {
    const data = trendLinesData(series, 'Fewer than 5 responses');
    expect(data.labels).toEqual(['2026-04', '2026-05']);
    expect(data.datasets.map((d) => d.label)).toEqual(['Sales', 'Legal (Fewer than 5 responses)']);
    expect(data.datasets[0].data).toEqual([40, null]);
    expect(data.datasets[1].data).toEqual([null, null]);
    expect(data.datasets[0].pointBackgroundColor).toEqual(['#ffffff', expect.any(String)]);
  });
});
