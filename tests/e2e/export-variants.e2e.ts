// Issue 14: Qualtrics export variants opened as a user opens them (the file input of the
// workspace), then used in survey → Viva and the Analysis: dates Excel turned into day numbers
// shown and used as dates, HTML-free labels, and columns that are not answers never offered as
// questions. Fixtures: tests/fixtures/qualtrics-variants.
import { join } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { expectRowCount, grid, watchPage } from './helpers';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'qualtrics-variants');
const fixture = (name: string) => join(FIXTURES, name);

async function home(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'XO Bridge' }).click();
}

/** The text of every option of a select. */
function optionTexts(select: Locator): Promise<string[]> {
  return select.locator('option').allTextContents();
}

/**
 * Opens the Analysis on one open table, alone. With a single survey open the Analysis starts on
 * it by itself; otherwise the table is picked.
 */
async function analyse(page: Page, name: string): Promise<void> {
  await home(page);
  await page.getByTestId('workflow-analysis').click();
  const picker = page.getByTestId('analysis-left');
  await expect(page.getByTestId('question-select').or(picker)).toBeVisible({ timeout: 30_000 });
  if (await picker.isVisible()) {
    await picker.selectOption({ label: name });
    await page.getByTestId('analysis-start').click();
  }
  await expect(page.getByTestId('question-select')).toBeVisible({ timeout: 30_000 });
}

/** Starts survey → Viva on an open table; returns at its question list. */
async function surveyQuestions(page: Page, name: string): Promise<Locator> {
  await home(page);
  await page.getByTestId('workflow-survey-to-viva').click();
  await page
    .getByTestId('source-picker')
    .getByRole('button', { name: new RegExp(name) })
    .click();
  await expect(page.getByTestId('step-columns')).toBeVisible({ timeout: 30_000 });
  await page.getByTestId('next-step').click();
  return page.getByTestId('question-row');
}

test('an export saved in Excel: day numbers shown as dates, used for the EffectiveDate and the trend', async ({
  page,
}) => {
  const watch = await watchPage(page);
  await page.goto('/');
  await page.getByTestId('file-input').setInputFiles(fixture('excel-serial-dates.csv'));
  await expectRowCount(page, 5);
  // Preview: dates, not 43703.54338; a note says why; the shortened ID is reported.
  await expect(grid(page).locator('[data-row="0"]')).toContainText('2019-08-26 13:02:28');
  await expect(grid(page).locator('[data-row="0"]')).not.toContainText('43703');
  await expect(page.getByText(/held Excel day numbers/)).toBeVisible();
  await expect(page.getByText(/1\.23457E\+15/).first()).toBeVisible();

  // Survey → Viva: two questions; EffectiveDate from the latest EndDate (2019-09-29); ann's
  // two answers are seen as one person answering twice.
  const rows = await surveyQuestions(page, 'excel-serial-dates.csv');
  await expect(rows).toHaveCount(2);
  await page
    .locator('[data-testid="question-row"][data-tag="Q1"]')
    .getByTestId('question-select')
    .check();
  await page.getByTestId('new-category').fill('Valued');
  await page.getByTestId('add-category').click();
  await page.getByTestId('next-step').click();
  await expect(page.getByTestId('effective-date')).toHaveText('07/01/2019');
  await expect(
    page.getByText('The latest response in this file ended on 2019-09-29.'),
  ).toBeVisible();
  await expect(page.getByTestId('duplicate-summary')).toContainText(
    '1 person answered more than once',
  );

  // Analysis: EndDate is offered for the trend and every answer has a readable date.
  await analyse(page, 'excel-serial-dates.csv');
  const trendColumn = page.getByTestId('trend-column');
  // The trend's date columns come with the results: wait for them rather than read at once.
  await expect(trendColumn.locator('option', { hasText: /^EndDate$/ })).toHaveCount(1, {
    timeout: 30_000,
  });
  await trendColumn.selectOption({ label: 'EndDate' });
  await expect(page.getByTestId('chart-trend')).toBeVisible();
  await expect(page.getByText(/no readable date/)).toHaveCount(0);
  expect(watch.problems).toEqual([]);
});

test('labels without HTML, and columns that are not answers never offered as questions', async ({
  page,
}) => {
  const watch = await watchPage(page);
  await page.goto('/');
  await page
    .getByTestId('file-input')
    .setInputFiles([fixture('html-labels.csv'), fixture('non-answer-columns.csv')]);
  await expectRowCount(page, 4);

  // Analysis on the HTML labels: plain text, the question rather than "Selected Choice".
  await analyse(page, 'html-labels.csv');
  const htmlOptions = await optionTexts(page.getByTestId('question-select'));
  expect(htmlOptions.some((o) => o.includes('How satisfied are you with your team?'))).toBe(true);
  expect(htmlOptions.some((o) => o.includes("Tom & Jerry's question"))).toBe(true);
  expect(htmlOptions.join('\n')).not.toMatch(/<|&amp;|&#39;|Selected Choice/);

  // Analysis on the export with display order, timing, meta info, Text iQ and other text.
  await page.getByRole('button', { name: 'Change files' }).click();
  await page.getByTestId('analysis-left').selectOption({ label: 'non-answer-columns.csv' });
  await page.getByTestId('analysis-start').click();
  await expect(page.getByTestId('question-select')).toBeVisible({ timeout: 30_000 });
  await expect
    .poll(async () =>
      (await optionTexts(page.getByTestId('question-select'))).map((o) => o.split(' ·')[0]),
    )
    .toEqual(['Q1', 'Q2', 'Q7']);

  // Survey → Viva lists the same three, and its search finds the plain label.
  const rows = await surveyQuestions(page, 'non-answer-columns.csv');
  await expect(rows).toHaveCount(3);
  expect(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-tag')))).toEqual([
    'Q1',
    'Q2',
    'Q7',
  ]);
  await expect(page.locator('[data-testid="question-row"][data-tag="Q7"]')).toContainText(
    'Which office?',
  );
  await expect(page.locator('[data-testid="question-row"][data-tag="Q7"]')).not.toContainText(
    'Selected Choice',
  );
  expect(watch.problems).toEqual([]);
});
