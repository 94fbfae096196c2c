// The bulk contact import of XM Directory (`transactioncontacts`, reference §4.8, third-party
// shapes): start it, read its status, poll until it ends. Starting is never retried after a 5xx,
// because the first attempt may have imported the contacts already.
import { ValidationError } from '../../errors';
import { defaultSleep } from '../abort';
import { num, obj, optNum, optObj, str } from '../check';
import type { SignalLike, SleepFn } from '../fetch-types';
import { seg, type QualtricsHttp } from '../http';
import { SCOPE } from '../scopes';
import type { NewContact } from './directory';

const dir = (id: string) => ({ kind: 'directory' as const, value: id });
const ml = (id: string) => ({ kind: 'mailingList' as const, value: id });

export interface ImportContact extends NewContact {
  transactionData?: Record<string, string>;
}

export interface ImportStatus {
  status: string;
  percentComplete: number;
  added?: number;
  updated?: number;
  failed?: number;
}

const importPath = (d: string, m: string) =>
  `/directories/${seg(d)}/mailinglists/${seg(m)}/transactioncontacts`;

/** Starts a bulk import of contacts (with transaction data); returns the import id. */
export async function startContactImport(
  http: QualtricsHttp,
  directoryId: string,
  mailingListId: string,
  body: { contacts: ImportContact[]; transactionMeta?: { batchId?: string; fields?: string[] } },
  signal?: SignalLike,
): Promise<string> {
  if (body.contacts.length === 0) throw new ValidationError('There are no contacts to import.');
  const what = 'start a contact import';
  const { result } = await http.json({
    method: 'POST',
    path: importPath(directoryId, mailingListId),
    body,
    signal,
    what,
    ids: [dir(directoryId), ml(mailingListId)],
    scope: SCOPE.contactsWrite,
  });
  return str(obj(result, what), 'id', what);
}

/** One status check of a bulk import. */
export async function contactImportStatus(
  http: QualtricsHttp,
  directoryId: string,
  mailingListId: string,
  importId: string,
  signal?: SignalLike,
): Promise<ImportStatus> {
  const what = `check contact import ${importId}`;
  const { result } = await http.json({
    method: 'GET',
    path: `${importPath(directoryId, mailingListId)}/${seg(importId)}`,
    signal,
    what,
    ids: [dir(directoryId), ml(mailingListId), { kind: 'import', value: importId }],
    // A status check only reads; the write scope is needed to start the import, not to watch it.
    scope: SCOPE.contactsRead,
  });
  const r = obj(result, what);
  const count = optObj(optObj(r, 'contacts', what), 'count', what);
  return {
    status: str(r, 'status', what),
    percentComplete: r.percentComplete === undefined ? 0 : num(r, 'percentComplete', what),
    added: optNum(count, 'added', what),
    updated: optNum(count, 'updated', what),
    failed: optNum(count, 'failed', what),
  };
}

/** Polls an import until it is no longer in progress (status names vary, so any other ends it). */
export async function waitForContactImport(
  http: QualtricsHttp,
  directoryId: string,
  mailingListId: string,
  importId: string,
  run: {
    signal?: SignalLike;
    sleep?: SleepFn;
    onProgress?: (s: ImportStatus) => void;
    pollMs?: number;
  } = {},
): Promise<ImportStatus> {
  for (;;) {
    const s = await contactImportStatus(http, directoryId, mailingListId, importId, run.signal);
    run.onProgress?.(s);
    if (!/^(inprogress|in_progress|queued|pending|processing)$/i.test(s.status)) return s;
    await (run.sleep ?? defaultSleep)(run.pollMs ?? 2000, run.signal);
  }
}
