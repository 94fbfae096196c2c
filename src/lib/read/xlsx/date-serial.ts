// Excel stores dates as day serials and marks them only through the cell's number format.
// Serials become text through whole-day arithmetic (dates/civil.ts): no Date objects on the hot
// path.
import { isoFromDays } from '../../dates/civil';
import { STYLE_DATE, STYLE_DATETIME, STYLE_NUMBER, STYLE_TIME } from './types';

// Days from 1970-01-01 back to each system's day 0. The 1900 system counts the fake
// 1900-02-29 (serial 60, a Lotus 1-2-3 bug Excel kept), so from serial 61 on day 0 is
// 1899-12-30; before it, 1899-12-31.
const EPOCH_1900 = -25569;
const EPOCH_1900_EARLY = -25568;
const EPOCH_1904 = -24107;
/** 9999-12-31, the last date Excel shows. */
const MAX_SERIAL = 2958465;

function pad2(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

function clock(secs: number): string {
  const h = Math.floor(secs / 3600);
  const mi = Math.floor((secs % 3600) / 60);
  return `${pad2(h)}:${pad2(mi)}:${pad2(secs % 60)}`;
}

/**
 * Formats a date serial as ISO text: `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM:SS`, or `HH:MM:SS` for a
 * time-only style below one day. Null when the serial is outside Excel's date range.
 */
export function serialToIso(serial: number, style: number, date1904: boolean): string | null {
  if (!(serial >= 0 && serial <= MAX_SERIAL)) return null;
  // Whole seconds: serials like 45123.416666666664 are 10:00:00 minus float noise.
  const total = Math.round(serial * 86400);
  const day = Math.floor(total / 86400);
  const secs = total - day * 86400;
  if (style === STYLE_TIME && day === 0) return clock(secs);
  let date: string;
  if (date1904) date = isoFromDays(day + EPOCH_1904);
  else if (day === 60) date = '1900-02-29';
  else date = isoFromDays(day + (day < 60 ? EPOCH_1900_EARLY : EPOCH_1900));
  if (style === STYLE_DATE) return date;
  return `${date}T${clock(secs)}`;
}

/** Built-in number formats that show dates (ECMA-376 18.8.30 plus the East Asian ids). */
export function builtinDateStyle(numFmtId: number): number {
  if (numFmtId === 22) return STYLE_DATETIME;
  if ((numFmtId >= 18 && numFmtId <= 21) || (numFmtId >= 45 && numFmtId <= 47)) return STYLE_TIME;
  if ((numFmtId >= 32 && numFmtId <= 35) || numFmtId === 55 || numFmtId === 56) return STYLE_TIME;
  if (
    (numFmtId >= 14 && numFmtId <= 17) ||
    (numFmtId >= 27 && numFmtId <= 36) ||
    (numFmtId >= 50 && numFmtId <= 58)
  ) {
    return STYLE_DATE;
  }
  return STYLE_NUMBER;
}

/** Classifies a custom format code: y/m/d/h/s outside quotes, [brackets] and escapes. */
export function formatCodeDateStyle(code: string): number {
  const s = code
    .replace(/"[^"]*"/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\\./g, '')
    .replace(/[_*]./g, '')
    .toLowerCase();
  const time = /[hs]/.test(s);
  const date = /[yd]/.test(s) || (!time && s.includes('m'));
  if (date && time) return STYLE_DATETIME;
  if (date) return STYLE_DATE;
  if (time) return STYLE_TIME;
  return STYLE_NUMBER;
}
