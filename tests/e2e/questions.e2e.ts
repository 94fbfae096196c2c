// Issue 14 cases 6, 7 and 10 through the built app: an NPS + loop & merge export in the Analysis
// (started on its own as the only survey open; pooled and per-iteration scores; the NPS
// question with its mismatches) and in survey → Viva (pooled question, per-iteration columns,
// the mismatch count), and a generated 1,500-column export whose question search is timed.
import { join } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { tmpFile, watchPage } from './helpers';

const FIXTURE = join(
  import.meta.dirname,
  '..',
  'fixtures',
  'qualtrics-variants',
  'nps-loop-current.csv',
);

/** Picks the option whose text matches. */
async function choose(select: Locator, text: RegExp): Promise<void> {
  const value = await select.locator('option', { hasText: text }).first().getAttribute('value');
  await select.selectOption(value!);
}

/** A 1,500-question export with 3 header rows and 50 responses. */
function wideExport(): string {
  const n = 1500;
  const tags = ['StartDate', 'EndDate', 'ResponseId', 'RecipientEmail'];
  const labels = ['Start Date', 'End Date', 'Response ID', 'Recipient Email'];
  const ids = ['startDate', 'endDate', '_recordId', 'recipientEmail'];
  for (let i = 1; i <= n; i++) {
    tags.push(`Q${i}`);
    labels.push(`Statement ${i} about work (1 = Strongly disagree; 5 = Strongly agree)`);
    ids.push(`QID${i}`);
  }
  const lines = [tags, labels, ids.map((id) => `"{""ImportId"":""${id}""}"`)].map((r) =>
    r.join(','),
  );
  for (let r = 0; r < 50; r++) {
    const row = ['2026-01-05 10:00:00', '2026-01-05 10:05:00', `R_${r}`, `p${r}@example.com`];
    for (let i = 1; i <= n; i++) row.push(String(((r + i) % 5) + 1));
    lines.push(row.join(','));
  }
  return lines.join('\n');
}

async function openHome(page: Page, path: string): Promise<void> {
  await page.goto('/');
  await page.getByTestId('file-input').first().setInputFiles(path);
  const name = path.split(/[\\/]/).pop()!;
  await expect(page.getByRole('button', { name: `Close ${name}` })).toBeVisible({
    timeout: 30_000,
  });
  await page.getByRole('button', { name: 'XO Bridge' }).click();
}

test('Analysis: the only survey open is analysed; loop pooled or per iteration; NPS mismatches', async ({
  page,
}) => {
  const watch = await watchPage(page);
  await openHome(page, FIXTURE);
  await page.getByTestId('workflow-analysis').click();
  // Started on its own: no file picking.
  const headline = page.getByTestId('score-headline');
  await expect(headline).toHaveAttribute('data-n', /\d+/, { timeout: 30_000 });
  await page.getByTestId('min-group').fill('1');
  await page.getByTestId('min-group').dispatchEvent('change');

  const select = page.getByTestId('question-select');
  await expect(select.locator('option', { hasText: /_NPS_GROUP.*\(1–3\)/ })).toHaveCount(0);
  await choose(select, /^Q3 · .*3 iterations pooled/);
  await expect(headline).toHaveAttribute('data-n', '11');
  await expect(headline).toContainText('% favorable: 63.6');

  await page.getByTestId('loops-per-iteration').check();
  await expect(select.locator('option:checked')).toHaveText(/^1_Q3 ·/);
  await expect(headline).toHaveAttribute('data-n', '5');
  await choose(select, /^3_Q3 ·/);
  await expect(headline).toHaveAttribute('data-n', '2');
  await page.getByTestId('loops-pooled').check();

  await choose(select, /^Q5 ·/);
  await expect(page.getByTestId('question-kind')).toHaveValue('nps');
  await expect(page.getByTestId('nps-mismatches')).toContainText('1 response(s)');
  await expect(page.getByTestId('issue-list').locator('tbody tr')).toHaveCount(2);
  await choose(select, /^Q6_NPS_GROUP · .*NPS, from the group column/);
  await expect(page.getByTestId('question-kind')).toHaveValue('nps');
  await expect(headline).toHaveAttribute('data-n', '5');

  expect(watch.problems).toEqual([]);
});

test('survey → Viva: a loop question pooled or per iteration; the NPS question with its mismatches', async ({
  page,
}) => {
  const watch = await watchPage(page);
  await page.goto('/');
  await page.getByTestId('workflow-survey-to-viva').click();
  await page.getByTestId('source-picker').getByTestId('file-input').setInputFiles(FIXTURE);
  await expect(page.getByTestId('step-columns')).toBeVisible({ timeout: 30_000 });
  await page.getByTestId('next-step').click();

  const row = (tag: string) => page.locator(`[data-testid="question-row"][data-tag="${tag}"]`);
  await expect(page.getByTestId('loop-mode')).toBeVisible();
  await expect(row('Q3').getByTestId('loop-iterations')).toHaveText(
    '3 iterations, averaged per person',
  );
  await expect(row('1_Q3')).toHaveCount(0);
  await expect(row('Q5').getByTestId('nps-mismatches')).toContainText('1 row(s)');
  await expect(row('Q5_NPS_GROUP')).toHaveCount(0);
  await row('Q3').getByTestId('export-as').fill('Rating');
  await row('Q3').getByTestId('export-as').dispatchEvent('change');
  await expect(page.getByTestId('output-preview').locator('th')).toContainText(['Rating']);

  await page
    .getByTestId('loop-mode')
    .getByLabel(/per iteration/)
    .check();
  await expect(row('Q3')).toHaveCount(0);
  await expect(row('2_Q3')).toBeVisible();
  await row('2_Q3').getByTestId('export-as').fill('RatingB');
  await row('2_Q3').getByTestId('export-as').dispatchEvent('change');
  await expect(page.getByTestId('output-preview').locator('th')).toContainText(['RatingB']);

  expect(watch.problems).toEqual([]);
});

test('a 1,500-column export: the question lists hold a window, and search stays fast', async ({
  page,
}) => {
  const path = tmpFile('wide-1500.csv', wideExport());
  await page.goto('/');
  await page.getByTestId('workflow-survey-to-viva').click();
  await page.getByTestId('source-picker').getByTestId('file-input').setInputFiles(path);
  await expect(page.getByTestId('step-columns')).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('next-step').click();
  const rows = page.getByTestId('question-row');
  await expect(page.getByTestId('question-list')).toHaveAttribute('data-total', '1500');
  const inPage = await rows.count();
  expect(inPage).toBeLessThan(80);

  const search = page.getByTestId('question-search');
  const timings: number[] = [];
  for (const term of ['Q1234', 'Statement 77', 'Q9']) {
    const t0 = Date.now();
    await search.fill(term);
    await expect(rows.first()).toBeVisible();
    await expect(page.getByTestId('question-list')).not.toHaveAttribute('data-total', '1500');
    timings.push(Date.now() - t0);
    await search.fill('');
    await expect(page.getByTestId('question-list')).toHaveAttribute('data-total', '1500');
  }
  await expect(async () => {
    await search.fill('Q1499');
    await expect(rows).toHaveCount(1);
  }).toPass();
  const keys = await page.evaluate(async () => {
    const input = document.querySelector<HTMLInputElement>('[data-testid="question-search"]')!;
    input.value = '';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    const out: number[] = [];
    for (const ch of 'Statement 1') {
      const t0 = performance.now();
      input.value += ch;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await new Promise((r) => requestAnimationFrame(() => r(null)));
      out.push(performance.now() - t0);
    }
    return out;
  });
  console.log(
    `QUESTIONS search-1500: rows in page ${inPage}; fill→rows ms ${timings.join(', ')}; per keystroke to next frame ms ${keys.map((k) => k.toFixed(1)).join(', ')}`,
  );
});
