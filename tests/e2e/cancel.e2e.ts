import { expect, test } from '@playwright/test';
import { expectRowCount, generatedCsv, grid, watchPage } from './helpers';

test('a long load shows progress and can be cancelled; the app keeps working', async ({ page }) => {
  // Wide rows: ≈ 3M rows, ≈ 300 MB, so the load runs long enough to cancel.
  const path = await generatedCsv('cancel-wide.csv', 3_000_000, true);
  const watch = await watchPage(page);
  await page.goto('/');
  await page.getByTestId('sample-viva-person-query').click();
  await expectRowCount(page, 1000);

  await page.getByRole('button', { name: /Open another file/ }).click();
  await page.getByTestId('file-input').setInputFiles(path);
  const progress = page.getByTestId('load-progress');
  await expect(progress).toBeVisible();
  await expect(progress.getByRole('progressbar')).toBeVisible();
  await progress.getByRole('button', { name: 'Cancel' }).click();
  await expect(progress).toBeHidden();
  await expect(page.getByRole('alert')).toHaveCount(0);

  // The table that was open before is still usable after the engine restarted.
  await page.getByRole('button', { name: 'viva-person-query-sample.csv', exact: true }).click();
  await expectRowCount(page, 1000);
  await expect(grid(page).locator('[data-row="0"]')).toBeVisible();
  expect(watch.problems).toEqual([]);
});
