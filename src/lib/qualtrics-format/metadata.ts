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

/** True for a metadata ImportId or export tag (`startDate`, `ResponseId`, `Q_RecaptchaScore`). */
export function isQualtricsMetadata(importIdOrTag: string): boolean {
  const s = importIdOrTag.trim();
  return METADATA.has(s) || SYSTEM_FIELD_RE.test(s);
}
