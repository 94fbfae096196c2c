/// <reference types="node" />
// The Analysis on the NPS + loop & merge fixture: the group column folded into its NPS
// question (with the mismatch count and issues), the group alone offered as the NPS question,
// loop iterations pooled or one by one, with hand-counted scores.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  describeForAnalysis,
  questionsInView,
  type AnalysisFacts,
  type QuestionInfo,
} from '../../../src/lib/analysis/facts';
import { runAnalysis, runOverview } from '../../../src/lib/analysis/run';
import {
  analysisRequest,
  keepSettings,
  mappingFor,
  overviewItems,
} from '../../../src/lib/analysis/setup';
import type { GroupResult, Score } from '../../../src/lib/score/types';
import type { Table } from '../../../src/lib/table/types';
import { tableFromCsv } from '../../helpers/tables';

const FIX = join(import.meta.dirname, '..', '..', 'fixtures', 'qualtrics-variants');
const shown = (g: GroupResult): Score => {
  if (g.suppressed) throw new Error(`${g.key} is hidden`);
  return g.score;
};

let t: Table;
let f: AnalysisFacts;
const q = (name: string, pooled = false): QuestionInfo => {
  const x = f.questions.find((y) => y.name === name && (y.columns !== undefined) === pooled);
  if (!x) throw new Error(`no ${name}`);
  return x;
};
const score = (
  qs: QuestionInfo[],
  extra: Partial<Parameters<typeof analysisRequest>[0] & object> = {},
) => {
  const s = { ...keepSettings(null, f), minGroup: 1, lowSample: 0, ...extra };
  const req = analysisRequest(s, mappingFor(qs[0], qs[0].kind), qs)!;
  return runAnalysis(t, req);
};

beforeAll(async () => {
  t = await tableFromCsv(readFileSync(join(FIX, 'nps-loop-current.csv'), 'utf8'));
  f = describeForAnalysis(t);
});

describe('NPS in the question list', () => {
  it('folds each paired group column into its score question, with the mismatch count', () => {
    const names = f.questions.map((x) => `${x.name}${x.columns ? ' (pooled)' : ''}`);
    expect(names).toEqual([
      'Q1',
      'Q3 (pooled)',
      '1_Q3',
      '2_Q3',
      '3_Q3',
      'Q4 (pooled)',
      '1_Q4',
      '2_Q4',
      'Q5',
      'Q6_NPS_GROUP',
    ]);
    expect(q('Q5')).toMatchObject({ kind: 'nps', scale: { min: 0, max: 10 }, npsMismatches: 1 });
    expect(q('1_Q4')).toMatchObject({ kind: 'nps', npsMismatches: 1 });
    expect(q('2_Q4')).toMatchObject({ kind: 'nps', npsMismatches: 0 });
    expect(q('Q4', true)).toMatchObject({
      kind: 'nps',
      npsMismatches: 1,
      scale: { min: 0, max: 10 },
    });
  });

  it('reports every mismatch as an issue with its file row', () => {
    expect(f.issues.map((i) => [i.row, i.column, i.code])).toEqual([
      [7, '1_Q4_NPS_GROUP', 'nps-mismatch'],
      [5, 'Q5_NPS_GROUP', 'nps-mismatch'],
    ]);
  });

  it('offers a group column without its score as the NPS question, scored from the groups', () => {
    const g = q('Q6_NPS_GROUP');
    expect(g).toMatchObject({ isNpsGroup: true, kind: 'nps', npsGroup: null });
    const s = shown(score([g]).overall);
    // Groups 3, 1, 2, 3, (blank), 1: 2 promoters, 2 detractors of 5.
    expect([s.n, s.positive, s.negative, s.value]).toEqual([5, 2, 2, 0]);
  });
});

describe('loop & merge: pooled or per iteration', () => {
  it('lists the pooled question or its iterations, by mode', () => {
    const pooled = questionsInView(f, 'pooled').map((x) => x.name);
    const each = questionsInView(f, 'per-iteration').map((x) => x.name);
    expect(pooled).toEqual(['Q1', 'Q3', 'Q4', 'Q5', 'Q6_NPS_GROUP']);
    expect(each).toEqual(['Q1', '1_Q3', '2_Q3', '3_Q3', '1_Q4', '2_Q4', 'Q5', 'Q6_NPS_GROUP']);
    expect(q('Q3', true)).toMatchObject({
      importId: 'QID3',
      loop: { base: 'QID3', iterations: ['1', '2', '3'] },
      answered: 11,
      scale: { min: 1, max: 5 },
    });
  });

  it('pooled: every answered iteration counts once (11 answers of 5 people)', () => {
    const r = score([q('Q3', true)]);
    const s = shown(r.overall);
    // Answers 5,4 | 2 | 4,5,3 | 1,2 | – | 5,5,5: 7 favorable, 1 neutral, 3 unfavorable.
    expect([s.n, s.positive, s.neutral, s.negative]).toEqual([11, 7, 1, 3]);
    expect(s.value).toBeCloseTo((7 / 11) * 100, 12);
    expect(s.mean).toBeCloseTo(41 / 11, 12);
    expect(r.items).toBe(1);
    expect(r.iterations).toBe(3);
    expect(r.distribution?.map((d) => d.count)).toEqual([1, 2, 1, 2, 5]);
  });

  it('pooled: a breakout counts each person once per iteration answered', () => {
    const dept = f.groupings.find((g) => g.name === 'Dept')!.column;
    const r = score([q('Q3', true)], { breakout: { column: dept, bins: 4 } });
    const groups = Object.fromEntries(r.breakout!.groups.map((g) => [g.key, shown(g)]));
    // Ops: 4,5,3 | 1,2 → 2 of 5 favorable; Sales: 5,4 | 2 | 5,5,5 → 5 of 6.
    expect([groups.Ops.n, groups.Ops.positive]).toEqual([5, 2]);
    expect([groups.Sales.n, groups.Sales.positive]).toEqual([6, 5]);
  });

  it('pooled: a trend by month counts answers in their response month', () => {
    const end = f.dates.find((d) => d.name === 'EndDate')!.column;
    const r = score([q('Q3', true)], { trend: { column: end, unit: 'month', weekStart: 1 } });
    const pts = r.trend!.points.map((p) => [p.period, p.suppressed ? null : p.score.n]);
    // March: R_1–R_3 (6 answers); April: R_4–R_6 (5 answers).
    expect(pts).toEqual([
      ['2026-03', 6],
      ['2026-04', 5],
    ]);
  });

  it('pooled NPS over iterations: 4 promoters, 3 detractors of 9 answers', () => {
    const s = shown(score([q('Q4', true)]).overall);
    expect([s.n, s.positive, s.neutral, s.negative]).toEqual([9, 4, 2, 3]);
    expect(s.value).toBeCloseTo(((4 - 3) / 9) * 100, 12);
  });

  it('per iteration: one overview row per iteration with its own score', () => {
    const view = questionsInView(f, 'per-iteration').filter((x) => x.loop?.base === 'QID3');
    const rows = runOverview(t, overviewItems(view, null, {}), 1, 0);
    expect(rows.map((r) => [r.name, shown(r.result).n, shown(r.result).positive])).toEqual([
      ['1_Q3', 5, 3],
      ['2_Q3', 4, 3],
      ['3_Q3', 2, 1],
    ]);
    const pooled = runOverview(t, overviewItems([q('Q3', true)], null, {}), 1, 0);
    expect([pooled[0].name, shown(pooled[0].result).n]).toEqual(['Q3', 11]);
  });

  it('keeps the loop mode in the settings, and picks questions of that mode', () => {
    const s = keepSettings(null, f);
    expect(s.loops).toBe('pooled');
    const each = keepSettings({ ...s, loops: 'per-iteration', columns: [q('2_Q3').column] }, f);
    expect(each).toMatchObject({ loops: 'per-iteration', columns: [q('2_Q3').column] });
    // 2_Q3 is not offered pooled: back to the first question.
    const back = keepSettings({ ...each, loops: 'pooled' }, f);
    expect(back.columns).toEqual([q('Q1').column]);
  });
});
