// The pure pieces of the Surveys screens: the survey list's search/filter/sort, the codebook's
// search and CSV, the day ↔ export date conversion (Qualtrics' end date is exclusive), file
// names, and the check of a downloaded export zip.
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { Codebook, SurveySummary } from '../../../src/lib/qualtrics';
import {
  checkResponsesZip,
  countExportResponses,
  codebookCsv,
  dayToExportDate,
  exportDateToDay,
  readableProblems,
  responsesFileName,
  searchCodebook,
  selectSurveys,
  surveyCounts,
} from '../../../src/lib/qualtrics/browse';

const S = (id: string, name: string, lastModified?: string, isActive?: boolean): SurveySummary => ({
  id,
  name,
  lastModified,
  isActive,
});
const LIST = [
  S('SV_1', 'beta survey', '2026-01-02T00:00:00Z', true),
  S('SV_2', 'Alpha Survey 10', '2026-03-01T00:00:00Z', false),
  S('SV_3', 'Alpha Survey 9', undefined, true),
  S('SV_4', 'Gamma', '2025-12-31T23:59:59Z'),
];

describe('selectSurveys', () => {
  it('sorts newest first with undated surveys last, or by name (natural, any case)', () => {
    const q = { search: '', show: 'all' as const, sort: 'modified' as const };
    expect(selectSurveys(LIST, q).map((s) => s.id)).toEqual(['SV_2', 'SV_1', 'SV_4', 'SV_3']);
    expect(selectSurveys(LIST, { ...q, sort: 'name' }).map((s) => s.name)).toEqual([
      'Alpha Survey 9',
      'Alpha Survey 10',
      'beta survey',
      'Gamma',
    ]);
  });

  it('searches every word in the name or id; a survey of unknown state is under "all" only', () => {
    const q = { search: 'alpha 10', show: 'all' as const, sort: 'name' as const };
    expect(selectSurveys(LIST, q).map((s) => s.id)).toEqual(['SV_2']);
    expect(selectSurveys(LIST, { ...q, search: 'sv_4' }).map((s) => s.id)).toEqual(['SV_4']);
    expect(selectSurveys(LIST, { ...q, search: '', show: 'active' }).map((s) => s.id)).toEqual([
      'SV_3',
      'SV_1',
    ]);
    expect(selectSurveys(LIST, { ...q, search: '', show: 'closed' }).map((s) => s.id)).toEqual([
      'SV_2',
    ]);
    expect(surveyCounts(LIST)).toEqual({ all: 4, active: 2, closed: 1 });
  });
});

const CB: Codebook = {
  surveyId: 'SV_1',
  name: 'x',
  embeddedData: [],
  columns: [],
  questions: [
    {
      qid: 'QID1',
      exportTag: 'Q1',
      text: 'Rate, please',
      type: 'Matrix',
      selector: 'Likert',
      choices: [{ id: '1', text: '=SUM(A1)', recode: '7', textEntry: false }],
      subQuestions: [{ id: '1', text: 'Row one', recode: '1', textEntry: false }],
    },
    {
      qid: 'QID2',
      exportTag: 'Comment',
      text: 'Anything else?',
      type: 'TE',
      choices: [],
      subQuestions: [],
    },
  ],
};

describe('codebook', () => {
  it('is written one row per matrix row and choice, formula-guarded, with a row for a text question', () => {
    const lines = codebookCsv(CB).trim().split('\r\n');
    expect(lines).toEqual([
      'Export tag,QID,Question,Type,Part,Choice id,Choice text,Recode value,Text entry',
      'Q1,QID1,"Rate, please",Matrix / Likert,row,1,Row one,,',
      'Q1,QID1,"Rate, please",Matrix / Likert,choice,1,\'=SUM(A1),7,',
      'Comment,QID2,Anything else?,TE,,,,,',
    ]);
  });

  it('is searched in tags, texts, choices and rows', () => {
    expect(searchCodebook(CB.questions, 'row one').map((q) => q.qid)).toEqual(['QID1']);
    expect(searchCodebook(CB.questions, 'comment').map((q) => q.qid)).toEqual(['QID2']);
    expect(searchCodebook(CB.questions, '')).toHaveLength(2);
  });
});

describe('export dates and names', () => {
  it('turns picked days into a start (inclusive) and an exclusive end the next midnight UTC', () => {
    expect(dayToExportDate('2026-01-31', 'start')).toBe('2026-01-31T00:00:00Z');
    expect(dayToExportDate('2026-01-31', 'through')).toBe('2026-02-01T00:00:00Z');
    expect(dayToExportDate('2024-02-28', 'through')).toBe('2024-02-29T00:00:00Z');
    expect(dayToExportDate('2025-12-31', 'through')).toBe('2026-01-01T00:00:00Z');
    expect(dayToExportDate('', 'start')).toBeUndefined();
    expect(dayToExportDate('31/01/2026', 'start')).toBe('31/01/2026');
    expect(exportDateToDay('2026-02-01T00:00:00Z', 'through')).toBe('2026-01-31');
    expect(exportDateToDay('2026-02-01T00:00:00Z', 'start')).toBe('2026-02-01');
    expect(exportDateToDay(undefined, 'start')).toBe('');
  });

  it('names the file after the survey without characters file systems refuse', () => {
    expect(responsesFileName('Pulse: Q1/Q2 "2026"', 'SV_1')).toBe('Pulse Q1 Q2 2026.zip');
    expect(responsesFileName('  ', 'SV_1')).toBe('SV_1.zip');
    expect(responsesFileName('Customer Experience – Q1 2026', 'SV_1')).toBe(
      'Customer Experience – Q1 2026.zip',
    );
  });

  it('accepts only formats the app reads', () => {
    expect(readableProblems({ format: 'csv' })).toEqual([]);
    expect(readableProblems({ format: 'tsv' })).toEqual([]);
    expect(readableProblems({ format: 'ndjson' })[0]).toMatch(/CSV and TSV/);
  });
});

describe('checkResponsesZip', () => {
  const zip = (files: Record<string, string>) =>
    zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(v)])));

  it('returns the one CSV or TSV member', async () => {
    expect(await checkResponsesZip(zip({ 'Pulse.csv': 'a\n1\n' }))).toBe('Pulse.csv');
    expect(await checkResponsesZip(zip({ 'Pulse.tsv': 'a\n1\n' }))).toBe('Pulse.tsv');
  });

  it('refuses a cut-off zip, an empty one, two members or a JSON member', async () => {
    const whole = zip({ 'Pulse.csv': 'a,b\n'.repeat(500) });
    await expect(checkResponsesZip(whole.subarray(0, whole.length - 30))).rejects.toThrow(
      /incomplete or damaged/,
    );
    await expect(checkResponsesZip(zip({}))).rejects.toThrow(/holds nothing/);
    await expect(checkResponsesZip(zip({ 'a.csv': 'x', 'b.csv': 'y' }))).rejects.toThrow(
      /one CSV or TSV file but holds a.csv, b.csv/,
    );
    await expect(checkResponsesZip(zip({ 'a.json': '{}' }))).rejects.toMatchObject({
      name: 'UnexpectedResponseError',
    });
  });
});

describe('countExportResponses', () => {
  const zip = (files: Record<string, string>) =>
    zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(v)])));
  const HEAD =
    '\uFEFFStartDate,Q1,Q2\r\n' +
    'Start Date,"How do you feel?\nSay more",Q2 text\r\n' +
    '"{""ImportId"":""startDate"",""timeZone"":""UTC""}","{""ImportId"":""QID1""}","{""ImportId"":""QID2_TEXT""}"\r\n';

  it('counts the responses after the ImportId row, with line breaks inside quotes', async () => {
    expect(await countExportResponses(zip({ 'a.csv': HEAD }))).toBe(0);
    expect(await countExportResponses(zip({ 'a.csv': HEAD + '2026-01-01,5,"a\nb"\r\n' }))).toBe(1);
    expect(
      await countExportResponses(zip({ 'a.csv': HEAD + '2026-01-01,5,x\r\n2026-01-02,4,y' })),
    ).toBe(2);
    const tsv =
      'StartDate\tQ1\nStart Date\tQ1 text\n{"ImportId":"startDate"}\t{"ImportId":"QID1"}\n';
    expect(await countExportResponses(zip({ 'a.tsv': tsv }))).toBe(0);
    expect(await countExportResponses(zip({ 'a.tsv': tsv + '2026-01-01\t3\n' }))).toBe(1);
  });

  it('says nothing (null) without an ImportId row or for a large file', async () => {
    expect(await countExportResponses(zip({ 'a.csv': 'V1,V2\nResponseID,Q1\n' }))).toBeNull();
    const big = HEAD + '2026-01-01,5,x\r\n'.repeat(20_000);
    expect(await countExportResponses(zip({ 'a.csv': big }))).toBeNull();
  });
});
