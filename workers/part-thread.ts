// The part threads' side of part-pool.ts: a part worker script hands `servePart` its reader, and
// this answers the engine in the pool's protocol: progress, then the result (its buffers moved,
// not copied) or the error's name and message (errors cross threads by name). A reader that can
// also be fed chunk by chunk (`feed`) takes the FeedMessages of an inflating zip.
import type {
  FedResultOf,
  FeedMessage,
  PartJobs,
  PartKind,
  PartProgress,
  PartReply,
  PartRequest,
  PartResultOf,
} from './part-pool';

/** A part fed chunk by chunk, on the thread's side. */
export interface FedPart<K extends PartKind> {
  push(bytes: Uint8Array): void;
  /** Ends a batch; false once a batch ended inside a record. */
  mark(last: boolean): boolean;
  end(): FedResultOf<K>;
  readonly rows: number;
  readonly bytes: number;
}

export interface PartReader<K extends PartKind> {
  read(request: PartRequest<K>, onProgress: PartProgress): Promise<PartResultOf<K>>;
  /** The result's buffers, moved to the engine rather than copied. */
  transfer(result: PartResultOf<K>): ArrayBuffer[];
  /** Least time between two progress messages (0: every report the reader makes is sent). */
  progressEveryMs: number;
  /** Starts a fed part (kinds that can be fed). */
  feed?(ask: PartJobs[K]['ask'], first: boolean): FedPart<K>;
  /** A fed part's result's buffers. */
  transferFed?(result: FedResultOf<K>): ArrayBuffer[];
}

type Incoming<K extends PartKind> = PartRequest<K> | FeedMessage<K>;

/** Answers the engine's part requests with `reader`. */
export function servePart<K extends PartKind>(reader: PartReader<K>): void {
  const scope = self as unknown as {
    onmessage: ((e: MessageEvent<Incoming<K>>) => void) | null;
    postMessage(message: PartReply<K>, transfer?: Transferable[]): void;
  };
  let fed: FedPart<K> | null = null;
  let ok = true;
  scope.onmessage = (e) => {
    const m = e.data;
    if (!('feed' in m)) return void answer(m);
    try {
      if (m.feed === 'start') {
        const { feed: _feed, first, ...ask } = m;
        fed = reader.feed!(ask as unknown as PartJobs[K]['ask'], first);
      } else if (m.feed === 'chunk') {
        fed!.push(m.bytes);
        // The chunk is read once push returns: its buffer goes back to be filled again.
        const spare = m.bytes.buffer as ArrayBuffer;
        scope.postMessage({ type: 'fed', bytes: fed!.bytes, rows: fed!.rows, ok, spare }, [spare]);
      } else if (m.feed === 'mark') {
        ok = fed!.mark(m.last) && ok;
        if (!ok) scope.postMessage({ type: 'fed', bytes: fed!.bytes, rows: fed!.rows, ok });
      } else {
        const result = fed!.end();
        scope.postMessage({ type: 'done', result }, reader.transferFed?.(result) ?? []);
      }
    } catch (err) {
      const { name, message } = err instanceof Error ? err : new Error(String(err));
      scope.postMessage({ type: 'error', name, message });
    }
  };

  async function answer(request: PartRequest<K>): Promise<void> {
    try {
      let last = 0;
      const result = await reader.read(request, (bytes, rows) => {
        const now = Date.now();
        if (now - last < reader.progressEveryMs) return;
        last = now;
        scope.postMessage({ type: 'progress', bytes, rows });
      });
      scope.postMessage({ type: 'done', result }, reader.transfer(result));
    } catch (e) {
      const { name, message } = e instanceof Error ? e : new Error(String(e));
      scope.postMessage({ type: 'error', name, message });
    }
  }
}
