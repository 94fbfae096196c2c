// The two phases around a pass over a person query (src/lib/recipe/viva-run.ts): what to
// aggregate, when the file must be read again, the dates pass, and the finished run.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptyCounts } from '../../../src/lib/person-query/notes';
import type { PersonMeans } from '../../../src/lib/person-query/types';
import {
  aggregatePersonQuery,
  readPersonQueryHead,
  type PersonQueryHead,
} from '../../../src/lib/person-query/read';
import { sourceChunks } from '../../../src/lib/read/source-chunks';
import { bytesSource } from '../../../src/lib/read/types';
import type { VivaToQualtricsRecipe } from '../../../src/lib/recipe/types';
import {
  finishVivaRun,
  participantFile,
  planVivaPass,
  summarizeMeans,
  vivaPassKey,
} from '../../../src/lib/recipe/viva-run';
import {
  aggregateSpecFor,
  newVivaRecipe,
  resolveWindow,
  runVivaToQualtrics,
} from '../../../src/lib/recipe/viva-to-qualtrics';
import { personQueryKernel } from '../../../workers/kernels';
import { openPersonQuery, runFor } from '../../../workers/person-query';

const SAMPLE = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  'public',
  'samples',
  'viva-person-query-surveys.csv',
);
const NOW = '2026-11-22T10:00:00.000Z';
const bytes = () => new Uint8Array(readFileSync(SAMPLE));

async function head(): Promise<PersonQueryHead> {
  return readPersonQueryHead(sourceChunks(bytesSource(bytes())), {
    name: 'q.csv',
    totalBytes: bytes().length,
  });
}

/** The sample's means for one pass, read in one piece on this thread (as the engine reads it). */
async function meansOf(
  h: PersonQueryHead,
  r: VivaToQualtricsRecipe,
  dates: PersonMeans['dates'] | null,
) {
  const pass = planVivaPass(r, h, dates);
  return aggregatePersonQuery(
    sourceChunks(bytesSource(bytes())),
    pass.spec,
    {
      name: h.name,
      totalBytes: bytes().length,
      delimiter: h.delimiter as ',',
    },
    { kernel: personQueryKernel() },
  );
}

describe('planVivaPass(recipe, head, dates) and vivaPassKey', () => {
  it('the key changes only when an input of the averages changes', async () => {
    const h = await head();
    const r = newVivaRecipe(h, { id: 'x', now: NOW });
    const key = planVivaPass(r, h, null).key;
    // The bins, names, group sizes, the directory and the file's form do not touch the averages.
    const same: Partial<VivaToQualtricsRecipe>[] = [
      {
        metrics: r.metrics.map((m) => ({
          ...m,
          as: `${m.as}!`,
          bin: { mode: 'quantile', k: 10, prefix: '' },
        })),
      },
      { metrics: r.metrics.map((m) => ({ ...m, column: m.column.toUpperCase() })) },
      { minGroup: 9, minWeeks: 3, includeWeeks: true, format: 'xlsx', fileName: 'other' },
      { directory: { key: 'ExternalDataReference', trim: true, caseFold: false } },
      { name: 'renamed', identifierAs: 'EmployeeId' },
    ];
    for (const change of same) expect(planVivaPass({ ...r, ...change }, h, null).key).toBe(key);
    // Metrics, identifier, inactive flag, date order and window do.
    const different: Partial<VivaToQualtricsRecipe>[] = [
      { metrics: r.metrics.slice(1) },
      { identifier: 'PersonId' },
      { inactiveColumn: 'Collaboration_hours' },
      { dayFirst: !r.dayFirst },
      { window: { kind: 'range', from: '2026-05-31', to: null } },
    ];
    for (const change of different) {
      expect(planVivaPass({ ...r, ...change }, h, null).key).not.toBe(key);
    }
    expect(vivaPassKey(r, { from: null, to: null })).toBe(key);
  });

  it('the spec is aggregateSpecFor over the resolved window', async () => {
    const h = await head();
    const r: VivaToQualtricsRecipe = {
      ...newVivaRecipe(h, { id: 'x', now: NOW }),
      window: { kind: 'range', from: '2026-05-31', to: '2026-06-14' },
    };
    const pass = planVivaPass(r, h, null);
    expect(pass.findsDates).toBe(false);
    expect(pass.spec).toEqual(aggregateSpecFor(r, h, { from: '2026-05-31', to: '2026-06-14' }));
  });

  it('"the last N weeks" up to the latest date first averages all weeks to learn the dates', async () => {
    const h = await head();
    const r: VivaToQualtricsRecipe = {
      ...newVivaRecipe(h, { id: 'x', now: NOW }),
      window: { kind: 'last', weeks: 4, through: null },
    };
    const first = planVivaPass(r, h, null);
    expect(first.findsDates).toBe(true);
    expect(first.spec).toMatchObject({ from: null, to: null });
    expect(first.key).toBe(vivaPassKey(r, { from: null, to: null }));

    const dates = (await meansOf(h, r, null)).dates;
    const second = planVivaPass(r, h, dates);
    expect(second.findsDates).toBe(false);
    expect(second.spec).toMatchObject({ from: '2026-05-31', to: '2026-06-21' });
    expect(second.key).not.toBe(first.key);
  });

  it('needs no dates pass when the dates are known, or the window does not end at the latest date', async () => {
    const h = await head();
    const r = newVivaRecipe(h, { id: 'x', now: NOW });
    const windows: VivaToQualtricsRecipe['window'][] = [
      { kind: 'all' },
      { kind: 'range', from: null, to: '2026-06-01' },
      { kind: 'last', weeks: 4, through: '2026-06-14' },
    ];
    for (const window of windows) {
      expect(planVivaPass({ ...r, window }, h, null).findsDates).toBe(false);
    }
    const known = [{ date: '2026-06-21', rows: 1 }];
    const last = planVivaPass(
      { ...r, window: { kind: 'last', weeks: 2, through: null } },
      h,
      known,
    );
    expect(last).toMatchObject({
      findsDates: false,
      spec: { from: '2026-06-14', to: '2026-06-21' },
    });
  });
});

describe('finishVivaRun(recipe, means, directory, options)', () => {
  it('is the summary over the recipe window and runVivaToQualtrics', async () => {
    const h = await head();
    const r: VivaToQualtricsRecipe = {
      ...newVivaRecipe(h, { id: 'x', now: NOW }),
      window: { kind: 'last', weeks: 4, through: null },
    };
    const means = await meansOf(h, r, (await meansOf(h, r, null)).dates);
    const run = finishVivaRun(r, means, null, { rowLimit: 10 });
    expect(run.output).toEqual(runVivaToQualtrics(r, means, null, { rowLimit: 10 }));
    expect(run.output.rows).toHaveLength(10);
    expect(run.summary).toEqual(summarizeMeans(means, resolveWindow(r.window, means.dates)));
    expect(run.summary.window).toMatchObject({ from: '2026-05-31', to: '2026-06-21', dates: 4 });
  });

  it('gives what the engine gives for the same query (plan, one pass, finish)', async () => {
    const h = await head();
    const r = newVivaRecipe(h, { id: 'x', now: NOW });
    const q = await openPersonQuery(new Blob([bytes()]), 'q.csv');
    const engine = await runFor(q, r, null, undefined);
    const here = finishVivaRun(r, await meansOf(h, r, null), null);
    expect(here.output).toEqual(engine.output);
    expect(here.summary).toEqual(engine.summary);
    expect(await participantFile(here.output, 'csv')).toEqual(
      await participantFile(engine.output, 'csv'),
    );
  });

  it('summarizeMeans counts people per number of counted weeks', () => {
    const means: PersonMeans = {
      metricNames: [],
      engine: 'javascript',
      personIds: ['a', 'b', 'c', 'd'],
      identifiers: ['a', 'b', 'c', 'd'],
      weeks: Int32Array.from([0, 2, 2, 3]),
      means: [],
      dates: [],
      periodDays: 7,
      rows: 7,
      counts: emptyCounts(),
      issues: [],
    };
    const window = resolveWindow({ kind: 'all' }, []);
    expect(summarizeMeans(means, window)).toMatchObject({
      rows: 7,
      people: 4,
      periodDays: 7,
      window,
      weeksHistogram: [1, 0, 2, 1],
    });
  });
});
