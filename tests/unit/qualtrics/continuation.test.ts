// The continuation bookmark helpers: the storage key, reading back what was stored (and ignoring
// an edited or foreign entry), the documented week, and telling a refused request from other errors.
import { describe, expect, it } from 'vitest';
import { ExportFailedError, QualtricsApiError } from '../../../src/lib/errors';
import {
  CONTINUATION_LIFETIME_MS,
  bookmarkExpiresAt,
  bookmarkLikelyExpired,
  continuationKey,
  isRefusedRequest,
  isoAt,
  parseBookmark,
} from '../../../src/lib/qualtrics/continuation';

describe('continuation bookmarks', () => {
  it('keys by connection and survey, escaping what is not a plain id', () => {
    expect(continuationKey('c1', 'SV_abc')).toBe('xo-bridge.continuation.c1.SV_abc');
    expect(continuationKey('a/b', 'SV_x')).toBe('xo-bridge.continuation.a%2Fb.SV_x');
  });

  it('reads back a stored bookmark and ignores anything else', () => {
    const b = { token: 'tok', issuedAt: '2026-12-01T08:30:00.000Z' };
    expect(parseBookmark(JSON.stringify(b))).toEqual(b);
    expect(parseBookmark(JSON.stringify({ ...b, extra: 1 }))).toEqual(b);
    for (const raw of [
      null,
      '',
      'not json',
      'null',
      '"tok"',
      JSON.stringify({ token: '', issuedAt: b.issuedAt }),
      JSON.stringify({ token: '  ', issuedAt: b.issuedAt }),
      JSON.stringify({ token: 'tok' }),
      JSON.stringify({ token: 'tok', issuedAt: 'yesterday' }),
      JSON.stringify({ token: 5, issuedAt: b.issuedAt }),
    ]) {
      expect(parseBookmark(raw)).toBeNull();
    }
  });

  it('lasts a week by the documentation', () => {
    const b = { token: 't', issuedAt: isoAt(Date.parse('2026-12-01T00:00:00Z')) };
    expect(bookmarkExpiresAt(b)).toBe(Date.parse('2026-12-08T00:00:00Z'));
    expect(CONTINUATION_LIFETIME_MS).toBe(604_800_000);
    expect(bookmarkLikelyExpired(b, Date.parse('2026-12-07T23:59:59Z'))).toBe(false);
    expect(bookmarkLikelyExpired(b, Date.parse('2026-12-08T00:00:00Z'))).toBe(true);
  });

  it('a refused request is a QualtricsApiError with 400 Bad Request, nothing else', () => {
    const msg =
      'Qualtrics refused the request to start a response export of survey SV_1 (400 Bad Request).';
    expect(isRefusedRequest(new QualtricsApiError(msg, { status: 400 }))).toBe(true);
    expect(isRefusedRequest(null)).toBe(false);
    expect(isRefusedRequest(new ExportFailedError(msg))).toBe(false);
    expect(
      isRefusedRequest(
        new QualtricsApiError('This connection is not allowed (403 Forbidden).', { status: 403 }),
      ),
    ).toBe(false);
    // Credentials lost on the way (ATP_2) is a 400 that says nothing about the token.
    expect(
      isRefusedRequest(
        new QualtricsApiError('Qualtrics received no credentials (400).', {
          status: 400,
          errorCode: 'ATP_2',
        }),
      ),
    ).toBe(false);
  });
});
