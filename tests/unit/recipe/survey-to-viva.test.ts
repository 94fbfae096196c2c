import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openFile, readSheet } from '../../../workers/open-file';
import type { Problem } from '../../../src/lib/issues';
import { describeSurvey, type SurveyFacts } from '../../../src/lib/recipe/survey-columns';
import {
  canDownload,
  matchRecipe,
  newSurveyRecipe,
  pickRecipe,
  runSurveyToViva,
} from '../../../src/lib/recipe/survey-to-viva';
import {
  refKey,
  type ColumnRef,
  type QuestionSettings,
  type SurveyToVivaRecipe,
} from '../../../src/lib/recipe/types';
import type {
  ColumnData,
  ColumnMeta,
  ColumnType,
  QualtricsRole,
  Table,
  TextColumn,
} from '../../../src/lib/table/types';
import { toCsv } from '../../../src/lib/write/csv';
import { REAL_DATA_DIR } from '../../helpers/real-data';
import { makeSurveyRecipe } from '../../helpers/recipes';

// ---------------------------------------------------------------- in-memory tables

type Cell = string | number | null;

interface ColSpec {
  tag: string;
  cells: Cell[];
  label?: string;
  importId?: string;
  role?: QualtricsRole;
  /** Forced type; by default number when every non-blank cell is a number, else text. */
  type?: ColumnType;
}

/** A Table as the readers build it: 3 header rows (tags, labels, ImportIds) above the data. */
function makeTable(specs: ColSpec[], name = 'Pulse Q2.csv', headerRows = 3): Table {
  const rowCount = Math.max(0, ...specs.map((s) => s.cells.length));
  const columns: ColumnMeta[] = [];
  const data: ColumnData[] = [];
  specs.forEach((s, index) => {
    const cell = (r: number): Cell => s.cells[r] ?? null;
    const numeric =
      s.type === 'number' ||
      (s.type === undefined && s.cells.every((c) => c === null || typeof c === 'number'));
    if (numeric) {
      const values = new Float64Array(rowCount).fill(NaN);
      const invalid = new Map<number, string>();
      for (let r = 0; r < rowCount; r++) {
        const c = cell(r);
        if (typeof c === 'number') values[r] = c;
        else if (c !== null && c !== '') invalid.set(r, c);
      }
      data.push({ type: 'number', values, invalid });
    } else {
      const dict: string[] = [];
      const codes = new Int32Array(rowCount).fill(-1);
      for (let r = 0; r < rowCount; r++) {
        const c = cell(r);
        if (c === null || c === '') continue;
        const text = String(c);
        let code = dict.indexOf(text);
        if (code < 0) code = dict.push(text) - 1;
        codes[r] = code;
      }
      data.push({ type: (s.type ?? 'text') as TextColumn['type'], codes, dict });
    }
    const meta: ColumnMeta = {
      index,
      name: s.tag,
      header: s.tag,
      type: numeric ? 'number' : (s.type ?? 'text'),
    };
    if (s.label !== undefined) meta.label = s.label;
    if (s.importId !== undefined) meta.importId = s.importId;
    if (s.role !== undefined) meta.qualtricsRole = s.role;
    columns.push(meta);
  });
  return {
    name,
    rowCount,
    columns,
    data,
    format: { kind: 'csv', source: 'qualtrics', headerRows, notes: [] },
    issues: [],
  };
}

const meta = (tag: string, importId: string, cells: Cell[], type?: ColumnType): ColSpec => ({
  tag,
  importId,
  label: tag,
  role: 'metadata',
  cells,
  type,
});
const question = (tag: string, importId: string, cells: Cell[], label = `Label of ${tag}`) => ({
  tag,
  importId,
  label,
  role: 'question' as const,
  cells,
});
const embedded = (tag: string, cells: Cell[]): ColSpec => ({
  tag,
  importId: tag,
  label: tag,
  role: 'embedded',
  cells,
  type: 'text',
});

/** The ref the file gives a column. */
function refOf(facts: SurveyFacts, tag: string): ColumnRef {
  const c = facts.columns.find((col) => col.ref.tag === tag);
  if (!c) throw new Error(`no column ${tag}`);
  return c.ref;
}

function settings(
  ref: ColumnRef,
  over: Partial<Omit<QuestionSettings, 'ref'>> = {},
): QuestionSettings {
  return { ref, min: 1, max: 5, reverse: false, missingCodes: [], exportAs: null, ...over };
}

/** A recipe for `table` scoring one category over the given questions. */
function recipeFor(
  table: Table,
  over: Partial<SurveyToVivaRecipe> = {},
): { recipe: SurveyToVivaRecipe; facts: SurveyFacts } {
  const facts = describeSurvey(table);
  const base = newSurveyRecipe(facts, 'r1', '2026-07-01T00:00:00.000Z');
  return { recipe: { ...base, fileName: 'PulseQ2', ...over }, facts };
}

function run(table: Table, over: Partial<SurveyToVivaRecipe> = {}) {
  const { recipe, facts } = recipeFor(table, over);
  return runSurveyToViva(recipe, table, facts);
}

const rules = (problems: readonly Problem[]) => problems.map((p) => p.rule);
const find = (problems: readonly Problem[], rule: string) =>
  problems.filter((p) => p.rule === rule);

// ---------------------------------------------------------------- describeSurvey

describe('describeSurvey', () => {
  const table = makeTable([
    meta('StartDate', 'startDate', ['2026-05-01 08:00:00', '2026-06-01 08:00:00'], 'date'),
    meta('EndDate', 'endDate', ['2026-05-17 09:00:00', '2026-06-30 17:59:00'], 'date'),
    meta('RecipientEmail', 'recipientEmail', ['a@contoso.com', 'b@contoso.com'], 'text'),
    question('Q1', 'QID1', [2, 4]),
    question('Q2', 'QID2', [3, 7], 'How easy is it? (1 = Very difficult, 7 = Very easy)'),
    question('Q3', 'QID3', [0, 10]),
    question('Q4', 'QID4', [-99, 4]),
    { tag: 'Q5', importId: 'QID5_TEXT', label: 'Comments', role: 'text', cells: ['hi', ''] },
    embedded('Email_ID', ['ann@contoso.com', 'bob@contoso.com']),
  ]);
  const facts = describeSurvey(table);
  const col = (tag: string) => facts.columns.find((c) => c.ref.tag === tag)!;

  it('classifies metadata, question and other columns', () => {
    expect(facts.columns.map((c) => [c.ref.tag, c.kind])).toEqual([
      ['StartDate', 'metadata'],
      ['EndDate', 'metadata'],
      ['RecipientEmail', 'metadata'],
      ['Q1', 'question'],
      ['Q2', 'question'],
      ['Q3', 'question'],
      ['Q4', 'question'],
      ['Q5', 'other'],
      ['Email_ID', 'other'],
    ]);
  });

  it('keys columns by ImportId and keeps tag and label in the ref', () => {
    expect(col('Q1').key).toBe('id:QID1');
    expect(col('Q1').ref).toEqual({ tag: 'Q1', importId: 'QID1', label: 'Label of Q1' });
    expect(col('Q1').numeric).toBe(true);
    expect(col('Q5').numeric).toBe(false);
  });

  it('suggests Email_ID over RecipientEmail as the identifier', () => {
    expect(facts.identifier?.tag).toBe('Email_ID');
  });

  it('measures the share of valid emails (0 for numbers)', () => {
    expect(col('Email_ID').emailShare).toBe(1);
    expect(col('Q1').emailShare).toBe(0);
    const t = makeTable([
      embedded('Email_ID', ['a@contoso.com', 'b@contoso.com', 'c@contoso.com', 'nope', '']),
    ]);
    expect(describeSurvey(t).columns[0].emailShare).toBe(0.75);
  });

  it('suggests no identifier from a column with too few valid emails', () => {
    const t = makeTable([
      meta('RecipientEmail', 'recipientEmail', ['a@contoso.com', 'b@contoso.com'], 'text'),
      embedded('Email_ID', ['a@contoso.com', 'nope']),
    ]);
    expect(describeSurvey(t).identifier?.tag).toBe('RecipientEmail');
    expect(describeSurvey(makeTable([embedded('Email_ID', ['x', 'y'])])).identifier).toBeNull();
  });

  it('reads the scale from a label "(1 = Very difficult, 7 = Very easy)"', () => {
    expect(col('Q2').scale).toEqual({ min: 1, max: 7, missingCodes: [], source: 'label' });
  });

  it('takes the scale from the data when the label has none', () => {
    expect(col('Q1').scale).toEqual({ min: 1, max: 4, missingCodes: [], source: 'data' });
    expect(col('Q3').scale).toEqual({ min: 0, max: 10, missingCodes: [], source: 'data' });
  });

  it('suggests negative answers as missing codes', () => {
    expect(col('Q4').scale).toEqual({ min: 1, max: 4, missingCodes: [-99], source: 'data' });
  });

  it('gives no scale to columns that are not questions', () => {
    expect(col('Q5').scale).toBeNull();
    expect(col('EndDate').scale).toBeNull();
  });

  it('takes the suggested maximum from every answer, not only the first distinct ones', () => {
    // A 0–100 slider: 101 distinct answers, the largest one last.
    const answers = Array.from({ length: 101 }, (_, i) => i);
    const t = makeTable([question('Q1', 'QID1', answers)]);
    const c = describeSurvey(t).columns[0];
    expect(c.observed?.max).toBe(100);
    expect(c.scale).toMatchObject({ min: 0, max: 100 });
  });

  it('finds the latest EndDate as an ISO date', () => {
    expect(facts.latestEnd).toBe('2026-06-30');
  });

  it('has no latest EndDate without an EndDate column', () => {
    expect(describeSurvey(makeTable([question('Q1', 'QID1', [1])])).latestEnd).toBeNull();
  });

  it('reports the title, row count and header rows', () => {
    expect(facts.title).toBe('Pulse Q2.csv');
    expect(facts.rowCount).toBe(2);
    expect(facts.headerRows).toBe(3);
  });
});

// ---------------------------------------------------------------- newSurveyRecipe

describe('newSurveyRecipe', () => {
  const table = makeTable([
    meta('EndDate', 'endDate', ['2026-05-17 09:00:00'], 'date'),
    question('Q1', 'QID1', [-99]),
    question('Q2', 'QID2', [3], 'Ease (1 = Very difficult, 7 = Very easy)'),
    { tag: 'Q3', importId: 'QID3', label: 'Why?', role: 'question', cells: ['text'] },
    embedded('Email_ID', ['ann@contoso.com']),
  ]);
  const facts = describeSurvey(table);
  const r = newSurveyRecipe(facts, 'id-1', '2026-07-01T00:00:00.000Z');

  it('applies every suggestion and has no categories yet', () => {
    expect(r).toMatchObject({
      kind: 'survey-to-viva',
      version: 1,
      id: 'id-1',
      name: 'Pulse Q2',
      created: '2026-07-01T00:00:00.000Z',
      updated: '2026-07-01T00:00:00.000Z',
      keep: [],
      identifier: { tag: 'Email_ID', importId: 'Email_ID', label: 'Email_ID' },
      lowercase: true,
      emailFixes: {},
      categories: [],
      effectiveDate: { kind: 'quarter-start' },
      duplicates: 'latest',
      decimals: 2,
      fileName: 'PulseQ2Viva',
    });
  });

  it('records the survey title and every column key', () => {
    expect(r.survey).toEqual({
      title: 'Pulse Q2.csv',
      columnKeys: ['id:endDate', 'id:QID1', 'id:QID2', 'id:QID3', 'id:Email_ID'],
    });
  });

  it('lists the questions with a scale, with suggested settings', () => {
    expect(r.questions).toEqual([
      {
        ref: refOf(facts, 'Q2'),
        min: 1,
        max: 7,
        reverse: false,
        missingCodes: [],
        exportAs: null,
      },
    ]);
  });
});

// ---------------------------------------------------------------- matchRecipe / pickRecipe

describe('matchRecipe', () => {
  const wave1 = makeTable([
    question('Q1', 'QID1', [4], 'I feel valued'),
    question('Q2', 'QID2', [3], 'I would leave'),
    embedded('Email_ID', ['ann@contoso.com']),
  ]);
  const f1 = describeSurvey(wave1);
  const recipe: SurveyToVivaRecipe = {
    ...newSurveyRecipe(f1, 'r', '2026-01-01T00:00:00.000Z'),
    categories: [{ name: 'Engagement', questions: ['id:QID1', 'id:QID2'], minAnswered: 1 }],
  };

  it('matches by ImportId when the export tag was renamed', () => {
    const wave2 = makeTable([
      embedded('Email_ID', ['bob@contoso.com']),
      question('Valued', 'QID1', [5], 'I feel valued'),
      question('Q2', 'QID2', [2], 'I would leave'),
    ]);
    const m = matchRecipe(recipe, describeSurvey(wave2));
    expect(m.index.get('id:QID1')).toBe(1);
    expect(m.index.get('id:QID2')).toBe(2);
    expect(m.index.get('id:Email_ID')).toBe(0);
    expect(m.unmatched).toEqual([]);
    expect(m.added).toEqual([]);
  });

  it('matches by export tag when the file has no ImportIds', () => {
    const r = makeSurveyRecipe({
      keep: [],
      identifier: { tag: 'Email_ID' },
      questions: [settings({ tag: 'Q1' }), settings({ tag: 'Q2' })],
      categories: [{ name: 'Engagement', questions: ['tag:Q1', 'tag:Q2'], minAnswered: 1 }],
    });
    const xlsx = makeTable(
      [
        { tag: 'Q2', role: 'question', cells: [1] },
        { tag: 'Q1', role: 'question', cells: [2] },
        { tag: 'Email_ID', role: 'embedded', cells: ['a@contoso.com'] },
      ],
      'pulse.xlsx',
      2,
    );
    const m = matchRecipe(r, describeSurvey(xlsx));
    expect(m.index.get('tag:Q1')).toBe(1);
    expect(m.index.get('tag:Q2')).toBe(0);
    expect(m.index.get('tag:Email_ID')).toBe(2);
    expect(m.unmatched).toEqual([]);
  });

  it('matches by question label when tag and ImportId changed', () => {
    const r = makeSurveyRecipe({
      keep: [],
      identifier: null,
      questions: [settings({ tag: 'Q5', label: 'I feel valued' })],
      categories: [{ name: 'Engagement', questions: ['tag:Q5'], minAnswered: 1 }],
    });
    const t = makeTable([
      question('Q7', 'QID7', [4], 'I feel valued'),
      question('Q8', 'QID8', [4], 'Something else'),
    ]);
    const m = matchRecipe(r, describeSurvey(t));
    expect(m.index.get('tag:Q5')).toBe(0);
    expect(m.added.map((c) => c.ref.tag)).toEqual(['Q8']);
  });

  it('lists the references the file does not have and the new questions', () => {
    const wave2 = makeTable([
      question('Q1', 'QID1', [5], 'I feel valued'),
      question('Q9', 'QID9', [2], 'A new question'),
      embedded('Email_ID', ['bob@contoso.com']),
    ]);
    const m = matchRecipe(recipe, describeSurvey(wave2));
    expect(m.unmatched).toEqual([refOf(f1, 'Q2')]);
    expect(m.added.map((c) => c.ref.tag)).toEqual(['Q9']);
    expect(m.index.has('id:QID2')).toBe(false);
  });
});

describe('pickRecipe', () => {
  const t = makeTable([
    question('Q1', 'QID1', [4]),
    question('Q2', 'QID2', [3]),
    embedded('Email_ID', ['ann@contoso.com']),
  ]);
  const facts = describeSurvey(t);
  const using = (id: string, keys: string[], updated = '2026-01-01T00:00:00.000Z') =>
    makeSurveyRecipe({
      id,
      updated,
      questions: keys.map((k) => settings({ tag: k, importId: k.replace('id:', '') })),
      categories: [{ name: 'Engagement', questions: keys, minAnswered: 1 }],
    });

  it('picks the recipe that finds the most scored questions', () => {
    const half = using('half', ['id:QID1', 'id:QID8']);
    const all = using('all', ['id:QID1', 'id:QID2']);
    expect(pickRecipe([half, all], facts)?.id).toBe('all');
    expect(pickRecipe([all, half], facts)?.id).toBe('all');
  });

  it('accepts a recipe that finds exactly half of its questions', () => {
    expect(pickRecipe([using('half', ['id:QID1', 'id:QID8'])], facts)?.id).toBe('half');
  });

  it('returns null when no recipe finds half of its questions', () => {
    const third = using('third', ['id:QID1', 'id:QID8', 'id:QID9']);
    const none = using('none', ['id:QID7']);
    expect(pickRecipe([third, none], facts)).toBeNull();
    expect(pickRecipe([], facts)).toBeNull();
  });

  it('prefers the more recently updated of two equal fits', () => {
    const old = using('old', ['id:QID1', 'id:QID2'], '2026-01-01T00:00:00.000Z');
    const recent = using('recent', ['id:QID1', 'id:QID2'], '2026-03-01T00:00:00.000Z');
    expect(pickRecipe([old, recent], facts)?.id).toBe('recent');
  });
});

// ---------------------------------------------------------------- runSurveyToViva

/** Four responses; scores worked by hand in the tests below. */
function scoresTable(): Table {
  return makeTable([
    meta(
      'EndDate',
      'endDate',
      ['2026-05-02 10:00:00', '2026-05-17 09:00:00', '2026-05-03 10:00:00', '2026-04-20 10:00:00'],
      'date',
    ),
    question('Q1', 'QID1', [4, 6, null, 2]),
    question('Q2', 'QID2', [2, 5, 1, null]),
    question('Q3', 'QID3', [5, 3, -99, null]),
    embedded('Email_ID', [
      ' Ann@Contoso.COM ',
      'bob@contoso.com',
      'cy@contoso.com',
      'dee@contoso.com',
    ]),
    embedded('Department', ['Sales\nEMEA', 'HR', 'IT', 'IT']),
  ]);
}

function scoresRecipe(table: Table, minAnswered = 1, over: Partial<SurveyToVivaRecipe> = {}) {
  const facts = describeSurvey(table);
  return recipeFor(table, {
    questions: [
      settings(refOf(facts, 'Q1'), { missingCodes: [6] }),
      settings(refOf(facts, 'Q2'), { reverse: true, exportAs: 'Leave' }),
      settings(refOf(facts, 'Q3'), { missingCodes: [-99] }),
    ],
    categories: [{ name: 'Engagement', questions: ['id:QID1', 'id:QID2', 'id:QID3'], minAnswered }],
    ...over,
  }).recipe;
}

describe('runSurveyToViva: scores', () => {
  it('averages answered items with reverse scoring and missing codes', () => {
    const t = scoresTable();
    const out = runSurveyToViva(scoresRecipe(t), t, describeSurvey(t));
    // Row 1: 4, 6−2=4, 5 → 13/3; row 2: 6 missing, 6−5=1, 3 → 2; row 3: 6−1=5, −99 missing → 5;
    // row 4: 2 alone → 2.
    expect(out.header).toEqual(['PersonId', 'EffectiveDate', 'Engagement', 'Leave']);
    expect(out.rows).toEqual([
      ['ann@contoso.com', '04/01/2026', '4.33', '4'],
      ['bob@contoso.com', '04/01/2026', '2', '1'],
      ['cy@contoso.com', '04/01/2026', '5', '5'],
      ['dee@contoso.com', '04/01/2026', '2', ''],
    ]);
    expect(out.stats.missingCoded).toBe(2);
    expect(out.stats.outOfRange).toBe(0);
    expect(out.stats.blankScores).toEqual({ Engagement: 0, Leave: 1 });
    expect(canDownload(out)).toBe(true);
  });

  it('leaves a category blank when fewer than minAnswered items were answered', () => {
    const t = scoresTable();
    const out = runSurveyToViva(scoresRecipe(t, 2), t, describeSurvey(t));
    expect(out.rows.map((r) => r[2])).toEqual(['4.33', '2', '', '']);
    expect(out.stats.blankScores.Engagement).toBe(2);
    const info = find(out.problems, 'blank-scores').filter((p) => p.column === 'Engagement');
    expect(info).toHaveLength(1);
    expect(info[0]).toMatchObject({ code: 'info', severity: 'warning' });
    expect(info[0].message).toContain('2 of 4 people');
  });

  it('reports answers outside the scale with their file row', () => {
    const t = makeTable([
      meta('EndDate', 'endDate', ['2026-05-02 10:00:00', '2026-05-02 10:00:00'], 'date'),
      question('Q1', 'QID1', [3, 9]),
      embedded('Email_ID', ['ann@contoso.com', 'bob@contoso.com']),
    ]);
    const facts = describeSurvey(t);
    const { recipe } = recipeFor(t, {
      questions: [settings(refOf(facts, 'Q1'))],
      categories: [{ name: 'Engagement', questions: ['id:QID1'], minAnswered: 1 }],
    });
    const out = runSurveyToViva(recipe, t, facts);
    expect(out.rows.map((r) => r[2])).toEqual(['3', '']);
    expect(out.stats.outOfRange).toBe(1);
    expect(find(out.problems, 'out-of-range')).toEqual([
      expect.objectContaining({ row: 5, column: 'Q1', severity: 'warning' }),
    ]);
  });

  it('writes each question exported on its own under its exportAs name', () => {
    const t = scoresTable();
    const facts = describeSurvey(t);
    const { recipe } = recipeFor(t, {
      questions: [
        settings(refOf(facts, 'Q1'), { missingCodes: [6], exportAs: 'Valued' }),
        settings(refOf(facts, 'Q3'), { missingCodes: [-99], exportAs: 'Pride' }),
      ],
      categories: [],
    });
    const out = runSurveyToViva(recipe, t, facts);
    expect(out.header).toEqual(['PersonId', 'EffectiveDate', 'Valued', 'Pride']);
    expect(out.rows.map((r) => r.slice(2))).toEqual([
      ['4', '5'],
      ['', '3'],
      ['', ''],
      ['2', ''],
    ]);
  });

  it('rounds scores to the recipe decimals', () => {
    const t = scoresTable();
    const out = runSurveyToViva(scoresRecipe(t, 1, { decimals: 0 }), t, describeSurvey(t));
    expect(out.rows[0][2]).toBe('4');
    const one = runSurveyToViva(scoresRecipe(t, 1, { decimals: 1 }), t, describeSurvey(t));
    expect(one.rows[0][2]).toBe('4.3');
  });

  it('leaves out a question exported as labels, with a not-numeric warning', () => {
    const t = makeTable([
      meta('EndDate', 'endDate', ['2026-05-02 10:00:00', '2026-05-03 10:00:00'], 'date'),
      question('Q1', 'QID1', ['Agree', 'Strongly agree']),
      question('Q2', 'QID2', [2, 4]),
      embedded('Email_ID', ['ann@contoso.com', 'bob@contoso.com']),
    ]);
    const facts = describeSurvey(t);
    expect(facts.columns[1].numeric).toBe(false);
    const { recipe } = recipeFor(t, {
      questions: [settings(refOf(facts, 'Q1')), settings(refOf(facts, 'Q2'))],
      categories: [{ name: 'Engagement', questions: ['id:QID1', 'id:QID2'], minAnswered: 1 }],
    });
    const out = runSurveyToViva(recipe, t, facts);
    expect(find(out.problems, 'not-numeric')).toEqual([
      expect.objectContaining({ column: 'Q1', row: null, severity: 'warning' }),
    ]);
    expect(out.rows.map((r) => r[2])).toEqual(['2', '4']);
  });

  it('warns about a non-number cell in a number column, with its file row', () => {
    const t = makeTable([
      meta('EndDate', 'endDate', ['2026-05-02 10:00:00', '2026-05-03 10:00:00'], 'date'),
      { ...question('Q1', 'QID1', [3, 'n/a']), type: 'number' },
      embedded('Email_ID', ['ann@contoso.com', 'bob@contoso.com']),
    ]);
    const facts = describeSurvey(t);
    const { recipe } = recipeFor(t, {
      questions: [settings(refOf(facts, 'Q1'))],
      categories: [{ name: 'Engagement', questions: ['id:QID1'], minAnswered: 1 }],
    });
    const out = runSurveyToViva(recipe, t, facts);
    expect(find(out.problems, 'not-numeric')).toEqual([
      expect.objectContaining({ column: 'Q1', row: 5 }),
    ]);
    expect(out.rows.map((r) => r[2])).toEqual(['3', '']);
  });

  it('warns about a category with no question in the file and leaves it out', () => {
    const t = scoresTable();
    const out = run(t, {
      questions: scoresRecipe(t).questions,
      categories: [
        { name: 'Engagement', questions: ['id:QID1'], minAnswered: 1 },
        { name: 'Gone', questions: ['id:QID99'], minAnswered: 1 },
      ],
    });
    expect(out.header).toEqual(['PersonId', 'EffectiveDate', 'Engagement', 'Leave']);
    expect(find(out.problems, 'empty-category')).toEqual([
      expect.objectContaining({ column: 'Gone', severity: 'warning' }),
    ]);
  });

  it('warns about a recipe question the file does not have', () => {
    const t = scoresTable();
    const r = scoresRecipe(t);
    const missing = settings({ tag: 'Q9', importId: 'QID9', label: 'Gone' });
    const out = runSurveyToViva(
      { ...r, questions: [...r.questions, missing] },
      t,
      describeSurvey(t),
    );
    expect(out.unmatched).toEqual([missing.ref]);
    expect(find(out.problems, 'unmatched')).toEqual([
      expect.objectContaining({ column: 'Q9', code: 'unmatched-column', severity: 'warning' }),
    ]);
  });
});

describe('runSurveyToViva: kept columns', () => {
  it('adds kept columns after the scores under their output names', () => {
    const t = scoresTable();
    const facts = describeSurvey(t);
    const out = runSurveyToViva(
      scoresRecipe(t, 1, { keep: [{ ref: refOf(facts, 'Department'), as: 'Dept' }] }),
      t,
      facts,
    );
    expect(out.header).toEqual(['PersonId', 'EffectiveDate', 'Engagement', 'Leave', 'Dept']);
    expect(out.rows.map((r) => r[4])).toEqual(['Sales EMEA', 'HR', 'IT', 'IT']);
  });

  it('replaces a line break in a kept value with a space and warns', () => {
    const t = scoresTable();
    const facts = describeSurvey(t);
    const out = runSurveyToViva(
      scoresRecipe(t, 1, { keep: [{ ref: refOf(facts, 'Department'), as: 'Dept' }] }),
      t,
      facts,
    );
    expect(out.rows[0][4]).toBe('Sales EMEA');
    expect(find(out.problems, 'value-newline')).toEqual([
      expect.objectContaining({ row: 4, column: 'Dept', severity: 'warning' }),
    ]);
    expect(canDownload(out)).toBe(true);
  });

  it('counts a kept column as output even without scores', () => {
    const t = scoresTable();
    const facts = describeSurvey(t);
    const out = run(t, {
      questions: [],
      keep: [{ ref: refOf(facts, 'Department'), as: 'Dept' }],
    });
    expect(rules(out.problems)).not.toContain('no-scores');
    expect(out.header).toEqual(['PersonId', 'EffectiveDate', 'Dept']);
  });
});

describe('runSurveyToViva: people', () => {
  /** One category over Q1; identifier cells as given. */
  function people(ids: Cell[], over: Partial<SurveyToVivaRecipe> = {}, q1?: Cell[]) {
    const t = makeTable([
      meta(
        'EndDate',
        'endDate',
        ids.map((_, i) => `2026-05-${String(i + 1).padStart(2, '0')} 10:00:00`),
        'date',
      ),
      question('Q1', 'QID1', q1 ?? ids.map((_, i) => (i % 5) + 1)),
      embedded('Email_ID', ids),
    ]);
    const facts = describeSurvey(t);
    const { recipe } = recipeFor(t, {
      identifier: refOf(facts, 'Email_ID'),
      questions: [settings(refOf(facts, 'Q1'))],
      categories: [{ name: 'Engagement', questions: ['id:QID1'], minAnswered: 1 }],
      ...over,
    });
    return runSurveyToViva(recipe, t, facts);
  }

  it('trims and lower-cases PersonId', () => {
    const out = people([' Ann.Lee@Contoso.COM  ', 'bob@contoso.com']);
    expect(out.rows.map((r) => r[0])).toEqual(['ann.lee@contoso.com', 'bob@contoso.com']);
  });

  it('keeps the case when lowercase is off', () => {
    const out = people([' Ann@Contoso.com '], { lowercase: false });
    expect(out.rows[0][0]).toBe('Ann@Contoso.com');
  });

  it('leaves out an invalid email with its file row and the raw value as fix', () => {
    const out = people(['ann@contoso.com', 'bob@contoso.com', 'cy@contoso,com']);
    expect(out.rows.map((r) => r[0])).toEqual(['ann@contoso.com', 'bob@contoso.com']);
    expect(out.stats.invalidEmails).toBe(1);
    const bad = find(out.problems, 'invalid-email');
    // Data row 2 (0-based) is file row 2 + 3 header rows + 1 = 6.
    expect(bad).toEqual([
      expect.objectContaining({
        row: 6,
        column: 'Email_ID',
        code: 'invalid-email',
        severity: 'warning',
        fix: 'cy@contoso,com',
      }),
    ]);
  });

  it('applies email fixes before checking', () => {
    const out = people(['ann@contoso.com', 'cy@contoso,com'], {
      emailFixes: { 'cy@contoso,com': 'Cy@Contoso.com' },
    });
    expect(out.rows.map((r) => r[0])).toEqual(['ann@contoso.com', 'cy@contoso.com']);
    expect(out.stats.fixedEmails).toBe(1);
    expect(out.stats.invalidEmails).toBe(0);
    expect(find(out.problems, 'invalid-email')).toEqual([]);
  });

  it('treats an identifier named like an object property as an invalid email', () => {
    // `emailFixes` is a plain object: a lookup of "toString" must not find Object.prototype's.
    const out = people(['ann@contoso.com', 'toString']);
    expect(out.rows.map((r) => r[0])).toEqual(['ann@contoso.com']);
    expect(out.stats.invalidEmails).toBe(1);
  });

  it('counts blank identifiers and warns once', () => {
    const out = people(['ann@contoso.com', null, '  ', 'bob@contoso.com']);
    expect(out.stats.blankIds).toBe(2);
    expect(out.rows).toHaveLength(2);
    const blank = find(out.problems, 'blank-identifier');
    expect(blank).toHaveLength(1);
    expect(blank[0]).toMatchObject({ row: null, column: 'Email_ID' });
  });

  it('errors when no response has a valid email', () => {
    const out = people(['nope', null]);
    expect(rules(out.problems)).toContain('no-rows');
    expect(canDownload(out)).toBe(false);
  });

  it('errors without an identifier column', () => {
    const out = people(['ann@contoso.com'], { identifier: null });
    expect(find(out.problems, 'no-identifier')).toEqual([
      expect.objectContaining({ severity: 'error', column: 'PersonId' }),
    ]);
    expect(out.rows).toEqual([]);
    expect(canDownload(out)).toBe(false);
  });

  it('errors when the identifier column is not in the file', () => {
    const out = people(['ann@contoso.com'], { identifier: { tag: 'Mail', importId: 'Mail' } });
    expect(find(out.problems, 'no-identifier')[0].message).toContain('"Mail"');
  });

  it('counts responses and people', () => {
    const out = people(['a@contoso.com', 'b@contoso.com', 'A@contoso.com']);
    expect(out.stats).toMatchObject({
      responses: 3,
      people: 2,
      duplicatePeople: 1,
      duplicateResponses: 2,
      rejectedPeople: 0,
    });
  });
});

describe('runSurveyToViva: duplicates', () => {
  /** ann answers twice: 2 on 2026-05-20 (row 0), 4 on 2026-05-10 (row 2). */
  function dupTable(): Table {
    return makeTable([
      meta(
        'EndDate',
        'endDate',
        ['2026-05-20 10:00:00', '2026-05-11 10:00:00', '2026-05-10 10:00:00'],
        'date',
      ),
      question('Q1', 'QID1', [2, 5, 4]),
      embedded('Email_ID', ['ann@contoso.com', 'bob@contoso.com', 'ANN@contoso.com']),
      embedded('Team', ['first', 'b', 'second']),
    ]);
  }
  function dup(policy: SurveyToVivaRecipe['duplicates']) {
    const t = dupTable();
    const facts = describeSurvey(t);
    const { recipe } = recipeFor(t, {
      duplicates: policy,
      questions: [settings(refOf(facts, 'Q1'))],
      categories: [{ name: 'Engagement', questions: ['id:QID1'], minAnswered: 1 }],
      keep: [{ ref: refOf(facts, 'Team'), as: 'Team' }],
    });
    return runSurveyToViva(recipe, t, facts);
  }

  it('latest keeps the response with the latest EndDate', () => {
    const out = dup('latest');
    expect(out.rows).toEqual([
      ['ann@contoso.com', '04/01/2026', '2', 'first'],
      ['bob@contoso.com', '04/01/2026', '5', 'b'],
    ]);
    expect(out.stats).toMatchObject({ people: 2, duplicatePeople: 1, duplicateResponses: 2 });
  });

  it('latest prefers RecordedDate over EndDate', () => {
    const t = makeTable([
      meta('RecordedDate', 'recordedDate', ['2026-05-01 00:00:00', '2026-05-30 00:00:00'], 'date'),
      meta('EndDate', 'endDate', ['2026-05-20 00:00:00', '2026-05-10 00:00:00'], 'date'),
      question('Q1', 'QID1', [2, 4]),
      embedded('Email_ID', ['ann@contoso.com', 'ann@contoso.com']),
    ]);
    const facts = describeSurvey(t);
    const out = run(t, {
      questions: [settings(refOf(facts, 'Q1'))],
      categories: [{ name: 'Engagement', questions: ['id:QID1'], minAnswered: 1 }],
    });
    expect(out.rows).toEqual([['ann@contoso.com', '04/01/2026', '4']]);
  });

  it('mean averages the scores of all responses and keeps the last one’s columns', () => {
    const out = dup('mean');
    expect(out.rows).toEqual([
      ['ann@contoso.com', '04/01/2026', '3', 'second'],
      ['bob@contoso.com', '04/01/2026', '5', 'b'],
    ]);
    expect(out.stats).toMatchObject({ people: 2, duplicatePeople: 1, duplicateResponses: 2 });
  });

  it('reject leaves the person out and warns with every file row', () => {
    const out = dup('reject');
    expect(out.rows).toEqual([['bob@contoso.com', '04/01/2026', '5', 'b']]);
    expect(out.stats).toMatchObject({
      people: 1,
      duplicatePeople: 1,
      duplicateResponses: 2,
      rejectedPeople: 1,
    });
    const rejected = find(out.problems, 'duplicate-rejected');
    expect(rejected).toEqual([
      expect.objectContaining({ row: 4, code: 'duplicate-person', severity: 'warning' }),
    ]);
    expect(rejected[0].message).toContain('rows 4, 6');
  });
});

describe('runSurveyToViva: EffectiveDate', () => {
  const t = scoresTable(); // latest EndDate 2026-05-17

  it('quarter-start gives the first day of the latest EndDate’s quarter', () => {
    const out = run(t, { ...scoresRecipe(t), effectiveDate: { kind: 'quarter-start' } });
    expect(out.effectiveDate).toBe('04/01/2026');
    expect(out.rows.every((r) => r[1] === '04/01/2026')).toBe(true);
  });

  it('month-start gives the first day of the latest EndDate’s month', () => {
    const out = run(t, { ...scoresRecipe(t), effectiveDate: { kind: 'month-start' } });
    expect(out.effectiveDate).toBe('05/01/2026');
  });

  it('fixed writes the given date as MM/DD/YYYY', () => {
    const out = run(t, {
      ...scoresRecipe(t),
      effectiveDate: { kind: 'fixed', date: '2026-03-15' },
    });
    expect(out.effectiveDate).toBe('03/15/2026');
    expect(out.rows[0][1]).toBe('03/15/2026');
  });

  it('errors when the quarter cannot be found because there is no EndDate', () => {
    const noEnd = makeTable([
      question('Q1', 'QID1', [3]),
      embedded('Email_ID', ['ann@contoso.com']),
    ]);
    const facts = describeSurvey(noEnd);
    const out = run(noEnd, {
      questions: [settings(refOf(facts, 'Q1'))],
      categories: [{ name: 'Engagement', questions: ['id:QID1'], minAnswered: 1 }],
    });
    expect(out.effectiveDate).toBeNull();
    expect(find(out.problems, 'no-effective-date')).toEqual([
      expect.objectContaining({ severity: 'error', column: 'EffectiveDate' }),
    ]);
    expect(out.rows[0][1]).toBe('');
    expect(canDownload(out)).toBe(false);
  });

  it('a fixed date works without an EndDate', () => {
    const noEnd = makeTable([
      question('Q1', 'QID1', [3]),
      embedded('Email_ID', ['ann@contoso.com']),
    ]);
    const facts = describeSurvey(noEnd);
    const out = run(noEnd, {
      questions: [settings(refOf(facts, 'Q1'))],
      categories: [{ name: 'Engagement', questions: ['id:QID1'], minAnswered: 1 }],
      effectiveDate: { kind: 'fixed', date: '2026-04-01' },
    });
    expect(out.effectiveDate).toBe('04/01/2026');
    expect(canDownload(out)).toBe(true);
  });

  it('a fixed date that does not exist is an error, not an exception', () => {
    const r = { ...scoresRecipe(t), effectiveDate: { kind: 'fixed' as const, date: '2026-02-30' } };
    let out: ReturnType<typeof runSurveyToViva> | undefined;
    expect(() => (out = runSurveyToViva(r, t, describeSurvey(t)))).not.toThrow();
    expect(out?.effectiveDate).toBeNull();
    expect(rules(out?.problems ?? [])).toContain('no-effective-date');
  });
});

describe('runSurveyToViva: header and file rules', () => {
  it('flags a category name with a space as an error with a fix', () => {
    const t = scoresTable();
    const r = scoresRecipe(t);
    const out = runSurveyToViva(
      { ...r, categories: [{ ...r.categories[0], name: 'Manager Effectiveness' }] },
      t,
      describeSurvey(t),
    );
    expect(out.header[2]).toBe('Manager Effectiveness');
    const p = out.problems.find((x) => x.column === 'Manager Effectiveness');
    expect(p).toMatchObject({
      severity: 'error',
      rule: 'header-chars',
      code: 'viva-header',
      fix: 'Manager_Effectiveness',
    });
    expect(canDownload(out)).toBe(false);
  });

  it('flags a bad file name with a fix', () => {
    const t = scoresTable();
    const out = runSurveyToViva({ ...scoresRecipe(t), fileName: 'Pulse Q2' }, t, describeSurvey(t));
    expect(find(out.problems, 'file-name')).toEqual([
      expect.objectContaining({ severity: 'error', fix: 'PulseQ2.csv' }),
    ]);
  });

  it('errors when there is nothing to upload but PersonId and EffectiveDate', () => {
    const out = run(scoresTable(), { questions: [], categories: [] });
    expect(out.header).toEqual(['PersonId', 'EffectiveDate']);
    expect(find(out.problems, 'no-scores')).toEqual([
      expect.objectContaining({ severity: 'error', code: 'viva-header' }),
    ]);
    expect(canDownload(out)).toBe(false);
  });

  it('lists errors before warnings', () => {
    const t = scoresTable();
    const r = scoresRecipe(t);
    const out = runSurveyToViva(
      { ...r, categories: [{ ...r.categories[0], name: 'Engagement score', minAnswered: 3 }] },
      t,
      describeSurvey(t),
    );
    const sev = out.problems.map((p) => p.severity);
    expect(sev).toContain('error');
    expect(sev).toContain('warning');
    expect(sev).toEqual([...sev].sort());
  });

  it('allows the download when nothing is wrong', () => {
    const t = scoresTable();
    const out = runSurveyToViva(scoresRecipe(t), t, describeSurvey(t));
    expect(out.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(canDownload(out)).toBe(true);
    expect(canDownload({ problems: [] })).toBe(true);
  });
});

// ---------------------------------------------------------------- the real exports

/** Opens a sample file as the app does (first visible sheet of a workbook). */
async function openSample(name: string): Promise<Table> {
  const bytes = new Uint8Array(readFileSync(join(REAL_DATA_DIR, name)));
  const opened = await openFile(new Blob([bytes]), name, {});
  if (opened.kind === 'table') return opened.table;
  const wb = opened.workbook;
  return readSheet(wb, (wb.sheets.find((s) => !s.hidden) ?? wb.sheets[0]).name, {});
}

/** A fresh recipe with one category over the file's numeric questions. */
function oneCategory(facts: SurveyFacts): SurveyToVivaRecipe {
  const r = newSurveyRecipe(facts, 'real', '2026-07-01T00:00:00.000Z');
  return {
    ...r,
    categories: [
      { name: 'Engagement', questions: r.questions.map((q) => refKey(q.ref)), minAnswered: 1 },
    ],
  };
}

describe('real export: qualtrics-export-sample.csv (current format)', async () => {
  const table = await openSample('qualtrics-export-sample.csv');
  const facts = describeSurvey(table);
  const col = (tag: string) => facts.columns.find((c) => c.ref.tag === tag)!;

  it('finds the numeric question and keys it by ImportId', () => {
    expect(facts.headerRows).toBe(3);
    expect(facts.rowCount).toBe(1);
    expect(facts.columns.filter((c) => c.kind === 'question').map((c) => c.key)).toEqual([
      'id:QID1',
    ]);
    expect(col('Q1')).toMatchObject({ numeric: true, scale: { min: 1, max: 2, source: 'data' } });
  });

  it('classifies the metadata and the text-entry columns', () => {
    const metadata = facts.columns.filter((c) => c.kind === 'metadata').map((c) => c.ref.tag);
    expect(metadata).toHaveLength(17);
    expect(metadata).toEqual(expect.arrayContaining(['StartDate', 'EndDate', 'RecipientEmail']));
    expect(col('Q2').kind).toBe('other');
    expect(col('Q2 - Topics').kind).toBe('other');
  });

  it('has no identifier (RecipientEmail is blank) and its latest EndDate', () => {
    expect(facts.identifier).toBeNull();
    expect(facts.latestEnd).toBe('2017-07-18');
  });

  it('runs a one-category recipe to problems, not an exception', () => {
    const recipe = oneCategory(facts);
    expect(recipe.categories[0].questions).toEqual(['id:QID1']);
    const out = runSurveyToViva(recipe, table, facts);
    expect(out.header).toEqual(['PersonId', 'EffectiveDate', 'Engagement']);
    expect(rules(out.problems)).toContain('no-identifier');
    expect(out.effectiveDate).toBe('07/01/2017');
    expect(canDownload(out)).toBe(false);
  });
});

describe('real export: qualtrics-export-sample-legacy.csv', async () => {
  const table = await openSample('qualtrics-export-sample-legacy.csv');
  const facts = describeSurvey(table);
  const col = (tag: string) => facts.columns.find((c) => c.ref.tag === tag)!;

  it('finds the questions by tag and only Q1 is numeric', () => {
    expect(facts.headerRows).toBe(2);
    expect(facts.columns.filter((c) => c.kind === 'question').map((c) => c.key)).toEqual([
      'tag:Q1',
      'tag:Q2',
    ]);
    expect(col('Q1').numeric).toBe(true);
    expect(col('Q2').numeric).toBe(false);
    expect(col('Q2').scale).toBeNull();
  });

  it('classifies V1…V10 and the location columns as metadata', () => {
    const metadata = facts.columns.filter((c) => c.kind === 'metadata').map((c) => c.ref.tag);
    expect(metadata).toEqual([
      'V1',
      'V2',
      'V3',
      'V4',
      'V5',
      'V6',
      'V7',
      'V8',
      'V9',
      'V10',
      'LocationLatitude',
      'LocationLongitude',
      'LocationAccuracy',
    ]);
    expect(facts.identifier).toBeNull();
  });

  it('finds the latest EndDate in V9 (labelled EndDate)', () => {
    expect(facts.latestEnd).toBe('2017-07-18');
  });

  it('runs a one-category recipe to problems, not an exception', () => {
    const recipe = oneCategory(facts);
    expect(recipe.categories[0].questions).toEqual(['tag:Q1']);
    const out = runSurveyToViva(recipe, table, facts);
    expect(out.header).toEqual(['PersonId', 'EffectiveDate', 'Engagement']);
    expect(rules(out.problems)).toContain('no-identifier');
    expect(canDownload(out)).toBe(false);
  });
});

describe('oracle: qualtrics-ex-survey.xlsx → expected-wave1.csv', async () => {
  const table = await openSample('qualtrics-ex-survey.xlsx');
  const facts = describeSurvey(table);

  it('suggests Email_ID and finds the latest EndDate', () => {
    expect(facts.identifier?.tag).toBe('Email_ID');
    expect(facts.latestEnd).toBe('2026-06-30');
  });

  it('writes the upload byte for byte as the independent Python oracle', () => {
    const ref = (tag: string) => refOf(facts, tag);
    const q = (tag: string, over: Partial<Omit<QuestionSettings, 'ref'>> = {}) =>
      settings(ref(tag), over);
    const key = (tag: string) => refKey(ref(tag));
    const recipe: SurveyToVivaRecipe = {
      ...newSurveyRecipe(facts, 'oracle', '2026-07-01T00:00:00.000Z'),
      identifier: ref('Email_ID'),
      lowercase: true,
      questions: [
        q('Q1_1'),
        q('Q1_2'),
        q('Q1_3'),
        q('Q1_4'),
        q('Q1_5', { reverse: true }),
        q('Q1_6'),
        q('Q2', { min: 0, max: 10, exportAs: 'eNPS_score' }),
        q('Q3', { min: 1, max: 7, exportAs: 'Ease_of_work' }),
      ],
      categories: [
        { name: 'Engagement', questions: ['Q1_1', 'Q1_2', 'Q1_3'].map(key), minAnswered: 2 },
        { name: 'Manager_Effectiveness', questions: [key('Q1_4')], minAnswered: 1 },
        { name: 'Belonging', questions: [key('Q1_5'), key('Q1_6')], minAnswered: 1 },
      ],
      effectiveDate: { kind: 'quarter-start' },
      duplicates: 'latest',
      decimals: 2,
      fileName: 'PulseQ2',
    };
    const out = runSurveyToViva(recipe, table, facts);
    expect(out.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const expected = readFileSync(
      new URL('../../fixtures/survey-to-viva/expected-wave1.csv', import.meta.url),
      'utf8',
    );
    const csv = toCsv([out.header, ...out.rows]);
    expect(csv.split('\r\n')).toEqual(expected.split('\r\n'));
    expect(Buffer.from(csv, 'utf8').equals(Buffer.from(expected, 'utf8'))).toBe(true);

    // A preview formats only the first rows, but counts and checks the whole file.
    const preview = runSurveyToViva(recipe, table, facts, { rowLimit: 5 });
    expect(preview.rows).toEqual(out.rows.slice(0, 5));
    expect(preview.rowCount).toBe(200);
    expect(out.rowCount).toBe(200);
    expect(preview.stats).toEqual(out.stats);
    expect(preview.problems).toEqual(out.problems);
  });
});
