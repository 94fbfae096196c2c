// How numbers and labels become text, for lib and components alike (see numbers.ts for which
// number rule is used where).
export {
  fixed,
  formatBytes,
  formatChange,
  formatCount,
  formatInt,
  formatInterval,
  formatNumber,
  formatPercent,
  formatValue,
  roundByMagnitude,
  shortNumber,
} from './numbers';
export { formatScore, formatScoreExact } from './score';
export { matrixStatement, plural, questionLabel, shortLabel } from './labels';
export type { ChartTable } from './table';
