/// <reference types="node" />
// Issue 14 cases 6, 7, 10 through the app state with the real worker code: the Analysis starts
// on the only survey open (and pre-selects it beside other tables), loop & merge questions are
// scored pooled or per iteration by choice in the Analysis and in survey → Viva (kept in the
// settings and the saved recipe), and the NPS question carries its mismatch count.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GroupResult, Score } from '../../src/lib/score/types';
import type { SurveyToVivaRecipe } from '../../src/lib/recipe/types';
import { AppState } from '../../src/state/app.svelte';
import { Workspace } from '../../src/state/workspace.svelte';
import { inProcessEngine, sampleFile } from '../helpers/in-process-engine';
import { MemoryRepo } from '../helpers/recipe-fakes';

const FIX = join(import.meta.dirname, '..', 'fixtures', 'qualtrics-variants');
const fixture = (f: string) => new File([readFileSync(join(FIX, f))], f, { type: 'text/csv' });
const noMappings = {
  get: async () => undefined,
  save: async () => undefined as never,
  delete: async () => {},
  list: async () => [],
};
const shown = (g: GroupResult | undefined): Score => {
  if (!g || g.suppressed) throw new Error('hidden');
  return g.score;
};

function setup() {
  const engine = inProcessEngine();
  const ws = new Workspace(engine, sampleFile);
  const repo = new MemoryRepo();
  const app = new AppState(ws, engine, repo, noMappings);
  return { ws, app, repo };
}

describe('the Analysis pre-selects the single survey', () => {
  it('starts on the only table open when it is a survey', async () => {
    const { ws, app } = setup();
    await ws.openFiles([fixture('nps-loop-current.csv')]);
    expect(app.analysis.preselected).toBe(0);
    app.go('analysis');
    await app.analysis.resume();
    expect(app.analysis.left?.name).toBe('nps-loop-current.csv');
    expect(app.analysis.right).toBeNull();
    expect(app.analysis.facts?.questions.length).toBeGreaterThan(0);
  });

  it('pre-selects the survey beside other tables, without starting', async () => {
    const { ws, app } = setup();
    await ws.openSample('viva-person-query-surveys');
    await ws.openFiles([fixture('nps-loop-current.csv')]);
    expect(app.analysis.preselected).toBe(1);
    await app.analysis.resume();
    expect(app.analysis.left).toBeNull();
  });

  it('pre-selects nothing with two surveys open', async () => {
    const { ws, app } = setup();
    await ws.openFiles([fixture('nps-loop-current.csv'), fixture('nps-loop-labels.csv')]);
    expect(app.analysis.preselected).toBeNull();
  });
});

describe('loop & merge by choice, NPS folded', () => {
  it('Analysis: pooled by default, per iteration on request, and back', async () => {
    const { ws, app } = setup();
    await ws.openFiles([fixture('nps-loop-current.csv')]);
    const flow = app.analysis;
    await flow.resume();
    flow.update({ minGroup: 1 });
    const q3 = flow.offered.find((q) => q.name === 'Q3')!;
    expect(q3.columns).toHaveLength(3);
    await flow.chooseQuestions([q3.column]);
    await flow.flush();
    expect(shown(flow.result?.overall).n).toBe(11);
    expect(flow.overview?.map((r) => r.name)).toEqual(['Q1', 'Q3', 'Q4', 'Q5', 'Q6_NPS_GROUP']);

    await flow.setLoops('per-iteration');
    expect(flow.settings?.loops).toBe('per-iteration');
    // The pooled question's place goes to its first iteration.
    expect(flow.question?.name).toBe('1_Q3');
    expect(shown(flow.result?.overall).n).toBe(5);
    expect(flow.overview?.map((r) => r.name)).toEqual([
      'Q1',
      '1_Q3',
      '2_Q3',
      '3_Q3',
      '1_Q4',
      '2_Q4',
      'Q5',
      'Q6_NPS_GROUP',
    ]);
    // The choice survives the facts being made again (a join change, a restart).
    await flow.prepare();
    expect(flow.settings?.loops).toBe('per-iteration');
    expect(flow.question?.name).toBe('1_Q3');

    await flow.setLoops('pooled');
    expect(flow.question?.name).toBe('Q3');
    expect(shown(flow.result?.overall).n).toBe(11);
  });

  it('Analysis: the NPS question shows its mismatches; the group alone is the NPS question', async () => {
    const { ws, app } = setup();
    await ws.openFiles([fixture('nps-loop-current.csv')]);
    const flow = app.analysis;
    await flow.resume();
    expect(flow.offered.some((q) => q.name === 'Q5_NPS_GROUP')).toBe(false);
    const q5 = flow.offered.find((q) => q.name === 'Q5')!;
    await flow.chooseQuestions([q5.column]);
    expect(flow.question).toMatchObject({ npsMismatches: 1, kind: 'nps' });
    expect(flow.mapping?.kind).toBe('nps');
    expect(flow.facts?.issues).toHaveLength(2);
    const q6 = flow.offered.find((q) => q.name === 'Q6_NPS_GROUP')!;
    await flow.chooseQuestions([q6.column]);
    await flow.flush();
    expect(flow.mapping?.kind).toBe('nps');
    expect(shown(flow.result?.overall)).toMatchObject({ n: 5, value: 0 });
  });

  it('survey → Viva: the loop choice is saved with the recipe and reapplied', async () => {
    const { ws, app, repo } = setup();
    await ws.openFiles([fixture('nps-loop-current.csv')]);
    const flow = app.survey;
    await flow.startOn(0);
    expect(flow.recipe?.loops).toBeUndefined();
    flow.setQuestion('loop:id:QID3', { exportAs: 'Rating' });
    flow.setLoops('per-iteration');
    await flow.settle();
    expect(flow.preview?.header).toContain('Rating');
    const saved = (await repo.list()).find(
      (r) => r.kind === 'survey-to-viva',
    ) as SurveyToVivaRecipe;
    expect(saved.loops).toBe('per-iteration');
    // The same file again: the saved recipe (and its choice) is applied.
    await flow.startOn(0);
    expect(flow.recipe?.loops).toBe('per-iteration');
    expect(flow.reapplied?.name).toBe(saved.name);
  });
});
