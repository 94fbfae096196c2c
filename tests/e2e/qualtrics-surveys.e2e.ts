// Surveys and Load responses end to end, in Chromium against the fake Qualtrics server (started
// here on a free port): add an API-token connection, browse its surveys (search, sort,
// active/closed), open a survey's page and codebook, load its responses into the workspace and
// run the Analysis on them; recover from a 429 burst and 500s during an export with the waits
// shown; Cancel an export and see that nothing more is asked of Qualtrics; load with "remember
// where this load ends", let the fake record new responses, then load only those. In each, no
// request leaves for any origin but the app's and the fake's.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { startFakeQualtrics } from '../fake-qualtrics/server.mjs';
import { SURVEYS } from '../fake-qualtrics/data.mjs';
import { expectRowCount, watchPage, recordOrigins } from './helpers';

const ADA = 'fakeqtoken-ada-0123456789abcdefABCDEF';
const EX = SURVEYS[0];
let fake: Awaited<ReturnType<typeof startFakeQualtrics>>;

test.beforeAll(async () => {
  fake = await startFakeQualtrics({ port: 0, env: {} });
});
test.afterAll(() => fake.close());
test.beforeEach(() => fake.reset());

/** Adds an API-token connection on the Connections page and opens its surveys. */
async function browseSurveys(page: Page): Promise<void> {
  await page.goto('/');
  await page.getByTestId('workflow-connections').click();
  const form = page.getByRole('form', { name: 'Add a connection' });
  await form.getByLabel('Name').fill('Fake brand');
  await form.getByLabel('Qualtrics host').fill(fake.url);
  await form.getByLabel('API token', { exact: true }).fill(ADA);
  await form.getByLabel(/For this tab only/).check();
  await form.getByRole('button', { name: 'Add connection' }).click();
  await expect(page.getByTestId('connection-status')).toHaveText('Active');
  await page.getByRole('button', { name: 'Browse surveys of Fake brand' }).click();
  await expect(page.getByRole('heading', { name: /Surveys — Fake brand/ })).toBeVisible();
  await expect(page.getByTestId('survey-count')).toHaveText(
    `Showing ${SURVEYS.length} of ${SURVEYS.length} surveys`,
  );
}

async function openEngagement(page: Page): Promise<void> {
  await page.getByRole('button', { name: EX.name }).click();
  await expect(page.getByTestId('survey-name')).toHaveText(EX.name);
}

/** From anywhere in the app, home → Connections → Browse surveys → the Engagement survey. */
async function backToEngagement(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'XO Bridge' }).click();
  await page.getByTestId('workflow-connections').click();
  await page.getByRole('button', { name: 'Browse surveys of Fake brand' }).click();
  await openEngagement(page);
}

const rowNames = (page: Page) => page.getByTestId('survey-row').locator('th').allTextContents();
const exportLog = () => fake.state.log.filter((l) => l.path.includes('/export-responses'));

/** The eNPS of the fake's finished responses, and how many answered it. */
function expectedEnps(): { n: number; nps: number } {
  const answers = fake.state.world.surveys
    .find((s) => s.id === EX.id)!
    // Survey previews (Status 1) are left out of the Analysis.
    .responses.filter((r) => !r.inProgress && r.status === 0)
    .map((r) => r.answers.QID3)
    .filter((v): v is number => typeof v === 'number');
  const promoters = answers.filter((v) => v >= 9).length;
  const detractors = answers.filter((v) => v <= 6).length;
  return { n: answers.length, nps: ((promoters - detractors) / answers.length) * 100 };
}

test('surveys: browse, search, sort, active/closed, codebook, load responses, Analysis on them', async ({
  page,
  baseURL,
}) => {
  const watch = await watchPage(page);
  const origins = recordOrigins(page);
  await browseSurveys(page);

  // Newest first by default.
  const newest = [...SURVEYS]
    .sort((a, b) => Date.parse(b.lastModified) - Date.parse(a.lastModified))
    .map((s) => s.name);
  expect(await rowNames(page)).toEqual(newest);
  await expect(page.getByRole('radio', { name: 'Active (3)' })).toBeVisible();
  await expect(page.getByRole('radio', { name: 'Closed (3)' })).toBeVisible();

  // Search by name, then closed only.
  await page.getByLabel('Search surveys').fill('customer experience');
  await expect(page.getByTestId('survey-row')).toHaveCount(2);
  await page.getByRole('radio', { name: /^Closed/ }).check();
  expect(await rowNames(page)).toEqual(['Customer Experience – Q4 2025']);
  // Search by id, any case.
  await page.getByRole('radio', { name: /^All/ }).check();
  await page.getByLabel('Search surveys').fill(EX.id.toLowerCase());
  expect(await rowNames(page)).toEqual([EX.name]);
  // Active, sorted by name.
  await page.getByLabel('Search surveys').fill('');
  await page.getByRole('radio', { name: /^Active/ }).check();
  await page.getByLabel('Sort by').selectOption('name');
  const active = SURVEYS.filter((s) => s.isActive)
    .map((s) => s.name)
    .sort((a, b) => a.localeCompare(b));
  expect(await rowNames(page)).toEqual(active);

  // The survey page: facts, saved filters, codebook.
  await openEngagement(page);
  const facts = page.getByTestId('survey-facts');
  await expect(facts).toContainText(EX.id);
  await expect(facts).toContainText('Active');
  await expect(page.getByTestId('survey-responses')).toHaveText(String(EX.responseCount));
  await expect(page.getByTestId('saved-filters')).toContainText('Finished responses');
  const codebook = page.getByTestId('codebook');
  await expect(codebook.getByTestId('codebook-row')).toHaveCount(EX.questions.length);
  const tenure = codebook.getByTestId('codebook-row').filter({ hasText: 'QID1' });
  // The re-added choice: id 5, recode 4.
  await expect(tenure).toContainText('4 = More than 5 years');
  await codebook.getByLabel('Search the codebook').fill('enps');
  await expect(codebook.getByTestId('codebook-row')).toHaveCount(1);
  await expect(codebook.getByTestId('codebook-row')).toContainText('QID3');
  await expect(codebook.getByTestId('codebook-row')).toContainText('10 = ');
  const [dl] = await Promise.all([
    page.waitForEvent('download'),
    codebook.getByRole('button', { name: 'Download codebook (CSV)' }).click(),
  ]);
  expect(dl.suggestedFilename()).toBe(`${EX.name} codebook.csv`);
  const csv = readFileSync(await dl.path(), 'utf8');
  expect(csv.split(/\r?\n/)[0]).toBe(
    'Export tag,QID,Question,Type,Part,Choice id,Choice text,Recode value,Text entry',
  );
  expect(csv).toContain(
    'Tenure,QID1,How long have you worked here?,MC / SAVR,choice,5,More than 5 years,4,',
  );

  // Load responses with the defaults: CSV, every finished response.
  await page.getByRole('button', { name: 'Load responses' }).click();
  await expect(page.getByTestId('export-progress')).toBeVisible();
  await expectRowCount(page, EX.responseCount);
  await expect(
    page.getByRole('button', { name: `${EX.name}.zip › ${EX.name}.csv`, exact: true }),
  ).toBeVisible();
  const start = exportLog().filter((l) => l.method === 'POST' && l.status === 200);
  expect(start).toHaveLength(1);

  // The Analysis on it: the eNPS, as computed from the fake's own responses.
  await page.getByRole('button', { name: 'XO Bridge' }).click();
  await page.getByTestId('workflow-analysis').click();
  const questions = page.getByTestId('question-select');
  await expect(questions).toBeVisible({ timeout: 30_000 });
  const value = await questions
    .locator('option', { hasText: /^eNPS ·/ })
    .first()
    .getAttribute('value');
  await questions.selectOption(value!);
  await expect(page.getByTestId('question-kind')).toHaveValue('nps');
  const { n, nps } = expectedEnps();
  const headline = page.getByTestId('score-headline');
  await expect(headline).toHaveAttribute('data-n', String(n));
  await expect(headline).toContainText('NPS:');
  expect(Number(await headline.getAttribute('data-value'))).toBeCloseTo(nps, 6);

  expect(watch.problems).toEqual([]);
  expect([...origins].sort()).toEqual([new URL(baseURL!).origin, fake.url].sort());
  expect(JSON.stringify(fake.state.log)).not.toContain(ADA);
});

test('surveys: a 429 burst and 500s during an export are waited out, shown, and the load completes', async ({
  page,
  baseURL,
}) => {
  const watch = await watchPage(page);
  const origins = recordOrigins(page);
  await browseSurveys(page);
  await openEngagement(page);
  const form = page.getByTestId('load-responses');
  await form.getByLabel('At most (responses)').fill('50');
  await form.getByLabel('At most (responses)').blur();
  await form.getByLabel('Saved filter').selectOption({ label: 'Finished responses' });
  // The first progress poll answers 429 twice (Retry-After 2 s), then 500 twice.
  fake.setSwitches({ burst429: 2, retryAfter: 2, failNext: 2, faultPath: 'export-responses/ES_' });
  await form.getByRole('button', { name: 'Load responses' }).click();
  await expect(page.getByTestId('qualtrics-wait')).toContainText(
    /Qualtrics asked us to wait 2 s .*check the progress of export ES_/,
  );
  await expect(page.getByTestId('export-waits')).toContainText(/server error/);
  await expectRowCount(page, 50);
  // (The browser's CORS preflights are in the log too: only the GETs are polls.)
  const polls = exportLog().filter((l) => l.path.includes('/ES_') && l.method === 'GET');
  expect(polls.map((l) => l.status).slice(0, 4)).toEqual([429, 429, 500, 500]);
  expect(exportLog().filter((l) => l.path.endsWith('/file') && l.method === 'GET')).toHaveLength(1);

  // The options are remembered for this survey.
  await backToEngagement(page);
  await expect(page.getByTestId('load-responses').getByLabel('At most (responses)')).toHaveValue(
    '50',
  );

  // Chromium logs each refused answer to the console; those four are expected, nothing else.
  const refused = /Failed to load resource: the server responded with a status of (429|500)/;
  expect(watch.problems.filter((p) => refused.test(p))).toHaveLength(4);
  expect(watch.problems.filter((p) => !refused.test(p))).toEqual([]);
  expect([...origins].sort()).toEqual([new URL(baseURL!).origin, fake.url].sort());
});

test('surveys: Cancel stops the export, and nothing more is asked of Qualtrics', async ({
  page,
  baseURL,
}) => {
  const watch = await watchPage(page);
  const origins = recordOrigins(page);
  await browseSurveys(page);
  await openEngagement(page);
  fake.setSwitches({ exportPolls: 1000 });
  await page.getByRole('button', { name: 'Load responses' }).click();
  await expect(page.getByTestId('export-progress')).toContainText(
    'Qualtrics is preparing the file',
  );
  await expect.poll(() => exportLog().length, { timeout: 15_000 }).toBeGreaterThanOrEqual(3);
  // The user leaves for the home screen: the export goes on, with its progress and Cancel in view.
  await page.getByRole('button', { name: 'XO Bridge' }).click();
  await expect(page.getByTestId('workflow-connections')).toBeVisible();
  const progress = page.getByTestId('export-progress');
  await expect(progress).toContainText('Qualtrics is preparing the file');
  await progress.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('export-progress')).toHaveCount(0);
  const after = exportLog().length;
  // Longer than the next poll would have waited (1 s growing ×1.5).
  await page.waitForTimeout(4_000);
  expect(exportLog().length).toBe(after);
  expect(exportLog().some((l) => l.path.endsWith('/file'))).toBe(false);
  // Nothing opened; back on the Surveys screen the outcome is said and Load works again.
  await expect(page.getByTestId('table-view')).toHaveCount(0);
  await page.getByTestId('workflow-connections').click();
  await page.getByRole('button', { name: 'Browse surveys of Fake brand' }).click();
  await expect(page.getByTestId('export-outcome')).toContainText('Cancelled');
  await openEngagement(page);
  await expect(page.getByTestId('survey-page')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Load responses' })).toBeEnabled();

  expect(watch.problems).toEqual([]);
  expect([...origins].sort()).toEqual([new URL(baseURL!).origin, fake.url].sort());
});

test('surveys: "remember where this load ends", new responses recorded, "only new" loads exactly those', async ({
  page,
  baseURL,
}) => {
  const watch = await watchPage(page);
  const origins = recordOrigins(page);
  await browseSurveys(page);
  await openEngagement(page);
  let form = page.getByTestId('load-responses');
  const onlyNew = /Only responses new since the last load \(.+\)/;
  await expect(form.getByRole('radio', { name: onlyNew })).toHaveCount(0);
  await form
    .getByLabel('Remember where this load ends, so the next load can fetch only newer responses')
    .check();
  await form.getByRole('button', { name: 'Load responses' }).click();
  await expectRowCount(page, EX.responseCount);

  // Time goes by: the fake records 9 new finished responses.
  const added = await fetch(`${fake.url}/__control/surveys/${EX.id}/responses`, {
    method: 'POST',
    body: JSON.stringify({ count: 9 }),
  });
  expect(added.status).toBe(200);

  // Back on the survey page, "only new" is offered with the date of the last load.
  await backToEngagement(page);
  form = page.getByTestId('load-responses');
  await form.getByRole('radio', { name: onlyNew }).check();
  await expect(form.getByTestId('bookmark-note')).toContainText('it lasts a week');
  await form.getByRole('button', { name: 'Load responses' }).click();
  await expectRowCount(page, 9);

  // The token went in request bodies only; it is kept for this tab.
  const kept = await page.evaluate(() =>
    Object.keys(sessionStorage).filter((k) => k.startsWith('xo-bridge.continuation.')),
  );
  expect(kept).toHaveLength(1);
  const token = (
    JSON.parse((await page.evaluate((k) => sessionStorage.getItem(k), kept[0]))!) as {
      token: string;
    }
  ).token;
  expect(token).toMatch(/\S/);
  expect(JSON.stringify(fake.state.log)).not.toContain(token);
  const starts = exportLog().filter((l) => l.method === 'POST' && l.status === 200);
  expect(starts).toHaveLength(2);

  // Nothing recorded since: the page says so and opens no empty table.
  await backToEngagement(page);
  form = page.getByTestId('load-responses');
  await form.getByRole('radio', { name: onlyNew }).check();
  await form.getByRole('button', { name: 'Load responses' }).click();
  await expect(page.getByTestId('export-outcome')).toContainText('No new responses since');
  expect(exportLog().filter((l) => l.method === 'POST' && l.status === 200)).toHaveLength(3);
  await expect(page.getByRole('heading', { name: /Surveys — Fake brand/ })).toBeVisible();

  expect(watch.problems).toEqual([]);
  expect([...origins].sort()).toEqual([new URL(baseURL!).origin, fake.url].sort());
});
