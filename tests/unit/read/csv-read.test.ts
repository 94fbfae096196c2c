import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readCsv, readCsvBytes, type CsvOptions } from '../../../src/lib/read/csv/read-csv';
import { sourceChunks } from '../../../src/lib/read/source-chunks';
import { bytesSource, type HeadPreview, type LoadProgress } from '../../../src/lib/read/types';
import type { ColumnData, NumberColumn, Table, TextColumn } from '../../../src/lib/table/types';
import { realBytes } from '../../helpers/real-data';

const enc = new TextEncoder();
const fixture = (name: string) => new Uint8Array(readFileSync(`tests/fixtures/csv/${name}`));

const read = (text: string | Uint8Array, options: Partial<CsvOptions> = {}) =>
  readCsvBytes(typeof text === 'string' ? enc.encode(text) : text, {
    name: 'test.csv',
    ...options,
  });

async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

const col = (t: Table, name: string): ColumnData => {
  const i = t.columns.findIndex((c) => c.name === name);
  if (i < 0) throw new Error(`no column ${name}`);
  return t.data[i];
};
const nums = (t: Table, name: string) => Array.from((col(t, name) as NumberColumn).values);
/** A text column's values ('' for blank). */
const texts = (t: Table, name: string) => {
  const c = col(t, name) as TextColumn;
  return Array.from(c.codes, (k) => (k < 0 ? '' : c.dict[k]));
};
/** Every cell as a string, for comparing whole tables. */
const cells = (t: Table) =>
  t.data.map((c) =>
    c.type === 'number'
      ? Array.from(c.values, (v, i) => c.invalid.get(i) ?? (Number.isNaN(v) ? '' : String(v)))
      : Array.from(c.codes, (k) => (k < 0 ? '' : c.dict[k])),
  );

describe('readCsv: columns and types', () => {
  it('reads numbers into Float64Arrays and text into dictionaries', async () => {
    const t = await read(fixture('simple.csv'), { name: 'simple.csv' });
    expect(t.name).toBe('simple.csv');
    expect(t.rowCount).toBe(2);
    expect(t.columns.map((c) => [c.name, c.type])).toEqual([
      ['id', 'id'],
      ['name', 'text'],
      ['score', 'number'],
    ]);
    const score = col(t, 'score') as NumberColumn;
    expect(score.values).toBeInstanceOf(Float64Array);
    expect(Array.from(score.values)).toEqual([3.5, 4]);
    expect(texts(t, 'name')).toEqual(['Ann', 'Smith, Bob']);
    expect(t.format).toEqual({
      kind: 'csv',
      source: 'plain',
      headerRows: 1,
      delimiter: ',',
      encoding: 'utf-8',
      notes: [],
    });
    expect(t.issues).toEqual([]);
  });

  it('keeps IDs, leading zeros and emails as text', async () => {
    const t = await read(fixture('ids-and-bad-number.csv'));
    const types = Object.fromEntries(t.columns.map((c) => [c.name, c.type]));
    // Score's "N/A" is a missing-value token: the column stays numeric and the cell is flagged.
    expect(types).toEqual({
      PersonId: 'id',
      Email: 'id',
      Zip: 'id',
      Score: 'number',
      Team: 'text',
    });
    const score = t.data[3];
    expect(score.type === 'number' && [...score.values]).toEqual([3.5, NaN, 4.25]);
    expect(score.type === 'number' && score.invalid.get(1)).toBe('N/A');
    expect(t.issues).toEqual([
      expect.objectContaining({ row: 3, column: 'Score', code: 'bad-number' }),
    ]);
    expect(texts(t, 'PersonId')).toEqual(['00123', '00456', '00789']);
    expect(texts(t, 'Zip')).toEqual(['01234', '02345', '09999']);
    expect(texts(t, 'Email')).toEqual(['ann@contoso.com', 'bob@contoso.com', 'cleo@contoso.com']);
  });

  it('reports a stray N/A after the type sample as a bad number, with its row', async () => {
    // Header (row 1), a blank line (row 2), 2500 numbers in rows 3-2502 with one record
    // spanning two lines, then "N/A" in row 2503.
    const lines = ['label,score', ''];
    for (let i = 0; i < 2500; i++) lines.push(i === 10 ? '"two\nlines",1' : `r${i},${i}`);
    lines.push('last,N/A', 'end,7');
    const t = await read(lines.join('\n'));
    const score = col(t, 'score') as NumberColumn;
    expect(score.type).toBe('number');
    expect(score.values).toBeInstanceOf(Float64Array);
    expect(t.rowCount).toBe(2502);
    expect(score.values[2500]).toBeNaN();
    expect(score.values[2501]).toBe(7);
    expect(score.invalid).toEqual(new Map([[2500, 'N/A']]));
    const bad = t.issues.filter((i) => i.code === 'bad-number');
    expect(bad).toHaveLength(1);
    expect(bad[0]).toMatchObject({ row: 2503, column: 'score' });
    expect(bad[0].message).toContain('"N/A"');
  });

  it('reads numbers exactly like parseNumber (fast path and fallback)', async () => {
    const values = [
      '0',
      '-0',
      '1',
      '-12.5',
      '+3',
      '.5',
      '5.',
      '1e3',
      '2.5E-3',
      '123456789012345',
      '1234567890123456789',
      '0.1',
      '0.30000000000000004',
      '1e-30',
      ' 7 ',
      '9007199254740993',
      '3.14159265358979',
      '-1.7976931348623157e308',
      '4.9e-324',
      '1E+2',
      '-.25',
    ];
    const t = await read(`x\n${values.join('\n')}\n`);
    expect(t.columns[0].type).toBe('number');
    const got = Array.from((t.data[0] as NumberColumn).values);
    expect(got).toEqual(values.map((v) => Number(v.trim())));
    expect(Object.is(got[1], -0)).toBe(true);
  });

  it('reads decimal commas in semicolon files and says so', async () => {
    const t = await read(fixture('semicolon-decimal-comma.csv'));
    expect(t.format.delimiter).toBe(';');
    expect(nums(t, 'Score')).toEqual([3.5, 4, NaN]);
    expect(nums(t, 'Weight')).toEqual([70.25, 80, 65.5]);
    expect(texts(t, 'Name')).toEqual(['Ann', 'Bob', 'Cléo']);
    expect(t.format.notes.join(' ')).toMatch(/decimal comma/);
  });

  it('honours and skips an Excel sep= line', async () => {
    const t = await read(fixture('excel-sep-line.csv'));
    expect(t.format.delimiter).toBe(';');
    expect(t.columns.map((c) => c.name)).toEqual(['id', 'city']);
    expect(texts(t, 'city')).toEqual(['Zürich', 'Genève; GE']);
  });

  it('reads tab-separated text with quoted line breaks and escaped quotes', async () => {
    const t = await read(fixture('tab-quoted.tsv'));
    expect(t.format.delimiter).toBe('\t');
    expect(texts(t, 'comment')).toEqual(['line one\nline two', 'she said "hi"', '']);
    expect(nums(t, 'score')).toEqual([5, 6, NaN]);
  });

  it('uses the delimiter and encoding it is given', async () => {
    const t = await read('a,b;c\nx,y;3\n', { delimiter: ';' });
    expect(t.columns.map((c) => c.name)).toEqual(['a,b', 'c']);
    expect(texts(t, 'a,b')).toEqual(['x,y']);
  });
});

describe('readCsv: problems', () => {
  it('pads short rows, drops extra cells and skips blank lines', async () => {
    const t = await read(fixture('ragged.csv'));
    expect(t.rowCount).toBe(4);
    expect(cells(t)).toEqual([
      ['1', '4', '6', '10'],
      ['2', '5', '7', '11'],
      ['3', '', '8', '12'],
    ]);
    const ragged = t.issues.filter((i) => i.code === 'ragged-row');
    expect(ragged.map((i) => i.row)).toEqual([3, 4]);
    expect(ragged[0].message).toBe(
      'Row 3 has 2 fields; the header has 3. Missing cells are left blank.',
    );
    expect(ragged[1].message).toContain('1 extra cell was dropped');
  });

  it('counts blank lines and multi-line records in row numbers', async () => {
    const t = await read('a,b\n\n"x\ny",1\n\nz\n');
    expect(t.issues.find((i) => i.code === 'ragged-row')?.row).toBe(5);
  });

  it('reports an unclosed quote with the row where it opened', async () => {
    const t = await read('a,b\n1,2\n3,"oops\n4,5\n');
    expect(t.rowCount).toBe(2);
    expect(texts(t, 'b')).toEqual(['2', 'oops\n4,5\n']);
    const issue = t.issues.find((i) => i.code === 'unclosed-quote');
    expect(issue?.row).toBe(3);
  });

  it.each([
    ['empty', ''],
    ['whitespace', '  \r\n \n\t\n'],
    ['blank lines', '\n\n\n'],
  ])('rejects an %s file with a ParseError', async (_name, text) => {
    await expect(read(text)).rejects.toMatchObject({
      name: 'ParseError',
      message: 'This file is empty. Choose a file that has a header row and data.',
    });
  });

  it('reads a header-only file as zero rows', async () => {
    for (const text of ['a,b,c', 'a,b,c\n', 'a,b,c\r\n\r\n']) {
      const t = await read(text);
      expect(t.rowCount).toBe(0);
      expect(t.columns.map((c) => c.name)).toEqual(['a', 'b', 'c']);
      expect(t.data.every((d) => (d.type === 'number' ? d.values : d.codes).length === 0)).toBe(
        true,
      );
    }
  });

  it('stops with a TooLargeError over maxCells', async () => {
    const text = 'a,b\n' + '1,2\n'.repeat(100);
    await expect(read(text, { maxCells: 100 })).rejects.toMatchObject({ name: 'TooLargeError' });
    await expect(read(text, { maxCells: 100 })).rejects.toThrow(/50 rows/);
    expect((await read(text, { maxCells: 200 })).rowCount).toBe(100);
  });

  it('keeps at most 1000 issues per code and summarises the rest', async () => {
    const text = 'a,b\n' + '1\n'.repeat(1500);
    const t = await read(text);
    const ragged = t.issues.filter((i) => i.code === 'ragged-row');
    expect(ragged).toHaveLength(1001);
    expect(ragged[1000].message).toContain('500 more');
  });
});

describe('readCsv: encodings', () => {
  const utf16 = (text: string, bigEndian: boolean) => {
    const out = new Uint8Array(2 + text.length * 2);
    out.set(bigEndian ? [0xfe, 0xff] : [0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) {
      const u = text.charCodeAt(i);
      out[2 + 2 * i + (bigEndian ? 1 : 0)] = u & 0xff;
      out[2 + 2 * i + (bigEndian ? 0 : 1)] = u >> 8;
    }
    return out;
  };
  const TEXT = 'Name\tStadt\tWert\nMüller\tZürich 😀\t3\nCafé\t東京\t4\n';

  it('strips a UTF-8 BOM', async () => {
    const t = await read(new Uint8Array([0xef, 0xbb, 0xbf, ...enc.encode('x,y\n1,é\n')]));
    expect(t.format.encoding).toBe('utf-8-bom');
    expect(t.columns[0].name).toBe('x');
    expect(texts(t, 'y')).toEqual(['é']);
  });

  it.each([
    ['utf-16le', false],
    ['utf-16be', true],
  ])('reads %s with a BOM (Excel Unicode text)', async (encoding, bigEndian) => {
    const bytes = utf16(TEXT, bigEndian);
    for (const size of [bytes.length, 1, 3, 7]) {
      const t = await readCsv(chunked(bytes, size), { name: 'u.txt' });
      expect(t.format.encoding).toBe(encoding);
      expect(t.format.delimiter).toBe('\t');
      expect(texts(t, 'Name')).toEqual(['Müller', 'Café']);
      expect(texts(t, 'Stadt')).toEqual(['Zürich 😀', '東京']);
      expect(nums(t, 'Wert')).toEqual([3, 4]);
    }
  });

  it('falls back to Windows-1252 and says so', async () => {
    // 'Müller;Café;€' in Windows-1252.
    const latin = new Uint8Array([
      ...enc.encode('Name;Ort;Preis\n'),
      ...[0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72, 0x3b, 0x43, 0x61, 0x66, 0xe9, 0x3b, 0x80, 0x0a],
    ]);
    const t = await read(latin);
    expect(t.format.encoding).toBe('windows-1252');
    expect(texts(t, 'Name')).toEqual(['Müller']);
    expect(texts(t, 'Ort')).toEqual(['Café']);
    expect(texts(t, 'Preis')).toEqual(['€']);
    const issue = t.issues.find((i) => i.code === 'encoding-fallback');
    expect(issue?.message).toMatch(/Windows-1252/);
    expect(t.format.notes.join(' ')).toMatch(/CSV UTF-8/);
  });

  it('reads a forced encoding without guessing', async () => {
    const t = await read(new Uint8Array([0x61, 0x0a, 0xe9, 0x0a]), { encoding: 'windows-1252' });
    expect(texts(t, 'a')).toEqual(['é']);
    expect(t.issues).toEqual([]);
  });

  it('reports invalid UTF-8 found after the checked start, with its row', async () => {
    const head = 'id,name\n' + 'x,ok\n'.repeat(300_000); // 1.5 MB of valid UTF-8
    const bytes = new Uint8Array([...enc.encode(head), ...enc.encode('y,bad'), 0xff, 0x0a]);
    const t = await read(bytes);
    expect(t.format.encoding).toBe('utf-8');
    const issue = t.issues.find((i) => i.code === 'invalid-utf8');
    expect(issue?.row).toBe(300_002);
    expect(texts(t, 'name').at(-1)).toBe('bad\uFFFD');
  });

  it('splits multi-byte characters across chunks', async () => {
    const bytes = enc.encode('k,v\n1,😀é\n2,"東\r\n京"\n');
    for (const size of [1, 2, 3, 5]) {
      const t = await readCsv(chunked(bytes, size), { name: 'x' });
      expect(texts(t, 'v')).toEqual(['😀é', '東\r\n京']);
    }
  });
});

describe('readCsv: streaming', () => {
  it('builds the same table whatever the chunk size', async () => {
    const rows = ['id,name,score,when,comment'];
    for (let i = 0; i < 3000; i++) {
      rows.push(
        `${i},name ${i % 17},${(i * 0.37).toFixed(2)},2024-01-${String((i % 28) + 1).padStart(2, '0')},"c ""${i}""\nx"`,
      );
    }
    const bytes = enc.encode(rows.join('\r\n'));
    const whole = await read(bytes);
    expect(whole.rowCount).toBe(3000);
    expect(whole.columns.map((c) => c.type)).toEqual(['id', 'text', 'number', 'date', 'text']);
    for (const size of [1, 7, 64, 4093]) {
      const t = await readCsv(chunked(bytes, size), { name: 'test.csv' });
      expect(cells(t)).toEqual(cells(whole));
    }
  });

  it('sends the head early and reports progress', async () => {
    const body = 'a,b\n' + 'x,1\n'.repeat(5000);
    const bytes = enc.encode(body);
    const heads: HeadPreview[] = [];
    const progress: LoadProgress[] = [];
    const t = await readCsv(
      chunked(bytes, 1000),
      { name: 'p.csv', totalBytes: bytes.length },
      {
        onHead: (h) => heads.push(h),
        onProgress: (p) => progress.push(p),
      },
    );
    expect(heads).toHaveLength(1);
    expect(heads[0].columns.map((c) => [c.name, c.type])).toEqual([
      ['a', 'text'],
      ['b', 'number'],
    ]);
    expect(heads[0].rows).toHaveLength(100);
    expect(heads[0].rows[0]).toEqual(['x', '1']);
    const last = progress.at(-1)!;
    expect(last).toEqual({
      phase: 'reading',
      bytesRead: bytes.length,
      totalBytes: bytes.length,
      rows: 5000,
    });
    expect(t.rowCount).toBe(5000);
  });
});

describe('sourceChunks and options', () => {
  it('reads a ByteSource in chunks and records the zip-csv kind', async () => {
    const bytes = enc.encode('a,b\n1,2\n3,4\n');
    const parts: number[] = [];
    for await (const c of sourceChunks(bytesSource(bytes), 5)) parts.push(c.length);
    expect(parts).toEqual([5, 5, 2]);
    const t = await readCsv(sourceChunks(bytesSource(bytes), 5), { name: 'x', kind: 'zip-csv' });
    expect(t.format.kind).toBe('zip-csv');
    expect(nums(t, 'b')).toEqual([2, 4]);
  });

  it('reads a quoted field of megabytes spanning many chunks', async () => {
    const big = 'ab""c\n'.repeat(400_000); // 2.8 MB, with escapes and line breaks
    const bytes = enc.encode(`id,text\n1,"${big}"\n2,x\n`);
    const t = await readCsv(chunked(bytes, 4096), { name: 'x' });
    expect(t.rowCount).toBe(2);
    expect(texts(t, 'text')).toEqual([big.replaceAll('""', '"'), 'x']);
  });
});

describe('readCsv: real exports', () => {
  it('reads the Viva person query sample: 1000 rows x 155 columns', async () => {
    const t = await read(realBytes('viva-person-query-sample.csv'), { name: 'pq.csv' });
    expect(t.rowCount).toBe(1000);
    expect(t.columns).toHaveLength(155);
    const type = (name: string) => t.columns.find((c) => c.header === name)?.type;
    expect(type('PersonId')).toBe('id');
    expect(type('MetricDate')).toBe('date');
    expect(type('Collaboration_hours')).toBe('number');
    expect(type('Organization')).toBe('text');
    expect(nums(t, 'After_hours_collaboration_hours').slice(0, 2)).toEqual([18.675938, 4.8278027]);
    expect(nums(t, 'Collaboration_hours').slice(0, 2)).toEqual([38.214195, 14.094118]);
    expect(nums(t, 'Meetings').slice(0, 2)).toEqual([21.885416, 14.4]);
    expect(nums(t, 'Row').slice(0, 3)).toEqual([1, 2, 3]);
    expect(texts(t, 'PersonId')[0]).toBe('a6afe34c-8524-32d3-a368-1517b29b68cd');
    expect(texts(t, 'WeekendDays').at(-1)).toBe('[SUNDAY, SATURDAY]');
    expect(t.issues.filter((i) => i.code !== 'info')).toEqual([]);
  });

  it.each(['qualtrics-export-sample.csv', 'qualtrics-export-sample-legacy.csv'] as const)(
    'reads %s',
    async (name) => {
      const t = await read(realBytes(name), { name });
      expect(t.rowCount).toBeGreaterThan(0);
      expect(t.columns.length).toBeGreaterThan(10);
      expect(t.issues.filter((i) => i.code === 'ragged-row' || i.code === 'bad-number')).toEqual(
        [],
      );
    },
  );
});
