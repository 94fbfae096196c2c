/// <reference types="node" />
// Response status through both scoring flows: the fixtures hold one response of each Status
// (numeric and choice-text exports, and a legacy one) plus an unfinished response exported in
// progress. Survey → Viva and the Analysis leave out previews, tests and spam by default, say
// so, and run everything (people, the latest response per person, scores, breakouts, trends)
// over the kept rows only.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisRequest } from '../../../src/lib/analysis/run';
import { runAnalysis, runOverview } from '../../../src/lib/analysis/run';
import { describeForAnalysis } from '../../../src/lib/analysis/facts';
import type { ResponseFilter } from '../../../src/lib/qualtrics-format/status';
import { countResponses, keptResponses } from '../../../src/lib/recipe/responses';
import { describeSurvey } from '../../../src/lib/recipe/survey-columns';
import { newSurveyRecipe, runSurveyToViva } from '../../../src/lib/recipe/survey-to-viva';
import type { SurveyToVivaRecipe } from '../../../src/lib/recipe/types';
import { mappingFor } from '../../../src/lib/analysis/setup';
import type { GroupResult } from '../../../src/lib/score/types';
import type { Table } from '../../../src/lib/table/types';
import { tableFromCsv } from '../../helpers/tables';

const DIR = join(import.meta.dirname, '..', '..', 'fixtures', 'qualtrics-variants');
const fixture = (f: string) => tableFromCsv(readFileSync(join(DIR, f), 'utf8'), f);

const INCLUDE: ResponseFilter = { includeTests: true, keepUnfinished: true };
const FINISHED_ONLY: ResponseFilter = { includeTests: false, keepUnfinished: false };

/** Status, count and unfinished count of each line of the counts, in order. */
const lines = (t: Table) =>
  countResponses(t).statuses.map((s) => [s.label, s.class, s.count, s.unfinished]);

const EXPECTED_LINES = (unknown: string) => [
  ['IP Address', 'real', 2, 1],
  ['Survey Preview', 'preview', 1, 0],
  ['Survey Test', 'test', 1, 0],
  ['Imported', 'imported', 1, 0],
  ['Spam', 'spam', 1, 0],
  ['Survey Preview Spam', 'preview', 1, 0],
  ['Imported Spam', 'spam', 1, 0],
  ['Offline', 'offline', 1, 0],
  ['Offline Survey Preview', 'preview', 1, 0],
  ['EX', 'ex', 1, 0],
  ['EX Spam', 'spam', 1, 0],
  ['EX Offline', 'offline', 1, 0],
  [unknown, 'unknown', 1, 0],
];

let numeric: Table;
let text: Table;
let legacy: Table;

beforeAll(async () => {
  numeric = await fixture('status-numeric.csv');
  text = await fixture('status-text.csv');
  legacy = await fixture('status-legacy.csv');
});

describe('counting responses by status', () => {
  it('counts a numeric export by code, in code order, with the unfinished one', () => {
    expect(numeric.columns[2].type).toBe('number');
    expect(lines(numeric)).toEqual(EXPECTED_LINES('Status 256'));
    const c = countResponses(numeric);
    expect(c).toMatchObject({ total: 14, hasStatus: true, hasFinished: true, unfinished: 1 });
  });

  it('counts a choice-text export the same way (True/False, labels)', () => {
    expect(lines(text)).toEqual(EXPECTED_LINES('Synthetic'));
    expect(countResponses(text).unfinished).toBe(1);
  });

  it('finds a legacy export’s Status and Finished by their label (V7, V10)', () => {
    expect(lines(legacy)).toEqual([
      ['IP Address', 'real', 2, 1],
      ['Survey Preview', 'preview', 1, 0],
    ]);
  });

  it('ignores a "Status" column that is not Qualtrics metadata', async () => {
    const hr = await tableFromCsv('Email,Status\na@x.com,Survey Preview\nb@x.com,0\n');
    const c = countResponses(hr);
    expect(c.hasStatus).toBe(false);
    expect(keptResponses(hr, { includeTests: false, keepUnfinished: false }).table).toBe(hr);
  });

  it('reads an unfinished response from its FS_ id when Finished is blank', async () => {
    const csv = readFileSync(join(DIR, 'status-numeric.csv'), 'utf8').replace(
      /,40,180,0,,FS_/,
      ',40,180,,,FS_',
    );
    expect(csv).toContain(',40,180,,,FS_');
    expect(countResponses(await tableFromCsv(csv)).unfinished).toBe(1);
  });

  it('keeps the table itself when nothing is left out', () => {
    const kept = keptResponses(numeric, INCLUDE);
    expect(kept.table).toBe(numeric);
    expect(kept.rowOf).toBeNull();
    expect(kept.summary).toBeNull();
  });
});

/** A recipe exporting Q1 on its own; scale 1–4 so that 5s warn (row numbers are checked). */
function recipeFor(t: Table, responses?: ResponseFilter): SurveyToVivaRecipe {
  const facts = describeSurvey(t);
  const r = newSurveyRecipe(facts, 'r1', '2026-04-01T00:00:00.000Z');
  const q1 = facts.columns.find((c) => c.ref.tag === 'Q1')!;
  const questions = [
    { ref: q1.ref, min: 1, max: 4, reverse: false, missingCodes: [], exportAs: 'Proud' },
  ];
  const out: SurveyToVivaRecipe = { ...r, questions, effectiveDate: { kind: 'month-start' } };
  if (responses) out.responses = responses;
  else delete out.responses;
  return out;
}

const personIds = (rows: string[][]) => rows.map((r) => r[0]).sort();

describe('survey → Viva over the kept responses', () => {
  it('leaves out previews, tests and spam by default (a recipe saved before the choice too)', () => {
    const t = numeric;
    const out = runSurveyToViva(recipeFor(t), t, describeSurvey(t));
    expect(personIds(out.rows)).toEqual(
      ['ann', 'ella', 'eve', 'fred', 'ian', 'olga', 'uma'].map((p) => `${p}@contoso.com`),
    );
    expect(out.stats.responses).toBe(7);
    expect(out.stats.used).toEqual({
      total: 14,
      kept: 7,
      leftOut: { preview: 3, test: 1, spam: 3, unfinished: 0 },
      summary: 'Left out 3 preview, 1 test and 3 spam responses.',
    });
    const note = out.problems.find((p) => p.rule === 'responses-left-out');
    expect(note?.message).toMatch(
      /^Left out 3 preview, 1 test and 3 spam responses\. Survey previews/,
    );
    // ann's real answer (2), not her later preview (5): the latest rule runs over kept rows.
    expect(out.rows.find((r) => r[0] === 'ann@contoso.com')?.[2]).toBe('2');
    // Warnings name the row of the file: olga (file row 11) and ella (file row 15) answered 5.
    const rows = out.problems.filter((p) => p.rule === 'out-of-range').map((p) => p.row);
    expect(rows).toEqual([11, 15]);
  });

  it('includes every response in one choice: ann’s later preview wins then', () => {
    const t = numeric;
    const out = runSurveyToViva(recipeFor(t, INCLUDE), t, describeSurvey(t));
    expect(out.rows).toHaveLength(13);
    expect(out.rows.find((r) => r[0] === 'ann@contoso.com')?.[2]).toBe('');
    expect(out.stats.used.summary).toBeNull();
    expect(out.problems.some((p) => p.rule === 'responses-left-out')).toBe(false);
  });

  it('leaves out the unfinished response when asked', () => {
    const t = numeric;
    const out = runSurveyToViva(recipeFor(t, FINISHED_ONLY), t, describeSurvey(t));
    expect(personIds(out.rows)).not.toContain('fred@contoso.com');
    expect(out.rows).toHaveLength(6);
    expect(out.stats.used.summary).toBe(
      'Left out 3 preview, 1 test, 3 spam and 1 unfinished responses.',
    );
    expect(out.problems.find((p) => p.rule === 'responses-left-out')?.message).toContain(
      'Unfinished responses are left out as you chose.',
    );
  });

  it('does the same with a choice-text export', () => {
    const t = text;
    const out = runSurveyToViva(recipeFor(t), t, describeSurvey(t));
    expect(out.rows).toHaveLength(7);
    expect(out.stats.used.leftOut).toEqual({ preview: 3, test: 1, spam: 3, unfinished: 0 });
    const unfinished = runSurveyToViva(recipeFor(t, FINISHED_ONLY), t, describeSurvey(t));
    expect(unfinished.rows).toHaveLength(6);
  });

  it('and with a legacy export (ann’s preview left out)', () => {
    const t = legacy;
    const facts = describeSurvey(t);
    const r = { ...newSurveyRecipe(facts, 'r', '2026-01-01T00:00:00.000Z') };
    const out = runSurveyToViva(
      { ...r, questions: r.questions.map((q) => ({ ...q, exportAs: 'Proud' })) },
      t,
      facts,
    );
    expect(out.stats.used.summary).toBe('Left out 1 preview response.');
    expect(out.rows.map((row) => [row[0], row[2]])).toEqual([
      ['ann@contoso.com', '4'],
      ['bob@contoso.com', '2'],
    ]);
  });
});

const nOf = (g: GroupResult) => (g.suppressed ? -1 : g.score.n);

function request(t: Table, responses?: ResponseFilter): AnalysisRequest {
  const f = describeForAnalysis(t);
  const q = f.questions.find((x) => x.header === 'Q1')!;
  const dept = t.columns.findIndex((c) => c.header === 'Department');
  const end = t.columns.findIndex((c) => c.header === 'EndDate');
  const req: AnalysisRequest = {
    question: {
      columns: [q.column],
      name: 'Q1',
      mapping: mappingFor(q, 'favorability')!,
    },
    minGroup: 1,
    lowSample: 0,
    breakout: { column: dept, bins: 4 },
    patterns: [],
    trend: { column: end, unit: 'month', weekStart: 1 },
  };
  if (responses) req.responses = responses;
  return req;
}

describe('the Analysis over the kept responses', () => {
  it.each([
    ['numeric', () => numeric],
    ['choice-text', () => text],
  ])('scores, breaks out and trends the kept rows of a %s export', (_, get) => {
    const t = get();
    const r = runAnalysis(t, request(t));
    expect(nOf(r.overall)).toBe(7);
    expect(r.breakout?.groups.map((g) => [g.key, nOf(g)])).toEqual([
      ['IT', 5],
      ['Sales', 2],
    ]);
    expect(r.trend?.points.map((p) => (p.suppressed ? -1 : p.score.n))).toEqual([7]);
    expect(r.responses).toEqual({
      total: 14,
      kept: 7,
      leftOut: { preview: 3, test: 1, spam: 3, unfinished: 0 },
      summary: 'Left out 3 preview, 1 test and 3 spam responses.',
    });
    // Kept: 2, 4, 5, 4, 5, 3, 1 → 4 of 7 agree.
    expect(r.overall.suppressed ? null : r.overall.score.positive).toBe(4);

    const all = runAnalysis(t, request(t, INCLUDE));
    expect(nOf(all.overall)).toBe(14);
    expect(all.responses.summary).toBeNull();
    const done = runAnalysis(t, request(t, FINISHED_ONLY));
    expect(nOf(done.overall)).toBe(6);
    expect(done.responses.leftOut.unfinished).toBe(1);
  });

  it('scores the overview over the same responses', () => {
    const req = request(numeric);
    const item = {
      column: req.question.columns[0],
      name: 'Q1',
      label: '',
      mapping: req.question.mapping,
    };
    const n = (f?: ResponseFilter) => nOf(runOverview(numeric, [item], 1, 0, f)[0].result);
    expect(n()).toBe(7);
    expect(n(INCLUDE)).toBe(14);
    expect(n(FINISHED_ONLY)).toBe(6);
  });
});
