// Baseline for xlsx: SheetJS CE reads the whole workbook, then the first sheet as arrays.
import * as XLSX from 'xlsx';
import { serve } from './worker-shell';

serve(async ({ blob }) => {
  const wb = XLSX.read(new Uint8Array(await blob.arrayBuffer()), { type: 'array', dense: true });
  const ws = wb.Sheets[wb.SheetNames[0]];
  const rows = XLSX.utils.sheet_to_json<unknown[]>(ws, { header: 1 });
  return { rows: rows.length - 1, columns: rows[0]?.length ?? 0, keep: rows };
});
