// Ours for the person query: the app's own "Viva metrics to Qualtrics" recipe with its defaults
// (detect the columns, per-person averages of every metric over all weeks, quartile bins, the
// participant CSV written), exactly as the app's engine runs it: workers/person-query.ts opens
// and aggregates, src/lib/recipe/viva-run.ts finishes and writes the file.
import type { PersonMeans } from '../../src/lib/person-query/types';
import { finishVivaRun, participantFile } from '../../src/lib/recipe/viva-run';
import { newMetricChoice, newVivaRecipe } from '../../src/lib/recipe/viva-to-qualtrics';
import { aggregateFor, openPersonQuery } from '../../workers/person-query';
import { serve } from './worker-shell';

serve(async ({ kind, name, blob }) => {
  if (kind !== 'ours-pq') throw new Error(`ours-pq.worker cannot run ${kind}`);
  let progress = 0;
  const r = await runPersonQueryRecipe(blob, name, () => {
    progress++;
  });
  return {
    rows: r.rows,
    people: r.people,
    outputBytes: r.outputBytes,
    note:
      `${progress} progress calls, output ${(r.outputBytes / 1024 / 1024).toFixed(1)} MB, ` +
      `${r.engine}; open ${r.phases.open} ms, aggregate ${r.phases.aggregate} ms, ` +
      `bins ${r.phases.recipe} ms, file ${r.phases.file} ms`,
    keep: r,
  };
});

/**
 * The whole recipe with its defaults on one file: every metric column, averaged over all
 * weeks, in quartiles, written as the participant CSV.
 */
async function runPersonQueryRecipe(
  blob: Blob,
  name: string,
  onProgress?: (bytesRead: number) => void,
): Promise<{
  rows: number;
  people: number;
  outputBytes: number;
  engine: PersonMeans['engine'];
  /** Milliseconds per phase: open (head), aggregate, recipe (bins), file (CSV written). */
  phases: { open: number; aggregate: number; recipe: number; file: number };
}> {
  let t = performance.now();
  const lap = () => {
    const now = performance.now();
    const ms = Math.round(now - t);
    t = now;
    return ms;
  };
  const q = await openPersonQuery(blob, name);
  const open = lap();
  const recipe = newVivaRecipe(q.head, { id: 'bench', now: new Date(0).toISOString() });
  recipe.metrics = q.head.columns
    .filter((c) => c.vivaRole === 'metric')
    .map((c) => newMetricChoice(c.header));
  const means = await aggregateFor(q, recipe, (p) => onProgress?.(p.bytesRead));
  const aggregate = lap();
  const { summary, output } = finishVivaRun(recipe, means, null);
  const bins = lap();
  const bytes = await participantFile(output, 'csv');
  return {
    rows: summary.rows,
    people: summary.people,
    outputBytes: bytes.length,
    engine: means.engine,
    phases: { open, aggregate, recipe: bins, file: lap() },
  };
}
