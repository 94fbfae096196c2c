import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { watchPage } from './helpers';

/** Clicks a button that starts a download; returns the file's name and bytes. */
async function download(page: Page, button: Locator): Promise<{ name: string; bytes: Buffer }> {
  const [dl] = await Promise.all([page.waitForEvent('download'), button.click()]);
  return { name: dl.suggestedFilename(), bytes: readFileSync(await dl.path()) };
}

/** Picks the option whose text matches (option labels carry question text). */
async function choose(select: Locator, text: RegExp): Promise<void> {
  const value = await select.locator('option', { hasText: text }).first().getAttribute('value');
  await select.selectOption(value!);
}

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

test('Analysis: sample survey + person query → join → favorability, patterns, NPS, breakout with a hidden group, downloads', async ({
  page,
}) => {
  const watch = await watchPage(page);
  await page.goto('/');
  await page.getByTestId('workflow-analysis').click();
  await page.getByTestId('flow-sample-analysis').click();

  // The weekly person query is averaged per person first, so the join is one-to-one.
  const report = page.getByTestId('join-report');
  await expect(report).toHaveAttribute('data-cardinality', 'one-to-one', { timeout: 30_000 });
  await expect(page.getByTestId('join-matched')).toHaveText('118 of 122');
  await expect(page.getByTestId('join-averaged')).toContainText('into 137 people');
  await expect(page.getByTestId('join-explanation')).toContainText('4 rows of');

  // Without averaging, the weekly rows make it one-to-many, and the report says what to do.
  await page.getByTestId('join-average').uncheck();
  await expect(report).toHaveAttribute('data-cardinality', 'one-to-many');
  await expect(page.getByTestId('join-explanation')).toContainText('average it per person first');
  await page.getByTestId('join-average').check();
  await expect(report).toHaveAttribute('data-cardinality', 'one-to-one');
  const onlyRight = await download(page, page.getByTestId('join-download-only-right'));
  expect(onlyRight.name).toBe('match-report-only-right.csv');
  expect(onlyRight.bytes.toString('utf8').trim().split(/\r?\n/)).toHaveLength(1 + 19);

  // Q1_1 (5-point agree): % favorable = 54 / 117 (the Python oracle's figure).
  await expect(page.getByTestId('question-select')).toHaveValue(/\d+/);
  const headline = page.getByTestId('score-headline');
  await expect(headline).toHaveAttribute('data-n', '117');
  await expect(headline).toContainText('% favorable: 46.2');

  // How do patterns differ: after-hours collaboration per favorability group, with error bars.
  const pattern = page.getByTestId('chart-pattern');
  await expect(pattern.locator('canvas')).toBeVisible();
  await expect(pattern.locator('tbody tr')).toHaveCount(4);
  await expect(pattern.locator('tbody tr').first()).toContainText('Favorable');
  await expect(pattern).toContainText('a significant difference');
  const patternCsv = await download(page, pattern.getByRole('button', { name: 'Download CSV' }));
  expect(patternCsv.name).toMatch(/\.csv$/);
  expect(patternCsv.bytes.toString('utf8')).toMatch(/^Group,Mean After_hours_collaboration_hours/);
  const patternPng = await download(page, pattern.getByRole('button', { name: 'Download PNG' }));
  expect(patternPng.name).toMatch(/\.png$/);
  expect(patternPng.bytes.subarray(0, 8).equals(PNG)).toBe(true);
  expect(patternPng.bytes.length).toBeGreaterThan(2000);

  // Breakout by Department: Legal has 3 respondents, so it is "Fewer than 5 responses", with no
  // number anywhere: not in the table, not in the CSV.
  await choose(page.getByTestId('breakout-column'), /^Department \(8 values\)$/);
  const breakout = page.getByTestId('chart-breakout');
  await expect(breakout.locator('canvas')).toBeVisible();
  const legal = breakout.locator('tbody tr', { hasText: 'Legal' });
  await expect(legal).toHaveText(/^\s*Legal\s*Fewer than 5 responses\s*$/);
  const breakoutCsv = (
    await download(page, breakout.getByRole('button', { name: 'Download CSV' }))
  ).bytes.toString('utf8');
  const legalLine = breakoutCsv.split(/\r?\n/).find((l) => l.startsWith('Legal,'));
  expect(legalLine).toBe('Legal,Fewer than 5 responses,,,,,,,,,');

  // NPS: the 0–10 question with its _NPS_GROUP column; a stacked P/P/D chart.
  await choose(page.getByTestId('question-select'), /^Q2 ·/);
  await expect(page.getByTestId('question-kind')).toHaveValue('nps');
  await expect(headline).toContainText('NPS:');
  await expect(headline).toContainText(/\(95% CI -?\d+\.\d to -?\d+\.\d, SE \d+\.\d\d\)/);
  const nps = page.getByTestId('chart-nps');
  await expect(nps.locator('canvas')).toBeVisible();
  await expect(nps.locator('tbody tr')).toHaveCount(1);
  const npsPng = await download(page, nps.getByRole('button', { name: 'Download PNG' }));
  expect(npsPng.bytes.subarray(0, 8).equals(PNG)).toBe(true);
  await expect(
    page.getByTestId('chart-nps-breakout').locator('tbody tr', { hasText: 'Legal' }),
  ).toContainText('Fewer than 5 responses');

  // Trend by month of EndDate, then one line per department: Legal hidden in every month.
  await expect(page.getByTestId('chart-trend').locator('tbody tr')).toHaveCount(3);
  await page.getByTestId('trend-split').check();
  const split = page.getByTestId('chart-trend-split');
  await expect(split.locator('canvas')).toBeVisible();
  await expect(split.locator('thead th')).toHaveCount(1 + 9);
  const legalColumn = await split.locator('thead th').allTextContents();
  const li = legalColumn.indexOf('Legal');
  for (const row of await split.locator('tbody tr').all()) {
    await expect(row.locator('td').nth(li)).toHaveText('Fewer than 5 responses');
  }

  // Mapping edits are saved per question in IndexedDB and come back after a reload.
  await choose(page.getByTestId('question-select'), /^Q1_1 ·/);
  await page.getByTestId('mapping-3').selectOption('positive');
  await expect(page.getByTestId('sentiment-mapping')).toHaveAttribute('data-source', 'edited');
  await expect(headline).toContainText('% favorable: 77.8');
  await page.reload();
  await page.getByTestId('workflow-analysis').click();
  await page.getByTestId('flow-sample-analysis').click();
  await expect(page.getByTestId('sentiment-mapping')).toHaveAttribute('data-source', 'saved', {
    timeout: 30_000,
  });
  await expect(headline).toContainText('% favorable: 77.8');
  await page.getByTestId('mapping-reset').click();
  await expect(headline).toContainText('% favorable: 46.2');

  // A saved mapping is listed under Saved recipes; deleting it there brings the defaults back.
  await page.getByTestId('mapping-3').selectOption('positive');
  await expect(headline).toContainText('% favorable: 77.8');
  await page.getByTestId('nav-recipes').click();
  const saved = page.getByTestId('saved-mapping');
  await expect(saved).toHaveCount(1);
  await expect(saved).toContainText('Q1_1');
  await expect(saved).toContainText('3, 4, 5 positive');
  await saved.getByRole('button', { name: 'Delete the mapping of Q1_1' }).click();
  await expect(page.getByTestId('saved-mappings')).toContainText('No answer mappings are saved.');
  await page.getByRole('button', { name: 'XO Bridge' }).click();
  await page.getByTestId('workflow-analysis').click();
  await expect(page.getByTestId('sentiment-mapping')).toHaveAttribute('data-source', 'default');
  await expect(headline).toContainText('% favorable: 46.2');

  expect(watch.problems).toEqual([]);
});

test('Analysis: the user’s own files, picked as tabs; a survey alone; an xlsx wave with its NPS', async ({
  page,
}) => {
  const watch = await watchPage(page);
  const samples = join(import.meta.dirname, '..', '..', 'public', 'samples');
  await page.goto('/');
  await page.getByTestId('workflow-analysis').click();
  await page
    .getByTestId('source-picker')
    .getByTestId('file-input')
    .setInputFiles([
      join(samples, 'qualtrics-ex-survey.xlsx'),
      join(samples, 'qualtrics-pulse-q2-2026.csv'),
      join(samples, 'viva-person-query-surveys.zip'),
    ]);
  await expect(page.getByTestId('analysis-left').locator('option')).toHaveCount(4, {
    timeout: 30_000,
  });

  // The xlsx wave alone: no join, Q2 is the NPS question paired with Q2_NPS_GROUP.
  await page.getByTestId('analysis-left').selectOption({ label: 'qualtrics-ex-survey.xlsx' });
  await page.getByTestId('analysis-start').click();
  await expect(page.getByTestId('analysis-join')).toHaveCount(0);
  await expect(page.getByTestId('score-headline')).toHaveAttribute('data-n', /\d+/);
  await expect(page.getByTestId('patterns')).toContainText('no metric columns');
  await choose(page.getByTestId('question-select'), /^Q2 ·/);
  await expect(page.getByTestId('question-kind')).toHaveValue('nps');
  await expect(page.getByTestId('chart-nps').locator('canvas')).toBeVisible();
  await choose(page.getByTestId('question-select'), /^Q3 ·/);
  await expect(page.getByTestId('question-kind')).toHaveValue('ces');
  await expect(page.getByTestId('sentiment-mapping').locator('tbody tr')).toHaveCount(7);

  // Change files: the pulse survey joined with the person query, picked from the open tabs.
  await page.getByRole('button', { name: 'Change files' }).click();
  await page.getByTestId('analysis-left').selectOption({ label: 'qualtrics-pulse-q2-2026.csv' });
  await page.getByTestId('analysis-right').selectOption({ index: 3 });
  await page.getByTestId('analysis-start').click();
  await expect(page.getByTestId('join-matched')).toHaveText('118 of 122', { timeout: 30_000 });
  await expect(page.getByTestId('score-headline')).toHaveAttribute('data-n', '117');

  // Wellbeing % favorable by after-hours quartile: 93.1% in the lowest, 3.7% in the highest.
  await choose(page.getByTestId('breakout-column'), /^After_hours_collaboration_hours \(bins\)$/);
  const rows = page.getByTestId('chart-breakout').locator('tbody tr');
  await expect(rows).toHaveCount(5);
  await expect(rows.nth(1).locator('td').nth(1)).toHaveText('93.1');
  await expect(rows.nth(4).locator('td').nth(1)).toHaveText('3.7');
  await page.getByTestId('breakout-bins').selectOption('10');
  await expect(rows).toHaveCount(11);

  expect(watch.problems).toEqual([]);
});
