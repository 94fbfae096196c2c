/**
 * Rules for the organizational-data CSV a user uploads to Viva Insights ("Add new data for
 * existing employees": PersonId, EffectiveDate, then custom attribute columns such as survey
 * scores). Pure functions: validators return problems as values, fixers return a valid
 * replacement. Facts and source tags come from shared/reference/viva-and-scores.md §1.1–1.6;
 * where the docs disagree the strictest version is applied, and rules the reference lists as
 * unconfirmed (§8) are warnings.
 */
import { daysInMonth } from '../dates/civil';
import type { Problem } from '../issues';

/** Required headers, spelled exactly as shown. [POD-2024] */
export const REQUIRED_FIELDS = ['PersonId', 'ManagerId', 'Organization', 'EffectiveDate'] as const;

/**
 * Reserved optional headers: keep these exact names if used; custom columns may not reuse them.
 * [POD-2024]
 */
export const RESERVED_FIELDS = [
  'LevelDesignation',
  'FunctionType',
  'HireDate',
  'HourlyRate',
  'Layer',
  'SupervisorIndicator',
  'WeeklyBadgeOnsiteDays',
  'Location',
  'CountryOrRegion',
] as const;

/**
 * System fields forbidden as custom header names: the union of all versions [RVE-2024][RVE-2023]
 * plus the newer live additions [RVE-live] and TimeZone [UOS-2024]. Names starting with
 * `Microsoft_` are forbidden too (see {@link checkHeaders}).
 */
export const SYSTEM_FIELDS = [
  'PeopleHistoricalId',
  'StartDate',
  'EndDate',
  'Domain',
  'PopulationType',
  'TimeZone',
  'StandardTimeZone',
  'WorkdayStart',
  'WorkDayEnd',
  'WeekendDays',
  'InferredTeamSize',
  'ObjectId',
  'IsActive',
  'MetricDate',
  'PrimaryCollaborator_PersonId',
  'SecondaryCollaborator_PersonId',
] as const;

/** The first two columns of an "add data for existing employees" upload. [LEG-SUB] */
const KEY_COLUMNS = ['PersonId', 'EffectiveDate'] as const;

/** Suffix {@link fixHeader} appends to a name that is a required, reserved or system name. */
export const RENAMED_SUFFIX = '_Custom';

/** Value length limit: 128 KB, approximated as 131072 UTF-16 code units. [RVE-2024][POD-2024] */
export const MAX_VALUE_LENGTH = 128 * 1024;

const byLower = (names: readonly string[]): Map<string, string> =>
  new Map(names.map((n) => [n.toLowerCase(), n]));
const REQUIRED_OR_RESERVED = byLower([...REQUIRED_FIELDS, ...RESERVED_FIELDS]);
const SYSTEM = byLower(SYSTEM_FIELDS);

const VALID_HEADER_CHARS = /^[A-Za-z0-9_]*$/;
const MICROSOFT_PREFIX = /^microsoft_/i;
const MICROSOFT_ANYWHERE = /microsoft_/i;

/** Letters that Unicode decomposition leaves alone, spelled out in ASCII. */
const TRANSLITERATIONS: Record<string, string> = {
  ß: 'ss',
  ẞ: 'SS',
  æ: 'ae',
  Æ: 'AE',
  œ: 'oe',
  Œ: 'OE',
  ø: 'o',
  Ø: 'O',
  đ: 'd',
  Đ: 'D',
  ð: 'd',
  Ð: 'D',
  ł: 'l',
  Ł: 'L',
  þ: 'th',
  Þ: 'Th',
  ı: 'i',
};

/**
 * Removes accents: NFKD decomposition, combining marks dropped, and a few letters without a
 * decomposition transliterated (`ä` → `a`, `ß` → `ss`, full-width `Ａ` → `A`).
 */
function toAscii(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[ßẞæÆœŒøØđĐðÐłŁþÞı]/g, (c) => TRANSLITERATIONS[c] ?? c);
}

/** Shortens a value for quoting in a message. */
function quote(s: string, max = 40): string {
  return `"${s.length > max ? `${s.slice(0, max)}…` : s}"`;
}

/** Names the characters of a header that Viva does not accept, e.g. `space, "."`. */
function describeBadChars(name: string): string {
  const bad = [...new Set(Array.from(name).filter((c) => !/[A-Za-z0-9_]/.test(c)))];
  const shown = bad.slice(0, 5).map((c) => {
    if (c === ' ') return 'space';
    if (/[\p{C}\p{Z}]/u.test(c)) return `U+${c.codePointAt(0)!.toString(16).toUpperCase()}`;
    return `"${c}"`;
  });
  return shown.join(', ') + (bad.length > 5 ? ', …' : '');
}

/**
 * One-click fix of a header name [RVE-2024][POD-old][inference]. Steps, in order:
 * 1. remove accents (`Zufriedenheit ä` → `Zufriedenheit_a`);
 * 2. replace each run of characters other than `A–Z a–z 0–9 _` with one `_`, collapse `__`,
 *    trim `_` at both ends;
 * 3. drop the underscore of every `Microsoft_` (`Microsoft_Teams` → `MicrosoftTeams`);
 * 4. empty → `Column`; a leading digit gets the prefix `X` (`3Q` → `X3Q`);
 * 5. a required, reserved or system name (any case) gets the suffix `_Custom`
 *    (`Location` → `Location_Custom`);
 * 6. while the lower-case result is in `taken` (compared case-insensitively), append `_2`,
 *    `_3`, … to the step-5 result.
 * Case is never changed: the legacy lower-case rule is only a warning.
 */
export function fixHeader(name: string, taken: ReadonlySet<string> = new Set()): string {
  let s = toAscii(name)
    .replace(/[^A-Za-z0-9_]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_|_$/g, '')
    .replace(/(microsoft)_/gi, '$1');
  if (s === '') s = 'Column';
  if (!/^[A-Za-z]/.test(s)) s = `X${s}`;
  const lower = s.toLowerCase();
  if (REQUIRED_OR_RESERVED.has(lower) || SYSTEM.has(lower)) s += RENAMED_SUFFIX;
  const takenLower = new Set(Array.from(taken, (t) => t.toLowerCase()));
  if (!takenLower.has(s.toLowerCase())) return s;
  for (let n = 2; ; n++) {
    const candidate = `${s}_${n}`;
    if (!takenLower.has(candidate.toLowerCase())) return candidate;
  }
}

interface Finding {
  index: number;
  rule: string;
  severity: 'error' | 'warning';
  /** What is wrong, quoting the name. */
  what: string;
  /** What to do when there is no suggested name. */
  advice?: string;
}

/** Every header finding, without suggested names (those need {@link fixHeaders}). */
function findHeaderProblems(names: readonly string[]): Finding[] {
  const out: Finding[] = [];
  const firstSeen = new Map<string, number>();
  names.forEach((name, index) => {
    const col = `Column ${index + 1}`;
    const add = (rule: string, what: string, severity: Finding['severity'] = 'error') =>
      out.push({ index, rule, severity, what });
    if (index < KEY_COLUMNS.length) {
      const expected = KEY_COLUMNS[index];
      if (name !== expected) {
        add(
          'header-required',
          `${col} is named ${quote(name)}, but Viva Insights needs this column to be named exactly "${expected}" (same upper/lower case).`,
        );
      }
      firstSeen.set(expected.toLowerCase(), index);
      return;
    }
    if (name === '') {
      add('header-empty', `${col} has no name; Viva Insights rejects blank column names.`);
      return;
    }
    const lower = name.toLowerCase();
    if (!VALID_HEADER_CHARS.test(name)) {
      add(
        'header-chars',
        `${quote(name)} contains characters Viva Insights does not allow in column names (${describeBadChars(name)}); only letters A–Z, digits and underscores are allowed.`,
      );
    }
    if (/^[0-9_]/.test(name)) {
      add('header-start', `${quote(name)} must begin with a letter (A–Z).`);
    }
    const first = firstSeen.get(lower);
    if (first !== undefined) {
      add(
        'header-duplicate',
        `${quote(name)} repeats the name of column ${first + 1} (${quote(names[first])}); Viva Insights needs unique column names and does not tell upper from lower case.`,
      );
    } else {
      firstSeen.set(lower, index);
    }
    const system = SYSTEM.get(lower);
    if (system !== undefined) {
      add(
        'header-system',
        `${quote(name)} is the Viva Insights system field "${system}", which cannot be uploaded as a column; the upload would fail.`,
      );
    }
    const reserved = REQUIRED_OR_RESERVED.get(lower);
    if (reserved !== undefined) {
      add(
        'header-reserved',
        `${quote(name)} reuses the Viva Insights field name "${reserved}"; a custom column may not use a required or reserved field name in any upper/lower case.`,
      );
    }
    if (MICROSOFT_PREFIX.test(name)) {
      add(
        'header-microsoft',
        `${quote(name)} starts with "Microsoft_", which Viva Insights keeps for its own fields.`,
      );
    } else if (MICROSOFT_ANYWHERE.test(name)) {
      add(
        'header-microsoft',
        `${quote(name)} contains "Microsoft_"; Viva Insights accepts it, but attributes whose names contain "Microsoft_" are not available in Viva Insights.`,
        'warning',
      );
    }
    if (!/[a-z]/.test(name)) {
      out.push({
        index,
        rule: 'header-lowercase',
        severity: 'warning',
        what: `${quote(name)} has no lower-case letter. An older Viva rule rejected such names ("HRBP" failed, "Hrbp" worked); it is not confirmed that the current app still does.`,
        advice: 'If the upload fails, add a lower-case letter to the name.',
      });
    }
  });
  return out;
}

function errorIndexes(findings: readonly Finding[]): Set<number> {
  return new Set(findings.filter((f) => f.severity === 'error').map((f) => f.index));
}

/** {@link fixHeaders} given the findings already computed. */
function applyFixes(names: readonly string[], errors: ReadonlySet<number>): string[] {
  const taken = new Set(names.filter((_, i) => !errors.has(i)).map((n) => n.toLowerCase()));
  for (const key of KEY_COLUMNS) taken.add(key.toLowerCase());
  return names.map((name, i) => {
    if (!errors.has(i)) return name;
    const fixed = i < KEY_COLUMNS.length ? KEY_COLUMNS[i] : fixHeader(name, taken);
    taken.add(fixed.toLowerCase());
    return fixed;
  });
}

/**
 * Renames only the headers that have errors (see {@link checkHeaders}), left to right, with
 * {@link fixHeader}; others are kept as they are. Column 1 becomes `PersonId` and column 2
 * `EffectiveDate` when they are not spelled exactly so. The result has no errors and its names
 * are unique case-insensitively. Never adds or removes columns. [RVE-2024][POD-2024][LEG-SUB]
 */
export function fixHeaders(names: readonly string[]): string[] {
  return applyFixes(names, errorIndexes(findHeaderProblems(names)));
}

/**
 * Checks the header row of an upload whose first two columns are PersonId and EffectiveDate
 * [LEG-SUB]; every later column is a custom attribute. Errors (Viva rejects the file):
 * - `header-missing`: fewer than two columns;
 * - `header-required`: column 1 is not exactly `PersonId` or column 2 not exactly
 *   `EffectiveDate` (required names must match case exactly [POD-2024][TIPS]);
 * - `header-empty`: blank name [RVE-2024];
 * - `header-chars`: a character other than ASCII letters, digits and `_` [RVE-2024][RVE-live];
 * - `header-start`: does not begin with a letter [POD-old][UOF][LEG-WD];
 * - `header-duplicate`: the later of two names equal case-insensitively [RVE-2024][inference];
 * - `header-system`: a system field, any case [RVE-2024][RVE-live][RVE-2023][UOS-2024];
 * - `header-reserved`: a required or reserved name, any case (matching undocumented, §8.5)
 *   [POD-2024];
 * - `header-microsoft`: starts with `Microsoft_`, any case [RVE-2024].
 *
 * Warnings: `header-microsoft` when `Microsoft_` occurs later in the name (accepted but not
 * available [POD-2024]); `header-lowercase` when there is no lower-case letter (legacy rule,
 * unconfirmed, §8.5) [TIPS]. A name can have several problems. Each problem has row 1, code
 * `viva-header`, `column` = the name as given, and `fix` = the name {@link fixHeaders} gives
 * it, when that differs.
 */
export function checkHeaders(names: readonly string[]): Problem[] {
  const problems: Problem[] = [];
  for (let i = names.length; i < KEY_COLUMNS.length; i++) {
    problems.push({
      row: 1,
      column: null,
      code: 'viva-header',
      severity: 'error',
      rule: 'header-missing',
      message: `The file has no "${KEY_COLUMNS[i]}" column. Viva Insights needs "PersonId" as column 1 and "EffectiveDate" as column 2; add the missing column.`,
    });
  }
  const findings = findHeaderProblems(names);
  const fixed = applyFixes(names, errorIndexes(findings));
  for (const f of findings) {
    const name = names[f.index];
    // Advice-only findings (the lower-case warning) get no suggested name: fixHeader keeps case.
    let fix: string | undefined =
      f.advice === undefined && fixed[f.index] !== name ? fixed[f.index] : undefined;
    if (fix === undefined && f.advice === undefined && f.rule === 'header-microsoft') {
      const others = new Set(fixed.filter((_, i) => i !== f.index));
      const suggestion = fixHeader(name, others);
      if (suggestion !== name) fix = suggestion;
    }
    const todo = fix !== undefined ? `Rename it, for example to "${fix}".` : (f.advice ?? '');
    const problem: Problem = {
      row: 1,
      column: name,
      code: 'viva-header',
      severity: f.severity,
      rule: f.rule,
      message: `${f.what} ${todo}`.trim(),
    };
    if (fix !== undefined) problem.fix = fix;
    problems.push(problem);
  }
  return problems;
}

const EMAIL_LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const TOP_LEVEL = /^(?:[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})$/;

/**
 * Pragmatic check that a PersonId or ManagerId is an email address of the form
 * `employee@contoso.com` [RVE-2024][POD-old]: at most 254 characters, no whitespace, exactly
 * one `@`; a local part of 1–64 ASCII characters (letters, digits and ``!#$%&'*+/=?^_`{|}~-``)
 * with dots only between them (no leading, trailing or double dot; quoted local parts are not
 * accepted); a domain of at least two dot-separated labels of letters, digits and hyphens (no
 * hyphen at either end of a label, at most 63 characters each), whose last label is 2 or more
 * letters or a punycode `xn--` label. No IP-address domains. [inference]
 */
export function isValidEmail(s: string): boolean {
  if (s.length > 254 || /\s/.test(s)) return false;
  const parts = s.split('@');
  if (parts.length !== 2) return false;
  const [local, domain] = parts;
  if (local.length > 64 || !EMAIL_LOCAL.test(local)) return false;
  const labels = domain.split('.');
  if (labels.length < 2 || !labels.every((l) => DOMAIN_LABEL.test(l))) return false;
  return TOP_LEVEL.test(labels[labels.length - 1]);
}

function isRealDate(year: number, month: number, day: number): boolean {
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** Parses `YYYY-MM-DD` (optionally followed by a time if `withTime`) or throws RangeError. */
function parseIso(iso: string, withTime: boolean): [number, number, number] {
  const re = withTime ? /^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$/s : /^(\d{4})-(\d{2})-(\d{2})$/;
  const m = re.exec(iso);
  if (m && isRealDate(+m[1], +m[2], +m[3])) return [+m[1], +m[2], +m[3]];
  throw new RangeError(`Not a valid ISO date (YYYY-MM-DD): ${quote(iso)}`);
}

/**
 * `YYYY-MM-DD` → zero-padded `MM/DD/YYYY`, the date form every documented version accepts
 * [RVE-2024][POD-old][POD-2024][inference]. Throws RangeError for anything else, including
 * dates that do not exist (`2026-02-30`) and year 0000.
 */
export function formatVivaDate(iso: string): string {
  const [y, m, d] = parseIso(iso, false);
  return `${pad2(m)}/${pad2(d)}/${String(y).padStart(4, '0')}`;
}

/**
 * ISO date of the first day of the quarter (Jan, Apr, Jul, Oct) holding `iso`, which is
 * `YYYY-MM-DD` optionally followed by ` HH:MM:SS` or `T…` (`2026-06-30` → `2026-04-01`); a
 * snapshot EffectiveDate for quarterly data [POD-2024][inference]. Throws RangeError otherwise.
 */
export function quarterStart(iso: string): string {
  const [y, m] = parseIso(iso, true);
  return `${String(y).padStart(4, '0')}-${pad2(Math.floor((m - 1) / 3) * 3 + 1)}-01`;
}

/**
 * ISO date of the first day of the month holding `iso` (same input as {@link quarterStart}); a
 * monthly snapshot EffectiveDate [POD-2024]. Throws RangeError otherwise.
 */
export function monthStart(iso: string): string {
  const [y, m] = parseIso(iso, true);
  return `${String(y).padStart(4, '0')}-${pad2(m)}-01`;
}

const FILE_NAME = /^[A-Za-z0-9]+\.csv$/;

/**
 * Checks an upload file name: ASCII letters and digits only, then `.csv` in lower case (e.g.
 * `FileName2.csv`) [POD-old][RVE-2024]. Returns a `file-name` error with a `fix` from
 * {@link fixFileName}, or null when the name is fine.
 */
export function checkFileName(name: string): Problem | null {
  if (FILE_NAME.test(name)) return null;
  const fix = fixFileName(name);
  return {
    row: null,
    column: null,
    code: 'viva-file',
    severity: 'error',
    rule: 'file-name',
    message: `The file name ${quote(name, 80)} is not accepted by Viva Insights: use only letters and digits, no spaces or other characters, followed by ".csv" (like "FileName2.csv"). Save it as "${fix}".`,
    fix,
  };
}

const KNOWN_EXTENSION = /\.(?:csv|tsv|txt|xlsx|xlsm|xls|ods|zip)$/i;

/**
 * A file name Viva accepts [POD-old]: drops a final `.csv` (or another spreadsheet extension:
 * tsv, txt, xlsx, xlsm, xls, ods, zip), removes accents, drops every character that is not an
 * ASCII letter or digit, uses `VivaUpload` when nothing is left, and appends `.csv`
 * (`Survey scores Q2-2026.csv` → `SurveyscoresQ22026.csv`).
 */
export function fixFileName(name: string): string {
  const base = toAscii(name.replace(KNOWN_EXTENSION, '')).replace(/[^A-Za-z0-9]/g, '');
  return `${base || 'VivaUpload'}.csv`;
}

/** The kinds of value {@link checkValue} knows. */
export type ValueKind = 'email' | 'date' | 'number' | 'string';

const VIVA_DATE = /^(\d{2})\/(\d{2})\/(\d{4})$/;
const PLAIN_NUMBER = /^-?\d+(?:\.\d+)?$/;

/**
 * Checks one cell value; null when Viva accepts it, otherwise the reason in plain words, quoting
 * the value and saying what to do. A blank value is accepted for every kind: whether a column
 * needs a value in every row is the caller's check [RVE-2024]. Rules:
 * - no line break (`\n` or `\r`) in any value [RVE-2024];
 * - at most 128 KB, approximated as 131072 UTF-16 code units (a UTF-8 byte count could be up
 *   to 3× larger for non-Latin text) [RVE-2024][POD-2024];
 * - `email`: {@link isValidEmail} [RVE-2024][POD-old];
 * - `date`: zero-padded `MM/DD/YYYY` and a date that exists [RVE-2024][POD-old][inference];
 * - `number`: optional `-`, digits, optional `.` and digits; no thousands separators, `$` or
 *   exponent [POD-2024][RVE-2024].
 */
export function checkValue(value: string, kind: ValueKind): string | null {
  if (value === '') return null;
  if (/[\r\n]/.test(value)) {
    return `The value ${quote(value.replace(/\r\n?|\n/g, '↵'))} contains a line break, which Viva Insights does not allow inside a value. Replace the line break with a space.`;
  }
  if (value.length > MAX_VALUE_LENGTH) {
    return `The value starting ${quote(value)} is ${value.length} characters long; Viva Insights accepts at most 128 KB per value. Shorten it.`;
  }
  switch (kind) {
    case 'email':
      return isValidEmail(value)
        ? null
        : `${quote(value)} is not a valid email address. Viva Insights needs the form employee@contoso.com: one "@", no spaces, and a domain such as contoso.com.`;
    case 'date': {
      const m = VIVA_DATE.exec(value);
      if (m && isRealDate(+m[3], +m[1], +m[2])) return null;
      return m
        ? `${quote(value)} is not a real date. Use an existing date in the form MM/DD/YYYY, e.g. 04/01/2026.`
        : `${quote(value)} is not a date in the form MM/DD/YYYY. Write it with two-digit month and day and a four-digit year, e.g. 04/01/2026.`;
    }
    case 'number':
      return PLAIN_NUMBER.test(value)
        ? null
        : `${quote(value)} is not a plain number. Use digits with an optional minus sign and a "." before decimals, without thousands separators, currency signs or exponents, e.g. 23.75.`;
    case 'string':
      return null;
  }
}
