// Answer scales and how their values map to sentiments: scale detection, the default mapping of
// each score kind (Viva Glint's favorability map, NPS, top-2-box CSAT, CES 2.0), the mapping of
// Qualtrics `_NPS_GROUP` columns, and a guess of the score kind from a column's text (§4–5).

import type { Headline, ScaleValue, ScoreKind, Sentiment, SentimentMapping } from './types';

/** The most points a scale can have and still get a default mapping (0–10). */
export const MAX_POINTS = 11;
/** The fewest points a scale can have and still get a default mapping. */
export const MIN_POINTS = 2;

/** The range of a column's answers; see {@link detectScale}. */
export interface DetectedScale {
  min: number;
  max: number;
  /** max − min + 1 when every value is an integer; 0 otherwise. */
  points: number;
  /** Every finite value is an integer. */
  integer: boolean;
  /** How many finite values there are. */
  valid: number;
}

/**
 * The range of the finite values (NaN = blank and ±Infinity are ignored). `points` counts the
 * integers from min to max when every value is an integer, and is 0 otherwise. Null when no
 * value is finite.
 */
export function detectScale(values: ArrayLike<number>): DetectedScale | null {
  let min = Infinity;
  let max = -Infinity;
  let integer = true;
  let valid = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    valid++;
    if (v < min) min = v;
    if (v > max) max = v;
    if (integer && !Number.isInteger(v)) integer = false;
  }
  if (valid === 0) return null;
  if (min === 0) min = 0; // -0 → 0
  if (max === 0) max = 0;
  return { min, max, points: integer ? max - min + 1 : 0, integer, valid };
}

/**
 * Viva Glint's favorability map by number of points: [first favorable position, first neutral
 * position], positions counted from 1 at the lowest value. Positions below the neutral start
 * are unfavorable; a scale without neutral values has both starts equal.
 */
const GLINT: Record<number, readonly [number, number]> = {
  2: [2, 2],
  3: [3, 2],
  4: [4, 2],
  5: [4, 3],
  6: [4, 4],
  7: [6, 4],
  8: [6, 4],
  9: [7, 4],
  10: [8, 4],
  11: [10, 8],
};

/** The default headline of a score kind: NPS for nps, the mean for CSAT, % positive otherwise. */
export function headlineFor(kind: ScoreKind): Headline {
  switch (kind) {
    case 'nps':
      return 'nps';
    case 'csat':
      return 'mean';
    case 'favorability':
    case 'ces':
      return 'percent-positive';
  }
}

/** The sentiment of a position (1 = lowest value) of a scale with `points` points. */
function sentimentAt(kind: ScoreKind, position: number, points: number): Sentiment {
  switch (kind) {
    case 'favorability':
    case 'nps': {
      const [fav, neu] = GLINT[points];
      return position >= fav ? 'positive' : position >= neu ? 'neutral' : 'negative';
    }
    case 'csat': {
      if (position <= Math.floor(points / 2)) return 'negative';
      return position > points - 2 ? 'positive' : 'neutral';
    }
    case 'ces': {
      const mid = (points + 1) / 2;
      return position > mid ? 'positive' : position === mid ? 'neutral' : 'negative';
    }
  }
}

/**
 * The default mapping of a kind on the integer scale min..max (2 to 11 points), one value per
 * integer, lowest first, each with its label when `labels` has one:
 * - favorability: Viva Glint's map by number of points, by position from the lowest value
 *   (5 points: 4–5 favorable, 3 neutral, 1–2 unfavorable, §4.1; 0–10: 9–10 / 7–8 / 0–6);
 * - nps: 9–10 promoters (positive), 7–8 passives (neutral), 0–6 detractors (negative) (§5.1);
 *   another 11-point range is read the same way by position;
 * - csat: the two highest values positive, the lowest ⌊points/2⌋ negative, the rest neutral
 *   (top-2 box, §5.2; on 2 points only the top value is positive);
 * - ces: above the midpoint positive, the midpoint neutral, below it negative (7 points: 5–7 /
 *   4 / 1–3 as CES 2.0, §5.3; 5 points: 4–5 / 3 / 1–2).
 * Throws RangeError when min or max is not an integer, the scale has fewer than
 * {@link MIN_POINTS} or more than {@link MAX_POINTS} points, or nps gets no 11-point scale.
 */
export function defaultMapping(
  kind: ScoreKind,
  scale: { min: number; max: number },
  labels?: ReadonlyMap<number, string>,
): SentimentMapping {
  const { min, max } = scale;
  if (!Number.isInteger(min) || !Number.isInteger(max)) {
    throw new RangeError(`A scale needs whole numbers at both ends, got ${min} to ${max}.`);
  }
  const points = max - min + 1;
  if (points < MIN_POINTS || points > MAX_POINTS) {
    throw new RangeError(
      `A scale needs ${MIN_POINTS} to ${MAX_POINTS} points, got ${Math.max(points, 0)} (${min} to ${max}).`,
    );
  }
  if (kind === 'nps' && points !== 11) {
    throw new RangeError(`NPS needs a 0–10 scale (11 points), got ${min} to ${max}.`);
  }
  const values: ScaleValue[] = [];
  for (let position = 1; position <= points; position++) {
    const value = min + position - 1;
    const sv: ScaleValue = { value, sentiment: sentimentAt(kind, position, points) };
    const label = labels?.get(value);
    if (label !== undefined) sv.label = label;
    values.push(sv);
  }
  return { kind, headline: headlineFor(kind), values };
}

/**
 * The mapping of a Qualtrics `<QID>_NPS_GROUP` column (§5.1): 1 = Detractor (negative),
 * 2 = Passive (neutral), 3 = Promoter (positive); kind and headline 'nps'.
 */
export function npsGroupMapping(): SentimentMapping {
  return {
    kind: 'nps',
    headline: 'nps',
    values: [
      { value: 1, label: 'Detractor', sentiment: 'negative' },
      { value: 2, label: 'Passive', sentiment: 'neutral' },
      { value: 3, label: 'Promoter', sentiment: 'positive' },
    ],
  };
}

const RECOMMEND_RE = /recommend|(?:^|[^a-z])nps(?:[^a-z]|$)/;
const EFFORT_RE = /eas(?:y|ier|ily)|effort|difficult/;
const SATISFIED_RE = /satisf/;

/**
 * A first guess of how to read a question, from its header, label (question text) and Qualtrics
 * role, case-insensitively:
 * - nps when it has an `_NPS_GROUP` column (or is one), or its scale is 0..10 and the text
 *   mentions "recommend" (or the word "NPS");
 * - ces when the text mentions "easy", "effort" or "difficult" and the scale has 5 or 7 points;
 * - csat when the text mentions "satisf";
 * - favorability otherwise.
 */
export function guessKind(
  column: { header: string; label?: string; qualtricsRole?: string },
  scale: { min: number; max: number } | null,
  hasNpsGroup: boolean,
): ScoreKind {
  if (hasNpsGroup || column.qualtricsRole === 'nps-group') return 'nps';
  const text = `${column.header}\n${column.label ?? ''}`.toLowerCase();
  if (scale && scale.min === 0 && scale.max === 10 && RECOMMEND_RE.test(text)) return 'nps';
  const points = scale ? scale.max - scale.min + 1 : 0;
  if ((points === 5 || points === 7) && EFFORT_RE.test(text)) return 'ces';
  if (SATISFIED_RE.test(text)) return 'csat';
  return 'favorability';
}
