// Writes a table of strings as an .xlsx workbook with one sheet, through SheetJS (imported on
// demand, so CSV-only work never loads it). Text stays text: identifiers such as 00123 keep
// their zeros. Columns named in `numericColumns` hold numbers, so Excel can sort and sum them.

export interface XlsxWriteOptions {
  sheetName?: string;
  /** 0-based columns whose non-blank cells are written as numbers. */
  numericColumns?: readonly number[];
}

/** The rows (header first) as xlsx bytes. */
export async function toXlsx(
  rows: readonly (readonly string[])[],
  options: XlsxWriteOptions = {},
): Promise<Uint8Array<ArrayBuffer>> {
  const XLSX = await import('xlsx');
  const numeric = new Set(options.numericColumns ?? []);
  const aoa = rows.map((row, r) =>
    row.map((v, c) => {
      if (r > 0 && numeric.has(c) && v !== '') {
        const n = Number(v);
        if (Number.isFinite(n)) return { t: 'n' as const, v: n };
      }
      return { t: 's' as const, v };
    }),
  );
  const sheet = XLSX.utils.aoa_to_sheet(aoa);
  const book = XLSX.utils.book_new();
  // Sheet names: at most 31 characters, none of : \ / ? * [ ].
  const name = (options.sheetName ?? 'Participants').replace(/[:\\/?*[\]]/g, ' ').slice(0, 31);
  XLSX.utils.book_append_sheet(book, sheet, name || 'Sheet1');
  const out = XLSX.write(book, {
    type: 'array',
    bookType: 'xlsx',
    compression: true,
  }) as ArrayBuffer;
  return new Uint8Array(out);
}
