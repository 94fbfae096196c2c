// Shared pieces of the end-to-end tests: generated large files (cached between runs), temporary
// files, a page watcher for privacy and CSP problems, and the table grid.
import { createHash } from 'node:crypto';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';

export const TMP = join(tmpdir(), 'xo-bridge-e2e');
mkdirSync(TMP, { recursive: true });

/**
 * Bump to regenerate every cached file, e.g. when what a generator writes comes to depend on more
 * than its own source and parameters.
 */
const GENERATED_VERSION = 1;

/**
 * A large generated file, written once and reused by later runs. The cache is keyed by a hash
 * of the generator's parameters and source (and GENERATED_VERSION), so a changed generator
 * never hands a test a stale file: the path is TMP/generated/<name>/<key>/<name>, keeping the
 * file name the app shows. Older versions of the same name are deleted (so give each generated
 * file its own name); the file is written under a temporary name and renamed, so an
 * interrupted run leaves nothing to reuse.
 */
async function generated(
  name: string,
  params: unknown[],
  lines: () => Iterable<string>,
): Promise<string> {
  const key = createHash('sha256')
    .update(JSON.stringify([GENERATED_VERSION, params, lines.toString(), generated.toString()]))
    .digest('hex')
    .slice(0, 16);
  const home = join(TMP, 'generated', name);
  const path = join(home, key, name);
  if (existsSync(path)) return path;
  rmSync(home, { recursive: true, force: true });
  mkdirSync(join(home, key), { recursive: true });
  const part = `${path}.part`;
  const out = createWriteStream(part);
  let buf = '';
  for (const line of lines()) {
    buf += line;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await new Promise<void>((r) => out.once('drain', () => r()));
      buf = '';
    }
  }
  out.write(buf);
  await new Promise<void>((resolve, reject) =>
    out.end((e?: Error | null) => (e ? reject(e) : resolve())),
  );
  renameSync(part, path);
  return path;
}

/** Writes a generated CSV of `rows` data rows (cached, see `generated`); returns its path. */
export function generatedCsv(name: string, rows: number, wide = false): Promise<string> {
  return generated(name, [rows, wide], function* () {
    const header = wide
      ? 'PersonId,Email,Department,Score,Hours,Note,Date,Extra1,Extra2,Extra3\n'
      : 'PersonId,Department,Score,Date\n';
    yield header;
    const depts = ['Sales', 'Engineering', 'Finance', 'HR', 'Support'];
    for (let i = 0; i < rows; i++) {
      const d = depts[i % 5];
      const score = ((i * 7919) % 1000) / 10;
      yield wide
        ? `P${i},user${i}@example.com,${d},${score},${(i % 50) / 4},"note ${i}, with comma",2026-0${(i % 9) + 1}-1${i % 10},${i % 13},${i % 17},x${i % 101}\n`
        : `P${i},${d},${score},2026-01-${String((i % 28) + 1).padStart(2, '0')}\n`;
    }
  });
}

/** Writes a small file for a test; returns its path. */
export function tmpFile(name: string, content: string | Uint8Array): string {
  const path = join(TMP, name);
  writeFileSync(path, content);
  return path;
}

/**
 * Records Content-Security-Policy violations, uncaught errors, and any request to another origin
 * than the app's own (privacy: files never leave the browser).
 */
export async function watchPage(page: Page): Promise<{ problems: string[] }> {
  const problems: string[] = [];
  page.on('request', (req) => {
    const url = new URL(req.url());
    const local =
      url.protocol === 'blob:' || url.protocol === 'data:' || url.hostname === '127.0.0.1';
    if (!local) problems.push(`request to another origin: ${req.url()}`);
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(msg.text());
  });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  return { problems };
}

/**
 * Every origin the page sends a request to (navigations included), for the "no request leaves for
 * any origin but the app's and the configured host" checks.
 */
export function recordOrigins(page: Page): Set<string> {
  const origins = new Set<string>();
  page.on('request', (req) => {
    const u = new URL(req.url());
    if (u.protocol === 'http:' || u.protocol === 'https:') origins.add(u.origin);
  });
  return origins;
}

/** The loaded table's grid. */
export function grid(page: Page) {
  return page.getByTestId('table-view').getByTestId('preview-grid');
}

export async function expectRowCount(page: Page, n: number, timeout = 60_000): Promise<void> {
  await expect(grid(page)).toHaveAttribute('data-rowcount', String(n), { timeout });
}

/**
 * Writes a generated Viva person query (cached, see `generated`): `people` × `weeks` rows, weekly
 * Sundays written M/D/YYYY, 10 metrics and a UniqueIdentifier attribute; returns its path.
 */
export function generatedPersonQuery(name: string, people: number, weeks: number): Promise<string> {
  return generated(name, [people, weeks], function* () {
    const metrics = [
      'Collaboration_hours',
      'After_hours_collaboration_hours',
      'Meeting_hours',
      'Email_hours',
      'Chat_hours',
      'Meeting_and_call_hours_with_manager_1_1',
      'Meeting_hours_with_skip_level',
      'Internal_network_size',
      'Uninterrupted_hours',
      'Multitasking_hours',
    ];
    yield `PersonId,MetricDate,${metrics.join(',')},UniqueIdentifier,Organization,IsActive\r\n`;
    for (let w = 0; w < weeks; w++) {
      const d = new Date(Date.UTC(2026, 0, 4 + 7 * w));
      const date = `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()}`;
      for (let p = 0; p < people; p++) {
        const id = `${(p * 2654435761) >>> 0}`.padStart(10, '0');
        const values = metrics.map((_, j) => (((p * 31 + w * 7 + j * 13) % 400) / 10).toFixed(2));
        yield `pid-${id}-${p},${date},${values.join(',')},E${100000 + p},Org${p % 9},TRUE\r\n`;
      }
    }
  });
}
