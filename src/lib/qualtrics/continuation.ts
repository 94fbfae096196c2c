// "Only new responses since the last load": Qualtrics ends an export asked with allowContinuation
// by handing back a continuation token, and an export sent with that token holds only what was
// recorded after it (reference §4.5). The token is kept per connection and survey, with the time
// it was issued (Qualtrics says tokens last a week, so the page can say how old it is), in the
// tab's session storage so a reload keeps it. Pure helpers here; the Surveys state does the I/O.
// The token is never put in a URL, a log or an error message.
import { QualtricsApiError } from '../errors';

/** Where this load's continuation token came from, and when. */
export interface ContinuationBookmark {
  token: string;
  /** ISO-8601: when the export that issued the token started (its responses end there). */
  issuedAt: string;
}

/** Session-storage key prefix. Persisted: DO NOT CHANGE without handling old entries. */
export const CONTINUATION_PREFIX = 'xo-bridge.continuation.';

/** Qualtrics documents continuation tokens as lasting a week. */
export const CONTINUATION_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

export function continuationKey(connectionId: string, surveyId: string): string {
  return `${CONTINUATION_PREFIX}${encodeURIComponent(connectionId)}.${encodeURIComponent(surveyId)}`;
}

/** A stored bookmark, or null when absent or not one (an edited or foreign entry is ignored). */
export function parseBookmark(raw: string | null): ContinuationBookmark | null {
  if (!raw) return null;
  try {
    const v = JSON.parse(raw) as Record<string, unknown>;
    if (
      typeof v === 'object' &&
      v !== null &&
      typeof v.token === 'string' &&
      v.token.trim() !== '' &&
      typeof v.issuedAt === 'string' &&
      !Number.isNaN(Date.parse(v.issuedAt))
    ) {
      return { token: v.token, issuedAt: v.issuedAt };
    }
  } catch {
    // Not JSON: treated as absent.
  }
  return null;
}

/** When Qualtrics will (by its documentation) stop accepting the token, in ms since the epoch. */
export function bookmarkExpiresAt(b: ContinuationBookmark): number {
  return Date.parse(b.issuedAt) + CONTINUATION_LIFETIME_MS;
}

/**
 * Past the documented week. Not enforced here: the lifetime is documented, not observed, so the
 * token is still offered (with a warning) and a refusal by Qualtrics is handled when it comes.
 */
export function bookmarkLikelyExpired(b: ContinuationBookmark, now: number): boolean {
  return now >= bookmarkExpiresAt(b);
}

/**
 * Whether an export error is Qualtrics refusing the request itself (400), which, when a token was
 * sent with options already checked here, means the token: expired, invalid or from elsewhere.
 */
export function isRefusedRequest(err: unknown): boolean {
  // ATP_2 is a 400 too, but it means the credentials were lost on the way, not the token.
  return err instanceof QualtricsApiError && err.status === 400 && err.errorCode !== 'ATP_2';
}

/** A moment (ms since the epoch) as stored: ISO-8601 UTC. */
export function isoAt(ms: number): string {
  return new Date(ms).toISOString();
}

/** A date-time in the user's locale and time zone, as the page and its messages show the bookmark. */
export function localDateTime(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
