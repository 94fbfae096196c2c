// Questions exported as choice text ("Use choice text"): answers read by their labels.
import { describe, expect, it } from 'vitest';
import { describeForAnalysis } from '../../../src/lib/analysis/facts';
import { runAnalysis } from '../../../src/lib/analysis/run';
import { answerKey } from '../../../src/lib/analysis/choice-text';
import { defaultMapping, npsGroupMapping } from '../../../src/lib/score/sentiment';
import { tableFromCsv } from '../../helpers/tables';

const CSV = [
  'ResponseId,Q1,Q2_NPS_GROUP,Q3',
  'Response ID,I am proud to work here,Recommend - Group,Favourite colour',
  '{"ImportId":"_recordId"},{"ImportId":"QID1"},{"ImportId":"QID2_NPS_GROUP"},{"ImportId":"QID3"}',
  'R_1,Strongly agree,Promoter,Blue',
  'R_2,agree ,Promoter,Red',
  'R_3,Neither agree nor disagree,Passive,Green',
  'R_4,Disagree,Detractor,Blue',
  'R_5,Strongly agree,Detractor,Red',
  'R_6,,Promoter,Blue',
  'R_7,Not sure,Passive,Red',
].join('\n');

describe('choice-text questions', () => {
  it('orders known answer scales and reads answers by label', async () => {
    const t = await tableFromCsv(CSV, 'labels.csv');
    const f = describeForAnalysis(t);
    const q1 = f.questions.find((q) => q.name === 'Q1')!;
    // "Not sure" is no agreement word: the order is not recognised, so it is alphabetical.
    expect(q1.choices).toEqual({
      labels: ['agree', 'Disagree', 'Neither agree nor disagree', 'Not sure', 'Strongly agree'],
      ordered: false,
    });
    const group = f.questions.find((q) => q.name === 'Q2_NPS_GROUP')!;
    expect(group).toMatchObject({ isNpsGroup: true, kind: 'nps', scale: { min: 1, max: 3 } });
    expect(group.choices?.labels).toEqual(['Detractor', 'Passive', 'Promoter']);
    expect(f.questions.map((q) => q.name)).toEqual(['Q1', 'Q2_NPS_GROUP', 'Q3']);

    const nps = runAnalysis(t, {
      question: { columns: [group.column], name: 'NPS', mapping: npsGroupMapping() },
      minGroup: 1,
      lowSample: 0,
      breakout: null,
      patterns: [],
      trend: null,
    });
    expect(nps.overall).toMatchObject({ score: { n: 7, positive: 3, neutral: 2, negative: 2 } });
    expect(!nps.overall.suppressed && nps.overall.score.value).toBeCloseTo((100 * 1) / 7, 12);
  });

  it('recognises the agreement scale, with the choices nobody picked kept in place', async () => {
    const t = await tableFromCsv(CSV.replace('Not sure', 'Agree'), 'labels.csv');
    const q1 = describeForAnalysis(t).questions.find((q) => q.name === 'Q1')!;
    expect(q1.choices).toEqual({
      labels: [
        'Strongly disagree',
        'Disagree',
        'Neither agree nor disagree',
        'agree',
        'Strongly agree',
      ],
      ordered: true,
    });
    expect(q1.scale).toEqual({ min: 1, max: 5 });
    const labels = new Map(q1.choices!.labels.map((l, i) => [i + 1, l] as const));
    const mapping = defaultMapping('favorability', q1.scale, labels);
    expect(mapping.values.map((v) => v.sentiment)).toEqual([
      'negative',
      'negative',
      'neutral',
      'positive',
      'positive',
    ]);
    const r = runAnalysis(t, {
      question: { columns: [q1.column], name: 'Q1', mapping },
      minGroup: 1,
      lowSample: 0,
      breakout: null,
      patterns: [],
      trend: null,
    });
    expect(r.overall).toMatchObject({
      score: { n: 6, blank: 1, positive: 4, neutral: 1, negative: 1, mean: 23 / 6 },
    });
    expect(r.distribution?.map((d) => d.count)).toEqual([0, 1, 1, 2, 2]);
  });

  it('compares answers trimmed, case-folded and with single spaces', () => {
    expect(answerKey('  Strongly   Agree ')).toBe('strongly agree');
  });
});
