// Trends: the period (week, month, quarter) of a response date, and one score per period with
// gaps filled, small periods suppressed and the change from the previous shown period. Dates are
// calendar dates as written (Qualtrics writes them in the account's time zone); all arithmetic
// is on whole days, with no Date objects, so no time zone can shift a result.

import { civilFromDays, daysFromCivil, daysInMonth, ymd } from '../dates/civil';
import { compareScores, scoreOf } from './score';
import { effectiveMinGroup } from './suppress';
import { emptyTally, mergeTallies } from './tally';
import type { PeriodUnit, Score, SentimentMapping, Tally, TrendPoint } from './types';

/** A period: its label and its first day (YYYY-MM-DD). */
export interface Period {
  period: string;
  start: string;
}

/** A trend spans at most this many periods (first to last, gaps included). */
export const MAX_TREND_PERIODS = 10_000;

/** `2026-03-15`, then an optional ` 10:22:33` or `T10:22:33.123Z` / `+02:00`. */
const ISO_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;
/** `3/15/2026`, then an optional ` 10:22`, ` 10:22:33` or ` 2:05:00 PM`. */
const US_RE =
  /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([AP])M)?)?$/i;

const pad = (v: number, width: number) => String(v).padStart(width, '0');

/** The calendar date of a date string as written, or null when it is not one we read. */
function parseDate(text: string): [number, number, number] | null {
  const s = text.trim();
  const iso = ISO_RE.exec(s);
  const us = iso ? null : US_RE.exec(s);
  // Year, month, day, hour, minute, second.
  const parts = iso
    ? [iso[1], iso[2], iso[3], iso[4], iso[5], iso[6]]
    : us && [us[3], us[1], us[2], us[4], us[5], us[6]];
  if (!parts) return null;
  const [y, m, d, hh, mm, ss] = parts;
  const [year, month, day] = [Number(y), Number(m), Number(d)];
  const hour = hh === undefined ? 0 : Number(hh);
  const minute = mm === undefined ? 0 : Number(mm);
  const second = ss === undefined ? 0 : Number(ss);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return null;
  }
  const twelveHour = us?.[7] !== undefined;
  if ((twelveHour ? hour < 1 || hour > 12 : hour > 23) || minute > 59 || second > 59) return null;
  return [year, month, day];
}

/** The period containing y-m-d. */
function periodContaining(
  y: number,
  m: number,
  d: number,
  unit: PeriodUnit,
  weekStart: 0 | 1,
): Period {
  switch (unit) {
    case 'week': {
      const days = daysFromCivil(y, m, d);
      const dow = (((days + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
      const start = ymd(...civilFromDays(days - ((dow - weekStart + 7) % 7)));
      return { period: `Week of ${start}`, start };
    }
    case 'month':
      return { period: `${pad(y, 4)}-${pad(m, 2)}`, start: ymd(y, m, 1) };
    case 'quarter': {
      const q = Math.floor((m - 1) / 3) + 1;
      return { period: `${pad(y, 4)} Q${q}`, start: ymd(y, 3 * q - 2, 1) };
    }
  }
}

/**
 * The period a response date falls in: `Week of 2025-12-29` (weeks start on Monday, or Sunday
 * with weekStart 0), `2026-03` or `2026 Q1`, with its first day as YYYY-MM-DD. Reads
 * `YYYY-MM-DD`, `YYYY-MM-DD HH:MM(:SS)`, ISO `YYYY-MM-DDTHH:MM(:SS(.sss))` with an optional `Z`
 * or `±hh:mm`, and `M/D/YYYY` with an optional time (and AM/PM). The calendar date is taken as
 * written: no time-zone conversion, so `2026-01-01T23:30:00Z` is 1 January. Null for anything
 * else, including impossible dates (2026-02-30).
 */
export function periodOf(date: string, unit: PeriodUnit, weekStart: 0 | 1 = 1): Period | null {
  const parsed = parseDate(date);
  return parsed && periodContaining(...parsed, unit, weekStart);
}

/**
 * The period after the one that contains `start` (any date {@link periodOf} reads), or null
 * when `start` is not such a date.
 */
export function nextPeriod(start: string, unit: PeriodUnit, weekStart: 0 | 1 = 1): Period | null {
  const parsed = parseDate(start);
  if (!parsed) return null;
  const [y, m, d] = parsed;
  switch (unit) {
    case 'week': {
      const next = civilFromDays(daysFromCivil(y, m, d) + 7);
      return periodContaining(...next, unit, weekStart);
    }
    case 'month':
      return periodContaining(m === 12 ? y + 1 : y, m === 12 ? 1 : m + 1, 1, unit, weekStart);
    case 'quarter': {
      const qm = 3 * Math.floor((m - 1) / 3) + 4; // first month of the next quarter
      return periodContaining(qm > 12 ? y + 1 : y, qm > 12 ? qm - 12 : qm, 1, unit, weekStart);
    }
  }
}

/**
 * One point per period from the earliest to the latest key, in date order. Each key is placed
 * in the period that contains its `start` (labels are recomputed, and keys in the same period
 * are merged); periods without a key are filled in with no answers. A period with fewer than
 * `minGroup` valid answers (see `effectiveMinGroup`) is suppressed: no numbers. A shown point
 * has its score, `change` = its headline minus that of the previous shown point (null for the
 * first) and `significant` from `compareScores` against that point. Throws RangeError when keys
 * and tallies differ in length, a start is not a date, or the span exceeds
 * {@link MAX_TREND_PERIODS} periods.
 */
export function trendPoints(
  keys: readonly Period[],
  tallies: readonly Tally[],
  mapping: SentimentMapping,
  unit: PeriodUnit,
  weekStart: 0 | 1,
  minGroup = 5,
  opts: { lowSample?: number } = {},
): TrendPoint[] {
  if (keys.length !== tallies.length) {
    throw new RangeError(`got ${keys.length} periods for ${tallies.length} tallies`);
  }
  const byStart = new Map<string, Tally>();
  keys.forEach((key, i) => {
    const p = periodOf(key.start, unit, weekStart);
    if (!p) throw new RangeError(`period start ${JSON.stringify(key.start)} is not a date`);
    const seen = byStart.get(p.start);
    byStart.set(p.start, seen ? mergeTallies(seen, tallies[i]) : tallies[i]);
  });
  if (byStart.size === 0) return [];
  const starts = [...byStart.keys()].sort();
  const last = starts[starts.length - 1];
  const min = effectiveMinGroup(minGroup);
  const points: TrendPoint[] = [];
  let previous: Score | null = null;
  let cur = periodOf(starts[0], unit, weekStart) as Period;
  for (;;) {
    if (points.length >= MAX_TREND_PERIODS) {
      throw new RangeError(`a trend can have at most ${MAX_TREND_PERIODS} periods`);
    }
    const t = byStart.get(cur.start) ?? emptyTally(mapping);
    if (t.n < min) {
      points.push({ period: cur.period, start: cur.start, suppressed: true });
    } else {
      const score = scoreOf(t, mapping, opts);
      const cmp = previous && compareScores(previous, score);
      points.push({
        period: cur.period,
        start: cur.start,
        suppressed: false,
        score,
        change: cmp ? cmp.diff : null,
        significant: cmp ? cmp.significant : false,
      });
      previous = score;
    }
    if (cur.start >= last) break;
    cur = nextPeriod(cur.start, unit, weekStart) as Period;
  }
  return points;
}
