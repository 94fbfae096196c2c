// The question pickers of a 1,500-column export stay responsive: only a window of rows is in the
// page (survey → Viva's question list, the Analysis' category items), search filters the whole
// list, and scrolling moves the window.
import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import CategoryBuilder from '../../src/components/survey-to-viva/CategoryBuilder.svelte';
import QuestionPanel from '../../src/components/analysis/QuestionPanel.svelte';
import type { AnalysisEngine } from '../../src/services/engine-client';
import { AnalysisFlow } from '../../src/state/analysis.svelte';
import { RecipeStore } from '../../src/state/recipes.svelte';
import { SurveyToVivaFlow } from '../../src/state/survey-to-viva.svelte';
import { engineApi } from '../../workers/engine-api';
import { noSources, tableSource } from '../helpers/sources';
import { FakeRecipeEngine, MemoryRepo, previewWith, surveyFacts } from '../helpers/recipe-fakes';

const N = 1500;
const QUESTIONS = Array.from(
  { length: N },
  (_, i) => [`Q${i + 1}`, `Statement number ${i + 1} about work`] as const,
);

/** A generated 1,500-question export: 3 header rows, 20 responses on 1–5. */
function wideExport(): string {
  const meta = ['StartDate', 'EndDate', 'ResponseId'];
  const tags = [...meta, ...QUESTIONS.map(([t]) => t)];
  const labels = ['Start Date', 'End Date', 'Response ID', ...QUESTIONS.map(([, l]) => l)];
  const ids = ['startDate', 'endDate', '_recordId', ...QUESTIONS.map((_, i) => `QID${i + 1}`)].map(
    (id) => `"{""ImportId"":""${id}""}"`,
  );
  const rows = Array.from({ length: 20 }, (_, r) => [
    '2026-01-05 10:00:00',
    '2026-01-05 10:05:00',
    `R_${r}`,
    ...QUESTIONS.map((_, i) => String(((r + i) % 5) + 1)),
  ]);
  return [tags, labels, ids, ...rows].map((r) => r.join(',')).join('\n');
}

const rows = () => screen.queryAllByTestId('question-row');

describe('survey → Viva question list of a 1,500-column export', () => {
  async function setup() {
    const engine = new FakeRecipeEngine();
    engine.describeSurvey.mockImplementation(async () =>
      surveyFacts('Wide.csv', '2026-01-05', QUESTIONS),
    );
    engine.runSurveyToViva.mockImplementation(async () =>
      previewWith(['PersonId', 'EffectiveDate'], '01/01/2026'),
    );
    const flow = new SurveyToVivaFlow(
      engine,
      new RecipeStore(new MemoryRepo(), () => new Date('2026-02-01T00:00:00Z')),
      noSources(),
      () => new Date('2026-02-01T00:00:00Z'),
      () => 'wide',
      0,
    );
    await flow.start(tableSource('t1'));
    render(CategoryBuilder, { props: { flow } });
    return flow;
  }

  it('holds only a window of rows, with spacers for the rest', async () => {
    await setup();
    const list = screen.getByTestId('question-list');
    expect(list.dataset.total).toBe(String(N));
    expect(rows().length).toBeGreaterThan(5);
    expect(rows().length).toBeLessThan(60);
    expect(rows()[0].dataset.tag).toBe('Q1');
    const spacer = list.querySelector('li[data-spacer]') as HTMLElement;
    expect(parseFloat(spacer.style.height)).toBeGreaterThan(1000 * 40);
  });

  it('scrolling moves the window', async () => {
    await setup();
    const viewport = screen.getByTestId('question-list-viewport');
    viewport.scrollTop = 64 * 1000;
    await fireEvent.scroll(viewport);
    const tags = rows().map((r) => Number(r.dataset.tag!.slice(1)));
    expect(Math.min(...tags)).toBeGreaterThan(950);
    expect(Math.max(...tags)).toBeLessThan(1060);
    expect(rows().length).toBeLessThan(60);
  });

  it('search filters the whole list, including rows far out of view', async () => {
    await setup();
    await userEvent.type(screen.getByTestId('question-search'), 'Q1499');
    expect(rows().map((r) => r.dataset.tag)).toEqual(['Q1499']);
    await userEvent.clear(screen.getByTestId('question-search'));
    await userEvent.type(screen.getByTestId('question-search'), 'number 77');
    expect(rows().map((r) => r.dataset.tag)).toEqual([
      'Q77',
      'Q770',
      'Q771',
      'Q772',
      'Q773',
      'Q774',
      'Q775',
      'Q776',
      'Q777',
      'Q778',
      'Q779',
    ]);
  });
});

describe('the Analysis question picker of a 1,500-column export', () => {
  it('offers every question, searchable; the category items are a window', async () => {
    const opened = await engineApi.openFile(new Blob([wideExport()]), 'wide.csv');
    const engine = {
      generation: 0,
      describeForAnalysis: async (id: string) => engineApi.describeForAnalysis(id),
      runAnalysis: async (...a: Parameters<typeof engineApi.runAnalysis>) =>
        engineApi.runAnalysis(...a),
      runOverview: async (...a: Parameters<typeof engineApi.runOverview>) =>
        engineApi.runOverview(...a),
      responseCounts: async (id: string) => engineApi.responseCounts(id),
      closeTable: async () => {},
    } as unknown as AnalysisEngine;
    const mappings = {
      get: async () => undefined,
      save: async () => undefined as never,
      delete: async () => {},
    };
    const flow = new AnalysisFlow(engine, mappings, noSources(), 0);
    await flow.start(tableSource(opened.table), null);
    expect(flow.offered).toHaveLength(N);
    render(QuestionPanel, { props: { flow } });
    const select = screen.getByTestId('question-select') as HTMLSelectElement;
    expect(select.options).toHaveLength(N);
    await userEvent.click(screen.getByTestId('question-combine'));
    const items = within(screen.getByTestId('category-items')).getAllByRole('checkbox');
    expect(items.length).toBeLessThan(80);
    await userEvent.type(screen.getByTestId('analysis-question-search'), 'Q1234');
    // The chosen question stays in the select, beside the match.
    expect([...select.options].map((o) => o.text.split(' ·')[0])).toEqual(['Q1', 'Q1234']);
    expect(screen.getByTestId('category-item-Q1234')).toBeInTheDocument();
    engineApi.closeTable(opened.table.id);
  });
});
