import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { zipSync } from 'fflate';
import { expectRowCount, tmpFile, watchPage } from './helpers';

async function open(page: Page, path: string) {
  await page.getByTestId('file-input').setInputFiles(path);
}

function garbage(n: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = 12345;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

test('bad files get a clear message and the app keeps working', async ({ page }) => {
  const watch = await watchPage(page);
  await page.goto('/');
  const alert = page.getByRole('alert');

  await open(page, tmpFile('empty.csv', ''));
  await expect(alert).toContainText(/empty/i);
  await alert.getByRole('button', { name: /dismiss/i }).click();

  await open(page, tmpFile('garbage.csv', garbage(20_000)));
  await expect(alert).toContainText(/not a spreadsheet or text file/i);
  await alert.getByRole('button', { name: /dismiss/i }).click();

  const brokenXlsx = new Uint8Array(readFileSync('public/samples/qualtrics-ex-survey.xlsx')).slice(
    0,
    3000,
  );
  await open(page, tmpFile('broken.xlsx', brokenXlsx));
  await expect(alert).toContainText(/damaged|corrupt/i);
  await alert.getByRole('button', { name: /dismiss/i }).click();

  // After all that, a good file still opens.
  await page.getByTestId('sample-qualtrics-current').click();
  await expectRowCount(page, 1);
  // Errors are shown to the user, not thrown into the console.
  expect(watch.problems.filter((p) => !/Failed to load resource/.test(p))).toEqual([]);
});

test('ragged rows are listed with row numbers and the list downloads as CSV', async ({ page }) => {
  await page.goto('/');
  await open(page, tmpFile('ragged.csv', 'a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12\n'));
  await expectRowCount(page, 4);
  const issues = page.getByTestId('issue-list');
  await expect(issues).toContainText(/ragged/i);
  await expect(issues).toContainText('3');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    issues.getByRole('button', { name: /download/i }).click(),
  ]);
  const csv = readFileSync((await download.path())!, 'utf8');
  expect(csv.split('\r\n')[0]).toBe('row,column,code,message');
  expect(csv).toContain('3,');
  expect(csv).toContain('ragged-row');
});

test('a zip holding one CSV opens directly', async ({ page }) => {
  const csv = readFileSync('public/samples/viva-person-query-sample.csv');
  const zip = zipSync({ 'PersonQuery.csv': new Uint8Array(csv) });
  await page.goto('/');
  await open(page, tmpFile('PersonQuery.zip', zip));
  await expectRowCount(page, 1000);
  await expect(page.getByText(/Viva Insights person query/).first()).toBeVisible();
});
