// Reads one part of a large CSV for the engine (see src/lib/read/csv/parallel.ts and
// csv-parts.ts). Started by the engine worker, so it dies with it when a load is cancelled.
import { parseCsvPart } from '../src/lib/read/csv/parallel';
import { sourceChunks } from '../src/lib/read/source-chunks';
import { blobChunksReused } from './blob-chunks';
import type { PartReply, PartRequest } from './csv-parts';
import { csvTableKernel } from './kernels';

/** Least time between two progress messages. */
const PROGRESS_MS = 50;

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<PartRequest>) => void) | null;
  postMessage(message: PartReply, transfer?: Transferable[]): void;
};

scope.onmessage = (e) => {
  void run(e.data);
};

async function run({ blob, first, schema }: PartRequest): Promise<void> {
  try {
    let last = 0;
    const kernel = csvTableKernel();
    // The kernel copies each chunk into its memory at once: the chunks can reuse two buffers.
    const chunks = kernel
      ? blobChunksReused(blob)
      : sourceChunks({
          size: blob.size,
          read: async (start, end) => new Uint8Array(await blob.slice(start, end).arrayBuffer()),
        });
    const result = await parseCsvPart(chunks, schema, {
      first,
      kernel,
      capacityBytes: blob.size,
      // Text crosses back as UTF-8 blocks, decoded by the engine.
      packText: true,
      onProgress: (bytes, rows) => {
        const now = Date.now();
        if (now - last < PROGRESS_MS) return;
        last = now;
        scope.postMessage({ type: 'progress', bytes, rows });
      },
    });
    // The columns' arrays and the undecoded text are moved, not copied.
    const buffers = new Set<ArrayBuffer>();
    for (const col of result.data) {
      buffers.add((col.type === 'number' ? col.values : col.codes).buffer as ArrayBuffer);
    }
    for (const text of result.packed ?? []) {
      for (const block of text ?? []) {
        if (block instanceof Uint8Array) buffers.add(block.buffer as ArrayBuffer);
      }
    }
    scope.postMessage({ type: 'done', result }, [...buffers]);
  } catch (err) {
    const { name, message } = err instanceof Error ? err : new Error(String(err));
    scope.postMessage({ type: 'error', name, message });
  }
}
