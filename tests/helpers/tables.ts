import { openFile } from '../../workers/open-file';
import type { Table } from '../../src/lib/table/types';

/** Reads CSV text through the app's real reader (type inference, Qualtrics detection). */
export async function tableFromCsv(text: string, name = 'test.csv'): Promise<Table> {
  const opened = await openFile(new Blob([text]), name, {});
  if (opened.kind !== 'table') throw new Error('expected a table');
  return opened.table;
}

/** Reads a file's bytes through the app's real reader. */
export async function tableFromBytes(bytes: Uint8Array<ArrayBuffer>, name: string): Promise<Table> {
  const opened = await openFile(new Blob([bytes]), name, {});
  if (opened.kind !== 'table') throw new Error('expected a table');
  return opened.table;
}

/** Every row of a table as display text. */
export { getRowPage } from '../../src/lib/table/page';
