// What a response's `Status` and `Finished` cells say about it. Exports carry survey previews,
// test runs, spam, imported and unfinished responses beside the real ones, and an analyst wants
// the test data out of the scores by default. Status is a label in a choice-text export
// (`Survey Preview`) and a code in a numeric one (`1`); the codes and labels are those a
// Qualtrics SPSS export writes (reference qualtrics-api.md §6). Pure: no table here (the rows
// are chosen in src/lib/recipe/responses.ts).

/** What kind of response a Status stands for; decides whether it is kept by default. */
export type StatusClass =
  /** An ordinary response (`IP Address`, code 0). */
  | 'real'
  /** An Employee Experience project response (`EX`, code 32): a real response. */
  | 'ex'
  | 'preview'
  | 'test'
  | 'spam'
  /** Brought in with "Import responses": real data collected elsewhere. */
  | 'imported'
  /** Collected with the Qualtrics Offline Surveys app: a real response. */
  | 'offline'
  /** A code or label this app does not know (`Status 256`): kept, shown as it is. */
  | 'unknown';

export interface ResponseStatus {
  /** The numeric code, when known (a label export's `Survey Preview` is code 1). */
  code: number | null;
  /** What the user reads: the Qualtrics label, `Status 256` for an unknown code. */
  label: string;
  class: StatusClass;
}

/** Classes left out unless the user includes them: responses nobody really gave. */
export const TEST_CLASSES: ReadonlySet<StatusClass> = new Set(['preview', 'test', 'spam']);

/**
 * The codes as a Qualtrics SPSS export labels them. Codes combine flags (1 preview, 2 test,
 * 4 imported, 8 spam, 16 offline, 32 EX); a combination takes the class that leaves it out
 * (a preview marked spam is test data whatever else it is).
 */
const CODES: readonly ResponseStatus[] = [
  { code: 0, label: 'IP Address', class: 'real' },
  { code: 1, label: 'Survey Preview', class: 'preview' },
  { code: 2, label: 'Survey Test', class: 'test' },
  { code: 4, label: 'Imported', class: 'imported' },
  { code: 8, label: 'Spam', class: 'spam' },
  { code: 9, label: 'Survey Preview Spam', class: 'preview' },
  { code: 12, label: 'Imported Spam', class: 'spam' },
  { code: 16, label: 'Offline', class: 'offline' },
  { code: 17, label: 'Offline Survey Preview', class: 'preview' },
  { code: 32, label: 'EX', class: 'ex' },
  // Why: EX projects write 36 for imported responses (reference qualtrics-api.md §6, QS 360 page).
  { code: 36, label: 'EX Imported', class: 'imported' },
  { code: 40, label: 'EX Spam', class: 'spam' },
  { code: 48, label: 'EX Offline', class: 'offline' },
];

const BY_CODE = new Map(CODES.map((s) => [s.code, s]));
const labelKey = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();
const BY_LABEL = new Map(CODES.map((s) => [labelKey(s.label), s]));
// Other spellings seen in label exports and hand-made files.
for (const [alias, code] of [
  ['Preview', 1],
  ['Test', 2],
  ['Offline Survey', 16],
  ['Survey Preview (Spam)', 9],
] as const) {
  BY_LABEL.set(labelKey(alias), BY_CODE.get(code)!);
}

const CODE_RE = /^\d+(?:\.0+)?$/;

/** Every known status, in code order (for tests and help texts). */
export function knownStatuses(): readonly ResponseStatus[] {
  return CODES;
}

/** The status of one `Status` cell (a code or a label); a blank cell is an unknown status. */
export function readStatus(cell: string): ResponseStatus {
  const s = cell.trim();
  if (s === '') return { code: null, label: '(blank)', class: 'unknown' };
  if (CODE_RE.test(s)) {
    const code = Number(s);
    return BY_CODE.get(code) ?? { code, label: `Status ${code}`, class: 'unknown' };
  }
  return BY_LABEL.get(labelKey(s)) ?? { code: null, label: s, class: 'unknown' };
}

const TRUE_WORDS = new Set(['1', 'true', 'yes', 'wahr', 'vrai', 'waar', 'verdadero', 'vero']);
const FALSE_WORDS = new Set(['0', 'false', 'no', 'falsch', 'faux', 'onwaar', 'falso']);

/**
 * A `Finished` cell: 1/0 in numeric exports, True/False in label exports, TRUE/FALSE once the
 * file was saved again in Excel (and Excel's words in other languages). Null when it says neither.
 */
export function readFinished(cell: string): boolean | null {
  const s = cell.trim().toLowerCase();
  if (TRUE_WORDS.has(s) || s === '1.0') return true;
  if (FALSE_WORDS.has(s) || s === '0.0') return false;
  return null;
}

/** An in-progress response is exported under its survey session id (`FS_…`), not `R_…`. */
export function isInProgressId(responseId: string): boolean {
  return /^FS_/.test(responseId.trim());
}

/** Which responses a flow keeps. Saved with recipes; absent in older ones (the default then). */
export interface ResponseFilter {
  /** Keep survey previews, test runs and spam too (default false: they are left out). */
  includeTests: boolean;
  /** Keep responses that were not finished (default true: kept, as exported). */
  keepUnfinished: boolean;
}

/** Previews, tests and spam out; unfinished responses kept as exported. */
export const DEFAULT_RESPONSE_FILTER: Readonly<ResponseFilter> = Object.freeze({
  includeTests: false,
  keepUnfinished: true,
});

/** The filter a saved choice gives: a missing or partial one takes the defaults. */
export function responseFilterOf(f: Partial<ResponseFilter> | null | undefined): ResponseFilter {
  return {
    includeTests: f?.includeTests ?? DEFAULT_RESPONSE_FILTER.includeTests,
    keepUnfinished: f?.keepUnfinished ?? DEFAULT_RESPONSE_FILTER.keepUnfinished,
  };
}

/** Why a response is left out, or null when it is kept. Status is the first reason. */
export type LeftOutReason = 'preview' | 'test' | 'spam' | 'unfinished';

/**
 * Whether a response is kept: real, EX, imported, offline and unknown statuses always are;
 * previews, tests and spam only when included; unfinished ones unless left out.
 */
export function leftOutReason(
  cls: StatusClass,
  unfinished: boolean,
  filter: ResponseFilter,
): LeftOutReason | null {
  if (!filter.includeTests && (cls === 'preview' || cls === 'test' || cls === 'spam')) return cls;
  if (unfinished && !filter.keepUnfinished) return 'unfinished';
  return null;
}

/** How many responses were left out, by reason. */
export type LeftOutCounts = Record<LeftOutReason, number>;

export function noneLeftOut(): LeftOutCounts {
  return { preview: 0, test: 0, spam: 0, unfinished: 0 };
}

/** The total of a LeftOutCounts. */
export function leftOutTotal(c: LeftOutCounts): number {
  return c.preview + c.test + c.spam + c.unfinished;
}

/** "Left out 3 preview and 1 spam responses."; null when nothing was left out. */
export function leftOutText(c: LeftOutCounts): string | null {
  const total = leftOutTotal(c);
  if (total === 0) return null;
  const parts = (['preview', 'test', 'spam', 'unfinished'] as const)
    .filter((k) => c[k] > 0)
    .map((k) => `${c[k].toLocaleString('en-US')} ${k}`);
  const list =
    parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
  return `Left out ${list} response${total === 1 ? '' : 's'}.`;
}
