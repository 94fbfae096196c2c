import { describe, expect, it } from 'vitest';
import { detectEncoding, isUtf8, openUtf8, UTF8_CHECK_BYTES } from '../../../src/lib/read/decode';

const enc = new TextEncoder();

async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function decodeAll(bytes: Uint8Array, size: number) {
  const input = await openUtf8(chunked(bytes, size));
  const parts: Uint8Array[] = [];
  for await (const c of input.chunks) parts.push(c);
  const text = new TextDecoder().decode(Uint8Array.from(parts.flatMap((p) => Array.from(p))));
  return { text, encoding: input.encoding, fallback: input.fallback, read: input.bytesRead() };
}

describe('detectEncoding', () => {
  it.each([
    [[0xef, 0xbb, 0xbf, 0x61], 'utf-8-bom', 3],
    [[0xff, 0xfe, 0x61, 0x00], 'utf-16le', 2],
    [[0xfe, 0xff, 0x00, 0x61], 'utf-16be', 2],
    [[0x61, 0x00, 0x2c, 0x00, 0x62, 0x00, 0x0a, 0x00], 'utf-16le', 0],
    [[0x00, 0x61, 0x00, 0x2c, 0x00, 0x62, 0x00, 0x0a], 'utf-16be', 0],
    [[0x61, 0xc3, 0xa9], 'utf-8', 0],
    [[0x61, 0xe9, 0x62], 'windows-1252', 0],
  ])('%j is %s', (bytes, encoding, bomLength) => {
    expect(detectEncoding(new Uint8Array(bytes), true)).toEqual({ encoding, bomLength });
  });

  it('accepts a character cut at the end of an incomplete head, not of a whole file', () => {
    const cut = enc.encode('abc€').subarray(0, 5);
    expect(isUtf8(cut, false)).toBe(true);
    expect(isUtf8(cut, true)).toBe(false);
  });

  it('checks only the first megabyte', () => {
    const bytes = new Uint8Array(UTF8_CHECK_BYTES + 10).fill(0x61);
    bytes[UTF8_CHECK_BYTES + 5] = 0xff;
    expect(isUtf8(bytes, true)).toBe(true);
    // A multi-byte character cut by the 1 MB limit is fine.
    bytes.set(enc.encode('é'), UTF8_CHECK_BYTES - 1);
    expect(isUtf8(bytes, true)).toBe(true);
  });
});

describe('openUtf8', () => {
  const text = 'Name,Ort\nMüller,Zürich 😀\n東京,x\n';

  it.each([1, 2, 3, 1000])('passes UTF-8 through in chunks of %i', async (size) => {
    const r = await decodeAll(enc.encode(text), size);
    expect(r).toEqual({ text, encoding: 'utf-8', fallback: false, read: enc.encode(text).length });
  });

  it.each([1, 2, 5])('transcodes UTF-16 LE in chunks of %i, counting input bytes', async (size) => {
    const u16 = new Uint16Array([0xfeff, ...text.split('').map((c) => c.charCodeAt(0))]);
    const bytes = new Uint8Array(u16.buffer); // little-endian on every platform we run on
    const r = await decodeAll(bytes, size);
    expect(r).toEqual({ text, encoding: 'utf-16le', fallback: false, read: bytes.length });
  });

  it('falls back to Windows-1252 for bytes that are not UTF-8', async () => {
    const bytes = new Uint8Array([0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72, 0x80, 0x0a]);
    const r = await decodeAll(bytes, 3);
    expect(r).toEqual({ text: 'Müller€\n', encoding: 'windows-1252', fallback: true, read: 8 });
  });

  it('applies an override without calling it a fallback', async () => {
    const input = await openUtf8(chunked(new Uint8Array([0xe9]), 1), 'windows-1252');
    expect(input.fallback).toBe(false);
    expect(input.encoding).toBe('windows-1252');
  });
});
