// Category scores: recode each question's answers (scale, reverse scoring, missing codes), then
// average the answered items of each category. Pure functions over Float64Array (NaN = blank).

/** How one question's answers become scores. */
export interface ScaleSettings {
  min: number;
  max: number;
  reverse: boolean;
  missingCodes: readonly number[];
}

export interface Recoded {
  /** The score per row; NaN when blank, a missing code, or outside the scale. */
  values: Float64Array;
  /** Rows whose answer was outside [min, max] (and not a missing code), treated as missing. */
  outOfRange: number[];
  /** How many answers were missing codes. */
  missingCoded: number;
}

/**
 * Recodes one question. A missing code wins over the range check (a "Don't know" = 6 on a 1–5
 * scale is missing, not an error); other values outside the scale are missing and reported.
 * Reverse scoring maps v to `min + max - v` (on 1–5: 1↔5, 2↔4).
 */
export function recodeAnswers(answers: Float64Array, s: ScaleSettings): Recoded {
  const values = new Float64Array(answers.length);
  const missing = new Set(s.missingCodes);
  const outOfRange: number[] = [];
  let missingCoded = 0;
  for (let r = 0; r < answers.length; r++) {
    const v = answers[r];
    if (Number.isNaN(v)) {
      values[r] = NaN;
    } else if (missing.has(v)) {
      values[r] = NaN;
      missingCoded++;
    } else if (v < s.min || v > s.max) {
      values[r] = NaN;
      outOfRange.push(r);
    } else {
      values[r] = s.reverse ? s.min + s.max - v : v;
    }
  }
  return { values, outOfRange, missingCoded };
}

/**
 * Per row, the mean of the answered items (non-NaN); NaN when fewer than `minAnswered` items were
 * answered. Sums run in item order, so results are reproducible. A one-item category is that item.
 */
export function categoryMeans(
  items: readonly Float64Array[],
  rowCount: number,
  minAnswered = 1,
): Float64Array {
  const out = new Float64Array(rowCount);
  const need = Math.max(1, Math.floor(minAnswered));
  for (let r = 0; r < rowCount; r++) {
    let sum = 0;
    let n = 0;
    for (const item of items) {
      const v = item[r];
      if (!Number.isNaN(v)) {
        sum += v;
        n++;
      }
    }
    out[r] = n >= need ? sum / n : NaN;
  }
  return out;
}
