// The streaming reader against SheetJS's own reading of the same files, and the SheetJS
// fallback for .xls, .ods and .xlsb.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { SheetAssembler } from '../../../src/lib/read/xlsx/assemble';
import { SharedStringTable } from '../../../src/lib/read/xlsx/shared-strings';
import { SheetScanner } from '../../../src/lib/read/xlsx/sheet-scanner';
import { readSheet } from '../../../src/lib/read/xlsx/index';
import { open, read, rows, sheetjsWrite } from './xlsx-fixtures';
import type { Table } from '../../../src/lib/table/types';

// Deterministic data with every cell kind SheetJS writes.
function sampleData(n: number): unknown[][] {
  let seed = 7;
  const rand = (): number => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647;
  };
  const texts = [
    'plain',
    'a & b',
    '<tag>',
    'line\nbreak',
    ' padded ',
    'ünïcödé ✓',
    '"quoted"',
    'x_x000D_y',
  ];
  const data: unknown[][] = [['Text', 'Int', 'Float', 'Flag', 'When', 'Mixed', 'Sparse']];
  for (let i = 0; i < n; i++) {
    data.push([
      texts[i % texts.length] + (i % 3 === 0 ? ` ${i}` : ''),
      Math.floor(rand() * 2e6) - 1e6,
      i % 7 === 0 ? 1e-7 * i : rand() * 1000,
      rand() < 0.5,
      new Date(Date.UTC(2020, 0, 1) + Math.floor(rand() * 2000) * 86400000),
      i % 5 === 0 ? 'n/a' : i,
      i % 4 === 0 ? null : i % 4 === 1 ? 'x' : null,
    ]);
  }
  return data;
}

/** SheetJS's view of a sheet as the values our reader should produce. */
function sheetjsRows(bytes: Uint8Array): (string | number | null)[][] {
  const wb = XLSX.read(bytes, { type: 'array', cellNF: true });
  const ws = wb.Sheets[wb.SheetNames[0]];
  const range = XLSX.utils.decode_range(ws['!ref'] as string);
  const out: (string | number | null)[][] = [];
  for (let r = range.s.r + 1; r <= range.e.r; r++) {
    const row: (string | number | null)[] = [];
    for (let c = 0; c <= range.e.c; c++) {
      const cell = ws[XLSX.utils.encode_cell({ r, c })] as XLSX.CellObject | undefined;
      if (!cell || cell.t === 'z' || cell.v === undefined) row.push(null);
      else if (cell.t === 'b') row.push(cell.v ? 'TRUE' : 'FALSE');
      else if (cell.t === 'n' && cell.z && XLSX.SSF.is_date(cell.z)) {
        row.push(XLSX.SSF.format('yyyy-mm-dd', cell.v as number));
      } else if (cell.t === 'e') row.push(null);
      else row.push(cell.v as string | number);
    }
    out.push(row);
  }
  return out;
}

/** Our rows, with number columns' numbers and text columns' text as SheetJS would give them. */
function ourRows(t: Table): (string | number | null)[][] {
  return rows(t).map((r) =>
    r.map((v, c) =>
      t.columns[c].type !== 'number' &&
      v !== null &&
      /^-?\d/.test(v as string) &&
      !/^\d{4}-/.test(v as string)
        ? Number(v)
        : v,
    ),
  );
}

describe('streaming reader vs SheetJS', () => {
  for (const bookSST of [false, true]) {
    it(`reads the same values (${bookSST ? 'shared' : 'inline'} strings)`, async () => {
      const ws = XLSX.utils.aoa_to_sheet(sampleData(400), { cellDates: true });
      const wb = XLSX.utils.book_new();
      XLSX.utils.book_append_sheet(wb, ws, 'Data');
      const bytes = new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx', bookSST }));
      const t = await read(bytes);
      expect(t.columns.map((c) => [c.name, c.type])).toEqual([
        ['Text', 'text'],
        ['Int', 'number'],
        ['Float', 'number'],
        ['Flag', 'boolean'],
        ['When', 'date'],
        ['Mixed', 'text'],
        ['Sparse', 'text'],
      ]);
      expect(ourRows(t)).toEqual(sheetjsRows(bytes));
    });
  }

  it('reads a sheet that spans many inflated chunks', async () => {
    const data: unknown[][] = [['id', 'name', 'value', 'note']];
    for (let i = 0; i < 40000; i++) {
      data.push([i, `name ${i} ${'x'.repeat(i % 50)}`, i * 1.25, i % 3 ? 'a' : 'b & c']);
    }
    const bytes = sheetjsWrite(data);
    const t = await read(bytes);
    expect(t.rowCount).toBe(40000);
    expect(ourRows(t)).toEqual(sheetjsRows(bytes));
  });

  it('reads multi-byte text across many chunks (accents, CJK, emoji, escapes)', async () => {
    const words = [
      'café',
      'naïve façade',
      '東京都',
      'Größe',
      '😀 smile',
      'a & b < c',
      'x_x000D_y',
      'plain',
    ];
    const data: unknown[][] = [['Text', 'Inline', 'Number']];
    for (let i = 0; i < 30000; i++) {
      data.push([`${words[i % words.length]} ${i}`, words[(i * 7) % words.length], i + 0.1]);
    }
    const ws = XLSX.utils.aoa_to_sheet(data);
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, 'Data');
    for (const bookSST of [true, false]) {
      const bytes = new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx', bookSST }));
      const t = await read(bytes);
      expect(t.rowCount).toBe(30000);
      expect(ourRows(t)).toEqual(sheetjsRows(bytes));
    }
  });

  it('scans identically whatever the chunk boundaries', () => {
    const xml = new TextEncoder().encode(
      '<?xml version="1.0"?><worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><r><t>h&amp;1</t></r><rPh><t>x</t></rPh></is></c>' +
        '<c r="B1" t="inlineStr"><is><t>h2</t></is></c></row><!-- a <comment> with x:row> and --><!--x:y--><row r="2" spans="1:2"><c r="A2" t="b"><v>1</v></c>' +
        '<c r="B2" s="0"><f>SUM(1,2)</f><v>3.25</v></c></row><row r="3"><c r="A3" t="str"><v>é &lt;</v></c><c r="B3" t="e"><v>#N/A</v></c></row>' +
        '<row r="4"/><row r="5"><c r="B5"><v>-1e3</v></c></row></sheetData></worksheet>',
    );
    const scanWhole = (split: number): unknown => {
      const sink = new SheetAssembler({ tableName: 't', sheet: 's', kind: 'xlsx', sst: [] });
      const scanner = new SheetScanner(sink, new Uint8Array(1), false, new SharedStringTable(null));
      let carry = new Uint8Array(0);
      for (let at = 0; at < xml.length && !scanner.done; at += split) {
        const chunk = xml.subarray(at, at + split);
        const buf = new Uint8Array(carry.length + chunk.length);
        buf.set(carry);
        buf.set(chunk, carry.length);
        carry = buf.slice(scanner.scan(buf));
      }
      expect(scanner.done).toBe(true);
      const t = sink.finish();
      return [rows(t), t.issues];
    };
    const expected = scanWhole(xml.length);
    expect(expected).toEqual([
      [
        ['TRUE', 3.25],
        ['é <', null],
        [null, null],
        [null, -1000],
      ],
      [expect.objectContaining({ code: 'formula-error', row: 3, column: 'h2' })],
    ]);
    for (let split = 1; split < 80; split++) expect(scanWhole(split)).toEqual(expected);
  });
});

describe('SheetJS fallback', () => {
  const data = [
    ['Name', 'Score', 'Joined', 'Active', 'EmployeeId'],
    ['Ann', 4.5, new Date(Date.UTC(2026, 3, 1)), true, 123],
    ['Bo', 3, new Date(Date.UTC(2026, 3, 2)), false, 456],
  ];
  for (const bookType of ['xls', 'biff5', 'ods', 'xlsb'] as const) {
    it(`reads ${bookType}`, async () => {
      const bytes = sheetjsWrite(data, bookType, 'People', { cellDates: true });
      const name = `people.${bookType === 'biff5' ? 'xls' : bookType}`;
      const wb = await open(bytes, name);
      expect(wb.kind).toBe(bookType === 'biff5' ? 'xls' : bookType);
      expect(wb.sheets).toEqual([{ name: 'People', hidden: false }]);
      const t = await readSheet(wb, 'People');
      expect(t.columns.map((c) => [c.name, c.type])).toEqual([
        ['Name', 'text'],
        ['Score', 'number'],
        ['Joined', 'date'],
        ['Active', 'boolean'],
        ['EmployeeId', 'id'],
      ]);
      expect(rows(t)).toEqual([
        ['Ann', 4.5, '2026-04-01', 'TRUE', '123'],
        ['Bo', 3, '2026-04-02', 'FALSE', '456'],
      ]);
      expect(t.format.sheet).toBe('People');
    });
  }

  it('refuses an encrypted workbook (CFB holding EncryptionInfo)', async () => {
    const bytes = new Uint8Array(2048);
    bytes.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    const name = 'EncryptionInfo';
    for (let i = 0; i < name.length; i++) bytes[512 + 128 + i * 2] = name.charCodeAt(i);
    bytes[512 + 128 + 64] = (name.length + 1) * 2;
    await expect(open(bytes, 'secret.xlsx')).rejects.toMatchObject({
      name: 'EncryptedFileError',
      message: expect.stringContaining('password-protected') as unknown,
    });
  });

  it('explains a CFB file SheetJS cannot read', async () => {
    const bytes = new Uint8Array(2048);
    bytes.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    await expect(open(bytes, 'broken.xls')).rejects.toMatchObject({ name: 'ParseError' });
  });
});

describe('generated sample', () => {
  it('reads public/samples/qualtrics-ex-survey.xlsx as a Qualtrics Excel export', async () => {
    const bytes = new Uint8Array(
      readFileSync(new URL('../../../public/samples/qualtrics-ex-survey.xlsx', import.meta.url)),
    );
    const wb = await open(bytes, 'qualtrics-ex-survey.xlsx');
    expect(wb.sheets).toEqual([{ name: 'Employee Pulse Q2 2026', hidden: false }]);
    const t = await readSheet(wb, wb.sheets[0].name);
    expect(t.rowCount).toBe(200);
    expect(t.format).toMatchObject({
      kind: 'xlsx',
      headerRows: 2,
      sheet: 'Employee Pulse Q2 2026',
    });
    expect(t.format.source).toMatch(/qualtrics/);
    const names = t.columns.map((c) => c.name);
    expect(names).toEqual([
      'StartDate',
      'EndDate',
      'Status',
      'IPAddress',
      'Progress',
      'Duration (in seconds)',
      'Finished',
      'RecordedDate',
      'ResponseId',
      'RecipientLastName',
      'RecipientFirstName',
      'RecipientEmail',
      'ExternalReference',
      'LocationLatitude',
      'LocationLongitude',
      'DistributionChannel',
      'UserLanguage',
      'Q1_1',
      'Q1_2',
      'Q1_3',
      'Q1_4',
      'Q1_5',
      'Q1_6',
      'Q2_NPS_GROUP',
      'Q2',
      'Q3',
      'Q4',
      'Email_ID',
      'Department',
      'Region',
    ]);
    const type = (n: string): string | undefined => t.columns.find((c) => c.name === n)?.type;
    expect(type('ExternalReference')).toBe('id');
    expect(type('StartDate')).toBe('date');
    expect(type('Q1_1')).toBe('number');
    expect(type('Q2')).toBe('number');
    expect(t.columns.find((c) => c.name === 'Q1_1')?.label).toContain(
      'I would recommend this company',
    );
    expect(t.issues.filter((i) => i.code === 'bad-number')).toEqual([]);
  });
});
