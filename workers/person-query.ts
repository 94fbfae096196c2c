// Person queries for the "Viva metrics to Qualtrics" recipe: adapters over src/lib/person-query
// and src/lib/recipe/viva-to-qualtrics. A query is kept as its Blob (a handle to the file, not
// its bytes) and streamed again whenever the averages must be recomputed, so a 1 GB query never
// sits in memory; only the per-person means of the last run are kept.
import { NotFoundError, ParseError } from '../src/lib/errors';
import type { Issue } from '../src/lib/issues';
import { mergePartials } from '../src/lib/person-query/aggregate';
import {
  aggregatePersonQuery,
  readPersonQueryHead,
  type PartResult,
  type PersonQueryHead,
} from '../src/lib/person-query/read';
import type { AggregateSpec, DateCount, PersonMeans } from '../src/lib/person-query/types';
import { cutRanges } from '../src/lib/read/csv/parallel';
import { personQueryKernel } from './kernels';
import { blobSource } from './open-file';
import type { PqPartReply, PqPartRequest } from './pq-part.worker';
import type { VivaToQualtricsRecipe } from '../src/lib/recipe/types';
import {
  aggregateSpecFor,
  newMetricChoice,
  newVivaRecipe,
  resolveWindow,
  runVivaToQualtrics,
  type DirectoryData,
  type ResolvedWindow,
  type VivaOutput,
} from '../src/lib/recipe/viva-to-qualtrics';
import { sniffFileKind } from '../src/lib/read/sniff-kind';
import { sourceChunks } from '../src/lib/read/source-chunks';
import type { LoadProgress } from '../src/lib/read/types';
import { listZip, zipEntryChunks } from '../src/lib/read/zip';
import type { ZipEntry } from '../src/lib/read/zip-bytes';
import { toCsv } from '../src/lib/write/csv';
import { toXlsx } from '../src/lib/write/xlsx';

/** A person query the page opened: where its bytes are, and what its head says. */
export interface PersonQuery {
  blob: Blob;
  name: string;
  /** The CSV inside a zip, when the query came zipped (as Viva downloads it). */
  entry: ZipEntry | null;
  head: PersonQueryHead;
  /** MetricDates, once a run has seen them. */
  dates: DateCount[] | null;
  /** The last run's means and the inputs they came from. */
  last: { key: string; means: PersonMeans; window: ResolvedWindow } | null;
}

/** What a run of the averages found, for the screen. */
export interface AggregateSummary {
  rows: number;
  people: number;
  dates: DateCount[];
  periodDays: number | null;
  window: ResolvedWindow;
  engine: PersonMeans['engine'];
  counts: PersonMeans['counts'];
  /** People per number of counted weeks: weeksHistogram[w] people have w weeks. */
  weeksHistogram: number[];
  issues: Issue[];
}

const TEXT_ENTRY = /\.(csv|tsv|txt)$/i;

function chunksOf(q: Pick<PersonQuery, 'blob' | 'entry'>): AsyncIterable<Uint8Array> {
  const source = blobSource(q.blob);
  return q.entry ? zipEntryChunks(source, q.entry, {}) : sourceChunks(source);
}

function textBytes(q: Pick<PersonQuery, 'blob' | 'entry'>): number {
  return q.entry ? q.entry.uncompressedSize : q.blob.size;
}

/** Opens a person query (CSV, or a zip holding one CSV) and reads its head. */
export async function openPersonQuery(blob: Blob, name: string): Promise<PersonQuery> {
  const source = blobSource(blob);
  const start = await source.read(0, 64 * 1024);
  const sniff = sniffFileKind(start, name);
  let entry: ZipEntry | null = null;
  if (sniff.kind === 'empty') {
    throw new ParseError('This file is empty. Choose the person query Viva Insights downloaded.');
  }
  if (sniff.kind === 'binary') throw new ParseError(sniff.message);
  if (sniff.kind === 'cfb') {
    throw new ParseError(
      'This is an Excel workbook. Viva Insights downloads person queries as CSV (in a zip): open that file, or save the sheet as CSV UTF-8.',
    );
  }
  if (sniff.kind === 'zip') {
    const texts = (await listZip(source)).filter(
      (e) => TEXT_ENTRY.test(e.name) && !e.name.startsWith('__MACOSX/'),
    );
    if (texts.length !== 1) {
      throw new ParseError(
        texts.length === 0
          ? 'This zip holds no CSV file. Open the zip Viva Insights downloads from Query results (it holds one CSV).'
          : `This zip holds ${texts.length} data files; unzip it and open the person query's CSV.`,
      );
    }
    entry = texts[0];
  }
  const q = { blob, entry };
  const fullName = entry ? `${name} › ${entry.name}` : name;
  const head = await readPersonQueryHead(chunksOf(q), { name: fullName, totalBytes: textBytes(q) });
  return { blob, name: fullName, entry, head, dates: null, last: null };
}

/** The inputs that decide the averages (not the bins): a change means a new pass over the file. */
function aggregateKey(recipe: VivaToQualtricsRecipe, window: ResolvedWindow): string {
  return JSON.stringify([
    recipe.metrics.map((m) => m.column.toLowerCase()),
    recipe.identifier,
    recipe.inactiveColumn,
    recipe.dayFirst,
    window.from,
    window.to,
  ]);
}

export type ProgressListener = (p: LoadProgress) => void;

/** Queries at least this big are read on several threads, when there are several cores. */
export const PARALLEL_MIN_BYTES = 32 * 1024 * 1024;
const MAX_THREADS = 4;
const PROGRESS_MS = 100;

/**
 * Threads for a pass over a query: every core (the page only shows a progress bar meanwhile,
 * so unlike a table load nothing on it competes), at most 4; 1 where workers cannot start.
 */
export function queryThreads(): number {
  if (typeof Worker === 'undefined' || typeof navigator === 'undefined') return 1;
  return Math.max(1, Math.min(navigator.hardwareConcurrency || 1, MAX_THREADS));
}

/**
 * Reads a large uncompressed UTF-8 query in parts, one per thread: the data is cut just after
 * line feeds, each part is aggregated on its own, and the sums are merged (aggregate.ts). Null
 * when the file must be read in one piece (zipped, small, another encoding, one core, or a cut
 * that fell inside a quoted field).
 */
async function aggregateInParts(
  q: PersonQuery,
  spec: AggregateSpec,
  onProgress?: ProgressListener,
): Promise<PersonMeans | null> {
  const threads = queryThreads();
  const utf8 = q.head.encoding === 'utf-8' || q.head.encoding === 'utf-8-bom';
  const sepLine = q.head.notes.some((n) => n.startsWith('The first line "sep='));
  if (q.entry || threads < 2 || q.blob.size < PARALLEL_MIN_BYTES || !utf8 || sepLine) return null;
  const workers: Worker[] = [];
  try {
    // Every part runs in a thread of its own, this one included: a part's memory (its
    // kernel's, tens of MB) goes the moment its sums arrive, not whenever this thread collects.
    for (let i = 0; i < threads; i++) {
      workers.push(new Worker(new URL('./pq-part.worker.ts', import.meta.url), { type: 'module' }));
    }
  } catch {
    // Workers cannot be started here: read in one piece.
  }
  try {
    if (workers.length < 2) return null;
    const cuts = await cutRanges(
      blobSource(q.blob),
      0,
      workers.map(() => 1),
    );
    if (cuts.length < 3) return null;
    const totalBytes = q.blob.size;
    const done: { bytes: number; rows: number }[] = cuts
      .slice(1)
      .map(() => ({ bytes: 0, rows: 0 }));
    let last = 0;
    const progress = (part: number, bytes: number, rows: number) => {
      done[part] = { bytes, rows };
      const now = Date.now();
      if (!onProgress || now - last < PROGRESS_MS) return;
      last = now;
      const b = done.reduce((s, d) => s + d.bytes, 0);
      const r = done.reduce((s, d) => s + d.rows, 0);
      onProgress({ phase: 'reading', bytesRead: Math.min(b, totalBytes), totalBytes, rows: r });
    };
    const parts = await Promise.all(
      cuts.slice(0, -1).map((start, k): Promise<PartResult> => {
        const blob = q.blob.slice(start, cuts[k + 1]);
        const w = workers[k];
        return new Promise<PartResult>((resolve, reject) => {
          w.onmessage = (e: MessageEvent<PqPartReply>) => {
            const reply = e.data;
            if (reply.type === 'progress') progress(k, reply.bytes, reply.rows);
            else if (reply.type === 'done') {
              w.terminate();
              resolve(reply.result);
            } else reject(Object.assign(new Error(reply.message), { name: reply.name }));
          };
          w.onerror = (e) => {
            e.preventDefault();
            reject(new Error('A reading thread stopped.'));
          };
          const request: PqPartRequest = { blob, spec, first: k === 0 };
          w.postMessage(request);
        });
      }),
    );
    // A cut inside a quoted field (a line break inside quotes): read the file in one piece.
    if (parts.slice(0, -1).some((p) => p.openQuote)) return null;
    return mergePartials(
      parts.map((p) => p.partial),
      spec.metricNames,
    );
  } catch (e) {
    if (e instanceof Error && e.message === 'A reading thread stopped.') return null;
    throw e;
  } finally {
    for (const w of workers) w.terminate();
  }
}

/** Streams the query to per-person means for the recipe (reusing the last run when it fits). */
export async function aggregateFor(
  q: PersonQuery,
  recipe: VivaToQualtricsRecipe,
  onProgress?: ProgressListener,
): Promise<{ means: PersonMeans; window: ResolvedWindow }> {
  const totalBytes = textBytes(q);
  const run = async (window: ResolvedWindow) => {
    const key = aggregateKey(recipe, window);
    if (q.last?.key === key) return q.last;
    const spec = aggregateSpecFor(recipe, q.head, window);
    const means =
      (await aggregateInParts(q, spec, onProgress)) ??
      (await aggregatePersonQuery(
        chunksOf(q),
        spec,
        { name: q.name, totalBytes, delimiter: q.head.delimiter as ',' },
        {
          kernel: personQueryKernel(),
          onProgress: (bytesRead, rows) =>
            onProgress?.({
              phase: q.entry ? 'inflating' : 'reading',
              bytesRead: q.entry
                ? Math.round((bytesRead / Math.max(1, q.blob.size)) * totalBytes)
                : bytesRead,
              totalBytes,
              rows,
            }),
        },
      ));
    q.dates = means.dates;
    q.last = { key, means, window };
    return q.last;
  };
  // "The last N weeks" needs the file's latest date: the first pass over all weeks finds it.
  if (recipe.window.kind === 'last' && recipe.window.through === null && q.dates === null) {
    await run(resolveWindow({ kind: 'all' }, []));
  }
  const window = resolveWindow(recipe.window, q.dates ?? []);
  const r = await run(window);
  return { means: r.means, window: resolveWindow(recipe.window, r.means.dates) };
}

export function summarize(means: PersonMeans, window: ResolvedWindow): AggregateSummary {
  let top = 0;
  for (const w of means.weeks) if (w > top) top = w;
  const weeksHistogram = new Array<number>(top + 1).fill(0);
  for (const w of means.weeks) weeksHistogram[w]++;
  return {
    rows: means.rows,
    people: means.personIds.length,
    dates: means.dates,
    periodDays: means.periodDays,
    window,
    engine: means.engine,
    counts: means.counts,
    weeksHistogram,
    issues: means.issues,
  };
}

/** The participant file's bytes: CSV (UTF-8, no BOM, CRLF) or xlsx, as the recipe says. */
export async function participantFile(
  out: VivaOutput,
  format: 'csv' | 'xlsx',
): Promise<Uint8Array<ArrayBuffer>> {
  const rows = [out.header, ...out.rows];
  if (format === 'xlsx') return toXlsx(rows, { numericColumns: out.numericColumns });
  return new TextEncoder().encode(toCsv(rows)) as Uint8Array<ArrayBuffer>;
}

/** The recipe's output from a query and an optional directory. */
export async function runFor(
  q: PersonQuery,
  recipe: VivaToQualtricsRecipe,
  directory: DirectoryData | null,
  rowLimit: number | undefined,
  onProgress?: ProgressListener,
): Promise<{ summary: AggregateSummary; output: VivaOutput }> {
  const { means, window } = await aggregateFor(q, recipe, onProgress);
  const output = runVivaToQualtrics(recipe, means, directory, { rowLimit });
  return { summary: summarize(means, window), output };
}

/**
 * The whole recipe with its defaults on one file, for the benchmark: every metric column,
 * averaged over all weeks, in quartiles, written as the participant CSV.
 */
export async function runPersonQueryRecipe(
  blob: Blob,
  name: string,
  onProgress?: (bytesRead: number) => void,
): Promise<{
  rows: number;
  people: number;
  outputBytes: number;
  engine: PersonMeans['engine'];
  /** Milliseconds per phase: open (head), aggregate, recipe (bins), file (CSV written). */
  phases: { open: number; aggregate: number; recipe: number; file: number };
}> {
  let t = performance.now();
  const lap = () => {
    const now = performance.now();
    const ms = Math.round(now - t);
    t = now;
    return ms;
  };
  const q = await openPersonQuery(blob, name);
  const open = lap();
  const recipe = newVivaRecipe(q.head, { id: 'bench', now: new Date(0).toISOString() });
  recipe.metrics = q.head.columns
    .filter((c) => c.vivaRole === 'metric')
    .map((c) => newMetricChoice(c.header));
  const { means, window } = await aggregateFor(q, recipe, (p) => onProgress?.(p.bytesRead));
  const aggregate = lap();
  const output = runVivaToQualtrics(recipe, means, null, {});
  const summary = summarize(means, window);
  const bins = lap();
  const bytes = await participantFile(output, 'csv');
  return {
    rows: summary.rows,
    people: summary.people,
    outputBytes: bytes.length,
    engine: means.engine,
    phases: { open, aggregate, recipe: bins, file: lap() },
  };
}

export function missing(): never {
  throw new NotFoundError('This person query is no longer open. Load the file again.');
}
