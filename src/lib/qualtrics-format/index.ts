export { detectQualtricsLayout } from './detect-layout';
export { parseImportIdCell, type ImportIdCell } from './parse-import-id';
export { isQualtricsMetadata } from './metadata';
export { roleFromImportId, roleFromTag } from './classify-column';
export { pairNpsColumns, type NpsColumn } from './pair-nps';
