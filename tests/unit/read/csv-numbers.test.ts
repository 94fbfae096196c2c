import { describe, expect, it } from 'vitest';
import { parseNumberBytes } from '../../../src/lib/read/csv/fields';
import { parseNumber } from '../../../src/lib/table/infer';
import { prng } from '../../helpers/prng';

const enc = new TextEncoder();

/** What the reader stores: the byte fast path, else parseNumber on the text. */
function read(text: string, decimalComma: boolean): number {
  const b = enc.encode(text);
  const v = b.length === 0 ? NaN : parseNumberBytes(b, 0, b.length, decimalComma);
  return Number.isNaN(v) ? parseNumber(text, decimalComma) : v;
}

describe('parseNumberBytes', () => {
  it('agrees with parseNumber on 200,000 random number-like strings', () => {
    const rnd = prng(7);
    const pick = (s: string) => s[Math.floor(rnd() * s.length)];
    for (const decimalComma of [false, true]) {
      for (let n = 0; n < 100_000; n++) {
        let s = rnd() < 0.2 ? pick('+- ') : '';
        const digits = Math.floor(rnd() * 20);
        for (let i = 0; i < digits; i++) s += rnd() < 0.05 ? pick('.,eE+- x') : pick('0123456789');
        if (rnd() < 0.1) {
          s += pick('eE') + (rnd() < 0.5 ? pick('+-') : '') + Math.floor(rnd() * 400);
        }
        const expected = parseNumber(s, decimalComma);
        const got = read(s, decimalComma);
        if (!Object.is(got, expected)) {
          expect({ s, decimalComma, got }).toEqual({ s, decimalComma, got: expected });
        }
      }
    }
  });

  it('is exact on decimals with up to 15 digits', () => {
    const rnd = prng(11);
    for (let n = 0; n < 100_000; n++) {
      const text = (rnd() * 10 ** Math.floor(rnd() * 12)).toFixed(Math.floor(rnd() * 10));
      expect(read(text, false)).toBe(Number(text));
    }
  });

  it.each([
    ['0', 0],
    ['7', 7],
    ['-0', -0],
    ['.5', 0.5],
    ['5.', 5],
    ['1e3', 1000],
    ['1E-3', 0.001],
    ['-2.5e+2', -250],
    ['x', NaN],
    ['-', NaN],
    ['1e', NaN],
    ['1.2.3', NaN],
    [' 1', NaN], // the fast path declines; parseNumber trims
  ])('%j -> %d', (text, expected) => {
    const b = enc.encode(text);
    expect(parseNumberBytes(b, 0, b.length, false)).toBe(expected);
  });

  it('reads a decimal comma only when asked', () => {
    const b = enc.encode('3,25');
    expect(parseNumberBytes(b, 0, 4, true)).toBe(3.25);
    expect(parseNumberBytes(b, 0, 4, false)).toBeNaN();
  });
});
