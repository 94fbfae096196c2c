import { expect, test } from '@playwright/test';
import { expectRowCount, grid, watchPage } from './helpers';

test('the home screen names the workflows and offers samples, under a strict CSP', async ({
  page,
}) => {
  const watch = await watchPage(page);
  await page.goto('/');
  await expect(page.getByRole('banner')).toContainText('XO Bridge');
  await expect(page.getByText('Survey scores → Viva Insights upload')).toBeVisible();
  await expect(page.getByText('Viva metrics → Qualtrics participant import')).toBeVisible();
  const csp = await page
    .locator('meta[http-equiv="Content-Security-Policy"]')
    .getAttribute('content');
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("style-src 'self'");
  // Requests only to the app, Qualtrics hosts and the local machine (fake server, own proxy).
  expect(csp).toContain(
    "connect-src 'self' https://*.qualtrics.com http://127.0.0.1:* http://localhost:*;",
  );
  expect(watch.problems).toEqual([]);
});

const SAMPLES = [
  {
    id: 'qualtrics-current',
    rows: 1,
    summary: /Qualtrics export/,
    column: 'Q1',
    label: 'This is a multiple choice question.',
  },
  {
    id: 'qualtrics-legacy',
    rows: 1,
    summary: /Qualtrics.*legacy/i,
    column: 'V1',
    label: 'ResponseID',
  },
  { id: 'qualtrics-xlsx', rows: 200, summary: /Qualtrics/, column: 'Q1_1', label: 'agree' },
  {
    id: 'viva-person-query',
    rows: 1000,
    summary: /Viva Insights person query/,
    column: 'Collaboration_hours',
    label: '',
  },
];

for (const s of SAMPLES) {
  test(`sample ${s.id} opens with its layout, tooltips and a column profile`, async ({ page }) => {
    const watch = await watchPage(page);
    await page.goto('/');
    await page.getByTestId(`sample-${s.id}`).click();
    await expectRowCount(page, s.rows);
    await expect(page.getByText(s.summary).first()).toBeVisible();
    await expect(grid(page).locator('[data-row="0"]')).toBeVisible();
    // Wide files render only the columns in view: go to the column through the picker.
    const picker = page.getByTestId('column-picker');
    const option = picker.locator('option', { hasText: new RegExp(`^${s.column}( —|$)`) });
    await picker.selectOption((await option.first().getAttribute('value'))!);
    const header = grid(page)
      .getByRole('columnheader', { name: new RegExp(`\\b${s.column}$`) })
      .first();
    await expect(header).toBeVisible();
    if (s.label) expect(await header.getAttribute('title')).toContain(s.label);
    await header.click();
    await expect(page.getByText(/distinct/i).first()).toBeVisible();
    expect(watch.problems).toEqual([]);
  });
}
