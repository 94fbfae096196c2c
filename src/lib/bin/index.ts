export { quantiles7, selectRanks } from './quantile';
export {
  binValues,
  binLabel,
  binIndex,
  type BinSpec,
  type QuantileSpec,
  type LabelledSpec,
  type FixedSpec,
  type AverageSpec,
  type BinOptions,
  type BinResult,
} from './bins';
export { histogram, barBin, type Histogram } from './histogram';
export {
  FIXED_PRESETS,
  LABEL_PRESETS,
  QUANTILE_PRESETS,
  presetFor,
  type FixedPreset,
  type LabelPreset,
  type QuantilePreset,
} from './presets';
