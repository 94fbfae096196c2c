import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { newIdMappingRecipe } from '../../../src/lib/recipe/id-mapping';
import { engineApi, type EngineEvent, type MatchPart } from '../../../workers/engine-api';
import { realBytes } from '../../helpers/real-data';

const read = (name: Parameters<typeof realBytes>[0]) => realBytes(name);

describe('engineApi (called directly, as the worker would)', () => {
  it('opens the real Viva person query, pages rows and profiles a metric', async () => {
    const events: EngineEvent[] = [];
    const res = await engineApi.openFile(
      new Blob([read('viva-person-query-sample.csv')]),
      'viva.csv',
      (e) => events.push(e),
    );
    expect(res.table.rowCount).toBe(1000);
    expect(res.table.columns).toHaveLength(155);
    expect(res.table.format.source).toBe('viva-person-query');
    expect(events.some((e) => e.type === 'head')).toBe(true);
    expect(events.some((e) => e.type === 'progress')).toBe(true);

    const page = engineApi.getRows(res.table.id, 998, 10);
    expect(page.start).toBe(998);
    expect(page.rows).toHaveLength(2);
    const collab = res.table.columns.findIndex((c) => c.name === 'Collaboration_hours');
    expect(res.table.columns[collab].type).toBe('number');
    const profile = engineApi.getProfile(res.table.id, collab);
    expect(profile.count).toBe(1000);
    expect(profile.mean).toBeGreaterThan(0);
    const values = engineApi.numberColumn(res.table.id, collab);
    expect(values).toBeInstanceOf(Float64Array);
    expect(values).toHaveLength(1000);
    engineApi.closeTable(res.table.id);
    expect(() => engineApi.getRows(res.table.id, 0, 1)).toThrow(
      expect.objectContaining({ name: 'NotFoundError' }),
    );
  });

  it('opens the real Qualtrics export with its 3 header rows', async () => {
    const res = await engineApi.openFile(new Blob([read('qualtrics-export-sample.csv')]), 'q.csv');
    expect(res.table.format.source).toBe('qualtrics');
    expect(res.table.rowCount).toBe(1);
    const q1 = res.table.columns.find((c) => c.name === 'Q1');
    expect(q1).toMatchObject({ importId: 'QID1', label: 'This is a multiple choice question.' });
  });

  it('opens a zip holding one CSV', async () => {
    const zip = zipSync({ 'query.csv': read('viva-person-query-sample.csv') });
    const res = await engineApi.openFile(new Blob([zip]), 'query.zip');
    expect(res.table.format.kind).toBe('zip-csv');
    expect(res.table.rowCount).toBe(1000);
  });

  it('refuses a zip holding several CSVs, naming them', async () => {
    const zip = zipSync({
      'a.csv': new TextEncoder().encode('x\n1\n'),
      'b.csv': new TextEncoder().encode('y\n2\n'),
    });
    await expect(engineApi.openFile(new Blob([zip]), 'two.zip')).rejects.toMatchObject({
      name: 'ParseError',
      message: expect.stringContaining('a.csv'),
    });
  });

  it('returns the issue list as CSV bytes', async () => {
    const res = await engineApi.openFile(new Blob(['a,b\n1,2\n3\n']), 'ragged.csv');
    const text = new TextDecoder().decode(engineApi.issuesCsv(res.table.id));
    expect(text.startsWith('row,column,code,message\r\n')).toBe(true);
    expect(text).toContain('ragged-row');
  });

  it.each([
    ['empty', new Blob([]), /empty/i],
    [
      'binary garbage',
      new Blob([new Uint8Array(4096).map((_, i) => (i * 7919) % 256)]),
      /not a spreadsheet or text/i,
    ],
  ])('rejects %s with a ParseError that says what to do', async (_, blob, message) => {
    await expect(engineApi.openFile(blob, 'bad.csv')).rejects.toMatchObject({
      name: 'ParseError',
      message: expect.stringMatching(message),
    });
  });

  it('refuses a 2 GB text file before reading it, with a TooLargeError', async () => {
    const chunk = new Blob(['a,b\n1,2\n'.repeat(1000)]);
    const huge = {
      size: 2 * 1024 ** 3,
      slice: (s: number, e: number) => chunk.slice(0, Math.min(e - s, chunk.size)),
    } as unknown as Blob;
    await expect(engineApi.openFile(huge, 'huge.csv')).rejects.toMatchObject({
      name: 'TooLargeError',
      message: expect.stringContaining('2.0 GB'),
    });
  });

  it('writes each part of a join report and of an ID-mapping report as CSV', async () => {
    const text = (b: Uint8Array) => new TextDecoder().decode(b);
    const open = async (csv: string, name: string) =>
      (await engineApi.openFile(new Blob([csv]), name)).table;
    const left = await open('id,name\nb,Bo\n,Nobody\na,Ann\n', 'left.csv');
    const right = await open('id,dept\nA,Sales\nz,Legal\n', 'right.csv');
    const spec = {
      leftKey: 0,
      rightKey: 0,
      trim: true,
      caseFold: true,
      kind: 'left' as const,
      many: 'exclude' as const,
    };
    // Rows found on one side only come with the blank-key rows, in file order.
    expect(text(engineApi.joinReportCsv(left.id, right.id, spec, 'only-left'))).toBe(
      'left row,id,name\r\n2,b,Bo\r\n3,,Nobody\r\n',
    );
    expect(text(engineApi.joinReportCsv(left.id, right.id, spec, 'matched'))).toBe(
      'left row,id,name,right row,id,dept\r\n4,a,Ann,2,A,Sales\r\n',
    );

    const recipe = newIdMappingRecipe(left, right, 'r1', '2026-01-01T00:00:00.000Z');
    const ids = {
      ...recipe,
      directory: { key: 'id', email: 'name', uniqueId: 'id' },
      hr: { key: 'id', personId: 'dept' },
    };
    const part = (p: MatchPart) =>
      text(engineApi.matchReportCsv(ids, left.id, right.id, '2026-01-01', p));
    expect(part('only-hr')).toBe('HR row,id,dept\r\n3,z,Legal\r\n');
    expect(part('matched').split('\r\n')[0]).toBe('directory row,id,name,HR row,id,dept');
  });
});
