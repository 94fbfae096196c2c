/// <reference types="node" />
// The Analysis pipeline on the bundled samples, through the worker API as the page calls it,
// against the independent Python oracle (tests/fixtures/analysis/make_expected.py).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { engineApi } from '../../../workers/engine-api';
import type { AnalysisFacts } from '../../../src/lib/analysis/facts';
import type { AnalysisRequest } from '../../../src/lib/analysis/run';
import {
  groupTable,
  overviewTable,
  patternTable,
  trendTable,
} from '../../../src/lib/analysis/present';
import { defaultMapping } from '../../../src/lib/score/sentiment';
import type { GroupResult, Score } from '../../../src/lib/score/types';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const sample = (f: string) => new Blob([readFileSync(join(ROOT, 'public', 'samples', f))]);
const expected = JSON.parse(
  readFileSync(join(ROOT, 'tests', 'fixtures', 'analysis', 'expected.json'), 'utf8'),
);

const close = (a: number, b: number) => expect(a).toBeCloseTo(b, 9);
const closeAll = (a: number[], b: number[]) => a.forEach((v, i) => close(v, b[i]));
const shown = (g: GroupResult): Score => {
  if (g.suppressed) throw new Error(`${g.key} is hidden`);
  return g.score;
};

let tableId = '';
let groupColumn = -1;
let facts: AnalysisFacts;
const col = (name: string) => {
  const q = facts.questions.find((x) => x.name === name);
  if (q) return q.column;
  const m =
    facts.metrics.find((x) => x.name === name) ??
    facts.groupings.find((x) => x.name === name) ??
    facts.dates.find((x) => x.name === name);
  if (!m) throw new Error(`no ${name}`);
  return m.column;
};
const request = (over: Partial<AnalysisRequest> = {}): AnalysisRequest => ({
  question: {
    columns: [col('Q1_1')],
    name: 'Q1_1',
    mapping: defaultMapping('favorability', { min: 1, max: 5 }),
  },
  minGroup: 5,
  lowSample: 30,
  breakout: null,
  patterns: [],
  trend: null,
  ...over,
});

beforeAll(async () => {
  const survey = await engineApi.openFile(sample('qualtrics-pulse-q2-2026.csv'), 'pulse.csv');
  const pq = await engineApi.openFile(sample('viva-person-query-surveys.zip'), 'pq.zip');
  const cols = pq.table.columns;
  const avg = engineApi.averagePerKey(
    pq.table.id,
    cols.findIndex((c) => c.header === 'UniqueIdentifier'),
    { trim: true, caseFold: true },
    { drop: [0, 1], inactiveColumn: cols.findIndex((c) => c.header === 'IsActive') },
  );
  expect(avg.table.rowCount).toBe(expected.join.rightPeople);
  const joined = engineApi.joinTables(survey.table.id, avg.table.id, {
    leftKey: survey.table.columns.findIndex((c) => c.header === 'ExternalReference'),
    rightKey: 0,
    trim: true,
    caseFold: true,
    kind: 'left',
    many: 'exclude',
  });
  expect(joined.report).toMatchObject({
    leftRows: expected.join.leftRows,
    matchedLeft: expected.join.matchedLeft,
    blankLeft: expected.join.blankLeft,
    onlyRight: expected.join.onlyRight,
    cardinality: 'one-to-one',
  });
  tableId = joined.table.id;
  groupColumn = joined.table.columns.findIndex((c) => c.name === 'Q2_NPS_GROUP');
  facts = engineApi.describeForAnalysis(tableId);
});

describe('analysis of the sample pulse survey joined with the person query', () => {
  it('finds the questions with their scales and kinds, the NPS pair, metrics and dates', () => {
    const q = Object.fromEntries(facts.questions.map((x) => [x.name, x]));
    expect(q.Q1_1).toMatchObject({ kind: 'favorability', scale: { min: 1, max: 5 } });
    expect(q.Q2).toMatchObject({
      kind: 'nps',
      scale: { min: 0, max: 10 },
      npsGroup: groupColumn,
      npsMismatches: 0,
    });
    // The group column is part of the NPS question, not a question of its own.
    expect(q.Q2_NPS_GROUP).toBeUndefined();
    expect(facts.issues).toEqual([]);
    expect(q.Q3).toMatchObject({ kind: 'csat', scale: { min: 1, max: 5 } });
    expect(q.Q4).toMatchObject({ kind: 'ces', scale: { min: 1, max: 7 } });
    expect(facts.metrics.map((m) => m.name)).toContain('After_hours_collaboration_hours');
    expect(facts.groupings.map((g) => g.name)).toEqual(
      expect.arrayContaining(['Department', 'Organization', 'After_hours_collaboration_hours']),
    );
    expect(facts.groupings.map((g) => g.name)).not.toContain('RecipientEmail');
    expect(facts.dates[0].name).toBe('EndDate');
  });

  it('scores % favorable with its Wilson interval and the mean with its t interval', () => {
    const r = engineApi.runAnalysis(tableId, request());
    const s = shown(r.overall);
    const e = expected.q1_1;
    expect([s.n, s.positive, s.neutral, s.negative]).toEqual([
      e.n,
      e.positive,
      e.neutral,
      e.negative,
    ]);
    close(s.value, e.pctPositive);
    closeAll([s.interval!.low, s.interval!.high], e.positiveInterval);
    close(s.mean, e.mean);
    closeAll([s.meanInterval!.low, s.meanInterval!.high], e.meanInterval);
    expect(r.distribution?.map((d) => d.count).reduce((a, b) => a + b)).toBe(e.n);
  });

  it('breaks out by Department and hides Legal (3 people) and the blank group entirely', () => {
    const r = engineApi.runAnalysis(
      tableId,
      request({ breakout: { column: col('Department'), bins: 4 } }),
    );
    const groups = r.breakout!.groups;
    expect(groups.map((g) => g.key)).toEqual(
      Object.keys(expected.departments).sort((a, b) => {
        if (a === '(no value)') return 1;
        if (b === '(no value)') return -1;
        return a.localeCompare(b, 'en');
      }),
    );
    for (const g of groups) {
      const e = expected.departments[g.key];
      if (e === null) {
        expect(g).toEqual({ key: g.key, suppressed: true });
        continue;
      }
      const s = shown(g);
      expect(s.n).toBe(e.n);
      close(s.value, e.pctPositive);
      closeAll([s.interval!.low, s.interval!.high], e.positiveInterval);
    }
    // The table and its CSV say "Fewer than 5 responses" and carry no number for Legal.
    const table = groupTable(groups, 'Department', 'favorability', 'percent-positive', 5);
    const legal = table.rows.find((row) => row[0] === 'Legal')!;
    expect(legal).toEqual(['Legal', 'Fewer than 5 responses', '', '', '', '', '', '', '', '', '']);
  });

  it('breaks out by after-hours quartile (type-7 edges over the respondents who have it)', () => {
    const r = engineApi.runAnalysis(
      tableId,
      request({ breakout: { column: col('After_hours_collaboration_hours'), bins: 4 } }),
    );
    const b = r.breakout!;
    expect(b.type).toBe('metric');
    const e = expected.afterHoursQuartiles;
    const short = (v: number) => String(Number(v.toFixed(2)));
    expect(b.groups.map((g) => g.key)).toEqual(
      [0, 1, 2, 3].map((i) => `Q${i + 1} (${short(e.edges[i])}–${short(e.edges[i + 1])})`),
    );
    b.groups.forEach((g, i) => {
      const s = shown(g);
      expect(s.n).toBe(e.groups[String(i)].n);
      close(s.value, e.groups[String(i)].pctPositive);
    });
    expect(b.notes).toEqual(['4 row(s) have no After_hours_collaboration_hours and are left out.']);
  });

  it('compares after-hours collaboration between favorable, neutral and unfavorable respondents', () => {
    const r = engineApi.runAnalysis(
      tableId,
      request({ patterns: [col('After_hours_collaboration_hours')] }),
    );
    const [p] = r.patterns;
    for (const g of p.groups) {
      if (g.suppressed) throw new Error('hidden');
      const e = expected.patterns[g.group];
      expect(g.n).toBe(e.n);
      close(g.mean, e.mean);
      close(g.sd, e.sd);
      closeAll([g.interval!.low, g.interval!.high], e.interval);
    }
    expect(p.difference!.significant).toBe(true);
    close(p.difference!.diff, expected.patterns.positive.mean - expected.patterns.negative.mean);
    expect(patternTable(p, 'favorability', 5).header[1]).toBe(
      'Mean After_hours_collaboration_hours',
    );
  });

  it('scores NPS, CSAT (mean and top-2-box) and CES against the oracle', () => {
    const nps = shown(
      engineApi.runAnalysis(
        tableId,
        request({
          question: {
            columns: [col('Q2')],
            name: 'Q2',
            mapping: defaultMapping('nps', { min: 0, max: 10 }),
          },
        }),
      ).overall,
    );
    expect(nps.n).toBe(expected.nps.n);
    expect([nps.positive, nps.negative]).toEqual([expected.nps.promoters, expected.nps.detractors]);
    close(nps.value, expected.nps.nps);
    close(nps.se, expected.nps.se);
    closeAll([nps.interval!.low, nps.interval!.high], expected.nps.interval);

    const csatMapping = defaultMapping('csat', { min: 1, max: 5 });
    const csat = shown(
      engineApi.runAnalysis(
        tableId,
        request({
          question: { columns: [col('Q3')], name: 'Q3', mapping: csatMapping },
        }),
      ).overall,
    );
    expect(csat.headline).toBe('mean');
    close(csat.value, expected.csat.mean);
    closeAll([csat.interval!.low, csat.interval!.high], expected.csat.interval);
    close(csat.pctPositive, expected.csat.top2);
    closeAll([csat.positiveInterval.low, csat.positiveInterval.high], expected.csat.top2Interval);

    const ces = shown(
      engineApi.runAnalysis(
        tableId,
        request({
          question: {
            columns: [col('Q4')],
            name: 'Q4',
            mapping: defaultMapping('ces', { min: 1, max: 7 }),
          },
        }),
      ).overall,
    );
    expect(ces.n).toBe(expected.ces.n);
    close(ces.value, expected.ces.pctPositive);
    closeAll([ces.interval!.low, ces.interval!.high], expected.ces.interval);
  });

  it('scores a category per respondent (mean of the answered items)', () => {
    const r = engineApi.runAnalysis(
      tableId,
      request({
        question: {
          columns: [col('Q1_1'), col('Q1_2')],
          name: 'Wellbeing',
          mapping: defaultMapping('favorability', { min: 1, max: 5 }),
        },
      }),
    );
    const s = shown(r.overall);
    const e = expected.category;
    expect([s.n, s.positive, s.neutral, s.negative]).toEqual([
      e.n,
      e.positive,
      e.neutral,
      e.negative,
    ]);
    close(s.mean, e.mean);
    expect(r.distribution).toBeNull();
  });

  it('trends by month of EndDate, with the change versus the previous month', () => {
    const r = engineApi.runAnalysis(
      tableId,
      request({ trend: { column: col('EndDate'), unit: 'month', weekStart: 1 } }),
    );
    const pts = r.trend!.points;
    expect(pts.map((p) => p.period)).toEqual(Object.keys(expected.trendByMonth));
    let previous: number | null = null;
    for (const p of pts) {
      const s = shown({ key: p.period, ...p } as GroupResult);
      const e = expected.trendByMonth[p.period];
      expect(s.n).toBe(e.n);
      close(s.value, e.pctPositive);
      if (p.suppressed) continue;
      if (previous === null) expect(p.change).toBeNull();
      else close(p.change!, e.pctPositive - previous);
      previous = e.pctPositive;
    }
    expect(r.trend!.unparsed).toBe(0);
    expect(trendTable(r.trend!, 'favorability', 'percent-positive', 5).rows).toHaveLength(
      pts.length,
    );
  });

  it('splits the trend by the breakout column: the same periods per group, small ones hidden', () => {
    const r = engineApi.runAnalysis(
      tableId,
      request({
        breakout: { column: col('Department'), bins: 4 },
        trend: { column: col('EndDate'), unit: 'month', weekStart: 1, split: true },
      }),
    );
    const series = r.trend!.series!;
    expect(series.map((s) => s.key)).toEqual(r.breakout!.groups.map((g) => g.key));
    const periods = r.trend!.points.map((p) => p.period);
    for (const s of series) expect(s.points.map((p) => p.period)).toEqual(periods);
    const eng = series.find((s) => s.key === 'Engineering')!;
    for (const p of eng.points) {
      const e = expected.trendByMonthEngineering[p.period];
      if (e === null) {
        expect(p).toEqual({ period: p.period, start: p.start, suppressed: true });
        continue;
      }
      const s = shown({ key: p.period, ...p } as GroupResult);
      expect(s.n).toBe(e.n);
      close(s.value, e.pctPositive);
    }
    expect(series.find((s) => s.key === 'Legal')!.points.every((p) => p.suppressed)).toBe(true);
    // Without a breakout there is nothing to split by.
    const plain = engineApi.runAnalysis(
      tableId,
      request({ trend: { column: col('EndDate'), unit: 'month', weekStart: 1, split: true } }),
    );
    expect(plain.trend!.series).toBeNull();
  });

  it('scores every question at a glance, each with its own mapping', () => {
    const items = ['Q1_1', 'Q2', 'Q4'].map((name) => {
      const q = facts.questions.find((x) => x.name === name)!;
      return {
        column: q.column,
        name,
        label: q.label,
        mapping: defaultMapping(q.kind, q.scale),
      };
    });
    const rows = engineApi.runOverview(tableId, items, 5, 30);
    expect(rows.map((r) => r.name)).toEqual(['Q1_1', 'Q2', 'Q4']);
    close(shown(rows[0].result).value, expected.q1_1.pctPositive);
    close(shown(rows[1].result).value, expected.nps.nps);
    close(shown(rows[2].result).value, expected.ces.pctPositive);
    const table = overviewTable(rows, 5);
    expect(table.rows[1].slice(0, 4)).toEqual(['Q2', rows[1].label, 'NPS', 'NPS']);
    expect(table.rows[0][1]).toBe('I am able to disconnect from work outside my working hours');
    const hidden = engineApi.runOverview(tableId, items, 1000, 30);
    expect(hidden.every((r) => r.result.suppressed)).toBe(true);
    expect(overviewTable(hidden, 1000).rows[0].slice(4)).toEqual([
      'Fewer than 1000 responses',
      '',
      '',
      '',
      '',
      '',
      '',
    ]);
  });

  it('hides everything, even the distribution, when the whole population is below the minimum', () => {
    const r = engineApi.runAnalysis(tableId, request({ minGroup: 1000 }));
    expect(r.overall).toEqual({ key: 'All responses', suppressed: true });
    expect(r.distribution).toBeNull();
  });
});
