// The zipped person query's pipeline (src/lib/person-query/stream-parts.ts): text cut into
// batches at line feeds, batch k folded by thread k mod T, the threads' sums joined. The result
// must be exactly what one read in file order gives (people and their order, sums, counts,
// dates, messages and their rows), on both engines, whatever the batch and chunk sizes.
import { describe, expect, it } from 'vitest';
import type { KernelFactory } from '../../../src/lib/person-query/kernel';
import { aggregatePersonQuery } from '../../../src/lib/person-query/read';
import {
  BatchCutter,
  mergeStreamParts,
  StreamPart,
} from '../../../src/lib/person-query/stream-parts';
import type { AggregateSpec, PersonMeans } from '../../../src/lib/person-query/types';
import { sourceChunks } from '../../../src/lib/read/source-chunks';
import { bytesSource } from '../../../src/lib/read/types';
import { personQueryKernel } from '../../../workers/kernels';
import { prng } from '../../helpers/prng';

const ENGINES: [string, () => KernelFactory | null][] = [
  ['JavaScript', () => null],
  ['WebAssembly', () => personQueryKernel()],
];

const enc = new TextEncoder();

const SPEC: AggregateSpec = {
  personIdColumn: 0,
  metricDateColumn: 1,
  identifierColumn: 4,
  metricColumns: [2, 3],
  metricNames: ['H1', 'H2'],
  from: null,
  to: null,
  inactiveColumn: 5,
  dayFirst: false,
  decimalComma: false,
  headerRows: 1,
  delimiter: ',',
};

/**
 * A person query sorted by week then person, as Viva writes it: people join late and leave
 * early (so some are first met far into the file), with the problems a real file has (a bad
 * date, text and NULL in metrics, a blank PersonId, a short row, a blank line, quoted commas).
 * No week repeats for a person, so every cut gives the same sums.
 */
function query(seed: number, people: number, weeks: number, bom = false): string {
  const r = prng(seed);
  let text = (bom ? '\ufeff' : '') + 'PersonId,MetricDate,H1,H2,UniqueIdentifier,IsActive\r\n';
  const first = Array.from({ length: people }, () => (r() < 0.3 ? Math.floor(r() * weeks) : 0));
  for (let w = 0; w < weeks; w++) {
    const date = `1/${w + 1}/2026`;
    for (let p = 0; p < people; p++) {
      if (w < first[p]) continue;
      const x = r();
      if (x < 0.01) text += '\r\n';
      const id = p % 7 === 0 ? `"E${p}, ltd"` : `E${p}`;
      const h1 = x < 0.02 ? 'n/a' : x < 0.05 ? 'NULL' : (r() * 10).toFixed(3);
      const h2 = String(Math.floor(r() * 50));
      const d = x > 0.995 ? 'someday' : date;
      const person = x > 0.99 && x <= 0.995 ? '' : `p${p}`;
      if (x > 0.985 && x <= 0.99) text += `${person},${d},${h1}\r\n`;
      else text += `${person},${d},${h1},${h2},${id},${r() < 0.05 ? 'FALSE' : 'TRUE'}\r\n`;
    }
  }
  return text;
}

async function whole(bytes: Uint8Array, kernel: KernelFactory | null): Promise<PersonMeans> {
  return aggregatePersonQuery(
    sourceChunks(bytesSource(bytes), 1 << 16),
    SPEC,
    { name: 'q.csv', totalBytes: bytes.length },
    { kernel },
  );
}

/** The pipeline on one thread, with `threads` StreamParts fed in turn. */
async function streamed(
  bytes: Uint8Array,
  opts: { threads: number; batch: number; chunk: number },
  kernel: KernelFactory | null,
): Promise<{ means: PersonMeans; batches: number; broken: boolean }> {
  const parts = Array.from(
    { length: opts.threads },
    (_, t) => new StreamPart(SPEC, t === 0, kernel),
  );
  const threadOf = (k: number) => k % opts.threads;
  const cutter = new BatchCutter(
    opts.batch,
    (chunk, k) => parts[threadOf(k)].push(chunk),
    (k, last) => void parts[threadOf(k)].mark(last),
  );
  for await (const c of sourceChunks(bytesSource(bytes), opts.chunk)) await cutter.push(c);
  await cutter.end();
  const results = parts.map((p) => p.end());
  return {
    means: mergeStreamParts(results, cutter.batches, threadOf, SPEC.metricNames),
    batches: cutter.batches,
    broken: results.some((r) => r.broken),
  };
}

for (const [engine, kernelOf] of ENGINES) {
  describe(`a person query read as batches on several threads (${engine})`, () => {
    it('gives exactly the one-piece result: people in file order, sums, counts, messages', async () => {
      const kernel = kernelOf();
      const bytes = enc.encode(query(14, 300, 12, true));
      const one = await whole(bytes, kernel);
      expect(one.issues.length).toBeGreaterThan(5);
      for (const opts of [
        { threads: 2, batch: 4000, chunk: 1000 },
        { threads: 3, batch: 1500, chunk: 333 },
        { threads: 2, batch: 30_000, chunk: 7777 },
        { threads: 4, batch: 1, chunk: 64 },
      ]) {
        const { means, batches, broken } = await streamed(bytes, opts, kernel);
        expect(broken).toBe(false);
        expect(batches).toBeGreaterThan(opts.threads);
        expect(means.personIds).toEqual(one.personIds);
        expect(means.identifiers).toEqual(one.identifiers);
        expect(means.weeks).toEqual(one.weeks);
        expect(means.rows).toBe(one.rows);
        expect(means.dates).toEqual(one.dates);
        expect(means.counts).toEqual(one.counts);
        expect(means.issues).toEqual(one.issues);
        one.means.forEach((col, j) =>
          col.forEach((v, p) => expect(means.means[j][p]).toBeCloseTo(v, 9)),
        );
      }
    });

    it('finds a batch cut inside a quoted line break (the caller then reads in one piece)', async () => {
      const kernel = kernelOf();
      // A quoted identifier with line feeds in it, long enough that some cut lands inside it.
      const text =
        query(3, 40, 4) +
        `p1,1/9/2026,1,2,"E1${'\n'.repeat(400)}",TRUE\r\n` +
        query(4, 40, 2).split('\r\n').slice(1).join('\r\n');
      const { broken } = await streamed(
        enc.encode(text),
        { threads: 2, batch: 100, chunk: 50 },
        kernel,
      );
      expect(broken).toBe(true);
    });

    it('reads a file whose last record has no line end', async () => {
      const kernel = kernelOf();
      const bytes = enc.encode(query(5, 50, 3).replace(/\r\n$/, ''));
      const one = await whole(bytes, kernel);
      const { means, broken } = await streamed(
        bytes,
        { threads: 2, batch: 700, chunk: 256 },
        kernel,
      );
      expect(broken).toBe(false);
      expect(means.personIds).toEqual(one.personIds);
      expect(means.rows).toBe(one.rows);
      expect(means.weeks).toEqual(one.weeks);
    });
  });
}

describe('BatchCutter', () => {
  it('ends every batch but the last just after a line feed, and passes every byte once', async () => {
    const text = 'a,1\nbb,2\nccc,3\n' + 'no line end here '.repeat(20) + '\nlast';
    const got: { chunk: string; batch: number }[] = [];
    const closed: number[] = [];
    const cutter = new BatchCutter(
      10,
      (c, k) => void got.push({ chunk: new TextDecoder().decode(c), batch: k }),
      (k) => void closed.push(k),
    );
    for await (const c of sourceChunks(bytesSource(enc.encode(text)), 6)) await cutter.push(c);
    await cutter.end();
    expect(got.map((g) => g.chunk).join('')).toBe(text);
    expect(closed).toEqual([...Array(cutter.batches).keys()]);
    const batches = closed.map((k) =>
      got
        .filter((g) => g.batch === k)
        .map((g) => g.chunk)
        .join(''),
    );
    for (const b of batches.slice(0, -1)) expect(b.endsWith('\n')).toBe(true);
    expect(batches.at(-1)!.endsWith('last')).toBe(true);
  });
});
