// Storage failures in plain language. Callers tell them apart by `name` and `reason`; the message
// is shown to the user as it is: what happened, what is safe, what to do.

/** Why the browser's storage failed. */
export type StorageErrorReason = 'quota' | 'blocked' | 'unavailable' | 'version' | 'unknown';

/** A failed read or write of this site's IndexedDB, with a message for the user. */
export class StorageError extends Error {
  override name = 'StorageError';
  /** What went wrong, for callers that offer a specific way out (e.g. "Export to a file"). */
  readonly reason: StorageErrorReason;

  constructor(message: string, reason: StorageErrorReason = 'unknown', options?: ErrorOptions) {
    super(message, options);
    this.reason = reason;
  }
}

const UNTOUCHED = 'Your other saved recipes are untouched.';

/** The user message for `reason`; `action` completes "Could not …" (e.g. "save the recipe"). */
export function storageErrorMessage(
  reason: StorageErrorReason,
  action: string,
  detail = '',
): string {
  const prefix = `Could not ${action}`;
  switch (reason) {
    case 'quota':
      return (
        `${prefix}: the browser's storage for this site is full. ${UNTOUCHED} Export your ` +
        'recipes to a file, delete old ones, or allow this site more storage in the browser ' +
        'settings, then try again.'
      );
    case 'blocked':
      return (
        `${prefix}: another XO Bridge tab is still using an older version of this site's ` +
        `storage. Close the other XO Bridge tabs (or reload them), then try again. ${UNTOUCHED}`
      );
    case 'unavailable':
      return (
        `${prefix}: the browser does not let this site store data (private browsing or a ` +
        'browser setting blocks storage). Your work is not saved in the browser; export it to a ' +
        'file instead. Nothing saved earlier was changed.'
      );
    case 'version':
      return (
        `${prefix}: a newer version of XO Bridge has updated this site's storage (it is ` +
        `probably open in another tab). Reload this page to use the newer version. ${UNTOUCHED}`
      );
    default:
      return (
        `${prefix}: the browser's storage reported an error${detail ? ` (${detail})` : ''}. ` +
        `${UNTOUCHED} Try again; if it keeps failing, export your recipes to a file.`
      );
  }
}

/** A StorageError for `reason`, with the user message for `action`. */
export function storageError(
  reason: StorageErrorReason,
  action: string,
  cause?: unknown,
): StorageError {
  return new StorageError(storageErrorMessage(reason, action, detailOf(cause)), reason, { cause });
}

/**
 * Maps any failure of an IndexedDB call to a StorageError (by DOMException `name`).
 * A StorageError passes through unchanged.
 */
export function toStorageError(e: unknown, action: string): StorageError {
  if (e instanceof StorageError) return e;
  return storageError(reasonOf(e), action, e);
}

function nameOf(e: unknown): string {
  return typeof e === 'object' && e !== null && 'name' in e ? String(e.name) : '';
}

function reasonOf(e: unknown): StorageErrorReason {
  switch (nameOf(e)) {
    case 'QuotaExceededError':
    case 'NS_ERROR_DOM_QUOTA_REACHED': // old Firefox
      return 'quota';
    case 'InvalidStateError':
    case 'SecurityError':
    case 'UnknownError':
      return 'unavailable';
    case 'VersionError':
      return 'version';
    default:
      return 'unknown';
  }
}

function detailOf(e: unknown): string {
  if (e === undefined) return '';
  const message = e instanceof Error ? e.message : String(e);
  return [nameOf(e), message].filter(Boolean).join(': ').slice(0, 200);
}
