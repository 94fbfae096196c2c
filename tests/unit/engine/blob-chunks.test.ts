import { describe, expect, it } from 'vitest';
import { blobChunksReused } from '../../../workers/blob-chunks';

/** Byte-wise equality (toEqual on MB-long arrays is slow). */
function same(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function pattern(n: number): Uint8Array<ArrayBuffer> {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + (i >> 8)) & 0xff;
  return b;
}

describe('blobChunksReused', () => {
  it('reads a Blob front to back in full chunks, whatever the chunk size', async () => {
    const bytes = pattern(300_123);
    for (const size of [1 << 16, 99_999, 300_123, 1 << 20]) {
      const out = new Uint8Array(bytes.length);
      let at = 0;
      const lengths: number[] = [];
      for await (const chunk of blobChunksReused(new Blob([bytes]), size)) {
        out.set(chunk, at);
        at += chunk.length;
        lengths.push(chunk.length);
      }
      expect(at).toBe(bytes.length);
      expect(same(out, bytes)).toBe(true);
      // Every chunk but the last is full.
      expect(lengths.slice(0, -1).every((n) => n === size)).toBe(true);
    }
  });

  it('uses two buffers in turn: a chunk stays readable while the next one is read', async () => {
    const bytes = pattern(500_000);
    const it = blobChunksReused(new Blob([bytes]), 1 << 16);
    let r = await it.next();
    let at = 0;
    while (!r.done) {
      const chunk = r.value;
      const next = it.next(); // read ahead, as the aggregation does
      expect(same(chunk, bytes.subarray(at, at + chunk.length))).toBe(true);
      at += chunk.length;
      r = await next;
    }
    expect(at).toBe(bytes.length);
  });

  it('gives nothing for an empty Blob and lets go of a stream left early', async () => {
    const chunks: Uint8Array[] = [];
    for await (const c of blobChunksReused(new Blob([]))) chunks.push(c);
    expect(chunks).toEqual([]);
    const it = blobChunksReused(new Blob([pattern(300_000)]), 1 << 16);
    await it.next();
    await expect(it.return(undefined)).resolves.toEqual({ done: true, value: undefined });
  });
});
