// The real exports the tests read: public/samples holds byte-for-byte copies of files from public
// projects, so the tests run in any clone of this repository and read nothing outside it.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '../..');

export const REAL_DATA_DIR = join(ROOT, 'public/samples');

/**
 * Each real file and the SHA-256 of the original, taken from the project's external data folder
 * (beside this repository, not part of it) when the copies were made. A test checks the
 * copies against these sums, so a re-saved or re-encoded sample (line endings, a BOM) fails.
 * - qualtrics-export-sample.csv: ropensci/qualtRics `inst/extdata/sample.csv` (MIT)
 * - qualtrics-export-sample-legacy.csv: ropensci/qualtRics `inst/extdata/sample_legacy.csv` (MIT)
 * - viva-person-query-sample.csv: microsoft/vivainsights-py `vivainsights/data/pq_data.csv`,
 *   first published version (MIT)
 */
export const REAL_SHA256 = {
  'qualtrics-export-sample.csv': '3f55357fe3768d0f539dc8a47f39707f77344824ce40c675e941f2531ae2aaea',
  'qualtrics-export-sample-legacy.csv':
    '5c6d903404be0e04d2a12d3a0d960c1fded9d14317cacde402bca2b40719623b',
  'viva-person-query-sample.csv':
    'a2b1f94f37467705ad8f24463d41219e8546a38dc10c3a5c100ec29f98818159',
} as const;

export type RealFile = keyof typeof REAL_SHA256;
export const REAL_FILES = Object.keys(REAL_SHA256) as RealFile[];

/** Path of one real file. */
export const realPath = (name: RealFile): string => join(REAL_DATA_DIR, name);

/** Bytes of one real file. */
export function realBytes(name: RealFile): Uint8Array<ArrayBuffer> {
  return new Uint8Array(readFileSync(realPath(name)));
}

/** Hex SHA-256 of some bytes. */
export const sha256 = (bytes: Uint8Array): string =>
  createHash('sha256').update(bytes).digest('hex');
