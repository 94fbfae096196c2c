// Person queries for the "Viva metrics to Qualtrics" recipe: the handles, threads and streams
// around src/lib/recipe/viva-run.ts (plan a pass → aggregate here → finish). A query is kept as
// its Blob (a handle to the file, not its bytes) and streamed again whenever the averages must
// be recomputed, so a 1 GB query never sits in memory; only the means of the last pass are kept.
import { NotFoundError, ParseError } from '../src/lib/errors';
import { mergePartials } from '../src/lib/person-query/aggregate';
import {
  aggregatePersonQuery,
  readPersonQueryHead,
  type PersonQueryHead,
} from '../src/lib/person-query/read';
import { RangeCutter } from '../src/lib/person-query/stream-parts';
import type { DateCount, PersonMeans } from '../src/lib/person-query/types';
import { cutRanges } from '../src/lib/read/csv/parallel';
import { sniffFileKind } from '../src/lib/read/sniff-kind';
import { sourceChunks } from '../src/lib/read/source-chunks';
import type { LoadProgress } from '../src/lib/read/types';
import { listZip, zipEntryChunks } from '../src/lib/read/zip';
import { BATCH_BYTES } from '../src/lib/read/zip-inflate';
import type { ZipEntry } from '../src/lib/read/zip-bytes';
import { pickCsvEntry } from '../src/lib/read/zip-entry';
import type { VivaToQualtricsRecipe } from '../src/lib/recipe/types';
import {
  finishVivaRun,
  planVivaPass,
  type VivaPass,
  type VivaRun,
} from '../src/lib/recipe/viva-run';
import type { DirectoryData } from '../src/lib/recipe/viva-to-qualtrics';
import { blobSource } from './blob-chunks';
import { personQueryKernel } from './kernels';
import type { PartFeed } from './part-pool';
import { NoPartThread, PartPool, PartsProgress, partThreads, SpareBlocks } from './part-pool';

// Kept for the callers that take them from here (the engine client, the flow's tests).

/** A person query the page opened: where its bytes are, and what its head says. */
export interface PersonQuery {
  blob: Blob;
  name: string;
  /** The CSV inside a zip, when the query came zipped (as Viva downloads it). */
  entry: ZipEntry | null;
  head: PersonQueryHead;
  /** MetricDates, once a pass has seen them. */
  dates: DateCount[] | null;
  /** The last pass's means and its key (VivaPass.key). */
  last: { key: string; means: PersonMeans } | null;
}

export type ProgressListener = (p: LoadProgress) => void;

/** Queries at least this big are read on several threads, when there are several cores. */
const QUERY_PARTS_MIN_BYTES = 32 * 1024 * 1024;
/** Least time between two progress reports of a pass in parts. */
const PROGRESS_MS = 100;
/** Most inflated bytes on their way to one thread: the inflater waits beyond this. */
const ZIP_IN_FLIGHT_BYTES = 8 * 1024 * 1024;

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
    entry = pickCsvEntry(await listZip(source), {
      none: 'This zip holds no CSV file. Open the zip Viva Insights downloads from Query results (it holds one CSV).',
      many: (texts) =>
        `This zip holds ${texts.length} data files; unzip it and open the person query's CSV.`,
    });
  }
  const q = { blob, entry };
  const fullName = entry ? `${name} › ${entry.name}` : name;
  const head = await readPersonQueryHead(chunksOf(q), { name: fullName, totalBytes: textBytes(q) });
  return { blob, name: fullName, entry, head, dates: null, last: null };
}

/**
 * Threads for a pass over a query: every core (the page only shows a progress bar meanwhile,
 * so unlike a table load nothing on it competes), at most 4; 1 where workers cannot start.
 */
function queryThreads(): number {
  return partThreads(0);
}

/**
 * Reads a large uncompressed UTF-8 query in parts, one per thread: the data is cut just after
 * line feeds, each part is aggregated on its own, and the sums are merged (aggregate.ts). Null
 * when the file must be read in one piece (zipped, small, another encoding, one core, or a cut
 * that fell inside a quoted field).
 */
async function aggregateInParts(
  q: PersonQuery,
  pass: VivaPass,
  onProgress?: ProgressListener,
): Promise<PersonMeans | null> {
  const threads = queryThreads();
  const utf8 = q.head.encoding === 'utf-8' || q.head.encoding === 'utf-8-bom';
  const sepLine = q.head.notes.some((n) => n.startsWith('The first line "sep='));
  if (q.entry || threads < 2 || q.blob.size < QUERY_PARTS_MIN_BYTES || !utf8 || sepLine) {
    return null;
  }
  // Every part runs in a thread of its own, this one included: a part's memory (its
  // kernel's, tens of MB) goes the moment its sums arrive, not whenever this thread collects.
  const pool = new PartPool('person-query', threads);
  try {
    // Workers cannot be started here: read in one piece.
    if (pool.size < 2) return null;
    const weights = Array.from({ length: pool.size }, () => 1);
    const cuts = await cutRanges(blobSource(q.blob), 0, weights);
    if (cuts.length < 3) return null;
    const progress = new PartsProgress(q.blob.size, 0, PROGRESS_MS, onProgress);
    const parts = await Promise.all(
      cuts.slice(0, -1).map((start, k) => {
        const request = { blob: q.blob.slice(start, cuts[k + 1]), spec: pass.spec, first: k === 0 };
        return pool.read(request, progress.part(), 'terminate');
      }),
    );
    // A cut inside a quoted field (a line break inside quotes): read the file in one piece.
    if (parts.slice(0, -1).some((p) => p.openQuote)) return null;
    return mergePartials(
      parts.map((p) => p.partial),
      pass.spec.metricNames,
    );
  } catch (e) {
    // A thread that cannot load (or dies): read in one piece.
    if (e instanceof NoPartThread) return null;
    throw e;
  } finally {
    pool.close();
  }
}

/** A batch ended inside a quoted field: the zipped query is read in one piece instead. */
class CutInsideRecord extends Error {}

/**
 * Reads a large zipped UTF-8 query on the part threads while it is inflated: this thread
 * inflates (zip.ts: the browser's own inflater where it has one) and cuts the text into the
 * ranges aggregateInParts cuts the same CSV into (stream-parts.ts); each range is fed to its
 * thread as it comes out, and the sums are merged as there, so the result is the unzipped
 * read's to the last bit. Inflating is the slow step (one stream, one thread), so the thread
 * of the range being inflated keeps up with it; the engine waits only when a thread falls
 * more than ZIP_IN_FLIGHT_BYTES behind. Null when the query must be read in one piece (small,
 * another encoding, one core, a thread that cannot load, or a line feed inside quotes at a cut).
 */
async function aggregateZipInParts(
  q: PersonQuery,
  entry: ZipEntry,
  pass: VivaPass,
  onProgress?: ProgressListener,
): Promise<PersonMeans | null> {
  const threads = queryThreads();
  const utf8 = q.head.encoding === 'utf-8' || q.head.encoding === 'utf-8-bom';
  const sepLine = q.head.notes.some((n) => n.startsWith('The first line "sep='));
  if (threads < 2 || entry.uncompressedSize < QUERY_PARTS_MIN_BYTES || !utf8 || sepLine) {
    return null;
  }
  const pool = new PartPool('person-query', threads);
  try {
    if (pool.size < 2) return null;
    const progress = new PartsProgress(
      entry.uncompressedSize,
      0,
      PROGRESS_MS,
      onProgress,
      'inflating',
    );
    // Room for a batch and the inflater's largest output chunk (64 KiB) past it.
    const spares = new SpareBlocks(BATCH_BYTES + 256 * 1024);
    const feeds: PartFeed<'person-query'>[] = [];
    for (let t = 0; t < pool.size; t++) {
      feeds.push(pool.feed({ spec: pass.spec }, t === 0, progress.part(), spares));
    }
    const weights = feeds.map(() => 1);
    const cutter = new RangeCutter(
      entry.uncompressedSize,
      weights,
      async (chunk, k, shared) => {
        const feed = feeds[k];
        await feed.room(ZIP_IN_FLIGHT_BYTES);
        if (feed.broken) throw new CutInsideRecord();
        feed.push(chunk, shared);
      },
      (k, last) => feeds[k].mark(last),
    );
    for await (const chunk of zipEntryChunks(blobSource(q.blob), entry, { spares })) {
      await cutter.push(chunk);
    }
    await cutter.end();
    // As aggregateInParts: fewer than two parts (no line feed near a cut) read in one piece.
    if (cutter.parts < 2) return null;
    const results = await Promise.all(feeds.slice(0, cutter.parts).map((f) => f.end()));
    if (results.some((r) => r.broken)) return null;
    return mergePartials(
      results.map((r) => r.partial),
      pass.spec.metricNames,
    );
  } catch (e) {
    // A thread that cannot load (or dies), or a cut inside quotes: read in one piece.
    if (e instanceof NoPartThread || e instanceof CutInsideRecord) return null;
    throw e;
  } finally {
    pool.close();
  }
}

/** One pass over the query (or the last pass's means, when its key is the same). */
async function aggregate(
  q: PersonQuery,
  pass: VivaPass,
  onProgress?: ProgressListener,
): Promise<PersonMeans> {
  if (q.last?.key === pass.key) return q.last.means;
  const totalBytes = textBytes(q);
  const means =
    (q.entry
      ? await aggregateZipInParts(q, q.entry, pass, onProgress)
      : await aggregateInParts(q, pass, onProgress)) ??
    (await aggregatePersonQuery(
      chunksOf(q),
      pass.spec,
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
  q.last = { key: pass.key, means };
  return means;
}

/** Streams the query to per-person means for the recipe: the passes planVivaPass asks for. */
export async function aggregateFor(
  q: PersonQuery,
  recipe: VivaToQualtricsRecipe,
  onProgress?: ProgressListener,
): Promise<PersonMeans> {
  let pass = planVivaPass(recipe, q.head, q.dates);
  if (pass.findsDates) {
    await aggregate(q, pass, onProgress);
    pass = planVivaPass(recipe, q.head, q.dates);
  }
  return aggregate(q, pass, onProgress);
}

/** The recipe's run on a query and an optional directory: plan, aggregate, finish. */
export async function runFor(
  q: PersonQuery,
  recipe: VivaToQualtricsRecipe,
  directory: DirectoryData | null,
  rowLimit: number | undefined,
  onProgress?: ProgressListener,
): Promise<VivaRun> {
  const means = await aggregateFor(q, recipe, onProgress);
  return finishVivaRun(recipe, means, directory, { rowLimit });
}

export function missing(): never {
  throw new NotFoundError('This person query is no longer open. Load the file again.');
}
