// Builders for hand-made xlsx files (exact XML control) and helpers to read tables back.
import { posix } from 'node:path';
import { strToU8, zipSync, type Zippable } from 'fflate';
import * as XLSX from 'xlsx';
import { bytesSource } from '../../../src/lib/read/types';
import { openWorkbook, readSheet, type Workbook } from '../../../src/lib/read/xlsx/index';
import type { ReadCallbacks } from '../../../src/lib/read/types';
import type { Table } from '../../../src/lib/table/types';

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';

export interface FixtureSheet {
  name: string;
  /** Inner XML of <sheetData>, or a whole worksheet document when it starts with '<?xml' or '<worksheet'. */
  data: string;
  state?: 'hidden' | 'veryHidden';
  /** Relationship target as written (default worksheets/sheetN.xml). */
  target?: string;
}

export interface FixtureOptions {
  sheets: FixtureSheet[];
  /** <si> items (inner XML of <sst>). */
  sharedStrings?: string;
  /** Inner XML of <styleSheet>. */
  styles?: string;
  date1904?: boolean;
  /** Leave out files, e.g. 'xl/workbook.xml'. */
  omit?: string[];
  /** Compression level for fflate (0 = stored). */
  level?: 0 | 6;
}

/** Builds an xlsx from raw XML snippets. */
export function makeXlsx(o: FixtureOptions): Uint8Array {
  const files: Record<string, string> = {};
  const rels: string[] = [];
  const sheetTags: string[] = [];
  o.sheets.forEach((s, i) => {
    const target = s.target ?? `worksheets/sheet${i + 1}.xml`;
    const path = posix.normalize(target.startsWith('/') ? target.slice(1) : `xl/${target}`);
    rels.push(`<Relationship Id="rId${i + 1}" Type="${REL_NS}/worksheet" Target="${target}"/>`);
    const state = s.state ? ` state="${s.state}"` : '';
    sheetTags.push(`<sheet name="${s.name}" sheetId="${i + 1}"${state} r:id="rId${i + 1}"/>`);
    files[path] = /^\s*<(\?xml|worksheet)/.test(s.data)
      ? s.data
      : `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${NS}"><sheetData>${s.data}</sheetData></worksheet>`;
  });
  if (o.sharedStrings !== undefined) {
    rels.push(
      `<Relationship Id="rIdS" Type="${REL_NS}/sharedStrings" Target="sharedStrings.xml"/>`,
    );
    files['xl/sharedStrings.xml'] =
      `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${NS}">${o.sharedStrings}</sst>`;
  }
  if (o.styles !== undefined) {
    rels.push(`<Relationship Id="rIdT" Type="${REL_NS}/styles" Target="styles.xml"/>`);
    files['xl/styles.xml'] =
      `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="${NS}">${o.styles}</styleSheet>`;
  }
  const pr = o.date1904 ? '<workbookPr date1904="1"/>' : '<workbookPr/>';
  files['xl/workbook.xml'] =
    `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${NS}" xmlns:r="${REL_NS}">${pr}<sheets>${sheetTags.join('')}</sheets></workbook>`;
  files['xl/_rels/workbook.xml.rels'] =
    `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${PKG_NS}">${rels.join('')}</Relationships>`;
  files['_rels/.rels'] =
    `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${PKG_NS}"><Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
  files['[Content_Types].xml'] =
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>';
  const zippable: Zippable = {};
  for (const [k, v] of Object.entries(files)) if (!o.omit?.includes(k)) zippable[k] = strToU8(v);
  return zipSync(zippable, { level: o.level ?? 6 });
}

/** Opens bytes as a workbook. */
export function open(bytes: Uint8Array, name = 'test.xlsx'): Promise<Workbook> {
  return openWorkbook(bytesSource(bytes), name, bytes.subarray(0, 4096));
}

/** Opens bytes and reads one sheet (the first by default). */
export async function read(
  bytes: Uint8Array,
  sheet?: string,
  callbacks?: ReadCallbacks,
): Promise<Table> {
  const wb = await open(bytes);
  return readSheet(wb, sheet ?? wb.sheets[0].name, callbacks);
}

/** A table cell as a JS value: number, string, or null when blank. */
export function cell(t: Table, row: number, col: number): number | string | null {
  const d = t.data[col];
  if (d.type === 'number') {
    const v = d.values[row];
    return Number.isNaN(v) ? (d.invalid.get(row) ?? null) : v;
  }
  const code = d.codes[row];
  return code < 0 ? null : d.dict[code];
}

/** All data rows as JS values. */
export function rows(t: Table): (number | string | null)[][] {
  return Array.from({ length: t.rowCount }, (_, r) => t.columns.map((_, c) => cell(t, r, c)));
}

/** Writes a workbook with SheetJS. */
export function sheetjsWrite(
  data: unknown[][],
  bookType: XLSX.BookType = 'xlsx',
  sheetName = 'Sheet1',
  opts: XLSX.AOA2SheetOpts = {},
): Uint8Array {
  const ws = XLSX.utils.aoa_to_sheet(data, opts);
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, sheetName);
  return new Uint8Array(XLSX.write(wb, { type: 'array', bookType }));
}
