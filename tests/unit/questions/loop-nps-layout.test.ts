/// <reference types="node" />
// Loop & merge iterations are recognised in every Qualtrics layout, NPS group columns pair with
// their score per iteration, and the cross-check reports rows where group and score disagree.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loopGroups, loopOf, markLoops } from '../../../src/lib/qualtrics-format/loop';
import {
  npsGroupOfScore,
  npsMismatches,
  pairNpsColumns,
  readNpsGroup,
} from '../../../src/lib/qualtrics-format/pair-nps';
import { roleFromImportId } from '../../../src/lib/qualtrics-format/classify-column';
import { detectLayout } from '../../../src/lib/table/layout';
import type { DraftColumn, Table } from '../../../src/lib/table/types';
import { tableFromCsv } from '../../helpers/tables';

const FIX = join(import.meta.dirname, '..', '..', 'fixtures', 'qualtrics-variants');
const fixture = (f: string) => readFileSync(join(FIX, f), 'utf8');
const loopsOf = (cols: { name: string; loop?: { iteration: string; base: string } }[]) =>
  Object.fromEntries(cols.filter((c) => c.loop).map((c) => [c.name, c.loop]));

describe('loopOf', () => {
  it('reads the iteration from an ImportId, else from the export tag', () => {
    expect(loopOf('1_QID3', '1_Q3')).toEqual({ iteration: '1', base: 'QID3', byId: true });
    expect(loopOf('12_QID10_1', 'x')).toEqual({ iteration: '12', base: 'QID10_1', byId: true });
    expect(loopOf('2_QID18_NPS_GROUP', '')).toMatchObject({ base: 'QID18_NPS_GROUP' });
    // An ImportId without the prefix is not looped, whatever its tag says.
    expect(loopOf('QID3', '1_Q3')).toBeNull();
    expect(loopOf(undefined, '3_Q3.13')).toEqual({ iteration: '3', base: 'Q3.13', byId: false });
    // A matrix row (`Q3_1`) is not an iteration.
    expect(loopOf(undefined, 'Q3_1')).toBeNull();
  });

  it('treats 1_QID3 as a question ImportId (it was embedded data)', () => {
    expect(roleFromImportId('1_QID3', '1_Q3')).toBe('question');
    expect(roleFromImportId('1_QID4_NPS_GROUP', '1_Q4_NPS_GROUP')).toBe('nps-group');
    expect(roleFromImportId('1_QID7_5_TEXT', '1_Q7_5_TEXT')).toBe('other-text');
    expect(roleFromImportId('SolutionRevision', 'SolutionRevision')).toBe('embedded');
  });

  it('needs two iterations of a tag, and never marks metadata or embedded data', () => {
    const cols: DraftColumn[] = markLoops<DraftColumn>([
      { index: 0, header: '1_Q3', qualtricsRole: 'question' as const },
      { index: 1, header: '2_Q3', qualtricsRole: 'question' as const },
      { index: 2, header: '2_weeks', qualtricsRole: 'question' as const },
      { index: 3, header: '1_Source', qualtricsRole: 'embedded' as const },
      { index: 4, header: '2_Source', qualtricsRole: 'embedded' as const },
    ]);
    expect(cols.map((c) => c.loop ?? null)).toEqual([
      { iteration: '1', base: 'Q3' },
      { iteration: '2', base: 'Q3' },
      null,
      null,
      null,
    ]);
    expect(loopGroups(cols)).toEqual([{ base: 'Q3', columns: [0, 1], iterations: ['1', '2'] }]);
  });
});

describe('loop detection in every layout', () => {
  it('current export (ImportIds)', async () => {
    const t = await tableFromCsv(fixture('nps-loop-current.csv'));
    expect(t.format.source).toBe('qualtrics');
    expect(loopsOf(t.columns)).toEqual({
      '1_Q3': { iteration: '1', base: 'QID3' },
      '2_Q3': { iteration: '2', base: 'QID3' },
      '3_Q3': { iteration: '3', base: 'QID3' },
      '1_Q4_NPS_GROUP': { iteration: '1', base: 'QID4_NPS_GROUP' },
      '1_Q4': { iteration: '1', base: 'QID4' },
      '2_Q4_NPS_GROUP': { iteration: '2', base: 'QID4_NPS_GROUP' },
      '2_Q4': { iteration: '2', base: 'QID4' },
    });
    expect(t.columns.find((c) => c.name === '2_Q3')?.qualtricsRole).toBe('question');
  });

  it('2 header rows (tags and labels), by export tag', async () => {
    const t = await tableFromCsv(fixture('loop-tagged.csv'));
    expect(t.format.headerRows).toBe(2);
    expect(loopsOf(t.columns)).toEqual({
      '1_Q3': { iteration: '1', base: 'Q3' },
      '2_Q3': { iteration: '2', base: 'Q3' },
      '3_Q3': { iteration: '3', base: 'Q3' },
      '1_Q7_1': { iteration: '1', base: 'Q7_1' },
      '2_Q7_1': { iteration: '2', base: 'Q7_1' },
    });
  });

  it('the export-tag row only', () => {
    const head = [
      ['StartDate', 'EndDate', 'ResponseId', 'Progress', '1_Q3', '2_Q3'],
      ['2026-01-01 10:00:00', '2026-01-01 10:05:00', 'R_1', '100', '4', '5'],
    ];
    const layout = detectLayout(head, 'csv');
    expect(layout.headerRows).toBe(1);
    expect(loopsOf(layout.columns)).toEqual({
      '1_Q3': { iteration: '1', base: 'Q3' },
      '2_Q3': { iteration: '2', base: 'Q3' },
    });
  });

  it('legacy export (V1…)', () => {
    const head = [
      ['V1', 'V2', 'V3', 'V4', 'V5', '1_Q3', '2_Q3'],
      [
        'ResponseID',
        'ResponseSet',
        'Name',
        'ExternalDataReference',
        'EmailAddress',
        'A - Rate',
        'B - Rate',
      ],
      ['R_1', 'Default', 'x', '', '', '4', '5'],
    ];
    const layout = detectLayout(head, 'csv');
    expect(layout.source).toBe('qualtrics-legacy');
    expect(loopsOf(layout.columns)).toEqual({
      '1_Q3': { iteration: '1', base: 'Q3' },
      '2_Q3': { iteration: '2', base: 'Q3' },
    });
  });

  it('an Excel download (tags and labels)', () => {
    const head = fixture('loop-tagged.csv')
      .trim()
      .split('\n')
      .map((l) => l.split(','));
    const layout = detectLayout(head, 'xlsx');
    expect(layout.source).toBe('qualtrics-xlsx');
    expect(Object.keys(loopsOf(layout.columns))).toEqual([
      '1_Q3',
      '2_Q3',
      '3_Q3',
      '1_Q7_1',
      '2_Q7_1',
    ]);
  });
});

describe('NPS pairing and cross-check', () => {
  const byName = (t: Table, n: string) => t.columns.findIndex((c) => c.name === n);

  it('pairs each iteration with its own score, by ImportId and by export tag', async () => {
    const t = await tableFromCsv(fixture('nps-loop-current.csv'));
    const pairs = pairNpsColumns(t.columns).map((p) => [
      t.columns[p.group].name,
      t.columns[p.score].name,
    ]);
    expect(pairs).toEqual([
      ['1_Q4_NPS_GROUP', '1_Q4'],
      ['2_Q4_NPS_GROUP', '2_Q4'],
      ['Q5_NPS_GROUP', 'Q5'],
    ]);
    const tagged = pairNpsColumns([
      { index: 0, header: '1_Q3.13_NPS_GROUP' },
      { index: 1, header: '1_Q3.13' },
      { index: 2, header: '2_Q3.13_NPS_GROUP' },
      { index: 3, header: '2_Q3.13' },
    ]);
    expect(tagged).toEqual([
      { group: 0, score: 1 },
      { group: 2, score: 3 },
    ]);
  });

  it('maps scores and group cells to Detractor / Passive / Promoter', () => {
    expect([0, 6, 7, 8, 9, 10].map(npsGroupOfScore)).toEqual([1, 1, 2, 2, 3, 3]);
    expect([11, -1, 7.5].map(npsGroupOfScore)).toEqual([null, null, null]);
    expect(['Detractor', ' passive ', 'PROMOTER', '1', '3', '4', ''].map(readNpsGroup)).toEqual([
      1,
      2,
      3,
      1,
      3,
      null,
      null,
    ]);
  });

  it('reports rows where the numeric group disagrees with the score', async () => {
    const t = await tableFromCsv(fixture('nps-loop-current.csv'));
    const fileRow = (r: number) => r + 4;
    const q5 = npsMismatches(
      t,
      { group: byName(t, 'Q5_NPS_GROUP'), score: byName(t, 'Q5') },
      fileRow,
    );
    expect(q5).toEqual({
      count: 1,
      issues: [
        {
          row: 5,
          column: 'Q5_NPS_GROUP',
          code: 'nps-mismatch',
          message: 'Q5_NPS_GROUP says 1 but Q5 is 9, a Promoter.',
        },
      ],
    });
    const it1 = npsMismatches(
      t,
      { group: byName(t, '1_Q4_NPS_GROUP'), score: byName(t, '1_Q4') },
      fileRow,
    );
    expect(it1.issues.map((i) => i.row)).toEqual([7]);
    const it2 = npsMismatches(
      t,
      { group: byName(t, '2_Q4_NPS_GROUP'), score: byName(t, '2_Q4') },
      fileRow,
    );
    expect(it2.count).toBe(0);
  });

  it('reads label groups (choice-text export)', async () => {
    const t = await tableFromCsv(fixture('nps-loop-labels.csv'));
    const m = npsMismatches(t, { group: 7, score: 8 }, (r) => r + 4);
    expect(m.issues).toEqual([
      {
        row: 5,
        column: '1_Q4_NPS_GROUP',
        code: 'nps-mismatch',
        message: '1_Q4_NPS_GROUP says Promoter but 1_Q4 is 5, a Detractor.',
      },
    ]);
    expect(npsMismatches(t, { group: 9, score: 10 }, (r) => r).count).toBe(0);
  });
});
