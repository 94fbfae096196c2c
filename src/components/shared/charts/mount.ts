// Creating and destroying chart.js charts from Svelte effects.
import { Chart, Legend, Tooltip, type ChartConfiguration, type ChartType } from 'chart.js';

// The analysis charts need a legend, but a registered Legend shows on every chart by default
// (Histogram.svelte among them). Register it switched off; charts that want it opt in.
Chart.register(Legend, Tooltip);
Chart.defaults.plugins.legend.display = false;

/**
 * Creates a chart on `canvas` and returns its cleanup, for `$effect`. chart.js logs and draws
 * nothing when the canvas has no 2D context (jsdom, some locked-down browsers); any throw is
 * caught too, so the component still renders its accessible wrapper.
 */
export function mountChart<TType extends ChartType, TData, TLabel>(
  canvas: HTMLCanvasElement,
  config: ChartConfiguration<TType, TData, TLabel>,
): () => void {
  let chart: Chart<TType, TData, TLabel> | null = null;
  try {
    chart = new Chart(canvas, config);
  } catch (e) {
    console.error('Could not draw the chart:', e);
  }
  return () => chart?.destroy();
}
