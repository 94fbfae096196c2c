// The Surveys screens as a user drives them, on a tiny in-test Qualtrics (fetch answered here):
// the list (search, active/closed with counts, sort, errors with what to do), the survey page
// and codebook, and the Load responses form (options → the request body, problems shown before
// sending, progress, Cancel, the options under "More options", and "New responses only":
// remember where a load ends, then load only what is new, a refused token and a full reload).
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { zipSync, strToU8 } from 'fflate';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import SurveysView from '../../src/components/qualtrics/SurveysView.svelte';
import { QualtricsHttp, apiTokenAuth, type FetchLike } from '../../src/lib/qualtrics';
import { QualtricsSurveys } from '../../src/state/qualtrics-surveys.svelte';

function answer(result: unknown, status = 200, message = 'Unrecognized X-API-TOKEN.'): Response {
  const meta =
    status === 200
      ? { httpStatus: '200 - OK', requestId: 'r' }
      : {
          httpStatus: `${status}`,
          error: { errorMessage: message, errorCode: 'E' },
        };
  return new Response(JSON.stringify(status === 200 ? { result, meta } : { meta }), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

const SURVEYS = [
  {
    id: 'SV_aaaaaaaaaaaaaaa',
    name: 'Pulse March',
    lastModified: '2026-03-01T00:00:00Z',
    isActive: true,
  },
  {
    id: 'SV_bbbbbbbbbbbbbbb',
    name: 'Onboarding',
    lastModified: '2026-04-01T00:00:00Z',
    isActive: false,
  },
  {
    id: 'SV_ccccccccccccccc',
    name: 'Annual Engagement',
    lastModified: '2025-11-01T00:00:00Z',
    isActive: true,
  },
];

const SURVEY = {
  id: 'SV_aaaaaaaaaaaaaaa',
  name: 'Pulse March',
  isActive: true,
  lastModifiedDate: '2026-03-01T00:00:00Z',
  responseCounts: { auditable: 3, generated: 0, deleted: 0 },
  questions: {
    QID1: {
      questionName: 'Q_team',
      questionText: '<b>I like my team</b>',
      questionType: { type: 'MC', selector: 'SAVR' },
      choices: {
        '1': { choiceText: 'Disagree', recode: '1' },
        '2': { choiceText: 'Agree', recode: '5' },
      },
    },
    QID2: {
      questionName: 'Q_nps',
      questionText: 'Recommend us?',
      questionType: { type: 'MC', selector: 'NPS' },
      choices: {},
    },
  },
  exportColumnMap: { Q_team: { question: 'QID1' }, Q_nps: { question: 'QID2' } },
  embeddedData: [{ name: 'Department' }],
};

const CSV =
  'Q_team,Q_nps\r\nI like my team,Recommend us?\r\n{"ImportId":"QID1"},{"ImportId":"QID2"}\r\n1,9\r\n5,10\r\n';

/** A tiny Qualtrics; `polls` progress answers are inProgress (50%), then complete. */
function tinyQualtrics(opts: { token?: string; polls?: number } = {}) {
  const calls: { method: string; path: string; body?: unknown }[] = [];
  let polled = 0;
  let started: Record<string, unknown> = {};
  let issued = 0;
  const fetchFn = vi.fn<FetchLike>(async (url, init) => {
    const path = new URL(url).pathname.replace('/API/v3', '');
    calls.push({
      method: init?.method ?? 'GET',
      path,
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
    });
    const headers = (init?.headers ?? {}) as Record<string, string>;
    if (headers['X-API-TOKEN'] !== (opts.token ?? 'tok')) return answer(null, 401);
    if (path === '/surveys') return answer({ elements: SURVEYS, nextPage: null });
    if (path === `/surveys/${SURVEY.id}`) return answer(SURVEY);
    if (path === `/surveys/${SURVEY.id}/filters`) {
      return answer({
        elements: [{ filterId: '9b67fbb7-ef89-430d-8ddf-f17f44de9254', filterName: 'Finished' }],
        nextPage: null,
      });
    }
    if (path.endsWith('/export-responses')) {
      started = JSON.parse(init!.body as string) as Record<string, unknown>;
      if (started.continuationToken === 'refused-token') {
        return answer(null, 400, 'Invalid continuation token.');
      }
      return answer({ progressId: 'ES_1', percentComplete: 0, status: 'inProgress' });
    }
    if (path.endsWith('/ES_1')) {
      polled++;
      const token = started.allowContinuation ? { continuationToken: `tok-${++issued}` } : {};
      return polled <= (opts.polls ?? 0)
        ? answer({ percentComplete: 50, status: 'inProgress' })
        : answer({ percentComplete: 100, status: 'complete', fileId: 'f-1', ...token });
    }
    if (path.endsWith('/f-1/file')) {
      return new Response(zipSync({ 'Pulse March.csv': strToU8(CSV) }), {
        headers: { 'content-type': 'application/zip' },
      });
    }
    return answer(null, 404);
  });
  return { fetchFn, calls };
}

function setup(opts: { token?: string; polls?: number } = {}) {
  const q = tinyQualtrics(opts);
  const opened: File[] = [];
  const onconnections = vi.fn();
  const state = new QualtricsSurveys(
    {
      items: [{ id: 'c1', name: 'Acme' }],
      error: null,
      client: (_id, hooks) =>
        new QualtricsHttp({
          baseUrl: 'https://iad1.qualtrics.com/API/v3',
          auth: apiTokenAuth('tok'),
          fetch: q.fetchFn,
          ...hooks,
        }),
    },
    { openFiles: async (f) => void opened.push(...f) },
    undefined,
    { firstPollMs: 20, maxPollMs: 20 },
  );
  render(SurveysView, { state, onconnections });
  return { ...q, state, opened, onconnections };
}

const rowNames = () =>
  screen.getAllByTestId('survey-row').map((r) => within(r).getByRole('button').textContent);

describe('Surveys list', () => {
  it('lists newest first, searches, filters active/closed with counts, sorts by name', async () => {
    const user = userEvent.setup();
    const { state } = setup();
    await state.open('c1');
    expect(await screen.findByRole('heading', { name: /^Surveys\s*— Acme$/ })).toBeTruthy();
    expect(rowNames()).toEqual(['Onboarding', 'Pulse March', 'Annual Engagement']);
    expect(screen.getByTestId('survey-count').textContent).toContain('Showing 3 of 3 surveys');
    expect(screen.getByRole('radio', { name: 'Active (2)' })).toBeTruthy();
    await user.click(screen.getByRole('radio', { name: 'Closed (1)' }));
    expect(rowNames()).toEqual(['Onboarding']);
    await user.click(screen.getByRole('radio', { name: 'All (3)' }));
    await user.type(screen.getByLabelText('Search surveys'), 'pulse');
    expect(rowNames()).toEqual(['Pulse March']);
    await user.clear(screen.getByLabelText('Search surveys'));
    await user.type(screen.getByLabelText('Search surveys'), 'zzz');
    expect(screen.getByText('No survey matches.')).toBeTruthy();
    await user.clear(screen.getByLabelText('Search surveys'));
    await user.selectOptions(screen.getByLabelText('Sort by'), 'name');
    expect(rowNames()).toEqual(['Annual Engagement', 'Onboarding', 'Pulse March']);
  });

  it('opens a survey: facts, saved filters and a searchable codebook with recodes', async () => {
    const user = userEvent.setup();
    const { state } = setup();
    await state.open('c1');
    await user.click(await screen.findByRole('button', { name: 'Pulse March' }));
    expect((await screen.findByTestId('survey-name')).textContent).toBe('Pulse March');
    expect(screen.getByTestId('survey-responses').textContent?.trim()).toBe('3');
    expect(screen.getByTestId('saved-filters').textContent).toContain('Finished');
    const rows = screen.getAllByTestId('codebook-row');
    expect(rows).toHaveLength(2);
    expect(rows[0].textContent).toContain('Q_team');
    expect(rows[0].textContent).toContain('I like my team');
    expect(rows[0].textContent).not.toContain('<b>');
    expect(rows[0].textContent).toContain('5 = Agree');
    await user.type(screen.getByLabelText('Search the codebook'), 'recommend');
    expect(screen.getAllByTestId('codebook-row')).toHaveLength(1);
    expect(screen.getByTestId('codebook-count').textContent).toContain('1 of 2 questions');
    await user.click(screen.getByRole('button', { name: '← All surveys' }));
    expect(screen.getAllByTestId('survey-row')).toHaveLength(3);
  });

  it('follows every page, draws the first 200 rows and shows the rest on request', async () => {
    const user = userEvent.setup();
    const many = Array.from({ length: 250 }, (_, i) => ({
      id: `SV_${String(i).padStart(15, '0')}`,
      name: `Survey ${i}`,
      lastModified: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
      isActive: i % 2 === 0,
    }));
    const fetchFn = vi.fn<FetchLike>(async (url) => {
      const offset = Number(new URL(url).searchParams.get('offset') ?? 0);
      const next = offset + 100 < many.length ? offset + 100 : null;
      return answer({
        elements: many.slice(offset, offset + 100),
        nextPage: next === null ? null : `https://iad1.qualtrics.com/API/v3/surveys?offset=${next}`,
      });
    });
    const state = new QualtricsSurveys(
      {
        items: [{ id: 'c1', name: 'Acme' }],
        error: null,
        client: (_id, hooks) =>
          new QualtricsHttp({
            baseUrl: 'https://iad1.qualtrics.com/API/v3',
            auth: apiTokenAuth('tok'),
            fetch: fetchFn,
            ...hooks,
          }),
      },
      { openFiles: async () => {} },
    );
    render(SurveysView, { state, onconnections: () => {} });
    await state.open('c1');
    expect(fetchFn).toHaveBeenCalledTimes(3);
    expect(screen.getByTestId('survey-count').textContent).toContain('Showing 250 of 250 surveys');
    expect(screen.getAllByTestId('survey-row')).toHaveLength(200);
    expect(rowNames()[0]).toBe('Survey 249');
    await user.click(screen.getByRole('button', { name: 'Show all 250 surveys' }));
    expect(screen.getAllByTestId('survey-row')).toHaveLength(250);
    await user.click(screen.getByRole('radio', { name: 'Closed (125)' }));
    expect(screen.getAllByTestId('survey-row')).toHaveLength(125);
  });

  it('a refused token is shown with what to do, and a way to the Connections page', async () => {
    const user = userEvent.setup();
    const q = tinyQualtrics({ token: 'other' });
    const onconnections = vi.fn();
    const state = new QualtricsSurveys(
      {
        items: [{ id: 'c1', name: 'Acme' }],
        error: null,
        client: (_id, hooks) =>
          new QualtricsHttp({
            baseUrl: 'https://iad1.qualtrics.com/API/v3',
            auth: apiTokenAuth('tok'),
            fetch: q.fetchFn,
            ...hooks,
          }),
      },
      { openFiles: async () => {} },
    );
    render(SurveysView, { state, onconnections });
    await state.open('c1');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/token/i);
    await user.click(within(alert).getByRole('button', { name: 'Open Connections' }));
    expect(onconnections).toHaveBeenCalled();
  });
});

describe('Load responses form', () => {
  async function onSurvey(opts: { polls?: number } = {}) {
    const t = setup(opts);
    await t.state.open('c1');
    await t.state.openSurvey(SURVEY.id);
    return t;
  }

  it('sends the options as chosen: dates as UTC days (end included), filter, pickers, recodes', async () => {
    const user = userEvent.setup();
    const { calls, opened } = await onSurvey();
    const form = screen.getByTestId('load-responses');
    await user.click(within(form).getByLabelText('TSV'));
    await user.click(within(form).getByLabelText('Choice text instead of recode values'));
    await user.type(within(form).getByLabelText('Recorded from (UTC day)'), '2026-01-01');
    await user.type(
      within(form).getByLabelText('Recorded through (UTC day, included)'),
      '2026-01-31',
    );
    await user.type(within(form).getByLabelText('At most (responses)'), '100');
    await user.selectOptions(within(form).getByLabelText('Saved filter'), 'Finished');
    await user.click(
      within(form).getByLabelText('Only responses still in progress (not yet recorded)'),
    );
    // Questions: all but Q_nps; no embedded data; two metadata columns.
    const questions = within(form).getByTestId('pick-questions');
    await user.click(within(questions).getByText(/Questions: all/));
    await user.click(within(questions).getByLabelText('All questions'));
    await user.click(within(questions).getByLabelText(/Q_nps/));
    const embedded = within(form).getByTestId('pick-embedded');
    await user.click(within(embedded).getByText(/Embedded data fields: all/));
    await user.click(within(embedded).getByLabelText('All embedded data fields'));
    await user.click(within(embedded).getByLabelText('Department'));
    const meta = within(form).getByTestId('pick-metadata');
    await user.click(within(meta).getByText(/Survey metadata columns: all/));
    await user.click(within(meta).getByLabelText('All survey metadata columns'));
    await user.click(within(meta).getByRole('button', { name: 'Untick every one' }));
    await user.click(within(meta).getByLabelText('recordedDate'));
    await user.click(within(meta).getByLabelText('finished'));
    expect(meta.textContent).toContain('Survey metadata columns: 2 of');
    await user.click(within(form).getByText('More options'));
    await user.type(within(form).getByLabelText('Time zone of dates'), 'Europe/Paris');
    await user.type(within(form).getByLabelText('Seen but unanswered, recoded as'), '-99');
    await user.type(
      within(form).getByLabelText('Seen but unanswered (multi-select), recoded as'),
      '0',
    );
    await user.click(
      within(form).getByLabelText('One column per choice of multi-select questions'),
    );
    await user.click(within(form).getByRole('button', { name: 'Load responses' }));
    await waitFor(() => expect(opened).toHaveLength(1));
    const start = calls.find((c) => c.method === 'POST')!;
    expect(start.body).toEqual({
      format: 'tsv',
      compress: true,
      exportResponsesInProgress: true,
      useLabels: true,
      breakoutSets: false,
      startDate: '2026-01-01T00:00:00Z',
      endDate: '2026-02-01T00:00:00Z',
      limit: 100,
      filterId: '9b67fbb7-ef89-430d-8ddf-f17f44de9254',
      questionIds: ['QID1'],
      embeddedDataIds: [],
      surveyMetadataIds: ['finished', 'recordedDate'],
      timeZone: 'Europe/Paris',
      seenUnansweredRecode: -99,
      multiselectSeenUnansweredRecode: 0,
    });
    expect(opened[0].name).toBe('Pulse March.zip');
  });

  it('shows the problems before sending and keeps Load disabled until they are fixed', async () => {
    const user = userEvent.setup();
    const { calls } = await onSurvey();
    const form = screen.getByTestId('load-responses');
    await user.type(within(form).getByLabelText('Recorded from (UTC day)'), '2026-02-01');
    await user.type(
      within(form).getByLabelText('Recorded through (UTC day, included)'),
      '2026-01-01',
    );
    await user.type(within(form).getByLabelText('At most (responses)'), '0');
    await user.tab();
    const problems = await within(form).findByTestId('export-problems');
    expect(problems.textContent).toContain('startDate must be before endDate');
    expect(problems.textContent).toContain('limit must be a whole number above 0');
    const load = within(form).getByRole('button', { name: 'Load responses' });
    expect((load as HTMLButtonElement).disabled).toBe(true);
    await user.click(within(form).getByText('More options'));
    await user.type(within(form).getByLabelText('Time zone of dates'), 'Mars/Olympus');
    await user.tab();
    expect(within(form).getByTestId('export-problems').textContent).toContain('not a time zone');
    await user.click(within(form).getByRole('button', { name: 'Reset options' }));
    expect(within(form).queryByTestId('export-problems')).toBeNull();
    expect((load as HTMLButtonElement).disabled).toBe(false);
    expect(calls.filter((c) => c.path.includes('export-responses'))).toEqual([]);
  });

  it('shows progress while Qualtrics prepares the file (also back on the list), and Cancel stops the polling', async () => {
    const user = userEvent.setup();
    const { calls, opened, state } = await onSurvey({ polls: 1_000_000 });
    await user.click(screen.getByRole('button', { name: 'Load responses' }));
    const progress = await screen.findByTestId('export-progress');
    await waitFor(() =>
      expect(within(progress).getByRole('status').textContent).toContain(
        'Qualtrics is preparing the file: 50%',
      ),
    );
    // Back to the list: the export goes on, its progress and Cancel stay in view.
    await user.click(screen.getByRole('button', { name: '← All surveys' }));
    expect(screen.getAllByTestId('survey-row')).toHaveLength(3);
    expect(within(progress).getByText('Pulse March')).toBeTruthy();
    const before = calls.length;
    await waitFor(() => expect(calls.length).toBeGreaterThan(before));
    await user.click(within(progress).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByTestId('export-progress')).toBeNull());
    expect(screen.getByTestId('export-outcome').textContent).toContain('Cancelled');
    const n = calls.length;
    await new Promise((r) => setTimeout(r, 100));
    expect(calls.length).toBe(n);
    expect(calls.some((c) => c.path.endsWith('/file'))).toBe(false);
    expect(opened).toEqual([]);
    expect(state.error).toBeNull();
  });
});

describe('Load responses form: more options and new responses only', () => {
  const REMEMBER = 'Remember where this load ends, so the next load can fetch only newer responses';
  const ONLY_NEW = /^Only responses new since the last load \(.+\)$/;
  const starts = (calls: { method: string; body?: unknown }[]) =>
    calls.filter((c) => c.method === 'POST').map((c) => c.body as Record<string, unknown>);

  beforeEach(() => sessionStorage.clear());

  async function onSurvey() {
    const t = setup();
    await t.state.open('c1');
    await t.state.openSurvey(SURVEY.id);
    return t;
  }

  it('sends the options under "More options" as ticked', async () => {
    const user = userEvent.setup();
    const { calls, opened } = await onSurvey();
    const form = screen.getByTestId('load-responses');
    await user.click(within(form).getByText('More options'));
    await user.click(within(form).getByLabelText('Choice text in extra columns beside the values'));
    await user.click(
      within(form).getByLabelText('Columns with the order questions and choices were shown in'),
    );
    await user.click(within(form).getByLabelText('Decimal comma (1,5 instead of 1.5)'));
    await user.click(within(form).getByLabelText('Sort by last-modified date'));
    await user.type(within(form).getByLabelText('Replace line breaks in answers with'), ' / ');
    await user.tab();
    await user.click(within(form).getByRole('button', { name: 'Load responses' }));
    await waitFor(() => expect(opened).toHaveLength(1));
    expect(starts(calls)[0]).toMatchObject({
      includeLabelColumns: true,
      includeDisplayOrder: true,
      formatDecimalAsComma: true,
      sortByLastModifiedDate: true,
      newlineReplacement: ' / ',
    });
    // Label columns and labels in place cannot be combined: said before sending.
    await user.click(within(form).getByLabelText('Choice text instead of recode values'));
    expect(within(form).getByTestId('export-problems').textContent).toContain(
      'useLabels and includeLabelColumns cannot be combined',
    );
  });

  it('"remember" is disabled with a saved filter, with the reason (Qualtrics refuses the combination)', async () => {
    const user = userEvent.setup();
    await onSurvey();
    const form = screen.getByTestId('load-responses');
    const remember = within(form).getByLabelText(REMEMBER) as HTMLInputElement;
    expect(remember.disabled).toBe(false);
    await user.click(remember);
    expect(remember.checked).toBe(true);
    await user.selectOptions(within(form).getByLabelText('Saved filter'), 'Finished');
    expect(remember.disabled).toBe(true);
    expect(remember.checked).toBe(false);
    const why = document.getElementById(remember.getAttribute('aria-describedby')!)!;
    expect(why.textContent).toMatch(/Not with a saved filter: Qualtrics refuses/);
    await user.click(within(form).getByText('More options'));
    const sort = within(form).getByLabelText(/Sort by last-modified date/) as HTMLInputElement;
    expect(sort.disabled).toBe(true);
    await user.selectOptions(within(form).getByLabelText('Saved filter'), 'None (all responses)');
    expect(remember.disabled).toBe(false);
    expect(within(form).queryByTestId('export-problems')).toBeNull();
  });

  it('after a remembered load, "only new" is offered (also when the page opens again) and sends the token', async () => {
    const user = userEvent.setup();
    const { calls, opened } = await onSurvey();
    let form = screen.getByTestId('load-responses');
    expect(within(form).queryByLabelText(ONLY_NEW)).toBeNull();
    await user.click(within(form).getByLabelText(REMEMBER));
    await user.click(within(form).getByRole('button', { name: 'Load responses' }));
    await waitFor(() => expect(opened).toHaveLength(1));
    expect(starts(calls)[0]).toMatchObject({ allowContinuation: true });
    expect(starts(calls)[0].continuationToken).toBeUndefined();
    // The choice appears at once, and again when the survey page opens later.
    expect(within(form).getByLabelText(ONLY_NEW)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: '← All surveys' }));
    await user.click(screen.getByRole('button', { name: 'Pulse March' }));
    form = await screen.findByTestId('load-responses');
    const onlyNew = (await within(form).findByLabelText(ONLY_NEW)) as HTMLInputElement;
    expect(onlyNew.checked).toBe(false);
    expect(within(form).getByTestId('bookmark-note').textContent).toMatch(/lasts a week \(until/);
    await user.click(onlyNew);
    const remember = within(form).getByLabelText(REMEMBER) as HTMLInputElement;
    expect(remember.checked).toBe(true);
    expect(remember.disabled).toBe(true);
    await user.click(within(form).getByRole('button', { name: 'Load responses' }));
    await waitFor(() => expect(opened).toHaveLength(2));
    expect(starts(calls)[1]).toMatchObject({ allowContinuation: true, continuationToken: 'tok-1' });
    // The token is kept for this tab, never in a URL.
    expect(sessionStorage.getItem(`xo-bridge.continuation.c1.${SURVEY.id}`)).toContain('tok-2');
    expect(calls.some((c) => c.path.includes('tok-'))).toBe(false);
    // Forget it: the choice goes.
    await user.click(within(form).getByRole('button', { name: 'Forget it' }));
    expect(within(form).queryByLabelText(ONLY_NEW)).toBeNull();
    expect(sessionStorage.getItem(`xo-bridge.continuation.c1.${SURVEY.id}`)).toBeNull();
  });

  it('a token Qualtrics refuses: the message says so and "Load everything again" loads all with a new token', async () => {
    const user = userEvent.setup();
    sessionStorage.setItem(
      `xo-bridge.continuation.c1.${SURVEY.id}`,
      JSON.stringify({ token: 'refused-token', issuedAt: '2026-01-01T09:00:00.000Z' }),
    );
    const { calls, opened, state } = await onSurvey();
    const form = screen.getByTestId('load-responses');
    await user.click(within(form).getByLabelText(ONLY_NEW));
    await user.click(within(form).getByRole('button', { name: 'Load responses' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/refused to export only the responses new since the load of/);
    expect(alert.textContent).toContain('Invalid continuation token.');
    expect(alert.textContent).not.toContain('refused-token');
    expect(within(form).queryByLabelText(ONLY_NEW)).toBeNull();
    await user.click(within(alert).getByRole('button', { name: 'Load everything again' }));
    await waitFor(() => expect(opened).toHaveLength(1));
    const last = starts(calls).at(-1)!;
    expect(last.allowContinuation).toBe(true);
    expect(last.continuationToken).toBeUndefined();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(state.bookmark?.token).toBe('tok-1');
  });
});
