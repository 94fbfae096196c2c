// The part threads, the engine's side. A large file is read as byte ranges ("parts") at once,
// each in a worker of its own: a CSV's data (csv-parts.ts, csv-part.worker.ts) and a person
// query (person-query.ts, pq-part.worker.ts). Here: how many threads, starting them, one message
// protocol (a part in; progress, the result or an error by name out), and the parts' summed
// progress. A part is either a Blob (a byte range of the file) or fed chunk by chunk (text being
// inflated from a zip, see person-query.ts). The part workers answer through part-thread.ts.
// The workers are started by the engine worker, so a cancel that terminates the engine ends
// them too.
import { errorFromName } from '../src/lib/errors';
import type { AggregateSpec } from '../src/lib/person-query/types';
import type { PartResult } from '../src/lib/person-query/read';
import type { StreamPartResult } from '../src/lib/person-query/stream-parts';
import type { CsvPartResult, CsvPartSchema } from '../src/lib/read/csv/parallel';
import type { LoadPhase, LoadProgress, SpareBuffers } from '../src/lib/read/types';

/** Most threads one file is read on. */
const MAX_THREADS = 4;

/** What each kind of part thread is asked, besides the part's bytes, and what it answers. */
export interface PartJobs {
  /** A range of a CSV's data, built into columns with the head's types (never fed). */
  csv: { ask: { schema: CsvPartSchema }; result: CsvPartResult; fed: never };
  /**
   * A range of a person query, summed per person; fed: the batches of an inflating query
   * that fall to this thread (src/lib/person-query/stream-parts.ts).
   */
  'person-query': { ask: { spec: AggregateSpec }; result: PartResult; fed: StreamPartResult };
}
export type PartKind = keyof PartJobs;
export type PartResultOf<K extends PartKind> = PartJobs[K]['result'];
export type FedResultOf<K extends PartKind> = PartJobs[K]['fed'];

/** One part to read: its bytes, and whether it starts the file (BOM, header rows). */
export type PartRequest<K extends PartKind> = { blob: Blob; first: boolean } & PartJobs[K]['ask'];

/**
 * A fed part, message by message: `start` (what to read, and whether it starts the file), then
 * `chunk`s, a `mark` at the end of each batch (`last`: the file's last batch), then `end`.
 */
export type FeedMessage<K extends PartKind> =
  | ({ feed: 'start'; first: boolean } & PartJobs[K]['ask'])
  | { feed: 'chunk'; bytes: Uint8Array }
  | { feed: 'mark'; last: boolean }
  | { feed: 'end' };

export type PartReply<K extends PartKind> =
  | { type: 'progress'; bytes: number; rows: number }
  /** A fed part took in `bytes` in all so far; `ok` false once a batch ended inside a record. */
  | { type: 'fed'; bytes: number; rows: number; ok: boolean; spare?: ArrayBuffer }
  | { type: 'done'; result: PartResultOf<K> | FedResultOf<K> }
  | { type: 'error'; name: string; message: string };

/** Bytes and rows a part has read so far. */
export type PartProgress = (bytes: number, rows: number) => void;

/**
 * Threads to read one file on: one per core less `spareCores` (kept for the page), at least 1
 * and at most 4; 1 where workers cannot be started.
 */
export function partThreads(spareCores: number): number {
  if (typeof Worker === 'undefined' || typeof navigator === 'undefined') return 1;
  const cores = navigator.hardwareConcurrency || 1;
  return Math.max(1, Math.min(cores - spareCores, MAX_THREADS));
}

/**
 * Each kind has a script of its own, so a part thread loads only its reader and its kernel
 * (about 40 KB each; one script for both would be twice that, loaded by every thread).
 */
function startThread(kind: PartKind): Worker {
  return kind === 'csv'
    ? new Worker(new URL('./csv-part.worker.ts', import.meta.url), { type: 'module' })
    : new Worker(new URL('./pq-part.worker.ts', import.meta.url), { type: 'module' });
}

/**
 * No thread read the part: none was free, or it failed to load or died. The caller reads the
 * part (or the whole file) on its own thread instead.
 */
export class NoPartThread extends Error {
  override name = 'NoPartThread';
}

/** Part threads of one kind, for one file. Close it when the file is read. */
export class PartPool<K extends PartKind> {
  readonly #started: Worker[] = [];
  readonly #free: Worker[] = [];

  /** Starts `count` threads, fewer where workers cannot be started (see `size`). */
  constructor(kind: K, count: number) {
    try {
      for (let i = 0; i < count; i++) this.#started.push(startThread(kind));
    } catch {
      // Workers cannot be started here: the parts are read another way.
    }
    this.#free.push(...this.#started);
  }

  /** Threads started. */
  get size(): number {
    return this.#started.length;
  }

  /**
   * Reads one part in a free thread. `after` says what becomes of the thread once the part is
   * read: `'reuse'` frees it for another part, `'terminate'` ends it the moment its result
   * arrives (its memory goes at once). Rejects with the part's own error, rebuilt by name, or
   * with NoPartThread.
   */
  read(
    request: PartRequest<K>,
    onProgress: PartProgress,
    after: 'reuse' | 'terminate',
  ): Promise<PartResultOf<K>> {
    const w = this.#free.pop();
    if (!w) return Promise.reject(new NoPartThread('No reading thread is free.'));
    return new Promise<PartResultOf<K>>((resolve, reject) => {
      w.onmessage = (e: MessageEvent<PartReply<K>>) => {
        const reply = e.data;
        if (reply.type === 'progress') return onProgress(reply.bytes, reply.rows);
        if (reply.type === 'fed') return;
        if (after === 'terminate') w.terminate();
        else this.#free.push(w);
        if (reply.type === 'done') resolve(reply.result as PartResultOf<K>);
        else reject(errorFromName(reply.name, reply.message));
      };
      // A thread that cannot load (or dies) is not used again.
      w.onerror = (e) => {
        e.preventDefault();
        w.onmessage = null;
        w.onerror = null;
        reject(new NoPartThread('A reading thread stopped.'));
      };
      w.postMessage(request);
    });
  }

  /**
   * Starts a part in a free thread that is fed chunk by chunk (see PartFeed). The thread is
   * terminated once its result arrives. Throws NoPartThread when no thread is free.
   */
  feed(
    ask: PartJobs[K]['ask'],
    first: boolean,
    onProgress: PartProgress,
    spares?: SpareBlocks,
  ): PartFeed<K> {
    const w = this.#free.pop();
    if (!w) throw new NoPartThread('No reading thread is free.');
    return new PartFeed<K>(w, ask, first, onProgress, spares);
  }

  /** Ends every thread: free, busy or stopped. */
  close(): void {
    for (const w of this.#started) w.terminate();
  }
}

/**
 * The engine's side of a fed part: chunks go to the thread as they come (moved, not copied,
 * when a chunk is its own buffer), and the thread says how many bytes it has taken in, so
 * `room()` can hold the feeder back while too many are on their way (memory stays bounded
 * whatever the speeds). A thread that fails, dies, or finds a batch cut inside a record ends
 * the part: `room()` and `end()` then reject, or `broken` is true.
 */
export class PartFeed<K extends PartKind> {
  #sent = 0;
  #taken = 0;
  #broken = false;
  #failed: Error | null = null;
  #wake: (() => void) | null = null;
  readonly #result: Promise<FedResultOf<K>>;

  constructor(
    private readonly worker: Worker,
    ask: PartJobs[K]['ask'],
    first: boolean,
    onProgress: PartProgress,
    private readonly spares?: SpareBlocks,
  ) {
    this.#result = new Promise<FedResultOf<K>>((resolve, reject) => {
      const fail = (e: Error): void => {
        this.#failed ??= e;
        worker.terminate();
        this.#wakeUp();
        reject(e);
      };
      worker.onmessage = (e: MessageEvent<PartReply<K>>) => {
        const reply = e.data;
        if (reply.type === 'progress') return;
        if (reply.type === 'fed') {
          if (reply.spare) this.spares?.give(reply.spare);
          this.#taken = reply.bytes;
          if (!reply.ok) this.#broken = true;
          onProgress(reply.bytes, reply.rows);
          return this.#wakeUp();
        }
        worker.terminate();
        if (reply.type === 'done') resolve(reply.result as FedResultOf<K>);
        else fail(errorFromName(reply.name, reply.message));
      };
      worker.onerror = (e) => {
        e.preventDefault();
        worker.onmessage = null;
        worker.onerror = null;
        fail(new NoPartThread('A reading thread stopped.'));
      };
    });
    this.#result.catch(() => {});
    this.#post({ feed: 'start', first, ...ask } as FeedMessage<K>);
  }

  /** A batch of this part ended inside a record: its sums are wrong. */
  get broken(): boolean {
    return this.#broken;
  }

  /** Bytes sent and not yet taken in. */
  get inFlight(): number {
    return this.#sent - this.#taken;
  }

  #wakeUp(): void {
    const wake = this.#wake;
    this.#wake = null;
    wake?.();
  }

  #post(message: FeedMessage<K>, transfer: Transferable[] = []): void {
    this.worker.postMessage(message, transfer);
  }

  /** Resolves once at most `limit` bytes are on their way; rejects if the thread failed. */
  async room(limit: number): Promise<void> {
    while (this.inFlight > limit && !this.#failed && !this.#broken) {
      await new Promise<void>((ok) => (this.#wake = ok));
    }
    if (this.#failed) throw this.#failed;
  }

  /**
   * Sends a chunk of the current batch. A chunk that is its own buffer is moved, and so is a
   * block of `spares` that holds nothing else (`shared` false); the thread moves it back.
   */
  push(bytes: Uint8Array, shared = true): void {
    this.#sent += bytes.length;
    const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
    const movable = whole || (!shared && this.spares?.owns(bytes.buffer) === true);
    const own = movable ? bytes : bytes.slice();
    this.#post({ feed: 'chunk', bytes: own }, [own.buffer]);
  }

  /** The current batch is complete (`last`: the file's last batch). */
  mark(last: boolean): void {
    this.#post({ feed: 'mark', last });
  }

  /** No more batches: the part's result. */
  end(): Promise<FedResultOf<K>> {
    this.#post({ feed: 'end' });
    return this.#result;
  }
}

/**
 * The progress of parts read at once, summed into one report at most every `everyMs`. Each part
 * counts on its own (a part read again counts again, up to the end); `baseBytes` were read
 * before the parts (a CSV's head).
 */
export class PartsProgress {
  readonly #done = new Map<object, { bytes: number; rows: number }>();
  #last = 0;

  constructor(
    private readonly totalBytes: number,
    private readonly baseBytes: number,
    private readonly everyMs: number,
    private readonly onProgress?: (p: LoadProgress) => void,
    private readonly phase: LoadPhase = 'reading',
  ) {}

  /** A listener for one more part. */
  part(): PartProgress {
    const key = {};
    return (bytes, rows) => {
      this.#done.set(key, { bytes, rows });
      const now = Date.now();
      if (!this.onProgress || now - this.#last < this.everyMs) return;
      this.#last = now;
      let b = this.baseBytes;
      let r = 0;
      for (const p of this.#done.values()) {
        b += p.bytes;
        r += p.rows;
      }
      const totalBytes = this.totalBytes;
      this.onProgress({
        phase: this.phase,
        bytesRead: Math.min(b, totalBytes),
        totalBytes,
        rows: r,
      });
    };
  }
}

/**
 * Blocks of inflated text that the part threads move back once read, used again for the next
 * blocks: a zipped GB then cycles through a few buffers instead of leaving a GB of dead buffers
 * in three threads' heaps for their collectors (measured: ≈+120 MB of peak before). A moved-back
 * buffer is a new object here, so it is recognised by its size, which no other chunk has.
 */
export class SpareBlocks implements SpareBuffers {
  readonly #own = new WeakSet<ArrayBufferLike>();
  readonly #free: ArrayBuffer[] = [];

  constructor(
    private readonly capacity: number,
    private readonly keep = 32,
  ) {}

  block(bytes: number): Uint8Array {
    if (bytes > this.capacity) return new Uint8Array(bytes);
    let buffer = this.#free.pop();
    if (!buffer) {
      buffer = new ArrayBuffer(this.capacity);
      this.#own.add(buffer);
    }
    return new Uint8Array(buffer, 0, bytes);
  }

  /** True for a buffer this pool handed out (it may be moved to a thread). */
  owns(buffer: ArrayBufferLike): boolean {
    return this.#own.has(buffer);
  }

  give(buffer: ArrayBuffer): void {
    if (buffer.byteLength !== this.capacity || this.#free.length >= this.keep) return;
    this.#own.add(buffer);
    this.#free.push(buffer);
  }
}
