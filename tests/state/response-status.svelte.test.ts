/// <reference types="node" />
// The response choice in both flows' state, against the real worker code in-process and, for
// survey → Viva, the real recipe storage on an in-memory IndexedDB: previews, tests and spam
// are left out by default, one call includes them, unfinished responses are kept unless left
// out, a saved recipe brings its choice back on the next wave, and the Analysis keeps its
// choice when the join changes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SurveyToVivaRecipe } from '../../src/lib/recipe/types';
import type { SentimentMapping } from '../../src/lib/score/types';
import type { TableInfo } from '../../src/lib/table/types';
import { AnalysisFlow, type SentimentRepoLike } from '../../src/state/analysis.svelte';
import { RecipeStore } from '../../src/state/recipes.svelte';
import { SurveyToVivaFlow } from '../../src/state/survey-to-viva.svelte';
import { openXoDb } from '../../src/storage/db';
import { RecipeRepo } from '../../src/storage/recipes';
import type { SavedSentimentMapping } from '../../src/storage/db';
import { engineApi } from '../../workers/engine-api';
import { IDBFactory } from '../helpers/fake-idb';
import { inProcessEngine } from '../helpers/in-process-engine';
import { noSources, tableSource } from '../helpers/sources';

const DIR = join(import.meta.dirname, '..', 'fixtures', 'qualtrics-variants');
const blob = (f: string) => new Blob([readFileSync(join(DIR, f))]);

let numeric: TableInfo;
let text: TableInfo;
let empty: TableInfo;

beforeAll(async () => {
  numeric = (await engineApi.openFile(blob('status-numeric.csv'), 'status-numeric.csv')).table;
  text = (await engineApi.openFile(blob('status-text.csv'), 'status-text.csv')).table;
  empty = (await engineApi.openFile(blob('empty-current.csv'), 'empty-current.csv')).table;
});

let clock = Date.UTC(2026, 3, 1);
const now = () => new Date((clock += 1000));

function surveyFlow(store: RecipeStore) {
  let id = 0;
  return new SurveyToVivaFlow(inProcessEngine(), store, noSources(), now, () => `r${++id}`, 0);
}

const exportQ1 = (flow: SurveyToVivaFlow) => {
  const q = flow.recipe!.questions.find((x) => x.ref.tag === 'Q1')!;
  flow.setQuestion(`id:${q.ref.importId}`, { exportAs: 'Proud' });
};

describe('survey → Viva: the response choice', () => {
  it('counts by status, leaves out previews/tests/spam, and includes them in one call', async () => {
    const store = new RecipeStore(new RecipeRepo(() => openXoDb(new IDBFactory())), now);
    const flow = surveyFlow(store);
    await flow.start(tableSource(numeric));
    expect(flow.facts!.responses.total).toBe(14);
    expect(flow.facts!.responses.statuses).toHaveLength(13);
    expect(flow.recipe!.responses).toEqual({ includeTests: false, keepUnfinished: true });
    expect(flow.preview!.rowCount).toBe(7);
    expect(flow.preview!.stats.used.summary).toBe(
      'Left out 3 preview, 1 test and 3 spam responses.',
    );

    flow.setResponses({ includeTests: true });
    await flow.settle();
    expect(flow.preview!.rowCount).toBe(13);
    expect(flow.preview!.stats.used.summary).toBeNull();

    flow.setResponses({ includeTests: false, keepUnfinished: false });
    await flow.settle();
    expect(flow.preview!.rowCount).toBe(6);
    expect(flow.preview!.stats.used.leftOut.unfinished).toBe(1);
  });

  it('saves the choice with the recipe and brings it back on the next file', async () => {
    const factory = new IDBFactory();
    const repo = new RecipeRepo(() => openXoDb(factory));
    const first = surveyFlow(new RecipeStore(repo, now));
    await first.start(tableSource(numeric));
    exportQ1(first);
    first.setResponses({ keepUnfinished: false });
    await first.settle();
    const [saved] = (await repo.list('survey-to-viva')) as SurveyToVivaRecipe[];
    expect(saved.responses).toEqual({ includeTests: false, keepUnfinished: false });

    // A new session (a new store on the same database), the choice-text export of the survey.
    const next = surveyFlow(new RecipeStore(new RecipeRepo(() => openXoDb(factory)), now));
    await next.start(tableSource(text));
    expect(next.reapplied?.name).toBe(saved.name);
    expect(next.recipe!.responses).toEqual({ includeTests: false, keepUnfinished: false });
    expect(next.preview!.rowCount).toBe(6);
  });

  it('runs a recipe saved before the choice existed with the defaults', async () => {
    const factory = new IDBFactory();
    const repo = new RecipeRepo(() => openXoDb(factory));
    const first = surveyFlow(new RecipeStore(repo, now));
    await first.start(tableSource(numeric));
    exportQ1(first);
    await first.settle();
    const [saved] = (await repo.list('survey-to-viva')) as SurveyToVivaRecipe[];
    const { responses: _dropped, ...older } = saved;
    await repo.save(older as SurveyToVivaRecipe);

    const next = surveyFlow(new RecipeStore(repo, now));
    await next.start(tableSource(numeric));
    expect(next.recipe!.responses).toBeUndefined();
    expect(next.preview!.rowCount).toBe(7);
  });

  it('opens an export with 0 responses and says so', async () => {
    const flow = surveyFlow(new RecipeStore(new RecipeRepo(() => openXoDb(new IDBFactory())), now));
    await flow.start(tableSource(empty));
    expect(flow.error).toBeNull();
    expect(flow.facts!.rowCount).toBe(0);
    expect(flow.facts!.responses.total).toBe(0);
    expect(flow.preview!.rowCount).toBe(0);
  });
});

class NoMappings implements SentimentRepoLike {
  async get(): Promise<SavedSentimentMapping | undefined> {
    return undefined;
  }
  async save(key: string, q: { header: string; label: string }, mapping: SentimentMapping) {
    return { key, ...q, mapping, updated: 'now' };
  }
  async delete(): Promise<void> {}
}

describe('the Analysis: the response choice', () => {
  async function started(t: TableInfo) {
    const flow = new AnalysisFlow(inProcessEngine(), new NoMappings(), noSources(), 0);
    await flow.start(tableSource(t), null);
    const q1 = flow.facts!.questions.find((q) => q.header === 'Q1')!;
    await flow.chooseQuestions([q1.column]);
    return flow;
  }
  const n = (flow: AnalysisFlow) =>
    flow.result!.overall.suppressed ? -1 : flow.result!.overall.score.n;

  it.each([
    ['numeric', () => numeric],
    ['choice-text', () => text],
  ])('counts and filters a %s export; the choice survives a rebuild', async (_, get) => {
    const flow = await started(get());
    expect(flow.responseCounts?.total).toBe(14);
    expect(flow.settings!.responses).toEqual({ includeTests: false, keepUnfinished: true });
    expect(n(flow)).toBe(7);
    expect(flow.result!.responses.summary).toBe('Left out 3 preview, 1 test and 3 spam responses.');
    const overviewN = () =>
      flow.overview!.map((r) => (r.result.suppressed ? -1 : r.result.score.n));

    await flow.setResponses({ includeTests: true });
    expect(n(flow)).toBe(14);
    expect(overviewN()).toContain(14);

    await flow.setResponses({ includeTests: false, keepUnfinished: false });
    expect(n(flow)).toBe(6);
    expect(overviewN()).toContain(6);

    // The tables are rebuilt (back on the Analysis after leaving): the choice stays.
    flow.leave();
    await flow.resume();
    expect(flow.settings!.responses).toEqual({ includeTests: false, keepUnfinished: false });
    expect(n(flow)).toBe(6);
  });

  it('opens an export with 0 responses without an error', async () => {
    const flow = new AnalysisFlow(inProcessEngine(), new NoMappings(), noSources(), 0);
    await flow.start(tableSource(empty), null);
    expect(flow.error).toBeNull();
    expect(flow.facts!.rowCount).toBe(0);
    expect(flow.responseCounts).toMatchObject({ total: 0 });
  });
});
