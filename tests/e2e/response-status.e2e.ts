// Response status and empty exports through the app: survey → Viva and the Analysis count the
// responses by status, leave out previews, tests and spam by default (one click brings them
// back), keep unfinished responses unless asked, and a saved recipe remembers the choice on
// the next wave. An export with header rows only opens everywhere and says "0 responses".
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { watchPage } from './helpers';

const DIR = join(import.meta.dirname, '..', 'fixtures', 'qualtrics-variants');
const fixture = (f: string) => join(DIR, f);

async function openIn(page: Page, workflow: string, file: string) {
  await page.goto('/');
  await page.getByTestId(`workflow-${workflow}`).click();
  await page.getByTestId('source-picker').getByTestId('file-input').setInputFiles(fixture(file));
}

const LEFT_OUT = 'Left out 3 preview, 1 test and 3 spam responses.';

test('survey → Viva: previews, tests and spam out by default; the choice is saved with the recipe', async ({
  page,
}) => {
  const watch = await watchPage(page);
  await openIn(page, 'survey-to-viva', 'status-numeric.csv');
  const panel = page.getByTestId('response-status');
  await expect(panel.getByTestId('response-total')).toHaveText('14 responses', {
    timeout: 30_000,
  });
  await expect(panel.getByTestId('response-by-status')).toContainText('Survey Preview: 1');
  await expect(panel.getByTestId('response-by-status')).toContainText('Status 256: 1');
  await expect(panel.getByTestId('response-finished')).toHaveText('13 finished, 1 unfinished');
  await expect(panel.getByTestId('responses-left-out')).toHaveText(LEFT_OUT);
  await expect(page.getByTestId('output-rowcount')).toHaveText('7 rows');

  // One click includes them; another leaves them out again.
  await panel.getByTestId('include-tests').check();
  await expect(page.getByTestId('output-rowcount')).toHaveText('13 rows');
  await expect(panel.getByTestId('responses-left-out')).toHaveCount(0);
  await panel.getByTestId('include-tests').uncheck();
  await panel.getByTestId('keep-unfinished').uncheck();
  await expect(panel.getByTestId('responses-left-out')).toHaveText(
    'Left out 3 preview, 1 test, 3 spam and 1 unfinished responses.',
  );
  await expect(page.getByTestId('output-rowcount')).toHaveText('6 rows');

  // A category makes the recipe worth saving; the report says what was left out.
  await page.getByTestId('goto-categories').click();
  await page
    .locator('[data-testid="question-row"][data-tag="Q1"]')
    .getByTestId('question-select')
    .check();
  await page.getByTestId('new-category').fill('Pride');
  await page.getByTestId('add-category').click();
  await expect(page.getByTestId('saved-state')).toHaveText('Saved on this device');
  await page.getByTestId('goto-validate').click();
  await expect(page.getByTestId('validation-report')).toContainText(
    'Left out 3 preview, 1 test, 3 spam and 1 unfinished responses.',
  );

  // The next wave (a choice-text export of the same survey) reapplies the recipe and its choice.
  await openIn(page, 'survey-to-viva', 'status-text.csv');
  await expect(page.getByTestId('reapplied')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('keep-unfinished')).not.toBeChecked();
  await expect(page.getByTestId('include-tests')).not.toBeChecked();
  await expect(page.getByTestId('output-rowcount')).toHaveText('6 rows');
  expect(watch.problems).toEqual([]);
});

test('Analysis: the score counts kept responses only; one click includes the rest', async ({
  page,
}) => {
  const watch = await watchPage(page);
  await openIn(page, 'analysis', 'status-numeric.csv');
  await page.getByTestId('analysis-left').selectOption({ label: 'status-numeric.csv' });
  await page.getByTestId('analysis-start').click();
  const headline = page.getByTestId('score-headline');
  await expect(headline).toHaveAttribute('data-n', '7', { timeout: 30_000 });
  const panel = page.getByTestId('response-status');
  await expect(panel.getByTestId('responses-left-out')).toHaveText(LEFT_OUT);
  await expect(panel.getByTestId('response-used')).toHaveText('· 7 used');

  await panel.getByTestId('include-tests').check();
  await expect(headline).toHaveAttribute('data-n', '14');
  await panel.getByTestId('keep-unfinished').uncheck();
  await expect(headline).toHaveAttribute('data-n', '13');
  await expect(panel.getByTestId('responses-left-out')).toHaveText(
    'Left out 1 unfinished response.',
  );
  expect(watch.problems).toEqual([]);
});

test('an export with 0 responses opens in the workspace, survey → Viva and the Analysis', async ({
  page,
}) => {
  const watch = await watchPage(page);
  await page.goto('/');
  await page.getByTestId('file-input').setInputFiles(fixture('empty-current.csv'));
  await expect(page.getByTestId('format-summary')).toContainText('0 responses', {
    timeout: 30_000,
  });
  await expect(page.getByRole('alert')).toHaveCount(0);

  await openIn(page, 'survey-to-viva', 'empty-current.csv');
  await expect(page.getByTestId('flow-file')).toContainText('0 responses', { timeout: 30_000 });
  await expect(page.getByTestId('zero-responses')).toContainText('Q1');
  await expect(page.getByTestId('response-total')).toHaveText('0 responses');

  await openIn(page, 'analysis', 'empty-current.csv');
  await page.getByTestId('analysis-left').selectOption({ label: 'empty-current.csv' });
  await page.getByTestId('analysis-start').click();
  await expect(page.getByTestId('analysis-zero-responses')).toContainText('0 responses', {
    timeout: 30_000,
  });
  await expect(page.getByTestId('analysis-zero-questions')).toContainText('Q1');
  await expect(page.getByRole('alert')).toHaveCount(0);
  expect(watch.problems).toEqual([]);
});
