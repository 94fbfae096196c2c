// Aggregates one part of a large person query for the engine (see workers/person-query.ts).
// Started by the engine worker, so it dies with it when a run is cancelled.
import { partialBuffers } from '../src/lib/person-query/aggregate';
import { aggregatePart, type PartResult } from '../src/lib/person-query/read';
import type { AggregateSpec } from '../src/lib/person-query/types';
import { blobChunksReused } from './blob-chunks';
import { personQueryKernel } from './kernels';

export interface PqPartRequest {
  blob: Blob;
  spec: AggregateSpec;
  /** The part that starts the file (BOM, header rows). */
  first: boolean;
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

async function run({ blob, spec, first }: PqPartRequest): Promise<void> {
  try {
    // Both engines copy what they keep of a chunk, so two buffers used in turn will do.
    const result = await aggregatePart(
      blobChunksReused(blob),
      spec,
      first,
      (bytes, rows) => scope.postMessage({ type: 'progress', bytes, rows }),
      personQueryKernel(),
    );
    scope.postMessage({ type: 'done', result }, partialBuffers(result.partial));
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    scope.postMessage({ type: 'error', name: err.name, message: err.message });
  }
}
