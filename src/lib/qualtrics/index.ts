// The public surface of the Qualtrics client: the HTTP layer, OAuth and the endpoints. The app
// composes them with the platform's fetch, crypto, sessionStorage and timers; nothing here
// touches the page.
export { apiBaseUrl, originOf } from './base-url';
export { apiTokenAuth, basicTokenAuth, type AuthKind, type AuthProvider } from './auth-provider';
export { defaultSleep } from './abort';
export {
  backoffDelay,
  parseRetryAfter,
  defaultBackoffOptions,
  type BackoffOptions,
} from './backoff';
export type { FetchInit, FetchLike, ResponseLike, SignalLike, SleepFn } from './fetch-types';
export {
  QualtricsHttp,
  seg,
  type ApiBytes,
  type ApiCall,
  type ApiResult,
  type QualtricsHttpOptions,
  type WaitInfo,
} from './http';
export { ID_FORMATS, describeIdProblem, looksLikeId, type IdKind, type IdRef } from './ids';
export { readNotice, type QualtricsNotice } from './notice';
export { DEFAULT_RATE_LIMITS, RateLimiter, type LimitKey, type RateLimits } from './rate-limit';
export { redact, safeUrl } from './redact';
export { challengeS256, createVerifier, randomToken, type RandomBytes, type Sha256 } from './pkce';
export {
  DEFAULT_STATE_MAX_AGE_MS,
  savePending,
  takePending,
  type PendingAuthorization,
  type StorageLike,
} from './oauth-state';
export {
  authorizeUrl,
  beginAuthorization,
  checkRedirect,
  isOAuthRedirect,
  readRedirect,
  type RedirectAnswer,
} from './authorize';
export { DEFAULT_EXPIRES_IN_S, type TokenSet } from './token-endpoint';
export {
  clientCredentials,
  exchangeCode,
  refreshTokens,
  tokenUrl,
  type ExchangeMode,
  type GrantContext,
} from './token-grants';
export {
  TokenHolder,
  authCodeHolder,
  clientCredentialsHolder,
  type TokenStatus,
} from './token-holder';
export { FEATURE_SCOPES, SCOPE, scopesFor, type Feature } from './scopes';
export {
  codebookFromSurvey,
  type Codebook,
  type CodebookChoice,
  type CodebookColumn,
  type CodebookQuestion,
} from './codebook';
export {
  EXPORT_FORMATS,
  SURVEY_METADATA_IDS,
  exportOptionProblems,
  exportRequestBody,
  type ExportFormat,
  type ExportOptions,
} from './export-options';
export { assertZip, contentDispositionName, looksLikeZip, readExportZip } from './export-file';
export { JSON_EVENT_MAX_BYTES, postJsonEvent, type JsonEventOptions } from './json-event';
export { collect, paginate } from './endpoints/paginate';
export {
  getSurvey,
  getSurveyDefinition,
  listFilters,
  listSurveys,
  whoami,
  type SavedFilter,
  type SurveySummary,
  type WhoAmI,
} from './endpoints/surveys';
export {
  downloadExport,
  exportProgress,
  runExport,
  startExport,
  type ExportProgress,
  type ExportResult,
  type RunExportOptions,
} from './endpoints/export';
export * from './endpoints/directory';
export * from './endpoints/contact-import';
export * from './endpoints/libraries';
export * from './endpoints/distributions';
