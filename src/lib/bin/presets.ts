// Ready-made binning specs: the fixed cut points of the vivainsights `*_dist` functions, the
// "survey form ranges" labels, and the usual quantiles.

import type { FixedSpec, LabelledSpec, QuantileSpec } from './bins';

/** A named fixed-cut spec for one Viva metric. */
export interface FixedPreset {
  id: string;
  name: string;
  /** The person-query column it is meant for (e.g. `Collaboration_hours`). */
  metric: string;
  spec: FixedSpec;
}

export interface LabelPreset {
  id: string;
  name: string;
  spec: LabelledSpec;
}

export interface QuantilePreset {
  id: string;
  name: string;
  spec: QuantileSpec;
}

function hours(cuts: number[]): FixedSpec {
  return { mode: 'fixed', cuts, unit: 'hours', lbound: 0, ubound: 200, labels: null };
}

/**
 * The cut points of vivainsights `collaboration_dist`, `afterhours_dist`, `email_dist`,
 * `meeting_dist` and `external_dist`, with `create_dist`'s bounds 0 and 200 hours.
 */
export const FIXED_PRESETS: readonly FixedPreset[] = [
  {
    id: 'collaboration',
    name: 'Collaboration hours',
    metric: 'Collaboration_hours',
    spec: hours([15, 20, 25]),
  },
  {
    id: 'after-hours',
    name: 'After-hours collaboration hours',
    metric: 'After_hours_collaboration_hours',
    spec: hours([1, 2, 3]),
  },
  { id: 'email', name: 'Email hours', metric: 'Email_hours', spec: hours([0.5, 1, 1.5]) },
  { id: 'meeting', name: 'Meeting hours', metric: 'Meeting_hours', spec: hours([5, 10, 15]) },
  {
    id: 'external',
    name: 'External collaboration hours',
    metric: 'External_collaboration_hours',
    spec: hours([5, 10, 15]),
  },
];

/**
 * The fixed-cut preset for a metric column (case-insensitive exact name), as a fresh copy the
 * caller may change; null when there is none.
 */
export function presetFor(metricName: string): FixedPreset | null {
  const wanted = metricName.toLowerCase();
  const found = FIXED_PRESETS.find((p) => p.metric.toLowerCase() === wanted);
  if (!found) return null;
  return { ...found, spec: { ...found.spec, cuts: [...found.spec.cuts] } };
}

/** "Survey form ranges" (quantile bins named in ascending order); the first is the default. */
export const LABEL_PRESETS: readonly LabelPreset[] = [
  {
    id: 'very-low-to-very-high',
    name: 'Very Low to Very High',
    spec: { mode: 'labelled', labels: ['Very Low', 'Low', 'Medium', 'High', 'Very High'] },
  },
  {
    id: 'low-to-high',
    name: 'Low to High',
    spec: { mode: 'labelled', labels: ['Low', 'Medium', 'High'] },
  },
];

/** Quartiles Q1–Q4, quintiles 1–5, deciles D1–D10 and percentiles P1–P100. */
export const QUANTILE_PRESETS: readonly QuantilePreset[] = [
  { id: 'quartiles', name: 'Quartiles', spec: { mode: 'quantile', k: 4, prefix: 'Q' } },
  { id: 'quintiles', name: 'Quintiles', spec: { mode: 'quantile', k: 5, prefix: '' } },
  { id: 'deciles', name: 'Deciles', spec: { mode: 'quantile', k: 10, prefix: 'D' } },
  { id: 'percentiles', name: 'Percentiles', spec: { mode: 'quantile', k: 100, prefix: 'P' } },
];
