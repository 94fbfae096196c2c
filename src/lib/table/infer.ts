import type { ColumnType } from './types';

const NUMBER_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const NUMBER_COMMA_RE = /^[+-]?(?:\d+,?\d*|,\d+)(?:[eE][+-]?\d+)?$/;
const LEADING_ZERO_RE = /^[+-]?0\d/;
const EMAIL_RE = /^[^\s@]+@[^\s@]+$/;
const ISO_DATE_RE =
  /^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const US_DATE_RE = /^\d{1,2}\/\d{1,2}\/\d{4}(?: \d{1,2}:\d{2}(?::\d{2})?(?: ?[AP]M)?)?$/i;
const BOOLEAN_RE = /^(?:true|false)$/i;
/** Tokens that mean "no value" in exports (R's NA, Excel's #N/A, SQL NULL, Viva's NULL). */
const MISSING_RE = /^(?:NA|N\/A|#N\/A|NULL|null|NaN|nan|-|\.)$/;

/** Header names whose values are identifiers and must never become numbers. */
const ID_NAME_CASED_RE = /(?:Id|ID|Ids|IDs)$/; // PersonId, ResponseID; not "Paid" or "Valid"
// Email columns end in "email" or "email address" (RecipientEmail, EmailAddress); Viva metrics
// such as Emails_sent or After_hours_email_hours must stay numbers.
const ID_NAME_RE =
  /identifier|e-?mail(?:address)?$|externalreference|externaldatareference|recordid/i;
const ID_WORD_RE = /(?:^|[\s_-])id$/i; // "employee_id", "Employee ID", "id"

/** Strictly reads a number: no hex, no Infinity, no thousands separators; '' gives NaN. */
export function parseNumber(text: string, decimalComma = false): number {
  const s = text.trim();
  if (s === '') return NaN;
  if (decimalComma) return NUMBER_COMMA_RE.test(s) ? Number(s.replace(',', '.')) : NaN;
  return NUMBER_RE.test(s) ? Number(s) : NaN;
}

/** True when a header names an identifier column (emails, `*Id`, UniqueIdentifier...). */
export function isIdName(header: string): boolean {
  const h = header.trim();
  return (
    ID_NAME_CASED_RE.test(h) || ID_WORD_RE.test(h) || ID_NAME_RE.test(h.replace(/[\s_-]/g, ''))
  );
}

export interface InferOptions {
  decimalComma?: boolean;
}

/**
 * Chooses a column's type from its names (header, Qualtrics label and ImportId) and a sample
 * of its values.
 * Identifier-like columns (by name, leading zeros, emails) are never numbers.
 */
export function inferColumnType(
  names: string | readonly string[],
  sample: readonly string[],
  options: InferOptions = {},
): ColumnType {
  let nonBlank = 0;
  let numbers = 0;
  let leadingZero = false;
  let emails = 0;
  let dates = 0;
  let booleans = 0;
  for (const raw of sample) {
    const v = raw.trim();
    if (v === '') continue;
    if (MISSING_RE.test(v)) continue;
    nonBlank++;
    if (!Number.isNaN(parseNumber(v, options.decimalComma))) {
      numbers++;
      if (LEADING_ZERO_RE.test(v)) leadingZero = true;
    } else if (EMAIL_RE.test(v)) emails++;
    else if (ISO_DATE_RE.test(v) || US_DATE_RE.test(v)) dates++;
    else if (BOOLEAN_RE.test(v)) booleans++;
  }
  const isId = (typeof names === 'string' ? [names] : names).some((n) => n && isIdName(n));
  if (isId || (emails > 0 && emails + numbers === nonBlank)) return 'id';
  if (nonBlank === 0) return 'text';
  // A few NA/NULL cells do not make a number column text: they are reported as unparsable.
  if (numbers === nonBlank) return leadingZero ? 'id' : 'number';
  if (dates === nonBlank) return 'date';
  if (booleans === nonBlank) return 'boolean';
  return 'text';
}
