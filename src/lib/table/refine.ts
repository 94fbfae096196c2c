// What can only be decided once every row is read: a header row says a column is EndDate, but
// its cells say whether Excel turned the dates into day numbers (`43703.54338`) or `8/27/2019
// 13:02`; a question column's tag says "question", but only its cells say it holds several
// choices per cell (`Red,Blue`, `1,3,5`). One pass over a finished table, shared by every reader
// (CSV serial and in parts, xlsx, SheetJS), so each flow sees the same columns.
import { ymd } from '../dates/civil';
import type { Issue } from '../issues';
import { serialToIso } from '../read/xlsx/date-serial';
import { STYLE_DATETIME } from '../read/xlsx/types';
import type { ColumnData, ColumnMeta, Table, TextColumn } from './types';

/** Tags/ImportIds (and legacy labels) of the metadata date columns. */
const DATE_FIELDS = new Set([
  'StartDate',
  'EndDate',
  'RecordedDate',
  'LastModifiedDate',
  'startDate',
  'endDate',
  'recordedDate',
  'lastModifiedDate',
]);

/** Day serials of 1970-01-01 and 2100-12-31: a survey date outside them is not a serial. */
const SERIAL_MIN = 25569;
const SERIAL_MAX = 73415;

/** Refines a freshly read table in place (and returns it). */
export function refineTable(table: Table): Table {
  const qualtrics = table.format.source.startsWith('qualtrics');
  const converted: string[] = [];
  const reordered: string[] = [];
  let dayMonth = false;
  table.columns.forEach((meta, i) => {
    if (qualtrics && isDateField(meta)) {
      const serial = serialDates(table.data[i], table.rowCount);
      if (serial) {
        table.data[i] = serial;
        meta.type = 'date';
        converted.push(meta.name);
        return;
      }
      const text = textDates(table.data[i]);
      if (text) {
        table.data[i] = text.column;
        meta.type = 'date';
        if (text.changed) reordered.push(meta.name);
        if (text.dayFirst) dayMonth = true;
      }
    }
  });
  if (converted.length > 0) {
    table.format.notes.push(
      `${list(converted)} held Excel day numbers (as when an export is opened and saved in Excel); they are read as dates, YYYY-MM-DD HH:MM:SS.`,
    );
  }
  if (reordered.length > 0) {
    table.format.notes.push(
      `${list(reordered)} held dates as Excel writes them (${dayMonth ? 'day/month/year' : 'month/day/year'}); they are read as dates, YYYY-MM-DD HH:MM:SS.`,
    );
  }
  if (qualtrics) refineQuestionRoles(table);
  table.issues.push(...shortenedNumbers(table, qualtrics));
  return table;
}

function isDateField(meta: ColumnMeta): boolean {
  if (meta.qualtricsRole !== 'metadata') return false;
  return [meta.importId, meta.header.trim(), meta.label].some((s) => s && DATE_FIELDS.has(s));
}

function list(names: readonly string[]): string {
  return names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** A text column built from strings, blank for ''. */
function textColumn(
  rows: number,
  value: (r: number) => string,
  type: TextColumn['type'],
): TextColumn {
  const codes = new Int32Array(rows);
  const dict: string[] = [];
  const index = new Map<string, number>();
  for (let r = 0; r < rows; r++) {
    const s = value(r);
    if (s === '') {
      codes[r] = -1;
      continue;
    }
    let code = index.get(s);
    if (code === undefined) {
      code = dict.length;
      dict.push(s);
      index.set(s, code);
    }
    codes[r] = code;
  }
  return { type, codes, dict };
}

/** A day serial as Qualtrics writes its dates: `YYYY-MM-DD HH:MM:SS`. */
export function serialToTimestamp(serial: number): string | null {
  if (!(serial >= SERIAL_MIN && serial <= SERIAL_MAX)) return null;
  return serialToIso(serial, STYLE_DATETIME, false)?.replace('T', ' ') ?? null;
}

/**
 * A number column of day serials as dates; null when some number is not a plausible serial.
 * Unreadable cells (text among the numbers) are kept as they were.
 */
function serialDates(col: ColumnData, rows: number): TextColumn | null {
  if (col.type !== 'number') return null;
  let seen = 0;
  for (let r = 0; r < rows; r++) {
    const v = col.values[r];
    if (Number.isNaN(v)) continue;
    if (serialToTimestamp(v) === null) return null;
    seen++;
  }
  if (seen === 0) return null;
  return textColumn(
    rows,
    (r) => {
      const v = col.values[r];
      return Number.isNaN(v) ? (col.invalid.get(r) ?? '') : serialToTimestamp(v)!;
    },
    'date',
  );
}

/** `8/27/2019 13:02`, `27.08.2019 13:02:05`, `8/27/19 1:02 PM`. */
const LOCAL_DATE_RE =
  /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$/;
const ISO_T_RE = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}(?::\d{2})?)$/;

/**
 * A text column of dates as Excel writes them (`8/27/2019 13:02`) as canonical timestamps.
 * Month/day order: day first when a first number is over 12 or the separator is a dot
 * (German Excel); month first otherwise (Qualtrics and US Excel). Null when the cells are not
 * such dates (canonical dates are left as they are, `changed` false).
 */
function textDates(
  col: ColumnData,
): { column: TextColumn; changed: boolean; dayFirst: boolean } | null {
  if (col.type === 'number') return null;
  let firstOver12 = false;
  let secondOver12 = false;
  let dots = false;
  let local = 0;
  let iso = 0;
  for (const s of col.dict) {
    const v = s.trim();
    const m = LOCAL_DATE_RE.exec(v);
    if (m) {
      local++;
      if (+m[1] > 12) firstOver12 = true;
      if (+m[3] > 12) secondOver12 = true;
      if (m[2] === '.') dots = true;
    } else if (/^\d{4}-\d{1,2}-\d{1,2}/.test(v)) iso++;
  }
  if (local + iso === 0 || local + iso < col.dict.length * 0.9) return null;
  if (firstOver12 && secondOver12) return null;
  const dayFirst = firstOver12 || (dots && !secondOver12);
  const dict = col.dict.map((s) => {
    const v = s.trim();
    const t = ISO_T_RE.exec(v);
    if (t) return `${t[1]} ${t[2].length === 5 ? `${t[2]}:00` : t[2]}`;
    const m = LOCAL_DATE_RE.exec(v);
    if (!m) return s;
    const [a, b] = [+m[1], +m[3]];
    const [month, day] = dayFirst ? [b, a] : [a, b];
    let year = +m[4];
    if (m[4].length === 2) year += 2000;
    let h = +(m[5] ?? 0);
    if (m[8]) h = (h % 12) + (/p/i.test(m[8]) ? 12 : 0);
    const p2 = (n: number) => String(n).padStart(2, '0');
    return `${ymd(year, month, day)} ${p2(h)}:${m[6] ?? '00'}:${m[7] ?? '00'}`;
  });
  const changed = dict.some((s, i) => s !== col.dict[i]);
  return {
    column: { type: 'date', codes: col.codes, dict },
    changed: local > 0 && changed,
    dayFirst,
  };
}

// --- Question columns whose cells tell more than their header --------------------------------

/** `1,3,5`: the numeric export of a multi-select with breakoutSets off. */
const NUMERIC_MULTI_RE = /^\d+(?:,\d+)*$/;
/** `1|3|2`, `FL_3|FL_5`: a display-order cell. */
const DISPLAY_ORDER_CELL_RE = /^[\w-]+(?:\|[\w-]+)+$/;
/** Distinct choices a multi-select may plausibly have; free text has many more. */
const MAX_CHOICES = 60;

/** Question columns holding display orders or several choices per cell get their own role. */
function refineQuestionRoles(table: Table): void {
  table.columns.forEach((meta, i) => {
    if (meta.qualtricsRole !== 'question') return;
    const col = table.data[i];
    if (col.type === 'number') return;
    const values = usedValues(col, table.rowCount);
    if (values.length === 0) return;
    if (values.every((v) => DISPLAY_ORDER_CELL_RE.test(v.trim()))) {
      meta.qualtricsRole = 'display-order';
    } else if (isMultiSelect(values)) {
      meta.qualtricsRole = 'multi-select';
    }
  });
}

/** The distinct non-blank values rows use (a dictionary may hold unused or repeated ones). */
function usedValues(col: TextColumn, rows: number): string[] {
  const used = new Uint8Array(col.dict.length);
  for (let r = 0; r < rows; r++) if (col.codes[r] >= 0) used[col.codes[r]] = 1;
  return [...new Set(col.dict.filter((s, c) => used[c] && s.trim() !== ''))];
}

/**
 * The choices of a multi-select cell, as Qualtrics joins them: `Red,Blue` → Red, Blue. A comma
 * followed by a space belongs to a choice (`Yes, always`), and so do pieces whose join is
 * answered alone elsewhere in the column (`known`, the column's other whole values) while a
 * piece of them is not.
 */
export function splitChoices(cell: string, known: ReadonlySet<string> = new Set()): string[] {
  const pieces: string[] = [];
  for (const p of cell.split(',')) {
    if (pieces.length > 0 && /^\s/.test(p)) pieces[pieces.length - 1] += `,${p}`;
    else pieces.push(p);
  }
  const out: string[] = [];
  for (let i = 0; i < pieces.length;) {
    let j = pieces.length;
    for (; j > i + 1; j--) {
      const joined = pieces.slice(i, j).join(',');
      const whole = joined !== cell && known.has(joined.trim());
      if (whole && pieces.slice(i, j).some((p) => !known.has(p.trim()))) break;
    }
    out.push(
      pieces
        .slice(i, Math.max(j, i + 1))
        .join(',')
        .trim(),
    );
    i = Math.max(j, i + 1);
  }
  return out;
}

/**
 * A column of choices joined by commas: every cell is numbers joined by commas, or its cells
 * split into few distinct choices that recur across cells (free text splits into pieces that
 * do not), and at least one cell holds several.
 */
export function isMultiSelect(values: readonly string[]): boolean {
  if (!values.some((v) => v.includes(','))) return false;
  if (values.every((v) => NUMERIC_MULTI_RE.test(v.trim()))) return true;
  const known = new Set(values.map((v) => v.trim()));
  const split = values.map((v) => splitChoices(v.trim(), known));
  const multi = split.filter((parts) => parts.length > 1);
  if (multi.length === 0) return false;
  const cellsWith = new Map<string, number>();
  for (const parts of split) {
    for (const p of new Set(parts)) cellsWith.set(p, (cellsWith.get(p) ?? 0) + 1);
  }
  if (cellsWith.size > MAX_CHOICES || [...cellsWith.keys()].some((p) => p === '')) return false;
  const recurring = multi.filter((parts) => parts.every((p) => (cellsWith.get(p) ?? 0) >= 2));
  return recurring.length * 2 >= multi.length;
}

// --- Identifiers Excel shortened ------------------------------------------------------------

/** `1.23457E+15`: how Excel shows (and, saved as CSV, writes) a long number. */
const SCIENTIFIC_RE = /^[+-]?\d(?:[.,]\d+)?E\+\d+$/i;

/**
 * Identifier columns with values in scientific notation: Excel read a long number (an
 * employee ID, a phone number) as a number and saved it shortened, so its last digits are
 * lost. Reported per column; nothing can restore them.
 */
function shortenedNumbers(table: Table, qualtrics: boolean): Issue[] {
  const issues: Issue[] = [];
  table.columns.forEach((meta, i) => {
    const col = table.data[i];
    if (meta.type !== 'id' || col.type === 'number') return;
    let n = 0;
    let example = '';
    let firstRow = -1;
    for (let r = 0; r < table.rowCount; r++) {
      const code = col.codes[r];
      if (code < 0 || !SCIENTIFIC_RE.test(col.dict[code].trim())) continue;
      if (n === 0) {
        example = col.dict[code].trim();
        firstRow = r;
      }
      n++;
    }
    if (n === 0) return;
    issues.push({
      row: n === 1 ? firstRow + table.format.headerRows + 1 : null,
      column: meta.name,
      code: qualtrics ? 'qualtrics-format' : 'info',
      message: `${n === 1 ? `1 value in "${meta.name}" (${example}) is a long number` : `${n} values in "${meta.name}" (e.g. ${example}) are long numbers`} that Excel shortened to scientific notation when the file was saved in Excel: the last digits are lost, so they cannot match anything. Use the original export, or import it into Excel with this column set to Text before saving.`,
    });
  });
  return issues;
}
