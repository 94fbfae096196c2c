import { describe, expect, it } from 'vitest';
import { getRowPage } from '../../../src/lib/table/page';
import { averagePerKey, isInactiveCell } from '../../../src/lib/transform/group-average';
import { joinTables, type JoinSpec } from '../../../src/lib/transform/join-tables';
import { tableFromCsv } from '../../helpers/tables';

const spec = (over: Partial<JoinSpec> = {}): JoinSpec => ({
  leftKey: 0,
  rightKey: 0,
  trim: true,
  caseFold: true,
  kind: 'left',
  many: 'exclude',
  ...over,
});

const rows = (t: { rowCount: number } & Parameters<typeof getRowPage>[0]) =>
  getRowPage(t, 0, t.rowCount).rows;

describe('joinTables', () => {
  it('matches after trim and case-fold; left join keeps unmatched and blank-key rows', async () => {
    const left = await tableFromCsv(
      'Email,Q1\nAna@Contoso.com,5\n bo@contoso.com ,4\ncy@contoso.com,2\n,3\n',
      'survey.csv',
    );
    const right = await tableFromCsv(
      'email,Hours\nana@contoso.com,1.5\nBO@CONTOSO.COM,2\ndee@contoso.com,9\n',
      'metrics.csv',
    );
    const { table, report } = joinTables(left, right, spec());
    expect(table.columns.map((c) => c.name)).toEqual(['Email', 'Q1', 'Hours']);
    expect(rows(table)).toEqual([
      ['Ana@Contoso.com', '5', '1.5'],
      [' bo@contoso.com ', '4', '2'],
      ['cy@contoso.com', '2', ''],
      ['', '3', ''],
    ]);
    expect(table.data[2].type).toBe('number');
    expect(report).toMatchObject({
      matchedLeft: 2,
      matchedRight: 2,
      outputRows: 4,
      onlyLeft: [2],
      onlyRight: [2],
      blankLeft: [3],
      cardinality: 'one-to-one',
    });
    expect(report.explanation[0]).toMatch(/^2 rows of survey.csv \(of 4\) found Email/);
  });

  it('is case-sensitive when asked, and an inner join drops unmatched rows', async () => {
    const left = await tableFromCsv('id,v\nA1,1\na1,2\n');
    const right = await tableFromCsv('id,w\nA1,x\n');
    const { table, report } = joinTables(left, right, spec({ caseFold: false, kind: 'inner' }));
    expect(rows(table)).toEqual([['A1', '1', 'x']]);
    expect(report.onlyLeft).toEqual([1]);
    expect(report.explanation.join(' ')).toMatch(
      /Inner join: unmatched left rows are left out \(1 row\)/,
    );
  });

  it('detects one-to-many and either excludes the repeated keys or keeps every pair', async () => {
    const left = await tableFromCsv('id,q\nE1,5\nE2,4\n');
    const right = await tableFromCsv('id,week,h\nE1,1,1\nE1,2,3\nE2,1,7\n');
    const ex = joinTables(left, right, spec());
    expect(ex.report.cardinality).toBe('one-to-many');
    expect(ex.report.duplicateRight).toEqual([{ key: 'e1', rows: [0, 1] }]);
    expect(ex.report.excludedLeft).toEqual([0]);
    expect(rows(ex.table)).toEqual([
      ['E1', '5', '', ''],
      ['E2', '4', '1', '7'],
    ]);
    expect(ex.report.explanation.join(' ')).toMatch(
      /One-to-many: 1 key repeat in test.csv \(2.0 rows per key on average\).*average it per person first/,
    );
    const all = joinTables(left, right, spec({ many: 'all' }));
    expect(rows(all.table)).toEqual([
      ['E1', '5', '1', '1'],
      ['E1', '5', '2', '3'],
      ['E2', '4', '1', '7'],
    ]);
    expect(Array.from(all.pairs)).toEqual([0, 0, 0, 1, 1, 2]);
  });

  it('calls repeated left keys many-to-one and gives each the same right row', async () => {
    const left = await tableFromCsv('id,q\nE1,5\nE1,3\n');
    const right = await tableFromCsv('id,h\nE1,2\n');
    const { table, report } = joinTables(left, right, spec());
    expect(report.cardinality).toBe('many-to-one');
    expect(rows(table)).toEqual([
      ['E1', '5', '2'],
      ['E1', '3', '2'],
    ]);
    expect(report.explanation.join(' ')).toMatch(/Many-to-one/);
  });

  it('renames a right column that clashes with a left one', async () => {
    const left = await tableFromCsv('id,Department\nE1,Sales\n');
    const right = await tableFromCsv('id,Department\nE1,Finance\n', 'hr.csv');
    const { table } = joinTables(left, right, spec());
    expect(table.columns.map((c) => c.name)).toEqual(['id', 'Department', 'Department (hr)']);
  });

  it('keeps unreadable number cells as they were written', async () => {
    const left = await tableFromCsv('id\nE1\nE2\n');
    const right = await tableFromCsv('id,h\nE1,1\nE2,NULL\n');
    const { table } = joinTables(left, right, spec());
    expect(rows(table)).toEqual([
      ['E1', '1'],
      ['E2', 'NULL'],
    ]);
  });
});

describe('averagePerKey', () => {
  it('averages number columns per key, skips blanks and inactive weeks, keeps the last text', async () => {
    const weekly = await tableFromCsv(
      [
        'PersonId,MetricDate,After_hours,IsActive,UniqueIdentifier,Org',
        'p1,4/5/2026,2,TRUE,E1,Sales',
        'p2,4/5/2026,1,TRUE,E2,Finance',
        'p1,4/12/2026,4,TRUE,E1,Marketing',
        'p1,4/19/2026,0,FALSE,E1,Marketing',
        'p2,4/12/2026,NULL,TRUE,E2,Finance',
        'p3,4/12/2026,5,TRUE,,Sales',
      ].join('\n'),
      'pq.csv',
    );
    const key = weekly.columns.findIndex((c) => c.name === 'UniqueIdentifier');
    const out = averagePerKey(
      weekly,
      key,
      { trim: true, caseFold: true },
      {
        drop: [0, 1],
        inactiveColumn: 3,
      },
    );
    expect(out.table.columns.map((c) => c.name)).toEqual([
      'UniqueIdentifier',
      'Weeks averaged',
      'After_hours',
      'IsActive',
      'Org',
    ]);
    expect(rows(out.table)).toEqual([
      ['E1', '2', '3', 'TRUE', 'Marketing'],
      ['E2', '2', '1', 'TRUE', 'Finance'],
    ]);
    expect(out.blankKeys).toBe(1);
    expect(out.inactive).toBe(1);
    expect(out.changing).toEqual(['Org']);
  });

  it('uses the person-query rule for inactive weeks', () => {
    for (const t of ['0', '', 'FALSE', 'no', 'NULL', 'NA', ' 0.0 ', '-1']) {
      expect(isInactiveCell(t)).toBe(true);
    }
    for (const t of ['TRUE', '1', '0.5', 'yes']) expect(isInactiveCell(t)).toBe(false);
  });
});
