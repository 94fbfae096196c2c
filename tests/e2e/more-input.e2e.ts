import { closeSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { Deflate } from 'fflate';
import * as XLSX from 'xlsx';
import { expectRowCount, grid, TMP, tmpFile } from './helpers';

async function open(page: Page, path: string) {
  await page.getByTestId('file-input').setInputFiles(path);
}

async function dismiss(page: Page) {
  await page
    .getByRole('alert')
    .getByRole('button', { name: /dismiss/i })
    .click();
}

test('every sheet of a workbook is listed and the user picks one', async ({ page }) => {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(
    wb,
    XLSX.utils.aoa_to_sheet([
      ['Team', 'Score'],
      ['A', 1],
    ]),
    'Summary',
  );
  const rows: (string | number)[][] = [['PersonId', 'Hours']];
  for (let i = 0; i < 42; i++) rows.push([`P${i}`, i / 2]);
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), 'Details');
  const bytes = XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer;
  await page.goto('/');
  await open(page, tmpFile('two-sheets.xlsx', bytes));
  await expectRowCount(page, 1);
  const picker = page.getByTestId('sheet-picker');
  await expect(picker).toContainText('Details');
  await picker.getByRole('combobox').selectOption('Details');
  await expectRowCount(page, 42);
  await expect(grid(page).locator('[data-row="0"]')).toContainText('P0');
  await expect(page.getByText('sheet “Details”')).toBeVisible();
});

for (const bookType of ['xls', 'ods'] as const) {
  test(`a .${bookType} workbook opens through SheetJS in the worker`, async ({ page }) => {
    const wb = XLSX.utils.book_new();
    const rows: (string | number)[][] = [['PersonId', 'Engagement', 'Team']];
    for (let i = 0; i < 30; i++) {
      rows.push([`E${String(i).padStart(5, '0')}`, (i % 5) + 1, `T${i % 3}`]);
    }
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), 'Scores');
    const bytes = XLSX.write(wb, { type: 'buffer', bookType }) as Buffer;
    await page.goto('/');
    await open(page, tmpFile(`scores.${bookType}`, bytes));
    await expectRowCount(page, 30);
    await expect(grid(page).locator('[data-row="0"]')).toContainText('E00000');
    await expect(page.getByRole('alert')).toHaveCount(0);
  });
}

test('Excel "Unicode text" (UTF-16 LE, tab-separated) reads correctly', async ({ page }) => {
  const text = '\uFEFFName\tCity\r\nZoë\tKöln\r\nRenée\tMálaga\r\n';
  const bytes = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    bytes[i * 2] = text.charCodeAt(i) & 0xff;
    bytes[i * 2 + 1] = text.charCodeAt(i) >> 8;
  }
  await page.goto('/');
  await open(page, tmpFile('unicode.txt', bytes));
  await expectRowCount(page, 2);
  await expect(grid(page).locator('[data-row="0"]')).toContainText('Köln');
  await expect(page.getByText(/UTF-16 LE/)).toBeVisible();
});

test('a password-protected workbook, a zip bomb and a 2 GB file get clear messages', async ({
  page,
}) => {
  await page.goto('/');
  const alert = page.getByRole('alert');

  // An encrypted OOXML file is a CFB container holding an "EncryptionInfo" stream.
  const cfb = new Uint8Array(4096);
  cfb.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  const name = 'EncryptionInfo';
  for (let i = 0; i < name.length; i++) cfb[512 + 128 + i * 2] = name.charCodeAt(i);
  cfb[512 + 128 + 64] = (name.length + 1) * 2;
  await open(page, tmpFile('secret.xlsx', cfb));
  await expect(alert).toContainText(/password-protected/i);
  await dismiss(page);

  // 256 MiB of zeros deflates to about 250 KB. It declares its size honestly (under the 16 GiB
  // cap), so it is caught by its expansion ratio after 32 MiB.
  const parts: Uint8Array[] = [];
  const d = new Deflate({ level: 1 }, (chunk) => parts.push(chunk));
  const block = new Uint8Array(16 * 1024 * 1024);
  for (let i = 0; i < 16; i++) d.push(block, false);
  d.push(new Uint8Array(0), true);
  const deflated = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    deflated.set(p, o);
    o += p.length;
  }
  await open(page, tmpFile('bomb.zip', storedDeflateZip('bomb.csv', deflated, 256 * 1024 ** 2)));
  await expect(alert).toContainText(/zip bomb/i);
  await dismiss(page);

  // A sparse 2 GB file whose start is CSV text: refused before reading, with what to do.
  const path = join(TMP, 'huge-2gb.csv');
  const fd = openSync(path, 'w');
  writeSync(fd, 'a,b\n' + '1,2\n'.repeat(20_000));
  ftruncateSync(fd, 2 * 1024 ** 3);
  closeSync(fd);
  await open(page, path);
  await expect(alert).toContainText(/2\.0 GB/);
  await expect(alert).toContainText(/Split the file/);
  await dismiss(page);

  await page.getByTestId('sample-viva-person-query').click();
  await expectRowCount(page, 1000);
});

/** A one-entry zip whose entry holds raw deflate data and declares `size` unpacked bytes. */
function storedDeflateZip(name: string, data: Uint8Array, size: number): Uint8Array {
  const n = new TextEncoder().encode(name);
  const local = new DataView(new ArrayBuffer(30));
  local.setUint32(0, 0x04034b50, true);
  local.setUint16(4, 20, true);
  local.setUint16(8, 8, true);
  local.setUint32(18, data.length, true);
  local.setUint32(22, size, true);
  local.setUint16(26, n.length, true);
  const central = new DataView(new ArrayBuffer(46));
  central.setUint32(0, 0x02014b50, true);
  central.setUint16(4, 20, true);
  central.setUint16(6, 20, true);
  central.setUint16(10, 8, true);
  central.setUint32(20, data.length, true);
  central.setUint32(24, size, true);
  central.setUint16(28, n.length, true);
  central.setUint32(42, 0, true);
  const cdOffset = 30 + n.length + data.length;
  const cdSize = 46 + n.length;
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, 1, true);
  end.setUint16(10, 1, true);
  end.setUint32(12, cdSize, true);
  end.setUint32(16, cdOffset, true);
  const out = new Uint8Array(cdOffset + cdSize + 22);
  let o = 0;
  for (const part of [
    new Uint8Array(local.buffer),
    n,
    data,
    new Uint8Array(central.buffer),
    n,
    new Uint8Array(end.buffer),
  ]) {
    out.set(part, o);
    o += part.length;
  }
  return out;
}
