// The endpoint modules against recorded-style answers: whoami, paginated listings (offset and
// skipToken nextPage), the codebook, XM Directory, the bulk import status, libraries,
// distributions and the JSON event trigger.
import { describe, expect, it } from 'vitest';
import {
  QualtricsHttp,
  apiBaseUrl,
  apiTokenAuth,
  basicTokenAuth,
  codebookFromSurvey,
  collect,
  createContact,
  createDistribution,
  distributionHistory,
  getDistribution,
  getSurvey,
  listContacts,
  listFilters,
  listMessages,
  listSurveys,
  postJsonEvent,
  scopesFor,
  waitForContactImport,
  whoami,
  TokenHolder,
} from '../../../src/lib/qualtrics';
import { BASE, TOKEN, client, fail, fakeFetch, fakeSleep, ok, sequence } from './fake-fetch';

const SV = 'SV_3gbwq8aJgqPwQDP';
const POOL = 'POOL_eOHAGsIto4GlLh3';
const CG = 'CG_6F1gRt186CZOVoh';
const EMD = 'EMD_4OQ4N84KC82cfaV';
const path = (url: string) => url.replace(BASE, '');

async function failure(x: Promise<unknown>): Promise<Error> {
  try {
    await x;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a failure');
}

describe('whoami and surveys', () => {
  it('whoami reads the identity; a missing userId is an UnexpectedResponseError', async () => {
    const me = {
      brandId: 'acme',
      userId: 'UR_8wfG5qsMxuh0Jrn',
      userName: 'ana@acme',
      accountType: 'UT_BRANDADMIN',
      datacenter: 'az1',
    };
    expect(await whoami(client(sequence(ok(me))).http)).toMatchObject(me);
    const e = await failure(whoami(client(sequence(ok({ brandId: 'x' }))).http));
    expect(e.name).toBe('UnexpectedResponseError');
    expect(e.message).toContain('"userId"');
  });

  it('listSurveys follows nextPage (offset) until null', async () => {
    const s = (id: string) => ({
      id,
      name: id,
      ownerId: 'UR_1',
      lastModified: '2020-02-20T01:19:11Z',
      creationDate: '2020-02-20T00:35:40Z',
      isActive: true,
    });
    const f = sequence(
      ok({
        elements: [s('SV_a'), s('SV_b')],
        nextPage: 'https://iad1.qualtrics.com/API/v3/surveys?offset=2',
      }),
      ok({ elements: [s('SV_c')], nextPage: null }),
    );
    const all = await collect(listSurveys(client(f).http));
    expect(all.map((x) => x.id)).toEqual(['SV_a', 'SV_b', 'SV_c']);
    expect(f.sent.map((x) => path(x.url))).toEqual(['/surveys', '/surveys?offset=2']);
    expect(await collect(listSurveys(client(f).http), 1)).toHaveLength(1);
  });

  it('a page repeated by the server stops the listing instead of looping', async () => {
    const f = sequence(ok({ elements: [], nextPage: `${BASE}/surveys?offset=2` }));
    expect((await failure(collect(listSurveys(client(f).http)))).message).toMatch(
      /same next page twice/,
    );
  });

  it('listFilters reads filter ids and names', async () => {
    const f = sequence(
      ok({
        elements: [
          {
            filterId: '9b67fbb7-ef89-430d-8ddf-f17f44de9254',
            filterName: 'Finished only',
            creationDate: '2024-01-01T00:00:00Z',
          },
        ],
        nextPage: null,
      }),
    );
    expect(await collect(listFilters(client(f).http, SV))).toEqual([
      {
        filterId: '9b67fbb7-ef89-430d-8ddf-f17f44de9254',
        filterName: 'Finished only',
        creationDate: '2024-01-01T00:00:00Z',
      },
    ]);
    expect(path(f.sent[0].url)).toBe(`/surveys/${SV}/filters`);
  });
});

const SIMPLIFIED = {
  id: SV,
  name: 'Beskar Armor',
  questions: {
    QID2001: {
      questionType: { type: 'MC', selector: 'SAVR', subSelector: 'TX' },
      questionText: '<p>How <em>satisfied</em> are you?</p>',
      questionName: 'Q16',
      choices: {
        '1': {
          recode: '1',
          description: 'Extremely dissatisfied',
          choiceText: '<em>Extremely</em> dissatisfied',
        },
        '2': { recode: '5', choiceText: 'Satisfied' },
      },
    },
    QID36: {
      questionType: { type: 'MC', selector: 'MAVR' },
      questionText: 'Which days?',
      questionName: 'Q35',
      choices: {
        '1': { recode: '1', choiceText: 'Monday' },
        '7': { recode: '7', choiceText: 'Other', textEntry: { textEntrySize: 'Small' } },
      },
    },
    QID4: {
      questionType: { type: 'Matrix', selector: 'Likert', subSelector: 'SingleAnswer' },
      questionText: 'Rate &amp; compare',
      questionName: 'Q4',
      choices: { '1': { recode: '1', choiceText: 'Low' } },
      subQuestions: { '1': { choiceText: 'Speed' } },
    },
  },
  exportColumnMap: {
    Q16: { question: 'QID2001' },
    Q35_1: { question: 'QID36', choice: 'QID36.choices.1' },
    Q35_7_TEXT: {
      question: 'QID36',
      choice: 'QID36.choices.7',
      textEntry: 'QID36.choices.7.textEntry',
    },
    Q4_1: { question: 'QID4', subQuestion: 'QID4.subQuestions.1' },
  },
  embeddedData: [{ name: 'team' }, { name: 'region', defaultValue: 'EU' }],
};

describe('codebook', () => {
  it('links export tag ↔ QID ↔ plain question text ↔ choices ↔ recodes, and the export columns', async () => {
    const f = sequence(ok(SIMPLIFIED));
    const cb = codebookFromSurvey(await getSurvey(client(f).http, SV));
    expect(path(f.sent[0].url)).toBe(`/surveys/${SV}`);
    expect(cb.surveyId).toBe(SV);
    expect(cb.questions.map((q) => [q.qid, q.exportTag])).toEqual([
      ['QID4', 'Q4'],
      ['QID36', 'Q35'],
      ['QID2001', 'Q16'],
    ]);
    const q16 = cb.questions.find((q) => q.exportTag === 'Q16')!;
    expect(q16.text).toBe('How satisfied are you?');
    expect(q16.choices).toEqual([
      {
        id: '1',
        text: 'Extremely dissatisfied',
        recode: '1',
        variableName: undefined,
        textEntry: false,
      },
      { id: '2', text: 'Satisfied', recode: '5', variableName: undefined, textEntry: false },
    ]);
    expect(cb.questions.find((q) => q.qid === 'QID4')!).toMatchObject({
      text: 'Rate & compare',
      subQuestions: [{ id: '1', text: 'Speed', recode: '1' }],
    });
    expect(cb.questions.find((q) => q.qid === 'QID36')!.choices[1].textEntry).toBe(true);
    expect(cb.columns).toEqual([
      {
        column: 'Q16',
        qid: 'QID2001',
        choiceId: undefined,
        subQuestionId: undefined,
        textEntry: false,
      },
      { column: 'Q35_1', qid: 'QID36', choiceId: '1', subQuestionId: undefined, textEntry: false },
      {
        column: 'Q35_7_TEXT',
        qid: 'QID36',
        choiceId: '7',
        subQuestionId: undefined,
        textEntry: true,
      },
      { column: 'Q4_1', qid: 'QID4', choiceId: undefined, subQuestionId: '1', textEntry: false },
    ]);
    expect(cb.embeddedData).toEqual(['team', 'region']);
  });

  it('a survey whose questions are not an object is an UnexpectedResponseError', () => {
    expect(() => codebookFromSurvey({ id: SV, questions: [] })).toThrow(
      expect.objectContaining({ name: 'UnexpectedResponseError' }),
    );
  });
});

describe('XM Directory', () => {
  it('listContacts caps pageSize at 50 and follows skipToken pages', async () => {
    const c = (id: string) => ({
      contactId: id,
      firstName: 'A',
      email: 'a@x',
      embeddedData: { team: 'x' },
      unsubscribed: false,
    });
    const listUrl = `${BASE}/directories/${POOL}/mailinglists/${CG}/contacts`;
    const f = sequence(
      ok({ elements: [c('CID_1')], nextPage: `${listUrl}?pageSize=50&skipToken=abc` }),
      ok({ elements: [c('CID_2')], nextPage: null }),
    );
    const all = await collect(listContacts(client(f).http, POOL, CG, { pageSize: 500 }));
    expect(all.map((x) => x.contactId)).toEqual(['CID_1', 'CID_2']);
    expect(new URL(f.sent[0].url).searchParams.get('pageSize')).toBe('50');
    expect(new URL(f.sent[1].url).searchParams.get('skipToken')).toBe('abc');
  });

  it('createContact posts the contact and is not retried after a 500 (it may exist already)', async () => {
    const f = sequence(ok({ id: 'CID_6RkMIPKLVnNn197' }));
    expect(
      await createContact(client(f).http, POOL, CG, { firstName: 'Ana', email: 'ana@x' }),
    ).toBe('CID_6RkMIPKLVnNn197');
    expect(JSON.parse(f.sent[0].init.body!)).toEqual({ firstName: 'Ana', email: 'ana@x' });
    const g = sequence(fail(500), ok({ id: 'CID_x' }));
    await failure(createContact(client(g).http, POOL, CG, { email: 'b@x' }));
    expect(g.sent).toHaveLength(1);
  });

  it('waitForContactImport polls until the import leaves inProgress', async () => {
    const f = sequence(
      ok({ status: 'inProgress', percentComplete: 10 }),
      ok({
        status: 'complete',
        percentComplete: 100,
        contacts: { count: { added: 3, updated: 1, failed: 0 } },
      }),
    );
    const s = fakeSleep();
    const r = await waitForContactImport(client(f).http, POOL, CG, 'IMP_1', { sleep: s.sleep });
    expect(r).toEqual({
      status: 'complete',
      percentComplete: 100,
      added: 3,
      updated: 1,
      failed: 0,
    });
    expect(path(f.sent[0].url)).toBe(
      `/directories/${POOL}/mailinglists/${CG}/transactioncontacts/IMP_1`,
    );
    expect(s.waits).toEqual([2000]);
  });

  it('a 404 on a mailing list id of the wrong kind names it', async () => {
    const e = await failure(collect(listContacts(client(sequence(fail(404))).http, POOL, SV)));
    expect(e.message).toContain(`"${SV}" is not a mailing list id`);
  });
});

describe('libraries and distributions', () => {
  it('listMessages passes the category', async () => {
    const f = sequence(
      ok({
        elements: [{ id: 'MS_1Mt2Nj5kczdnjMh', description: 'Invite', category: 'invite' }],
        nextPage: null,
      }),
    );
    expect(
      await collect(listMessages(client(f).http, 'UR_8cRedheujEbcxgN', { category: 'invite' })),
    ).toHaveLength(1);
    expect(path(f.sent[0].url)).toBe('/libraries/UR_8cRedheujEbcxgN/messages?category=invite');
  });

  it('createDistribution posts once; get and history read their shapes; history pages', async () => {
    const body = {
      message: { libraryId: 'UR_8cRedheujEbcxgN', messageId: 'MS_1Mt2Nj5kczdnjMh' },
      recipients: { mailingListId: CG },
      header: { fromName: 'Q', fromEmail: 'noreply@qualtrics.com', subject: 'Survey' },
      surveyLink: { surveyId: SV, type: 'Individual' as const },
      sendDate: '2018-12-04T11:13:35Z',
    };
    const f = sequence(ok({ id: EMD }));
    expect(await createDistribution(client(f).http, body)).toBe(EMD);
    const d = sequence(
      ok({
        id: EMD,
        requestType: 'Invite',
        surveyLink: { surveyId: SV, linkType: 'Individual' },
        recipients: { mailingListId: CG },
        stats: { sent: 3 },
      }),
    );
    expect(await getDistribution(client(d).http, EMD, SV)).toMatchObject({
      id: EMD,
      surveyId: SV,
      mailingListId: CG,
      stats: { sent: 3 },
    });
    expect(path(d.sent[0].url)).toBe(`/distributions/${EMD}?surveyId=${SV}`);
    const h = sequence(
      ok({
        elements: [{ contactId: 'CID_1', status: 'SurveyStarted' }],
        nextPage: `https://iad1.qualtrics.com/API/v3/distributions/${EMD}/history?skipToken=t2`,
      }),
      ok({ elements: [{ contactId: 'CID_2', status: 'Sent', responseId: null }], nextPage: null }),
    );
    const hist = await collect(distributionHistory(client(h).http, EMD));
    expect(hist.map((x) => x.status)).toEqual(['SurveyStarted', 'Sent']);
    expect(path(h.sent[1].url)).toBe(`/distributions/${EMD}/history?skipToken=t2`);
  });
});

describe('JSON event trigger', () => {
  const url =
    'https://iad1.qualtrics.com/inbound-event/v1/events/json/triggers?urlTokenId=1b2c3d4e-0000-4000-8000-000000000000';

  it('posts the JSON with X-API-TOKEN to the trigger URL', async () => {
    const f = fakeFetch(() => ok({}));
    await postJsonEvent({
      url,
      payload: { emailAddress: 'a@x' },
      auth: apiTokenAuth(TOKEN),
      fetch: f,
    });
    expect(f.sent[0].url).toBe(url);
    expect(f.sent[0].init.headers['X-API-TOKEN']).toBe(TOKEN);
    expect(JSON.parse(f.sent[0].init.body!)).toEqual({ emailAddress: 'a@x' });
  });

  it('accepts the modified Basic and an envelope without result', async () => {
    const f = fakeFetch(() => ok(undefined));
    await postJsonEvent({ url, payload: {}, auth: basicTokenAuth('ana', TOKEN), fetch: f });
    expect(f.sent[0].init.headers.Authorization).toBe(
      `Basic ${Buffer.from(`ana:${TOKEN}`).toString('base64')}`,
    );
  });

  it('refuses OAuth (Bearer) client-side, bodies over 100 KB and non-trigger URLs', async () => {
    const f = fakeFetch(() => ok({}));
    const bearer = new TokenHolder({
      tokens: { accessToken: 'AT', tokenType: 'Bearer', expiresAt: Infinity },
      now: () => 0,
    });
    expect(
      (await failure(postJsonEvent({ url, payload: {}, auth: bearer, fetch: f }))).message,
    ).toMatch(/do not accept OAuth/);
    expect(
      (
        await failure(
          postJsonEvent({
            url,
            payload: { x: 'a'.repeat(101 * 1024) },
            auth: apiTokenAuth(TOKEN),
            fetch: f,
          }),
        )
      ).message,
    ).toMatch(/at most 100 KB/);
    expect(
      (
        await failure(
          postJsonEvent({
            url: `${BASE}/surveys`,
            payload: {},
            auth: apiTokenAuth(TOKEN),
            fetch: f,
          }),
        )
      ).name,
    ).toBe('ValidationError');
    expect(f.sent).toHaveLength(0);
  });

  it('is not retried after a 500 (the workflow may have run) and keeps the urlTokenId out of messages', async () => {
    const f = fakeFetch(() => fail(500));
    const e = await failure(
      postJsonEvent({
        url,
        payload: {},
        auth: apiTokenAuth(TOKEN),
        fetch: f,
        sleep: fakeSleep().sleep,
      }),
    );
    expect(f.sent).toHaveLength(1);
    expect(e.message).not.toContain('urlTokenId');
  });
});

describe('base URL and scopes', () => {
  it('builds https://{host}/API/v3, accepts a proxy base, refuses plain http off localhost', () => {
    expect(apiBaseUrl('iad1.qualtrics.com')).toBe('https://iad1.qualtrics.com/API/v3');
    expect(apiBaseUrl('https://brand.iad1.qualtrics.com/')).toBe(
      'https://brand.iad1.qualtrics.com/API/v3',
    );
    expect(apiBaseUrl('iad1.qualtrics.com', 'https://gw.example.org/qualtrics/API/v3/')).toBe(
      'https://gw.example.org/qualtrics/API/v3',
    );
    expect(apiBaseUrl('http://127.0.0.1:8788')).toBe('http://127.0.0.1:8788/API/v3');
    expect(() => apiBaseUrl('http://iad1.qualtrics.com')).toThrow(/https/);
    expect(() => apiBaseUrl('https://user:pw@iad1.qualtrics.com')).toThrow(/password/);
  });

  it('suggests the minimal scopes per feature', () => {
    expect(scopesFor(['responses'])).toEqual([
      'read:survey_responses',
      'read:surveys',
      'read:users',
    ]);
  });

  it('QualtricsHttp trims a trailing slash of the base', () => {
    expect(
      new QualtricsHttp({ baseUrl: `${BASE}/`, auth: apiTokenAuth(TOKEN), fetch: sequence(ok({})) })
        .baseUrl,
    ).toBe(BASE);
  });
});
