// Qualtrics limits a brand to 3,000 calls a minute and some endpoints to less (reference §1.5,
// §3.1): export start 100/min, export progress 1000/min, export file 100/min, single response
// 240/min, distribution history 300/min, distribution links 500/min. Staying under the limits
// on our side costs a short wait; going over costs a 429 and a longer one. A sliding 60-second
// window matches "per minute" exactly (a token bucket would let twice the limit through in a
// window). The numbers are third-party and may change, so they are configurable.
import { throwIfAborted } from './abort';
import type { SignalLike, SleepFn } from './fetch-types';

/** The endpoints with a limit of their own; every call also counts against `brand`. */
export type LimitKey =
  | 'brand'
  | 'export-start'
  | 'export-progress'
  | 'export-file'
  | 'single-response'
  | 'distribution-history'
  | 'distribution-links';

/** Calls allowed per window, per key. */
export type RateLimits = Record<LimitKey, number>;

export const DEFAULT_RATE_LIMITS: RateLimits = {
  brand: 3000,
  'export-start': 100,
  'export-progress': 1000,
  'export-file': 100,
  'single-response': 240,
  'distribution-history': 300,
  'distribution-links': 500,
};

export interface RateLimiterOptions {
  limits: RateLimits;
  /** Window length (default 60 000 ms). */
  windowMs: number;
  now: () => number;
  sleep: SleepFn;
  /** Called before the limiter makes a call wait, so the UI can say so. */
  onWait?: (ms: number, key: LimitKey) => void;
}

/** A sliding-window limiter shared by all calls of one connection (one brand). */
export class RateLimiter {
  readonly #options: RateLimiterOptions;
  /** Start times of the calls in the current window, oldest first, per key. */
  readonly #calls = new Map<LimitKey, number[]>();

  constructor(options: Partial<RateLimiterOptions> & Pick<RateLimiterOptions, 'now' | 'sleep'>) {
    this.#options = {
      windowMs: 60_000,
      ...options,
      limits: { ...DEFAULT_RATE_LIMITS, ...options.limits },
    };
  }

  /** Milliseconds until one more call under these keys fits (0 when it fits now). */
  delayFor(keys: readonly LimitKey[]): number {
    const now = this.#options.now();
    let wait = 0;
    for (const key of keys) {
      const calls = this.#prune(key, now);
      const limit = this.#options.limits[key];
      if (calls.length >= limit) {
        // The call that must leave the window before one more fits.
        const leaving = calls[calls.length - limit];
        wait = Math.max(wait, leaving + this.#options.windowMs - now);
      }
    }
    return wait;
  }

  /** Waits until a call fits under the brand limit and `key`, then records it. */
  async acquire(key: LimitKey | undefined, signal?: SignalLike): Promise<void> {
    const keys: LimitKey[] = key && key !== 'brand' ? ['brand', key] : ['brand'];
    for (;;) {
      throwIfAborted(signal);
      const wait = this.delayFor(keys);
      if (wait <= 0) break;
      this.#options.onWait?.(wait, keys.length > 1 && this.#full(keys[1]) ? keys[1] : 'brand');
      await this.#options.sleep(wait, signal);
    }
    const now = this.#options.now();
    for (const k of keys) this.#prune(k, now).push(now);
  }

  #full(key: LimitKey): boolean {
    return (this.#calls.get(key)?.length ?? 0) >= this.#options.limits[key];
  }

  #prune(key: LimitKey, now: number): number[] {
    let calls = this.#calls.get(key);
    if (!calls) this.#calls.set(key, (calls = []));
    let drop = 0;
    while (drop < calls.length && calls[drop] <= now - this.#options.windowMs) drop++;
    if (drop > 0) calls.splice(0, drop);
    return calls;
  }
}
