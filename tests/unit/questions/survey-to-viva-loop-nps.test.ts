/// <reference types="node" />
// Survey → Viva on the NPS + loop & merge fixture: a loop question pooled (each person's mean
// over the iterations they answered) or one column per iteration, the choice saved with the
// recipe, and NPS scores whose group column disagrees reported in the validation report.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeSurvey, type SurveyFacts } from '../../../src/lib/recipe/survey-columns';
import {
  newSurveyRecipe,
  runSurveyToViva,
  withNewQuestions,
} from '../../../src/lib/recipe/survey-to-viva';
import { refKey, type SurveyToVivaRecipe } from '../../../src/lib/recipe/types';
import { migrateRecipe } from '../../../src/lib/recipe/validate';
import type { Table } from '../../../src/lib/table/types';
import { tableFromCsv } from '../../helpers/tables';

const FIX = join(import.meta.dirname, '..', '..', 'fixtures', 'qualtrics-variants');
let t: Table;
let facts: SurveyFacts;

beforeAll(async () => {
  t = await tableFromCsv(readFileSync(join(FIX, 'nps-loop-current.csv'), 'utf8'), 'loop.csv');
  facts = describeSurvey(t);
});

const recipeWith = (
  exports: Record<string, string>,
  extra: Partial<SurveyToVivaRecipe> = {},
): SurveyToVivaRecipe => {
  const r = newSurveyRecipe(facts, 'r1', '2026-05-01T00:00:00Z');
  return {
    ...r,
    ...extra,
    questions: r.questions.map((q) =>
      exports[refKey(q.ref)] ? { ...q, exportAs: exports[refKey(q.ref)] } : q,
    ),
  };
};
/** Output rows as PersonId → the named column's value. */
const column = (out: ReturnType<typeof runSurveyToViva>, name: string) => {
  const i = out.header.indexOf(name);
  return Object.fromEntries(out.rows.map((r) => [r[0], r[i]]));
};

describe('survey → Viva: loop & merge questions', () => {
  it('offers each loop pooled over its iterations, referenced by its base', () => {
    expect(facts.loops?.map((l) => [l.key, l.name, l.columns.length, l.scale])).toEqual([
      ['loop:id:QID3', 'Q3', 3, { min: 1, max: 5, missingCodes: [], source: 'data' }],
      ['loop:id:QID4', 'Q4', 2, { min: 0, max: 10, missingCodes: [], source: 'data' }],
    ]);
    const keys = newSurveyRecipe(facts, 'r', 'now').questions.map((q) => refKey(q.ref));
    expect(keys).toEqual(expect.arrayContaining(['loop:id:QID3', 'id:1_QID3', 'id:3_QID3']));
  });

  it('pooled: each person scores the mean of the iterations they answered', () => {
    const out = runSurveyToViva(recipeWith({ 'loop:id:QID3': 'Rating' }), t, facts);
    expect(column(out, 'Rating')).toEqual({
      'a@example.com': '4.5',
      'b@example.com': '2',
      'c@example.com': '4',
      'd@example.com': '1.5',
      'e@example.com': '',
      'f@example.com': '5',
    });
  });

  it('per iteration: one column per iteration', () => {
    const out = runSurveyToViva(
      recipeWith(
        { 'id:1_QID3': 'RatingA', 'id:2_QID3': 'RatingB', 'id:3_QID3': 'RatingC' },
        { loops: 'per-iteration' },
      ),
      t,
      facts,
    );
    expect(out.header.slice(2)).toEqual(['RatingA', 'RatingB', 'RatingC']);
    expect(out.rows.find((r) => r[0] === 'c@example.com')!.slice(2)).toEqual(['4', '5', '3']);
    expect(out.rows.find((r) => r[0] === 'a@example.com')!.slice(2)).toEqual(['5', '4', '']);
  });

  it('a pooled question in a category counts once, as one item', () => {
    const r = recipeWith({});
    const out = runSurveyToViva(
      {
        ...r,
        categories: [{ name: 'Index', questions: ['id:QID1', 'loop:id:QID3'], minAnswered: 1 }],
      },
      t,
      facts,
    );
    // a: mean(5, 4.5); d: mean(2, 1.5); e: Q1 only.
    expect(column(out, 'Index')).toMatchObject({
      'a@example.com': '4.75',
      'd@example.com': '1.75',
      'e@example.com': '5',
    });
  });

  it('a saved recipe keeps the choice and finds the loop in a later wave by its base', () => {
    const saved = migrateRecipe(
      JSON.parse(
        JSON.stringify(recipeWith({ 'loop:id:QID3': 'Rating' }, { loops: 'per-iteration' })),
      ),
    ) as SurveyToVivaRecipe;
    expect(saved.loops).toBe('per-iteration');
    expect(saved.questions.find((q) => q.ref.loop)?.ref).toEqual({
      tag: 'Q3',
      importId: 'QID3',
      label: 'Brand A - How would you rate this brand?',
      loop: true,
    });
    const again = withNewQuestions(saved, facts);
    expect(again.questions).toHaveLength(saved.questions.length);
    expect(column(runSurveyToViva(again, t, facts), 'Rating')['d@example.com']).toBe('1.5');
  });
});

describe('survey → Viva: NPS', () => {
  it('never offers a group column; the score column carries the mismatch count', () => {
    const byName = Object.fromEntries(facts.columns.map((c) => [c.name, c]));
    expect(byName.Q5_NPS_GROUP.kind).toBe('other');
    expect(byName.Q6_NPS_GROUP.kind).toBe('other');
    expect(byName.Q5.npsMismatches).toBe(1);
    expect(byName['1_Q4'].npsMismatches).toBe(1);
    expect(byName['2_Q4'].npsMismatches).toBe(0);
    expect(facts.loops?.find((l) => l.name === 'Q4')?.npsMismatches).toBe(1);
  });

  it('reports each disagreeing row of a scored NPS question in the validation report', () => {
    const out = runSurveyToViva(
      recipeWith({ 'id:QID5': 'NPS', 'loop:id:QID4': 'BrandNPS' }),
      t,
      facts,
    );
    const nps = out.problems.filter((p) => p.code === 'nps-mismatch');
    expect(nps.map((p) => [p.row, p.column, p.severity])).toEqual([
      [5, 'Q5_NPS_GROUP', 'warning'],
      [7, '1_Q4_NPS_GROUP', 'warning'],
    ]);
    expect(column(out, 'BrandNPS')['a@example.com']).toBe('8.5');
  });
});
