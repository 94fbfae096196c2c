import { describe, expect, it } from 'vitest';
import { NumberBuilder, TextBuilder } from '../../../src/lib/table/builder';
import { getRowPage } from '../../../src/lib/table/page';
import { profileColumn } from '../../../src/lib/table/profile';
import type { Table } from '../../../src/lib/table/types';

function sampleTable(): Table {
  const n = new NumberBuilder();
  [1, 2.5, NaN, 4].forEach((v) => n.push(v));
  n.pushInvalid('N/A');
  const t = new TextBuilder('text');
  ['b', 'a', '', 'b', 'c'].forEach((v) => t.push(v));
  return {
    name: 't.csv',
    rowCount: 5,
    columns: [
      { index: 0, name: 'score', header: 'score', type: 'number' },
      { index: 1, name: 'team', header: 'team', type: 'text' },
    ],
    data: [n.finish(5), t.finish(5)],
    format: { kind: 'csv', source: 'plain', headerRows: 1, notes: [] },
    issues: [],
  };
}

describe('getRowPage', () => {
  it('renders numbers, blanks and keeps unparsable text, flagging it', () => {
    const page = getRowPage(sampleTable(), 1, 10);
    expect(page.start).toBe(1);
    expect(page.rows).toEqual([
      ['2.5', 'a'],
      ['', ''],
      ['4', 'b'],
      ['N/A', 'c'],
    ]);
    expect(page.invalid).toEqual([[3, 0]]);
  });

  it('clamps out-of-range requests', () => {
    expect(getRowPage(sampleTable(), 99, 10).rows).toEqual([]);
    expect(getRowPage(sampleTable(), -5, 1).rows).toEqual([['1', 'b']]);
  });
});

describe('profileColumn', () => {
  it('profiles a number column: blanks exclude unparsable values, which are counted apart', () => {
    const p = profileColumn(sampleTable(), 0);
    expect(p).toMatchObject({ count: 5, blanks: 1, invalid: 1, distinct: 3, min: 1, max: 4 });
    expect(p.mean).toBeCloseTo(7.5 / 3);
  });

  it('profiles a text column with top values by frequency', () => {
    const p = profileColumn(sampleTable(), 1);
    expect(p).toMatchObject({ blanks: 1, distinct: 3, min: 'a', max: 'c', mean: null });
    expect(p.top).toEqual([
      { value: 'b', count: 2 },
      { value: 'a', count: 1 },
      { value: 'c', count: 1 },
    ]);
  });

  it('counts values, not codes, when the dictionary holds a value more than once', () => {
    const table = sampleTable();
    // As a reader that skips interning stores it: 'b' twice in the dictionary.
    table.data[1] = {
      type: 'text',
      codes: Int32Array.from([0, 1, -1, 2, 3]),
      dict: ['b', 'a', 'b', 'c'],
    };
    const p = profileColumn(table, 1);
    expect(p).toMatchObject({ blanks: 1, distinct: 3, min: 'a', max: 'c' });
    expect(p.top).toEqual([
      { value: 'b', count: 2 },
      { value: 'a', count: 1 },
      { value: 'c', count: 1 },
    ]);
  });

  it('throws NotFoundError for a missing column', () => {
    expect(() => profileColumn(sampleTable(), 9)).toThrow(
      expect.objectContaining({ name: 'NotFoundError' }),
    );
  });
});
