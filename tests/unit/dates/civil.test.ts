import { describe, expect, it } from 'vitest';
import {
  civilFromDays,
  daysFromCivil,
  daysInMonth,
  isoFromDays,
  ymd,
} from '../../../src/lib/dates/civil';

describe('civil dates (days since 1970-01-01)', () => {
  it('agree with Date.UTC from 1600 to 2400', () => {
    for (let days = -135_000; days <= 157_000; days += 13) {
      const iso = new Date(days * 86_400_000).toISOString().slice(0, 10);
      const [y, m, d] = civilFromDays(days);
      expect(ymd(y, m, d)).toBe(iso);
      expect(isoFromDays(days)).toBe(iso);
      expect(daysFromCivil(y, m, d)).toBe(days);
    }
  });

  it('know the epoch, leap days and 4-digit years', () => {
    expect(isoFromDays(0)).toBe('1970-01-01');
    expect(daysFromCivil(2000, 2, 29)).toBe(11_016);
    expect(isoFromDays(-25_567)).toBe('1900-01-01');
    expect(ymd(999, 1, 2)).toBe('0999-01-02');
  });

  it('daysInMonth follows the Gregorian leap rule', () => {
    expect([2024, 2023, 2000, 1900].map((y) => daysInMonth(y, 2))).toEqual([29, 28, 29, 28]);
    expect([1, 4, 6, 9, 11, 12].map((m) => daysInMonth(2026, m))).toEqual([31, 30, 30, 30, 30, 31]);
  });
});
