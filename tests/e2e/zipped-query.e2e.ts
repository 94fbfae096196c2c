// A zipped person query of 200 MB, as Viva Insights downloads it, through the app's Viva →
// Qualtrics file input: inflated by the engine while the part threads aggregate (progress
// shown), cancelled for real (every worker gone), read again in full, and giving exactly the
// participant file the same CSV unzipped gives.
import { createReadStream, createWriteStream, readFileSync, rmSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { crc32, createDeflateRaw } from 'node:zlib';
import { expect, test, type Page } from '@playwright/test';
import { generatedPersonQuery } from './helpers';
import { expectAllClosed, watchWorkers } from './workers';

/**
 * Zips `src` as one deflated entry, streamed, with its sizes in a data descriptor as streaming
 * zip writers put them. Level 1: the pipeline reads any deflate level alike, and level 6 would
 * take several times as long to write here.
 */
async function zipFile(src: string, dest: string): Promise<void> {
  const out = createWriteStream(dest);
  const write = async (b: Buffer) => {
    if (!out.write(b)) await new Promise<void>((ok) => out.once('drain', () => ok()));
  };
  const name = Buffer.from(basename(src));
  const head = Buffer.alloc(30);
  head.writeUInt32LE(0x04034b50, 0);
  head.writeUInt16LE(20, 4);
  head.writeUInt16LE(0x0808, 6); // data descriptor, UTF-8 name
  head.writeUInt16LE(8, 8);
  head.writeUInt16LE(name.length, 26);
  await write(Buffer.concat([head, name]));
  let crc = 0;
  let size = 0;
  let packed = 0;
  const deflate = createDeflateRaw({ level: 1 });
  const pump = (async () => {
    for await (const chunk of deflate) {
      packed += (chunk as Buffer).length;
      await write(chunk as Buffer);
    }
  })();
  for await (const chunk of createReadStream(src, { highWaterMark: 4 << 20 })) {
    crc = crc32(chunk as Buffer, crc);
    size += (chunk as Buffer).length;
    if (!deflate.write(chunk)) await new Promise<void>((ok) => deflate.once('drain', () => ok()));
  }
  deflate.end();
  await pump;
  const tail = Buffer.alloc(16 + 46 + 22);
  tail.writeUInt32LE(0x08074b50, 0);
  tail.writeUInt32LE(crc >>> 0, 4);
  tail.writeUInt32LE(packed, 8);
  tail.writeUInt32LE(size, 12);
  const cd = 16;
  tail.writeUInt32LE(0x02014b50, cd);
  tail.writeUInt16LE(20, cd + 4);
  tail.writeUInt16LE(20, cd + 6);
  tail.writeUInt16LE(0x0808, cd + 8);
  tail.writeUInt16LE(8, cd + 10);
  tail.writeUInt32LE(crc >>> 0, cd + 16);
  tail.writeUInt32LE(packed, cd + 20);
  tail.writeUInt32LE(size, cd + 24);
  tail.writeUInt16LE(name.length, cd + 28);
  const eocd = cd + 46;
  tail.writeUInt32LE(0x06054b50, eocd);
  tail.writeUInt16LE(1, eocd + 8);
  tail.writeUInt16LE(1, eocd + 10);
  tail.writeUInt32LE(46 + name.length, eocd + 12);
  tail.writeUInt32LE(30 + name.length + packed + 16, eocd + 16);
  // The central record's name goes between it and the end record.
  await write(Buffer.concat([tail.subarray(0, eocd), name, tail.subarray(eocd)]));
  await new Promise<void>((ok, fail) => out.end((e?: Error | null) => (e ? fail(e) : ok())));
}

async function download(page: Page): Promise<Buffer> {
  await page.getByTestId('goto-pq-output').click();
  const [dl] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('pq-download').click(),
  ]);
  return readFileSync(await dl.path());
}

async function done(page: Page): Promise<void> {
  await page.getByTestId('goto-pq-average').click();
  await expect(page.getByTestId('pq-summary')).toHaveAttribute('data-state', 'done', {
    timeout: 90_000,
  });
}

test('Viva → Qualtrics: a zipped 200 MB query is read on the part threads, cancels, and equals the unzipped read', async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  // 40,000 people × 50 weeks = 2 M rows ≈ 214 MB (cached between runs; the zip is not).
  const csv = await generatedPersonQuery('person-query-zip-200mb.csv', 40_000, 50);
  const zip = testInfo.outputPath('PersonQuery-200mb.zip');
  await zipFile(csv, zip);
  try {
    expect(statSync(csv).size).toBeGreaterThan(200 * 1024 * 1024);
    await page.goto('/');
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    expect(
      cores,
      'a zipped query is read on part threads only with 2 cores or more',
    ).toBeGreaterThan(1);
    // The first part thread started is paused. The pool hands out its last-started thread
    // first, so that one reads the first range (progress shows) and the paused one the second:
    // it never takes in its bytes, the engine soon waits for it, and the pass cannot finish by
    // itself; Cancel is clicked while it runs.
    const workers = await watchWorkers(page, (_, n) => n === 0);
    await page.getByTestId('workflow-viva-to-qualtrics').click();
    await page.getByTestId('pq-file-input').setInputFiles(zip);
    await expect(page.getByTestId('pq-progress')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('pq-progress')).toContainText('%');
    await expect.poll(() => workers.paused()).toBeGreaterThan(0);
    // The pipeline runs: the engine inflates, part threads aggregate.
    expect(workers.engines()).toHaveLength(1);
    expect(workers.parts().length).toBeGreaterThanOrEqual(2);
    expect(workers.parts().every((w) => w.url.includes('pq-part.worker'))).toBe(true);
    const running = [...workers.engines(), ...workers.parts()];

    await page.getByTestId('pq-progress').getByRole('button', { name: 'Cancel' }).click();
    // Cancel stops the work: the engine and every part thread close.
    await expectAllClosed(running);
    await expect(page.getByTestId('pq-cancelled')).toBeVisible();
    await expect(page.getByTestId('pq-progress')).toHaveCount(0);
    await workers.release();

    // Read again, in full, by a new engine.
    const t0 = Date.now();
    await page.getByTestId('pq-cancelled').getByRole('button').click();
    await done(page);
    testInfo.annotations.push({
      type: 'zipped read',
      description: `${Date.now() - t0} ms for ${(statSync(zip).size / 2 ** 20).toFixed(0)} MB zipped`,
    });
    expect(workers.engines()).toHaveLength(2);
    await expect(page.getByTestId('pq-summary')).toHaveAttribute('data-rows', '2000000');
    await expect(page.getByTestId('pq-summary')).toHaveAttribute('data-engine', 'webassembly');
    await expect(page.getByTestId('pq-people')).toHaveText('40,000');
    const zipped = await download(page);

    // The same CSV unzipped, in the same page: the same participant file, byte for byte.
    await page.getByRole('button', { name: 'Change file' }).click();
    await page.getByTestId('pq-file-input').setInputFiles(csv);
    await expect(page.getByTestId('pq-file')).toContainText('person-query-zip-200mb.csv');
    await expect(page.getByTestId('pq-file')).not.toContainText('.zip');
    await expect(page.getByTestId('goto-pq-average')).toBeEnabled();
    await done(page);
    await expect(page.getByTestId('pq-summary')).toHaveAttribute('data-rows', '2000000');
    const unzipped = await download(page);
    expect(zipped.length).toBeGreaterThan(40_000 * 10);
    expect(zipped.equals(unzipped)).toBe(true);
  } finally {
    rmSync(zip, { force: true });
  }
});
