// The response status rules: every Status code and label Qualtrics writes, Finished in every
// spelling (numeric, label, Excel-resaved), and which responses a filter keeps.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RESPONSE_FILTER,
  isInProgressId,
  knownStatuses,
  leftOutReason,
  leftOutText,
  noneLeftOut,
  readFinished,
  readStatus,
  responseFilterOf,
  type StatusClass,
} from '../../../src/lib/qualtrics-format/status';

/** Every code of a Qualtrics SPSS export, with its label and the class that decides it. */
const CODES: [number, string, StatusClass][] = [
  [0, 'IP Address', 'real'],
  [1, 'Survey Preview', 'preview'],
  [2, 'Survey Test', 'test'],
  [4, 'Imported', 'imported'],
  [8, 'Spam', 'spam'],
  [9, 'Survey Preview Spam', 'preview'],
  [12, 'Imported Spam', 'spam'],
  [16, 'Offline', 'offline'],
  [17, 'Offline Survey Preview', 'preview'],
  [32, 'EX', 'ex'],
  [36, 'EX Imported', 'imported'],
  [40, 'EX Spam', 'spam'],
  [48, 'EX Offline', 'offline'],
];

describe('readStatus', () => {
  it.each(CODES)('code %i is "%s" (%s)', (code, label, cls) => {
    expect(readStatus(String(code))).toEqual({ code, label, class: cls });
    // A number column's cell, and a code Excel wrote as 1.0.
    expect(readStatus(` ${code}.0 `)).toEqual({ code, label, class: cls });
  });

  it.each(CODES)('label of code %i, "%s", reads as that code in any case', (code, label, cls) => {
    expect(readStatus(label)).toEqual({ code, label, class: cls });
    expect(readStatus(`  ${label.toUpperCase()} `)).toEqual({ code, label, class: cls });
  });

  it('lists exactly the known codes', () => {
    expect(knownStatuses().map((s) => s.code)).toEqual(CODES.map((c) => c[0]));
  });

  it('shows unknown codes and labels as they are, and keeps them', () => {
    expect(readStatus('256')).toEqual({ code: 256, label: 'Status 256', class: 'unknown' });
    expect(readStatus('Synthetic')).toEqual({ code: null, label: 'Synthetic', class: 'unknown' });
    expect(readStatus('')).toEqual({ code: null, label: '(blank)', class: 'unknown' });
    expect(leftOutReason('unknown', false, DEFAULT_RESPONSE_FILTER)).toBeNull();
  });

  it('reads other spellings of the test statuses', () => {
    expect(readStatus('Preview').class).toBe('preview');
    expect(readStatus('Test').class).toBe('test');
  });
});

describe('readFinished', () => {
  it.each(['1', '1.0', 'True', 'TRUE', 'true', ' WAHR ', 'vrai'])('%s is finished', (v) =>
    expect(readFinished(v)).toBe(true),
  );
  it.each(['0', '0.0', 'False', 'FALSE', 'false', 'FALSCH', 'faux'])('%s is unfinished', (v) =>
    expect(readFinished(v)).toBe(false),
  );
  it.each(['', '2', 'maybe'])('%j says neither', (v) => expect(readFinished(v)).toBeNull());

  it('knows in-progress ids', () => {
    expect(isInProgressId('FS_22mEa4YjrI2K1tw')).toBe(true);
    expect(isInProgressId('R_A7l3qPgjI2gQ6vT')).toBe(false);
  });
});

describe('which responses are kept', () => {
  const all: StatusClass[] = [
    'real',
    'ex',
    'preview',
    'test',
    'spam',
    'imported',
    'offline',
    'unknown',
  ];

  it('by default leaves out previews, tests and spam only; imported and offline stay', () => {
    const out = all.filter((c) => leftOutReason(c, false, DEFAULT_RESPONSE_FILTER) !== null);
    expect(out).toEqual(['preview', 'test', 'spam']);
    expect(leftOutReason('imported', false, DEFAULT_RESPONSE_FILTER)).toBeNull();
    expect(leftOutReason('offline', false, DEFAULT_RESPONSE_FILTER)).toBeNull();
    // Unfinished responses are kept as exported.
    expect(leftOutReason('real', true, DEFAULT_RESPONSE_FILTER)).toBeNull();
  });

  it('includes everything in one choice, and leaves unfinished out in the other', () => {
    const include = { includeTests: true, keepUnfinished: true };
    expect(all.every((c) => leftOutReason(c, false, include) === null)).toBe(true);
    const finishedOnly = { includeTests: true, keepUnfinished: false };
    expect(leftOutReason('real', true, finishedOnly)).toBe('unfinished');
    // The status is the first reason: an unfinished preview counts as a preview.
    expect(leftOutReason('preview', true, DEFAULT_RESPONSE_FILTER)).toBe('preview');
  });

  it('gives a missing or partial saved choice the defaults', () => {
    expect(responseFilterOf(undefined)).toEqual({ includeTests: false, keepUnfinished: true });
    expect(responseFilterOf({ keepUnfinished: false })).toEqual({
      includeTests: false,
      keepUnfinished: false,
    });
  });

  it('says how many were left out and why', () => {
    expect(leftOutText(noneLeftOut())).toBeNull();
    expect(leftOutText({ ...noneLeftOut(), preview: 3, spam: 1 })).toBe(
      'Left out 3 preview and 1 spam responses.',
    );
    expect(leftOutText({ preview: 1, test: 0, spam: 0, unfinished: 0 })).toBe(
      'Left out 1 preview response.',
    );
    expect(leftOutText({ preview: 1, test: 2, spam: 0, unfinished: 1200 })).toBe(
      'Left out 1 preview, 2 test and 1,200 unfinished responses.',
    );
  });
});
