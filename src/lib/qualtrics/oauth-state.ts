// The `state` and PKCE verifier of an authorization in flight, kept in the tab's session storage
// (injected, so tests use a Map) between leaving for Qualtrics and coming back. The redirect is
// refused when its state is missing (not our flow), unknown (forged or from another tab), already
// used (a replayed URL) or too old; the entry is removed as soon as it is checked, so the
// verifier never outlives its one use.
import { AuthorizationError } from '../errors';

/** The part of sessionStorage used here. */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** One authorization in flight. */
export interface PendingAuthorization {
  state: string;
  verifier: string;
  /** Milliseconds since the epoch. */
  createdAt: number;
  /** The connection being authorized, so the app knows what to finish. */
  connectionId: string;
  /** Must be sent again, identical, with the code. */
  redirectUri: string;
}

/** Storage keys. Persisted in session storage: DO NOT CHANGE without handling old entries. */
export const PENDING_KEY = 'xo-bridge.oauth.pending';
export const USED_KEY = 'xo-bridge.oauth.used';
/** How long a user may take on Qualtrics' pages (default 15 minutes). */
export const DEFAULT_STATE_MAX_AGE_MS = 15 * 60_000;
const USED_KEEP = 20;

function readJson<T>(store: StorageLike, key: string, fallback: T): T {
  try {
    const v = store.getItem(key);
    return v == null ? fallback : (JSON.parse(v) as T);
  } catch {
    return fallback;
  }
}

function readPending(store: StorageLike): Record<string, PendingAuthorization> {
  const all = readJson<unknown>(store, PENDING_KEY, {});
  return typeof all === 'object' && all !== null && !Array.isArray(all)
    ? (all as Record<string, PendingAuthorization>)
    : {};
}

function writePending(store: StorageLike, all: Record<string, PendingAuthorization>): void {
  if (Object.keys(all).length === 0) store.removeItem(PENDING_KEY);
  else store.setItem(PENDING_KEY, JSON.stringify(all));
}

/** Remembers a new authorization; entries older than maxAge are dropped on the way. */
export function savePending(
  store: StorageLike,
  pending: PendingAuthorization,
  now: number,
  maxAgeMs = DEFAULT_STATE_MAX_AGE_MS,
): void {
  const all = readPending(store);
  for (const [k, p] of Object.entries(all)) if (!(now - p.createdAt <= maxAgeMs)) delete all[k];
  all[pending.state] = pending;
  writePending(store, all);
}

/**
 * Checks the `state` of a redirect and hands back its pending authorization, removing it.
 * Throws AuthorizationError for a missing, unknown, reused or stale state.
 */
export function takePending(
  store: StorageLike,
  state: string | null | undefined,
  now: number,
  maxAgeMs = DEFAULT_STATE_MAX_AGE_MS,
): PendingAuthorization {
  const again = ' Start the connection again from the Connections page.';
  if (!state) {
    throw new AuthorizationError(
      'The answer from Qualtrics has no "state", so XO Bridge cannot tell it comes from a sign-in it started. It was ignored.' +
        again,
    );
  }
  const used = readJson<string[]>(store, USED_KEY, []);
  if (Array.isArray(used) && used.includes(state)) {
    throw new AuthorizationError(
      'This sign-in answer was already used once (for example by going back or reloading the page), and is not accepted twice.' +
        again,
    );
  }
  const all = readPending(store);
  const pending = Object.hasOwn(all, state) ? all[state] : undefined;
  if (!pending) {
    throw new AuthorizationError(
      'The answer from Qualtrics does not match any sign-in started in this browser tab (its "state" is unknown). ' +
        'It may have been started in another tab, or the link was forged; it was refused.' +
        again,
    );
  }
  delete all[state];
  writePending(store, all);
  const keep = (Array.isArray(used) ? used : []).concat(state).slice(-USED_KEEP);
  store.setItem(USED_KEY, JSON.stringify(keep));
  if (!(now - pending.createdAt <= maxAgeMs) || now < pending.createdAt) {
    throw new AuthorizationError(
      `This sign-in took longer than ${Math.round(maxAgeMs / 60_000)} minutes and has expired.` +
        again,
    );
  }
  return pending;
}
