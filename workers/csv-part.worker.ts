// Reads one part of a large CSV for the engine (see src/lib/read/csv/parallel.ts, csv-parts.ts
// and the protocol in part-pool.ts).
import { parseCsvPart, type CsvPartResult } from '../src/lib/read/csv/parallel';
import { sourceChunks } from '../src/lib/read/source-chunks';
import { blobChunksReused, blobSource } from './blob-chunks';
import { csvTableKernel } from './kernels';
import { servePart } from './part-thread';

servePart<'csv'>({
  async read({ blob, first, schema }, onProgress) {
    const kernel = csvTableKernel();
    // The kernel copies each chunk into its memory at once: the chunks can reuse two buffers.
    const chunks = kernel ? blobChunksReused(blob) : sourceChunks(blobSource(blob));
    return parseCsvPart(chunks, schema, {
      first,
      kernel,
      capacityBytes: blob.size,
      // Text crosses back as UTF-8 blocks, decoded by the engine.
      packText: true,
      onProgress,
    });
  },
  transfer: columnBuffers,
  // parseCsvPart reports every chunk.
  progressEveryMs: 50,
});

/** The columns' arrays and the undecoded text: moved, not copied. */
function columnBuffers(result: CsvPartResult): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const col of result.data) {
    buffers.add((col.type === 'number' ? col.values : col.codes).buffer as ArrayBuffer);
  }
  for (const text of result.packed ?? []) {
    for (const block of text ?? []) {
      if (block instanceof Uint8Array) buffers.add(block.buffer as ArrayBuffer);
    }
  }
  return [...buffers];
}
