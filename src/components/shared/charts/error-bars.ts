// A chart.js plugin that draws 95% interval whiskers on bar charts. A bar dataset opts in by
// carrying `errorBars`: one { low, high } (or null for none) per data point, on the value scale.
import type { BarElement, Chart, ChartType, Plugin } from 'chart.js';
import { INK } from './palette';

/** An interval on the value scale. */
export interface ErrorBar {
  low: number;
  high: number;
}

export interface ErrorBarsOptions {
  /** Whisker colour (default dark ink). */
  color?: string;
  /** Line width in CSS pixels (default 1.5). */
  lineWidth?: number;
  /** Cap length in CSS pixels (default 10; never wider than half the bar). */
  capWidth?: number;
}

declare module 'chart.js' {
  interface BarControllerDatasetOptions {
    /** Interval per data point (same index as `data`); null draws no whisker. */
    errorBars?: (ErrorBar | null)[];
  }
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- must match chart.js's declaration
  interface PluginOptionsByType<TType extends ChartType> {
    xoErrorBars?: ErrorBarsOptions;
  }
}

/** A line from (x1, y1) to (x2, y2) in canvas pixels. */
export interface Segment {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** The three lines of a whisker: the stem from low to high and a cap at each end. */
export interface Whisker {
  stem: Segment;
  lowCap: Segment;
  highCap: Segment;
}

export interface WhiskerOptions {
  /** Bars run along x (chart.js `indexAxis: 'y'`): the stem is horizontal. */
  horizontal?: boolean;
  /** Full cap length in pixels (default 10). */
  capWidth?: number;
}

const DEFAULTS: Required<ErrorBarsOptions> = { color: INK, lineWidth: 1.5, capWidth: 10 };

/**
 * Pixel coordinates of one whisker. `center` is the bar's middle on the index axis (pixels);
 * `valueToPixel` maps a value to pixels on the value axis (e.g. `v => scale.getPixelForValue(v)`).
 * Null when there is no interval or a bound is not a finite number; low and high are swapped
 * when given the wrong way round.
 */
export function whiskerGeometry(
  interval: ErrorBar | null | undefined,
  center: number,
  valueToPixel: (value: number) => number,
  options: WhiskerOptions = {},
): Whisker | null {
  if (!interval || !Number.isFinite(center)) return null;
  const { low, high } = interval;
  if (!Number.isFinite(low) || !Number.isFinite(high)) return null;
  const a = valueToPixel(Math.min(low, high));
  const b = valueToPixel(Math.max(low, high));
  if (!Number.isFinite(a) || !Number.isFinite(b)) return null;
  const half = Math.max(0, options.capWidth ?? DEFAULTS.capWidth) / 2;
  if (options.horizontal) {
    return {
      stem: { x1: a, y1: center, x2: b, y2: center },
      lowCap: { x1: a, y1: center - half, x2: a, y2: center + half },
      highCap: { x1: b, y1: center - half, x2: b, y2: center + half },
    };
  }
  return {
    stem: { x1: center, y1: a, x2: center, y2: b },
    lowCap: { x1: center - half, y1: a, x2: center + half, y2: a },
    highCap: { x1: center - half, y1: b, x2: center + half, y2: b },
  };
}

/** A dataset's `errorBars`, checked: entries that are not { low, high } numbers become null. */
export function errorBarsOf(dataset: unknown): (ErrorBar | null)[] | null {
  if (typeof dataset !== 'object' || dataset === null) return null;
  const bars: unknown = (dataset as { errorBars?: unknown }).errorBars;
  if (!Array.isArray(bars)) return null;
  return bars.map((b: unknown) => {
    if (typeof b !== 'object' || b === null) return null;
    const { low, high } = b as { low?: unknown; high?: unknown };
    return typeof low === 'number' && typeof high === 'number' ? { low, high } : null;
  });
}

/** Draws the whiskers of every visible bar dataset that has `errorBars`. */
export const errorBarsPlugin: Plugin<'bar', ErrorBarsOptions> = {
  id: 'xoErrorBars',
  afterDatasetsDraw(chart: Chart<'bar'>, _args, pluginOptions) {
    const opts = { ...DEFAULTS, ...pluginOptions };
    const { ctx, chartArea } = chart;
    const horizontal = chart.options.indexAxis === 'y';
    ctx.save();
    ctx.beginPath();
    ctx.rect(chartArea.left, chartArea.top, chartArea.width, chartArea.height);
    ctx.clip();
    ctx.strokeStyle = opts.color;
    ctx.lineWidth = opts.lineWidth;
    ctx.lineCap = 'butt';
    chart.data.datasets.forEach((dataset, i) => {
      const bars = errorBarsOf(dataset);
      if (!bars || !chart.isDatasetVisible(i)) return;
      const meta = chart.getDatasetMeta(i);
      const scale = meta.vScale;
      if (meta.type !== 'bar' || !scale) return;
      meta.data.forEach((element, j) => {
        const bar = element as unknown as BarElement;
        const { x, y, width, height } = bar.getProps(['x', 'y', 'width', 'height'], true);
        const thickness = horizontal ? height : width;
        const center = horizontal ? y : x;
        if (center === null) return;
        const w = whiskerGeometry(bars[j], center, (v) => scale.getPixelForValue(v), {
          horizontal,
          capWidth: Math.min(opts.capWidth, Math.abs(thickness) / 2 || opts.capWidth),
        });
        if (!w) return;
        ctx.beginPath();
        for (const s of [w.stem, w.lowCap, w.highCap]) {
          ctx.moveTo(s.x1, s.y1);
          ctx.lineTo(s.x2, s.y2);
        }
        ctx.stroke();
      });
    });
    ctx.restore();
  },
};
