// Issue 14, Qualtrics exports cases 2, 3, 4, 5 and 8: each variant of tests/fixtures/qualtrics-variants
// read through every reader path (CSV, CSV in parts, xlsx) and through the flows it touches:
// the preview (columns, roles, types, labels, page text), survey → Viva (questions offered,
// EffectiveDate, the latest response per person) and the Analysis (questions, trend by EndDate).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { describeForAnalysis } from '../../../src/lib/analysis/facts';
import { runAnalysis, type AnalysisRequest } from '../../../src/lib/analysis/run';
import { matrixStatement, shortLabel } from '../../../src/lib/format';
import { parseCsvPart, planCsv, readCsvParts } from '../../../src/lib/read/csv/parallel';
import { readCsvBytes } from '../../../src/lib/read/csv/read-csv';
import { sourceChunks } from '../../../src/lib/read/source-chunks';
import { bytesSource } from '../../../src/lib/read/types';
import {
  describeSurvey,
  findMetadataColumn,
  responseTimes,
} from '../../../src/lib/recipe/survey-columns';
import { newSurveyRecipe, runSurveyToViva } from '../../../src/lib/recipe/survey-to-viva';
import { defaultMapping } from '../../../src/lib/score/sentiment';
import { getRowPage } from '../../../src/lib/table/page';
import type { QualtricsRole, Table } from '../../../src/lib/table/types';
import { read as readXlsx, sheetjsWrite } from '../read/xlsx-fixtures';

const DIR = join(import.meta.dirname, '..', '..', 'fixtures', 'qualtrics-variants');
const bytesOf = (name: string): Uint8Array => new Uint8Array(readFileSync(join(DIR, name)));
const textOf = (name: string): string => readFileSync(join(DIR, name), 'utf8');
const enc = new TextEncoder();
/** The fixture's records as cells. */
const recordsOf = (name: string): string[][] =>
  Papa.parse<string[]>(textOf(name), { skipEmptyLines: true }).data;
/**
 * The fixture as Qualtrics' Excel download: tags and labels (no ImportId row), numbers as
 * numbers and `TRUE`/`FALSE` as booleans.
 */
function xlsxOf(name: string): Uint8Array {
  const [tags, labels, , ...data] = recordsOf(name);
  const value = (v: string): unknown =>
    /^-?\d+(?:\.\d+)?$/.test(v) ? Number(v) : v === 'TRUE' || v === 'FALSE' ? v === 'TRUE' : v;
  return sheetjsWrite([tags, labels, ...data.map((r) => r.map(value))]);
}

function readText(text: string, name = 'export.csv'): Promise<Table> {
  return readCsvBytes(enc.encode(text), { name });
}
const readFixture = (name: string): Promise<Table> => readCsvBytes(bytesOf(name), { name });

/** The file read in two parts, cut after its 5th line (as the engine's part threads do). */
async function readInParts(bytes: Uint8Array, name: string): Promise<Table> {
  const plan = await planCsv(sourceChunks(bytesSource(bytes)), { name, maxCells: 1e9 }, {});
  if (!plan) throw new Error('no plan');
  let lf = -1;
  for (let n = 0; n < 5; n++) lf = bytes.indexOf(0x0a, lf + 1);
  return readCsvParts(plan, name, [plan.dataStart, lf + 1, bytes.length], (start, end, first) =>
    parseCsvPart(sourceChunks(bytesSource(bytes.subarray(start, end))), plan.schema, {
      first,
      capacityBytes: end - start,
    }),
  );
}

const col = (t: Table, name: string) => {
  const i = t.columns.findIndex((c) => c.name === name);
  if (i < 0) throw new Error(`no column ${name}`);
  return i;
};
const roles = (t: Table): Record<string, QualtricsRole | undefined> =>
  Object.fromEntries(t.columns.map((c) => [c.name, c.qualtricsRole]));
const shown = (t: Table, name: string): string[] =>
  getRowPage(t, 0, t.rowCount).rows.map((r) => r[col(t, name)]);
/** Names survey → Viva offers as questions to score. */
const surveyQuestions = (t: Table): string[] =>
  describeSurvey(t)
    .columns.filter((c) => c.kind === 'question')
    .map((c) => c.name);
const analysisQuestions = (t: Table): string[] =>
  describeForAnalysis(t).questions.map((q) => q.name);

function request(t: Table, question: string, over: Partial<AnalysisRequest> = {}): AnalysisRequest {
  return {
    question: {
      columns: [col(t, question)],
      name: question,
      mapping: defaultMapping('favorability', { min: 1, max: 5 }),
    },
    minGroup: 1,
    lowSample: 0,
    breakout: null,
    patterns: [],
    trend: null,
    ...over,
  };
}

// ------------------------------------------------------------------------------------------
describe('case 2: an export opened and saved in Excel', () => {
  const serialDates = [
    '2019-08-26 13:10:00', // 43703.54861 is 13:09:59.904
    '2019-08-27 10:04:48',
    '2019-08-28 12:14:24',
    '2019-09-04 09:07:12',
    '2019-09-29 14:38:24',
  ];

  it('reads Excel day numbers in the metadata date columns as canonical dates, with a note', async () => {
    const t = await readFixture('excel-serial-dates.csv');
    expect(t.format.source).toBe('qualtrics');
    expect(t.format.headerRows).toBe(3);
    for (const name of ['StartDate', 'EndDate', 'RecordedDate']) {
      expect(t.columns[col(t, name)].type).toBe('date');
      expect(t.data[col(t, name)].type).toBe('date');
    }
    expect(shown(t, 'StartDate')[0]).toBe('2019-08-26 13:02:28');
    expect(shown(t, 'EndDate')).toEqual(serialDates);
    expect(shown(t, 'RecordedDate')[2]).toBe(''); // the unfinished response
    expect(t.format.notes.join(' ')).toContain(
      'StartDate, EndDate and RecordedDate held Excel day numbers',
    );
    // Other numbers stay numbers; Finished TRUE/FALSE is a yes/no flag.
    expect(t.columns[col(t, 'Duration (in seconds)')].type).toBe('number');
    expect(t.columns[col(t, 'Q1')].type).toBe('number');
    expect(t.columns[col(t, 'Finished')]).toMatchObject({
      type: 'boolean',
      qualtricsRole: 'metadata',
    });
    expect(shown(t, 'Finished')).toEqual(['TRUE', 'TRUE', 'FALSE', 'TRUE', 'TRUE']);
  });

  it('reports an identifier Excel shortened to scientific notation, saying what to do', async () => {
    const t = await readFixture('excel-serial-dates.csv');
    const issue = t.issues.find((i) => i.column === 'ExternalReference');
    expect(issue).toMatchObject({ row: 4, code: 'qualtrics-format' });
    expect(issue!.message).toContain('1.23457E+15');
    expect(issue!.message).toContain('Text');
    expect(shown(t, 'ExternalReference')[0]).toBe('1.23457E+15'); // kept as it is
  });

  it('gives the same table read in parts as read at once', async () => {
    const whole = await readFixture('excel-serial-dates.csv');
    const parts = await readInParts(bytesOf('excel-serial-dates.csv'), 'excel-serial-dates.csv');
    expect(parts.columns).toEqual(whole.columns);
    expect(getRowPage(parts, 0, 10)).toEqual(getRowPage(whole, 0, 10));
    expect(parts.format.notes).toEqual(whole.format.notes);
  });

  it('reads m/d/yyyy h:mm dates as US Excel writes them (2 header rows)', async () => {
    const t = await readFixture('excel-us-dates.csv');
    expect(t.format).toMatchObject({ source: 'qualtrics', headerRows: 2 });
    expect(t.columns[col(t, 'EndDate')].type).toBe('date');
    expect(shown(t, 'EndDate')).toEqual([
      '2019-08-26 13:09:00',
      '2019-08-27 10:04:00',
      '2019-08-28 12:14:00',
      '2019-09-04 09:07:00',
      '2019-09-29 14:38:00',
    ]);
    expect(t.format.notes.join(' ')).toContain('month/day/year');
    expect(t.columns[col(t, 'Finished')].type).toBe('boolean');
  });

  it('reads d/m/yyyy when a day is over 12, and dd.mm.yyyy as German Excel writes it', async () => {
    const head = 'StartDate,EndDate,ResponseId,Q1\nStart Date,End Date,Response ID,Q\n';
    const dm = await readText(
      `${head}27/08/2019 13:02,27/08/2019 13:09,R_1,4\n03/09/2019 9:00,03/09/2019 9:05,R_2,3\n`,
    );
    expect(shown(dm, 'EndDate')).toEqual(['2019-08-27 13:09:00', '2019-09-03 09:05:00']);
    expect(dm.format.notes.join(' ')).toContain('day/month/year');
    const de = await readText(`${head}03.09.2019 13:02:05,03.09.2019 13:09:10,R_1,4\n`);
    expect(shown(de, 'EndDate')).toEqual(['2019-09-03 13:09:10']);
  });

  it('reads an xlsx whose date cells are numbers without a date style', async () => {
    const t = await readXlsx(xlsxOf('excel-serial-dates.csv'));
    expect(t.format).toMatchObject({ source: 'qualtrics-xlsx', headerRows: 2 });
    expect(t.columns[col(t, 'EndDate')].type).toBe('date');
    expect(shown(t, 'EndDate')).toEqual(serialDates);
    expect(t.columns[col(t, 'Finished')].type).toBe('boolean');
    expect(describeSurvey(t).latestEnd).toBe('2019-09-29');
  });

  it('date cells styled as dates in an xlsx become the same canonical text', async () => {
    const t = await readXlsx(
      sheetjsWrite(
        [
          ['StartDate', 'EndDate', 'ResponseId', 'Q1'],
          ['Start Date', 'End Date', 'Response ID', 'I feel valued'],
          [
            new Date(Date.UTC(2019, 7, 26, 13, 2)),
            new Date(Date.UTC(2019, 7, 26, 13, 9)),
            'R_1',
            4,
          ],
        ],
        'xlsx',
        'Sheet1',
        { cellDates: true, dateNF: 'yyyy-mm-dd hh:mm:ss' },
      ),
    );
    expect(shown(t, 'EndDate')).toEqual(['2019-08-26 13:09:00']);
  });

  for (const file of ['excel-serial-dates.csv', 'excel-us-dates.csv']) {
    it(`survey → Viva (${file}): EffectiveDate from the latest EndDate, the latest response per person`, async () => {
      const t = await readFixture(file);
      const facts = describeSurvey(t);
      expect(facts.latestEnd).toBe('2019-09-29');
      expect(surveyQuestions(t)).toEqual(['Q1', 'Q2']);
      const recipe = newSurveyRecipe(facts, 'r', '2026-01-01T00:00:00.000Z');
      recipe.categories = [
        { name: 'Valued', questions: [facts.columns[col(t, 'Q1')].key], minAnswered: 1 },
      ];
      recipe.effectiveDate = { kind: 'month-start' };
      const out = runSurveyToViva(recipe, t, facts);
      expect(out.problems.filter((p) => p.severity === 'error')).toEqual([]);
      // ann answered 4 on Aug 26 and 2 on Sep 4: the latest (2) is kept.
      const ann = out.rows.find((r) => r[0] === 'ann@contoso.com')!;
      expect(ann[1]).toBe('09/01/2019');
      expect(ann[2]).toBe('2');
      expect(out.rows).toHaveLength(4);
      const times = responseTimes(t)!;
      expect(Number.isNaN(times[0])).toBe(false);
    });

    it(`Analysis (${file}): EndDate is the trend column and trends by month`, async () => {
      const t = await readFixture(file);
      const facts = describeForAnalysis(t);
      expect(analysisQuestions(t)).toEqual(['Q1', 'Q2']);
      expect(facts.dates[0].name).toBe('EndDate');
      // The serial dates are not offered as numbers to compare.
      expect(facts.metrics.map((m) => m.name)).not.toContain('EndDate');
      const r = runAnalysis(
        t,
        request(t, 'Q1', { trend: { column: col(t, 'EndDate'), unit: 'month', weekStart: 1 } }),
      );
      expect(r.trend!.points.map((p) => [p.period, p.suppressed ? null : p.score.n])).toEqual([
        ['2019-08', 3],
        ['2019-09', 2],
      ]);
      expect(r.trend!.unparsed).toBe(0);
    });
  }
});

// ------------------------------------------------------------------------------------------
describe('case 3: the 2017-era export with single-quoted ImportIds', () => {
  it('is a 3-row export keyed by ImportId, not a data row', async () => {
    const t = await readFixture('qualtrics-2017-single-quotes.csv');
    expect(t.format).toMatchObject({ source: 'qualtrics', headerRows: 3 });
    expect(t.rowCount).toBe(4);
    expect(t.columns[col(t, 'StartDate')]).toMatchObject({
      importId: 'startDate',
      timeZone: 'America/Denver',
      type: 'date',
    });
    expect(t.columns[col(t, 'Q1_1')]).toMatchObject({
      importId: 'QID1',
      choiceId: '1-1',
      qualtricsRole: 'question',
      type: 'number',
    });
    expect(t.columns[col(t, 'Q1_2')]).toMatchObject({ importId: 'QID1', choiceId: '1-2' });
    expect(t.issues.filter((i) => i.code === 'qualtrics-format')).toEqual([]);
  });

  it('recognises the old metadata names as metadata', async () => {
    const t = await readFixture('qualtrics-2017-single-quotes.csv');
    const r = roles(t);
    for (const name of [
      'ResponseID',
      'ResponseSet',
      'IPAddress',
      'StartDate',
      'EndDate',
      'ExternalDataReference',
      'Finished',
      'Status',
    ]) {
      expect(r[name], name).toBe('metadata');
    }
    expect(r.Department).toBe('embedded');
    expect(t.columns[col(t, 'Status')].type).toBe('number');
    expect(findMetadataColumn(t, 'ResponseId')).toBe(col(t, 'ResponseID'));
    expect(findMetadataColumn(t, 'ExternalReference')).toBe(col(t, 'ExternalDataReference'));
  });

  it('the same file without its row 3 is found by its old metadata tags', async () => {
    const lines = textOf('qualtrics-2017-single-quotes.csv').split('\r\n');
    const t = await readText([lines[0], lines[1], ...lines.slice(3)].join('\r\n'));
    expect(t.format).toMatchObject({ source: 'qualtrics', headerRows: 2 });
    expect(roles(t).ResponseID).toBe('metadata');
    expect(roles(t).ExternalDataReference).toBe('metadata');
    expect(surveyQuestions(t)).toEqual(['Q1_1', 'Q1_2', 'Q2']);
  });

  it('survey → Viva offers the questions and finds EndDate and the email', async () => {
    const t = await readFixture('qualtrics-2017-single-quotes.csv');
    const facts = describeSurvey(t);
    expect(surveyQuestions(t)).toEqual(['Q1_1', 'Q1_2', 'Q2']);
    expect(facts.latestEnd).toBe('2017-06-07');
    expect(facts.identifier?.tag).toBe('RecipientEmail');
    expect(facts.columns[col(t, 'Q1_1')].ref.importId).toBe('QID1#1-1');
  });

  it('Analysis lists the questions with their statements and trends by EndDate', async () => {
    const t = await readFixture('qualtrics-2017-single-quotes.csv');
    const facts = describeForAnalysis(t);
    expect(facts.questions.map((q) => [q.name, shortLabel(q.label)])).toEqual([
      ['Q1_1', 'I feel valued'],
      ['Q1_2', 'I would recommend us'],
      ['Q2', 'How likely are you to stay?'],
    ]);
    expect(facts.dates[0].name).toBe('EndDate');
  });
});

// ------------------------------------------------------------------------------------------
describe('case 4: HTML and "Selected Choice" in labels', () => {
  it('strips HTML from labels and keeps the raw text in labelHtml', async () => {
    const t = await readFixture('html-labels.csv');
    expect(t.columns[col(t, 'Q1')]).toMatchObject({
      label: 'How satisfied are you with your team?',
      labelHtml: '<b>How satisfied</b> are you<br>with your team?',
    });
    expect(t.columns[col(t, 'Q2')].label).toBe("Tom & Jerry's question");
    expect(t.columns[col(t, 'Q3')].label).toBe('Which office? - Selected Choice');
    expect(t.columns[col(t, 'Q4_1')].label).toBe('Agree? - I feel valued');
    // Labels without HTML get no labelHtml.
    expect(t.columns[col(t, 'EndDate')].labelHtml).toBeUndefined();
    expect(t.columns.every((c) => !/[<>]|&\w+;/.test(c.label ?? ''))).toBe(true);
  });

  it('shows the question for "Question - Selected Choice" and the statement for matrix rows', async () => {
    const t = await readFixture('html-labels.csv');
    const label = (n: string) => t.columns[col(t, n)].label;
    expect(matrixStatement(label('Q3'))).toBe('Which office?');
    expect(shortLabel(label('Q3')!)).toBe('Which office?');
    expect(matrixStatement(label('Q4_1'))).toBe('I feel valued');
    expect(matrixStatement(label('Q1'))).toBe('How satisfied are you with your team?');
    expect(matrixStatement('A - B - Selected Choice')).toBe('A - B');
  });

  it('the other-text column is not a question; survey → Viva and Analysis search plain labels', async () => {
    const t = await readFixture('html-labels.csv');
    expect(roles(t).Q3_4_TEXT).toBe('other-text');
    const survey = describeSurvey(t);
    expect(surveyQuestions(t)).toEqual(['Q1', 'Q2', 'Q3', 'Q4_1', 'Q4_2']);
    expect(survey.columns[col(t, 'Q1')].label).toBe('How satisfied are you with your team?');
    const analysis = describeForAnalysis(t);
    expect(analysis.questions.find((q) => q.name === 'Q2')!.label).toBe("Tom & Jerry's question");
    expect(analysis.questions.map((q) => q.name)).not.toContain('Q3_4_TEXT');
  });
});

// ------------------------------------------------------------------------------------------
describe('case 5: columns that are not answers', () => {
  const expected: Record<string, QualtricsRole> = {
    Q1_DO_1: 'display-order',
    Q1_DO_2: 'display-order',
    Q2_ADO: 'display-order',
    FL_20_DO: 'display-order',
    'Q5_First Click': 'timing',
    'Q5_Last Click': 'timing',
    'Q5_Page Submit': 'timing',
    'Q5_Click Count': 'timing',
    Q20_Browser: 'meta-info',
    Q20_Version: 'meta-info',
    'Q20_Operating System': 'meta-info',
    Q20_Resolution: 'meta-info',
    'Q6 - Topics': 'text-iq',
    'Q6 - Parent Topics': 'text-iq',
    'Q6 - Sentiment': 'text-iq',
    'Q6 - Sentiment Score': 'text-iq',
    'Q6 - Sentiment Polarity': 'text-iq',
    'Q6 - Topic Sentiment Label': 'text-iq',
    'Q6 - Topic Sentiment Score': 'text-iq',
    'Q6 - Actionability': 'text-iq',
    'Q6 - Emotion': 'text-iq',
    Q7_10_TEXT: 'other-text',
  };
  const lines = textOf('non-answer-columns.csv').split('\r\n');
  const layouts: [string, () => Promise<Table>, string[]][] = [
    ['3 header rows', () => readFixture('non-answer-columns.csv'), ['Q1', 'Q2', 'Q7']],
    [
      '2 header rows',
      () => readText([lines[0], lines[1], ...lines.slice(3)].join('\r\n')),
      // Without ImportIds a text entry question looks like a question.
      ['Q1', 'Q2', 'Q6', 'Q7'],
    ],
    [
      'the tag row only',
      () => readText([lines[0], ...lines.slice(3)].join('\r\n')),
      ['Q1', 'Q2', 'Q6', 'Q7'],
    ],
    [
      'an xlsx (2 header rows)',
      () => readXlsx(xlsxOf('non-answer-columns.csv')),
      ['Q1', 'Q2', 'Q6', 'Q7'],
    ],
  ];

  for (const [what, open, questions] of layouts) {
    it(`gives each its role and offers none as a question (${what})`, async () => {
      const t = await open();
      expect(t.format.source.startsWith('qualtrics')).toBe(true);
      const r = roles(t);
      for (const [name, role] of Object.entries(expected)) expect(r[name], name).toBe(role);
      expect(surveyQuestions(t)).toEqual(questions);
      const offered = analysisQuestions(t);
      for (const name of Object.keys(expected)) expect(offered).not.toContain(name);
      expect(offered).toEqual(expect.arrayContaining(['Q1', 'Q2']));
      // Display orders are not numbers to compare either.
      const metrics = describeForAnalysis(t).metrics.map((m) => m.name);
      expect(metrics).not.toContain('Q1_DO_1');
    });
  }

  it('labels of the choice column show the question, never "Selected Choice"', async () => {
    const t = await readFixture('non-answer-columns.csv');
    const q7 = describeForAnalysis(t).questions.find((q) => q.name === 'Q7');
    expect(q7 && shortLabel(q7.label)).toBe('Which office?');
  });

  it('a question column of pipe-joined orders is display order even without a DO tag', async () => {
    const t = await readText(
      'ResponseId,EndDate,Q9\nResponse ID,End Date,Order\n{"ImportId":"_recordId"},{"ImportId":"endDate"},{"ImportId":"QID9"}\nR_1,2024-01-01 10:00:00,1|3|2\nR_2,2024-01-02 10:00:00,2|1|3\n',
    );
    expect(roles(t).Q9).toBe('display-order');
  });
});

// ------------------------------------------------------------------------------------------
describe('case 8: multi-select answered in one cell', () => {
  it('gives choice-text and numeric comma-joined columns the multi-select role', async () => {
    const t = await readFixture('multi-select-one-cell.csv');
    expect(roles(t)).toMatchObject({
      Q1: 'multi-select',
      Q2: 'question', // "Yes, always" is one choice
      Q3: 'multi-select',
      Q4: 'question',
      Q5: 'multi-select',
    });
    expect(shown(t, 'Q3')[0]).toBe('1,3,5');
  });

  it('survey → Viva and the Analysis never offer them as scales', async () => {
    const t = await readFixture('multi-select-one-cell.csv');
    expect(surveyQuestions(t)).toEqual(['Q2', 'Q4']);
    const recipe = newSurveyRecipe(describeSurvey(t), 'r', '2026-01-01T00:00:00.000Z');
    expect(recipe.questions.map((q) => q.ref.tag)).toEqual(['Q4']);
    const offered = analysisQuestions(t);
    expect(offered).not.toContain('Q1');
    expect(offered).not.toContain('Q3');
    expect(offered).not.toContain('Q5');
    expect(offered).toContain('Q4');
  });

  it('is found in the parts reader and in an xlsx as well', async () => {
    const parts = await readInParts(bytesOf('multi-select-one-cell.csv'), 'm.csv');
    expect(roles(parts).Q1).toBe('multi-select');
    expect(roles(parts).Q3).toBe('multi-select');
    const t = await readXlsx(xlsxOf('multi-select-one-cell.csv'));
    expect(t.format.source).toBe('qualtrics-xlsx');
    expect(roles(t)).toMatchObject({ Q1: 'multi-select', Q2: 'question', Q3: 'multi-select' });
  });

  it('leaves a plain file and free-text answers alone', async () => {
    const plain = await readText('Name,Colours\nann,"Red,Blue"\nbob,Red\n');
    expect(plain.columns[1].qualtricsRole).toBeUndefined();
    const t = await readText(
      'ResponseId,EndDate,Q8\nResponse ID,End Date,What should we change?\n{"ImportId":"_recordId"},{"ImportId":"endDate"},{"ImportId":"QID8"}\n' +
        'R_1,2024-01-01 10:00:00,"Fewer meetings,more focus time"\nR_2,2024-01-02 10:00:00,"The canteen,honestly"\nR_3,2024-01-03 10:00:00,Nothing\n',
    );
    expect(roles(t).Q8).toBe('question');
  });
});
