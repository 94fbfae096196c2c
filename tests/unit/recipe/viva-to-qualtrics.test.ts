import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptyCounts } from '../../../src/lib/person-query/notes';
import type { PersonMeans } from '../../../src/lib/person-query/types';
import type { VivaToQualtricsRecipe } from '../../../src/lib/recipe/types';
import { migrateRecipe, parseRecipeFile, serializeRecipes } from '../../../src/lib/recipe/validate';
import {
  newVivaRecipe,
  readableName,
  recipeFit,
  resolveWindow,
  runVivaToQualtrics,
  suggestDirectoryKey,
  suggestIdentifier,
  type DirectoryData,
} from '../../../src/lib/recipe/viva-to-qualtrics';
import { toCsv } from '../../../src/lib/write/csv';
import { participantFile } from '../../../src/lib/recipe/viva-run';
import { openPersonQuery, runFor } from '../../../workers/person-query';
import { realPath } from '../../helpers/real-data';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const SAMPLES = join(ROOT, 'public', 'samples');
const FIX = join(ROOT, 'tests', 'fixtures', 'viva-to-qualtrics');
const NOW = '2026-11-22T10:00:00.000Z';

const blob = (path: string) => new Blob([readFileSync(path)]);
const expected = (name: string) => readFileSync(join(FIX, name), 'utf8');

function directory(): DirectoryData {
  const [headers, ...rows] = readFileSync(join(SAMPLES, 'qualtrics-directory.csv'), 'utf8')
    .trimEnd()
    .split('\r\n')
    .map((l) => l.split(','));
  return { headers, rows };
}

/** Means for three metrics of `n` people, with identifiers. */
function means(values: number[][], ids: (string | null)[], weeks?: number[]): PersonMeans {
  const n = ids.length;
  return {
    metricNames: values.map((_, j) => `M${j}`),
    engine: 'javascript',
    personIds: ids.map((_, i) => `p${i}`),
    identifiers: ids,
    weeks: Int32Array.from(weeks ?? ids.map(() => 4)),
    means: values.map((v) => Float64Array.from(v)),
    dates: [{ date: '2026-01-04', rows: n }],
    periodDays: null,
    rows: n,
    counts: { ...emptyCounts(), counted: n },
    issues: [],
  };
}

function recipe(
  metrics: number,
  extra: Partial<VivaToQualtricsRecipe> = {},
): VivaToQualtricsRecipe {
  return {
    ...newVivaRecipe({ columns: [], name: 'q.csv', dateFormat: 'iso' }, { id: 'r1', now: NOW }),
    identifier: 'UniqueIdentifier',
    metrics: Array.from({ length: metrics }, (_, j) => ({
      column: `M${j}`,
      as: `Metric ${j}`,
      bin: { mode: 'quantile' as const, k: 4, prefix: 'Q' },
      mergeSmall: false,
    })),
    ...extra,
  };
}

describe('the Viva → Qualtrics recipe on the sample query, against the oracle', () => {
  it('defaults: UniqueIdentifier, the 9 survey metrics in quartiles; CSV and zip give the same file', async () => {
    for (const file of ['viva-person-query-surveys.csv', 'viva-person-query-surveys.zip']) {
      const q = await openPersonQuery(blob(join(SAMPLES, file)), file);
      const r = newVivaRecipe(q.head, { id: 'x', now: NOW });
      expect(r.identifier).toBe('UniqueIdentifier');
      expect(r.metrics.map((m) => m.column)).not.toContain('Copilot_actions_taken_in_Teams');
      expect(r.metrics).toHaveLength(9);
      const { output, summary } = await runFor(q, r, null, undefined);
      const csv = new TextDecoder().decode(await participantFile(output, 'csv'));
      expect(csv).toBe(expected('expected-default.csv'));
      expect(summary).toMatchObject({ rows: 1658, people: 140, periodDays: 7 });
      expect(output.people).toMatchObject({ inFile: 137, noIdentifier: 3 });
    }
  });

  it('mixed settings: window, inactive weeks, min weeks, four bin modes, directory join', async () => {
    const q = await openPersonQuery(blob(join(SAMPLES, 'viva-person-query-surveys.zip')), 'q.zip');
    const base = newVivaRecipe(q.head, { id: 'x', now: NOW });
    const r: VivaToQualtricsRecipe = {
      ...base,
      window: { kind: 'last', weeks: 4, through: null },
      inactiveColumn: 'Collaboration_hours',
      minWeeks: 2,
      directory: { key: 'ExternalDataReference', trim: true, caseFold: false },
      metrics: base.metrics.map((m) => {
        if (m.column === 'Collaboration_hours') {
          return {
            ...m,
            bin: {
              mode: 'fixed',
              cuts: [15, 20, 25],
              unit: 'hours',
              lbound: 0,
              ubound: 200,
              labels: null,
            },
          };
        }
        if (m.column === 'After_hours_collaboration_hours') {
          return {
            ...m,
            bin: { mode: 'labelled', labels: ['Very Low', 'Low', 'Medium', 'High', 'Very High'] },
          };
        }
        if (m.column === 'Meeting_hours') {
          return { ...m, bin: { mode: 'quantile', k: 10, prefix: '' } };
        }
        if (m.column === 'Email_hours') return { ...m, bin: { mode: 'average', decimals: 1 } };
        return m;
      }),
    };
    const { output, summary } = await runFor(q, r, directory(), undefined);
    expect(summary.window).toMatchObject({ from: '2026-05-31', to: '2026-06-21', dates: 4 });
    expect(toCsv([output.header, ...output.rows])).toBe(expected('expected-mixed.csv'));
    const summaryJson = JSON.parse(expected('expected-summary.json'));
    expect(output.people).toMatchObject({
      inFile: summaryJson.mixed.people_output,
      fewWeeks: summaryJson.mixed.dropped_min_weeks,
      noDirectoryMatch: summaryJson.mixed.no_directory_match,
    });
    const collab = output.metrics.find((m) => m.column === 'Collaboration_hours')!;
    expect(Object.fromEntries(collab.bins.map((b) => [b.label, b.count]))).toEqual(
      summaryJson.mixed.metrics.Collaboration_hours.bin_counts,
    );
    expect(output.numericColumns).toEqual([4 + 3]);
    // A second run with only a bin change reuses the averages (no new pass over the file).
    const before = q.last;
    await runFor(q, { ...r, minGroup: 6 }, directory(), 10);
    expect(q.last).toBe(before);
  });

  it('the real person query in quartiles matches the oracle (PersonId as identifier)', async () => {
    const q = await openPersonQuery(blob(realPath('viva-person-query-sample.csv')), 'pq.csv');
    const base = newVivaRecipe(q.head, { id: 'x', now: NOW });
    expect(base.identifier).toBeNull();
    const r: VivaToQualtricsRecipe = {
      ...base,
      identifier: 'PersonId',
      identifierAs: 'PersonId',
      metrics: [
        'Collaboration_hours',
        'After_hours_collaboration_hours',
        'Email_hours',
        'Meeting_hours',
        'Uninterrupted_hours',
      ].map((column) => ({
        column,
        as: readableName(column),
        bin: { mode: 'quantile', k: 4, prefix: 'Q' },
        mergeSmall: false,
      })),
    };
    const { output } = await runFor(q, r, null, undefined);
    expect(toCsv([output.header, ...output.rows])).toBe(
      expected('real-quartiles.csv')
        .replace(/\n/g, '\r\n')
        .replace(/\r\r\n/g, '\r\n'),
    );
  });

  it('writes xlsx with text cells and numbers for averages', async () => {
    const out = runVivaToQualtrics(
      recipe(2, {
        metrics: [
          { column: 'M0', as: 'Avg', bin: { mode: 'average', decimals: 1 }, mergeSmall: false },
          {
            column: 'M1',
            as: 'Q',
            bin: { mode: 'quantile', k: 2, prefix: 'H' },
            mergeSmall: false,
          },
        ],
      }),
      means(
        [
          [1.25, 2, 3, 4, 5, 6],
          [1, 2, 3, 4, 5, 6],
        ],
        ['007', 'E2', 'E3', 'E4', 'E5', 'E6'],
      ),
      null,
    );
    const XLSX = await import('xlsx');
    const book = XLSX.read(await participantFile(out, 'xlsx'), { type: 'array' });
    const sheet = book.Sheets.Participants;
    expect(sheet.A2).toMatchObject({ t: 's', v: '007' });
    expect(sheet.B2).toMatchObject({ t: 'n', v: 1.3 });
    expect(sheet.C2).toMatchObject({ t: 's', v: 'H1' });
  });
});

describe('runVivaToQualtrics rules', () => {
  const ids = ['E1', 'E2', 'E3', 'E4', 'E5', 'E6', 'E7', 'E8'];
  const vals = [[1, 2, 3, 4, 5, 6, 7, 8]];

  it('leaves out people without identifier, with too few weeks, or sharing an identifier', () => {
    const out = runVivaToQualtrics(
      recipe(1, { minWeeks: 3 }),
      means(
        [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]],
        ['E1', null, 'E3', 'E3', 'E5', 'E6', 'E7', 'E8', 'E9', ''],
        [4, 4, 4, 4, 2, 0, 4, 4, 4, 4],
      ),
      null,
    );
    expect(out.people).toMatchObject({
      seen: 10,
      inFile: 4,
      noIdentifier: 2,
      fewWeeks: 1,
      noWeeks: 1,
      duplicateIdentifier: 2,
    });
    expect(out.rows.map((r) => r[0])).toEqual(['E1', 'E7', 'E8', 'E9']);
    const rules = out.problems.map((p) => p.rule);
    expect(rules).toContain('identifier-duplicate');
    expect(rules).toContain('min-weeks');
    expect(rules).toContain('no-weeks');
    expect(out.problems.every((p) => p.severity === 'warning')).toBe(true);
    // 4 people < the minimum group of 5: no bins at all.
    expect(out.metrics[0].tooFew).toBe(true);
    expect(out.rows[0][1]).toBe('');
  });

  it('needs an identifier, unique column names, and the metrics the recipe names', () => {
    const none = runVivaToQualtrics(recipe(1, { identifier: null }), means(vals, ids), null);
    expect(none.problems.filter((p) => p.severity === 'error').map((p) => p.rule)).toEqual([
      'identifier-none',
    ]);
    const dup = runVivaToQualtrics(
      recipe(2, { identifierAs: 'metric 0' }),
      means([vals[0], vals[0]], ids),
      null,
    );
    expect(dup.problems.filter((p) => p.severity === 'error').map((p) => p.rule)).toEqual([
      'header-unique',
    ]);
    const missing = runVivaToQualtrics(recipe(2), means(vals, ids), null);
    expect(missing.problems.find((p) => p.rule === 'metric-missing')?.column).toBe('M1');
    expect(missing.metrics[1].found).toBe(false);
  });

  it('flags bins below the minimum group and merges them when asked', () => {
    const skewed = [[1, 1, 1, 1, 1, 1, 1, 1, 1, 9, 10, 11]];
    const twelve = [...ids, 'E9', 'E10', 'E11', 'E12'];
    const spec = {
      mode: 'fixed' as const,
      cuts: [5],
      unit: 'h',
      lbound: 0,
      ubound: null,
      labels: null,
    };
    const r = recipe(1, { metrics: [{ column: 'M0', as: 'Hours', bin: spec, mergeSmall: false }] });
    const flagged = runVivaToQualtrics(r, means(skewed, twelve), null);
    expect(flagged.metrics[0].bins.map((b) => [b.label, b.count, b.small])).toEqual([
      ['< 5 h', 9, false],
      ['5+ h', 3, true],
    ]);
    expect(flagged.problems.some((p) => p.rule === 'small-bin')).toBe(true);
    const merged = runVivaToQualtrics(
      { ...r, metrics: [{ ...r.metrics[0], mergeSmall: true }] },
      means(skewed, twelve),
      null,
    );
    expect(merged.metrics[0].bins).toHaveLength(1);
    expect(merged.metrics[0].merged).toBe(1);
    expect(merged.problems.some((p) => p.rule === 'small-bin')).toBe(false);
  });

  it('joins a directory: trims, optionally folds case, and never guesses a duplicate key', () => {
    const dir: DirectoryData = {
      headers: ['First Name', 'Last Name', 'PrimaryEmail', 'EmployeeID'],
      rows: [
        ['Ada', 'L', 'ada@x.com', ' e1 '],
        ['Bo', 'M', 'bo@x.com', 'E2'],
        ['Bo', 'Twin', 'bo2@x.com', 'E2'],
      ],
    };
    const r = recipe(1, { directory: { key: 'EmployeeID', trim: true, caseFold: false } });
    const strict = runVivaToQualtrics(r, means(vals, ids), dir);
    expect(strict.header.slice(0, 4)).toEqual([
      'First Name',
      'Last Name',
      'Email',
      'UniqueIdentifier',
    ]);
    expect(strict.rows[0].slice(0, 3)).toEqual(['', '', '']);
    expect(strict.people).toMatchObject({ directoryMatched: 0, noDirectoryMatch: 8 });
    expect(strict.problems.filter((p) => p.rule === 'directory-duplicate')).toHaveLength(1);
    const folded = runVivaToQualtrics(
      { ...r, directory: { key: 'EmployeeID', trim: true, caseFold: true } },
      means(vals, ids),
      dir,
    );
    expect(folded.rows[0].slice(0, 4)).toEqual(['Ada', 'L', 'ada@x.com', 'E1']);
    const noKey = runVivaToQualtrics(
      { ...r, directory: { key: 'Nope', trim: true, caseFold: false } },
      means(vals, ids),
      dir,
    );
    expect(noKey.problems.find((p) => p.rule === 'directory-key')?.severity).toBe('error');
  });

  it('adds a Weeks column and limits preview rows', () => {
    const out = runVivaToQualtrics(recipe(1, { includeWeeks: true }), means(vals, ids), null, {
      rowLimit: 3,
    });
    expect(out.header).toEqual(['UniqueIdentifier', 'Metric 0', 'Weeks']);
    expect(out.rows).toEqual([
      ['E1', 'Q1', '4'],
      ['E2', 'Q1', '4'],
      ['E3', 'Q2', '4'],
    ]);
    expect(out.rowCount).toBe(8);
    expect(out.numericColumns).toEqual([2]);
    expect(out.metrics[0].histogram.reduce((s, b) => s + b.count, 0)).toBe(8);
  });
});

describe('recipe helpers', () => {
  it('names metrics readably', () => {
    expect(readableName('Meeting_and_call_hours_with_manager_1_1')).toBe(
      'Meeting and call hours with manager 1:1',
    );
    expect(readableName(' After_hours__collaboration_hours ')).toBe(
      'After hours collaboration hours',
    );
  });

  it('suggests the identifier attribute and the directory key', () => {
    const col = (header: string, vivaRole: 'attribute' | 'metric') => ({
      index: 0,
      name: header,
      header,
      type: 'text' as const,
      vivaRole,
    });
    expect(
      suggestIdentifier({
        columns: [col('Organization', 'attribute'), col('EmployeeId', 'attribute')],
      }),
    ).toBe('EmployeeId');
    expect(suggestIdentifier({ columns: [col('HRIS_ID', 'attribute')] })).toBe('HRIS_ID');
    expect(suggestIdentifier({ columns: [col('Organization', 'attribute')] })).toBeNull();
    expect(suggestDirectoryKey(['FirstName', 'External Data Reference'])).toBe(
      'External Data Reference',
    );
  });

  it('resolves windows against the file’s dates', () => {
    const dates = ['2026-01-04', '2026-01-11', '2026-01-18', '2026-01-25'].map((date) => ({
      date,
      rows: 1,
    }));
    expect(resolveWindow({ kind: 'all' }, dates)).toMatchObject({ from: null, to: null, dates: 4 });
    expect(resolveWindow({ kind: 'last', weeks: 2, through: null }, dates)).toMatchObject({
      from: '2026-01-18',
      to: '2026-01-25',
      dates: 2,
    });
    expect(resolveWindow({ kind: 'last', weeks: 2, through: '2026-01-11' }, dates)).toMatchObject({
      from: '2026-01-04',
      dates: 2,
    });
    expect(resolveWindow({ kind: 'range', from: '2026-01-11', to: null }, dates).dates).toBe(3);
  });

  it('measures how well a saved recipe fits a query', () => {
    const r = recipe(2);
    const cols = (names: string[]) => ({
      columns: names.map((header, index) => ({
        index,
        name: header,
        header,
        type: 'number' as const,
      })),
    });
    expect(recipeFit(r, cols(['m0', 'M1', 'UniqueIdentifier']))).toBe(1);
    expect(recipeFit(r, cols(['M0']))).toBeCloseTo(1 / 3);
  });

  it('round-trips through a recipe file and rejects broken bin specs', () => {
    const r = recipe(1, { window: { kind: 'last', weeks: 12, through: null }, format: 'xlsx' });
    const parsed = parseRecipeFile(serializeRecipes([r], NOW));
    expect(parsed.problems).toEqual([]);
    expect(parsed.recipes[0]).toEqual(r);
    const bad = {
      ...r,
      metrics: [{ ...r.metrics[0], bin: { mode: 'fixed', cuts: [3, 1], unit: 'h' } }],
    };
    expect(() => migrateRecipe(bad)).toThrow(/increasing/);
    expect(() =>
      migrateRecipe({ ...r, window: { kind: 'last', weeks: 0, through: null } }),
    ).toThrow(/window.weeks/);
  });
});
