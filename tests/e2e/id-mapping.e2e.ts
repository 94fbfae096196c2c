import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { watchPage } from './helpers';

test('Qualtrics IDs → Viva: directory joined with HR, match report, upload', async ({ page }) => {
  const watch = await watchPage(page);
  await page.goto('/');
  await page.getByTestId('workflow-id-mapping').click();
  await page.getByTestId('flow-sample-ids').click();

  // Keys are trimmed and case-folded by default: " e10001" matches "E10001".
  const report = page.getByTestId('match-report');
  await expect(report.getByTestId('match-matched')).toHaveText('109', { timeout: 30_000 });
  await expect(report.getByTestId('match-only-directory')).toHaveText('11');
  await expect(report.getByTestId('match-only-hr')).toHaveText('20');
  await expect(report.getByTestId('match-duplicates')).toHaveText('2');
  await expect(page.getByTestId('ids-dir-key')).toHaveValue('ExternalDataReference');
  await expect(page.getByTestId('ids-hr-key')).toHaveValue('EmployeeID');
  await expect(page.getByTestId('ids-hr-person')).toHaveValue('WorkEmail');

  // Without case-folding, the lower-case IDs stop matching.
  await page.getByTestId('ids-casefold').uncheck();
  await expect(report.getByTestId('match-matched')).not.toHaveText('109');
  await page.getByTestId('ids-casefold').check();
  await expect(report.getByTestId('match-matched')).toHaveText('109');

  // The only-in-HR part downloads with the HR rows.
  const [part] = await Promise.all([
    page.waitForEvent('download'),
    report
      .getByRole('listitem')
      .filter({ hasText: 'Only in the HR file' })
      .getByRole('button')
      .click(),
  ]);
  const partText = readFileSync(await part.path(), 'utf8');
  expect(partText.split('\r\n')[0]).toBe('HR row,EmployeeID,WorkEmail,Department');
  expect(partText.trim().split('\r\n')).toHaveLength(21);

  await page.getByTestId('ids-date').fill('2026-10-01');
  await page.getByTestId('ids-date').dispatchEvent('change');
  await expect(page.getByTestId('output-preview').locator('td').nth(1)).toHaveText('10/01/2026');
  const [dl] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('ids-download').click(),
  ]);
  expect(dl.suggestedFilename()).toBe('QualtricsIds.csv');
  const lines = readFileSync(await dl.path(), 'utf8').split('\r\n');
  expect(lines[0]).toBe('PersonId,EffectiveDate,UniqueIdentifier');
  expect(lines).toHaveLength(109 + 2);
  expect(lines).toContain('anguyen0@corp.contoso.com,10/01/2026,E10011');
  expect(watch.problems).toEqual([]);
});
