// The options of a response export (`POST /surveys/{id}/export-responses`, reference §4.5),
// checked before sending: Qualtrics answers a bad combination with a bare 400, while here the
// user learns which option clashes with which and why. Values are always sent explicitly,
// because the documented defaults look like generator artifacts (§4.5).
import { ValidationError } from '../errors';

export type ExportFormat = 'csv' | 'tsv' | 'json' | 'ndjson' | 'spss' | 'xml';
export const EXPORT_FORMATS: readonly ExportFormat[] = [
  'csv',
  'tsv',
  'json',
  'ndjson',
  'spss',
  'xml',
];

export interface ExportOptions {
  format: ExportFormat;
  /** Zip the file (default true; the client then unzips it). */
  compress?: boolean;
  /** Choice text instead of recode values; csv/tsv/spss/xml only. */
  useLabels?: boolean;
  includeLabelColumns?: boolean;
  /** ISO-8601 with Z or an offset; start inclusive, end exclusive (recorded date). */
  startDate?: string;
  endDate?: string;
  limit?: number;
  /** A saved filter (UUID); not with allowContinuation or sortByLastModifiedDate. */
  filterId?: string;
  /** Only responses in progress (unfinished sessions). */
  exportResponsesInProgress?: boolean;
  /** `QIDn` only; [] exports no question columns. */
  questionIds?: string[];
  embeddedDataIds?: string[];
  surveyMetadataIds?: string[];
  /** IANA zone for dates in csv/tsv/xml/spss (UTC when absent). */
  timeZone?: string;
  seenUnansweredRecode?: number;
  multiselectSeenUnansweredRecode?: number;
  breakoutSets?: boolean;
  includeDisplayOrder?: boolean;
  formatDecimalAsComma?: boolean;
  newlineReplacement?: string;
  /** Ask for a continuation token (incremental exports; tokens last a week). */
  allowContinuation?: boolean;
  /** Export only what changed since the export that issued this token. */
  continuationToken?: string;
  sortByLastModifiedDate?: boolean;
}

/** Options that Qualtrics refuses with json/ndjson (labels are always in those files). */
const TABULAR_ONLY = [
  'useLabels',
  'includeLabelColumns',
  'seenUnansweredRecode',
  'multiselectSeenUnansweredRecode',
  'breakoutSets',
  'includeDisplayOrder',
  'formatDecimalAsComma',
  'timeZone',
  'newlineReplacement',
] as const;

export const SURVEY_METADATA_IDS = [
  'startDate', 'endDate', 'status', 'ipAddress', 'progress', 'duration', 'finished', 'recordedDate',
  '_recordId', 'locationLatitude', 'locationLongitude', 'recipientLastName', 'recipientFirstName',
  'recipientEmail', 'externalDataReference', 'externalReference', 'distributionChannel', 'userLanguage',
] as const; // prettier-ignore

const ISO_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const UUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Every problem with the options, as sentences (empty when they can be sent). */
export function exportOptionProblems(o: ExportOptions): string[] {
  const p: string[] = [];
  if (!EXPORT_FORMATS.includes(o.format)) {
    p.push(
      `Format "${String(o.format)}" is not one Qualtrics exports (${EXPORT_FORMATS.join(', ')}); Excel files come from the Qualtrics website only.`,
    );
  }
  if (o.format === 'json' || o.format === 'ndjson') {
    const set = TABULAR_ONLY.filter((k) => o[k] !== undefined && o[k] !== false);
    if (set.length > 0) {
      p.push(
        `${set.join(', ')} cannot be used with ${o.format}: those files always hold both values and labels. Choose CSV or TSV, or turn ${set.length > 1 ? 'them' : 'it'} off.`,
      );
    }
  } else if (o.newlineReplacement !== undefined && o.format !== 'csv' && o.format !== 'tsv') {
    p.push('newlineReplacement works with CSV and TSV only.');
  }
  if (o.useLabels && o.includeLabelColumns) {
    p.push(
      'useLabels and includeLabelColumns cannot be combined: choose labels in place or label columns beside the values.',
    );
  }
  if (o.filterId !== undefined && (o.allowContinuation || o.sortByLastModifiedDate)) {
    p.push(
      'A saved filter cannot be combined with continuation or with sorting by last-modified date (Qualtrics refuses it).',
    );
  }
  if (o.filterId !== undefined && !UUID_RE.test(o.filterId)) {
    p.push(
      `"${o.filterId}" is not a saved-filter id: those are UUIDs like 9b67fbb7-ef89-430d-8ddf-f17f44de9254.`,
    );
  }
  for (const k of ['startDate', 'endDate'] as const) {
    const v = o[k];
    if (v !== undefined && (!ISO_RE.test(v) || Number.isNaN(Date.parse(v)))) {
      p.push(
        `${k} "${v}" must be an ISO-8601 date-time with Z or an offset, e.g. 2024-01-31T00:00:00Z.`,
      );
    }
  }
  if (o.startDate && o.endDate && Date.parse(o.startDate) >= Date.parse(o.endDate)) {
    p.push('startDate must be before endDate (the end is exclusive).');
  }
  if (o.limit !== undefined && !(Number.isInteger(o.limit) && o.limit > 0)) {
    p.push('limit must be a whole number above 0.');
  }
  const badQ = (o.questionIds ?? []).filter((q) => !/^QID\d+$/.test(q));
  if (badQ.length > 0) {
    p.push(
      `questionIds take question ids like QID12 only (not export tags or sub-columns): ${badQ.join(', ')}.`,
    );
  }
  const badM = (o.surveyMetadataIds ?? []).filter(
    (m) => !(SURVEY_METADATA_IDS as readonly string[]).includes(m),
  );
  if (badM.length > 0) {
    p.push(
      `Unknown surveyMetadataIds: ${badM.join(', ')}. Known: ${SURVEY_METADATA_IDS.join(', ')}.`,
    );
  }
  if (o.timeZone !== undefined && !isTimeZone(o.timeZone)) {
    p.push(`"${o.timeZone}" is not a time zone name like Europe/Paris or UTC.`);
  }
  for (const k of ['seenUnansweredRecode', 'multiselectSeenUnansweredRecode'] as const) {
    if (o[k] !== undefined && !Number.isInteger(o[k])) {
      p.push(`${k} must be a whole number (e.g. -99).`);
    }
  }
  if (o.continuationToken !== undefined && o.continuationToken.trim() === '') {
    p.push('The continuation token is empty.');
  }
  return p;
}

/** The request body: validated, defaults made explicit, unset options left out. */
export function exportRequestBody(o: ExportOptions): Record<string, unknown> {
  const problems = exportOptionProblems(o);
  if (problems.length > 0) {
    throw new ValidationError(`These export options cannot be sent: ${problems.join(' ')}`);
  }
  const tabular = o.format !== 'json' && o.format !== 'ndjson';
  const body: Record<string, unknown> = {
    format: o.format,
    compress: o.compress ?? true,
    exportResponsesInProgress: o.exportResponsesInProgress ?? false,
  };
  if (tabular) {
    body.useLabels = o.useLabels ?? false;
    body.breakoutSets = o.breakoutSets ?? true;
  }
  for (const [k, v] of Object.entries(o)) {
    if (v === undefined || k in body) continue;
    if (!tabular && v === false) continue;
    body[k] = v;
  }
  return body;
}
