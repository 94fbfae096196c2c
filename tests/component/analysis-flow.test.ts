/// <reference types="node" />
// The Analysis flow against the real worker code (in-process, no Comlink) and its screens:
// the suggested join, one-to-many explained, saved sentiment mappings (and a failing store),
// kinds that do not fit a scale, categories, and hidden groups that never show a number.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SentimentMapping } from '../../src/lib/score/types';
import type { TableInfo } from '../../src/lib/table/types';
import type { AnalysisEngine } from '../../src/services/engine-client';
import { AnalysisFlow, mappingKey, type SentimentRepoLike } from '../../src/state/analysis.svelte';
import type { SavedSentimentMapping } from '../../src/storage/db';
import AnalysisResults from '../../src/components/analysis/AnalysisResults.svelte';
import QuestionPanel from '../../src/components/analysis/QuestionPanel.svelte';
import JoinPanel from '../../src/components/analysis/JoinPanel.svelte';
import { engineApi } from '../../workers/engine-api';
import { noSources, tableSource } from '../helpers/sources';

const SAMPLES = join(import.meta.dirname, '..', '..', 'public', 'samples');
const blob = (f: string) => new Blob([readFileSync(join(SAMPLES, f))]);

/** The engine's analysis half, in-process. */
function inProcess(): AnalysisEngine & { calls: string[] } {
  const calls: string[] = [];
  const api = engineApi;
  return {
    generation: 0,
    calls,
    describeForAnalysis: async (id) => (calls.push('describe'), api.describeForAnalysis(id)),
    averagePerKey: async (...a) => {
      const out = api.averagePerKey(...a);
      calls.push(`average:${out.table.id}`);
      return out;
    },
    joinTables: async (...a) => {
      const out = api.joinTables(...a);
      calls.push(`join:${out.table.id}`);
      return out;
    },
    joinReportCsv: async (...a) => api.joinReportCsv(...a),
    tableCsv: async (id) => api.tableCsv(id),
    runAnalysis: async (...a) => (calls.push('run'), api.runAnalysis(...a)),
    runOverview: async (...a) => api.runOverview(...a),
    responseCounts: async (id) => api.responseCounts(id),
    closeTable: async (id) => (calls.push(`close:${id}`), api.closeTable(id)),
  };
}

class MemoryMappings implements SentimentRepoLike {
  items = new Map<string, SavedSentimentMapping>();
  failSave: Error | null = null;
  async get(key: string) {
    return this.items.get(key);
  }
  async save(key: string, q: { header: string; label: string }, mapping: SentimentMapping) {
    if (this.failSave) throw this.failSave;
    const saved = { key, ...q, mapping: structuredClone(mapping), updated: 'now' };
    this.items.set(key, saved);
    return saved;
  }
  async delete(key: string) {
    this.items.delete(key);
  }
}

let survey: TableInfo;
let pq: TableInfo;

beforeAll(async () => {
  survey = (await engineApi.openFile(blob('qualtrics-pulse-q2-2026.csv'), 'pulse.csv')).table;
  pq = (await engineApi.openFile(blob('viva-person-query-surveys.zip'), 'pq.zip')).table;
});

async function started(mappings = new MemoryMappings()) {
  const flow = new AnalysisFlow(inProcess(), mappings, noSources(), 0);
  await flow.start(tableSource(survey), tableSource(pq));
  return { flow, mappings };
}

const col = (flow: AnalysisFlow, name: string) =>
  flow.facts!.questions.find((q) => q.name === name)?.column ??
  flow.facts!.groupings.find((g) => g.name === name)!.column;

describe('AnalysisFlow', () => {
  it('suggests the join a person query needs and scores the first question', async () => {
    const { flow } = await started();
    const name = (i: number | null, t: TableInfo) => (i === null ? null : t.columns[i].header);
    expect(name(flow.join!.leftKey, survey)).toBe('ExternalReference');
    expect(name(flow.join!.rightKey, pq)).toBe('UniqueIdentifier');
    expect(name(flow.join!.inactiveColumn, pq)).toBe('IsActive');
    expect(flow.join).toMatchObject({
      averageRight: true,
      trim: true,
      caseFold: true,
      kind: 'left',
    });
    expect(flow.report).toMatchObject({ cardinality: 'one-to-one', matchedLeft: 118 });
    expect(flow.averaged).toMatchObject({ inactive: 56, blankKeys: 35 });
    expect(flow.question?.name).toBe('Q1_1');
    expect(flow.mappingSource).toBe('default');
    expect(flow.result?.overall).toMatchObject({ suppressed: false, score: { n: 117 } });
    expect(flow.result?.patterns.map((p) => p.metric)).toEqual(['After_hours_collaboration_hours']);
    expect(flow.result?.trend?.unit).toBe('month');
  });

  it('explains one-to-many when the weekly rows are joined as they are', async () => {
    const { flow } = await started();
    await flow.updateJoin({ averageRight: false });
    expect(flow.report?.cardinality).toBe('one-to-many');
    // 118 respondents match; one of them is a late joiner with a single week (not repeated).
    expect(flow.report?.excludedLeft).toBe(117);
    expect(flow.report?.explanation.join(' ')).toMatch(/average it per person first/);
    await flow.updateJoin({ many: 'all' });
    expect(flow.report?.outputRows).toBeGreaterThan(1000);
  });

  it('saves an edited mapping per question and re-applies it next time', async () => {
    const mappings = new MemoryMappings();
    const { flow } = await started(mappings);
    const m = flow.mapping!;
    await flow.setMapping({
      ...m,
      values: m.values.map((v) => (v.value === 3 ? { ...v, sentiment: 'positive' } : v)),
    });
    await flow.flush();
    expect(flow.mappingSource).toBe('edited');
    expect([...mappings.items.keys()]).toEqual(['importId:QID1_1']);
    expect(mappingKey(flow.question!)).toBe('importId:QID1_1');
    const s = flow.result!.overall;
    expect(!s.suppressed && s.score.positive).toBe(91);
    // The overview reads Q1_1 with the edited mapping too, and the other questions by their kind.
    const row = flow.overview!.find((r) => r.name === 'Q1_1')!;
    expect(!row.result.suppressed && row.result.score.positive).toBe(91);
    expect(flow.overview!.map((r) => r.mapping.kind)).toEqual([
      'favorability',
      'favorability',
      'favorability',
      'favorability',
      'nps',
      'csat',
      'ces',
    ]);

    const again = await started(mappings);
    expect(again.flow.mappingSource).toBe('saved');
    expect(again.flow.mapping).toEqual(mappings.items.get('importId:QID1_1')!.mapping);
    await again.flow.resetMapping();
    expect(mappings.items.size).toBe(0);
    expect(again.flow.mappingSource).toBe('default');
  });

  it('goes back to the defaults when the saved mapping was deleted elsewhere', async () => {
    const mappings = new MemoryMappings();
    const { flow } = await started(mappings);
    await flow.setHeadline('mean');
    await flow.flush();
    expect(flow.mappingSource).toBe('edited');
    await flow.refreshSaved();
    expect(flow.mappingSource).toBe('edited');
    mappings.items.clear();
    await flow.refreshSaved();
    expect(flow.mappingSource).toBe('default');
    expect(flow.mapping?.headline).toBe('percent-positive');
    expect(flow.result?.overall).toMatchObject({ score: { headline: 'percent-positive' } });
  });

  it('keeps working with the edited mapping when it cannot be saved', async () => {
    const mappings = new MemoryMappings();
    mappings.failSave = Object.assign(new Error('The disk is full.'), { name: 'StorageError' });
    const { flow } = await started(mappings);
    await flow.setHeadline('mean');
    await flow.flush();
    expect(flow.storageError).toEqual({ name: 'StorageError', message: 'The disk is full.' });
    expect(
      flow.result && !flow.result.overall.suppressed && flow.result.overall.score.headline,
    ).toBe('mean');
  });

  it('refuses NPS on a 1–5 item and categories of items on different scales', async () => {
    const { flow } = await started();
    const before = flow.mapping;
    await flow.setKind('nps');
    expect(flow.error?.message).toMatch(/1–5 scale; NPS needs 0–10/);
    expect(flow.mapping).toBe(before);
    await flow.chooseQuestions([col(flow, 'Q1_1'), col(flow, 'Q4')]);
    expect(flow.error?.message).toMatch(/same scale/);
    await flow.chooseQuestions([col(flow, 'Q1_1'), col(flow, 'Q1_2')]);
    expect(flow.error).toBeNull();
    expect(flow.result?.items).toBe(2);
    expect(flow.result?.distribution).toBeNull();
  });

  it('reads Q2 as NPS with the 0–10 default mapping', async () => {
    const { flow } = await started();
    await flow.chooseQuestions([col(flow, 'Q2')]);
    expect(flow.mapping?.kind).toBe('nps');
    expect(flow.mapping?.values.map((v) => v.value)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(flow.result?.overall).toMatchObject({ score: { headline: 'nps' } });
  });
});

describe('AnalysisFlow and the worker memory', () => {
  it('frees every joined or averaged table it no longer shows, also after overlapping changes', async () => {
    const engine = inProcess();
    const flow = new AnalysisFlow(engine, new MemoryMappings(), noSources(), 0);
    await flow.start(tableSource(survey), tableSource(pq));
    await Promise.all([
      flow.updateJoin({ caseFold: false }),
      flow.updateJoin({ kind: 'inner' }),
      flow.updateJoin({ trim: false }),
    ]);
    await flow.start(tableSource(survey), null);
    const made = engine.calls.filter((c) => /^(average|join):/.test(c)).map((c) => c.split(':')[1]);
    const closed = new Set(
      engine.calls.filter((c) => c.startsWith('close:')).map((c) => c.slice(6)),
    );
    expect(made.length).toBeGreaterThanOrEqual(8);
    expect(made.filter((id) => !closed.has(id))).toEqual([]);
    expect(flow.target?.id).toBe(survey.id);
  });
});

describe('AnalysisFlow after an engine restart', () => {
  it('records the generation and keeps the chosen join when the same files are opened again', async () => {
    const engine = inProcess();
    const flow = new AnalysisFlow(engine, new MemoryMappings(), noSources(), 0);
    await flow.start(tableSource(survey), tableSource(pq));
    expect(flow.generation).toBe(0);
    await flow.updateJoin({ caseFold: false });
    flow.update({ minGroup: 10 });
    (engine as { generation: number }).generation = 1;
    await flow.start(tableSource(survey), tableSource(pq));
    expect(flow.generation).toBe(1);
    expect(flow.join?.caseFold).toBe(false);
    expect(flow.settings?.minGroup).toBe(10);
    expect(flow.report?.matchedLeft).toBe(114);
  });
});

describe('Analysis screens', () => {
  it('shows a hidden group as "Fewer than 5 responses" with no number in the breakout', async () => {
    const { flow } = await started();
    flow.update({ breakout: { column: col(flow, 'Department'), bins: 4 } });
    await flow.flush();
    render(AnalysisResults, { flow });
    const card = screen.getByTestId('chart-breakout');
    const legal = within(card).getByText('Legal').closest('tr')!;
    const cells = [...legal.querySelectorAll('td')].map((td) => td.textContent);
    expect(cells).toEqual(['Legal', 'Fewer than 5 responses', '', '', '', '', '', '', '', '', '']);
    expect(within(card).getByRole('img')).toHaveAttribute(
      'aria-label',
      '% favorable by Department',
    );
    expect(screen.getByTestId('score-headline')).toHaveTextContent('% favorable: 46.2');
    expect(screen.getByTestId('chart-pattern')).toHaveTextContent('a significant difference');
  });

  it('edits the mapping from the table of answers', async () => {
    const { flow, mappings } = await started();
    render(QuestionPanel, { flow });
    await fireEvent.change(screen.getByTestId('mapping-3'), { target: { value: 'positive' } });
    await flow.flush();
    expect(mappings.items.get('importId:QID1_1')?.mapping.values[2].sentiment).toBe('positive');
    expect(screen.getByTestId('sentiment-mapping')).toHaveAttribute('data-source', 'edited');
  });

  it('shows the match report and switches the join to case-sensitive keys', async () => {
    const { flow } = await started();
    render(JoinPanel, { flow });
    expect(screen.getByTestId('join-matched')).toHaveTextContent('118 of 122');
    await fireEvent.click(screen.getByTestId('join-casefold'));
    await expect.poll(() => flow.report?.matchedLeft).toBe(114);
  });

  it('shows the answer labels of a choice-text export in the mapping editor', async () => {
    const csv = [
      'ResponseId,Q1',
      'Response ID,How satisfied are you with your tools?',
      '{"ImportId":"_recordId"},{"ImportId":"QID1"}',
      'R_1,Extremely satisfied',
      'R_2,Somewhat satisfied',
      'R_3,Somewhat dissatisfied',
      'R_4,Extremely satisfied',
      'R_5,Neither satisfied nor dissatisfied',
    ].join('\n');
    const t = (await engineApi.openFile(new Blob([csv]), 'labels.csv')).table;
    const flow = new AnalysisFlow(inProcess(), new MemoryMappings(), noSources(), 0);
    await flow.start(tableSource(t), null);
    expect(flow.question?.kind).toBe('csat');
    render(QuestionPanel, { flow });
    const rows = within(screen.getByTestId('sentiment-mapping')).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.querySelectorAll('td')[1].textContent)).toEqual([
      'Extremely dissatisfied',
      'Somewhat dissatisfied',
      'Neither satisfied nor dissatisfied',
      'Somewhat satisfied',
      'Extremely satisfied',
    ]);
    expect(screen.queryByTestId('choices-unordered')).toBeNull();
    expect(flow.result?.overall).toMatchObject({ score: { n: 5, positive: 3, negative: 1 } });
  });
});
