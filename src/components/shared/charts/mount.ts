// The one owner of chart.js instances: an attachment that draws a chart on its canvas, draws it
// again when its configuration changes and destroys it when the canvas leaves the page
// (svelte.dev practice: sync an external library through `{@attach}`, not `$effect`).
import { Chart, Legend, Tooltip, type ChartConfiguration, type ChartType } from 'chart.js';
import { untrack } from 'svelte';
import type { Attachment } from 'svelte/attachments';

// The analysis charts need a legend, but a registered Legend shows on every chart by default
// (Histogram.svelte among them). Register it switched off; charts that want it opt in.
Chart.register(Legend, Tooltip);
Chart.defaults.plugins.legend.display = false;

/**
 * A chart.js chart on `canvas`, or null. chart.js logs and draws nothing when the canvas has no
 * 2D context (jsdom, some locked-down browsers); any throw is caught too, so the component
 * still renders its accessible wrapper.
 */
function createChart<TType extends ChartType, TData, TLabel>(
  canvas: HTMLCanvasElement,
  config: ChartConfiguration<TType, TData, TLabel>,
): Chart<TType, TData, TLabel> | null {
  try {
    return new Chart(canvas, config);
  } catch (e) {
    console.error('Could not draw the chart:', e);
    return null;
  }
}

/**
 * `<canvas {@attach chart(() => config)}>`: draws the chart once the canvas is on the page.
 * Reading `config()` is what the attachment depends on, so a new config (a new `$derived`
 * value) destroys the chart and draws it again; the chart is destroyed with the canvas.
 * Charts are not animated, so drawing anew looks the same as updating in place.
 */
export function chart<TType extends ChartType, TData, TLabel>(
  config: () => ChartConfiguration<TType, TData, TLabel>,
): Attachment<HTMLCanvasElement> {
  return (canvas) => {
    const current = config();
    // chart.js reads no Svelte state, but nothing it touches should become a dependency.
    const instance = untrack(() => createChart(canvas, current));
    return () => instance?.destroy();
  };
}
