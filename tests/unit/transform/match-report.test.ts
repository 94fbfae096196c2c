// The match report's rows (one shape for the ID mapping and the Analysis join): file line numbers
// counted with the header, every source column, blanks with the one-side rows, repeated keys.
import { describe, expect, it } from 'vitest';
import { matchReportRows, type ReportSide } from '../../../src/lib/transform/match-report';
import { tableFromCsv } from '../../helpers/tables';

async function sides(): Promise<[ReportSide, ReportSide]> {
  const left = await tableFromCsv('id,name\na,Ann\nb,Bo\nc,Cy\nc,Cid\n', 'left.csv');
  const right = await tableFromCsv('key,dept\nA,Sales\nd,Legal\n', 'right.csv');
  return [
    { table: left, label: 'left' },
    { table: right, label: 'right' },
  ];
}

const data = {
  pairs: [0, 0],
  onlyLeft: [1],
  onlyRight: [1],
  duplicateLeft: [{ key: 'c', rows: [2, 3] }],
  duplicateRight: [],
};

describe('matchReportRows', () => {
  it('lists matched pairs side by side with their file line numbers', async () => {
    const [l, r] = await sides();
    expect(matchReportRows('matched', l, r, data)).toEqual([
      ['left row', 'id', 'name', 'right row', 'key', 'dept'],
      ['2', 'a', 'Ann', '2', 'A', 'Sales'],
    ]);
  });

  it('lists the rows of one side', async () => {
    const [l, r] = await sides();
    expect(matchReportRows('only-left', l, r, data)).toEqual([
      ['left row', 'id', 'name'],
      ['3', 'b', 'Bo'],
    ]);
    expect(matchReportRows('only-right', l, r, data)).toEqual([
      ['right row', 'key', 'dept'],
      ['3', 'd', 'Legal'],
    ]);
  });

  it('lists repeated keys with the file they are in and their lines', async () => {
    const [l, r] = await sides();
    expect(matchReportRows('duplicates', l, r, data)).toEqual([
      ['file', 'key', 'rows'],
      ['left.csv', 'c', '4 5'],
    ]);
  });

  it('names the sides as the flow does (directory and HR)', async () => {
    const [l, r] = await sides();
    const rows = matchReportRows(
      'matched',
      { ...l, label: 'directory' },
      { ...r, label: 'HR' },
      data,
    );
    expect(rows[0]).toEqual(['directory row', 'id', 'name', 'HR row', 'key', 'dept']);
  });
});
