// The part threads' side of part-pool.ts: a part worker script hands `servePart` its reader, and
// this answers the engine in the pool's protocol: progress, then the result (its buffers moved,
// not copied) or the error's name and message (errors cross threads by name).
import type { PartKind, PartProgress, PartReply, PartRequest, PartResultOf } from './part-pool';

export interface PartReader<K extends PartKind> {
  read(request: PartRequest<K>, onProgress: PartProgress): Promise<PartResultOf<K>>;
  /** The result's buffers, moved to the engine rather than copied. */
  transfer(result: PartResultOf<K>): ArrayBuffer[];
  /** Least time between two progress messages (0: every report the reader makes is sent). */
  progressEveryMs: number;
}

/** Answers the engine's part requests with `reader`. */
export function servePart<K extends PartKind>(reader: PartReader<K>): void {
  const scope = self as unknown as {
    onmessage: ((e: MessageEvent<PartRequest<K>>) => void) | null;
    postMessage(message: PartReply<K>, transfer?: Transferable[]): void;
  };
  scope.onmessage = (e) => {
    void answer(e.data);
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
