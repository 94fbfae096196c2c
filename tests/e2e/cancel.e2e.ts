// Cancel must stop the work, not only hide it: the engine worker and its part workers close, a
// new engine serves the app afterwards, and the cancelled file never becomes a tab. The part
// workers are paused (tests/e2e/workers.ts), so the load is still running when Cancel is clicked
// and could only finish if Cancel left the threads alive.
import { expect, test } from '@playwright/test';
import { expectRowCount, generatedCsv, grid, tmpFile, watchPage } from './helpers';
import { expectAllClosed, watchWorkers } from './workers';

test('a long load shows progress and can be cancelled; the work stops and the app keeps working', async ({
  page,
}) => {
  // Wide rows: ≈ 300,000 rows, ≈ 33 MB, above the 16 MB from which a file is read in parts.
  const path = await generatedCsv('cancel-wide.csv', 300_000, true);
  const watch = await watchPage(page);
  await page.goto('/');
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  expect(cores, 'a file is read on part workers only with 2 cores or more').toBeGreaterThan(1);
  await page.getByTestId('sample-viva-person-query').click();
  await expectRowCount(page, 1000);

  const workers = await watchWorkers(page, () => true);
  expect(workers.engines()).toHaveLength(1);
  const engine = workers.engines()[0];
  await page.getByRole('button', { name: /Open another file/ }).click();
  await page.getByTestId('file-input').setInputFiles(path);
  const progress = page.getByTestId('load-progress');
  await expect(progress).toBeVisible();
  await expect(progress.getByRole('progressbar')).toBeVisible();
  // The load reached its part workers, which are held: it cannot finish by itself.
  await expect.poll(() => workers.paused()).toBeGreaterThan(0);
  const parts = workers.parts();
  expect(parts.length).toBeGreaterThan(0);
  await expect(progress).toBeVisible();

  const cancelledAt = Date.now();
  await progress.getByRole('button', { name: 'Cancel' }).click();
  // The work stopped: the engine worker and every part worker it started have closed.
  await expectAllClosed([engine, ...parts]);
  await expect(progress).toBeHidden();
  await expect(page.getByRole('alert')).toHaveCount(0);
  // Let go of the held parts: a load that was still alive anywhere would now finish.
  await workers.release();

  // The table that was open before is still usable after the engine restarted: a new engine
  // worker, started after Cancel, serves it.
  await page.getByRole('button', { name: 'viva-person-query-sample.csv', exact: true }).click();
  await expectRowCount(page, 1000);
  await expect(grid(page).locator('[data-row="0"]')).toBeVisible();
  const engines = workers.engines();
  expect(engines).toHaveLength(2);
  expect(engines[1].startedAt).toBeGreaterThanOrEqual(cancelledAt);
  expect(engines[1].closedAt).toBeNull();

  // The app keeps working (another file loads in the new engine), and the cancelled file never
  // becomes a tab, not even seconds later (a load left running would finish in that time).
  await page.waitForTimeout(3000);
  await page.getByRole('button', { name: /Open another file/ }).click();
  await page
    .getByTestId('file-input')
    .setInputFiles(tmpFile('after-cancel.csv', 'id,n\na,1\nb,2\n'));
  await expectRowCount(page, 2);
  await expect(page.getByRole('navigation', { name: 'Open files' }).getByRole('button')).toHaveText(
    ['viva-person-query-sample.csv', '×', 'after-cancel.csv', '×', /Open another file/],
  );
  await expect(page.getByRole('button', { name: 'cancel-wide.csv' })).toHaveCount(0);
  await expect(progress).toHaveCount(0);
  expect(workers.engines()).toHaveLength(2);
  expect(watch.problems).toEqual([]);
});
