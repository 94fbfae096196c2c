import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { watchPage } from './helpers';

const EXPECTED = readFileSync(
  join(import.meta.dirname, '..', 'fixtures', 'survey-to-viva', 'expected-wave1.csv'),
);

/** Selects questions by their export tags (search, then tick) and adds them to a new category. */
async function category(page: Page, name: string, tags: string[]) {
  const search = page.getByTestId('question-search');
  for (const tag of tags) {
    await search.fill(tag);
    await page
      .locator(`[data-testid="question-row"][data-tag="${tag}"]`)
      .getByTestId('question-select')
      .check();
  }
  await search.fill('');
  await page.getByTestId('new-category').fill(name);
  await page.getByTestId('add-category').click();
  await expect(page.locator(`[data-testid="category"][data-name="${name}"] li`)).toHaveCount(
    tags.length,
  );
}

function question(page: Page, tag: string) {
  return page.locator(`[data-testid="question-row"][data-tag="${tag}"]`);
}

async function download(page: Page): Promise<{ name: string; bytes: Buffer }> {
  const [dl] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('download-upload').click(),
  ]);
  const path = await dl.path();
  return { name: dl.suggestedFilename(), bytes: readFileSync(path) };
}

test('survey → Viva: sample to a byte-exact upload; the next wave reapplies the saved recipe', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const watch = await watchPage(page);
  await page.goto('/');
  await page.getByTestId('workflow-survey-to-viva').click();
  await page.getByTestId('flow-sample-qualtrics-xlsx').click();

  // Columns: the identifier is suggested; metadata is dropped by default.
  await expect(page.getByTestId('step-columns')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('identifier').locator('option:checked')).toContainText(
    'Email_ID (suggested)',
  );
  await expect(page.getByTestId('output-preview').locator('th')).toHaveText([
    'PersonId',
    'EffectiveDate',
  ]);
  await page.getByTestId('next-step').click();

  // Categories.
  await category(page, 'Engagement', ['Q1_1', 'Q1_2', 'Q1_3']);
  await page
    .locator('[data-testid="category"][data-name="Engagement"]')
    .getByTestId('min-answered')
    .fill('2');
  await page
    .locator('[data-testid="category"][data-name="Engagement"]')
    .getByTestId('min-answered')
    .press('Enter');
  await category(page, 'Manager Effectiveness', ['Q1_4']);
  await category(page, 'Belonging', ['Q1_5', 'Q1_6']);
  await question(page, 'Q1_5').getByTestId('reverse').check();
  await expect(question(page, 'Q2').getByTestId('scale-max')).toHaveValue('10');
  await expect(question(page, 'Q3').getByTestId('scale-max')).toHaveValue('7');
  await question(page, 'Q2').getByTestId('export-as').fill('eNPS_score');
  await question(page, 'Q2').getByTestId('export-as').press('Enter');
  await question(page, 'Q3').getByTestId('export-as').fill('Ease_of_work');
  await question(page, 'Q3').getByTestId('export-as').press('Enter');
  await page.getByTestId('next-step').click();

  // People and date: suggested quarter start of the latest EndDate (30 June 2026).
  await expect(page.getByTestId('effective-date')).toHaveText('04/01/2026');
  await expect(page.getByTestId('duplicate-summary')).toHaveText(/Nobody answered more than once/);
  await page.getByTestId('next-step').click();

  // Validate: "Manager Effectiveness" is not a valid Viva column name; download is blocked.
  const report = page.getByTestId('validation-report');
  await expect(report.getByTestId('validation-errors')).toContainText('Manager Effectiveness');
  await expect(page.getByTestId('download-upload')).toBeDisabled();
  await report.getByRole('button', { name: /Rename to Manager_Effectiveness/ }).click();
  await expect(report.getByTestId('validation-summary')).toContainText('Ready for Viva Insights');
  await expect(page.getByTestId('output-rowcount')).toHaveText('200 rows');

  const first = await download(page);
  expect(first.name).toBe('qualtricsexsurveyViva.csv');
  expect(first.bytes.equals(EXPECTED)).toBe(true);
  await expect(page.getByTestId('saved-state')).toHaveText('Saved on this device');

  // Reload: the recipe is in IndexedDB. The next wave renamed Q1_4 → Mgr_1 and added Q5.
  await page.reload();
  await page.getByTestId('workflow-survey-to-viva').click();
  await page.getByTestId('flow-sample-qualtrics-xlsx-q3').click();
  const notice = page.getByTestId('reapplied');
  await expect(notice).toContainText('qualtrics-ex-survey', { timeout: 30_000 });
  await expect(notice).toContainText('Every question of the recipe was found');
  await expect(notice).toContainText('1 new question');
  await expect(page.getByTestId('output-preview').locator('th')).toHaveText([
    'PersonId',
    'EffectiveDate',
    'Engagement',
    'Manager_Effectiveness',
    'Belonging',
    'eNPS_score',
    'Ease_of_work',
  ]);
  // 203 responses: one mistyped and one blank email left out, 3 people answered twice (latest kept).
  await expect(page.getByTestId('output-rowcount')).toHaveText('198 rows');
  await page.getByTestId('goto-people').click();
  await expect(page.getByTestId('effective-date')).toHaveText('07/01/2026');
  await expect(page.getByTestId('duplicate-summary')).toContainText(
    '3 people answered more than once (6 responses)',
  );
  const invalid = page.getByTestId('invalid-emails');
  await expect(invalid).toContainText('ava.smith10 at contoso.com');
  await invalid.getByRole('textbox').fill('ava.smith10@contoso.com');
  await invalid.getByRole('textbox').press('Enter');
  await expect(page.getByTestId('output-rowcount')).toHaveText('199 rows');
  await page.getByTestId('dups-reject').check();
  await expect(page.getByTestId('output-rowcount')).toHaveText('196 rows');

  await page.getByTestId('goto-validate').click();
  const second = await download(page);
  const lines = second.bytes.toString('utf8').split('\r\n');
  expect(lines[0]).toBe(
    'PersonId,EffectiveDate,Engagement,Manager_Effectiveness,Belonging,eNPS_score,Ease_of_work',
  );
  expect(lines).toHaveLength(196 + 2); // header, rows, and the empty string after the last CRLF
  expect(lines.slice(1, -1).every((l) => /^[^,]+@contoso\.com,07\/01\/2026,/.test(l))).toBe(true);
  expect(lines.some((l) => l.startsWith('ava.smith10@contoso.com,07/01/2026,'))).toBe(true);
  expect(watch.problems).toEqual([]);
});
