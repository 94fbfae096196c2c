import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Problem } from '../../src/lib/issues';
import type { Recipe, SurveyToVivaRecipe } from '../../src/lib/recipe/types';
import { RecipeStore } from '../../src/state/recipes.svelte';
import { renameOutput, SurveyToVivaFlow } from '../../src/state/survey-to-viva.svelte';
import { noSources, tableSource } from '../helpers/sources';
import { FakeRecipeEngine, MemoryRepo, previewWith, surveyFacts } from '../helpers/recipe-fakes';
import { makeIdMappingRecipe, makeSurveyRecipe } from '../helpers/recipes';

const NOW = new Date('2025-06-01T12:00:00.000Z');

const LABELS = [
  'I feel valued',
  'I would leave',
  'My manager supports me',
  'I have the tools I need',
  'I belong here',
  'I plan to stay',
];

/** A survey with RecipientEmail and six questions Q1…Q6, Q1 and Q2 labelled as in makeSurveyRecipe. */
function makeFacts() {
  return surveyFacts(
    'Engagement Q2.csv',
    '2025-06-30',
    LABELS.map((label, i) => [`Q${i + 1}`, label] as const),
  );
}

/** A preview whose header names the recipe's categories, to tell runs apart. */
function previewOf(recipe: SurveyToVivaRecipe, problems: Problem[] = []) {
  return previewWith(
    ['PersonId', 'EffectiveDate', ...recipe.categories.map((c) => c.name)],
    '04/01/2025',
    problems,
  );
}

interface Held {
  recipe: SurveyToVivaRecipe;
  resolve: () => void;
}

/** A fake engine; with `hold`, each run waits until the test releases it. */
class FakeEngine extends FakeRecipeEngine {
  hold = false;
  problems: Problem[] = [];
  runs: SurveyToVivaRecipe[] = [];
  held: Held[] = [];
  constructor() {
    super();
    this.describeSurvey.mockImplementation(async () => makeFacts());
    this.runSurveyToViva.mockImplementation(async (_tableId, recipe) => {
      this.runs.push(recipe);
      const out = previewOf(recipe, this.problems);
      if (this.hold) {
        await new Promise<void>((resolve) => this.held.push({ recipe, resolve }));
      }
      return out;
    });
  }
}

function setup(saved: Recipe[] = [], debounceMs = 0) {
  const engine = new FakeEngine();
  const repo = new MemoryRepo(saved);
  const store = new RecipeStore(repo, () => NOW);
  const flow = new SurveyToVivaFlow(
    engine,
    store,
    noSources(),
    () => NOW,
    () => 'new-1',
    debounceMs,
  );
  return { engine, repo, store, flow };
}

/** Lets pending timers and promise callbacks run. */
const flush = () => new Promise<void>((resolve) => setTimeout(resolve, 5));

afterEach(() => {
  vi.useRealTimers();
});

describe('SurveyToVivaFlow.start', () => {
  it('suggests a new recipe when none is saved', async () => {
    const { engine, repo, flow } = setup();
    await flow.start(tableSource('t1'));
    expect(flow.error).toBeNull();
    expect(engine.describeSurvey).toHaveBeenCalledWith('t1');
    expect(flow.tableId).toBe('t1');
    expect(flow.step).toBe('columns');
    expect(flow.reapplied).toBeNull();
    expect(flow.saved).toEqual([]);
    const r = flow.recipe!;
    expect(r).toMatchObject({
      kind: 'survey-to-viva',
      id: 'new-1',
      name: 'Engagement Q2',
      created: NOW.toISOString(),
      updated: NOW.toISOString(),
      categories: [],
      fileName: 'EngagementQ2Viva',
      identifier: { importId: 'recipientEmail', tag: 'RecipientEmail', label: 'Recipient Email' },
    });
    expect(r.questions.map((q) => q.ref.tag)).toEqual(['Q1', 'Q2', 'Q3', 'Q4', 'Q5', 'Q6']);
    expect(engine.runs).toHaveLength(1);
    expect(flow.preview?.header).toEqual(['PersonId', 'EffectiveDate']);
    expect(flow.running).toBe(false);
    // Nothing worth saving yet.
    expect(repo.saved).toEqual([]);
  });

  it('re-applies a saved recipe that matches the file', async () => {
    const other = makeIdMappingRecipe();
    const unrelated = makeSurveyRecipe({
      id: 'other-survey',
      name: 'Other survey',
      questions: [
        {
          ref: { importId: 'QID90', tag: 'X1', label: 'Not here' },
          min: 1,
          max: 5,
          reverse: false,
          missingCodes: [],
          exportAs: null,
        },
      ],
      categories: [{ name: 'Other', questions: ['id:QID90'], minAnswered: 1 }],
    });
    const saved = makeSurveyRecipe();
    const { repo, flow } = setup([other, unrelated, saved]);
    await flow.start(tableSource('t1'));
    expect(flow.error).toBeNull();
    expect(flow.saved.map((r) => r.id).sort()).toEqual(['other-survey', 'survey-1']);
    expect(flow.step).toBe('validate');
    // Department (kept column) is not in this file; Q3–Q6 are new in this wave.
    expect(flow.reapplied).toEqual({
      name: 'Engagement pulse',
      unmatched: [{ tag: 'Department', label: 'Department' }],
      added: 4,
    });
    const r = flow.recipe!;
    expect(r.id).toBe('survey-1');
    expect(r.categories).toEqual(saved.categories);
    expect(r.questions.map((q) => q.ref.tag)).toEqual(['Q1', 'Q2', 'Q3', 'Q4', 'Q5', 'Q6']);
    expect(r.questions[1]).toEqual(saved.questions[1]);
    expect(flow.preview?.header).toEqual(['PersonId', 'EffectiveDate', 'Engagement']);
    // It has categories, so the run saved it (with the new questions).
    expect(repo.saved).toHaveLength(1);
    expect((repo.saved[0] as SurveyToVivaRecipe).questions).toHaveLength(6);
  });

  it('shows an engine failure as the flow error', async () => {
    const { engine, flow } = setup();
    engine.describeSurvey.mockRejectedValueOnce(
      Object.assign(new Error('The table is gone.'), { name: 'EngineError' }),
    );
    await flow.start(tableSource('t1'));
    expect(flow.error).toEqual({ name: 'EngineError', message: 'The table is gone.' });
    expect(flow.recipe).toBeNull();
  });
});

describe('SurveyToVivaFlow.update', () => {
  it('debounces runs: one run with the latest recipe', async () => {
    const { engine, flow } = setup([], 50);
    await flow.start(tableSource('t1'));
    expect(engine.runs).toHaveLength(1);
    vi.useFakeTimers();
    flow.addCategory('Engagement');
    await vi.advanceTimersByTimeAsync(30);
    flow.addCategory('Wellbeing');
    await vi.advanceTimersByTimeAsync(30);
    flow.addCategory('Belonging');
    // Every change updates the recipe at once…
    expect(flow.recipe!.categories.map((c) => c.name)).toEqual([
      'Engagement',
      'Wellbeing',
      'Belonging',
    ]);
    // …but no run has started yet.
    expect(engine.runs).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(49);
    expect(engine.runs).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(engine.runs).toHaveLength(2);
    expect(engine.runs[1].categories).toHaveLength(3);
    expect(flow.preview?.header).toEqual([
      'PersonId',
      'EffectiveDate',
      'Engagement',
      'Wellbeing',
      'Belonging',
    ]);
  });

  it('keeps only the latest result when runs finish out of order', async () => {
    const { engine, repo, flow } = setup();
    await flow.start(tableSource('t1'));
    engine.hold = true;
    flow.addCategory('First');
    await vi.waitFor(() => expect(engine.held).toHaveLength(1));
    expect(flow.running).toBe(true);
    flow.addCategory('Second');
    await vi.waitFor(() => expect(engine.held).toHaveLength(2));
    // The newer run finishes first…
    engine.held[1].resolve();
    await vi.waitFor(() =>
      expect(flow.preview?.header).toEqual(['PersonId', 'EffectiveDate', 'First', 'Second']),
    );
    expect(flow.running).toBe(false);
    // …then the older one: its result is dropped and it is not saved.
    engine.held[0].resolve();
    await flush();
    expect(flow.preview?.header).toEqual(['PersonId', 'EffectiveDate', 'First', 'Second']);
    expect(flow.running).toBe(false);
    expect(repo.saved).toHaveLength(1);
    expect((repo.saved[0] as SurveyToVivaRecipe).categories.map((c) => c.name)).toEqual([
      'First',
      'Second',
    ]);
    expect((repo.items.get('new-1') as SurveyToVivaRecipe).categories).toHaveLength(2);
  });

  it('settle() runs a pending change at once', async () => {
    const { engine, flow } = setup([], 10_000);
    await flow.start(tableSource('t1'));
    flow.addCategory('Engagement');
    expect(engine.runs).toHaveLength(1);
    await flow.settle();
    expect(engine.runs).toHaveLength(2);
    expect(flow.preview?.header).toContain('Engagement');
    await flow.settle();
    expect(engine.runs).toHaveLength(2);
  });

  it('stamps the recipe with the time of the change', async () => {
    let now = NOW;
    const engine = new FakeEngine();
    const store = new RecipeStore(new MemoryRepo(), () => now);
    const flow = new SurveyToVivaFlow(
      engine,
      store,
      noSources(),
      () => now,
      () => 'new-1',
      0,
    );
    await flow.start(tableSource('t1'));
    now = new Date('2025-06-02T00:00:00.000Z');
    flow.setIdentifier(null);
    expect(flow.recipe!.updated).toBe('2025-06-02T00:00:00.000Z');
    expect(flow.recipe!.created).toBe(NOW.toISOString());
  });
});

describe('saving', () => {
  it('saves only once the recipe has a category', async () => {
    const { repo, store, flow } = setup();
    await flow.start(tableSource('t1'));
    flow.setQuestion('id:QID1', { reverse: true });
    flow.setIdentifier(null);
    await flow.settle();
    await flush();
    expect(repo.saved).toEqual([]);
    expect(store.savedAt).toBeNull();
    flow.addCategory('Engagement');
    await flow.settle();
    await vi.waitFor(() => expect(repo.saved).toHaveLength(1));
    expect(repo.items.get('new-1')).toEqual(flow.recipe);
    expect(store.savedAt).toBe(NOW.toISOString());
    expect(store.recipes.map((r) => r.id)).toEqual(['new-1']);
  });

  it('saves once a question is exported alone', async () => {
    const { repo, flow } = setup();
    await flow.start(tableSource('t1'));
    flow.setQuestion('id:QID2', { exportAs: 'Leave' });
    await flow.settle();
    await vi.waitFor(() => expect(repo.saved).toHaveLength(1));
    expect((repo.saved[0] as SurveyToVivaRecipe).questions[1].exportAs).toBe('Leave');
  });

  it('a storage failure is shown on the store; the flow keeps its work, other recipes are untouched', async () => {
    const other = makeIdMappingRecipe();
    const { repo, store, flow } = setup([other]);
    await flow.start(tableSource('t1'));
    const quota = Object.assign(
      new Error(
        "Could not save the recipe: the browser's storage for this site is full (quota exceeded).",
      ),
      { name: 'StorageError' },
    );
    repo.failSave = quota;
    const before = structuredClone([...repo.items.values()]);
    flow.addCategory('Engagement');
    flow.assign(['id:QID1', 'id:QID2'], 0);
    await flow.settle();
    await vi.waitFor(() => expect(store.error).not.toBeNull());
    expect(store.error).toEqual({ name: 'StorageError', message: quota.message });
    expect(store.error!.message).toMatch(/quota/);
    expect(flow.error).toBeNull();
    expect(flow.recipe!.categories).toEqual([
      { name: 'Engagement', questions: ['id:QID1', 'id:QID2'], minAnswered: 1 },
    ]);
    expect(flow.preview?.header).toEqual(['PersonId', 'EffectiveDate', 'Engagement']);
    expect(flow.running).toBe(false);
    expect([...repo.items.values()]).toEqual(before);
    expect(repo.items.get(other.id)).toEqual(other);
    expect(store.savedAt).toBeNull();
    // The work goes on: more changes still update the preview.
    flow.addCategory('Wellbeing');
    await flow.settle();
    expect(flow.preview?.header).toEqual(['PersonId', 'EffectiveDate', 'Engagement', 'Wellbeing']);
    expect(flow.recipe!.categories).toHaveLength(2);
  });
});

describe('fixes', () => {
  const headerProblem = (column: string, fix: string): Problem => ({
    row: 1,
    column,
    code: 'viva-header',
    severity: 'error',
    rule: 'header-chars',
    message: `"${column}" is not accepted.`,
    fix,
  });

  it('applyFix renames the category named in the problem', async () => {
    const { flow } = setup();
    await flow.start(tableSource('t1'));
    flow.addCategory('Engagement');
    flow.addCategory('Manager Effectiveness');
    flow.applyFix(headerProblem('Manager Effectiveness', 'Manager_Effectiveness'));
    expect(flow.recipe!.categories.map((c) => c.name)).toEqual([
      'Engagement',
      'Manager_Effectiveness',
    ]);
  });

  it('applyFix fixes the file name', async () => {
    const { flow } = setup();
    await flow.start(tableSource('t1'));
    flow.update((r) => ({ ...r, fileName: 'Engagement Q2 (final)!' }));
    flow.applyFix({
      row: null,
      column: null,
      code: 'viva-file',
      severity: 'error',
      rule: 'file-name',
      message: 'Bad file name.',
      fix: 'EngagementQ2final.csv',
    });
    expect(flow.recipe!.fileName).toBe('EngagementQ2final');
  });

  it('applyFix ignores problems without a fix', async () => {
    const { flow } = setup();
    await flow.start(tableSource('t1'));
    flow.addCategory('A b');
    const before = flow.recipe;
    flow.applyFix({ ...headerProblem('A b', 'A_b'), fix: undefined });
    expect(flow.recipe).toBe(before);
  });

  it('fixAll applies every error fix of the preview', async () => {
    const { engine, flow } = setup();
    await flow.start(tableSource('t1'));
    engine.problems = [
      headerProblem('Manager Effectiveness', 'Manager_Effectiveness'),
      headerProblem('DEI index', 'DEI_index'),
      { ...headerProblem('Leave now', 'Leave_now'), severity: 'warning' },
    ];
    flow.addCategory('Manager Effectiveness');
    flow.addCategory('DEI index');
    flow.setQuestion('id:QID2', { exportAs: 'Leave now' });
    await flow.settle();
    expect(flow.errors).toHaveLength(2);
    expect(flow.warnings).toHaveLength(1);
    flow.fixAll();
    expect(flow.recipe!.categories.map((c) => c.name)).toEqual([
      'Manager_Effectiveness',
      'DEI_index',
    ]);
    // Warnings are not applied.
    expect(flow.recipe!.questions[1].exportAs).toBe('Leave now');
  });

  it('renameOutput renames a category, else a single question, else a kept column', () => {
    const r = makeSurveyRecipe();
    expect(renameOutput(r, 'Engagement', 'Engagement2').categories[0].name).toBe('Engagement2');
    expect(renameOutput(r, 'Leave', 'Leave2').questions[1].exportAs).toBe('Leave2');
    expect(renameOutput(r, 'Department', 'Dept').keep[0].as).toBe('Dept');
    expect(renameOutput(r, 'Nothing', 'X')).toBe(r);
  });
});
