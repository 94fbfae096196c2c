import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AggregateSpec, PersonMeans } from '../../../src/lib/person-query/types';
import { mergePartials, periodDays } from '../../../src/lib/person-query/aggregate';
import {
  aggregatePart,
  aggregatePersonQuery,
  readPersonQueryHead,
  type PersonQueryHead,
} from '../../../src/lib/person-query/read';
import type { KernelFactory } from '../../../src/lib/person-query/kernel';
import { sourceChunks } from '../../../src/lib/read/source-chunks';
import { bytesSource } from '../../../src/lib/read/types';
import { personQueryKernel } from '../../../workers/kernels';
import { realBytes } from '../../helpers/real-data';

// Every test runs on both engines: the JavaScript scanner + aggregator, and the WebAssembly
// kernel (src/wasm/person-query.ts) the app uses where it can.
const ENGINES: [string, () => KernelFactory | null][] = [
  ['JavaScript', () => null],
  ['WebAssembly', () => personQueryKernel()],
];
/** The engine of the describe block running now. */
let kernel: KernelFactory | null = null;

const ROOT = join(import.meta.dirname, '..', '..', '..');
const FIX = join(ROOT, 'tests', 'fixtures', 'viva-to-qualtrics');
const METRICS = [
  'Collaboration_hours',
  'After_hours_collaboration_hours',
  'Email_hours',
  'Meeting_hours',
  'Uninterrupted_hours',
];

const enc = new TextEncoder();
const chunks = (bytes: Uint8Array, size?: number) => sourceChunks(bytesSource(bytes), size);

async function head(bytes: Uint8Array): Promise<PersonQueryHead> {
  return readPersonQueryHead(chunks(bytes), { name: 'q.csv', totalBytes: bytes.length });
}

/** Aggregates `text` (or bytes) reading `metrics`, by header names. */
async function run(
  input: string | Uint8Array,
  metrics: string[],
  opts: Partial<AggregateSpec> & { identifier?: string; inactive?: string; chunk?: number } = {},
): Promise<PersonMeans> {
  const bytes = typeof input === 'string' ? enc.encode(input) : input;
  const h = await head(bytes);
  const col = (name: string) => h.columns.find((c) => c.header === name)!.index;
  const spec: AggregateSpec = {
    personIdColumn: h.personIdColumn,
    metricDateColumn: h.metricDateColumn,
    identifierColumn: opts.identifier ? col(opts.identifier) : null,
    metricColumns: metrics.map(col),
    metricNames: metrics,
    from: null,
    to: null,
    inactiveColumn: opts.inactive ? col(opts.inactive) : null,
    dayFirst: false,
    decimalComma: h.decimalComma,
    headerRows: h.headerRows,
    delimiter: h.delimiter,
    ...opts,
  };
  return aggregatePersonQuery(
    chunks(bytes, opts.chunk),
    spec,
    { name: 'q.csv', totalBytes: bytes.length },
    { kernel },
  );
}

/** A spec for a comma-separated query with one header row and nothing filtered. */
function baseSpec(
  over: Partial<AggregateSpec> & Pick<AggregateSpec, 'metricColumns' | 'metricNames'>,
): AggregateSpec {
  return {
    personIdColumn: 0,
    metricDateColumn: 1,
    identifierColumn: null,
    from: null,
    to: null,
    inactiveColumn: null,
    dayFirst: false,
    decimalComma: false,
    headerRows: 1,
    delimiter: ',',
    ...over,
  };
}

function readCsv(path: string): string[][] {
  return readFileSync(path, 'utf8')
    .trimEnd()
    .split(/\r?\n/)
    .map((l) => l.split(','));
}

describe.each(ENGINES)('%s engine', (_, engine) => {
  beforeAll(() => {
    kernel = engine();
    if (_ === 'WebAssembly') expect(kernel).not.toBeNull();
  });

  describe('aggregatePersonQuery on the real person query (100 people × 10 weeks)', () => {
    const bytes = realBytes('viva-person-query-sample.csv');

    it('reads the head: PersonId, MetricDate, metrics and attributes', async () => {
      const h = await head(bytes);
      expect(h.columns[h.personIdColumn].header).toBe('PersonId');
      expect(h.columns[h.metricDateColumn].header).toBe('MetricDate');
      expect(h.dateFormat).toBe('iso');
      expect(h.columns.filter((c) => c.vivaRole === 'metric')).toHaveLength(145);
      expect(h.columns.find((c) => c.header === 'Organization')?.vivaRole).toBe('attribute');
      expect(h.sample).toHaveLength(20);
    });

    it('gives the per-person means the independent oracle computes (all weeks)', async () => {
      const [header, ...rows] = readCsv(join(FIX, 'real-means-all.csv'));
      expect(header.slice(2)).toEqual(METRICS);
      const r = await run(bytes, METRICS);
      expect(r.rows).toBe(1000);
      expect(r.personIds).toEqual(rows.map((x) => x[0]));
      expect(Array.from(r.weeks)).toEqual(rows.map((x) => Number(x[1])));
      METRICS.forEach((_, j) => {
        // Same additions in the same order as the oracle: exactly the same doubles.
        expect(Array.from(r.means[j])).toEqual(rows.map((x) => Number(x[2 + j])));
      });
      expect(r.dates).toHaveLength(10);
      expect(r.dates[0]).toEqual({ date: '2022-05-01', rows: 100 });
      expect(r.periodDays).toBe(7);
      expect(r.issues).toEqual([]);
    });

    it('gives the oracle means for the last 4 weeks with inactive weeks left out', async () => {
      const [, ...rows] = readCsv(join(FIX, 'real-means-window.csv'));
      const all = await run(bytes, METRICS);
      const to = all.dates.at(-1)!.date;
      const r = await run(bytes, METRICS, {
        from: '2022-06-12',
        to,
        inactive: 'Collaboration_hours',
      });
      expect(to).toBe('2022-07-03');
      expect(r.counts.counted).toBe(400);
      expect(r.counts.outsideWindow).toBe(600);
      const byId = new Map(r.personIds.map((p, i) => [p, i]));
      for (const row of rows) {
        const p = byId.get(row[0])!;
        expect(r.weeks[p]).toBe(Number(row[1]));
        METRICS.forEach((_, j) => expect(r.means[j][p]).toBe(Number(row[2 + j])));
      }
    });

    it('read in parts cut at line feeds and merged, gives the same people, weeks and means', async () => {
      const whole = await run(bytes, METRICS, { identifier: 'Organization' });
      const h = await head(bytes);
      const col = (name: string) => h.columns.find((c) => c.header === name)!.index;
      const spec = baseSpec({
        personIdColumn: h.personIdColumn,
        metricDateColumn: h.metricDateColumn,
        identifierColumn: col('Organization'),
        metricColumns: METRICS.map(col),
        metricNames: METRICS,
      });
      const cuts = [0];
      for (const f of [0.3, 0.55, 0.8]) {
        cuts.push(bytes.indexOf(0x0a, Math.floor(bytes.length * f)) + 1);
      }
      cuts.push(bytes.length);
      const parts = await Promise.all(
        cuts
          .slice(0, -1)
          .map((start, k) =>
            aggregatePart(
              chunks(bytes.slice(start, cuts[k + 1]), 5000),
              spec,
              k === 0,
              undefined,
              kernel,
            ),
          ),
      );
      expect(parts.some((p) => p.openQuote)).toBe(false);
      const merged = mergePartials(
        parts.map((p) => p.partial),
        METRICS,
      );
      expect(merged.personIds).toEqual(whole.personIds);
      expect(merged.identifiers).toEqual(whole.identifiers);
      expect(merged.weeks).toEqual(whole.weeks);
      expect(merged.rows).toBe(1000);
      expect(merged.dates).toEqual(whole.dates);
      METRICS.forEach((_, j) =>
        whole.means[j].forEach((v, p) => expect(merged.means[j][p]).toBeCloseTo(v, 10)),
      );
    });

    it('gives the same result whatever the chunk size (records cut across chunks)', async () => {
      const whole = await run(bytes, METRICS);
      const tiny = await run(bytes, METRICS, { chunk: 997 });
      expect(tiny.personIds).toEqual(whole.personIds);
      expect(tiny.means).toEqual(whole.means);
    });
  });

  const HEADER =
    'PersonId,MetricDate,Collaboration_hours,Copilot_actions,UniqueIdentifier,IsActive\n';

  describe('aggregatePersonQuery rules', () => {
    it('averages over counted weeks, skips NULL/NA/blank values per metric', async () => {
      const r = await run(
        HEADER +
          'a,2026-01-04,10,NULL,E1,TRUE\n' +
          'b,2026-01-04,4,3,E2,TRUE\n' +
          'a,2026-01-11,20,NA,E1,TRUE\n' +
          'b,2026-01-11,,5,E2,TRUE\n',
        ['Collaboration_hours', 'Copilot_actions'],
        { identifier: 'UniqueIdentifier' },
      );
      expect(r.personIds).toEqual(['a', 'b']);
      expect(r.identifiers).toEqual(['E1', 'E2']);
      expect(Array.from(r.weeks)).toEqual([2, 2]);
      expect(Array.from(r.means[0])).toEqual([15, 4]);
      expect(r.means[1][0]).toBeNaN();
      expect(r.means[1][1]).toBe(4);
    });

    it('reads M/D/YYYY and ISO dates as the same day, and windows by ISO date', async () => {
      const r = await run(
        HEADER +
          'a,1/4/2026,1,,E1,TRUE\n' +
          'a,2026-01-11,2,,E1,TRUE\n' +
          'a,01/18/2026,3,,E1,TRUE\n' +
          'b,2026-01-04,4,,E2,TRUE\n',
        ['Collaboration_hours'],
        { from: '2026-01-11', to: '2026-01-18' },
      );
      expect(r.dates.map((d) => d.date)).toEqual(['2026-01-04', '2026-01-11', '2026-01-18']);
      expect(r.dates[0].rows).toBe(2);
      expect(Array.from(r.weeks)).toEqual([2, 0]);
      expect(r.means[0][0]).toBe(2.5);
      expect(r.means[0][1]).toBeNaN();
      expect(r.counts.outsideWindow).toBe(2);
    });

    it('reads D/M/YYYY only when asked', async () => {
      const text = HEADER + 'a,13/1/2026,1,,E1,TRUE\n';
      expect((await run(text, ['Collaboration_hours'])).counts.badDates).toBe(1);
      const r = await run(text, ['Collaboration_hours'], { dayFirst: true });
      expect(r.dates[0].date).toBe('2026-01-13');
    });

    it('leaves out inactive weeks: 0, blank or FALSE in the chosen column', async () => {
      const text =
        HEADER +
        'a,2026-01-04,0,,E1,FALSE\n' +
        'a,2026-01-11,8,,E1,TRUE\n' +
        'a,2026-01-18,,,E1,\n' +
        'a,2026-01-25,6,,E1,TRUE\n';
      const byHours = await run(text, ['Collaboration_hours'], { inactive: 'Collaboration_hours' });
      expect(byHours.weeks[0]).toBe(2);
      expect(byHours.means[0][0]).toBe(7);
      expect(byHours.counts.inactive).toBe(2);
      const byFlag = await run(text, ['Collaboration_hours'], { inactive: 'IsActive' });
      expect(byFlag.weeks[0]).toBe(2);
    });

    it('reports repeated weeks, bad dates, blank PersonIds, text in metrics and changed identifiers', async () => {
      const r = await run(
        HEADER +
          'a,2026-01-04,1,,E1,TRUE\n' +
          'a,2026-01-04,100,,E1,TRUE\n' +
          ',2026-01-04,5,,E9,TRUE\n' +
          'b,someday,5,,E2,TRUE\n' +
          'b,2026-01-04,n/a hours,,E2,TRUE\n' +
          'b,2026-01-11,3,,E3,TRUE\n',
        ['Collaboration_hours'],
        { identifier: 'UniqueIdentifier' },
      );
      expect(r.counts).toMatchObject({
        duplicateWeeks: 1,
        badDates: 1,
        blankPersons: 1,
        notNumeric: 1,
        identifierConflicts: 1,
      });
      expect(r.means[0][0]).toBe(1);
      expect(r.means[0][1]).toBe(3);
      expect(r.identifiers).toEqual(['E1', 'E2']);
      const codes = r.issues.map((i) => i.code).sort();
      expect(codes).toEqual([
        'bad-date',
        'blank-person',
        'duplicate-week',
        'identifier-conflict',
        'not-numeric',
      ]);
      expect(r.issues.find((i) => i.code === 'duplicate-week')?.row).toBe(3);
    });

    it('reads quoted fields, CRLF, a BOM, blank lines and short rows', async () => {
      const text =
        '\uFEFFPersonId,MetricDate,Collaboration_hours,UniqueIdentifier\r\n' +
        '"a",2026-01-04,"1.5"," E1 "\r\n' +
        '\r\n' +
        'b,2026-01-04,2\r\n';
      const r = await run(text, ['Collaboration_hours'], { identifier: 'UniqueIdentifier' });
      expect(r.rows).toBe(2);
      expect(r.personIds).toEqual(['a', 'b']);
      expect(r.identifiers).toEqual(['E1', null]);
      expect(Array.from(r.means[0])).toEqual([1.5, 2]);
      expect(r.issues.map((i) => i.code)).toEqual(['ragged-row']);
    });

    it('reads semicolon files with decimal commas', async () => {
      const r = await run(
        'PersonId;MetricDate;Collaboration_hours\na;2026-01-04;1,5\na;2026-01-11;2,5\n',
        ['Collaboration_hours'],
      );
      expect(r.means[0][0]).toBe(2);
    });

    it('grows past its first capacity: 3,000 people × 70 dates', async () => {
      let text = 'PersonId,MetricDate,Collaboration_hours\n';
      for (let d = 0; d < 70; d++) {
        const day = new Date(Date.UTC(2025, 0, 5 + 7 * d)).toISOString().slice(0, 10);
        for (let p = 0; p < 3000; p++) text += `p${p},${day},${(p % 10) + d}\n`;
      }
      const r = await run(text, ['Collaboration_hours'], { chunk: 65_536 });
      expect(r.personIds).toHaveLength(3000);
      expect(r.dates).toHaveLength(70);
      expect(r.weeks.every((w) => w === 70)).toBe(true);
      expect(r.means[0][7]).toBe(7 + 34.5);
      expect(r.counts.duplicateWeeks).toBe(0);
    });

    it('merging parts reports a week repeated in two parts and numbers rows for the whole file', async () => {
      const spec = baseSpec({ identifierColumn: 2, metricColumns: [3], metricNames: ['H'] });
      const a = await aggregatePart(
        chunks(enc.encode('PersonId,MetricDate,Id,H\na,2026-01-04,E1,1\n')),
        spec,
        true,
        undefined,
        kernel,
      );
      const b = await aggregatePart(
        chunks(enc.encode('b,2026-01-04,E2,x\na,2026-01-04,E9,3\n')),
        spec,
        false,
        undefined,
        kernel,
      );
      const m = mergePartials([a.partial, b.partial], ['H']);
      expect(m.personIds).toEqual(['a', 'b']);
      expect(m.counts.duplicateWeeks).toBe(1);
      expect(m.counts.identifierConflicts).toBe(1);
      expect(m.means[0][0]).toBe(2);
      expect(m.issues.find((i) => i.code === 'not-numeric')?.row).toBe(3);
      expect(m.issues.find((i) => i.code === 'not-numeric')?.message).toMatch(/^Row 3,/);
    });

    it('grows past a block of people and widens its week bits: 9,000 people × 140 dates', async () => {
      let text = 'PersonId,MetricDate,Collaboration_hours\n';
      for (let d = 0; d < 140; d++) {
        const day = new Date(Date.UTC(2024, 0, 7 + 7 * d)).toISOString().slice(0, 10);
        // People appear over time, so the week bits widen while people already exist.
        const people = Math.min(9000, 2000 + d * 100);
        for (let p = 0; p < people; p++) text += `p${p},${day},${(p % 10) + (d % 3)}\n`;
      }
      text += 'p8999,2024-01-07,9\np100,2024-01-07,1000\n'; // a first week late; a repeated one
      const r = await run(text, ['Collaboration_hours'], { chunk: 1 << 20 });
      expect(r.personIds).toHaveLength(9000);
      expect(r.dates).toHaveLength(140);
      expect(r.weeks[0]).toBe(140);
      expect(r.weeks[8999]).toBe(70 + 1); // from week 70 on, plus 2024-01-07 at the end
      expect(r.counts.duplicateWeeks).toBe(1);
      expect(r.means[0][100]).toBeCloseTo(0 + 139 / 140, 12);
      expect(r.means[0][5]).toBeCloseTo(5 + 139 / 140, 12);
    });
  });
});

describe('person queries', () => {
  it('refuses a file that is not a person query', async () => {
    await expect(head(enc.encode('Name,Score\nA,1\n'))).rejects.toMatchObject({
      name: 'ParseError',
      message: expect.stringMatching(/not a Viva Insights person query/),
    });
  });

  it('finds the period between dates', () => {
    const d = (date: string) => ({ date, rows: 1 });
    expect(periodDays([d('2026-01-04')])).toBeNull();
    expect(periodDays([d('2026-01-01'), d('2026-01-02'), d('2026-01-03')])).toBe(1);
    expect(periodDays([d('2026-01-01'), d('2026-02-01'), d('2026-03-01')])).toBe(28);
  });
});
