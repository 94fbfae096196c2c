import { expect, test } from '@playwright/test';
import { expectRowCount, generatedCsv, grid, watchPage } from './helpers';

test('a generated 1M-row CSV loads and scrolls to its last row', async ({ page }) => {
  const path = await generatedCsv('rows-1m.csv', 1_000_000);
  const watch = await watchPage(page);
  await page.goto('/');
  await page.getByTestId('file-input').setInputFiles(path);
  await expectRowCount(page, 1_000_000, 90_000);
  // ≥ 16 MB: read in parts, each by the WebAssembly table kernel (src/wasm/csv-table.ts).
  await expect(page.getByTestId('format-summary')).toHaveAttribute('data-engine', 'webassembly');
  const g = grid(page);
  await g.evaluate((el) => {
    el.scrollTop = el.scrollHeight;
    el.dispatchEvent(new Event('scroll'));
  });
  const last = g.locator('[data-row="999999"]');
  await expect(last).toBeVisible();
  await expect(last).toContainText('P999999');
  await expect(last).toContainText('Support'); // departments cycle; 999999 % 5 = 4
  expect(watch.problems).toEqual([]);
});
