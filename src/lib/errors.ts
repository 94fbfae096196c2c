// Unrecoverable errors. Comlink keeps only `name`, `message` and `stack` across the worker
// boundary, so callers tell these apart by `name`, never by `instanceof`.

/** The file cannot be read as the format it claims (garbage, corrupt zip/xlsx, empty). */
export class ParseError extends Error {
  override name = 'ParseError';
}

/** The file or its expanded content is over a safety cap (zip bomb, too large to open). */
export class TooLargeError extends Error {
  override name = 'TooLargeError';
}

/** The workbook is password-protected. */
export class EncryptedFileError extends Error {
  override name = 'EncryptedFileError';
}

/** A handle (table, workbook) is unknown, e.g. after the worker restarted. */
export class NotFoundError extends Error {
  override name = 'NotFoundError';
}

/** The user cancelled. Thrown so that loops stop; the UI ignores it. */
export class AbortError extends Error {
  override name = 'AbortError';
}

/** An output has problems the target system would reject; the user must fix them first. */
export class ValidationError extends Error {
  override name = 'ValidationError';
}

/**
 * Qualtrics did not accept the credentials (401, refresh failed or refused): the user must
 * reauthorize the connection (rerun OAuth) or give a new API token.
 */
export class NeedsReauthorizationError extends Error {
  override name = 'NeedsReauthorizationError';
}

/**
 * The browser stopped a request before any HTTP status arrived: CORS refused, network down or
 * a wrong host. Told apart from HTTP errors because the remedy (a proxy, another host) differs.
 */
export class BlockedByBrowserError extends Error {
  override name = 'BlockedByBrowserError';
}

/** A server answered with something the client cannot read (HTML page, bad JSON, missing field). */
export class UnexpectedResponseError extends Error {
  override name = 'UnexpectedResponseError';
}

/** Qualtrics answered with an HTTP error (400, 403, 404, 429, 5xx…); the message says what to do. */
export class QualtricsApiError extends Error {
  override name = 'QualtricsApiError';
  /** The HTTP status Qualtrics answered, and its `meta.error.errorCode` when it gave one. */
  readonly status?: number;
  readonly errorCode?: string;

  constructor(message: string, details: { status?: number; errorCode?: string } = {}) {
    super(message);
    if (details.status !== undefined) this.status = details.status;
    if (details.errorCode !== undefined) this.errorCode = details.errorCode;
  }
}

/** The OAuth redirect or token exchange was refused (bad state, denied consent, invalid code). */
export class AuthorizationError extends Error {
  override name = 'AuthorizationError';
}

/** Qualtrics reported a response export as failed. */
export class ExportFailedError extends Error {
  override name = 'ExportFailedError';
}

export const ERROR_NAMES = [
  'ParseError',
  'TooLargeError',
  'EncryptedFileError',
  'NotFoundError',
  'AbortError',
  'ValidationError',
  'NeedsReauthorizationError',
  'BlockedByBrowserError',
  'UnexpectedResponseError',
  'QualtricsApiError',
  'AuthorizationError',
  'ExportFailedError',
] as const;
export type ErrorName = (typeof ERROR_NAMES)[number];

const ERROR_CLASSES: Record<ErrorName, new (message: string) => Error> = {
  ParseError,
  TooLargeError,
  EncryptedFileError,
  NotFoundError,
  AbortError,
  ValidationError,
  NeedsReauthorizationError,
  BlockedByBrowserError,
  UnexpectedResponseError,
  QualtricsApiError,
  AuthorizationError,
  ExportFailedError,
};

/**
 * An error rebuilt from the name and message that crossed a thread: the class above when the name
 * is one of ERROR_NAMES, else an Error that keeps the name (as Comlink rebuilds a thrown error).
 */
export function errorFromName(name: string, message: string): Error {
  if (Object.hasOwn(ERROR_CLASSES, name)) return new ERROR_CLASSES[name as ErrorName](message);
  return Object.assign(new Error(message), { name });
}
