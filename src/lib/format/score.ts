// The number rule of the files the recipes write: a score as a plain Viva "number", rounded half
// away from zero on its decimal form. It decides every score cell of the Survey → Viva upload,
// the "average" bin labels of src/lib/bin and the short numbers of the Viva → Qualtrics screens
// (see shortNumber in ./numbers). Moved here from viva-format/upload-rules.ts, whose validators
// and fixers it never used, so that bin/ and the screens need not import the upload rules. The
// source tags are those of upload-rules.ts (shared/reference/viva-and-scores.md §1).

/** Adds one to a string of decimal digits (`'099'` → `'100'`, `'99'` → `'100'`). */
function incrementDigits(digits: string): string {
  const out = digits.split('');
  for (let i = out.length - 1; i >= 0; i--) {
    if (out[i] !== '9') {
      out[i] = String(+out[i] + 1);
      return out.join('');
    }
    out[i] = '0';
  }
  return `1${out.join('')}`;
}

/**
 * Writes a score as a plain Viva "number" (no thousands separators, no exponent, `.` as the
 * decimal point) [POD-2024][RVE-2024]. Rounds half away from zero to `decimals` places,
 * working on the value's 15-significant-digit decimal form so that binary noise does not
 * matter (`1.005` → `1.01`, `3.125` → `3.13`, `-2.5` → `-3` with 0 places), then drops trailing
 * zeros and a trailing dot (`4.50` → `4.5`). NaN and ±Infinity → `''` (a blank value); a
 * result of zero is written `0`, never `-0`. `decimals` must be an integer 0–100 (RangeError).
 */
export function formatScore(x: number, decimals: number): string {
  // Fast path (≈10× quicker, it runs once per output cell): when |x|·10^d is small enough to be
  // exact to 1e-7 and not within 1e-6 of a .5 tie, Math.round gives what the decimal-digit rounding
  // below gives. Ties and large values take the exact path. Differential-tested against it.
  if (decimals <= 6 && Number.isInteger(decimals) && decimals >= 0 && Number.isFinite(x)) {
    const p = POW10[decimals];
    const a = Math.abs(x) * p;
    if (a < 1e9 && Math.abs(a - Math.floor(a) - 0.5) > 1e-6) {
      const n = Math.round(a);
      if (n === 0) return '0';
      const whole = Math.floor(n / p);
      const frac = n - whole * p;
      const sign = x < 0 ? '-' : '';
      if (frac === 0) return `${sign}${whole}`;
      return `${sign}${whole}.${String(frac).padStart(decimals, '0').replace(/0+$/, '')}`;
    }
  }
  return formatScoreExact(x, decimals);
}

const POW10 = [1, 10, 100, 1000, 10000, 100000, 1000000];

/** {@link formatScore} by decimal-digit arithmetic only (the reference for its fast path). */
export function formatScoreExact(x: number, decimals: number): string {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 100) {
    throw new RangeError(`decimals must be an integer from 0 to 100, got ${decimals}`);
  }
  if (!Number.isFinite(x)) return '';
  const [mantissa, exponent] = Math.abs(x).toExponential(14).split('e');
  const digits = mantissa.replace('.', '');
  // |x| × 10^decimals = 0.<digits> × 10^keep; keep the first `keep` digits, rounding on the next.
  const keep = Number(exponent) + 1 + decimals;
  let scaled: string;
  if (keep >= digits.length) scaled = digits + '0'.repeat(keep - digits.length);
  else if (keep < 0) scaled = '0';
  else {
    const head = digits.slice(0, keep);
    scaled = digits[keep] >= '5' ? incrementDigits(head) : head || '0';
  }
  scaled = scaled.replace(/^0+/, '') || '0';
  if (scaled === '0') return '0';
  const padded = scaled.padStart(decimals + 1, '0');
  const whole = padded.slice(0, padded.length - decimals);
  const fraction = padded.slice(padded.length - decimals).replace(/0+$/, '');
  return `${x < 0 ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}
