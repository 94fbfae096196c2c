import type { ByteSource } from '../types';
import type { ZipEntry } from '../zip-bytes';
import type { SharedStringTable } from './shared-strings';

/** One sheet of a workbook, in workbook order. */
export interface SheetInfo {
  name: string;
  /** Hidden or very hidden in Excel. */
  hidden: boolean;
}

/** What every opened workbook exposes; the rest is reader-private. */
export interface WorkbookBase {
  kind: 'xlsx' | 'xls' | 'ods' | 'xlsb';
  /** The file name. */
  name: string;
  sheets: SheetInfo[];
}

/** How a cell style shows a number: not a date, or a date, time or date-time serial. */
export const STYLE_NUMBER = 0;
/** A date-only format (yyyy-mm-dd, d-mmm...). */
export const STYLE_DATE = 1;
/** A time-only format (h:mm, [h]:mm:ss...). */
export const STYLE_TIME = 2;
/** A date and time format. */
export const STYLE_DATETIME = 3;

/** An xlsx/xlsm opened by the streaming reader. Plain data, so it can live in a worker map. */
export interface XlsxWorkbook extends WorkbookBase {
  kind: 'xlsx';
  source: ByteSource;
  entries: Map<string, ZipEntry>;
  /** Sheet name -> zip path of its part (e.g. xl/worksheets/sheet1.xml). */
  sheetPaths: Map<string, string>;
  sharedStringsPath: string | null;
  /** Started by the first readSheet, loaded as far as sheets need, kept for the next sheets. */
  sharedStrings: SharedStringTable | null;
  /** cellXfs index -> STYLE_NUMBER / STYLE_DATE / STYLE_TIME / STYLE_DATETIME. */
  dateStyles: Uint8Array;
  date1904: boolean;
}
