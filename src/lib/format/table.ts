// The one shape of a chart's data as text: the table beside every chart (its accessible
// version) and the CSV download. Built by pure code (src/lib/analysis/present.ts) and shown by
// components/shared/charts/ChartCard.svelte.

/** A chart's data as a table of display strings: a header row, then one row per group or period. */
export interface ChartTable {
  header: string[];
  rows: string[][];
}
