// Baseline for the person query: PapaParse streaming the file in 4 MB chunks, every row folded
// into per-person sums as it comes (nothing else kept), then the per-person averages.
import Papa from 'papaparse';
import { PQ_ATTRIBUTES } from './pq-columns';
import { serve } from './worker-shell';

const CHUNK = 4 * 1024 * 1024;

interface Person {
  sums: Float64Array;
  counts: Uint32Array;
  weeks: number;
  id: string;
}

serve(
  ({ blob }) =>
    new Promise((resolve, reject) => {
      const people = new Map<string, Person>();
      let metrics: number[] | null = null; // column indexes of the metrics
      let pid = -1;
      let uid = -1;
      let rows = 0;
      Papa.parse<string[]>(blob as File, {
        worker: false, // already in a worker
        chunkSize: CHUNK,
        chunk: (res) => {
          const data = res.data;
          let i = 0;
          if (metrics === null) {
            const header = data[0];
            metrics = header.flatMap((name, c) => (PQ_ATTRIBUTES.has(name) ? [] : [c]));
            pid = header.indexOf('PersonId');
            uid = header.indexOf('UniqueIdentifier');
            if (pid < 0) throw new Error('no PersonId column');
            i = 1;
          }
          const cols = metrics;
          const m = cols.length;
          for (; i < data.length; i++) {
            const row = data[i];
            if (row.length === 1 && row[0] === '') continue; // the final line break
            rows++;
            const key = row[pid];
            let p = people.get(key);
            if (p === undefined) {
              p = {
                sums: new Float64Array(m),
                counts: new Uint32Array(m),
                weeks: 0,
                id: uid >= 0 ? row[uid] : '',
              };
              people.set(key, p);
            }
            p.weeks++;
            for (let k = 0; k < m; k++) {
              const s = row[cols[k]];
              if (s === undefined || s === '' || s === 'NULL') continue;
              const x = Number(s);
              if (Number.isNaN(x)) continue;
              p.sums[k] += x;
              p.counts[k]++;
            }
          }
        },
        complete: () => {
          const m = metrics?.length ?? 0;
          const averages: { id: string; weeks: number; avg: Float64Array }[] = [];
          for (const p of people.values()) {
            const avg = new Float64Array(m);
            for (let k = 0; k < m; k++) avg[k] = p.counts[k] ? p.sums[k] / p.counts[k] : NaN;
            averages.push({ id: p.id, weeks: p.weeks, avg });
          }
          resolve({ rows, people: averages.length, columns: m, keep: averages });
        },
        error: (err) => reject(err),
      });
    }),
);
