// Ours for the person query: the app's own "Viva metrics to Qualtrics" recipe with its defaults
// (detect the columns, per-person averages of every metric over all weeks, quartile bins, the
// participant CSV written), exactly as workers/person-query.ts runs it in the app.
import { runPersonQueryRecipe } from '../../workers/person-query';
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
