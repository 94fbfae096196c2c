// Libraries (UR_ user or GR_ group) and their messages (MS_), which distributions send
// (reference §4.10). Offset pages, followed through `nextPage`.
import { obj, optStr, str, type Json } from '../check';
import type { SignalLike } from '../fetch-types';
import { seg, type QualtricsHttp } from '../http';
import { SCOPE } from '../scopes';
import { paginate } from './paginate';

export interface Library {
  libraryId: string;
  libraryName: string;
}

export function listLibraries(http: QualtricsHttp, signal?: SignalLike): AsyncGenerator<Library> {
  return paginate(
    http,
    {
      method: 'GET',
      path: '/libraries',
      signal,
      what: 'list your libraries',
      scope: SCOPE.libraries,
    },
    (v, w) => {
      const e = obj(v, w, 'elements[]');
      return { libraryId: str(e, 'libraryId', w), libraryName: str(e, 'libraryName', w) };
    },
  );
}

export interface LibraryMessage {
  id: string;
  description: string;
  category?: string;
}

/** Messages of a library, optionally of one category (invite, reminder, thankYou…). */
export function listMessages(
  http: QualtricsHttp,
  libraryId: string,
  opts: { category?: string; signal?: SignalLike } = {},
): AsyncGenerator<LibraryMessage> {
  return paginate(
    http,
    {
      method: 'GET',
      path: `/libraries/${seg(libraryId)}/messages`,
      query: { category: opts.category },
      signal: opts.signal,
      what: 'list the library messages',
      ids: [{ kind: 'library', value: libraryId }],
      scope: SCOPE.libraries,
    },
    (v, w) => {
      const e = obj(v, w, 'elements[]');
      return {
        id: str(e, 'id', w),
        description: optStr(e, 'description', w) ?? '',
        category: optStr(e, 'category', w),
      };
    },
  );
}

/** One message with its text per language. */
export async function getMessage(
  http: QualtricsHttp,
  libraryId: string,
  messageId: string,
  signal?: SignalLike,
): Promise<{ category?: string; description: string; messages: Json }> {
  const what = `read library message ${messageId}`;
  const { result } = await http.json({
    method: 'GET',
    path: `/libraries/${seg(libraryId)}/messages/${seg(messageId)}`,
    signal,
    what,
    ids: [
      { kind: 'library', value: libraryId },
      { kind: 'message', value: messageId },
    ],
    scope: SCOPE.libraries,
  });
  const r = obj(result, what);
  return {
    category: optStr(r, 'category', what),
    description: optStr(r, 'description', what) ?? '',
    messages: obj(r.messages ?? {}, what, 'messages'),
  };
}
