// The WebAssembly kernel against the JavaScript scanner + aggregator: on random messy person
// queries fed in random chunk sizes, both must give exactly the same result (people, sums,
// counts, issues and their messages).
import { describe, expect, it } from 'vitest';
import type { AggregateSpec, PersonMeans } from '../../../src/lib/person-query/types';
import { aggregatePart, aggregatePersonQuery } from '../../../src/lib/person-query/read';
import { PersonQueryKernel } from '../../../src/lib/person-query/kernel';
import { personQueryPass } from '../../../src/lib/person-query/pass';
import { sourceChunks } from '../../../src/lib/read/source-chunks';
import { bytesSource } from '../../../src/lib/read/types';
import { personQueryKernel } from '../../../workers/kernels';
import { prng as rng } from '../../helpers/prng';
import { MESSY_NUMBERS } from '../../helpers/random-csv';

const NUMBERS = MESSY_NUMBERS;
const DATES = [
  '2026-01-04',
  '2026-01-11',
  '1/18/2026',
  '01/25/2026',
  '2026-02-01',
  '"2026-02-08"',
  'someday',
  '',
  '13/1/2026',
  ' 2026-02-15',
];
const PEOPLE = [
  'a',
  'b',
  'c',
  'dd',
  '"e"',
  ' f ',
  '',
  'g"h',
  '"i""j"',
  'k-with-a-long-id-0001',
  '"m"n',
  '\tt\t',
];
const IDS = ['E1', 'E2', ' E3 ', '"E4"', '', 'E5', '"E,6"', '"E7"x', '\tE8'];
const FLAGS = ['TRUE', 'FALSE', '', '0', '1', 'no', 'NULL', '"FALSE"'];

/** A random person query: 2 metrics + identifier + flag + a free-text column. */
function randomQuery(r: () => number): string {
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const eol = r() < 0.5 ? '\n' : '\r\n';
  let text = 'PersonId,MetricDate,H1,H2,UniqueIdentifier,IsActive,Note' + eol;
  const n = Math.floor(r() * 60);
  for (let i = 0; i < n; i++) {
    const x = r();
    if (x < 0.03) {
      text += eol; // blank line
      continue;
    }
    const note = pick(['', 'ok', '"has, comma"', '"two\nlines"', '"q""uote"', '"messy"tail']);
    const fields = [
      pick(PEOPLE),
      pick(DATES),
      pick(NUMBERS),
      pick(NUMBERS),
      pick(IDS),
      pick(FLAGS),
      note,
    ];
    const cut = x < 0.08 ? 1 + Math.floor(r() * 6) : fields.length; // a short row
    text += fields.slice(0, cut).join(',') + (r() < 0.03 ? ',' : '');
    if (i < n - 1 || r() < 0.7) text += eol;
  }
  return text;
}

function spec(r: () => number): AggregateSpec {
  return {
    personIdColumn: 0,
    metricDateColumn: 1,
    identifierColumn: r() < 0.7 ? 4 : null,
    metricColumns: r() < 0.5 ? [2, 3] : [3, 2, 5],
    metricNames: ['A', 'B', 'C'],
    from: r() < 0.3 ? '2026-01-11' : null,
    to: r() < 0.3 ? '2026-02-01' : null,
    inactiveColumn: r() < 0.3 ? 5 : r() < 0.2 ? 2 : null,
    dayFirst: r() < 0.1,
    decimalComma: false,
    headerRows: 1,
    delimiter: ',',
  };
}

const enc = new TextEncoder();

async function both(
  bytes: Uint8Array,
  s: AggregateSpec,
  chunk: number,
): Promise<[PersonMeans, PersonMeans]> {
  const kernel = personQueryKernel();
  expect(kernel).not.toBeNull();
  const go = (k: typeof kernel) =>
    aggregatePersonQuery(
      sourceChunks(bytesSource(bytes), chunk),
      { ...s, metricNames: s.metricNames.slice(0, s.metricColumns.length) },
      { name: 'q.csv', totalBytes: bytes.length },
      { kernel: k },
    );
  const js = await go(null);
  const wasm = await go(kernel);
  expect([js.engine, wasm.engine]).toEqual(['javascript', 'webassembly']);
  // Everything else must be identical.
  return [{ ...js, engine: 'webassembly' }, wasm];
}

describe('the WebAssembly person-query kernel', () => {
  it('gives exactly the JavaScript result on 400 random messy queries, in random chunk sizes', async () => {
    const r = rng(20261122);
    for (let t = 0; t < 400; t++) {
      const text = randomQuery(r);
      const s = spec(r);
      const chunk = r() < 0.5 ? 1 + Math.floor(r() * 40) : 1 << 16;
      const bytes = enc.encode(text);
      const [js, wasm] = await both(bytes, s, chunk);
      expect({ t, ...wasm }).toEqual({ t, ...js });
    }
  });

  it('gives the JavaScript result for each part of a file cut at line feeds (at most 5 not cut)', async ({
    annotate,
  }) => {
    const r = rng(7);
    // A file with no line feed in its second half has no second part: counted, so a generator
    // that stops making cuttable files fails here.
    let uncut = 0;
    for (let t = 0; t < 100; t++) {
      const bytes = enc.encode(randomQuery(r).replace(/"two\nlines"/g, 'two lines'));
      const s = spec(r);
      const mid = bytes.indexOf(0x0a, Math.floor(bytes.length / 2)) + 1;
      for (const [from, to, first] of [
        [0, mid || bytes.length, true],
        [mid, bytes.length, false],
      ] as const) {
        if (from === 0 && !first) {
          uncut++;
          continue;
        }
        const part = bytes.slice(from, to);
        const run = (k: ReturnType<typeof personQueryKernel>) =>
          aggregatePart(sourceChunks(bytesSource(part), 1 + (t % 13)), s, first, undefined, k);
        const [js, wasm] = [await run(null), await run(personQueryKernel())];
        expect(wasm.partial.engine).toBe('webassembly');
        expect({ t, ...wasm, partial: { ...wasm.partial, engine: 'javascript' } }).toEqual({
          t,
          ...js,
        });
      }
    }
    const skipped = `${uncut} of 100 files not cut (no line feed in the second half)`;
    await annotate(skipped);
    expect(uncut, skipped).toBeLessThanOrEqual(5);
  });

  it('reads a quoted field spanning many chunks, and a file without a final line end', async () => {
    const long = 'x'.repeat(300_000);
    const text = `PersonId,MetricDate,H1,Note\na,2026-01-04,1,"${long}"\na,2026-01-11,3,"y"`;
    const bytes = enc.encode(text);
    const s: AggregateSpec = { ...spec(rng(1)), metricColumns: [2], metricNames: ['H1'] };
    s.identifierColumn = null;
    s.inactiveColumn = null;
    s.from = s.to = null;
    s.dayFirst = false;
    // Tiny chunks too: the long record is gathered, not scanned again per chunk.
    for (const chunk of [4096, 7]) {
      const [js, wasm] = await both(bytes, s, chunk);
      expect(wasm).toEqual(js);
      expect(wasm.means[0][0]).toBe(2);
    }
  });

  it('reports an unclosed quote like the JavaScript scanner', async () => {
    const bytes = enc.encode('PersonId,MetricDate,H1\na,2026-01-04,1\nb,2026-01-04,"2\n');
    const s: AggregateSpec = { ...spec(rng(2)), metricColumns: [2], metricNames: ['H1'] };
    const [js, wasm] = await both(bytes, s, 7);
    expect(wasm).toEqual(js);
    expect(wasm.issues.map((i) => i.code)).toContain('unclosed-quote');
  });

  it('falls back to JavaScript when the kernel cannot start', async () => {
    const s: AggregateSpec = { ...spec(rng(3)), metricColumns: [2], metricNames: ['H1'] };
    const pass = personQueryPass(s, () => {
      throw new Error('WebAssembly is switched off');
    });
    expect(pass).not.toBeInstanceOf(PersonQueryKernel);
    pass.push(enc.encode('PersonId,MetricDate,H1\na,2026-01-04,4\n'));
    pass.finish();
    expect(pass.result().means[0][0]).toBe(4);
    expect(personQueryPass(s, personQueryKernel())).toBeInstanceOf(PersonQueryKernel);
  });
});
