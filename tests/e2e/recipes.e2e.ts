import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { tmpFile, watchPage } from './helpers';

/** Loads the sample survey and makes a one-category recipe (which saves it). */
async function makeRecipe(page: Page) {
  await page.goto('/');
  await page.getByTestId('workflow-survey-to-viva').click();
  await page.getByTestId('flow-sample-qualtrics-xlsx').click();
  await page.getByTestId('next-step').click();
  await page.getByTestId('question-search').fill('Q1_');
  await page.getByRole('button', { name: 'Select matches' }).click();
  await page.getByRole('button', { name: '+ Engagement' }).click();
  await expect(page.getByTestId('output-preview').locator('th')).toHaveText([
    'PersonId',
    'EffectiveDate',
    'Engagement',
  ]);
}

test('recipes: rename, duplicate, export to JSON, delete and import back', async ({ page }) => {
  const watch = await watchPage(page);
  await makeRecipe(page);
  await expect(page.getByTestId('saved-state')).toHaveText('Saved on this device');
  await page.getByTestId('nav-recipes').click();
  const rows = page.getByTestId('recipe-row');
  await expect(rows).toHaveCount(1);
  await rows.first().getByRole('textbox').fill('Pulse survey');
  await rows.first().getByRole('textbox').press('Enter');
  await rows.first().getByRole('button', { name: 'Duplicate' }).click();
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0).getByRole('textbox')).toHaveValue('Pulse survey (copy)');

  const [dl] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export all to a file' }).click(),
  ]);
  const json = readFileSync(await dl.path(), 'utf8');
  expect(JSON.parse(json).recipes).toHaveLength(2);

  page.on('dialog', (d) => void d.accept());
  await rows.nth(0).getByRole('button', { name: 'Delete' }).click();
  await rows.nth(0).getByRole('button', { name: 'Delete' }).click();
  await expect(rows).toHaveCount(0);

  await page.getByTestId('recipe-import').setInputFiles(tmpFile('recipes.json', json));
  await expect(page.getByTestId('library-notice')).toHaveText('Imported 2 recipes.');
  await expect(rows).toHaveCount(2);
  // A broken file is refused with a message; the saved recipes stay.
  await page.getByTestId('recipe-import').setInputFiles(tmpFile('broken.json', '{"recipes": ['));
  await expect(page.getByRole('alert')).toBeVisible();
  await expect(rows).toHaveCount(2);
  expect(watch.problems).toEqual([]);
});

test('storage full: the error is shown, the work goes on, saved recipes are kept', async ({
  page,
}) => {
  await makeRecipe(page);
  await expect(page.getByTestId('saved-state')).toHaveText('Saved on this device');
  // From now on every write fails as when the browser's quota is used up.
  await page.addInitScript(() => {
    IDBObjectStore.prototype.put = function () {
      throw new DOMException('Quota exceeded', 'QuotaExceededError');
    };
  });
  await page.reload();
  await page.getByTestId('workflow-survey-to-viva').click();
  await page.getByTestId('flow-sample-qualtrics-xlsx').click();
  await expect(page.getByTestId('reapplied')).toBeVisible();
  await page.getByTestId('goto-categories').click();
  await page.getByRole('button', { name: '+ Wellbeing' }).click();
  await expect(page.getByTestId('storage-error')).toContainText(/full/i);
  await expect(page.getByTestId('output-preview').locator('th')).toHaveText([
    'PersonId',
    'EffectiveDate',
    'Engagement',
  ]);
  await page.getByTestId('nav-recipes').click();
  await expect(page.getByTestId('recipe-row')).toHaveCount(1);
});

test('private mode (no IndexedDB): the flows still work and say recipes are not saved', async ({
  page,
}) => {
  await page.addInitScript(() => {
    IDBFactory.prototype.open = function () {
      throw new DOMException('denied', 'SecurityError');
    };
  });
  await makeRecipe(page);
  await expect(page.getByTestId('storage-error')).toContainText(/export/i);
  await page.getByTestId('goto-validate').click();
  await expect(page.getByTestId('download-upload')).toBeEnabled();
});
