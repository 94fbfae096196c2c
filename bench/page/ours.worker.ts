// Our readers, called exactly as the app's engine calls them: workers/open-file.ts sniffs the
// file and picks the CSV reader or the workbook reader (its first sheet, as the app opens it).
import type { ReadCallbacks } from '../../src/lib/read/types';
import { readSheet } from '../../src/lib/read/xlsx/index';
import { openFile } from '../../workers/open-file';
import { serve, type Measured } from './worker-shell';

serve(async ({ kind, name, blob }): Promise<Measured> => {
  if (kind !== 'ours-csv' && kind !== 'ours-xlsx') {
    throw new Error(`ours.worker cannot run ${kind}`);
  }
  let firstRowsAt: number | undefined;
  const callbacks: ReadCallbacks = {
    onHead: () => {
      firstRowsAt ??= performance.now();
    },
  };
  const opened = await openFile(blob, name, callbacks);
  const table =
    opened.kind === 'table'
      ? opened.table
      : await readSheet(opened.workbook, opened.workbook.sheets[0].name, callbacks);
  return { rows: table.rowCount, columns: table.columns.length, firstRowsAt, keep: table };
});
