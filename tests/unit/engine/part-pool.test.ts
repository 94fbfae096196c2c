// The part-thread protocol (workers/part-pool.ts ↔ workers/part-thread.ts) in Node: a fake
// Worker runs servePart in this thread, so requests, progress, results, errors by name, lost
// threads and thread reuse are checked without a browser.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ParseError } from '../../../src/lib/errors';
import type { CsvPartResult } from '../../../src/lib/read/csv/parallel';
import {
  NoPartThread,
  PartPool,
  PartsProgress,
  SpareBlocks,
  partThreads,
  type PartRequest,
} from '../../../workers/part-pool';
import { servePart, type PartReader } from '../../../workers/part-thread';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

type Handler = ((e: { data: unknown }) => void) | null;

/** Installs a Worker whose script is `servePart(reader)`, run here through a fake `self`. */
function installWorker(reader: PartReader<'csv'>, opts: { failToLoad?: boolean } = {}) {
  const made: FakeWorker[] = [];
  class FakeWorker {
    onmessage: Handler = null;
    onerror: ((e: { preventDefault(): void }) => void) | null = null;
    terminated = false;
    scope = {
      onmessage: null as Handler,
      postMessage: (data: unknown) =>
        queueMicrotask(() => {
          if (!this.terminated) this.onmessage?.({ data });
        }),
    };
    constructor(readonly url: URL) {
      made.push(this);
      const g = globalThis as { self?: unknown };
      const before = g.self;
      g.self = this.scope;
      servePart(reader);
      g.self = before;
    }
    postMessage(data: unknown) {
      queueMicrotask(() => {
        if (opts.failToLoad) this.onerror?.({ preventDefault() {} });
        else this.scope.onmessage?.({ data });
      });
    }
    terminate() {
      this.terminated = true;
    }
  }
  vi.stubGlobal('Worker', FakeWorker);
  return made;
}

const result = (rowCount: number) => ({ rowCount }) as unknown as CsvPartResult;
const request = (text: string): PartRequest<'csv'> => ({
  blob: new Blob([text]),
  first: false,
  schema: {} as PartRequest<'csv'>['schema'],
});

/** A reader that reports its part's size twice and answers with it as the row count. */
const sizeReader: PartReader<'csv'> = {
  async read({ blob }, onProgress) {
    onProgress(1, 0);
    onProgress(blob.size, 1);
    return result(blob.size);
  },
  transfer: () => [],
  progressEveryMs: 0,
};

describe('partThreads(spareCores)', () => {
  it('is one per core less the spare ones, 1 to 4; 1 without workers', () => {
    expect(partThreads(0)).toBe(1); // Node has no Worker global
    vi.stubGlobal('Worker', class {});
    const cases: [number, number, number][] = [
      // cores, spare, threads
      [1, 0, 1],
      [1, 1, 1],
      [2, 0, 2],
      [2, 1, 1],
      [4, 1, 3],
      [8, 0, 4],
      [8, 1, 4],
    ];
    for (const [cores, spare, threads] of cases) {
      vi.stubGlobal('navigator', { hardwareConcurrency: cores });
      expect(partThreads(spare)).toBe(threads);
    }
  });
});

describe('PartPool', () => {
  it('reads a part in a thread: the request goes in, progress and the result come back', async () => {
    const made = installWorker(sizeReader);
    const pool = new PartPool('csv', 2);
    expect(pool.size).toBe(2);
    expect(made.map((w) => w.url.pathname.split('/').pop())).toEqual([
      'csv-part.worker.ts',
      'csv-part.worker.ts',
    ]);
    const seen: [number, number][] = [];
    const r = await pool.read(request('abcdef'), (b, rows) => seen.push([b, rows]), 'reuse');
    expect(r.rowCount).toBe(6);
    expect(seen).toEqual([
      [1, 0],
      [6, 1],
    ]);
    pool.close();
    expect(made.every((w) => w.terminated)).toBe(true);
  });

  it("'reuse' frees the thread for the next part; 'terminate' ends it", async () => {
    const made = installWorker(sizeReader);
    const pool = new PartPool('csv', 1);
    expect((await pool.read(request('ab'), () => {}, 'reuse')).rowCount).toBe(2);
    expect(made[0].terminated).toBe(false);
    expect((await pool.read(request('abc'), () => {}, 'terminate')).rowCount).toBe(3);
    expect(made[0].terminated).toBe(true);
    await expect(pool.read(request('a'), () => {}, 'reuse')).rejects.toBeInstanceOf(NoPartThread);
  });

  it('rejects with the part’s error, rebuilt by name', async () => {
    installWorker({
      ...sizeReader,
      read: () => Promise.reject(new ParseError('bad part')),
    });
    const pool = new PartPool('csv', 1);
    const err = await pool.read(request('x'), () => {}, 'reuse').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParseError);
    expect(err).toMatchObject({ message: 'bad part' });
  });

  it('rejects with NoPartThread when no thread is free, or the thread fails to load', async () => {
    installWorker(sizeReader, { failToLoad: true });
    const pool = new PartPool('csv', 1);
    const busy = pool.read(request('x'), () => {}, 'reuse');
    await expect(pool.read(request('y'), () => {}, 'reuse')).rejects.toBeInstanceOf(NoPartThread);
    await expect(busy).rejects.toBeInstanceOf(NoPartThread);
    // A thread that stopped is not used again.
    await expect(pool.read(request('z'), () => {}, 'reuse')).rejects.toBeInstanceOf(NoPartThread);
  });

  it('starts no thread where workers cannot be started', () => {
    vi.stubGlobal(
      'Worker',
      class {
        constructor() {
          throw new Error('no workers here');
        }
      },
    );
    expect(new PartPool('person-query', 4).size).toBe(0);
  });
});

describe('servePart', () => {
  it('sends progress at most every progressEveryMs', async () => {
    let now = 1000;
    vi.spyOn(Date, 'now').mockImplementation(() => now);
    installWorker({
      async read(_request, onProgress) {
        for (let i = 1; i <= 6; i++) {
          onProgress(i, i);
          now += 20;
        }
        return result(6);
      },
      transfer: () => [],
      progressEveryMs: 50,
    });
    const pool = new PartPool('csv', 1);
    const seen: number[] = [];
    await pool.read(request('x'), (b) => seen.push(b), 'reuse');
    expect(seen).toEqual([1, 4]);
  });
});

describe('PartsProgress', () => {
  it('sums the parts after the base bytes, capped at the total, at most every everyMs', () => {
    let now = 1000;
    vi.spyOn(Date, 'now').mockImplementation(() => now);
    const reports: unknown[] = [];
    const progress = new PartsProgress(100, 10, 50, (p) => reports.push(p));
    const a = progress.part();
    const b = progress.part();
    a(20, 2);
    now += 10;
    b(30, 3); // too soon: kept, not reported
    now += 50;
    a(40, 4);
    now += 50;
    b(90, 9);
    expect(reports).toEqual([
      { phase: 'reading', bytesRead: 30, totalBytes: 100, rows: 2 },
      { phase: 'reading', bytesRead: 80, totalBytes: 100, rows: 7 },
      { phase: 'reading', bytesRead: 100, totalBytes: 100, rows: 13 },
    ]);
  });
});

describe('SpareBlocks', () => {
  it('hands out views on its own buffers and takes back only buffers of its size', () => {
    const spares = new SpareBlocks(1024, 2);
    const a = spares.block(1000);
    expect(a.length).toBe(1000);
    expect(a.buffer.byteLength).toBe(1024);
    expect(spares.owns(a.buffer)).toBe(true);
    expect(spares.owns(new ArrayBuffer(1024))).toBe(false);
    // Too large for a block: a plain array, never moved as a spare.
    expect(spares.owns(spares.block(2000).buffer)).toBe(false);
    // A buffer moved back from a thread is a new object of the same size: reused.
    const back = new ArrayBuffer(1024);
    spares.give(back);
    spares.give(new ArrayBuffer(999)); // a copied chunk: not a block
    const b = spares.block(10);
    expect(b.buffer).toBe(back);
    expect(spares.owns(back)).toBe(true);
    // It keeps at most `keep` spare buffers.
    for (let i = 0; i < 5; i++) spares.give(new ArrayBuffer(1024));
    const kept = new Set([spares.block(1).buffer, spares.block(1).buffer, spares.block(1).buffer]);
    expect(kept.size).toBe(3);
  });
});
