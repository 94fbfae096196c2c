import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasSharedData, REAL_FILES, realBytes, SHARED_DATA_DIR } from '../helpers/real-data';

describe.runIf(hasSharedData)('bundled samples', () => {
  it.each(REAL_FILES)(
    'public/samples/%s is a byte-for-byte copy of shared/data/external',
    (name) => {
      expect(Buffer.from(realBytes(name)).equals(readFileSync(join(SHARED_DATA_DIR, name)))).toBe(
        true,
      );
    },
  );
});
