// Zips as real tools write big exports: Zip64 records (sizes and offsets in the extra field and
// the Zip64 end records) and data descriptors (sizes after the data, as a streaming writer
// such as .NET's ZipArchive or fflate's Zip writes them, with or without the optional
// signature). And the zip-bomb guard's limits, tried with small injected numbers: the ratio,
// the absolute cap, and a default cap that lets a real 5 GB query through.
import { deflateSync, strFromU8, strToU8, Zip, ZipDeflate } from 'fflate';
import { describe, expect, it } from 'vitest';
import { bytesSource } from '../../../src/lib/read/types';
import {
  listZip,
  readZipEntry,
  zipEntryChunks,
  ZIP_MAX_BYTES,
  type ZipReadOptions,
} from '../../../src/lib/read/zip';
import { Writer } from '../../helpers/zip-writer';

const INFLATERS = ['native', 'fflate'] as const;

const CSV = 'PersonId,MetricDate,Meeting_hours\n' + 'p1,1/7/2024,1.5\np2,1/7/2024,2\n'.repeat(500);

interface Made {
  /** Local header, data and descriptor, central directory: Zip64 records where asked. */
  zip64: boolean;
  /** Sizes after the data (flag bit 3); the local header holds zeros. */
  descriptor: 'none' | 'signed' | 'unsigned';
  /** Sizes the central directory declares (default: the true ones). */
  declared?: number;
  /** Bytes before the entry (another entry's room), so the offset is not 0. */
  offset?: number;
}

/** A one-entry zip of `text`, deflated, written by hand as `m` says. */
function handZip(text: string, m: Made): Uint8Array {
  const data = deflateSync(strToU8(text), { level: 6 });
  const size = m.declared ?? strToU8(text).length;
  const name = strToU8('PersonQuery.csv');
  const w = new Writer();
  w.raw(new Uint8Array(m.offset ?? 0));
  const local = w.length;
  const flags = m.descriptor === 'none' ? 0 : 8;
  w.u32(0x04034b50)
    .u16(m.zip64 ? 45 : 20)
    .u16(flags)
    .u16(8)
    .u16(0)
    .u16(0);
  if (m.descriptor !== 'none') {
    // Streaming writers do not know the sizes yet: zeros (Zip64: 0xFFFFFFFF and a zeroed extra).
    w.u32(0)
      .u32(m.zip64 ? 0xffffffff : 0)
      .u32(m.zip64 ? 0xffffffff : 0);
  } else {
    w.u32(0)
      .u32(m.zip64 ? 0xffffffff : data.length)
      .u32(m.zip64 ? 0xffffffff : size);
  }
  w.u16(name.length)
    .u16(m.zip64 ? 20 : 0)
    .raw(name);
  if (m.zip64) {
    const known = m.descriptor === 'none';
    w.u16(1)
      .u16(16)
      .u64(known ? size : 0)
      .u64(known ? data.length : 0);
  }
  w.raw(data);
  if (m.descriptor !== 'none') {
    if (m.descriptor === 'signed') w.u32(0x08074b50);
    w.u32(0);
    if (m.zip64) w.u64(data.length).u64(size);
    else w.u32(data.length).u32(size);
  }
  const cd = w.length;
  w.u32(0x02014b50)
    .u16(m.zip64 ? 45 : 20)
    .u16(m.zip64 ? 45 : 20)
    .u16(flags)
    .u16(8)
    .u16(0)
    .u16(0)
    .u32(0)
    .u32(m.zip64 ? 0xffffffff : data.length)
    .u32(m.zip64 ? 0xffffffff : size)
    .u16(name.length)
    .u16(m.zip64 ? 28 : 0)
    .u16(0)
    .u16(0)
    .u16(0)
    .u32(0)
    .u32(m.zip64 ? 0xffffffff : local)
    .raw(name);
  if (m.zip64) w.u16(1).u16(24).u64(size).u64(data.length).u64(local);
  const cdSize = w.length - cd;
  if (m.zip64) {
    const eocd64 = w.length;
    w.u32(0x06064b50).u64(44).u16(45).u16(45).u32(0).u32(0).u64(1).u64(1).u64(cdSize).u64(cd);
    w.u32(0x07064b50).u32(0).u64(eocd64).u32(1);
    w.u32(0x06054b50).u16(0xffff).u16(0xffff).u16(0xffff).u16(0xffff);
    w.u32(0xffffffff).u32(0xffffffff).u16(0);
  } else {
    w.u32(0x06054b50).u16(0).u16(0).u16(1).u16(1).u32(cdSize).u32(cd).u16(0);
  }
  return w.done();
}

async function read(bytes: Uint8Array, options: ZipReadOptions = {}): Promise<string> {
  const source = bytesSource(bytes);
  const entries = await listZip(source);
  expect(entries).toHaveLength(1);
  return strFromU8(await readZipEntry(source, entries[0], options));
}

async function drain(bytes: Uint8Array, options: ZipReadOptions): Promise<number> {
  const source = bytesSource(bytes);
  const [entry] = await listZip(source);
  let n = 0;
  for await (const c of zipEntryChunks(source, entry, options)) n += c.length;
  return n;
}

describe('zips as big exports are written', () => {
  for (const inflater of INFLATERS) {
    for (const zip64 of [false, true]) {
      for (const descriptor of ['none', 'signed', 'unsigned'] as const) {
        it(`reads a deflated entry: ${zip64 ? 'Zip64' : 'plain'}, data descriptor ${descriptor} (${inflater})`, async () => {
          const bytes = handZip(CSV, { zip64, descriptor, offset: 100 });
          const [entry] = await listZip(bytesSource(bytes));
          expect(entry).toMatchObject({
            name: 'PersonQuery.csv',
            method: 8,
            uncompressedSize: CSV.length,
            localHeaderOffset: 100,
          });
          expect(await read(bytes, { inflater })).toBe(CSV);
        });
      }
    }

    it(`reads what fflate's streaming Zip writes (data descriptors) (${inflater})`, async () => {
      const parts: Uint8Array[] = [];
      const zip = new Zip((err, chunk) => {
        if (err) throw err;
        parts.push(chunk);
      });
      const file = new ZipDeflate('query.csv', { level: 6 });
      zip.add(file);
      const bytes = strToU8(CSV);
      for (let i = 0; i < bytes.length; i += 1000) file.push(bytes.subarray(i, i + 1000));
      file.push(new Uint8Array(0), true);
      zip.end();
      const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
      let at = 0;
      for (const p of parts) {
        all.set(p, at);
        at += p.length;
      }
      // Bit 3 set in the local header: the sizes come after the data.
      expect(all[6] & 8).toBe(8);
      expect(await read(all, { inflater })).toBe(CSV);
    });
  }
});

describe('the zip-bomb guard', () => {
  // 1 MiB of zeros deflates to about 1 KB: a ratio of about 1000.
  const zeros = '\0'.repeat(1024 * 1024);

  for (const inflater of INFLATERS) {
    it(`stops an entry that expands past maxRatio once ratioCheckAfter bytes are out (${inflater})`, async () => {
      const bomb = handZip(zeros, { zip64: false, descriptor: 'none' });
      await expect(
        drain(bomb, { inflater, maxRatio: 200, ratioCheckAfter: 64 * 1024 }),
      ).rejects.toMatchObject({
        name: 'TooLargeError',
        message: expect.stringMatching(/200 times/),
      });
      // The same file under a laxer ratio, or checked only past its size, is read whole.
      expect(await drain(bomb, { inflater, maxRatio: 5000, ratioCheckAfter: 64 * 1024 })).toBe(
        zeros.length,
      );
      expect(await drain(bomb, { inflater, ratioCheckAfter: 2 * 1024 * 1024 })).toBe(zeros.length);
    });

    it(`refuses a Zip64 entry (sizes in a data descriptor) that declares more than the cap (${inflater})`, async () => {
      const liar = handZip(CSV, { zip64: true, descriptor: 'signed', declared: 10 * CSV.length });
      await expect(drain(liar, { inflater, maxBytes: 1000 })).rejects.toMatchObject({
        name: 'TooLargeError',
      });
    });
  }

  it('refuses an entry that declares more than the cap before inflating', async () => {
    const big = handZip(CSV, { zip64: false, descriptor: 'none' });
    await expect(drain(big, { maxBytes: CSV.length - 1 })).rejects.toMatchObject({
      name: 'TooLargeError',
      message: expect.stringMatching(/more than 0 MB/) as unknown,
    });
    expect(await drain(big, { maxBytes: CSV.length })).toBe(CSV.length);
  });

  it('lets a real 5 GB query through by default: the cap is far above it', async () => {
    expect(ZIP_MAX_BYTES).toBeGreaterThanOrEqual(10 * 1024 ** 3);
    // A Zip64 entry declaring 5 GB (its data is small: it is never inflated that far). The
    // guard does not refuse it as too large; it is read until its data ends, and then found
    // to be shorter than it says (a damaged zip, not a bomb).
    const five = handZip(CSV, { zip64: true, descriptor: 'signed', declared: 5 * 1024 ** 3 });
    const [entry] = await listZip(bytesSource(five));
    expect(entry.uncompressedSize).toBe(5 * 1024 ** 3);
    await expect(drain(five, {})).rejects.toMatchObject({
      name: 'ParseError',
      message: expect.stringMatching(/unpacks to a different size/) as unknown,
    });
  });

  it('keeps reading a real query whose text is only a few times its packed size', async () => {
    // A person query packs about 3:1 (numbers); the ratio check must never stop one.
    const text = Array.from(
      { length: 4000 },
      (_, i) => `p${i % 97},1/${(i % 28) + 1}/2024,${((i * 7919) % 1000) / 7}`,
    ).join('\n');
    const zip = handZip(text, { zip64: false, descriptor: 'signed' });
    expect(await drain(zip, { ratioCheckAfter: 1024, maxRatio: 200 })).toBe(text.length);
  });
});
