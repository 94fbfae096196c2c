// Every rule that turns a number into text for the screen or a table, in one place, fixed to
// en-US so the output is predictable. The rules differ on purpose and tests pin their exact text,
// so they have different names; the file-output rule (formatScore) is in ./score.
//
// | rule             | where it is used                      | 1234.5678 / 4.236 / NaN              |
// |------------------|---------------------------------------|--------------------------------------|
// | formatInt        | counts in sentences (rows, people)    | "1,235" / "4" / "NaN"                |
// | formatNumber     | column profiles                       | "1,234.6" / "4.24" / "—"             |
// | formatValue      | chart tooltips and split-trend tables | "1234.6" / "4.24" / ""               |
// | fixed            | analysis tables, headline, CSVs       | "1234.6" / "4.2" / "" (fixed digits) |
// | shortNumber      | Viva → Qualtrics bins and histogram   | "1234.57" / "4.24" / "—"             |
// | roundByMagnitude | breakout bin keys "Q1 (0.5–2.25)"     | "1235" / "4.24" / "NaN"              |
import { formatScore } from './score';

const intFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** 153201 → "153,201": a count in a sentence, with thousands separators. */
export function formatInt(n: number): string {
  return Number.isFinite(n) ? intFormat.format(n) : String(n);
}

/** 0 → "0 B", 1536 → "1.5 KB", 13_002_342 → "12.4 MB", 209_715_200 → "200 MB" (1024-based). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 1024) return `${Math.max(0, Math.round(bytes || 0))} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = bytes / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  const digits = v >= 100 || Number.isInteger(v) ? 0 : 1;
  const text = v.toFixed(digits).replace(/\.0$/, '');
  return `${text} ${units[u]}`;
}

/** A number for a column summary: thousands separators, more decimals the smaller it is. */
export function formatNumber(n: number | null | undefined): string {
  if (n === null || n === undefined || Number.isNaN(n)) return '—';
  if (!Number.isFinite(n)) return n > 0 ? '∞' : '−∞';
  const abs = Math.abs(n);
  const digits = Number.isInteger(n) ? 0 : abs >= 1000 ? 1 : abs >= 1 ? 2 : 4;
  return new Intl.NumberFormat('en-US', { maximumFractionDigits: digits }).format(n);
}

/** A share of a whole as a percent: (1, 3) → "33%", (1, 30) → "3.3%". */
export function formatPercent(part: number, whole: number): string {
  if (!(whole > 0)) return '0%';
  const p = (part / whole) * 100;
  return `${p >= 10 || p === 0 ? Math.round(p) : p.toFixed(1).replace(/\.0$/, '')}%`;
}

const isNum = (v: number | null | undefined): v is number =>
  typeof v === 'number' && Number.isFinite(v);

const FORMATS = new Map<number, Intl.NumberFormat>();
/** A cached en-US format with at most `digits` decimals and no thousands separators. */
function plainFormat(digits: number): Intl.NumberFormat {
  let f = FORMATS.get(digits);
  if (!f) {
    f = new Intl.NumberFormat('en-US', { maximumFractionDigits: digits, useGrouping: false });
    FORMATS.set(digits, f);
  }
  return f;
}

/**
 * A chart score: 2 decimals below 10 (means on a 1–5 scale), 1 decimal above (percents, NPS),
 * trailing zeros dropped; no thousands separators (the same text goes into CSV). '' for no
 * number. Unlike {@link fixed} it drops trailing zeros, so a tooltip reads "64", not "64.0".
 */
export function formatValue(v: number | null | undefined): string {
  if (!isNum(v)) return '';
  const text = plainFormat(Math.abs(v) < 10 ? 2 : 1).format(v);
  return text === '-0' ? '0' : text;
}

/** A chart change with its sign: 5.2 → "+5.2", -3 → "-3", 0 → "0". */
export function formatChange(v: number | null | undefined): string {
  if (!isNum(v)) return '';
  const text = formatValue(v);
  return v > 0 && text !== '0' ? `+${text}` : text;
}

/** A count in a chart tooltip: 1234 → "1234" (no separators, unlike {@link formatInt}). */
export function formatCount(n: number | null | undefined): string {
  return isNum(n) ? plainFormat(0).format(n) : '';
}

/** A chart interval as "41.2 – 55"; '' when either bound is missing. */
export function formatInterval(
  low: number | null | undefined,
  high: number | null | undefined,
): string {
  return isNum(low) && isNum(high) ? `${formatValue(low)} – ${formatValue(high)}` : '';
}

/**
 * A number for the analysis tables and headline: always `digits` decimals (toFixed, so the
 * columns line up and a CSV keeps its precision), '' for no number, never "-0.0".
 */
export function fixed(v: number | null | undefined, digits = 1): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '';
  const s = v.toFixed(digits);
  return s === `-${(0).toFixed(digits)}` ? (0).toFixed(digits) : s;
}

/**
 * A metric on the Viva → Qualtrics screens (bin ranges, histogram, mean/min/max): at most 2
 * decimals, rounded as the output file rounds ({@link formatScore}), so a bin edge on screen
 * reads as it will in the file; "—" for no number.
 */
export function shortNumber(x: number): string {
  return Number.isFinite(x) ? formatScore(x, 2) : '—';
}

/**
 * A bin edge in an analysis breakout key ("Q1 (0.5–2.25)"): no decimals from 100, 1 from 10,
 * else 2 (toFixed), trailing zeros dropped. Coarser than {@link shortNumber} for large values
 * so that keys stay short; the keys are data (table rows, CSV), so the rule must not change.
 */
export function roundByMagnitude(v: number): string {
  const a = Math.abs(v);
  const digits = a >= 100 ? 0 : a >= 10 ? 1 : 2;
  return String(Number(v.toFixed(digits)));
}
