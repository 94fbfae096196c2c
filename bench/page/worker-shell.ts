// Shared worker plumbing: say 'ready' once the code is loaded, time one run, report the result.
import type { RunRequest, RunResult, WorkerMessage } from './protocol';

export interface Measured {
  rows: number;
  columns?: number;
  /** Person query: distinct people in the result. */
  people?: number;
  /** Person query, ours: bytes of the participant CSV written. */
  outputBytes?: number;
  /** Printed next to the time by the harness. */
  note?: string;
  /** performance.now() when the first rows were known, if the reader tells. */
  firstRowsAt?: number;
  /** Whatever the reader built: kept alive until the result is posted. */
  keep?: unknown;
}

/** Keeps the last result reachable so it cannot be collected while the run is measured. */
let kept: unknown = null;

export function serve(
  run: (req: RunRequest) => Promise<Measured>,
  prepare: () => Promise<void> = async () => {},
): void {
  const post = (m: WorkerMessage): void => postMessage(m);
  self.onmessage = async (e: MessageEvent<RunRequest>) => {
    const t0 = performance.now();
    let result: RunResult;
    try {
      const m = await run(e.data);
      const ms = performance.now() - t0;
      kept = m.keep;
      result = {
        ok: true,
        ms,
        rows: m.rows,
        columns: m.columns,
        people: m.people,
        outputBytes: m.outputBytes,
        note: m.note,
        firstRowsMs: m.firstRowsAt === undefined ? undefined : m.firstRowsAt - t0,
      };
    } catch (err) {
      result = {
        ok: false,
        error: err instanceof Error ? `${err.message}\n${err.stack ?? ''}` : String(err),
      };
    }
    post({ type: 'result', ...result });
    void kept;
  };
  prepare().then(
    () => post({ type: 'ready' }),
    (err: unknown) => {
      // Report at the first run instead, so the harness records why.
      self.onmessage = () =>
        post({
          type: 'result',
          ok: false,
          error: err instanceof Error ? err.message : String(err),
        });
      post({ type: 'ready' });
    },
  );
}
