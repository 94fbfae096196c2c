// Entry point for workbooks: picks the streaming xlsx reader or the SheetJS fallback from the
// file's first bytes and zip directory, and dispatches readSheet on the workbook kind.
import { EncryptedFileError, ParseError, TooLargeError } from '../../errors';
import type { Table } from '../../table/types';
import {
  openWorkbookWithSheetJS,
  PASSWORD_MESSAGE,
  readSheetJSSheet,
  type SheetJSWorkbook,
} from '../sheetjs';
import { isEncryptedCfb, sniffFileKind } from '../sniff-kind';
import type { ByteSource, ReadCallbacks } from '../types';
import { listZip } from '../zip';
import type { ZipEntry } from '../zip-bytes';
import { asWorkbookError, openXlsx, readXlsxSheet } from './open-xlsx';
import type { XlsxWorkbook } from './types';

export type { SheetInfo, XlsxWorkbook } from './types';
export type { SheetJSWorkbook } from '../sheetjs';

/** An opened workbook: `{ kind, name, sheets }` plus reader-private fields. */
export type Workbook = XlsxWorkbook | SheetJSWorkbook;

/** Files handed whole to SheetJS larger than this are refused rather than risk the tab. */
const SHEETJS_MAX_BYTES = 512 * 1024 ** 2;
/** Cap on the declared inflated size of an .ods/.xlsb, which SheetJS unpacks unguarded. */
const SHEETJS_MAX_INFLATED = 1024 ** 3;

async function wholeFile(source: ByteSource, what: string): Promise<Uint8Array> {
  if (source.size > SHEETJS_MAX_BYTES) {
    throw new TooLargeError(
      `This ${what} is too large to open (${Math.round(source.size / 1024 ** 2)} MB). ` +
        'Open it in Excel and save the sheet as .xlsx or CSV.',
    );
  }
  return source.read(0, source.size);
}

function checkInflatedSize(entries: ZipEntry[]): void {
  const total = entries.reduce((sum, e) => sum + e.uncompressedSize, 0);
  if (total > SHEETJS_MAX_INFLATED) {
    throw new TooLargeError(
      'This workbook expands to more than 1 GB (a zip bomb or an unusually large sheet). ' +
        'XO Bridge stopped reading it to protect your browser. Open it in Excel and save the sheet as CSV.',
    );
  }
}

/** What a zip holds, from its entry names: a workbook kind, or 'other' (e.g. a zipped CSV). */
export function classifyZip(entries: readonly ZipEntry[]): 'xlsx' | 'xlsb' | 'ods' | 'other' {
  const names = new Set(entries.map((e) => e.name.replace(/^\//, '').toLowerCase()));
  if (names.has('mimetype') && names.has('content.xml')) return 'ods';
  if (names.has('xl/workbook.bin')) return 'xlsb';
  if (names.has('xl/workbook.xml') || names.has('[content_types].xml')) return 'xlsx';
  return 'other';
}

/**
 * Opens a workbook (.xlsx/.xlsm streaming; .xls, .ods, .xlsb and encrypted files through
 * SheetJS or a clear error). `head` is the file's first bytes (at least 4 KB).
 */
export async function openWorkbook(
  source: ByteSource,
  name: string,
  head: Uint8Array,
): Promise<Workbook> {
  const sniff = sniffFileKind(head, name);
  if (sniff.kind === 'zip') {
    let entries: ZipEntry[];
    try {
      entries = await listZip(source);
    } catch (err) {
      throw asWorkbookError(err);
    }
    const kind = classifyZip(entries);
    if (kind === 'ods' || kind === 'xlsb') {
      checkInflatedSize(entries);
      return openWorkbookWithSheetJS(await wholeFile(source, 'workbook'), name, kind);
    }
    // 'other' still goes here: openXlsx explains what is missing.
    return openXlsx(source, name, entries);
  }
  if (sniff.kind === 'cfb') {
    const bytes = await wholeFile(source, 'workbook');
    // An encrypted xlsx is a CFB container too; SheetJS would call it an unknown format.
    if (isEncryptedCfb(bytes)) throw new EncryptedFileError(PASSWORD_MESSAGE);
    return openWorkbookWithSheetJS(bytes, name, 'xls');
  }
  if (sniff.kind === 'text' && /\.xls$/i.test(name)) {
    // Some systems export HTML or Excel 2003 XML with an .xls name; SheetJS reads both.
    return openWorkbookWithSheetJS(await wholeFile(source, 'workbook'), name, 'xls');
  }
  throw new ParseError(
    sniff.message ??
      `"${name}" is not an Excel or OpenDocument workbook. Open a .xlsx, .xls or .ods file, or a .csv.`,
  );
}

/** Reads one sheet of an opened workbook into a Table. */
export function readSheet(wb: Workbook, sheet: string, callbacks?: ReadCallbacks): Promise<Table> {
  return wb.kind === 'xlsx'
    ? readXlsxSheet(wb, sheet, callbacks)
    : readSheetJSSheet(wb, sheet, callbacks);
}
