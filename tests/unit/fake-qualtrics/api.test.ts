// The fake Qualtrics API v3 over real HTTP: the envelope and headers of reference §1.3, every
// authentication case of §1.2/§8.1, OAuth scopes per endpoint, offset and skipToken
// pagination, the proxied-host notice, and the two survey models of §4.3/§4.4.
import { describe, expect, it } from 'vitest';
import {
  ADA_TOKEN,
  CX_SURVEY,
  EX_SURVEY,
  SAM_TOKEN,
  api,
  control,
  token,
  useFake,
  CC_CLIENT,
} from './helpers';
import type { Json } from './helpers';

const box = useFake();

describe('envelope and headers', () => {
  it('wraps results in {result, meta{httpStatus, requestId}} with the observed headers', async () => {
    const { status, headers, json } = await api(box.fake, '/whoami');
    expect(status).toBe(200);
    expect(json.meta.httpStatus).toBe('200 - OK');
    expect(json.meta.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(json.meta.error).toBeUndefined();
    expect(json.result).toMatchObject({
      userId: 'UR_8wfG5qsMxuh0Jrn',
      userName: 'ada.analyst@xo-bridge.example',
      brandId: 'xobridgedemo',
      datacenter: 'fra1',
      accountType: 'UT_BRANDADMIN',
    });
    expect(headers.get('content-type')).toBe('application/json');
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('x-frame-options')).toBe('DENY');
    expect(headers.get('request-time')).toMatch(/^\d+$/);
    // No Origin, no CORS headers (as in the captured server-to-server traffic).
    expect(headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers whoami for the token owner', async () => {
    const { json } = await api(box.fake, '/whoami', { token: SAM_TOKEN });
    expect(json.result.userName).toBe('sam.sender@xo-bridge.example');
  });

  it('errors carry meta.error and no result; 404 for unknown ids and paths, 405 for wrong methods', async () => {
    const miss = await api(box.fake, '/surveys/SV_doesNotExist0000');
    expect(miss.status).toBe(404);
    expect(miss.json.result).toBeUndefined();
    expect(miss.json.meta.httpStatus).toBe('404 - Not Found');
    expect(miss.json.meta.error?.errorMessage).toContain('SV_');
    expect((await api(box.fake, '/nothing-here')).status).toBe(404);
    expect((await api(box.fake, '/whoami', { method: 'DELETE' })).status).toBe(405);
  });

  it('tolerates a trailing slash, as the R client sends', async () => {
    expect((await api(box.fake, `/surveys/${CX_SURVEY}/`)).status).toBe(200);
  });
});

describe('authentication', () => {
  it('missing auth → 400 ATP_2 with the verbatim message', async () => {
    const { status, json } = await api(box.fake, '/whoami', { token: null });
    expect(status).toBe(400);
    expect(json.meta.error).toEqual({
      errorCode: 'ATP_2',
      errorMessage: 'Expected authorization in headers, but none provided.',
    });
  });

  it('an unknown API token → 401 "Unrecognized X-API-TOKEN"', async () => {
    const { status, json } = await api(box.fake, '/whoami', { token: 'nope' });
    expect(status).toBe(401);
    expect(json.meta.error?.errorMessage).toContain('Unrecognized X-API-TOKEN');
  });

  it('a revoked API token → 401, until reset', async () => {
    await control(box.fake, '/tokens', { action: 'revoke', token: ADA_TOKEN });
    expect((await api(box.fake, '/whoami')).status).toBe(401);
    expect((await api(box.fake, '/whoami', { token: SAM_TOKEN })).status).toBe(200);
    await control(box.fake, '/reset', {});
    expect((await api(box.fake, '/whoami')).status).toBe(200);
  });

  it('Bearer tokens work; unknown, expired and revoked ones → 401', async () => {
    const granted = await token(box.fake, { grant_type: 'client_credentials' }, [
      CC_CLIENT.clientId,
      CC_CLIENT.clientSecret,
    ]);
    const bearer = `bearer:${granted.body.access_token}`;
    expect((await api(box.fake, '/whoami', { token: bearer })).status).toBe(200);
    expect((await api(box.fake, '/whoami', { token: 'bearer:unknown' })).status).toBe(401);
    // An OAuth token in X-API-TOKEN is not an API token.
    expect((await api(box.fake, '/whoami', { token: granted.body.access_token })).status).toBe(401);

    await control(box.fake, '/switches', { tokensExpired: true });
    const expired = await api(box.fake, '/whoami', { token: bearer });
    expect(expired.status).toBe(401);
    expect(expired.json.meta.error?.errorMessage).toContain('expired');
    await control(box.fake, '/switches', { tokensExpired: false });
    expect((await api(box.fake, '/whoami', { token: bearer })).status).toBe(200);

    await control(box.fake, '/tokens', { action: 'expire', kind: 'oauth' });
    expect((await api(box.fake, '/whoami', { token: bearer })).status).toBe(401);

    const again = await token(box.fake, { grant_type: 'client_credentials' }, [
      CC_CLIENT.clientId,
      CC_CLIENT.clientSecret,
    ]);
    await control(box.fake, '/tokens', { action: 'revoke', token: again.body.access_token });
    const revoked = await api(box.fake, '/whoami', { token: `bearer:${again.body.access_token}` });
    expect(revoked.status).toBe(401);
    expect(revoked.json.meta.error?.errorMessage).toContain('revoked');
  });

  it('a token with scopes gets 403 naming the missing scope; manage:all and manage:x pass', async () => {
    const cc = (scope: string) =>
      token(box.fake, { grant_type: 'client_credentials', scope }, [
        CC_CLIENT.clientId,
        CC_CLIENT.clientSecret,
      ]);
    const narrow = (await cc('read:surveys')).body.access_token;
    expect((await api(box.fake, '/surveys', { token: `bearer:${narrow}` })).status).toBe(200);
    const denied = await api(box.fake, `/surveys/${CX_SURVEY}/export-responses`, {
      token: `bearer:${narrow}`,
      body: { format: 'csv' },
    });
    expect(denied.status).toBe(403);
    expect(denied.json.meta.error?.errorMessage).toContain('read:survey_responses');
    const who = await api(box.fake, '/whoami', { token: `bearer:${narrow}` });
    expect(who.json.meta.error?.errorMessage).toContain('read:users');

    const manage = (await cc('manage:distributions')).body.access_token;
    expect(
      (await api(box.fake, `/distributions?surveyId=${CX_SURVEY}`, { token: `bearer:${manage}` }))
        .status,
    ).toBe(200);
    const all = (await cc('manage:all')).body.access_token;
    expect((await api(box.fake, '/whoami', { token: `bearer:${all}` })).status).toBe(200);
  });
});

describe('pagination', () => {
  it('GET /surveys follows absolute nextPage URLs with ?offset= and ends with null', async () => {
    await control(box.fake, '/switches', { offsetPageSize: 4 });
    const first = await api(box.fake, '/surveys');
    expect(first.json.result.elements).toHaveLength(4);
    expect(first.json.result.nextPage).toBe(`${box.fake.url}/API/v3/surveys?offset=4`);
    const second = await api(box.fake, first.json.result.nextPage);
    expect(second.json.result.elements.length).toBeGreaterThan(0);
    expect(second.json.result.nextPage).toBeNull();
    const names = [...first.json.result.elements, ...second.json.result.elements].map(
      (s: Json) => s.name,
    );
    expect(names).toContain('Employee Engagement Pulse 2026');
    const all = [...first.json.result.elements, ...second.json.result.elements];
    expect(all.some((s: Json) => s.isActive === false)).toBe(true);
    expect(all[0]).toEqual({
      id: EX_SURVEY,
      name: 'Employee Engagement Pulse 2026',
      ownerId: 'UR_8wfG5qsMxuh0Jrn',
      lastModified: '2026-01-04T16:20:05Z',
      creationDate: '2025-12-01T09:12:44Z',
      isActive: true,
    });
  });

  it('mailing-list contacts page by skipToken, pageSize at most 50', async () => {
    const dirs = await api(box.fake, '/directories');
    const dir = dirs.json.result.elements[0].directoryId;
    expect(dir).toMatch(/^POOL_[A-Za-z0-9]{15}$/);
    const lists = await api(box.fake, `/directories/${dir}/mailinglists`);
    const list = lists.json.result.elements.find((l: Json) => l.name === 'All Employees');
    expect(list.contactCount).toBe(120);
    expect(typeof list.creationDate).toBe('number');

    const tooBig = await api(
      box.fake,
      `/directories/${dir}/mailinglists/${list.mailingListId}/contacts?pageSize=51`,
    );
    expect(tooBig.status).toBe(400);

    const seen: string[] = [];
    let next: string | null =
      `/directories/${dir}/mailinglists/${list.mailingListId}/contacts?pageSize=50&includeEmbedded=true`;
    let pages = 0;
    while (next) {
      const page: Json = await api(box.fake, next);
      expect(page.status).toBe(200);
      for (const c of page.json.result.elements) seen.push(c.contactId);
      next = page.json.result.nextPage;
      if (next) expect(next).toMatch(/skipToken=/);
      if (next) expect(next).toContain('includeEmbedded=true');
      pages++;
    }
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(120);
    const bad = await api(
      box.fake,
      `/directories/${dir}/mailinglists/${list.mailingListId}/contacts?skipToken=garbage`,
    );
    expect(bad.status).toBe(400);
  });
});

describe('proxied-host notice', () => {
  it('adds meta.notice when switched on, for every host or only a configured one', async () => {
    expect((await api(box.fake, '/whoami')).json.meta.notice).toBeUndefined();
    await control(box.fake, '/switches', { proxyNotice: 'sjc1.qualtrics.com' });
    const { json } = await api(box.fake, '/whoami');
    expect(json.meta.notice).toBe(
      'Request proxied. For faster response times, use this host instead: sjc1.qualtrics.com',
    );
    expect(/.*: (.+?\.qualtrics.com)$/.exec(json.meta.notice ?? '')?.[1]).toBe(
      'sjc1.qualtrics.com',
    );
    await control(box.fake, '/switches', {
      proxyNoticeWhenHost: 'wrong.example:1',
      proxyExport400: true,
    });
    expect((await api(box.fake, '/whoami')).json.meta.notice).toBeUndefined();
    await control(box.fake, '/switches', { proxyNoticeWhenHost: new URL(box.fake.url).host });
    const exp = await api(box.fake, `/surveys/${CX_SURVEY}/export-responses`, {
      body: { format: 'csv' },
    });
    expect(exp.status).toBe(400);
    expect(exp.json.meta.notice).toContain('sjc1.qualtrics.com');
  });
});

describe('survey models', () => {
  it('the simplified model has questions, choices with recodes and an exportColumnMap', async () => {
    const { json } = await api(box.fake, `/surveys/${EX_SURVEY}`);
    const s = json.result;
    expect(s).toMatchObject({
      id: EX_SURVEY,
      name: 'Employee Engagement Pulse 2026',
      isActive: true,
      organizationId: 'xobridgedemo',
    });
    expect(s.questions.QID3.questionType).toEqual({
      type: 'MC',
      selector: 'NPS',
      subSelector: null,
    });
    expect(s.questions.QID3.choices['10'].recode).toBe('10');
    expect(s.questions.QID1.questionName).toBe('Tenure');
    // A re-added choice keeps the scale through its recode.
    expect(s.questions.QID1.choices['5']).toMatchObject({
      recode: '4',
      description: 'More than 5 years',
    });
    expect(s.questions.QID2.questionType.type).toBe('Matrix');
    expect(Object.keys(s.questions.QID2.subQuestions)).toEqual(['1', '2', '3', '4', '5']);
    expect(s.questions.QID4.choices['7'].textEntry).toBeDefined();
    expect(s.exportColumnMap.eNPS_NPS_GROUP).toEqual({ question: 'QID3' });
    expect(s.exportColumnMap.ENG_2).toEqual({
      question: 'QID2',
      subQuestion: 'QID2.subQuestions.2',
    });
    expect(s.exportColumnMap.Benefits_3).toEqual({ question: 'QID4', choice: 'QID4.choices.3' });
    expect(s.exportColumnMap.Benefits_7_TEXT).toEqual({
      question: 'QID4',
      choice: 'QID4.choices.7',
      textEntry: 'QID4.choices.7.textEntry',
    });
    expect(s.embeddedData.map((e: Json) => e.name)).toEqual([
      'Department',
      'Region',
      'EmployeeID',
      'ManagerID',
    ]);
    expect(s.responseCounts.auditable).toBe(240);
  });

  it('the definition model has DataExportTag, RecodeValues, matrix Answers and a string QuestionCount', async () => {
    const { json } = await api(box.fake, `/survey-definitions/${EX_SURVEY}`);
    const d = json.result;
    expect(d.SurveyID).toBe(EX_SURVEY);
    expect(d.QuestionCount).toBe('5');
    expect(d.SurveyStatus).toBe('Active');
    expect(d.Questions.QID1).toMatchObject({
      DataExportTag: 'Tenure',
      QuestionType: 'MC',
      Selector: 'SAVR',
    });
    expect(d.Questions.QID1.RecodeValues).toEqual({ 1: '1', 2: '2', 3: '3', 5: '4' });
    expect(d.Questions.QID2).toMatchObject({
      QuestionType: 'Matrix',
      Selector: 'Likert',
      SubSelector: 'SingleAnswer',
    });
    expect(Object.keys(d.Questions.QID2.Answers)).toEqual(['1', '2', '3', '4', '5']);
    expect(d.Questions.QID3.Selector).toBe('NPS');
    expect(d.Questions.QID6).toMatchObject({ QuestionType: 'TE', Selector: 'ML' });
    expect(d.Blocks.BL_1.BlockElements).toHaveLength(5);
  });

  it('saved filters have UUID ids; single responses come in the JSON record shape', async () => {
    const { json } = await api(box.fake, `/surveys/${CX_SURVEY}/filters`);
    expect(json.result.nextPage).toBeNull();
    expect(json.result.elements[0]).toMatchObject({ filterName: 'Finished responses' });
    expect(json.result.elements[0].filterId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    const id = box.fake.state.world.surveys[1].responses[0].responseId;
    const one = await api(box.fake, `/surveys/${CX_SURVEY}/responses/${id}`);
    expect(one.json.result.responseId).toBe(id);
    expect(one.json.result.values._recordId).toBe(id);
    expect(one.json.result.displayedValues.QID12_NPS_GROUP).toEqual([
      1, 1, 1, 1, 1, 1, 1, 2, 2, 3, 3,
    ]);
  });

  it('the seeded world is the same on every start', async () => {
    const a = box.fake.state.world.surveys[0].responses.slice(0, 3).map((r: Json) => r.responseId);
    box.fake.reset();
    const b = box.fake.state.world.surveys[0].responses.slice(0, 3).map((r: Json) => r.responseId);
    expect(b).toEqual(a);
    expect(box.fake.state.world.surveys.map((s: Json) => s.responses.length)).toEqual([
      252, 308, 47, 60, 0, 80,
    ]);
  });
});
