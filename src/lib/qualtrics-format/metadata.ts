/** Row-3 ImportIds of the metadata columns of a current export (reference §6.2). */
const METADATA_IMPORT_IDS = [
  'startDate',
  'endDate',
  'status',
  'ipAddress',
  'progress',
  'duration',
  'finished',
  'recordedDate',
  '_recordId',
  'recipientLastName',
  'recipientFirstName',
  'recipientEmail',
  'externalDataReference',
  'locationLatitude',
  'locationLongitude',
  'distributionChannel',
  'userLanguage',
  'lastModifiedDate',
  // 2017-era exporter (`{'ImportId': 'responseId'}`).
  'responseId',
  'responseSet',
  'locationAccuracy',
];

/** Row-1 export tags of the same metadata columns. */
export const METADATA_TAGS: readonly string[] = [
  'StartDate',
  'EndDate',
  'Status',
  'IPAddress',
  'Progress',
  'Duration (in seconds)',
  'Finished',
  'RecordedDate',
  'ResponseId',
  'RecipientLastName',
  'RecipientFirstName',
  'RecipientEmail',
  'ExternalReference',
  'LocationLatitude',
  'LocationLongitude',
  'DistributionChannel',
  'UserLanguage',
  'LastModifiedDate',
  // Names of the 2017-era and legacy exporters: the same fields under older names.
  'ResponseID',
  'ResponseSet',
  'ExternalDataReference',
  'LocationAccuracy',
];

/** Tags a plain spreadsheet is unlikely to have; a tag-only export must show one of them. */
export const DISTINCTIVE_TAGS: ReadonlySet<string> = new Set([
  'ResponseId',
  'RecordedDate',
  'Duration (in seconds)',
  'DistributionChannel',
  'UserLanguage',
  'ExternalReference',
  'IPAddress',
  'ResponseID',
  'ResponseSet',
  'ExternalDataReference',
]);

/** Row-2 labels (and row-1 names) of the metadata columns of a legacy (pre-2017) export. */
export const LEGACY_METADATA: ReadonlySet<string> = new Set([
  'ResponseID',
  'ResponseSet',
  'Name',
  'ExternalDataReference',
  'EmailAddress',
  'IPAddress',
  'Status',
  'StartDate',
  'EndDate',
  'Finished',
  'LocationLatitude',
  'LocationLongitude',
  'LocationAccuracy',
]);

// Why exact case: an embedded-data field may well be called "Status" next to ImportId "status".
const METADATA = new Set([...METADATA_IMPORT_IDS, ...METADATA_TAGS]);
/** Optional system fields: Q_RecaptchaScore, Q_DataPolicyViolations, Q_TotalDuration... */
const SYSTEM_FIELD_RE = /^Q_[A-Z][A-Za-z]*$/;

/**
 * The names a metadata field has had: current tag, ImportId, and the 2017-era/legacy names.
 * Flows that look for a field (the EndDate of the EffectiveDate, the ResponseId of a person)
 * find it under any of them.
 */
export const METADATA_ALIASES = {
  StartDate: ['StartDate', 'startDate'],
  EndDate: ['EndDate', 'endDate'],
  RecordedDate: ['RecordedDate', 'recordedDate'],
  ResponseId: ['ResponseId', '_recordId', 'ResponseID', 'responseId'],
  ExternalReference: ['ExternalReference', 'externalDataReference', 'ExternalDataReference'],
  Status: ['Status', 'status'],
  Finished: ['Finished', 'finished'],
} as const satisfies Record<string, readonly string[]>;

/** True for a metadata ImportId or export tag (`startDate`, `ResponseId`, `Q_RecaptchaScore`). */
export function isQualtricsMetadata(importIdOrTag: string): boolean {
  const s = importIdOrTag.trim();
  return METADATA.has(s) || SYSTEM_FIELD_RE.test(s);
}
