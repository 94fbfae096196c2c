import { daysInMonth } from '../dates/civil';

/** How a column of dates is written. 'ambiguous' = every value reads both month- and day-first. */
export type DateFormat = 'iso' | 'mdy' | 'dmy' | 'ambiguous';

export interface MetricDateOptions {
  /** Read `D/M/YYYY` instead of the Viva default `M/D/YYYY`; only when the user says so. */
  dayFirst?: boolean;
}

const TIME = String.raw`(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?: ?([AaPp][Mm]))?(?:Z|[+-]\d{2}:?\d{2})?)?`;
const ISO_RE = new RegExp(String.raw`^(\d{4})-(\d{1,2})-(\d{1,2})${TIME}$`);
/** `M/D/YYYY`; the R packages also accept `-` and `.` between the parts. */
const SLASH_RE = new RegExp(String.raw`^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})${TIME}$`);

/**
 * Reads a MetricDate as ISO `YYYY-MM-DD` from `YYYY-MM-DD` or `M/D/YYYY` (time part ignored).
 * Null for blanks, impossible dates (Feb 30) and day-first values unless `dayFirst` is set.
 */
export function parseMetricDate(s: string, options: MetricDateOptions = {}): string | null {
  const v = s.trim();
  const iso = ISO_RE.exec(v);
  if (iso) return validTime(iso.slice(4, 8)) ? isoDate(+iso[1], +iso[2], +iso[3]) : null;
  const us = SLASH_RE.exec(v);
  if (!us || !validTime(us.slice(5, 9))) return null;
  const [a, b] = [+us[1], +us[3]];
  return options.dayFirst ? isoDate(+us[4], b, a) : isoDate(+us[4], a, b);
}

/**
 * Tells how a column of dates is written from a sample; null when there is nothing to go on,
 * formats are mixed, or some value is no valid date in any format.
 */
export function detectDateFormat(values: readonly string[]): DateFormat | null {
  const sample = values.map((v) => v.trim()).filter((v) => v !== '');
  if (sample.length === 0) return null;
  if (sample.every((v) => ISO_RE.test(v))) {
    return sample.every((v) => parseMetricDate(v) !== null) ? 'iso' : null;
  }
  if (!sample.every((v) => SLASH_RE.test(v))) return null;
  const mdy = sample.every((v) => parseMetricDate(v) !== null);
  const dmy = sample.every((v) => parseMetricDate(v, { dayFirst: true }) !== null);
  if (mdy && dmy) return 'ambiguous';
  return mdy ? 'mdy' : dmy ? 'dmy' : null;
}

function isoDate(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** [hour, minute, second, am/pm] capture groups; all undefined when there is no time. */
function validTime([h, m, sec, ampm]: (string | undefined)[]): boolean {
  if (h === undefined) return true;
  const maxHour = ampm ? 12 : 23;
  const minHour = ampm ? 1 : 0;
  return +h >= minHour && +h <= maxHour && +(m ?? 0) <= 59 && +(sec ?? 0) <= 59;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
