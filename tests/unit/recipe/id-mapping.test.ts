import { describe, expect, it } from 'vitest';
import type { Problem } from '../../../src/lib/issues';
import { idRecipeFits, newIdMappingRecipe, runIdMapping } from '../../../src/lib/recipe/id-mapping';
import type { IdMappingRecipe } from '../../../src/lib/recipe/types';
import type { ColumnMeta, Table, TextColumn } from '../../../src/lib/table/types';
import { makeIdMappingRecipe } from '../../helpers/recipes';

/** A plain table (1 header row) of text columns; '' is blank. */
function makeTable(name: string, header: string[], rows: string[][]): Table {
  const columns: ColumnMeta[] = header.map((h, index) => ({
    index,
    name: h,
    header: h,
    type: 'text',
  }));
  const data: TextColumn[] = header.map((_, c) => {
    const dict: string[] = [];
    const codes = Int32Array.from(rows, (row) => {
      const v = row[c] ?? '';
      if (v === '') return -1;
      const i = dict.indexOf(v);
      return i >= 0 ? i : dict.push(v) - 1;
    });
    return { type: 'text', codes, dict };
  });
  return {
    name,
    rowCount: rows.length,
    columns,
    data,
    format: { kind: 'csv', source: 'plain', headerRows: 1, notes: [] },
    issues: [],
  };
}

const TODAY = '2026-11-21';
const byRule = (problems: readonly Problem[], rule: string) =>
  problems.filter((p) => p.rule === rule);

/** Directory: key, email and the Qualtrics contact id. */
const directory = (rows: [string, string, string][]) =>
  makeTable('directory.csv', ['ExternalDataReference', 'Email', 'ContactID'], rows);
/** HR: employee id and the email Viva knows. */
const hrFile = (rows: [string, string][]) => makeTable('hr.csv', ['EmployeeId', 'PersonId'], rows);

/** No HR file: PersonId from the directory email, identifier from ContactID. */
const noHr = (over: Partial<IdMappingRecipe> = {}) =>
  makeIdMappingRecipe({
    hr: null,
    directory: { key: 'Email', email: 'Email', uniqueId: 'ContactID' },
    ...over,
  });

describe('newIdMappingRecipe', () => {
  it('guesses the directory email and identifier columns from their names', () => {
    const dir = makeTable(
      'Directory export.csv',
      ['FirstName', 'Email', 'ExternalDataReference'],
      [],
    );
    const r = newIdMappingRecipe(dir, null, 'id-1', '2026-11-21T00:00:00.000Z');
    expect(r).toMatchObject({
      kind: 'id-mapping',
      version: 1,
      id: 'id-1',
      name: 'Directory export IDs',
      created: '2026-11-21T00:00:00.000Z',
      updated: '2026-11-21T00:00:00.000Z',
      directory: { key: 'Email', email: 'Email', uniqueId: 'ExternalDataReference' },
      hr: null,
      normalize: { trim: true, caseFold: true },
      attributeName: 'UniqueIdentifier',
      effectiveDate: { kind: 'quarter-start' },
      fileName: 'QualtricsIds',
    });
  });

  it('joins on the identifier and guesses the HR key and email columns', () => {
    const dir = makeTable('dir.csv', ['E-mail Address', 'ExternalDataReference'], []);
    const hr = makeTable('hr.csv', ['Name', 'Employee ID', 'Work Email'], []);
    const r = newIdMappingRecipe(dir, hr, 'id-2', '2026-11-21T00:00:00.000Z');
    expect(r.directory).toEqual({
      key: 'ExternalDataReference',
      email: 'E-mail Address',
      uniqueId: 'ExternalDataReference',
    });
    expect(r.hr).toEqual({ key: 'Employee ID', personId: 'Work Email' });
  });

  it.each([
    ['EmployeeID', 'id'],
    ['emp_id', 'id'],
    ['Worker ID', 'id'],
    ['UPN', 'email'],
    ['PrimaryEmail', 'email'],
  ])('recognises %s as an %s column', (header, what) => {
    const r = newIdMappingRecipe(makeTable('d.csv', [header], []), null, 'x', 'now');
    expect(what === 'id' ? r.directory.uniqueId : r.directory.email).toBe(header);
  });

  it('leaves a column unset when no name fits', () => {
    const r = newIdMappingRecipe(makeTable('d.csv', ['Name', 'Dept'], []), null, 'x', 'now');
    expect(r.directory).toEqual({ key: '', email: '', uniqueId: '' });
  });
});

describe('idRecipeFits', () => {
  const dir = directory([]);
  const hr = hrFile([]);

  it('fits a directory with the named columns and no HR file', () => {
    expect(idRecipeFits(noHr(), dir, null)).toBe(true);
  });

  it('does not fit when a named column is missing', () => {
    expect(
      idRecipeFits(
        noHr({ directory: { key: 'Email', email: 'Mail', uniqueId: 'ContactID' } }),
        dir,
        null,
      ),
    ).toBe(false);
  });

  it('does not fit when the HR file is there but the recipe has none, or the reverse', () => {
    expect(idRecipeFits(noHr(), dir, hr)).toBe(false);
    expect(idRecipeFits(makeIdMappingRecipe(), dir, null)).toBe(false);
  });

  it('fits a directory and an HR file with every named column', () => {
    expect(idRecipeFits(makeIdMappingRecipe(), dir, hr)).toBe(true);
    const wrongKey = makeIdMappingRecipe({ hr: { key: 'EmpNo', personId: 'PersonId' } });
    expect(idRecipeFits(wrongKey, dir, hr)).toBe(false);
  });
});

describe('runIdMapping without an HR file', () => {
  const dir = directory([
    ['E1', ' Ann@Contoso.COM ', 'CID_1'],
    ['E2', 'bob@contoso', 'CID_2'],
    ['E3', 'cy@contoso.com', ''],
    ['E4', 'dee@contoso.com', ' CID_4 '],
  ]);

  it('maps the lower-cased directory email to the trimmed identifier', () => {
    const out = runIdMapping(noHr(), dir, null, TODAY);
    expect(out.header).toEqual(['PersonId', 'EffectiveDate', 'QualtricsId']);
    expect(out.rows).toEqual([
      ['ann@contoso.com', '01/01/2025', 'CID_1'],
      ['dee@contoso.com', '01/01/2025', 'CID_4'],
    ]);
    expect(out.report).toBeNull();
  });

  it('warns about an invalid email with its file row and leaves it out', () => {
    const out = runIdMapping(noHr(), dir, null, TODAY);
    expect(byRule(out.problems, 'invalid-email')).toEqual([
      expect.objectContaining({ row: 3, column: 'Email', severity: 'warning' }),
    ]);
  });

  it('warns about a blank identifier and leaves it out', () => {
    const out = runIdMapping(noHr(), dir, null, TODAY);
    expect(byRule(out.problems, 'blank-id')).toEqual([
      expect.objectContaining({ row: 4, column: 'ContactID', severity: 'warning' }),
    ]);
    expect(out.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('errors when no one can be mapped', () => {
    const out = runIdMapping(noHr(), directory([['E1', 'nope', 'CID_1']]), null, TODAY);
    expect(out.rows).toEqual([]);
    expect(byRule(out.problems, 'no-rows')).toEqual([
      expect.objectContaining({ severity: 'error' }),
    ]);
  });

  it('errors when a chosen column is not in the file', () => {
    const r = noHr({ directory: { key: 'Email', email: 'Mail', uniqueId: 'ContactID' } });
    const out = runIdMapping(r, dir, null, TODAY);
    expect(byRule(out.problems, 'no-column')).toEqual([
      expect.objectContaining({ column: 'Mail', severity: 'error' }),
    ]);
  });
});

describe('runIdMapping with an HR file', () => {
  const dir = directory([
    [' e1 ', 'old@contoso.com', 'CID_1'],
    ['E2', 'x@contoso.com', 'CID_2'],
    ['E3', 'y@contoso.com', 'CID_3'],
    ['E5', 'z@contoso.com', 'CID_5'],
    ['', 'w@contoso.com', 'CID_X'],
  ]);
  const hr = hrFile([
    ['E1', ' Ann@Contoso.com'],
    ['E2', 'bob@contoso.com'],
    ['E3', 'cy@contoso.com'],
    ['e3', 'cy2@contoso.com'],
    ['E7', 'zed@contoso.com'],
  ]);

  it('joins on the trimmed, case-folded key and takes PersonId from HR', () => {
    const out = runIdMapping(makeIdMappingRecipe(), dir, hr, TODAY);
    expect(out.rows).toEqual([
      ['ann@contoso.com', '01/01/2025', 'CID_1'],
      ['bob@contoso.com', '01/01/2025', 'CID_2'],
    ]);
  });

  it('reports what matched, what is on one side only, duplicates and blanks', () => {
    const { report } = runIdMapping(makeIdMappingRecipe(), dir, hr, TODAY);
    expect(report).toEqual({
      matched: [
        [0, 0],
        [1, 1],
      ],
      onlyLeft: [3],
      onlyRight: [4],
      duplicateLeft: [],
      duplicateRight: [{ key: 'e3', rows: [2, 3] }],
      blankLeft: [4],
      blankRight: [],
    });
  });

  it('does not match keys that differ in case without case folding', () => {
    const r = makeIdMappingRecipe({ normalize: { trim: true, caseFold: false } });
    const { report, rows } = runIdMapping(r, dir, hr, TODAY);
    // ' e1 ' → 'e1' ≠ 'E1'; 'E3' is then unique in HR ('e3' differs) and matches.
    expect(report?.matched).toEqual([
      [1, 1],
      [2, 2],
    ]);
    expect(rows.map((row) => row[0])).toEqual(['bob@contoso.com', 'cy@contoso.com']);
  });

  it('leaves out a key repeated in the directory', () => {
    const d = directory([
      ['E1', '', 'CID_1'],
      ['E1', '', 'CID_1b'],
      ['E2', '', 'CID_2'],
    ]);
    const out = runIdMapping(
      makeIdMappingRecipe(),
      d,
      hrFile([
        ['E1', 'ann@contoso.com'],
        ['E2', 'bob@contoso.com'],
      ]),
      TODAY,
    );
    expect(out.report?.duplicateLeft).toEqual([{ key: 'e1', rows: [0, 1] }]);
    expect(out.rows).toEqual([['bob@contoso.com', '01/01/2025', 'CID_2']]);
  });

  it('warns once with the number of directory contacts left out', () => {
    const d = directory([
      ['E1', '', 'CID_1'],
      ['E9', '', 'CID_9'],
    ]);
    const out = runIdMapping(makeIdMappingRecipe(), d, hrFile([['E1', 'ann@contoso.com']]), TODAY);
    const w = byRule(out.problems, 'unmatched');
    expect(w).toHaveLength(1);
    expect(w[0]).toMatchObject({ column: 'ExternalDataReference', severity: 'warning' });
    expect(w[0].message).toMatch(/^1 directory contact/);
  });

  it('counts a directory key repeated and missing in HR once per contact', () => {
    // E9 twice in the directory and not in HR: 2 contacts are left out, not 4.
    const d = directory([
      ['E1', '', 'CID_1'],
      ['E9', '', 'CID_9'],
      ['E9', '', 'CID_9b'],
    ]);
    const out = runIdMapping(makeIdMappingRecipe(), d, hrFile([['E1', 'ann@contoso.com']]), TODAY);
    expect(byRule(out.problems, 'unmatched')[0].message).toMatch(/^2 directory contact/);
  });

  it('counts a directory contact whose key repeats in HR as left out', () => {
    // E3 is twice in HR, so its one directory contact finds no single match and is left out.
    const d = directory([
      ['E1', '', 'CID_1'],
      ['E3', '', 'CID_3'],
    ]);
    const h = hrFile([
      ['E1', 'ann@contoso.com'],
      ['E3', 'cy@contoso.com'],
      ['E3', 'cy2@contoso.com'],
    ]);
    const out = runIdMapping(makeIdMappingRecipe(), d, h, TODAY);
    expect(out.rows).toHaveLength(1);
    expect(byRule(out.problems, 'unmatched')).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/^1 directory contact/) }),
    ]);
  });

  it('errors when one person has two different identifiers', () => {
    const d = directory([
      ['E1', '', 'CID_1'],
      ['E2', '', 'CID_2'],
    ]);
    const h = hrFile([
      ['E1', 'ann@contoso.com'],
      ['E2', 'Ann@Contoso.com'],
    ]);
    const out = runIdMapping(makeIdMappingRecipe(), d, h, TODAY);
    expect(out.rows).toEqual([['ann@contoso.com', '01/01/2025', 'CID_1']]);
    expect(byRule(out.problems, 'conflict')).toEqual([
      expect.objectContaining({ row: 3, column: 'PersonId', severity: 'error' }),
    ]);
    expect(out.problems[0].severity).toBe('error');
  });

  it('keeps one row without error when a person has the same identifier twice', () => {
    const d = directory([
      ['E1', '', 'CID_1'],
      ['E2', '', 'CID_1'],
    ]);
    const h = hrFile([
      ['E1', 'ann@contoso.com'],
      ['E2', 'ann@contoso.com'],
    ]);
    const out = runIdMapping(makeIdMappingRecipe(), d, h, TODAY);
    expect(out.rows).toEqual([['ann@contoso.com', '01/01/2025', 'CID_1']]);
    expect(byRule(out.problems, 'conflict')).toEqual([]);
  });
});

describe('runIdMapping: EffectiveDate', () => {
  const dir = directory([['E1', 'ann@contoso.com', 'CID_1']]);

  it('writes a fixed date as MM/DD/YYYY', () => {
    const out = runIdMapping(
      noHr({ effectiveDate: { kind: 'fixed', date: '2026-03-01' } }),
      dir,
      null,
      TODAY,
    );
    expect(out.effectiveDate).toBe('03/01/2026');
    expect(out.rows[0][1]).toBe('03/01/2026');
  });

  it('starts the quarter holding today', () => {
    const out = runIdMapping(noHr({ effectiveDate: { kind: 'quarter-start' } }), dir, null, TODAY);
    expect(out.effectiveDate).toBe('10/01/2026');
  });

  it('starts the month holding today', () => {
    const out = runIdMapping(noHr({ effectiveDate: { kind: 'month-start' } }), dir, null, TODAY);
    expect(out.effectiveDate).toBe('11/01/2026');
  });

  it('errors on a fixed date that is not YYYY-MM-DD', () => {
    const out = runIdMapping(
      noHr({ effectiveDate: { kind: 'fixed', date: '11/21/2026' } }),
      dir,
      null,
      TODAY,
    );
    expect(out.effectiveDate).toBeNull();
    expect(byRule(out.problems, 'no-effective-date')).toHaveLength(1);
  });

  it('errors on a fixed date that does not exist instead of throwing', () => {
    const r = noHr({ effectiveDate: { kind: 'fixed', date: '2026-02-30' } });
    let out: ReturnType<typeof runIdMapping> | undefined;
    expect(() => (out = runIdMapping(r, dir, null, TODAY))).not.toThrow();
    expect(out?.effectiveDate).toBeNull();
    expect(byRule(out?.problems ?? [], 'no-effective-date')).toHaveLength(1);
  });
});

describe('runIdMapping: names', () => {
  const dir = directory([['E1', 'ann@contoso.com', 'CID_1']]);

  it('flags an attribute name with a space, with a fix', () => {
    const out = runIdMapping(noHr({ attributeName: 'Unique Identifier' }), dir, null, TODAY);
    expect(out.header[2]).toBe('Unique Identifier');
    expect(out.problems).toContainEqual(
      expect.objectContaining({
        column: 'Unique Identifier',
        rule: 'header-chars',
        severity: 'error',
        fix: 'Unique_Identifier',
      }),
    );
  });

  it('flags a reserved attribute name', () => {
    const out = runIdMapping(noHr({ attributeName: 'Location' }), dir, null, TODAY);
    expect(out.problems).toContainEqual(
      expect.objectContaining({ rule: 'header-reserved', fix: 'Location_Custom' }),
    );
  });

  it('flags a file name Viva does not accept', () => {
    const out = runIdMapping(noHr({ fileName: 'Qualtrics IDs' }), dir, null, TODAY);
    expect(byRule(out.problems, 'file-name')).toEqual([
      expect.objectContaining({ fix: 'QualtricsIDs.csv', severity: 'error' }),
    ]);
  });

  it('has no problem for a clean recipe', () => {
    const out = runIdMapping(noHr(), dir, null, TODAY);
    expect(out.problems).toEqual([]);
  });
});
