// Baseline for CSV: PapaParse, chunked, keeping every row (so memory compares with a table).
import Papa from 'papaparse';
import { serve } from './worker-shell';

const CHUNK = 4 * 1024 * 1024;

serve(
  ({ blob }) =>
    new Promise((resolve, reject) => {
      const rows: string[][] = [];
      Papa.parse<string[]>(blob as File, {
        worker: false, // already in a worker
        chunkSize: CHUNK,
        chunk: (res) => {
          const data = res.data;
          for (let i = 0; i < data.length; i++) rows.push(data[i]);
        },
        complete: () => {
          // Papa yields a trailing [''] row for a final line break.
          let n = rows.length;
          if (n && rows[n - 1].length === 1 && rows[n - 1][0] === '') n--;
          resolve({ rows: n - 1, columns: rows[0]?.length ?? 0, keep: rows });
        },
        error: (err) => reject(err),
      });
    }),
);
