// XM Directory (reference §4.8): directories (POOL_), their mailing lists (CG_), the contacts of
// a list (pageSize at most 50, skipToken pages) and creating one contact (never retried after a
// 5xx: the first attempt may have added it, and a retry would duplicate it). The bulk import is
// in contact-import.ts.
import { obj, optBool, optNum, optObj, optStr, str, type Json } from '../check';
import type { SignalLike } from '../fetch-types';
import { seg, type QualtricsHttp } from '../http';
import { SCOPE } from '../scopes';
import { paginate } from './paginate';

export interface Directory {
  directoryId: string;
  name?: string;
}

export function listDirectories(
  http: QualtricsHttp,
  signal?: SignalLike,
): AsyncGenerator<Directory> {
  return paginate(
    http,
    {
      method: 'GET',
      path: '/directories',
      signal,
      what: 'list your directories',
      scope: SCOPE.directories,
    },
    (v, w) => {
      const e = obj(v, w, 'elements[]');
      return { directoryId: str(e, 'directoryId', w), name: optStr(e, 'name', w) };
    },
  );
}

export interface MailingList {
  mailingListId: string;
  name: string;
  ownerId?: string;
  contactCount?: number;
  /** Epoch milliseconds, as XM Directory writes them. */
  lastModifiedDate?: number;
}

const dir = (id: string) => ({ kind: 'directory' as const, value: id });
const ml = (id: string) => ({ kind: 'mailingList' as const, value: id });

export function listMailingLists(
  http: QualtricsHttp,
  directoryId: string,
  signal?: SignalLike,
): AsyncGenerator<MailingList> {
  return paginate(
    http,
    {
      method: 'GET',
      path: `/directories/${seg(directoryId)}/mailinglists`,
      signal,
      what: 'list the mailing lists',
      ids: [dir(directoryId)],
      scope: SCOPE.mailingLists,
    },
    (v, w) => {
      const e = obj(v, w, 'elements[]');
      return {
        mailingListId: str(e, 'mailingListId', w),
        name: str(e, 'name', w),
        ownerId: optStr(e, 'ownerId', w),
        contactCount: optNum(e, 'contactCount', w),
        lastModifiedDate: optNum(e, 'lastModifiedDate', w),
      };
    },
  );
}

export interface Contact {
  contactId: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  extRef?: string;
  language?: string;
  unsubscribed?: boolean;
  embeddedData: Json;
}

/** Contacts of a mailing list; `pageSize` is capped at 50 as Qualtrics requires. */
export function listContacts(
  http: QualtricsHttp,
  directoryId: string,
  mailingListId: string,
  opts: { signal?: SignalLike; pageSize?: number } = {},
): AsyncGenerator<Contact> {
  const pageSize = Math.max(1, Math.min(50, Math.floor(opts.pageSize ?? 50)));
  return paginate(
    http,
    {
      method: 'GET',
      path: `/directories/${seg(directoryId)}/mailinglists/${seg(mailingListId)}/contacts`,
      query: { pageSize, includeEmbedded: true },
      signal: opts.signal,
      what: 'list the contacts of the mailing list',
      ids: [dir(directoryId), ml(mailingListId)],
      scope: SCOPE.contactsRead,
    },
    (v, w) => {
      const e = obj(v, w, 'elements[]');
      return {
        contactId: str(e, 'contactId', w),
        firstName: optStr(e, 'firstName', w),
        lastName: optStr(e, 'lastName', w),
        email: optStr(e, 'email', w),
        extRef: optStr(e, 'extRef', w),
        language: optStr(e, 'language', w),
        unsubscribed: optBool(e, 'unsubscribed', w),
        embeddedData: optObj(e, 'embeddedData', w),
      };
    },
  );
}

export interface NewContact {
  firstName?: string;
  lastName?: string;
  email?: string;
  phone?: string;
  extRef?: string;
  language?: string;
  unsubscribed?: boolean;
  embeddedData?: Record<string, string>;
}

/** Creates a contact in the list (and the directory); returns its CID_ id. Not retried on 5xx. */
export async function createContact(
  http: QualtricsHttp,
  directoryId: string,
  mailingListId: string,
  contact: NewContact,
  signal?: SignalLike,
): Promise<string> {
  const what = 'add a contact to the mailing list';
  const { result } = await http.json({
    method: 'POST',
    path: `/directories/${seg(directoryId)}/mailinglists/${seg(mailingListId)}/contacts`,
    body: contact,
    signal,
    what,
    ids: [dir(directoryId), ml(mailingListId)],
    scope: SCOPE.contactsWrite,
  });
  return str(obj(result, what), 'id', what);
}
