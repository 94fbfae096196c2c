// The bench page. bench/run.mjs drives it through Playwright:
//   await benchPrepare(kind, url)  fetches the file as a Blob, starts the worker, waits until
//                                  it has loaded its code (RSS baseline is taken after this);
//   await benchRun()               posts the Blob to the worker; resolves with its RunResult.
import type { BenchKind, RunResult, WorkerMessage } from './protocol';

const workers: Record<BenchKind, () => Worker> = {
  'ours-csv': () => new Worker(new URL('./ours.worker.ts', import.meta.url), { type: 'module' }),
  'ours-xlsx': () => new Worker(new URL('./ours.worker.ts', import.meta.url), { type: 'module' }),
  'papaparse-csv': () =>
    new Worker(new URL('./papaparse.worker.ts', import.meta.url), { type: 'module' }),
  'sheetjs-xlsx': () =>
    new Worker(new URL('./sheetjs.worker.ts', import.meta.url), { type: 'module' }),
  'ours-pq': () => new Worker(new URL('./ours-pq.worker.ts', import.meta.url), { type: 'module' }),
  'duckdb-wasm': () =>
    new Worker(new URL('./duckdb.worker.ts', import.meta.url), { type: 'module' }),
  'duckdb-csv': () =>
    new Worker(new URL('./duckdb.worker.ts', import.meta.url), { type: 'module' }),
  'papaparse-pq': () =>
    new Worker(new URL('./papaparse-pq.worker.ts', import.meta.url), { type: 'module' }),
};

let current: { kind: BenchKind; name: string; blob: Blob; worker: Worker } | null = null;

function status(s: string): void {
  const el = document.getElementById('status');
  if (el) el.textContent = s;
}

function nextMessage(worker: Worker): Promise<WorkerMessage> {
  return new Promise((resolve, reject) => {
    worker.onmessage = (e: MessageEvent<WorkerMessage>) => resolve(e.data);
    worker.onerror = (e) => {
      e.preventDefault();
      reject(new Error(`worker error: ${e.message || 'failed to load'}`));
    };
  });
}

async function benchPrepare(
  kind: BenchKind,
  url: string,
): Promise<{ size: number; fetchMs: number }> {
  status(`fetching ${url}`);
  const t0 = performance.now();
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  const blob = await res.blob();
  const fetchMs = performance.now() - t0;
  const name = decodeURIComponent(url.split('/').pop() ?? 'file');
  const worker = workers[kind]();
  const msg = await nextMessage(worker);
  if (msg.type !== 'ready') throw new Error(`worker sent ${msg.type} before ready`);
  current = { kind, name, blob, worker };
  status(`ready: ${kind} ${name} ${blob.size} bytes`);
  return { size: blob.size, fetchMs };
}

async function benchRun(): Promise<RunResult> {
  if (!current) throw new Error('benchPrepare first');
  const { kind, name, blob, worker } = current;
  status(`running ${kind}`);
  const reply = nextMessage(worker);
  worker.postMessage({ kind, name, blob });
  const msg = await reply;
  if (msg.type !== 'result') throw new Error(`unexpected ${msg.type}`);
  status(`done ${kind}`);
  const { type: _type, ...result } = msg;
  return result;
}

Object.assign(window, { benchPrepare, benchRun });
status('loaded');
