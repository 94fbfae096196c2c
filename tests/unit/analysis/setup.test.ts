// The Analysis' pure rules: the suggested join, what survives new facts, the request, the default
// and saved mappings, and the overview's items.
import { describe, expect, it } from 'vitest';
import type { AnalysisFacts, QuestionInfo } from '../../../src/lib/analysis/facts';
import {
  analysisRequest,
  averageDrops,
  joinSpec,
  keepSettings,
  mappingFits,
  mappingFor,
  overviewItems,
  questionKey,
  sameScale,
  suggestJoin,
} from '../../../src/lib/analysis/setup';
import type { ColumnMeta, TableInfo } from '../../../src/lib/table/types';

function table(headers: string[], source = 'plain', roles: Record<string, string> = {}): TableInfo {
  return {
    id: 't',
    name: 'x.csv',
    rowCount: 0,
    issues: [],
    format: { source } as TableInfo['format'],
    columns: headers.map(
      (header, index) =>
        ({ index, header, name: header, vivaRole: roles[header] }) as unknown as ColumnMeta,
    ),
  };
}

function question(
  column: number,
  min = 1,
  max = 5,
  extra: Partial<QuestionInfo> = {},
): QuestionInfo {
  return {
    column,
    name: `Q${column}`,
    header: `Q${column}`,
    label: `Question ${column}`,
    importId: `QID${column}`,
    scale: { min, max },
    missingCodes: [],
    kind: 'favorability',
    npsGroup: null,
    isNpsGroup: false,
    answered: 10,
    blank: 0,
    unreadable: 0,
    ...extra,
  };
}

describe('suggestJoin', () => {
  it('joins a survey to a weekly person query on the identifier, averaged, skipping inactive weeks', () => {
    const survey = table(['ResponseId', 'RecipientEmail', 'ExternalReference']);
    const pq = table(
      ['PersonId', 'MetricDate', 'UniqueIdentifier', 'IsActive'],
      'viva-person-query',
      {
        PersonId: 'person-id',
        MetricDate: 'metric-date',
      },
    );
    const j = suggestJoin(survey, pq);
    expect(j).toEqual({
      leftKey: 2,
      rightKey: 2,
      trim: true,
      caseFold: true,
      kind: 'left',
      many: 'exclude',
      averageRight: true,
      inactiveColumn: 3,
    });
    // The average drops the query's own ids and dates, never the join key; its key comes first.
    expect(averageDrops(pq, j)).toEqual([0, 1]);
    expect(joinSpec(j).rightKey).toBe(0);
    expect(joinSpec({ ...j, averageRight: false }).rightKey).toBe(2);
  });

  it('falls back to an email column, then the first column', () => {
    expect(suggestJoin(table(['id', 'Work Email']), table(['email'])).leftKey).toBe(1);
    expect(suggestJoin(table(['a', 'b']), table(['c'])).leftKey).toBe(0);
  });
});

describe('settings and request', () => {
  const facts: AnalysisFacts = {
    rowCount: 10,
    questions: [question(3), question(4)],
    metrics: [{ column: 7, name: 'After_hours_collaboration_hours', count: 10 }],
    groupings: [{ column: 5, name: 'Dept', type: 'text', distinct: 3 }],
    dates: [{ column: 1, name: 'EndDate' }],
    issues: [],
  };

  it('defaults to the first question, an after-hours metric and a monthly trend', () => {
    expect(keepSettings(null, facts)).toEqual({
      columns: [3],
      categoryName: 'Category',
      minGroup: 5,
      lowSample: 30,
      breakout: null,
      patterns: [7],
      trend: { column: 1, unit: 'month', weekStart: 1 },
      loops: 'pooled',
      responses: { includeTests: false, keepUnfinished: true },
    });
  });

  it('keeps the response choice across new facts and sends it with the request', () => {
    const old = {
      ...keepSettings(null, facts),
      responses: { includeTests: true, keepUnfinished: false },
    };
    const kept = keepSettings(old, facts);
    expect(kept.responses).toEqual({ includeTests: true, keepUnfinished: false });
    const q = facts.questions[0];
    const req = analysisRequest(kept, mappingFor(q, q.kind), [q]);
    expect(req?.responses).toEqual({ includeTests: true, keepUnfinished: false });
    // Settings kept before the choice existed take the defaults.
    const { responses: _gone, ...before } = old;
    expect(keepSettings(before as typeof old, facts).responses).toEqual({
      includeTests: false,
      keepUnfinished: true,
    });
  });

  it('keeps the choices that still exist in new facts', () => {
    const old = {
      ...keepSettings(null, facts),
      columns: [4, 9],
      minGroup: 10,
      breakout: { column: 99, bins: 4 },
    };
    const kept = keepSettings(old, facts);
    expect(kept.columns).toEqual([4]);
    expect(kept.minGroup).toBe(10);
    expect(kept.breakout).toBeNull();
  });

  it('builds the request: a category is named, sizes are whole and at least 1', () => {
    const s = { ...keepSettings(null, facts), minGroup: 0.5, lowSample: -3, categoryName: '' };
    const m = mappingFor(question(3), 'favorability')!;
    const req = analysisRequest(s, m, [question(3), question(4)])!;
    expect(req.question).toEqual({ columns: [3, 4], name: 'Category', mapping: m });
    expect(req.minGroup).toBe(1);
    expect(req.lowSample).toBe(0);
    expect(analysisRequest(s, null, [question(3)])).toBeNull();
    // A split trend needs a breakout.
    const split = {
      ...s,
      trend: { column: 1, unit: 'month' as const, weekStart: 1 as const, split: true },
    };
    expect(analysisRequest(split, m, [question(3)])?.trend?.split).toBe(false);
  });
});

describe('mappings', () => {
  it('keys a question by ImportId, else by header', () => {
    expect(questionKey(question(1))).toBe('importId:QID1');
    expect(questionKey({ header: 'Q9' })).toBe('header:Q9');
  });

  it('lists negative recodes as excluded, and refuses NPS on a 1–5 item', () => {
    const m = mappingFor(question(1, 1, 5, { missingCodes: [-99] }), 'favorability')!;
    expect(m.values[0]).toEqual({ value: -99, sentiment: 'excluded' });
    expect(mappingFor(question(1), 'nps')).toBeNull();
  });

  it('a saved mapping fits only the same scale, end to end', () => {
    const m = mappingFor(question(1), 'favorability')!;
    expect(mappingFits(m, question(1))).toBe(true);
    expect(mappingFits(m, question(1, 1, 7))).toBe(false);
    expect(sameScale(question(1), question(2))).toBe(true);
    expect(sameScale(question(1), question(2, 0, 10))).toBe(false);
  });

  it('reads each overview question with the mapping on screen, its saved one, else its default', () => {
    const qs = [question(1), question(2), question(3), question(4, 1, 3, { isNpsGroup: true })];
    const onScreen = { ...mappingFor(question(1), 'favorability')!, headline: 'mean' as const };
    const saved = {
      ...mappingFor(question(2), 'favorability')!,
      headline: 'percent-positive' as const,
    };
    const items = overviewItems(qs, { column: 1, mapping: onScreen }, { 'importId:QID2': saved });
    // A group column offered alone (its score not exported) is the NPS question: listed too.
    expect(items.map((i) => i.column)).toEqual([1, 2, 3, 4]);
    expect(items[0].mapping).toBe(onScreen);
    expect(items[1].mapping).toBe(saved);
    expect(items[2].mapping).toEqual(mappingFor(question(3), 'favorability'));
    expect(items[3].mapping).toMatchObject({ kind: 'nps', headline: 'nps' });
  });
});
