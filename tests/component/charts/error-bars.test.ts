import type { Chart } from 'chart.js';
import { describe, expect, it, vi } from 'vitest';
import {
  errorBarsOf,
  errorBarsPlugin,
  whiskerGeometry,
} from '../../../src/components/shared/charts/error-bars';

// A value axis from 0 (pixel 200) to 100 (pixel 0), like a vertical bar chart's y axis.
const toPixel = (v: number) => 200 - v * 2;

describe('whiskerGeometry', () => {
  it('draws a vertical stem with horizontal caps', () => {
    expect(whiskerGeometry({ low: 40, high: 60 }, 50, toPixel, { capWidth: 10 })).toEqual({
      stem: { x1: 50, y1: 120, x2: 50, y2: 80 },
      lowCap: { x1: 45, y1: 120, x2: 55, y2: 120 },
      highCap: { x1: 45, y1: 80, x2: 55, y2: 80 },
    });
  });

  it('draws a horizontal stem with vertical caps for horizontal bars', () => {
    const toX = (v: number) => 10 + v * 3;
    expect(
      whiskerGeometry({ low: 10, high: 20 }, 30, toX, { horizontal: true, capWidth: 6 }),
    ).toEqual({
      stem: { x1: 40, y1: 30, x2: 70, y2: 30 },
      lowCap: { x1: 40, y1: 27, x2: 40, y2: 33 },
      highCap: { x1: 70, y1: 27, x2: 70, y2: 33 },
    });
  });

  it('puts low and high in order and skips missing or broken intervals', () => {
    const w = whiskerGeometry({ low: 60, high: 40 }, 50, toPixel);
    expect(w?.lowCap.y1).toBe(120);
    expect(w?.highCap.y1).toBe(80);
    expect(whiskerGeometry(null, 50, toPixel)).toBeNull();
    expect(whiskerGeometry(undefined, 50, toPixel)).toBeNull();
    expect(whiskerGeometry({ low: Number.NaN, high: 3 }, 50, toPixel)).toBeNull();
    expect(whiskerGeometry({ low: 1, high: 3 }, Number.NaN, toPixel)).toBeNull();
    expect(whiskerGeometry({ low: 1, high: 3 }, 50, () => Number.NaN)).toBeNull();
  });
});

describe('errorBarsOf', () => {
  it('reads a dataset’s intervals, dropping malformed ones', () => {
    expect(
      errorBarsOf({ errorBars: [{ low: 1, high: 2 }, null, { low: 'x', high: 2 }, 5] }),
    ).toEqual([{ low: 1, high: 2 }, null, null, null]);
    expect(errorBarsOf({ data: [1] })).toBeNull();
    expect(errorBarsOf(null)).toBeNull();
  });
});

describe('errorBarsPlugin', () => {
  it('strokes one whisker per bar with an interval, clipped to the chart area', () => {
    const ctx = {
      save: vi.fn(),
      restore: vi.fn(),
      beginPath: vi.fn(),
      rect: vi.fn(),
      clip: vi.fn(),
      moveTo: vi.fn(),
      lineTo: vi.fn(),
      stroke: vi.fn(),
      strokeStyle: '',
      lineWidth: 0,
      lineCap: '',
    };
    const bar = (x: number) => ({
      getProps: () => ({ x, y: 0, width: 40, height: 100 }),
    });
    const chart = {
      ctx,
      chartArea: { left: 0, top: 0, width: 300, height: 200 },
      options: { indexAxis: 'x' },
      data: { datasets: [{ data: [50, 30], errorBars: [{ low: 40, high: 60 }, null] }] },
      isDatasetVisible: () => true,
      getDatasetMeta: () => ({
        type: 'bar',
        vScale: { getPixelForValue: toPixel },
        data: [bar(50), bar(150)],
      }),
    } as unknown as Chart<'bar'>;
    const hook = errorBarsPlugin.afterDatasetsDraw as (
      chart: Chart<'bar'>,
      args: unknown,
      options: object,
    ) => void;
    hook(chart, {}, { color: '#123456' });
    expect(errorBarsPlugin.id).toBe('xoErrorBars');
    expect(ctx.rect).toHaveBeenCalledWith(0, 0, 300, 200);
    expect(ctx.stroke).toHaveBeenCalledTimes(1);
    expect(ctx.strokeStyle).toBe('#123456');
    expect(ctx.moveTo.mock.calls).toEqual([
      [50, 120],
      [45, 120],
      [45, 80],
    ]);
    expect(ctx.lineTo.mock.calls).toEqual([
      [50, 80],
      [55, 120],
      [55, 80],
    ]);
    expect(ctx.restore).toHaveBeenCalled();
  });
});
