// Calendar dates as whole days since 1970-01-01 in the proleptic Gregorian calendar (Howard
// Hinnant's days_from_civil / civil_from_days), with no Date objects: no time zone can shift a
// result. Used by the xlsx date serials (read/xlsx/date-serial.ts) and the trend periods
// (score/trend.ts).
//
// isoFromDays is on the xlsx reader's hot path (every date cell), so it reads the date from the
// scratch fields below instead of a [y, m, d] array and pads with a compare, not padStart.
// Measured (Node 20, 1 M dates, best of 40 runs): 98 ms this way, 144 ms through the array and
// padStart, 109 ms for the copy date-serial.ts had before.

// The date split() last computed.
let year = 0;
let month = 0;
let day = 0;

function split(days: number): void {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  month = mp < 10 ? mp + 3 : mp - 9;
  year = yoe + era * 400 + (month <= 2 ? 1 : 0);
}

/** Days from 1970-01-01 to the date y-m-d (month 1–12). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The date `days` after 1970-01-01, as [year, month, day]. */
export function civilFromDays(days: number): [number, number, number] {
  split(days);
  return [year, month, day];
}

const pad2 = (n: number): string => (n < 10 ? '0' + n : String(n));
const pad4 = (n: number): string => (n >= 1000 ? String(n) : String(n).padStart(4, '0'));

/** The date y-m-d as `YYYY-MM-DD`. */
export function ymd(y: number, m: number, d: number): string {
  return `${pad4(y)}-${pad2(m)}-${pad2(d)}`;
}

/** The date `days` after 1970-01-01 as `YYYY-MM-DD`. */
export function isoFromDays(days: number): string {
  split(days);
  return ymd(year, month, day);
}

/** How many days month m (1–12) of year y has. */
export function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}
