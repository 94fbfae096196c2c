// The client's survey calls against the fake over HTTP: whoami, the survey list across pages,
// the simplified survey turned into a codebook, saved filters.
import { describe, expect, test } from 'vitest';
import {
  codebookFromSurvey,
  collect,
  getSurvey,
  getSurveyDefinition,
  listFilters,
  listSurveys,
  whoami,
  type FetchLike,
} from '../../../src/lib/qualtrics';
import { CX_SURVEY, EX_SURVEY, client, nodeFetch, useFake } from './live';

// Why a page size of 2: the 6 seeded surveys then span 3 pages, so nextPage must be followed.
const box = useFake({ offsetPageSize: 2 });

describe('API token: surveys', () => {
  test('whoami names the user, brand and datacenter', async () => {
    const me = await whoami(client(box.fake).http);
    expect(me).toMatchObject({
      userId: 'UR_8wfG5qsMxuh0Jrn',
      brandId: 'xobridgedemo',
      datacenter: 'fra1',
      firstName: 'Ada',
    });
  });

  test('list surveys follows nextPage through every page, with what search and sort need', async () => {
    const urls: string[] = [];
    const counting: FetchLike = (url, init) => {
      urls.push(url);
      return nodeFetch(url, init);
    };
    const surveys = await collect(listSurveys(client(box.fake, { fetch: counting }).http));
    expect(urls).toHaveLength(3);
    expect(urls.every((u) => u.startsWith(`${box.fake.url}/API/v3/surveys`))).toBe(true);
    expect(surveys.map((s) => s.id)).toHaveLength(6);
    expect(new Set(surveys.map((s) => s.id)).size).toBe(6);
    for (const s of surveys) {
      expect(s.name).not.toBe('');
      expect(Number.isNaN(Date.parse(s.lastModified ?? ''))).toBe(false);
      expect(typeof s.isActive).toBe('boolean');
    }
    expect(surveys.filter((s) => s.isActive).map((s) => s.id)).toEqual([
      EX_SURVEY,
      CX_SURVEY,
      'SV_2xRt6Yu9Io1PaSd',
    ]);
  });

  test('the EX survey becomes a codebook: matrix, eNPS with its group, multi-select, recodes', async () => {
    const cb = codebookFromSurvey(await getSurvey(client(box.fake).http, EX_SURVEY));
    expect(cb.name).toBe('Employee Engagement Pulse 2026');
    const q = (tag: string) => cb.questions.find((x) => x.exportTag === tag)!;
    // A re-added choice keeps its id (5) but exports its recode (4).
    expect(q('Tenure').choices.find((c) => c.id === '5')).toMatchObject({
      text: 'More than 5 years',
      recode: '4',
    });
    expect(q('ENG')).toMatchObject({ type: 'Matrix', selector: 'Likert' });
    expect(q('ENG').subQuestions).toHaveLength(5);
    expect(q('eNPS').selector).toBe('NPS');
    expect(q('Benefits').selector).toBe('MAVR');
    expect(q('Benefits').choices.find((c) => c.id === '7')?.textEntry).toBe(true);
    const cols = Object.fromEntries(cb.columns.map((c) => [c.column, c]));
    expect(cols.eNPS_NPS_GROUP).toMatchObject({ qid: 'QID3' });
    expect(cols.ENG_3).toMatchObject({ qid: 'QID2', subQuestionId: '3' });
    expect(cols.Benefits_7_TEXT).toMatchObject({ qid: 'QID4', choiceId: '7', textEntry: true });
    expect(cb.embeddedData).toEqual(['Department', 'Region', 'EmployeeID', 'ManagerID']);
  });

  test('the CX survey codebook strips HTML and maps every export column', async () => {
    const http = client(box.fake).http;
    const cb = codebookFromSurvey(await getSurvey(http, CX_SURVEY));
    const nps = cb.questions.find((x) => x.exportTag === 'NPS')!;
    expect(nps.text).not.toMatch(/[<>]/);
    expect(nps.choices).toHaveLength(11);
    expect(cb.columns.map((c) => c.column)).toEqual(
      expect.arrayContaining(['NPS_NPS_GROUP', 'NPS', 'CSAT', 'CES', 'Q4_7_TEXT', 'Q5_3', 'Q6']),
    );
    const def = await getSurveyDefinition(http, CX_SURVEY);
    expect(def.SurveyID).toBe(CX_SURVEY);
  });

  test('saved filters have UUID ids', async () => {
    const filters = await collect(listFilters(client(box.fake).http, EX_SURVEY));
    expect(filters.map((f) => f.filterName)).toContain('Finished responses');
    for (const f of filters) expect(f.filterId).toMatch(/^[0-9a-f-]{36}$/);
  });
});
