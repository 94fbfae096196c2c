// Small statistics for the scores: Student t quantiles, proportion intervals (Wilson, Wald),
// the t interval of a mean and Welch's two-sample comparison (reference §5.5). Pure functions.

import type { Interval } from './types';

/** The 97.5% point of the standard normal distribution, z for 95% intervals (§5.5). */
export const Z95 = 1.959963984540054;

const LN_SQRT_2PI = 0.9189385332046728; // ln √(2π)
const LN_SQRT_PI = 0.5723649429247001; // ln √π = ln Γ(1/2)
const EPS = Number.EPSILON;
const TINY = 1e-300;
/** Above this many degrees of freedom, t quantiles come from the Cornish–Fisher expansion. */
const CORNISH_FISHER_ABOVE = 1e5;

// ---------------------------------------------------------------------------------------------
// Gamma and beta functions

/** Lanczos coefficients, g = 7, n = 9. */
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
];

/** ln Γ(x) − ((x − ½)·ln x − x + ln √(2π)), the Stirling series remainder, for x ≥ 10. */
function stirlingRemainder(x: number): number {
  const r = 1 / (x * x);
  return (
    (1 / 12 -
      r *
        (1 / 360 -
          r * (1 / 1260 - r * (1 / 1680 - r * (1 / 1188 - r * (691 / 360360 - r / 156)))))) /
    x
  );
}

/** ln Γ(x) for x > 0 (Stirling with its remainder for x ≥ 10, Lanczos below). */
function logGamma(x: number): number {
  if (x >= 10) return (x - 0.5) * Math.log(x) - x + LN_SQRT_2PI + stirlingRemainder(x);
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const y = x - 1;
  let a = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) a += LANCZOS[i] / (y + i);
  const t = y + 7.5;
  return LN_SQRT_2PI + (y + 0.5) * Math.log(t) - t + Math.log(a);
}

/**
 * ln B(a, b) for a, b > 0. Large arguments use Stirling remainders so that nothing cancels
 * (the method of R's `lbeta`), which keeps t quantiles precise at large degrees of freedom.
 */
function logBeta(a: number, b: number): number {
  const p = Math.min(a, b);
  const q = Math.max(a, b);
  if (p >= 10) {
    const corr = stirlingRemainder(p) + stirlingRemainder(q) - stirlingRemainder(p + q);
    return (
      -0.5 * Math.log(q) +
      LN_SQRT_2PI +
      corr +
      (p - 0.5) * Math.log(p / (p + q)) +
      q * Math.log1p(-p / (p + q))
    );
  }
  if (q >= 10) {
    const corr = stirlingRemainder(q) - stirlingRemainder(p + q);
    return logGamma(p) + corr + p - p * Math.log(p + q) + (q - 0.5) * Math.log1p(-p / (p + q));
  }
  return logGamma(p) + logGamma(q) - logGamma(p + q);
}

/** The continued fraction of the incomplete beta function (modified Lentz). */
function betaFraction(x: number, a: number, b: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 1_000_000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) <= EPS) break;
  }
  return h;
}

/**
 * The regularized incomplete beta function I_x(a, b). The caller passes x and y = 1 − x and
 * their logarithms, each computed without cancellation.
 */
function incompleteBeta(
  x: number,
  y: number,
  logX: number,
  logY: number,
  a: number,
  b: number,
): number {
  if (x <= 0) return 0;
  if (y <= 0) return 1;
  const front = Math.exp(a * logX + b * logY - logBeta(a, b));
  if (x < (a + 1) / (a + b + 2)) return (front * betaFraction(x, a, b)) / a;
  return 1 - (front * betaFraction(y, b, a)) / b;
}

/** The regularized lower incomplete gamma function P(½, x) and its complement Q(½, x). */
function halfGamma(x: number): { p: number; q: number } {
  if (x <= 0) return { p: 0, q: 1 };
  const front = Math.exp(-x + 0.5 * Math.log(x) - LN_SQRT_PI);
  if (x < 1.5) {
    let ap = 0.5;
    let del = 2;
    let sum = del;
    for (let i = 0; i < 1000; i++) {
      ap += 1;
      del *= x / ap;
      sum += del;
      if (Math.abs(del) < Math.abs(sum) * EPS) break;
    }
    const p = sum * front;
    return { p, q: 1 - p };
  }
  let b = x + 0.5;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - 0.5);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) <= EPS) break;
  }
  const q = front * h;
  return { p: 1 - q, q };
}

// ---------------------------------------------------------------------------------------------
// Student t (df = Infinity: standard normal)

/** P(T > t) for t ≥ 0. */
function upperTail(t: number, df: number): number {
  if (df === Infinity) return 0.5 * halfGamma(0.5 * t * t).q;
  const t2 = t * t;
  const x = df / (df + t2);
  const y = t2 / (df + t2);
  return 0.5 * incompleteBeta(x, y, -Math.log1p(t2 / df), Math.log(y), df / 2, 0.5);
}

/** P(−t < T < t) for t ≥ 0. */
function central(t: number, df: number): number {
  if (df === Infinity) return halfGamma(0.5 * t * t).p;
  const t2 = t * t;
  const x = t2 / (df + t2);
  const y = df / (df + t2);
  return incompleteBeta(x, y, Math.log(x), -Math.log1p(t2 / df), 0.5, df / 2);
}

/** The density of T at t. */
function density(t: number, df: number): number {
  if (df === Infinity) return Math.exp(-0.5 * t * t - LN_SQRT_2PI);
  return Math.exp(
    -logBeta(df / 2, 0.5) - 0.5 * Math.log(df) - ((df + 1) / 2) * Math.log1p((t * t) / df),
  );
}

/** A rough upper normal quantile (Abramowitz & Stegun 26.2.23, error < 4.5e-4), q in (0, ½]. */
function roughNormal(q: number): number {
  const t = Math.sqrt(-2 * Math.log(q));
  const z =
    t -
    (2.515517 + t * (0.802853 + t * 0.010328)) /
      (1 + t * (1.432788 + t * (0.189269 + t * 0.001308)));
  return Math.max(z, 0);
}

/** The Cornish–Fisher expansion of the t quantile around the normal one (A&S 26.7.5). */
function cornishFisher(z: number, df: number): number {
  const z2 = z * z;
  const g1 = (z * (z2 + 1)) / 4;
  const g2 = (z * ((5 * z2 + 16) * z2 + 3)) / 96;
  const g3 = (z * (((3 * z2 + 19) * z2 + 17) * z2 - 15)) / 384;
  const g4 = (z * ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945)) / 92160;
  return z + (g1 + (g2 + (g3 + g4 / df) / df) / df) / df;
}

/**
 * The t > 0 with P(T > t) = q, for q in (0, ½), by Newton's method: on P(|T| < t) = 1 − 2q
 * near the centre, and on ln P(T > t) against ln t in the tails, where both are concave, so
 * the iteration converges from any start. A bracket guards against rounding.
 */
function solveUpper(q: number, df: number, start: number): number {
  let t = start > 0 && Number.isFinite(start) ? start : 1;
  let lo = 0;
  let hi = Infinity;
  if (q >= 0.25) {
    const target = 1 - 2 * q;
    for (let i = 0; i < 100; i++) {
      const f = central(t, df) - target;
      if (f === 0) return t;
      if (f < 0) lo = Math.max(lo, t);
      else hi = Math.min(hi, t);
      let next = t - f / (2 * density(t, df));
      if (!(next > lo && next < hi)) next = hi === Infinity ? 2 * t : (lo + hi) / 2;
      if (Math.abs(next - t) <= 2 * EPS * t) return next;
      t = next;
    }
    return t;
  }
  const logQ = Math.log(q);
  for (let i = 0; i < 200; i++) {
    const s = upperTail(t, df);
    const f = Math.log(s) - logQ;
    if (f === 0) return t;
    if (f > 0) lo = Math.max(lo, t);
    else hi = Math.min(hi, t);
    const step = (f * s) / (t * density(t, df)); // Newton step in ln t
    let next = t * Math.exp(Math.max(-5, Math.min(5, step)));
    if (!(next > lo && next < hi)) next = hi === Infinity ? 2 * t : (lo + hi) / 2;
    if (Math.abs(next - t) <= 2 * EPS * t) return next;
    t = next;
  }
  return t;
}

/**
 * The p-quantile of Student's t distribution with df degrees of freedom (df > 0, not
 * necessarily an integer, as in Welch's test; Infinity gives the standard normal). Accurate to
 * about 1e-12 relative for df ≥ 1: closed forms for df = 1 and 2, Newton's method on the
 * regularized incomplete beta function up to df = 1e7, the Cornish–Fisher expansion above.
 * p = 0 → −Infinity, p = 1 → Infinity; NaN for p outside [0, 1] or df ≤ 0.
 */
export function tQuantile(p: number, df: number): number {
  if (!(p >= 0 && p <= 1) || !(df > 0)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  const upper = p > 0.5;
  const q = upper ? 1 - p : p; // exact: p ≥ ½ makes 1 − p exact
  let t: number;
  if (df === 1) {
    t = q > 0.25 ? Math.tan(Math.PI * (0.5 - q)) : 1 / Math.tan(Math.PI * q);
  } else if (df === 2) {
    t = (1 - 2 * q) / Math.sqrt(2 * q * (1 - q));
  } else {
    const z = solveUpper(q, Infinity, roughNormal(q));
    t = df > CORNISH_FISHER_ABOVE ? cornishFisher(z, df) : solveUpper(q, df, cornishFisher(z, df));
  }
  return upper ? t : -t;
}

// ---------------------------------------------------------------------------------------------
// Intervals

function checkCounts(successes: number, n: number): void {
  if (!(Number.isFinite(n) && n >= 0 && successes >= 0 && successes <= n)) {
    throw new RangeError(`need 0 ≤ successes ≤ n, got ${successes} of ${n}`);
  }
}

/**
 * Wilson score interval of the proportion successes/n, as fractions 0…1 (§5.5; equals R
 * `prop.test(correct = FALSE)`): centre (p + z²/2n)/(1 + z²/n), half-width
 * z·√(p(1−p)/n + z²/4n²)/(1 + z²/n), kept within [0, 1] (exactly 0 with no successes, 1
 * with all). With n = 0 there is no information
 * and both ends are NaN. Throws RangeError unless 0 ≤ successes ≤ n.
 */
export function wilson(successes: number, n: number, z = Z95): Interval {
  checkCounts(successes, n);
  if (n === 0) return { low: NaN, high: NaN };
  const p = successes / n;
  const z2n = (z * z) / n;
  const denom = 1 + z2n;
  const centre = (p + z2n / 2) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2n / (4 * n))) / denom;
  return {
    low: successes === 0 ? 0 : Math.max(0, centre - half),
    high: successes === n ? 1 : Math.min(1, centre + half),
  };
}

/**
 * Wald (normal) interval p ± z·√(p(1−p)/n) of the proportion successes/n, as fractions, clipped
 * to [0, 1] like statsmodels' 'normal' method (§5.5). NaN ends with n = 0. Throws RangeError
 * unless 0 ≤ successes ≤ n.
 */
export function wald(successes: number, n: number, z = Z95): Interval {
  checkCounts(successes, n);
  if (n === 0) return { low: NaN, high: NaN };
  const p = successes / n;
  const half = z * Math.sqrt((p * (1 - p)) / n);
  return { low: Math.max(0, p - half), high: Math.min(1, p + half) };
}

/**
 * The t interval of a mean, x̄ ± t((1 + level)/2, n − 1)·s/√n with s the sample standard
 * deviation (n − 1), as R `t.test` (§5.5). Null when n < 2 or the mean or sd is not finite.
 */
export function meanInterval(n: number, mean: number, sd: number, level = 0.95): Interval | null {
  if (!(n >= 2) || !Number.isFinite(mean) || !Number.isFinite(sd)) return null;
  const half = tQuantile((1 + level) / 2, n - 1) * (sd / Math.sqrt(n));
  return { low: mean - half, high: mean + half };
}

/** A group's mean: size, mean and sample standard deviation (n − 1). */
export interface MeanSummary {
  n: number;
  mean: number;
  sd: number;
}

/** Welch's comparison of two means; see {@link welch}. */
export interface WelchResult {
  /** b.mean − a.mean. */
  diff: number;
  /** √(s_a²/n_a + s_b²/n_b). */
  se: number;
  /** Welch–Satterthwaite degrees of freedom. */
  df: number;
  /** 95% interval of diff: diff ± t(0.975, df)·se. */
  interval: Interval;
  /** The interval leaves out 0 (two-sided Welch t test at 5%). */
  significant: boolean;
}

/**
 * Welch's unequal-variance comparison of two independent means, as R `t.test(b, a)`: the
 * difference b − a (the same direction as `compareScores`), its standard error, the
 * Welch–Satterthwaite degrees of freedom and the 95% interval. When both groups are constant
 * (se = 0) df is n_a + n_b − 2 and the difference is significant if it is not 0. Null when
 * either group has fewer than 2 values or a mean or sd is not finite.
 */
export function welch(a: MeanSummary, b: MeanSummary): WelchResult | null {
  if (!(a.n >= 2 && b.n >= 2)) return null;
  if (![a.mean, a.sd, b.mean, b.sd].every(Number.isFinite)) return null;
  const va = (a.sd * a.sd) / a.n;
  const vb = (b.sd * b.sd) / b.n;
  const diff = b.mean - a.mean;
  const v = va + vb;
  const se = Math.sqrt(v);
  if (v === 0) {
    return {
      diff,
      se: 0,
      df: a.n + b.n - 2,
      interval: { low: diff, high: diff },
      significant: diff !== 0,
    };
  }
  const df = (v * v) / ((va * va) / (a.n - 1) + (vb * vb) / (b.n - 1));
  const half = tQuantile(0.975, df) * se;
  const interval = { low: diff - half, high: diff + half };
  return { diff, se, df, interval, significant: interval.low > 0 || interval.high < 0 };
}
