// Decides how to read a dropped file and reads it. Adapter code: the readers live in src/lib.
import { ParseError, TooLargeError } from '../src/lib/errors';
import { readCsv } from '../src/lib/read/csv/read-csv';
import { sniffFileKind } from '../src/lib/read/sniff-kind';
import type { ByteSource, ReadCallbacks } from '../src/lib/read/types';
import { classifyZip, openWorkbook, readSheet, type Workbook } from '../src/lib/read/xlsx/index';
import { listZip, zipEntryChunks } from '../src/lib/read/zip';
import type { ZipEntry } from '../src/lib/read/zip-bytes';
import type { Table } from '../src/lib/table/types';
import { readCsvBlob } from './csv-parts';

/** Largest text file opened as a table: bigger tables do not fit in a browser tab's memory. */
export const MAX_TABLE_FILE_BYTES = 1024 ** 3;
/** Largest number of cells in one table (≈ 1.2 GB of numbers). */
export const MAX_TABLE_CELLS = 150_000_000;

const TEXT_ENTRY = /\.(csv|tsv|txt)$/i;

/** A Blob as random-access bytes. */
export function blobSource(blob: Blob): ByteSource {
  return {
    size: blob.size,
    read: async (start, end) => new Uint8Array(await blob.slice(start, end).arrayBuffer()),
  };
}

export type Opened = { kind: 'table'; table: Table } | { kind: 'workbook'; workbook: Workbook };

function mb(bytes: number): string {
  return bytes >= 1024 ** 3
    ? `${(bytes / 1024 ** 3).toFixed(1)} GB`
    : `${Math.round(bytes / 1024 ** 2)} MB`;
}

function checkTextSize(bytes: number): void {
  if (bytes > MAX_TABLE_FILE_BYTES) {
    throw new TooLargeError(
      `This file is ${mb(bytes)}. XO Bridge opens text files up to ${mb(MAX_TABLE_FILE_BYTES)} ` +
        'as a table, because a larger table does not fit in a browser tab. Split the file, or ' +
        'export a smaller range (fewer weeks or columns) and open that.',
    );
  }
}

/** Reads a CSV/TSV/TXT, an xlsx/xls/ods workbook, or a zip holding one CSV. */
export async function openFile(
  blob: Blob,
  name: string,
  callbacks: ReadCallbacks,
): Promise<Opened> {
  const source = blobSource(blob);
  const head = await source.read(0, 64 * 1024);
  const sniff = sniffFileKind(head, name);
  switch (sniff.kind) {
    case 'empty':
      throw new ParseError('This file is empty. Choose a file that has a header row and data.');
    case 'binary':
      throw new ParseError(sniff.message);
    case 'cfb':
      return { kind: 'workbook', workbook: await openWorkbook(source, name, head) };
    case 'zip':
      return openZip(source, name, head, callbacks);
    case 'text':
      // Excel 2003 XML and HTML tables are often saved as .xls: SheetJS reads them.
      if (/\.xls$/i.test(name)) {
        return { kind: 'workbook', workbook: await openWorkbook(source, name, head) };
      }
      checkTextSize(blob.size);
      return {
        kind: 'table',
        table: await readCsvBlob(
          blob,
          source,
          { name, totalBytes: blob.size, maxCells: MAX_TABLE_CELLS },
          callbacks,
        ),
      };
  }
}

async function openZip(
  source: ByteSource,
  name: string,
  head: Uint8Array,
  callbacks: ReadCallbacks,
): Promise<Opened> {
  const entries = await listZip(source);
  if (classifyZip(entries) !== 'other') {
    return { kind: 'workbook', workbook: await openWorkbook(source, name, head) };
  }
  const texts = entries.filter(
    (e: ZipEntry) => TEXT_ENTRY.test(e.name) && !e.name.startsWith('__MACOSX/'),
  );
  if (texts.length !== 1) {
    throw new ParseError(
      texts.length === 0
        ? 'This zip holds no CSV, TSV or TXT file. Open a zip that holds one CSV (as Viva Insights downloads query results), or an Excel workbook.'
        : `This zip holds ${texts.length} data files (${texts.map((e) => e.name).join(', ')}). XO Bridge opens a zip that holds one CSV: unzip it and open the file you need.`,
    );
  }
  const entry = texts[0];
  checkTextSize(entry.uncompressedSize);
  // Progress counts inflated bytes against the entry's declared size.
  const table = await readCsv(
    zipEntryChunks(source, entry, {}),
    {
      name: `${name} › ${entry.name}`,
      kind: 'zip-csv',
      totalBytes: entry.uncompressedSize,
      maxCells: MAX_TABLE_CELLS,
    },
    {
      onHead: callbacks.onHead,
      onProgress: (p) => callbacks.onProgress?.({ ...p, phase: 'inflating' }),
    },
  );
  return { kind: 'table', table };
}

export { readSheet };
