import type { Issue, Problem } from '../issues';

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;
const FORMULA_START = /^[=+\-@\t\r]/;

export interface CsvWriteOptions {
  /** Prefix cells starting with = + - @ with ' so spreadsheet apps don't run them (default false). */
  formulaGuard?: boolean;
  /** Line ending (default CRLF, as RFC 4180 says). */
  eol?: '\r\n' | '\n';
}

/** One CSV field, quoted when needed (RFC 4180). */
export function csvField(value: string, options: CsvWriteOptions = {}): string {
  let v = value;
  if (options.formulaGuard && FORMULA_START.test(v) && Number.isNaN(Number(v))) v = `'${v}`;
  return NEEDS_QUOTES.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Rows of strings as CSV text (UTF-8 without BOM when encoded). */
export function toCsv(rows: readonly (readonly string[])[], options: CsvWriteOptions = {}): string {
  const eol = options.eol ?? '\r\n';
  let out = '';
  for (const row of rows) out += row.map((v) => csvField(v, options)).join(',') + eol;
  return out;
}

/** The issue list as a downloadable CSV (formula-guarded: messages quote user data). */
export function issuesToCsv(issues: readonly Issue[]): string {
  const rows = issues.map((i) => [
    i.row === null ? '' : String(i.row),
    i.column ?? '',
    i.code,
    i.message,
  ]);
  return toCsv([['row', 'column', 'code', 'message'], ...rows], { formulaGuard: true });
}

/** A validation report as CSV (formula-guarded: it is for reading in Excel). */
export function problemsToCsv(problems: readonly Problem[]): string {
  const rows = problems.map((p) => [
    p.severity,
    p.row === null ? '' : String(p.row),
    p.column ?? '',
    p.rule,
    p.message,
  ]);
  return toCsv([['severity', 'row', 'column', 'rule', 'message'], ...rows], { formulaGuard: true });
}
