// How long to wait before trying again. Qualtrics' 429 may or may not carry `Retry-After`
// (reference §1.5, unconfirmed) and a browser can only read it when CORS exposes it, so the
// header is honoured when readable (seconds or an HTTP date) and exponential backoff with jitter
// is used otherwise. Jitter keeps several tabs or workers from retrying in lock-step.

/** Backoff settings; all in milliseconds. */
export interface BackoffOptions {
  /** First delay (default 1000). */
  baseMs: number;
  /** Largest delay (default 30 000). */
  maxMs: number;
}

export const defaultBackoffOptions: BackoffOptions = { baseMs: 1000, maxMs: 30_000 };

/**
 * The delay before retry number `attempt` (0-based): base·2^attempt capped at max, then
 * "equal jitter": half fixed, half random, so it never drops near zero.
 * @param random a number in [0, 1), injected for tests (Math.random in the app)
 */
export function backoffDelay(
  attempt: number,
  random: () => number,
  options: BackoffOptions = defaultBackoffOptions,
): number {
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** attempt);
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

/**
 * Reads a `Retry-After` header: delta seconds ("120") or an HTTP date, as milliseconds from
 * `now`. Null when absent or unreadable; a date in the past gives 0.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | null {
  if (value == null) return null;
  const text = value.trim();
  if (text === '') return null;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // HTTP dates always name the weekday or month; Date.parse alone accepts too much ("1").
  if (!/[A-Za-z]{3}/.test(text)) return null;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now);
}
