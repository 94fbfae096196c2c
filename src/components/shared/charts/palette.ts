// Shared chart colours. The categorical palette is the one Histogram.svelte uses, so bars on
// the recipe and analysis screens look alike.

/** Sentiment colours: favourable / neutral / unfavourable (NPS promoters / passives / detractors). */
export const SENTIMENT = {
  positive: '#2e8b57',
  neutral: '#a0a7b1',
  negative: '#c4314b',
} as const;

/** Categorical colours for groups, in order. */
export const CATEGORICAL: readonly string[] = [
  '#3b6fb6',
  '#e08a2e',
  '#3f9c6d',
  '#b5485d',
  '#7a5bb0',
  '#8c6d31',
  '#2f8f9d',
];

/** The main series colour (first categorical colour). */
export const PRIMARY = CATEGORICAL[0];
/** Muted grey for suppressed or out-of-bin marks. */
export const MUTED = '#b5bdc6';
/** Interval whiskers and other ink. */
export const INK = '#1d2939';
/** Gridlines. */
export const GRID = '#eef1f5';

/** The i-th colour of `colors` (default: the categorical palette), cycling. */
export function colorAt(i: number, colors: readonly string[] = CATEGORICAL): string {
  const list = colors.length > 0 ? colors : CATEGORICAL;
  return list[((i % list.length) + list.length) % list.length];
}

/** '#3b6fb6' + 0.2 → 'rgba(59, 111, 182, 0.2)'. Colours not in #rgb/#rrggbb form come back as is. */
export function withAlpha(hex: string, alpha: number): string {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(hex.trim());
  if (!m) return hex;
  const h = m[1].length === 3 ? [...m[1]].map((c) => c + c).join('') : m[1];
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16));
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}
