// Reading a Blob: as random-access bytes for src/lib's readers, or front to back without making
// garbage. The one home of both, for the engine and the part threads alike.
import { CHUNK_BYTES, type ByteSource } from '../src/lib/read/types';

/** A Blob as random-access bytes: each read is a `slice().arrayBuffer()`. */
export function blobSource(blob: Blob): ByteSource {
  return {
    size: blob.size,
    read: async (start, end) => new Uint8Array(await blob.slice(start, end).arrayBuffer()),
  };
}

/**
 * Reads a Blob front to back into two buffers used in turn (a BYOB stream reader). With
 * `slice().arrayBuffer()` every 4 MB chunk is a new ArrayBuffer; a reader as fast as the
 * WebAssembly kernel leaves them behind faster than the collector frees them (hundreds of MB on
 * a 1 GB file). A chunk stays valid until the second next() after it: enough for a consumer that
 * asks for the next chunk, then reads the current one, and keeps nothing of it.
 */
export async function* blobChunksReused(
  blob: Blob,
  chunkBytes = CHUNK_BYTES,
): AsyncGenerator<Uint8Array, void, undefined> {
  const reader = blob.stream().getReader({ mode: 'byob' });
  const buffers = [new ArrayBuffer(chunkBytes), new ArrayBuffer(chunkBytes)];
  let finished = false;
  try {
    for (let turn = 0; ; turn ^= 1) {
      let buffer = buffers[turn];
      let filled = 0;
      while (filled < chunkBytes) {
        const r = await reader.read(new Uint8Array(buffer, filled, chunkBytes - filled));
        if (r.value) buffer = r.value.buffer as ArrayBuffer; // the same memory, handed back
        if (r.done) {
          finished = true;
          break;
        }
        filled += r.value.length;
      }
      buffers[turn] = buffer;
      if (filled > 0) yield new Uint8Array(buffer, 0, filled);
      if (finished) return;
    }
  } finally {
    // Stopped early (an error, or the consumer gave up): let the file go.
    if (!finished) await reader.cancel().catch(() => {});
  }
}
