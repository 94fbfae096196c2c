export { detectPersonQueryLayout, ROW_INDEX_NAME } from './detect-layout';
export { detectPersonQuery, type PersonQueryInfo } from './detect-person-query';
export {
  parseMetricDate,
  detectDateFormat,
  type DateFormat,
  type MetricDateOptions,
} from './metric-date';
