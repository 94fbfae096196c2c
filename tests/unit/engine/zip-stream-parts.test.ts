// The zipped person query's pipeline (src/lib/person-query/stream-parts.ts): the inflated text
// cut as it streams into the ranges the unzipped read cuts the same CSV into, each range fed to
// its own part, the parts merged. The result must be exactly the unzipped read's, to the last
// bit (people and their order, sums, counts, dates, messages and their rows), on both engines,
// whatever the chunk sizes.
import { describe, expect, it } from 'vitest';
import type { KernelFactory } from '../../../src/lib/person-query/kernel';
import { mergePartials } from '../../../src/lib/person-query/aggregate';
import { aggregatePart, aggregatePersonQuery } from '../../../src/lib/person-query/read';
import { RangeCutter, StreamPart } from '../../../src/lib/person-query/stream-parts';
import { cutRanges } from '../../../src/lib/read/csv/parallel';
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

/** The unzipped read in parts (workers/person-query.ts, aggregateInParts). */
async function inParts(
  bytes: Uint8Array,
  threads: number,
  kernel: KernelFactory | null,
): Promise<{ means: PersonMeans; cuts: number[] }> {
  const cuts = await cutRanges(bytesSource(bytes), 0, Array(threads).fill(1) as number[]);
  const parts = await Promise.all(
    cuts
      .slice(0, -1)
      .map((start, k) =>
        aggregatePart(
          sourceChunks(bytesSource(bytes.subarray(start, cuts[k + 1])), 4096),
          SPEC,
          k === 0,
          undefined,
          kernel,
        ),
      ),
  );
  return {
    means: mergePartials(
      parts.map((p) => p.partial),
      SPEC.metricNames,
    ),
    cuts,
  };
}

/**
 * The zipped read's pipeline on one thread: the text streamed in `chunk`s, cut as it comes. A
 * chunk the cutter calls not shared is overwritten once read, as a recycled block is refilled:
 * a wrong `shared` (or a part that kept a chunk past push) changes the result.
 */
async function streamed(
  text: Uint8Array,
  opts: { threads: number; chunk: number },
  kernel: KernelFactory | null,
): Promise<{ means: PersonMeans; cuts: number[]; broken: boolean }> {
  const parts = Array.from(
    { length: opts.threads },
    (_, t) => new StreamPart(SPEC, t === 0, kernel),
  );
  const bytes = text.slice();
  const cuts = [0];
  let at = 0;
  const cutter = new RangeCutter(
    bytes.length,
    parts.map(() => 1),
    (chunk, k, shared) => {
      at += chunk.length;
      parts[k].push(chunk);
      // Moved to a thread and back: the whole buffer is refilled.
      if (!shared) new Uint8Array(chunk.buffer).fill(0x2c);
    },
    (k, last) => {
      cuts.push(at);
      parts[k].mark(last);
    },
  );
  // Each chunk its own buffer, as the inflater's blocks are.
  for await (const c of sourceChunks(bytesSource(bytes), opts.chunk)) await cutter.push(c.slice());
  await cutter.end();
  const results = parts.slice(0, cutter.parts).map((p) => p.end());
  return {
    means: mergePartials(
      results.map((r) => r.partial),
      SPEC.metricNames,
    ),
    cuts,
    broken: results.some((r) => r.broken),
  };
}

for (const [engine, kernelOf] of ENGINES) {
  describe(`a person query read as batches on several threads (${engine})`, () => {
    it('cuts where the unzipped read cuts and gives its result to the last bit', async () => {
      const kernel = kernelOf();
      const bytes = enc.encode(query(14, 300, 12, true));
      const one = await whole(bytes, kernel);
      expect(one.issues.length).toBeGreaterThan(5);
      for (const opts of [
        { threads: 2, chunk: 1000 },
        { threads: 3, chunk: 333 },
        { threads: 2, chunk: 7777 },
        { threads: 4, chunk: 64 },
        { threads: 4, chunk: 1 << 20 },
      ]) {
        const unzipped = await inParts(bytes, opts.threads, kernel);
        const { means, cuts, broken } = await streamed(bytes, opts, kernel);
        expect(broken).toBe(false);
        expect(cuts).toEqual(unzipped.cuts);
        expect(cuts).toHaveLength(opts.threads + 1);
        // Exactly equal, floating-point sums included (toEqual compares the Float64Arrays).
        expect(means).toEqual(unzipped.means);
        // And the same as one piece: people, counts, messages.
        expect(means.personIds).toEqual(one.personIds);
        expect(means.counts).toEqual(one.counts);
        expect(means.rows).toBe(one.rows);
      }
    });

    it('makes no cut where no line feed is near the target, as the unzipped read', async () => {
      const kernel = kernelOf();
      // One record longer than the cut window (a long quoted note) around the middle.
      const head = query(8, 30, 2);
      const long = `p1,1/9/2026,1,2,"E${'x'.repeat(300 * 1024)}",TRUE\r\n`;
      const bytes = enc.encode(head + long + query(9, 30, 1).split('\r\n').slice(1).join('\r\n'));
      const unzipped = await inParts(bytes, 2, kernel);
      const { cuts } = await streamed(bytes, { threads: 2, chunk: 4096 }, kernel);
      expect(cuts).toEqual(unzipped.cuts);
    });

    it('finds a batch cut inside a quoted line break (the caller then reads in one piece)', async () => {
      const kernel = kernelOf();
      // A quoted identifier with line feeds in it, long enough that some cut lands inside it.
      const text =
        query(3, 40, 4) +
        `p1,1/9/2026,1,2,"E1${'\n'.repeat(400)}",TRUE\r\n` +
        query(4, 40, 2).split('\r\n').slice(1).join('\r\n');
      // Four parts: some cut falls inside the 400 line feeds of the quoted value.
      const bytes = enc.encode(text);
      const at = text.indexOf('"E1\n');
      const { broken, cuts } = await streamed(bytes, { threads: 40, chunk: 50 }, kernel);
      expect(cuts.some((c) => c > at && c < at + 400)).toBe(true);
      expect(broken).toBe(true);
      expect(broken).toBe(true);
    });

    it('reads a file whose last record has no line end', async () => {
      const kernel = kernelOf();
      const bytes = enc.encode(query(5, 50, 3).replace(/\r\n$/, ''));
      const one = await whole(bytes, kernel);
      const { means, broken } = await streamed(bytes, { threads: 2, chunk: 256 }, kernel);
      expect(broken).toBe(false);
      expect(means).toEqual((await inParts(bytes, 2, kernel)).means);
      expect(means.personIds).toEqual(one.personIds);
      expect(means.rows).toBe(one.rows);
      expect(means.weeks).toEqual(one.weeks);
    });
  });
}
