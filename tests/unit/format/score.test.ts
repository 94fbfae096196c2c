import { describe, expect, it } from 'vitest';
import { prng } from '../../helpers/prng';
import { formatScore, formatScoreExact } from '../../../src/lib/format/score';

describe('formatScore fast path', () => {
  it('gives exactly what the decimal-digit reference gives', () => {
    const rand = prng(20261122);
    const values: number[] = [];
    // Means of small integer answers (what scores are), ties included, and random doubles.
    for (let n = 1; n <= 24; n++) for (let sum = -30; sum <= 11 * n; sum++) values.push(sum / n);
    for (let i = 0; i < 20000; i++) values.push((rand() - 0.5) * 10 ** Math.floor(rand() * 12));
    values.push(0.5, 1.5, -2.5, 1.005, 3.125, 999999999.5, 1e-7, -1e-9, 123456.785, 0.045);
    for (const d of [0, 1, 2, 3, 6]) {
      for (const v of values) {
        expect(formatScore(v, d), `${v} with ${d}`).toBe(formatScoreExact(v, d));
      }
    }
  });
});

describe('formatScore', () => {
  it.each([
    [3.125, 2, '3.13'],
    [1.005, 2, '1.01'],
    [-2.5, 0, '-3'],
    [2.5, 0, '3'],
    [10 / 3, 2, '3.33'],
    [4.5, 2, '4.5'],
    [4, 2, '4'],
    [0.1 + 0.2, 2, '0.3'],
    [1234567.891, 2, '1234567.89'],
    [1e-7, 2, '0'],
    [-1e-7, 2, '0'],
    [-0, 2, '0'],
    [-0.004, 2, '0'],
    [-0.005, 2, '-0.01'],
    [0.5, 0, '1'],
    [0.05, 1, '0.1'],
    [9.999, 2, '10'],
    [99.95, 1, '100'],
    [1e21, 2, '1000000000000000000000'],
    [123.456, 0, '123'],
    [0.000123456, 5, '0.00012'],
    [-1.23456, 3, '-1.235'],
    [72.4, 4, '72.4'],
  ])('formatScore(%d, %d) → %j', (x, decimals, expected) => {
    expect(formatScore(x, decimals)).toBe(expected);
  });

  it('writes non-finite values as blank', () => {
    expect(formatScore(NaN, 2)).toBe('');
    expect(formatScore(Infinity, 2)).toBe('');
  });

  it('rejects a bad number of decimals', () => {
    expect(() => formatScore(1, -1)).toThrow(RangeError);
    expect(() => formatScore(1, 1.5)).toThrow(RangeError);
  });
});
