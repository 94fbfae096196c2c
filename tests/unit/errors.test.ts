import { describe, expect, it } from 'vitest';
import { ERROR_NAMES, ParseError, errorFromName } from '../../src/lib/errors';

describe('errorFromName(name, message)', () => {
  it('rebuilds each of ERROR_NAMES as its class', () => {
    for (const name of ERROR_NAMES) {
      const err = errorFromName(name, 'why');
      expect(err.name).toBe(name);
      expect(err.message).toBe('why');
      expect(err.constructor.name).toBe(name);
    }
    expect(errorFromName('ParseError', 'x')).toBeInstanceOf(ParseError);
  });

  it('keeps any other name on a plain Error, as Comlink does', () => {
    for (const name of ['RangeError', 'Error', 'toString', 'constructor']) {
      const err = errorFromName(name, 'why');
      expect(err).toMatchObject({ name, message: 'why' });
      expect(Object.getPrototypeOf(err)).toBe(Error.prototype);
    }
  });
});
