// Baseline for the person query: DuckDB-Wasm, single-threaded (the `eh` bundle: wasm exceptions,
// no pthreads, no cross-origin isolation needed), assets bundled by Vite (no CDN). DuckDB runs in
// its own worker, started from this one; loading and instantiating the wasm happens before the
// run (prepare), like the other workers' code loading. The run registers the Blob as a file
// (read through FileReaderSync), checks that the sniffer typed every metric as a number, runs
// the per-person GROUP BY and materialises the whole result as an Arrow table. For a table load
// (`duckdb-csv`, beside the zipped table load), it reads the whole CSV into a DuckDB table.
import * as duckdb from '@duckdb/duckdb-wasm';
import wasmUrl from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import workerUrl from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import { PQ_ATTRIBUTES } from './pq-columns';
import { serve } from './worker-shell';

let db: duckdb.AsyncDuckDB | null = null;
let conn: duckdb.AsyncDuckDBConnection | null = null;

const str = (s: string): string => `'${s.replace(/'/g, "''")}'`;
const ident = (s: string): string => `"${s.replace(/"/g, '""')}"`;
const NUMERIC =
  /^(DOUBLE|FLOAT|REAL|DECIMAL|BIGINT|INTEGER|SMALLINT|TINYINT|HUGEINT|U?BIGINT|U?INTEGER|U?SMALLINT|U?TINYINT)\b/;

serve(
  async ({ kind, name, blob }) => {
    if ((kind !== 'duckdb-wasm' && kind !== 'duckdb-csv') || !db || !conn) {
      throw new Error(`duckdb.worker cannot run ${kind}`);
    }
    await db.registerFileHandle(name, blob, duckdb.DuckDBDataProtocol.BROWSER_FILEREADER, true);
    if (kind === 'duckdb-csv') {
      // The table in DuckDB's memory, as our reader builds one: every row, every column.
      await conn.query(
        `CREATE TABLE loaded AS SELECT * FROM read_csv(${str(name)}, header = true)`,
      );
      const counted = await conn.query('SELECT count(*) AS n FROM loaded');
      const rows = Number(counted.toArray()[0].n);
      await conn.query('DROP TABLE loaded');
      return { rows, note: 'read_csv into a table' };
    }
    const source = `read_csv(${str(name)}, header = true, nullstr = 'NULL')`;
    // The sniffer's types (a sample of the file): every metric must come out numeric.
    const described = await conn.query(`DESCRIBE SELECT * FROM ${source}`);
    const columns = described.toArray().map((r: { column_name: string; column_type: string }) => ({
      name: String(r.column_name),
      type: String(r.column_type),
    }));
    const metrics = columns.filter((c) => !PQ_ATTRIBUTES.has(c.name));
    const text = metrics.filter((c) => !NUMERIC.test(c.type));
    if (text.length) {
      throw new Error(
        `DuckDB typed metric columns as non-numeric: ${text.map((c) => `${c.name} ${c.type}`).join(', ')}`,
      );
    }
    const table = await conn.query(
      `SELECT PersonId, any_value(UniqueIdentifier) AS UniqueIdentifier, count(*) AS weeks, ` +
        metrics.map((c) => `avg(${ident(c.name)}) AS ${ident(c.name)}`).join(', ') +
        ` FROM ${source} GROUP BY PersonId`,
    );
    let rows = 0;
    const weeks = table.getChild('weeks');
    if (!weeks) throw new Error('no weeks column in the result');
    for (const w of weeks.toArray() as BigInt64Array) rows += Number(w);
    const types = new Map<string, number>();
    for (const c of metrics) types.set(c.type, (types.get(c.type) ?? 0) + 1);
    const note = `metric types: ${[...types].map(([t, n]) => `${n}× ${t}`).join(', ')}`;
    return { rows, people: table.numRows, columns: metrics.length, note, keep: table };
  },
  async () => {
    db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), new Worker(workerUrl));
    await db.instantiate(wasmUrl);
    conn = await db.connect();
    await conn.query('SELECT 1');
  },
);
