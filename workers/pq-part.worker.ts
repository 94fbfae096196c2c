// Aggregates one part of a large person query for the engine (see workers/person-query.ts).
// Started by the engine worker, so it dies with it when a run is cancelled.
import type { AggregateSpec } from '../src/lib/person-query/aggregate';
import { aggregatePart, type PartResult } from '../src/lib/person-query/read';
import { sourceChunks } from '../src/lib/read/source-chunks';

export interface PqPartRequest {
  blob: Blob;
  spec: AggregateSpec;
}

export type PqPartReply =
  | { type: 'progress'; bytes: number; rows: number }
  | { type: 'done'; result: PartResult }
  | { type: 'error'; name: string; message: string };

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<PqPartRequest>) => void) | null;
  postMessage(message: PqPartReply, transfer?: Transferable[]): void;
};

scope.onmessage = (e) => {
  void run(e.data);
};

async function run({ blob, spec }: PqPartRequest): Promise<void> {
  try {
    const source = {
      size: blob.size,
      read: async (start: number, end: number) =>
        new Uint8Array(await blob.slice(start, end).arrayBuffer()),
    };
    const result = await aggregatePart(sourceChunks(source), spec, false, (bytes, rows) =>
      scope.postMessage({ type: 'progress', bytes, rows }),
    );
    const p = result.partial;
    scope.postMessage({ type: 'done', result }, [
      p.weeks.buffer,
      p.sums.buffer,
      p.cells.buffer,
      p.seen.buffer,
    ]);
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    scope.postMessage({ type: 'error', name: err.name, message: err.message });
  }
}
