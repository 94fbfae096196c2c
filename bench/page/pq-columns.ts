// The person query's non-metric columns: every other column is a metric to average.
// (The baselines pick their metric columns this way; ours detects them itself.)
export const PQ_ATTRIBUTES = new Set([
  'PersonId',
  'MetricDate',
  'UniqueIdentifier',
  'Organization',
  'FunctionType',
  'LevelDesignation',
  'SupervisorIndicator',
  'IsActive',
]);
