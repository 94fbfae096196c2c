import { Deflate, strToU8, strFromU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { bytesSource } from '../../../src/lib/read/types';
import {
  listZip,
  readZipEntry,
  zipEntryChunks,
  type ZipReadOptions,
} from '../../../src/lib/read/zip';
import type { ZipEntry } from '../../../src/lib/read/zip-bytes';
import { Writer } from '../../helpers/zip-writer';

const INFLATERS = ['native', 'fflate'] as const;

function findSig(bytes: Uint8Array, sig: number, from = 0): number {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = from; i + 4 <= bytes.length; i++) if (dv.getUint32(i, true) === sig) return i;
  return -1;
}

/** A one-entry zip whose deflate data and declared sizes are given (for bombs). */
function zipWithData(name: string, data: Uint8Array, declaredSize: number): Uint8Array {
  const n = strToU8(name);
  const w = new Writer();
  w.u32(0x04034b50).u16(20).u16(0).u16(8).u16(0).u16(0).u32(0).u32(data.length).u32(declaredSize);
  w.u16(n.length).u16(0).raw(n).raw(data);
  const cd = w.length;
  w.u32(0x02014b50)
    .u16(20)
    .u16(20)
    .u16(0)
    .u16(8)
    .u16(0)
    .u16(0)
    .u32(0)
    .u32(data.length)
    .u32(declaredSize);
  w.u16(n.length).u16(0).u16(0).u16(0).u16(0).u32(0).u32(0).raw(n);
  const cdSize = w.length - cd;
  w.u32(0x06054b50).u16(0).u16(0).u16(1).u16(1).u32(cdSize).u32(cd).u16(0);
  return w.done();
}

/**
 * Raw deflate of `mb` MiB of zero bytes, built cheaply: one sync-flushed deflate segment for
 * 1 MiB of zeros is valid after any run of zeros, so it is repeated instead of compressing
 * hundreds of MB in the test.
 */
function deflatedZeros(mb: number): Uint8Array {
  const parts: Uint8Array[] = [];
  const d = new Deflate({ level: 6 }, (chunk) => parts.push(chunk));
  const block = new Uint8Array(1024 * 1024);
  d.push(block);
  d.flush(true);
  const first = concat(parts.splice(0));
  d.push(block);
  d.flush(true);
  const repeat = concat(parts.splice(0));
  d.push(new Uint8Array(0), true);
  const last = concat(parts.splice(0));
  return concat([first, ...Array.from({ length: mb - 1 }, () => repeat), last]);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

async function drain(bytes: Uint8Array, entry: ZipEntry, options: ZipReadOptions): Promise<number> {
  let n = 0;
  for await (const c of zipEntryChunks(bytesSource(bytes), entry, options)) n += c.length;
  return n;
}

describe('listZip / readZipEntry', () => {
  // ~3 MB of varied text: several read slices and inflated batches.
  const big = strToU8(
    Array.from({ length: 200_000 }, (_, i) => `${i},value ${(i * 7919) % 100_003}`).join('\n'),
  );
  const zip = zipSync({
    'stored.txt': [strToU8('hello stored'), { level: 0 }],
    'dir/deflated.csv': [big, { level: 6 }],
    'empty.txt': [new Uint8Array(0), { level: 6 }],
    'ünï.txt': [strToU8('utf-8 name'), { level: 6 }],
  });

  it('lists entries with methods and sizes', async () => {
    const entries = await listZip(bytesSource(zip));
    expect(entries.map((e) => [e.name, e.method, e.uncompressedSize, e.encrypted])).toEqual([
      ['stored.txt', 0, 12, false],
      ['dir/deflated.csv', 8, big.length, false],
      ['empty.txt', expect.any(Number), 0, false],
      ['ünï.txt', 8, 10, false],
    ]);
    expect(entries[1].compressedSize).toBeLessThan(big.length / 2);
  });

  for (const inflater of INFLATERS) {
    it(`reads stored and deflated entries (${inflater})`, async () => {
      const src = bytesSource(zip);
      const [stored, deflated, empty, utf] = await listZip(src);
      expect(strFromU8(await readZipEntry(src, stored, { inflater }))).toBe('hello stored');
      expect(Buffer.compare(await readZipEntry(src, deflated, { inflater }), big)).toBe(0);
      expect((await readZipEntry(src, empty, { inflater })).length).toBe(0);
      expect(strFromU8(await readZipEntry(src, utf, { inflater }))).toBe('utf-8 name');
      const progress: number[] = [];
      let chunks = 0;
      for await (const c of zipEntryChunks(src, deflated, {
        inflater,
        onProgress: (n) => progress.push(n),
      })) {
        expect(c.length).toBeGreaterThan(0);
        chunks++;
      }
      expect(chunks).toBeGreaterThan(1);
      expect(progress.at(-1)).toBe(deflated.compressedSize);
    });
  }

  it('reads an empty zip', async () => {
    const empty = new Writer()
      .u32(0x06054b50)
      .u16(0)
      .u16(0)
      .u16(0)
      .u16(0)
      .u32(0)
      .u32(0)
      .u16(0)
      .done();
    expect(await listZip(bytesSource(empty))).toEqual([]);
  });

  it('reads Zip64 sizes and offsets', async () => {
    const name = strToU8('big.csv');
    const data = strToU8('a,b\n1,2\n');
    const w = new Writer();
    // Local header with 0xFFFFFFFF sizes and a Zip64 extra field.
    w.u32(0x04034b50).u16(45).u16(0).u16(0).u16(0).u16(0).u32(0).u32(0xffffffff).u32(0xffffffff);
    w.u16(name.length).u16(20).raw(name).u16(1).u16(16).u64(data.length).u64(data.length).raw(data);
    const cd = w.length;
    w.u32(0x02014b50).u16(45).u16(45).u16(0).u16(0).u16(0).u16(0).u32(0x12345678);
    w.u32(0xffffffff)
      .u32(0xffffffff)
      .u16(name.length)
      .u16(28)
      .u16(0)
      .u16(0)
      .u16(0)
      .u32(0)
      .u32(0xffffffff);
    w.raw(name).u16(1).u16(24).u64(data.length).u64(data.length).u64(0);
    const cdSize = w.length - cd;
    const eocd64 = w.length;
    w.u32(0x06064b50).u64(44).u16(45).u16(45).u32(0).u32(0).u64(1).u64(1).u64(cdSize).u64(cd);
    w.u32(0x07064b50).u32(0).u64(eocd64).u32(1);
    w.u32(0x06054b50)
      .u16(0xffff)
      .u16(0xffff)
      .u16(0xffff)
      .u16(0xffff)
      .u32(0xffffffff)
      .u32(0xffffffff)
      .u16(0);
    const bytes = w.done();
    const [entry] = await listZip(bytesSource(bytes));
    expect(entry).toEqual({
      name: 'big.csv',
      method: 0,
      compressedSize: data.length,
      uncompressedSize: data.length,
      localHeaderOffset: 0,
      encrypted: false,
      crc32: 0x12345678,
    });
    expect(strFromU8(await readZipEntry(bytesSource(bytes), entry))).toBe('a,b\n1,2\n');
  });
});

describe('zip safety', () => {
  const MB = 1024 * 1024;
  const zeros = deflatedZeros(300);

  for (const inflater of INFLATERS) {
    it(`stops a zip bomb by its expansion ratio (${inflater})`, async () => {
      const bomb = zipWithData('bomb.csv', zeros, 300 * MB);
      const [entry] = await listZip(bytesSource(bomb));
      await expect(drain(bomb, entry, { inflater })).rejects.toMatchObject({
        name: 'TooLargeError',
        message: expect.stringContaining('zip bomb') as unknown,
      });
    });

    it(`stops an entry as soon as it inflates past its declared size (${inflater})`, async () => {
      const liar = zipWithData('liar.csv', zeros, 1000);
      const [entry] = await listZip(bytesSource(liar));
      await expect(drain(liar, entry, { inflater, maxBytes: 10 * MB })).rejects.toMatchObject({
        name: 'ParseError',
        message: expect.stringMatching(/unpacks to more than the zip says/) as unknown,
      });
    });
  }

  it('refuses an entry whose declared size is over maxBytes before inflating', async () => {
    const bomb = zipWithData('bomb.csv', zeros, 300 * MB);
    const [entry] = await listZip(bytesSource(bomb));
    await expect(drain(bomb, entry, { maxBytes: 100 * MB })).rejects.toMatchObject({
      name: 'TooLargeError',
      message: expect.stringMatching(/more than 100 MB.*Unzip it on your computer/) as unknown,
    });
  });

  it('explains a truncated zip', async () => {
    const zip = zipSync({ 'a.csv': strToU8('a,b\n'.repeat(1000)) });
    await expect(listZip(bytesSource(zip.subarray(0, zip.length - 10)))).rejects.toMatchObject({
      name: 'ParseError',
      message: expect.stringMatching(
        /^This zip file is damaged \(.*\)\. Download it again\.$/,
      ) as unknown,
    });
    // Directory intact but pointing past the end of the data.
    const cut = zip.slice();
    const cd = findSig(cut, 0x02014b50);
    new DataView(cut.buffer).setUint32(cd + 20, 1_000_000, true);
    const [entry] = await listZip(bytesSource(cut));
    await expect(drain(cut, entry, {})).rejects.toMatchObject({ name: 'ParseError' });
  });

  for (const inflater of INFLATERS) {
    it(`explains corrupt deflate data (${inflater})`, async () => {
      const text = strToU8(
        Array.from({ length: 5000 }, (_, i) => `${i},value ${i * 7}`).join('\n'),
      );
      const zip = zipSync({ 'a.csv': text });
      const [entry] = await listZip(bytesSource(zip));
      const bad = zip.slice();
      const start = 30 + 'a.csv'.length;
      bad.fill(0xff, start + 10, start + 60);
      await expect(drain(bad, entry, { inflater })).rejects.toMatchObject({
        name: 'ParseError',
        message: expect.stringContaining('This zip file is damaged') as unknown,
      });
    });
  }

  it('refuses a bad local header signature', async () => {
    const zip = zipSync({ 'a.csv': strToU8('x') });
    const [entry] = await listZip(bytesSource(zip));
    const bad = zip.slice();
    bad[0] = 0;
    await expect(drain(bad, entry, {})).rejects.toMatchObject({ name: 'ParseError' });
  });

  it('flags encrypted entries and refuses to read them', async () => {
    const zip = zipSync({ 'a.csv': strToU8('secret') });
    const cd = findSig(zip, 0x02014b50);
    zip[cd + 8] |= 1;
    const [entry] = await listZip(bytesSource(zip));
    expect(entry.encrypted).toBe(true);
    await expect(drain(zip, entry, {})).rejects.toMatchObject({ name: 'EncryptedFileError' });
  });
});
