import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import * as XLSX from 'xlsx';
import { generatedPersonQuery, watchPage } from './helpers';
import { expectAllClosed, watchWorkers } from './workers';

// Expected files come from an independent oracle (tests/fixtures/viva-to-qualtrics/make_expected.py).
const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'viva-to-qualtrics');
const expected = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

async function download(page: Page): Promise<{ name: string; bytes: Buffer }> {
  const [dl] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('pq-download').click(),
  ]);
  return { name: dl.suggestedFilename(), bytes: readFileSync(await dl.path()) };
}

async function chooseMode(page: Page, metric: string, mode: string): Promise<void> {
  await page.getByTestId(`bin-mode-${metric}`).selectOption(mode);
}

test('Viva → Qualtrics: sample query, averages, bins, directory, CSV and XLSX checked cell by cell', async ({
  page,
}) => {
  const watch = await watchPage(page);
  await page.goto('/');
  await page.getByTestId('workflow-viva-to-qualtrics').click();
  await page.getByTestId('pq-sample').click();

  // Defaults: UniqueIdentifier kept, the 9 survey metrics, all weeks, quartiles Q1…Q4.
  await expect(page.getByTestId('output-rowcount')).toHaveText('137 rows', { timeout: 30_000 });
  await expect(page.getByTestId('pq-identifier')).toHaveValue('UniqueIdentifier');
  await expect(page.getByTestId('pq-metric-Copilot_actions_taken_in_Teams')).not.toBeChecked();
  await expect(page.getByTestId('pq-metric-Collaboration_hours')).toBeChecked();
  await page.getByTestId('goto-pq-output').click();
  const plain = await download(page);
  expect(plain.name).toBe('qualtrics-participants.csv');
  expect(plain.bytes.toString('utf8')).toBe(expected('expected-default.csv'));

  // Average: the last 4 weeks, inactive weeks (Collaboration_hours = 0) out, at least 2 weeks.
  await page.getByTestId('goto-pq-average').click();
  await expect(page.getByTestId('pq-summary')).toHaveAttribute('data-rows', '1658');
  // Read by the WebAssembly kernel, not the JavaScript fallback.
  await expect(page.getByTestId('pq-summary')).toHaveAttribute('data-engine', 'webassembly');
  await expect(page.getByTestId('pq-people')).toHaveText('140');
  await page.getByTestId('pq-last-4').click();
  await page.getByTestId('pq-inactive').check();
  await page.getByTestId('pq-inactive-column').selectOption('Collaboration_hours');
  await page.getByTestId('pq-min-weeks').fill('2');
  await page.getByTestId('pq-min-weeks').dispatchEvent('change');
  await expect(page.getByTestId('pq-summary')).toContainText('the 4 weeks up to 2026-06-21');
  await expect(page.getByTestId('output-rowcount')).toHaveText('134 rows');

  // Bins: fixed cut points (vivainsights preset), Very Low…Very High, deciles as numbers, average.
  await page.getByTestId('goto-pq-bins').click();
  await chooseMode(page, 'Collaboration_hours', 'fixed');
  await expect(page.getByTestId('bin-cuts-Collaboration_hours')).toHaveValue('15, 20, 25');
  await expect(page.getByTestId('bin-table-Collaboration_hours')).toContainText('25+ hours');
  await chooseMode(page, 'After_hours_collaboration_hours', 'labelled');
  await chooseMode(page, 'Meeting_hours', 'quantile');
  await page.getByTestId('bin-quantile-Meeting_hours').selectOption('deciles');
  await page.getByTestId('bin-prefix-Meeting_hours').fill('');
  await page.getByTestId('bin-prefix-Meeting_hours').dispatchEvent('change');
  await chooseMode(page, 'Email_hours', 'average');
  await expect(page.getByTestId('bin-table-Meeting_hours').locator('tbody tr')).toHaveCount(10);
  await expect(page.getByTestId('bin-Collaboration_hours').locator('canvas')).toBeVisible();

  // Output: names and emails from the directory export (IDs compared case-sensitively).
  await page.getByTestId('goto-pq-output').click();
  await page.getByTestId('pq-directory-sample').click();
  await expect(page.getByTestId('pq-directory-key')).toHaveValue('ExternalDataReference');
  await expect(page.getByTestId('pq-directory-report')).toContainText('100 of 134 people');
  const mixed = await download(page);
  expect(mixed.bytes.toString('utf8')).toBe(expected('expected-mixed.csv'));
  const [report] = await Promise.all([
    page.waitForEvent('download'),
    page
      .getByTestId('validation-report')
      .getByRole('button', { name: /Download report/ })
      .click(),
  ]);
  const reportText = readFileSync(await report.path(), 'utf8');
  expect(reportText.match(/is not in the directory file/g)).toHaveLength(19 + 14);
  expect(reportText.match(/appears more than once in the directory/g)).toHaveLength(1);
  expect(reportText).toContain('has no UniqueIdentifier');

  // The same as xlsx: text cells, the averages as numbers.
  await page.getByTestId('pq-format').selectOption('xlsx');
  const book = await download(page);
  expect(book.name).toBe('qualtrics-participants.xlsx');
  const sheet = XLSX.read(book.bytes, { type: 'buffer' });
  const rows = XLSX.utils.sheet_to_json<string[]>(sheet.Sheets[sheet.SheetNames[0]], {
    header: 1,
    raw: false,
    defval: '',
  });
  const csvRows = expected('expected-mixed.csv')
    .trimEnd()
    .split('\r\n')
    .map((l) => l.split(','));
  expect(rows).toEqual(csvRows);

  // Reload: the recipe was saved and is applied to the query again.
  await page.reload();
  await page.getByTestId('workflow-viva-to-qualtrics').click();
  await page.getByTestId('pq-sample').click();
  await expect(page.getByTestId('pq-reapplied')).toBeVisible();
  await expect(page.getByTestId('output-rowcount')).toHaveText('134 rows', { timeout: 30_000 });
  expect(watch.problems).toEqual([]);
});

test('Viva → Qualtrics: a 200 MB query streams with progress, cancels, and reads again', async ({
  page,
}) => {
  test.setTimeout(240_000);
  // 40,000 people × 26 weeks ≈ 1.04 M rows ≈ 200 MB.
  const path = await generatedPersonQuery('person-query-200mb.csv', 40_000, 26);
  await page.goto('/');
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  expect(cores, 'a query is read on part workers only with 2 cores or more').toBeGreaterThan(1);
  // Every part worker but the first is paused: the first reports progress, and the pass cannot
  // finish by itself, so Cancel is clicked while it runs (tests/e2e/workers.ts).
  const workers = await watchWorkers(page, (_, n) => n > 0);
  await page.getByTestId('workflow-viva-to-qualtrics').click();
  await page.getByTestId('pq-file-input').setInputFiles(path);
  await expect(page.getByTestId('pq-progress')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('pq-progress')).toContainText('%');
  await expect.poll(() => workers.paused()).toBeGreaterThan(0);
  expect(workers.engines()).toHaveLength(1);
  const running = [...workers.engines(), ...workers.parts()];
  // The engine worker holds a Web Lock named after itself while it lives (the browser frees it
  // only when the thread is gone): the one running now.
  const held = () =>
    page.evaluate(async () =>
      ((await navigator.locks.query()).held ?? []).map((l) => l.name ?? ''),
    );
  const engineLocks = (await held()).filter((n) => n.startsWith('xo-engine '));
  expect(engineLocks).toHaveLength(1);
  // When the notice appears (on the machine's clock, as Date.now() here), and which engine locks
  // are held at that moment.
  await page.evaluate(() => {
    const seen = () => document.querySelector('[data-testid="pq-cancelled"]') !== null;
    new MutationObserver((_, observer) => {
      if (!seen()) return;
      document.body.dataset.noticeAt = String(Date.now());
      observer.disconnect();
      void navigator.locks.query().then((q) => {
        document.body.dataset.locksAtNotice = JSON.stringify((q.held ?? []).map((l) => l.name));
      });
    }).observe(document.body, { childList: true, subtree: true });
  });
  await page.getByTestId('pq-progress').getByRole('button', { name: 'Cancel' }).click();
  // The pass stopped: the engine worker and its part workers closed, and only then is the
  // cancelled notice checked.
  await expectAllClosed(running);
  await expect(page.getByTestId('pq-cancelled')).toBeVisible();
  await expect(page.getByTestId('pq-progress')).toHaveCount(0);
  // The notice is shown only once the worker is gone: by then the browser had freed its lock.
  // (Playwright reports the close later than the browser frees the lock; the gap is recorded.)
  await expect
    .poll(() => page.evaluate(() => document.body.dataset.locksAtNotice ?? null))
    .not.toBeNull();
  const locksAtNotice = JSON.parse(
    (await page.evaluate(() => document.body.dataset.locksAtNotice)) ?? '[]',
  ) as string[];
  expect(locksAtNotice).not.toContain(engineLocks[0]);
  const engineClosedAt = running[0].closedAt ?? 0;
  const lead = engineClosedAt - Number(await page.evaluate(() => document.body.dataset.noticeAt));
  test.info().annotations.push({
    type: 'cancel',
    description: `notice shown ${Math.abs(lead)} ms ${lead >= 0 ? 'before' : 'after'} the engine worker closed`,
  });

  // No result of the cancelled pass appears, even seconds after its held part is let go.
  await workers.release();
  await page.getByTestId('goto-pq-average').click();
  await page.waitForTimeout(3000);
  await expect(page.getByTestId('pq-summary')).toHaveAttribute('data-state', 'idle');
  await expect(page.getByTestId('pq-summary')).toHaveAttribute('data-rows', '');
  await expect(page.getByTestId('output-rowcount')).toHaveCount(0);
  await expect(page.getByTestId('pq-cancelled')).toBeVisible();
  expect(workers.engines()).toHaveLength(1);

  await page.getByTestId('pq-cancelled').getByRole('button').click();
  await expect(page.getByTestId('pq-progress')).toBeVisible();
  await page.getByTestId('goto-pq-average').click();
  await expect(page.getByTestId('pq-summary')).toHaveAttribute('data-state', 'done', {
    timeout: 120_000,
  });
  await expect(page.getByTestId('pq-summary')).toHaveAttribute('data-rows', '1040000');
  // Two threads, each with the WebAssembly kernel.
  await expect(page.getByTestId('pq-summary')).toHaveAttribute('data-engine', 'webassembly');
  await expect(page.getByTestId('pq-no-wasm')).toHaveCount(0);
  await expect(page.getByTestId('pq-people')).toHaveText('40,000');
  await expect(page.getByTestId('output-rowcount')).toHaveText('40000 rows');
  // Read again by a new engine worker, started after the old one closed.
  expect(workers.engines()).toHaveLength(2);
  expect(workers.engines()[1].startedAt).toBeGreaterThanOrEqual(engineClosedAt);
});
