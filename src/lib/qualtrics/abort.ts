// Cancellation for every wait and request of the Qualtrics client: an aborted signal must stop a
// 429 wait, an export poll or a retry at once, and always as the app's AbortError (which the UI
// ignores), never as a "blocked by the browser" or a timeout.
import { AbortError } from '../errors';
import type { SignalLike, SleepFn } from './fetch-types';

/** Throws the app's AbortError when the signal has aborted. */
export function throwIfAborted(signal: SignalLike | undefined): void {
  if (signal?.aborted) throw new AbortError('Cancelled.');
}

/** True for an abort in any of its spellings (ours, DOMException, Node's). */
export function isAbortLike(err: unknown): boolean {
  return err instanceof Error && (err.name === 'AbortError' || err.name === 'TimeoutError');
}

type TimerHost = {
  setTimeout?: (fn: () => void, ms: number) => unknown;
  clearTimeout?: (id: unknown) => void;
};

/**
 * The default sleep, on the host's timers (found on globalThis because src/lib has no DOM or
 * Node types). Rejects with AbortError when the signal aborts, and clears its timer.
 */
export const defaultSleep: SleepFn = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    const host = globalThis as TimerHost;
    if (signal?.aborted) return reject(new AbortError('Cancelled.'));
    const onAbort = () => {
      host.clearTimeout?.(id);
      reject(new AbortError('Cancelled.'));
    };
    const id = host.setTimeout!(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
