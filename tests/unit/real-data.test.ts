// The bundled real exports must stay byte-for-byte the originals: the format tests trust them as
// files nobody on this project made.
import { describe, expect, it } from 'vitest';
import { REAL_FILES, REAL_SHA256, realBytes, sha256 } from '../helpers/real-data';

describe('bundled samples', () => {
  it.each(REAL_FILES)('public/samples/%s has the SHA-256 of the original export', (name) => {
    expect(sha256(realBytes(name))).toBe(REAL_SHA256[name]);
  });
});
