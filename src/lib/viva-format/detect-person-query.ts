import { parseNumber } from '../table/infer';
import type { VivaRole } from '../table/types';
import { detectDateFormat, type DateFormat } from './metric-date';

/** What the headers and first rows of a Viva Insights person query say about its columns. */
export interface PersonQueryInfo {
  /** One role per header. */
  roles: VivaRole[];
  personIdColumn: number;
  metricDateColumn: number;
  /** An unnamed first column counting rows 1, 2, 3… (R `write.csv`, pandas `to_csv`). */
  rowIndexColumn: number | null;
  /** True when the date column is the legacy Workplace Analytics `Date`. */
  legacyDate: boolean;
  dateFormat: DateFormat | null;
  /** The sample's date values, for messages. */
  dateSample: string[];
}

/** HR/org attributes that may hold numbers (Layer 3, HourlyRate) but are not metrics. */
const ATTRIBUTES = new Set(
  [
    'Organization',
    'FunctionType',
    'LevelDesignation',
    'Level',
    'Layer',
    'SupervisorIndicator',
    'IsActive',
    'WeekendDays',
    'HireDate',
    'TimeZone',
    'Region',
    'Domain',
    'ManagerId',
    'HourlyRate',
    'EffectiveDate',
  ].map((s) => s.toLowerCase()),
);
/** Missing-value markers: Copilot metrics are NULL for unlicensed people, R writes NA. */
export const MISSING_RE = /^(?:|null|na|nan)$/i;

/**
 * Recognises a person query by its `PersonId` and `MetricDate` (or legacy `Date`) headers,
 * case-insensitively, and gives each column a role; null when it is not one.
 */
export function detectPersonQuery(
  headers: readonly string[],
  sampleRows: readonly (readonly string[])[],
): PersonQueryInfo | null {
  const names = headers.map((h) =>
    h
      .replace(/^\uFEFF/, '')
      .trim()
      .toLowerCase(),
  );
  const personIdColumn = names.indexOf('personid');
  let metricDateColumn = names.indexOf('metricdate');
  const legacyDate = metricDateColumn < 0;
  if (legacyDate) metricDateColumn = names.indexOf('date');
  if (personIdColumn < 0 || metricDateColumn < 0) return null;

  const values = (i: number): string[] => sampleRows.map((r) => (r[i] ?? '').trim());
  const rowIndexColumn = names[0] === '' && isRowCounter(values(0)) ? 0 : null;
  const roles = names.map((name, i): VivaRole => {
    if (i === personIdColumn) return 'person-id';
    if (i === metricDateColumn) return 'metric-date';
    if (i === rowIndexColumn) return 'row-index';
    if (ATTRIBUTES.has(name)) return 'attribute';
    const text = values(i).some((v) => !MISSING_RE.test(v) && Number.isNaN(parseNumber(v)));
    return text ? 'attribute' : 'metric';
  });
  const dateSample = values(metricDateColumn).filter((v) => v !== '');
  return {
    roles,
    personIdColumn,
    metricDateColumn,
    rowIndexColumn,
    legacyDate,
    dateFormat: detectDateFormat(dateSample),
    dateSample,
  };
}

/** Consecutive integers (1, 2, 3… or 0, 1, 2…), as written by R or pandas. */
function isRowCounter(values: readonly string[]): boolean {
  if (values.length === 0) return false;
  const first = Number(values[0]);
  return (
    (first === 0 || first === 1) &&
    values.every((v, k) => /^\d+$/.test(v) && Number(v) === first + k)
  );
}
