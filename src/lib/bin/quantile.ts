// Type-7 quantiles (the R and numpy default) by one multi-rank selection instead of a full sort.
// Pure functions over typed arrays.

/** Subranges at most this long are sorted instead of partitioned. */
const SORT_BELOW = 32;

/**
 * Reorders `a` in place so that, for every requested rank r (0-based), `a[r]` holds the r-th
 * smallest value, as if `a` had been sorted. One recursive three-way quickselect serves all ranks:
 * it partitions around a median-of-three pivot (Bentley–McIlroy) and recurses only into the sides that still hold
 * requested ranks (O(n log K) for K ranks). Short subranges are sorted, and a subrange that is
 * partitioned more than about 2·log2(n) times deep is sorted too (the introselect fallback), so
 * sorted, constant and adversarial inputs stay fast. `a` must not contain NaN. Ranks may come in
 * any order and repeat; each must be an integer in [0, a.length) (RangeError otherwise).
 */
export function selectRanks(a: Float64Array, ranks: number[]): void {
  const n = a.length;
  for (const r of ranks) {
    if (!Number.isInteger(r) || r < 0 || r >= n) {
      throw new RangeError(`rank must be an integer from 0 to ${n - 1}, got ${r}`);
    }
  }
  if (ranks.length === 0) return;
  const sorted = Float64Array.from(ranks).sort();
  let u = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (i === 0 || sorted[i] !== sorted[u - 1]) sorted[u++] = sorted[i];
  }
  const depthLimit = 2 * Math.ceil(Math.log2(n + 1)) + 4;
  selectInto(a, 0, n - 1, sorted, 0, u - 1, depthLimit);
}

/** Places ranks[rlo..rhi] (ascending, all within [lo, hi]) into position within a[lo..hi]. */
function selectInto(
  a: Float64Array,
  lo: number,
  hi: number,
  ranks: Float64Array,
  rlo: number,
  rhi: number,
  depth: number,
): void {
  while (rlo <= rhi && lo < hi) {
    if (hi - lo < SORT_BELOW || depth <= 0) {
      a.subarray(lo, hi + 1).sort();
      return;
    }
    depth--;
    const [lt, gt] = partition3(a, lo, hi);
    // Ranks inside [lt, gt] are settled; split the rest between the two sides.
    const leftEnd = firstAtLeast(ranks, rlo, rhi, lt); // ranks[rlo..leftEnd-1] < lt
    const rightStart = firstAtLeast(ranks, leftEnd, rhi, gt + 1); // ranks[rightStart..] > gt
    const leftSize = lt - lo;
    const rightSize = hi - gt;
    // Recurse into the smaller side, loop on the larger one.
    if (leftSize <= rightSize) {
      if (leftEnd > rlo) selectInto(a, lo, lt - 1, ranks, rlo, leftEnd - 1, depth);
      lo = gt + 1;
      rlo = rightStart;
    } else {
      if (rightStart <= rhi) selectInto(a, gt + 1, hi, ranks, rightStart, rhi, depth);
      hi = lt - 1;
      rhi = leftEnd - 1;
    }
  }
}

/**
 * Bentley–McIlroy three-way partition of a[lo..hi] around a median-of-three pivot (Tukey's
 * ninther, the median of three medians of three, on long ranges). Returns [lt, gt] with
 * a[lo..lt-1] < pivot, a[lt..gt] = pivot and a[gt+1..hi] > pivot. Sorted, reversed and constant
 * ranges split evenly (or at once).
 */
function partition3(a: Float64Array, lo: number, hi: number): [number, number] {
  const n = hi - lo + 1;
  const mid = lo + (n >>> 1);
  let m: number;
  if (n < NINTHER_FROM) {
    m = median3(a, lo, mid, hi);
  } else {
    const eps = n >>> 3;
    m = median3(
      a,
      median3(a, lo, lo + eps, lo + 2 * eps),
      median3(a, mid - eps, mid, mid + eps),
      median3(a, hi - 2 * eps, hi - eps, hi),
    );
  }
  swap(a, lo, m);
  const v = a[lo];
  let i = lo;
  let j = hi + 1;
  let p = lo;
  let q = hi + 1;
  // Equal keys are parked at both ends ([lo..p] and [q..hi]) and moved to the middle afterwards.
  for (;;) {
    while (a[++i] < v) if (i === hi) break;
    while (v < a[--j]) if (j === lo) break;
    if (i === j && a[i] === v) swap(a, ++p, i);
    if (i >= j) break;
    swap(a, i, j);
    if (a[i] === v) swap(a, ++p, i);
    if (a[j] === v) swap(a, --q, j);
  }
  i = j + 1;
  for (let k = lo; k <= p; k++) swap(a, k, j--);
  for (let k = hi; k >= q; k--) swap(a, k, i++);
  return [j + 1, i - 1];
}

/** Ranges at least this long take Tukey's ninther as the pivot. */
const NINTHER_FROM = 128;

/** The index (i, j or k) holding the median of a[i], a[j], a[k]. */
function median3(a: Float64Array, i: number, j: number, k: number): number {
  const x = a[i];
  const y = a[j];
  const z = a[k];
  if (x < y) return y < z ? j : x < z ? k : i;
  return x < z ? i : y < z ? k : j;
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}

/** The first index in ranks[from..to] whose rank is ≥ value (to + 1 when none is). */
function firstAtLeast(ranks: Float64Array, from: number, to: number, value: number): number {
  let lo = from;
  let hi = to + 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ranks[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Type-7 quantiles (Hyndman–Fan; the default of R `quantile` and `numpy.quantile`) of the finite
 * values at each probability in `ps`, returned in the order of `ps`. NaN and ±Infinity are skipped,
 * and -0 counts as 0. For n values sorted as x[0..n-1], p gives h = (n−1)·p, j = ⌊h⌋, g = h − j
 * and the result `g === 0 ? x[j] : x[j] + (x[j+1] − x[j])·g`. The values are copied once and only
 * the order statistics needed are selected ({@link selectRanks}); the input is not changed.
 * With no finite values every result is NaN. Each p must be in [0, 1] (RangeError otherwise).
 */
export function quantiles7(values: ArrayLike<number>, ps: readonly number[]): number[] {
  for (const p of ps) {
    if (!(p >= 0 && p <= 1)) throw new RangeError(`probability must be in [0, 1], got ${p}`);
  }
  const all = new Float64Array(values.length);
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v)) all[n++] = v === 0 ? 0 : v;
  }
  if (n === 0) return ps.map(() => NaN);
  const x = all.subarray(0, n);
  const js = new Array<number>(ps.length);
  const gs = new Array<number>(ps.length);
  const ranks: number[] = [];
  for (let k = 0; k < ps.length; k++) {
    const h = (n - 1) * ps[k];
    const j = Math.floor(h);
    const g = j + 1 < n ? h - j : 0;
    js[k] = j;
    gs[k] = g;
    ranks.push(j);
    if (g > 0) ranks.push(j + 1);
  }
  selectRanks(x, ranks);
  return ps.map((_, k) => {
    const j = js[k];
    const g = gs[k];
    return g === 0 ? x[j] : x[j] + (x[j + 1] - x[j]) * g;
  });
}
