import { render, screen } from '@testing-library/svelte';
import { Chart } from 'chart.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import NpsStacked from '../../../src/components/shared/charts/NpsStacked.svelte';
import ScoreBars from '../../../src/components/shared/charts/ScoreBars.svelte';
import TrendChart from '../../../src/components/shared/charts/TrendChart.svelte';
import type {
  NpsGroup,
  ScoreGroup,
  TrendPoint,
} from '../../../src/components/shared/charts/chart-data';
import { drawnText, fakeCanvasContext, noCanvasContext, type DrawCall } from './fake-canvas';

const HIDDEN = 'Fewer than 5 responses';

const scoreGroups: ScoreGroup[] = [
  { label: 'Engineering', value: 62.5, low: 55.1, high: 69.4, n: 120 },
  // A suppressed group whose numbers arrived anyway: none of them may show.
  { label: 'Legal', value: 87.3, low: 71.9, high: 97.7, n: 3, suppressed: true },
  { label: 'Sales', value: 41, low: 33, high: 49, n: 40 },
];

const npsGroups: NpsGroup[] = [
  { label: 'Engineering', suppressed: false, detractors: 20, passives: 37, promoters: 43, nps: 23 },
  { label: 'Legal', suppressed: true, detractors: 33.3, passives: 0, promoters: 66.7, nps: 33.3 },
];

const trendPoints: TrendPoint[] = [
  { period: '2024 Q1', value: 60, low: 55, high: 65, n: 80 },
  { period: '2024 Q2', value: 77.7, low: 70, high: 85, n: 3, suppressed: true },
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
];

const scoreProps = {
  groups: scoreGroups,
  label: 'Favorability by team',
  axisLabel: '% favorable',
  min: 0,
  max: 100,
  suppressedText: HIDDEN,
};
const npsProps = { groups: npsGroups, label: 'NPS by team', suppressedText: HIDDEN };
const trendProps = {
  points: trendPoints,
  label: 'Favorability by quarter',
  axisLabel: '% favorable',
  min: 0,
  max: 100,
  suppressedText: HIDDEN,
};

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

function chartOf(label: string): Chart {
  const canvas = screen.getByRole('img', { name: label }).querySelector('canvas');
  const chart = canvas ? Chart.getChart(canvas) : undefined;
  if (!chart) throw new Error(`no chart for ${label}`);
  return chart;
}

/** Tooltip title and lines when the given points are hovered. */
function tooltipFor(chart: Chart, active: { datasetIndex: number; index: number }[]) {
  chart.tooltip?.setActiveElements(active, { x: 0, y: 0 });
  return {
    title: chart.tooltip?.title ?? [],
    lines: (chart.tooltip?.body ?? []).flatMap((b) => b.lines),
  };
}

const segments = (calls: DrawCall[]) =>
  calls.filter((c) => c.name === 'moveTo' || c.name === 'lineTo').map((c) => c.args);

describe('without a canvas context (jsdom)', () => {
  it.each([
    ['ScoreBars', () => render(ScoreBars, { props: scoreProps }), scoreProps.label],
    ['NpsStacked', () => render(NpsStacked, { props: npsProps }), npsProps.label],
    ['TrendChart', () => render(TrendChart, { props: trendProps }), trendProps.label],
  ])('%s renders its labelled wrapper; chart.js logs and does not throw', (_, mount, label) => {
    noCanvasContext();
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { unmount } = mount();
    const img = screen.getByRole('img', { name: label });
    expect(img).toHaveClass('chart');
    expect(img.querySelector('canvas')).toHaveAttribute('aria-hidden', 'true');
    expect(error).toHaveBeenCalledWith(expect.stringContaining('Failed to create chart'));
    expect(() => unmount()).not.toThrow();
  });
});

describe('drawn by chart.js on a recording context', () => {
  it('ScoreBars draws bars with whiskers and keeps suppressed numbers out', () => {
    const canvases = fakeCanvasContext();
    render(ScoreBars, { props: scoreProps });
    const chart = chartOf(scoreProps.label);
    expect(chart.options.animation).toBe(false);
    expect(chart.data.labels).toEqual(['Engineering', `Legal (${HIDDEN})`, 'Sales']);

    const calls = canvases[0].calls;
    const text = drawnText(calls);
    expect(text).toContain('Engineering');
    expect(text).toContain(`Legal (${HIDDEN})`);
    expect(text).toContain('% favorable');
    for (const n of ['87.3', '71.9', '97.7']) expect(text.join(' ')).not.toContain(n);

    // Two whiskers (Engineering and Sales; none for Legal): a stem and two caps each.
    const whiskers = segments(calls).slice(-12);
    const bars = chart.getDatasetMeta(0).data;
    const y = (v: number) => chart.scales.y.getPixelForValue(v);
    expect(whiskers.slice(0, 2)).toEqual([
      [bars[0].x, y(55.1)],
      [bars[0].x, y(69.4)],
    ]);
    expect(whiskers.slice(6, 8)).toEqual([
      [bars[2].x, y(33)],
      [bars[2].x, y(49)],
    ]);

    expect(tooltipFor(chart, [{ datasetIndex: 0, index: 0 }])).toEqual({
      title: ['Engineering'],
      lines: ['% favorable: 62.5', '95% interval: 55.1 – 69.4', 'n = 120'],
    });
  });

  it('ScoreBars can lie on its side', () => {
    const canvases = fakeCanvasContext();
    render(ScoreBars, { props: { ...scoreProps, horizontal: true } });
    const chart = chartOf(scoreProps.label);
    expect(chart.options.indexAxis).toBe('y');
    const stem = segments(canvases[0].calls).slice(-6, -4);
    const bar = chart.getDatasetMeta(0).data[2];
    const x = (v: number) => chart.scales.x.getPixelForValue(v);
    expect(stem).toEqual([
      [x(33), bar.y],
      [x(49), bar.y],
    ]);
  });

  it('NpsStacked stacks three segments with a legend and the NPS in the labels', () => {
    const canvases = fakeCanvasContext();
    render(NpsStacked, { props: npsProps });
    const chart = chartOf(npsProps.label);
    expect(chart.data.datasets.map((d) => d.label)).toEqual([
      'Detractors',
      'Passives',
      'Promoters',
    ]);
    const text = drawnText(canvases[0].calls);
    expect(text).toEqual(
      expect.arrayContaining(['Engineering · NPS 23', `Legal (${HIDDEN})`, 'Promoters']),
    );
    expect(text.join(' ')).not.toMatch(/33\.3|66\.7/);
    expect(tooltipFor(chart, [{ datasetIndex: 2, index: 0 }])).toEqual({
      title: ['Engineering · NPS 23'],
      lines: ['Promoters: 43%'],
    });
  });

  it('TrendChart shows the band, gaps and the suppressed text in the tooltip', () => {
    const canvases = fakeCanvasContext();
    render(TrendChart, { props: trendProps });
    const chart = chartOf(trendProps.label);
    expect(chart.data.datasets[0].data).toEqual([60, null, 64]);
    expect(chart.data.datasets[2]).toMatchObject({ fill: '-1' });
    const text = drawnText(canvases[0].calls);
    expect(text).toEqual(expect.arrayContaining(['% favorable', '95% interval', HIDDEN]));
    expect(text).not.toContain('95% interval (low)');
    expect(text.join(' ')).not.toContain('77.7');

    expect(tooltipFor(chart, [{ datasetIndex: 3, index: 1 }])).toEqual({
      title: ['2024 Q2'],
      lines: [HIDDEN],
    });
    expect(tooltipFor(chart, [{ datasetIndex: 0, index: 2 }]).lines).toEqual([
      '% favorable: 64',
      '95% interval: 52 – 76',
      'n = 9 (low sample)',
      'Change vs previous: +4 (significant)',
    ]);
  });

  it('draws the chart again when its props change and destroys it with the component', async () => {
    fakeCanvasContext();
    const { rerender, unmount } = render(ScoreBars, { props: scoreProps });
    const canvas = screen.getByRole('img', { name: scoreProps.label }).querySelector('canvas')!;
    const first = chartOf(scoreProps.label);
    await rerender({ ...scoreProps, groups: scoreGroups.slice(0, 1) });
    const second = chartOf(scoreProps.label);
    expect(second).not.toBe(first);
    expect(second.data.labels).toEqual(['Engineering']);
    expect(Chart.getChart(canvas)).toBe(second);
    unmount();
    expect(Chart.getChart(canvas)).toBeUndefined();
  });

  it('leaves the legend off for charts that do not ask for it (Histogram)', () => {
    expect(Chart.defaults.plugins.legend.display).toBe(false);
  });
});
