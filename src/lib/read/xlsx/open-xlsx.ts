// The streaming xlsx/xlsm reader: small parts are read whole, sheets and shared strings are
// inflated and scanned chunk by chunk so memory stays bounded by the table being built.
import { NotFoundError, ParseError, TooLargeError } from '../../errors';
import type { ReadCallbacks } from '../types';
import { readZipEntry, zipEntryChunks, type ZipReadOptions } from '../zip';
import type { ZipEntry } from '../zip-bytes';
import { SheetAssembler } from './assemble';
import { SharedStringTable } from './shared-strings';
import { SheetScanner } from './sheet-scanner';
import type { XlsxWorkbook } from './types';
import {
  dirOf,
  parseDateStyles,
  parseRelationships,
  parseWorkbookXml,
  relsPathOf,
} from './workbook-parts';
import { decodeUtf8 } from './xml-text';
import type { Table } from '../../table/types';

/** Cap on one inflated part (sheet or shared strings). */
const PART_MAX_BYTES = 1024 ** 3;
/** Cap on the small parts read whole (workbook, rels, styles). */
const SMALL_PART_MAX_BYTES = 256 * 1024 ** 2;
/** An unfinished element longer than this means the XML is broken, not just split. */
const MAX_CARRY = 64 * 1024 ** 2;

/** Rewords zip-level errors for a workbook, whose user never saw a zip. */
export function asWorkbookError(err: unknown): unknown {
  if (err instanceof TooLargeError) {
    return new TooLargeError(
      'This workbook unpacks to more data than XO Bridge can safely hold (a zip bomb or an ' +
        'unusually large sheet). XO Bridge stopped reading it to protect your browser. ' +
        'Open it in Excel, save the sheet as CSV and open that instead.',
    );
  }
  if (err instanceof ParseError && err.message.startsWith('This zip file is damaged')) {
    return new ParseError(
      err.message
        .replace('This zip file is damaged', 'This Excel file is damaged')
        .replace('Download it again.', 'Download it again, or open it in Excel and save it again.'),
    );
  }
  return err;
}

function damagedWorkbook(detail: string): ParseError {
  return new ParseError(
    `This .xlsx file is damaged or not a real Excel workbook (${detail}). Open it in Excel and save it again.`,
  );
}

/**
 * Feeds the sheet's inflated chunks to the scanner, carrying unfinished elements across chunk
 * edges and loading shared strings whenever the scanner stops for one.
 */
async function pumpSheet(
  chunks: AsyncIterable<Uint8Array>,
  scanner: SheetScanner,
  sst: SharedStringTable,
  afterChunk: () => void,
): Promise<void> {
  let carry: Uint8Array | null = null;
  for await (const chunk of chunks) {
    let buf = chunk;
    if (carry !== null) {
      buf = new Uint8Array(carry.length + chunk.length);
      buf.set(carry);
      buf.set(chunk, carry.length);
    }
    let used = scanner.scan(buf);
    while (scanner.needString >= 0) {
      await sst.ensure(scanner.needString);
      scanner.needString = -1;
      buf = buf.subarray(used);
      used = scanner.scan(buf);
    }
    carry = used < buf.length ? buf.slice(used) : null;
    if (carry !== null && carry.length > MAX_CARRY) {
      throw damagedWorkbook('an XML element never ends');
    }
    afterChunk();
    if (scanner.done) return;
  }
}

/** Opens an xlsx/xlsm whose zip directory is already listed. */
export async function openXlsx(
  source: XlsxWorkbook['source'],
  name: string,
  list: ZipEntry[],
): Promise<XlsxWorkbook> {
  // Part names are case-insensitive (OPC); some writers also add a leading slash.
  const entries = new Map(list.map((e) => [e.name.replace(/^\//, '').toLowerCase(), e]));
  const readText = async (path: string): Promise<string | null> => {
    const entry = entries.get(path.toLowerCase());
    if (!entry) return null;
    return decodeUtf8(await readZipEntry(source, entry, { maxBytes: SMALL_PART_MAX_BYTES }));
  };
  try {
    const rootRels = parseRelationships((await readText('_rels/.rels')) ?? '', '');
    const main = rootRels.find((r) => r.type.endsWith('/officeDocument'));
    const wbPath = main && entries.has(main.path.toLowerCase()) ? main.path : 'xl/workbook.xml';
    const wbXml = await readText(wbPath);
    if (wbXml === null) throw damagedWorkbook('missing xl/workbook.xml');
    const parsed = parseWorkbookXml(wbXml);
    const rels = parseRelationships((await readText(relsPathOf(wbPath))) ?? '', dirOf(wbPath));
    const byId = new Map(rels.map((r) => [r.id, r]));
    const sheetPaths = new Map<string, string>();
    const sheets: XlsxWorkbook['sheets'] = [];
    parsed.sheets.forEach((s, i) => {
      const rel = byId.get(s.relId);
      // Chart sheets and dialog sheets hold no cells.
      if (rel && !rel.type.endsWith('/worksheet') && rel.type !== '') return;
      const path = rel?.path ?? `xl/worksheets/sheet${i + 1}.xml`;
      if (!entries.has(path.toLowerCase()) || sheetPaths.has(s.name)) return;
      sheetPaths.set(s.name, path);
      sheets.push({ name: s.name, hidden: s.hidden });
    });
    if (sheets.length === 0) throw damagedWorkbook('it has no worksheets');
    const relOf = (suffix: string): string | null =>
      rels.find((r) => r.type.endsWith(suffix))?.path ?? null;
    const sstPath = relOf('/sharedStrings') ?? 'xl/sharedStrings.xml';
    const stylesXml = await readText(relOf('/styles') ?? 'xl/styles.xml');
    return {
      kind: 'xlsx',
      name,
      sheets,
      source,
      entries,
      sheetPaths,
      sharedStringsPath: entries.has(sstPath.toLowerCase()) ? sstPath : null,
      sharedStrings: null,
      dateStyles: stylesXml === null ? new Uint8Array(0) : parseDateStyles(stylesXml),
      date1904: parsed.date1904,
    };
  } catch (err) {
    throw asWorkbookError(err);
  }
}

function sharedStrings(wb: XlsxWorkbook): SharedStringTable {
  if (wb.sharedStrings) return wb.sharedStrings;
  const entry = wb.sharedStringsPath
    ? wb.entries.get(wb.sharedStringsPath.toLowerCase())
    : undefined;
  if (!entry) return (wb.sharedStrings = new SharedStringTable(null));
  const table: SharedStringTable = new SharedStringTable(
    zipEntryChunks(wb.source, entry, {
      maxBytes: PART_MAX_BYTES,
      onProgress: (n) => (table.bytesRead = n),
    }),
  );
  table.totalBytes = entry.compressedSize;
  return (wb.sharedStrings = table);
}

/** Reads one sheet of an xlsx workbook into a Table. */
export async function readXlsxSheet(
  wb: XlsxWorkbook,
  sheet: string,
  callbacks?: ReadCallbacks,
): Promise<Table> {
  const path = wb.sheetPaths.get(sheet);
  if (path === undefined) {
    throw new NotFoundError(`The workbook "${wb.name}" has no sheet named "${sheet}".`);
  }
  const entry = wb.entries.get(path.toLowerCase());
  if (!entry) throw damagedWorkbook(`the sheet "${sheet}" is missing`);
  try {
    const sst = sharedStrings(wb);
    // Strings that load before the sheet's first chunk is done are reported as their own phase
    // (a table not in first-use order loads whole first); later ones are part of 'building'.
    let sheetStarted = false;
    sst.onChunk = () => {
      if (sheetStarted) return;
      callbacks?.onProgress?.({
        phase: 'strings',
        bytesRead: sst.bytesRead,
        totalBytes: sst.totalBytes,
        rows: 0,
      });
    };
    const assembler = new SheetAssembler({
      tableName: wb.sheets.length > 1 ? `${wb.name} - ${sheet}` : wb.name,
      sheet,
      kind: 'xlsx',
      sst: sst.strings,
      callbacks,
    });
    const scanner = new SheetScanner(assembler, wb.dateStyles, wb.date1904, sst);
    let bytesRead = 0;
    const options: ZipReadOptions = {
      maxBytes: PART_MAX_BYTES,
      onProgress: (n) => (bytesRead = n),
    };
    await pumpSheet(zipEntryChunks(wb.source, entry, options), scanner, sst, () => {
      sheetStarted = true;
      callbacks?.onProgress?.({
        phase: 'building',
        bytesRead,
        totalBytes: entry.compressedSize,
        rows: assembler.rows,
      });
    });
    if (!scanner.done) throw damagedWorkbook(`the sheet "${sheet}" is cut off`);
    const table = assembler.finish();
    callbacks?.onProgress?.({
      phase: 'building',
      bytesRead: entry.compressedSize,
      totalBytes: entry.compressedSize,
      rows: table.rowCount,
    });
    return table;
  } catch (err) {
    throw asWorkbookError(err);
  }
}
