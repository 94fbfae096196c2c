import { describe, expect, it } from 'vitest';
import { detectLayout } from '../../../src/lib/table/layout';

describe('plain files', () => {
  it('names blank headers "Column N" and reports them', () => {
    const layout = detectLayout(
      [
        ['id', '', 'score'],
        ['1', 'x', '2'],
      ],
      'csv',
    );
    expect(layout.source).toBe('plain');
    expect(layout.headerRows).toBe(1);
    expect(layout.columns).toEqual([
      { index: 0, name: 'id', header: 'id' },
      { index: 1, name: 'Column 2', header: '' },
      { index: 2, name: 'score', header: 'score' },
    ]);
    expect(layout.issues).toEqual([
      {
        row: 1,
        column: 'Column 2',
        code: 'blank-header',
        message: 'Column 2 has no header; it is shown as "Column 2".',
      },
    ]);
  });

  it('renames repeated headers case-insensitively', () => {
    const layout = detectLayout(
      [
        ['Name', 'name', 'NAME', 'Name (2)'],
        ['a', 'b', 'c', 'd'],
      ],
      'csv',
    );
    expect(layout.columns.map((c) => c.name)).toEqual([
      'Name',
      'name (2)',
      'NAME (3)',
      'Name (2) (2)',
    ]);
    expect(layout.issues.map((i) => [i.code, i.column])).toEqual([
      ['duplicate-header', 'name (2)'],
      ['duplicate-header', 'NAME (3)'],
      ['duplicate-header', 'Name (2) (2)'],
    ]);
    expect(layout.issues[0].message).toBe(
      'Header "name" appears more than once; this one is shown as "name (2)".',
    );
  });

  it('trims headers for names but keeps the raw header', () => {
    const layout = detectLayout([[' a ', 'b']], 'xlsx');
    expect(layout.columns[0]).toEqual({ index: 0, name: 'a', header: ' a ' });
  });

  it('reads a file with only a header row', () => {
    const layout = detectLayout([['a', 'b', 'c']], 'csv');
    expect(layout).toEqual({
      source: 'plain',
      headerRows: 1,
      columns: [
        { index: 0, name: 'a', header: 'a' },
        { index: 1, name: 'b', header: 'b' },
        { index: 2, name: 'c', header: 'c' },
      ],
      notes: [],
      issues: [],
    });
  });

  it('reads an empty head', () => {
    expect(detectLayout([], 'csv')).toEqual({
      source: 'plain',
      headerRows: 0,
      columns: [],
      notes: [],
      issues: [],
    });
  });

  it('notes, rather than reports, a trailing column that is blank everywhere', () => {
    const layout = detectLayout(
      [
        ['a', 'b', ''],
        ['1', '2', ''],
        ['3', '4', ''],
      ],
      'csv',
    );
    expect(layout.columns[2]).toEqual({ index: 2, name: 'Column 3', header: '' });
    expect(layout.issues).toEqual([]);
    expect(layout.notes).toHaveLength(1);
  });

  it('reports a trailing blank header whose column has values', () => {
    const layout = detectLayout(
      [
        ['a', ''],
        ['1', '2'],
      ],
      'csv',
    );
    expect(layout.issues.map((i) => i.code)).toEqual(['blank-header']);
    expect(layout.notes).toEqual([]);
  });

  it('reports a lone blank header', () => {
    const layout = detectLayout([['']], 'csv');
    expect(layout.columns).toEqual([{ index: 0, name: 'Column 1', header: '' }]);
    expect(layout.issues.map((i) => i.code)).toEqual(['blank-header']);
  });
});
