import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The real exports from ../shared/data/external, as bundled byte-for-byte in public/samples
 * (so tests also run where shared/ is absent; tests/unit/real-data.test.ts checks they match).
 */
export const REAL_DATA_DIR = join(ROOT, 'public/samples');
export const SHARED_DATA_DIR = join(ROOT, '../shared/data/external');
export const REAL_FILES = [
  'qualtrics-export-sample.csv',
  'qualtrics-export-sample-legacy.csv',
  'viva-person-query-sample.csv',
] as const;

/** Bytes of one real file. */
export function realBytes(name: (typeof REAL_FILES)[number]): Uint8Array<ArrayBuffer> {
  return new Uint8Array(readFileSync(join(REAL_DATA_DIR, name)));
}

export const hasSharedData = existsSync(SHARED_DATA_DIR);
