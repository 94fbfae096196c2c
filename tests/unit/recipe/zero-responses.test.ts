/// <reference types="node" />
// An export with header rows only (a survey nobody answered yet) opens in every variant, lists
// its questions and says "0 responses" in each flow: the readers, describeSurvey, the recipe
// run, describeForAnalysis and the Analysis runs. Nothing throws.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { describeForAnalysis } from '../../../src/lib/analysis/facts';
import { runAnalysis, runOverview } from '../../../src/lib/analysis/run';
import { countResponses } from '../../../src/lib/recipe/responses';
import { describeSurvey } from '../../../src/lib/recipe/survey-columns';
import { newSurveyRecipe, runSurveyToViva } from '../../../src/lib/recipe/survey-to-viva';
import { defaultMapping } from '../../../src/lib/score/sentiment';
import type { Table } from '../../../src/lib/table/types';
import { formatParts } from '../../../src/components/shared/format';
import { openFile, readSheet } from '../../../workers/open-file';
import { tableFromCsv } from '../../helpers/tables';

/** An xlsx as the app opens it: its first sheet. */
async function tableFromXlsx(bytes: Uint8Array<ArrayBuffer>): Promise<Table> {
  const opened = await openFile(new Blob([bytes]), 'e.xlsx', {});
  if (opened.kind === 'table') return opened.table;
  return readSheet(opened.workbook, opened.workbook.sheets[0].name, {});
}

const DIR = join(import.meta.dirname, '..', '..', 'fixtures', 'qualtrics-variants');
const text = (f: string) => readFileSync(join(DIR, f), 'utf8');

/** The Excel download of the same survey: tags and labels, no data rows. */
function emptyXlsx(): Uint8Array<ArrayBuffer> {
  const [tags, labels] = text('empty-xlsx-style.csv')
    .trim()
    .split('\r\n')
    .map((line) => line.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/).map((c) => c.replace(/^"|"$/g, '')));
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([tags, labels]), 'Sheet0');
  return new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
}

const VARIANTS: [string, () => Promise<Table>, string, number, string[]][] = [
  [
    'current 3-row CSV',
    () => tableFromCsv(text('empty-current.csv'), 'e.csv'),
    'qualtrics',
    3,
    ['Q1'],
  ],
  [
    '2-row CSV (Excel style)',
    () => tableFromCsv(text('empty-xlsx-style.csv'), 'e.csv'),
    'qualtrics',
    2,
    ['Q1'],
  ],
  ['xlsx download', () => tableFromXlsx(emptyXlsx()), 'qualtrics-xlsx', 2, ['Q1']],
  [
    'legacy 2-row CSV',
    () => tableFromCsv(text('empty-legacy.csv'), 'e.csv'),
    'qualtrics-legacy',
    2,
    ['Q1'],
  ],
];

describe.each(VARIANTS)(
  'an export with 0 responses: %s',
  (_, open, source, headerRows, questions) => {
    it('opens as a Qualtrics export and the workspace says 0 responses', async () => {
      const t = await open();
      expect(t.rowCount).toBe(0);
      expect(t.format).toMatchObject({ source, headerRows });
      expect(t.columns.filter((c) => c.qualtricsRole === 'question').map((c) => c.header)).toEqual(
        questions,
      );
      expect(formatParts(t.format, t.name, t.rowCount, t.columns.length)).toContain('0 responses');
    });

    it('lists its questions for survey → Viva and runs the recipe without throwing', async () => {
      const t = await open();
      const facts = describeSurvey(t);
      expect(facts.rowCount).toBe(0);
      expect(facts.columns.filter((c) => c.kind === 'question').map((c) => c.ref.tag)).toEqual(
        questions,
      );
      expect(countResponses(t)).toMatchObject({ total: 0, unfinished: 0, statuses: [] });
      const recipe = newSurveyRecipe(facts, 'r', '2026-01-01T00:00:00.000Z');
      const out = runSurveyToViva(recipe, t, facts);
      expect(out.rowCount).toBe(0);
      expect(out.stats.responses).toBe(0);
      expect(out.stats.used).toMatchObject({ total: 0, kept: 0, summary: null });
      const noRows = out.problems.find((p) => p.rule === 'no-rows');
      if (noRows) expect(noRows.message).toMatch(/0 responses/);
    });

    it('describes it for the Analysis and scores a question as 0 responses', async () => {
      const t = await open();
      const facts = describeForAnalysis(t);
      expect(facts.rowCount).toBe(0);
      const q1 = t.columns.findIndex((c) => c.header === 'Q1');
      const mapping = defaultMapping('favorability', { min: 1, max: 5 });
      const r = runAnalysis(t, {
        question: { columns: [q1], name: 'Q1', mapping },
        minGroup: 1,
        lowSample: 0,
        breakout: null,
        patterns: [],
        trend: null,
      });
      expect(r.responses).toMatchObject({ total: 0, kept: 0 });
      expect(r.overall.suppressed ? 0 : r.overall.score.n).toBe(0);
      const [row] = runOverview(t, [{ column: q1, name: 'Q1', label: '', mapping }], 1, 0);
      expect(row.result.suppressed ? 0 : row.result.score.n).toBe(0);
    });
  },
);
