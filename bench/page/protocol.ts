// Messages between the bench page and its workers.

export type BenchKind =
  | 'ours-csv'
  | 'papaparse-csv'
  | 'ours-xlsx'
  | 'sheetjs-xlsx'
  | 'ours-pq'
  | 'duckdb-wasm'
  | 'duckdb-csv'
  | 'papaparse-pq';

export interface RunRequest {
  kind: BenchKind;
  name: string;
  blob: Blob;
}

export interface RunResult {
  ok: boolean;
  /** From the worker receiving the Blob to the table being complete. */
  ms?: number;
  /** Time until the first rows were known (onHead), when the reader reports it. */
  firstRowsMs?: number;
  /** Data rows (header excluded). */
  rows?: number;
  columns?: number;
  /** Person query: distinct people (rows of the per-person result). */
  people?: number;
  /** Person query, ours: bytes of the participant CSV written. */
  outputBytes?: number;
  /** Anything worth printing next to the time (e.g. the types DuckDB detected). */
  note?: string;
  error?: string;
}

export type WorkerMessage = { type: 'ready' } | ({ type: 'result' } & RunResult);
