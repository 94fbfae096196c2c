// Fallback reader for the formats the streaming reader does not handle: legacy .xls (BIFF in a
// CFB container), .ods and .xlsb. SheetJS parses the whole file in memory, which is acceptable
// for these formats (an .xls holds at most 65,536 rows). It is imported on demand so that the
// worker does not load it for CSV and xlsx files.
import type { CellObject, WorkBook } from 'xlsx';
import { EncryptedFileError, NotFoundError, ParseError } from '../errors';
import type { Table } from '../table/types';
import type { ReadCallbacks } from './types';
import { SheetAssembler } from './xlsx/assemble';
import { formatCodeDateStyle, serialToIso } from './xlsx/date-serial';
import { STYLE_DATE, STYLE_NUMBER, type WorkbookBase } from './xlsx/types';

/** A workbook parsed by SheetJS. */
export interface SheetJSWorkbook extends WorkbookBase {
  kind: 'xls' | 'ods' | 'xlsb';
  book: WorkBook;
  date1904: boolean;
  /** Bytes of the file, for progress. */
  size: number;
}

/** Message for any password-protected workbook. */
export const PASSWORD_MESSAGE =
  'This workbook is password-protected. Open it in Excel, remove the password ' +
  '(File > Info > Protect Workbook) and save it again.';

/** Parses a whole .xls/.ods/.xlsb file with SheetJS. */
export async function openWorkbookWithSheetJS(
  bytes: Uint8Array,
  name: string,
  kind?: SheetJSWorkbook['kind'],
): Promise<SheetJSWorkbook> {
  const XLSX = await import('xlsx');
  let book: WorkBook;
  try {
    book = XLSX.read(bytes, {
      type: 'array',
      cellDates: false,
      dense: true,
      cellNF: true,
      cellHTML: false,
    });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (/password|^Encryption/i.test(message)) throw new EncryptedFileError(PASSWORD_MESSAGE);
    throw new ParseError(
      `This file is damaged or not a spreadsheet XO Bridge can read (${message}). Open it in Excel and save it as .xlsx or .csv.`,
    );
  }
  const bookType = (book as { bookType?: string }).bookType;
  const sheetProps = book.Workbook?.Sheets ?? [];
  return {
    kind: kind ?? (bookType === 'ods' || bookType === 'xlsb' ? bookType : 'xls'),
    name,
    sheets: book.SheetNames.map((sheet, i) => ({
      name: sheet,
      hidden: (sheetProps[i]?.Hidden ?? 0) > 0,
    })),
    book,
    date1904: Boolean(book.Workbook?.WBProps?.date1904),
    size: bytes.length,
  };
}

/** Reads one sheet of a SheetJS workbook through the same layout/inference/builder path. */
export async function readSheetJSSheet(
  wb: SheetJSWorkbook,
  sheet: string,
  callbacks?: ReadCallbacks,
): Promise<Table> {
  const XLSX = await import('xlsx');
  const ws = wb.book.Sheets[sheet];
  if (!ws) throw new NotFoundError(`The workbook "${wb.name}" has no sheet named "${sheet}".`);
  const assembler = new SheetAssembler({
    tableName: wb.sheets.length > 1 ? `${wb.name} - ${sheet}` : wb.name,
    sheet,
    // FormatInfo has no 'xlsb': it is an Excel workbook, noted as binary.
    kind: wb.kind === 'xlsb' ? 'xlsx' : wb.kind,
    sst: null,
    callbacks,
    notes: wb.kind === 'xlsb' ? ['Read from an Excel binary workbook (.xlsb).'] : [],
  });
  const rows = (ws['!data'] ?? []) as (CellObject[] | undefined)[];
  const dateStyleCache = new Map<string, number>();
  const dateStyleOf = (fmt: string): number => {
    let style = dateStyleCache.get(fmt);
    if (style === undefined) {
      style = XLSX.SSF.is_date(fmt) ? formatCodeDateStyle(fmt) || STYLE_DATE : STYLE_NUMBER;
      dateStyleCache.set(fmt, style);
    }
    return style;
  };
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    if (!row) continue;
    assembler.row(r + 1);
    for (let c = 0; c < row.length; c++) {
      const cell = row[c];
      if (!cell) continue;
      switch (cell.t) {
        case 'n': {
          const v = cell.v as number;
          const style = typeof cell.z === 'string' ? dateStyleOf(cell.z) : STYLE_NUMBER;
          const iso = style === STYLE_NUMBER ? null : serialToIso(v, style, wb.date1904);
          if (iso === null) assembler.num(c, v);
          else assembler.str(c, iso);
          break;
        }
        case 's':
          if (cell.v !== '') assembler.str(c, String(cell.v));
          break;
        case 'b':
          assembler.str(c, cell.v ? 'TRUE' : 'FALSE');
          break;
        case 'e':
          assembler.error(c, cell.w ?? '#ERROR');
          break;
        case 'd': {
          const d = cell.v as Date;
          assembler.str(
            c,
            d
              .toISOString()
              .slice(0, 19)
              .replace(/T00:00:00$/, ''),
          );
          break;
        }
      }
    }
    if ((r & 0x3fff) === 0) {
      callbacks?.onProgress?.({
        phase: 'building',
        bytesRead: Math.round((wb.size * r) / rows.length),
        totalBytes: wb.size,
        rows: assembler.rows,
      });
    }
  }
  return assembler.finish();
}
