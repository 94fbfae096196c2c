import { CHUNK_BYTES, type ByteSource } from './types';

/** Reads a ByteSource front to back in chunks of `chunkBytes`. */
export async function* sourceChunks(
  source: ByteSource,
  chunkBytes = CHUNK_BYTES,
): AsyncGenerator<Uint8Array, void, undefined> {
  for (let pos = 0; pos < source.size;) {
    const chunk = await source.read(pos, Math.min(pos + chunkBytes, source.size));
    // A source may only come up short at its end; an empty read means there is nothing more.
    if (chunk.length === 0) return;
    pos += chunk.length;
    yield chunk;
  }
}
