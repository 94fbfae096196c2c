// Who the credential belongs to, the surveys it can see, and one survey in the simplified model
// (`/surveys/{id}`, the input of the codebook) or the full definition
// (`/survey-definitions/{id}`) (reference §4.1–4.4, §4.7).
import { obj, optBool, optStr, str, type Json } from '../check';
import { seg, type QualtricsHttp } from '../http';
import type { SignalLike } from '../fetch-types';
import { SCOPE } from '../scopes';
import { paginate } from './paginate';

/** `GET /whoami`. */
export interface WhoAmI {
  userId: string;
  userName: string;
  brandId: string;
  accountType?: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  datacenter?: string;
}

export async function whoami(http: QualtricsHttp, signal?: SignalLike): Promise<WhoAmI> {
  const what = 'check who this connection belongs to';
  const { result } = await http.json({
    method: 'GET',
    path: '/whoami',
    signal,
    what,
    scope: SCOPE.users,
  });
  const r = obj(result, what);
  return {
    userId: str(r, 'userId', what),
    userName: str(r, 'userName', what),
    brandId: str(r, 'brandId', what),
    accountType: optStr(r, 'accountType', what),
    firstName: optStr(r, 'firstName', what),
    lastName: optStr(r, 'lastName', what),
    email: optStr(r, 'email', what),
    datacenter: optStr(r, 'datacenter', what),
  };
}

/** One element of `GET /surveys`. */
export interface SurveySummary {
  id: string;
  name: string;
  ownerId?: string;
  lastModified?: string;
  creationDate?: string;
  isActive?: boolean;
}

function readSurvey(v: unknown, where: string): SurveySummary {
  const e = obj(v, where, 'elements[]');
  return {
    id: str(e, 'id', where),
    name: str(e, 'name', where),
    ownerId: optStr(e, 'ownerId', where),
    lastModified: optStr(e, 'lastModified', where),
    creationDate: optStr(e, 'creationDate', where),
    isActive: optBool(e, 'isActive', where),
  };
}

/** Every survey the user owns or was shared, following `nextPage`. */
export function listSurveys(
  http: QualtricsHttp,
  signal?: SignalLike,
): AsyncGenerator<SurveySummary> {
  return paginate(
    http,
    { method: 'GET', path: '/surveys', signal, what: 'list your surveys', scope: SCOPE.surveys },
    readSurvey,
  );
}

/** `GET /surveys/{id}`: the simplified survey (questions, choices, recodes, exportColumnMap). */
export async function getSurvey(
  http: QualtricsHttp,
  surveyId: string,
  signal?: SignalLike,
): Promise<Json> {
  const what = `read survey ${surveyId}`;
  const { result } = await http.json({
    method: 'GET',
    path: `/surveys/${seg(surveyId)}`,
    signal,
    what,
    ids: [{ kind: 'survey', value: surveyId }],
    scope: SCOPE.surveys,
  });
  const r = obj(result, what);
  str(r, 'id', what);
  obj(r.questions ?? {}, what, 'questions');
  return r;
}

/** `GET /survey-definitions/{id}`: the full definition (blocks, flow, options), as sent. */
export async function getSurveyDefinition(
  http: QualtricsHttp,
  surveyId: string,
  signal?: SignalLike,
): Promise<Json> {
  const what = `read the definition of survey ${surveyId}`;
  const { result } = await http.json({
    method: 'GET',
    path: `/survey-definitions/${seg(surveyId)}`,
    signal,
    what,
    ids: [{ kind: 'survey', value: surveyId }],
    scope: SCOPE.surveys,
  });
  const r = obj(result, what);
  str(r, 'SurveyID', what);
  return r;
}

/** One saved filter of a survey. */
export interface SavedFilter {
  filterId: string;
  filterName: string;
  creationDate?: string;
}

/** `GET /surveys/{id}/filters`. */
export function listFilters(
  http: QualtricsHttp,
  surveyId: string,
  signal?: SignalLike,
): AsyncGenerator<SavedFilter> {
  return paginate(
    http,
    {
      method: 'GET',
      path: `/surveys/${seg(surveyId)}/filters`,
      signal,
      what: `list the saved filters of survey ${surveyId}`,
      ids: [{ kind: 'survey', value: surveyId }],
      scope: SCOPE.responses,
    },
    (v, where) => {
      const e = obj(v, where, 'elements[]');
      return {
        filterId: str(e, 'filterId', where),
        filterName: str(e, 'filterName', where),
        creationDate: optStr(e, 'creationDate', where),
      };
    },
  );
}
