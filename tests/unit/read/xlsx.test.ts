import { strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { cell, makeXlsx, open, read, rows, type FixtureSheet } from './xlsx-fixtures';
import { classifyZip, readSheet } from '../../../src/lib/read/xlsx/index';
import { listZip } from '../../../src/lib/read/zip';
import { bytesSource } from '../../../src/lib/read/types';
import type { HeadPreview, LoadProgress } from '../../../src/lib/read/types';

const DATE_STYLES =
  '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd hh:mm"/>' +
  '<numFmt numFmtId="165" formatCode="&quot;Day&quot; 0.00"/></numFmts>' +
  '<cellXfs count="6"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="22"/>' +
  '<xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="21"/></cellXfs>';

describe('readSheet (hand-made xlsx)', () => {
  it('reads shared, rich, inline and formula strings with entities and _xHHHH_ escapes', async () => {
    const t = await read(
      makeXlsx({
        sharedStrings:
          '<si><t>Name</t></si><si><t>Note</t></si>' +
          '<si><r><rPr><b/></rPr><t>Ri</t></r><r><t xml:space="preserve">ch &amp; bold</t></r>' +
          '<rPh sb="0" eb="1"><t>ふりがな</t></rPh><phoneticPr fontId="1"/></si>' +
          '<si><t>Line1_x000D__x000A_Line2 _x005F_x0041_ &lt;tag&gt; &#65;&#x42; &quot;q&quot; &apos;a&apos;</t></si>' +
          '<si/>',
        sheets: [
          {
            name: 'S',
            data:
              '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>' +
              '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="s"><v>3</v></c></row>' +
              '<row r="3"><c r="A3" t="inlineStr"><is><t>Inline &amp; é</t></is></c>' +
              '<c r="B3" t="str"><f>A3&amp;"!"</f><v>Formula!</v></c></row>' +
              '<row r="4"><c r="A4" t="inlineStr"><is><r><t>a</t></r><r><t>b</t></r></is></c><c r="B4" t="s"><v>4</v></c></row>',
          },
        ],
      }),
    );
    expect(t.columns.map((c) => c.name)).toEqual(['Name', 'Note']);
    expect(rows(t)).toEqual([
      ['Rich & bold', 'Line1\r\nLine2 _x0041_ <tag> AB "q" \'a\''],
      ['Inline & é', 'Formula!'],
      ['ab', null],
    ]);
  });

  it('keeps gaps, follows missing r attributes and skips leading blank rows', async () => {
    const t = await read(
      makeXlsx({
        sheets: [
          {
            name: 'S',
            data:
              '<row r="3"><c r="B3" s="0"/></row>' + // styled but empty: not a row
              '<row r="4"><c r="A4" t="inlineStr"><is><t>a</t></is></c><c t="inlineStr"><is><t>b</t></is></c>' +
              '<c r="D4" t="inlineStr"><is><t>d</t></is></c></row>' +
              '<row><c><v>1</v></c><c><v>2</v></c></row>' + // row 5, A5 and B5
              '<row r="8"><c r="D8"><v>4</v></c></row>' +
              '<row r="9" spans="1:4"><c r="A9" s="0"/></row>',
          },
        ],
      }),
    );
    expect(t.columns.map((c) => c.name)).toEqual(['a', 'b', 'Column 3', 'd']);
    expect(t.rowCount).toBe(4);
    expect(rows(t)).toEqual([
      [1, 2, null, null],
      [null, null, null, null],
      [null, null, null, null],
      [null, null, null, 4],
    ]);
  });

  it('turns date-styled numbers into ISO text (built-in and custom formats, 1900 leap bug)', async () => {
    const t = await read(
      makeXlsx({
        styles: DATE_STYLES,
        sheets: [
          {
            name: 'S',
            data:
              '<row r="1"><c r="A1" t="inlineStr"><is><t>d</t></is></c><c r="B1" t="inlineStr"><is><t>dt</t></is></c>' +
              '<c r="C1" t="inlineStr"><is><t>custom</t></is></c><c r="D1" t="inlineStr"><is><t>quoted</t></is></c>' +
              '<c r="E1" t="inlineStr"><is><t>time</t></is></c><c r="F1" t="inlineStr"><is><t>iso</t></is></c></row>' +
              '<row r="2"><c r="A2" s="1"><v>46113</v></c><c r="B2" s="2"><v>46113.416666666664</v></c>' +
              '<c r="C2" s="3"><v>46113.75</v></c><c r="D2" s="4"><v>1.5</v></c><c r="E2" s="5"><v>0.5</v></c>' +
              '<c r="F2" t="d"><v>2026-04-01T10:00:00Z</v></c></row>' +
              '<row r="3"><c r="A3" s="1"><v>59</v></c><c r="B3" s="2"><v>61.25</v></c><c r="C3" s="3"><v>60</v></c></row>',
          },
        ],
      }),
    );
    expect(rows(t)).toEqual([
      [
        '2026-04-01',
        '2026-04-01T10:00:00',
        '2026-04-01T18:00:00',
        1.5,
        '12:00:00',
        '2026-04-01T10:00:00',
      ],
      ['1900-02-28', '1900-03-01T06:00:00', '1900-02-29T00:00:00', null, null, null],
    ]);
    expect(t.columns.map((c) => c.type)).toEqual([
      'date',
      'date',
      'date',
      'number',
      'text',
      'date',
    ]);
  });

  it('honours date1904', async () => {
    const t = await read(
      makeXlsx({
        date1904: true,
        styles: DATE_STYLES,
        sheets: [
          {
            name: 'S',
            data: '<row r="1"><c t="inlineStr"><is><t>d</t></is></c></row><row r="2"><c s="1"><v>0</v></c></row><row r="3"><c s="1"><v>44651</v></c></row>',
          },
        ],
      }),
    );
    expect(rows(t)).toEqual([['1904-01-01'], ['2026-04-01']]);
  });

  it('reads booleans and reports formula errors with their Excel row', async () => {
    const t = await read(
      makeXlsx({
        sheets: [
          {
            name: 'S',
            data:
              '<row r="1"><c t="inlineStr"><is><t>ok</t></is></c><c t="inlineStr"><is><t>ratio</t></is></c></row>' +
              '<row r="2"><c t="b"><v>1</v></c><c><f>1/0</f><v>0.5</v></c></row>' +
              '<row r="3"><c t="b"><v>0</v></c><c t="e"><f>1/0</f><v>#DIV/0!</v></c></row>' +
              '<row r="4"><c t="b"><v>1</v></c><c t="e"><v>#N/A</v></c></row>',
          },
        ],
      }),
    );
    expect(rows(t)).toEqual([
      ['TRUE', 0.5],
      ['FALSE', null],
      ['TRUE', null],
    ]);
    expect(t.columns.map((c) => c.type)).toEqual(['boolean', 'number']);
    const errors = t.issues.filter((i) => i.code === 'formula-error');
    expect(errors.map((i) => [i.row, i.column])).toEqual([
      [3, 'ratio'],
      [4, 'ratio'],
    ]);
    expect(errors[0].message).toContain('#DIV/0!');
  });

  it('keeps identifier columns as text and reports text in a number column after the sample', async () => {
    let data =
      '<row r="1"><c t="inlineStr"><is><t>EmployeeId</t></is></c><c t="inlineStr"><is><t>Zip</t></is></c><c t="inlineStr"><is><t>Score</t></is></c></row>';
    for (let r = 2; r <= 3001; r++) {
      const score =
        r === 2900
          ? '<c t="inlineStr"><is><t>n/a</t></is></c>'
          : r === 2901
            ? '<c t="inlineStr"><is><t> 7.5 </t></is></c>'
            : `<c><v>${r % 10}</v></c>`;
      data += `<row r="${r}"><c><v>${1000 + r}</v></c><c t="inlineStr"><is><t>0${r}</t></is></c>${score}</row>`;
    }
    const t = await read(makeXlsx({ sheets: [{ name: 'S', data }] }));
    expect(t.rowCount).toBe(3000);
    expect(t.columns.map((c) => c.type)).toEqual(['id', 'id', 'number']);
    expect(cell(t, 0, 0)).toBe('1002');
    expect(cell(t, 0, 1)).toBe('02');
    expect(cell(t, 2899, 2)).toBe(7.5);
    const bad = t.issues.filter((i) => i.code === 'bad-number');
    expect(bad).toHaveLength(1);
    expect(bad[0]).toMatchObject({ row: 2900, column: 'Score' });
    const d = t.data[2];
    expect(d.type === 'number' && d.invalid.get(2898)).toBe('n/a');
  });

  it('maps shared strings to dictionary codes once per column, across the sample boundary', async () => {
    const words = ['alpha', 'beta', 'gamma', 'alpha'];
    let data = '<row r="1"><c t="s"><v>4</v></c><c t="s"><v>5</v></c></row>';
    for (let r = 2; r <= 5001; r++) {
      data += `<row r="${r}"><c t="s"><v>${r % 4}</v></c><c t="s"><v>${(r + 1) % 4}</v></c></row>`;
    }
    const t = await read(
      makeXlsx({
        sharedStrings: [...words, 'A', 'B'].map((w) => `<si><t>${w}</t></si>`).join(''),
        sheets: [{ name: 'S', data }],
      }),
    );
    expect(t.rowCount).toBe(5000);
    for (const col of [0, 1]) {
      const d = t.data[col];
      if (d.type === 'number') throw new Error('expected text');
      expect([...d.dict].sort()).toEqual(['alpha', 'beta', 'gamma']);
    }
    for (let r = 0; r < 5000; r++) {
      expect(cell(t, r, 0)).toBe(words[(r + 2) % 4]);
      expect(cell(t, r, 1)).toBe(words[(r + 3) % 4]);
    }
  });

  it('loads shared strings as far as each sheet needs, in any order', async () => {
    // ~2 MB of strings: several inflated batches. Sheet 1 uses them in order (as Excel writes
    // them), sheet 2 backwards (the whole table must load before its first row).
    const n = 30000;
    const word = (i: number): string => `string ${i} ${'abcdefghij'.repeat(5)}`;
    const sst = Array.from({ length: n }, (_, i) => `<si><t>${word(i)}</t></si>`).join('');
    const sheet = (order: (i: number) => number): string => {
      let data = '<row r="1"><c t="inlineStr"><is><t>s</t></is></c></row>';
      for (let i = 0; i < n; i++) data += `<row r="${i + 2}"><c t="s"><v>${order(i)}</v></c></row>`;
      return data;
    };
    const bytes = makeXlsx({
      sharedStrings: sst,
      sheets: [
        {
          name: 'Few',
          data: '<row r="1"><c t="s"><v>0</v></c></row><row r="2"><c t="s"><v>5</v></c></row>',
        },
        { name: 'Forward', data: sheet((i) => i) },
        { name: 'Backward', data: sheet((i) => n - 1 - i) },
      ],
    });
    const wb = await open(bytes);
    expect(rows(await readSheet(wb, 'Few'))).toEqual([[word(5)]]);
    // Only the first batch of strings was parsed for that.
    const loaded = wb.kind === 'xlsx' ? wb.sharedStrings?.strings.length : 0;
    expect(loaded).toBeGreaterThan(5);
    expect(loaded).toBeLessThan(n);
    const forward = await readSheet(wb, 'Forward');
    const backward = await readSheet(wb, 'Backward');
    for (const [t, order] of [
      [forward, (i: number) => i],
      [backward, (i: number) => n - 1 - i],
    ] as const) {
      expect(t.rowCount).toBe(n);
      for (let i = 0; i < n; i += 997) expect(cell(t, i, 0)).toBe(word(order(i)));
    }
  });

  it('lists sheets with hidden state and resolves relative, absolute and ../ targets', async () => {
    const bytes = makeXlsx({
      sheets: [
        {
          name: 'Visible',
          data: '<row r="1"><c t="inlineStr"><is><t>v</t></is></c></row><row r="2"><c><v>1</v></c></row>',
        },
        {
          name: 'Hidden & Co',
          state: 'hidden',
          target: '/xl/worksheets/other.xml',
          data: '<row r="1"><c t="inlineStr"><is><t>h</t></is></c></row><row r="2"><c><v>2</v></c></row>',
        },
        {
          name: 'Very',
          state: 'veryHidden',
          target: '../xl/worksheets/third.xml',
          data: '<row r="1"><c t="inlineStr"><is><t>x</t></is></c></row><row r="2"><c><v>3</v></c></row>',
        },
      ].map((s): FixtureSheet => ({ ...s, name: s.name.replace('&', '&amp;') }) as FixtureSheet),
    });
    const wb = await open(bytes, 'multi.xlsx');
    expect(wb.kind).toBe('xlsx');
    expect(wb.sheets).toEqual([
      { name: 'Visible', hidden: false },
      { name: 'Hidden & Co', hidden: true },
      { name: 'Very', hidden: true },
    ]);
    const t = await readSheet(wb, 'Hidden & Co');
    expect(t.name).toBe('multi.xlsx - Hidden & Co');
    expect(t.format).toMatchObject({ kind: 'xlsx', sheet: 'Hidden & Co', headerRows: 1 });
    expect(rows(t)).toEqual([[2]]);
    expect(rows(await readSheet(wb, 'Very'))).toEqual([[3]]);
    await expect(readSheet(wb, 'Nope')).rejects.toMatchObject({ name: 'NotFoundError' });
  });

  it('reads 17-digit and exponent numbers exactly as Number() does', async () => {
    const values = [
      '45123.416666666664',
      '0.30000000000000004',
      '1.2345678901234567E-5',
      '-1E+20',
      '123456789012345678',
      '7',
      '-0.5',
    ];
    let data = '<row r="1"><c t="inlineStr"><is><t>n</t></is></c></row>';
    values.forEach((v, i) => (data += `<row r="${i + 2}"><c><v>${v}</v></c></row>`));
    const t = await read(makeXlsx({ sheets: [{ name: 'S', data }] }));
    expect(rows(t)).toEqual(values.map((v) => [Number(v)]));
  });

  it('keeps valid strings when a chunk holds invalid UTF-8', async () => {
    const prefix =
      '<row r="1"><c t="inlineStr"><is><t>name</t></is></c></row><row r="2"><c t="inlineStr"><is><t>caf';
    const rest =
      '</t></is></c></row><row r="3"><c t="inlineStr"><is><t>東京 ok</t></is></c></row><row r="4"><c><v>1.2345678901234567</v></c></row>';
    const sheet = new Uint8Array([
      ...new TextEncoder().encode(prefix),
      0xe9,
      ...new TextEncoder().encode(rest),
    ]);
    const xml = `<?xml version="1.0" encoding="UTF-8"?><worksheet><sheetData>`;
    const bytes = zipSync({
      ...unzipSync(makeXlsx({ sheets: [{ name: 'S', data: '' }] })),
      'xl/worksheets/sheet1.xml': new Uint8Array([
        ...new TextEncoder().encode(xml),
        ...sheet,
        ...new TextEncoder().encode('</sheetData></worksheet>'),
      ]),
    });
    const t = await read(bytes);
    expect(rows(t)).toEqual([['caf\ufffd'], ['東京 ok'], ['1.2345678901234567']]);
  });

  it('reads namespace-prefixed SpreadsheetML and stored (uncompressed) parts', async () => {
    const xml =
      '<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
      '<x:dimension ref="A1:B2"/><x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>a</x:t></x:is></x:c>' +
      '<x:c r="B1" t="inlineStr"><x:is><x:t>b</x:t></x:is></x:c></x:row>' +
      '<x:row r="2"><x:c r="A2"><x:v>1</x:v></x:c><x:c r="B2"><x:v>-2.5E-3</x:v></x:c></x:row></x:sheetData>' +
      '<x:mergeCells count="1"><x:mergeCell ref="A1:B1"/></x:mergeCells></x:worksheet>';
    const t = await read(makeXlsx({ level: 0, sheets: [{ name: 'S', data: xml }] }));
    expect(rows(t)).toEqual([[1, -0.0025]]);
  });

  it('calls onHead with typed columns and the first rows, and onProgress', async () => {
    let data = '<row r="1"><c t="inlineStr"><is><t>n</t></is></c></row>';
    for (let r = 2; r <= 300; r++) data += `<row r="${r}"><c><v>${r}</v></c></row>`;
    const heads: HeadPreview[] = [];
    const progress: LoadProgress[] = [];
    const t = await read(makeXlsx({ sheets: [{ name: 'S', data }] }), undefined, {
      onHead: (h) => heads.push(h),
      onProgress: (p) => progress.push(p),
    });
    expect(t.rowCount).toBe(299);
    expect(heads).toHaveLength(1);
    expect(heads[0].columns[0]).toMatchObject({ name: 'n', type: 'number' });
    expect(heads[0].rows).toHaveLength(100);
    expect(heads[0].rows[0]).toEqual(['2']);
    const last = progress.at(-1) as LoadProgress;
    expect(last.phase).toBe('building');
    expect(last.bytesRead).toBe(last.totalBytes);
    expect(last.rows).toBe(299);
  });

  it('returns an empty table with an issue for an empty sheet', async () => {
    const t = await read(
      makeXlsx({
        sheets: [
          { name: 'Empty', data: '<?xml version="1.0"?><worksheet><sheetData/></worksheet>' },
        ],
      }),
    );
    expect(t.rowCount).toBe(0);
    expect(t.columns).toEqual([]);
    expect(t.issues.map((i) => i.code)).toEqual(['empty-file']);
  });
});

describe('classifyZip', () => {
  it('tells workbooks from other zips by their entries', async () => {
    const kind = async (files: Record<string, string>): Promise<string> =>
      classifyZip(
        await listZip(
          bytesSource(
            zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(v)]))),
          ),
        ),
      );
    expect(await kind({ '[Content_Types].xml': '', 'xl/workbook.xml': '' })).toBe('xlsx');
    expect(await kind({ 'xl/workbook.bin': '' })).toBe('xlsb');
    expect(
      await kind({ mimetype: 'application/vnd.oasis.opendocument.spreadsheet', 'content.xml': '' }),
    ).toBe('ods');
    expect(await kind({ 'export.csv': 'a,b' })).toBe('other');
  });
});

describe('damaged xlsx', () => {
  it('explains a zip without xl/workbook.xml', async () => {
    const bytes = makeXlsx({ sheets: [{ name: 'S', data: '' }], omit: ['xl/workbook.xml'] });
    await expect(open(bytes)).rejects.toMatchObject({
      name: 'ParseError',
      message: expect.stringContaining('missing xl/workbook.xml') as unknown,
    });
  });

  it('explains a sheet whose XML is cut off', async () => {
    const bytes = makeXlsx({
      sheets: [
        {
          name: 'S',
          data: '<?xml version="1.0"?><worksheet><sheetData><row r="1"><c t="inlineStr"><is><t>a</t></is></c></row><row r="2"><c><v>1',
        },
      ],
    });
    await expect(read(bytes)).rejects.toMatchObject({
      name: 'ParseError',
      message: expect.stringContaining('cut off') as unknown,
    });
  });

  it('explains a truncated file', async () => {
    const bytes = makeXlsx({ sheets: [{ name: 'S', data: '<row r="1"><c><v>1</v></c></row>' }] });
    await expect(open(bytes.subarray(0, bytes.length - 30))).rejects.toMatchObject({
      name: 'ParseError',
      message: expect.stringMatching(/^This Excel file is damaged .*Download it again/) as unknown,
    });
  });

  it('refuses a text file that is not a workbook', async () => {
    const bytes = new TextEncoder().encode('a,b\n1,2\n');
    await expect(open(bytes, 'data.xlsx')).rejects.toMatchObject({ name: 'ParseError' });
  });
});
