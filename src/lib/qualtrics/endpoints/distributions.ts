// Distributions (reference §4.9): create (e-mail to a mailing list, or links only), list (the
// survey id is required), get, and the per-contact history (300/min limit). POST uses `header`
// and `surveyLink.type`, GET answers with `headers` and `surveyLink.linkType`; both are kept as
// Qualtrics writes them. Creating is never retried after a 5xx: it could send the e-mails twice.
import { obj, optObj, optStr, str, type Json } from '../check';
import type { SignalLike } from '../fetch-types';
import { seg, type QualtricsHttp } from '../http';
import { SCOPE } from '../scopes';
import { paginate } from './paginate';

/** The body of `POST /distributions` (e-mail form or links-only form), sent as given. */
export type NewDistribution =
  | {
      message: { libraryId: string; messageId?: string; messageText?: string };
      recipients: { mailingListId?: string; contactId?: string; transactionBatchId?: string };
      header: { fromEmail: string; fromName: string; replyToEmail?: string; subject: string };
      surveyLink: {
        surveyId: string;
        expirationDate?: string;
        type: 'Individual' | 'Multiple' | 'Anonymous';
      };
      sendDate: string;
      embeddedData?: Record<string, string>;
    }
  | {
      action: 'CreateDistribution';
      surveyId: string;
      linkType: 'Individual' | 'Multiple' | 'Anonymous';
      description: string;
      expirationDate?: string;
      mailingListId: string;
    };

const surveyIdOf = (d: NewDistribution) => ('surveyLink' in d ? d.surveyLink.surveyId : d.surveyId);

export async function createDistribution(
  http: QualtricsHttp,
  body: NewDistribution,
  signal?: SignalLike,
): Promise<string> {
  const what = 'create the distribution';
  const { result } = await http.json({
    method: 'POST',
    path: '/distributions',
    body,
    signal,
    what,
    ids: [{ kind: 'survey', value: surveyIdOf(body) }],
    scope: SCOPE.distributionsWrite,
  });
  return str(obj(result, what), 'id', what);
}

export interface Distribution {
  id: string;
  requestType?: string;
  requestStatus?: string;
  sendDate?: string;
  createdDate?: string;
  surveyId?: string;
  mailingListId?: string;
  stats: Json;
  raw: Json;
}

function readDistribution(v: unknown, w: string): Distribution {
  const e = obj(v, w, 'elements[]');
  return {
    id: str(e, 'id', w),
    requestType: optStr(e, 'requestType', w),
    requestStatus: optStr(e, 'requestStatus', w),
    sendDate: optStr(e, 'sendDate', w),
    createdDate: optStr(e, 'createdDate', w),
    surveyId: optStr(optObj(e, 'surveyLink', w), 'surveyId', w),
    mailingListId: optStr(optObj(e, 'recipients', w), 'mailingListId', w),
    stats: optObj(e, 'stats', w),
    raw: e,
  };
}

/** Distributions of a survey (skipToken pages). */
export function listDistributions(
  http: QualtricsHttp,
  surveyId: string,
  opts: {
    signal?: SignalLike;
    mailingListId?: string;
    distributionRequestType?: string;
    pageSize?: number;
  } = {},
): AsyncGenerator<Distribution> {
  return paginate(
    http,
    {
      method: 'GET',
      path: '/distributions',
      query: {
        surveyId,
        mailingListId: opts.mailingListId,
        distributionRequestType: opts.distributionRequestType,
        pageSize: opts.pageSize,
      },
      signal: opts.signal,
      what: `list the distributions of survey ${surveyId}`,
      ids: [{ kind: 'survey', value: surveyId }],
      scope: SCOPE.distributionsRead,
    },
    readDistribution,
  );
}

export async function getDistribution(
  http: QualtricsHttp,
  distributionId: string,
  surveyId: string,
  signal?: SignalLike,
): Promise<Distribution> {
  const what = `read distribution ${distributionId}`;
  const { result } = await http.json({
    method: 'GET',
    path: `/distributions/${seg(distributionId)}`,
    query: { surveyId },
    signal,
    what,
    ids: [
      { kind: 'survey', value: surveyId },
      { kind: 'distribution', value: distributionId },
    ],
    scope: SCOPE.distributionsRead,
  });
  return readDistribution(result, what);
}

export interface HistoryEntry {
  contactId?: string;
  status?: string;
  responseId?: string;
  sentAt?: string;
  openedAt?: string;
  responseStartedAt?: string;
  responseCompletedAt?: string;
  surveyLink?: string;
}

/** What happened to each recipient of a distribution, page after page. */
export function distributionHistory(
  http: QualtricsHttp,
  distributionId: string,
  signal?: SignalLike,
): AsyncGenerator<HistoryEntry> {
  return paginate(
    http,
    {
      method: 'GET',
      path: `/distributions/${seg(distributionId)}/history`,
      signal,
      limit: 'distribution-history',
      what: `read the history of distribution ${distributionId}`,
      ids: [{ kind: 'distribution', value: distributionId }],
      scope: SCOPE.distributionsRead,
    },
    (v, w) => {
      const e = obj(v, w, 'elements[]');
      const s = (k: string) => optStr(e, k, w);
      return {
        contactId: s('contactId'),
        status: s('status'),
        responseId: s('responseId'),
        sentAt: s('sentAt'),
        openedAt: s('openedAt'),
        responseStartedAt: s('responseStartedAt'),
        responseCompletedAt: s('responseCompletedAt'),
        surveyLink: s('surveyLink'),
      };
    },
  );
}
