import { describe, expect, it } from 'vitest';
import {
  fixed,
  formatBytes,
  formatChange,
  formatInt,
  formatInterval,
  formatNumber,
  formatPercent,
  formatValue,
  matrixStatement,
  plural,
  roundByMagnitude,
  shortLabel,
  shortNumber,
} from '../../../src/lib/format';

describe('screen numbers', () => {
  it('formats integers with thousands separators', () => {
    expect(formatInt(0)).toBe('0');
    expect(formatInt(153201)).toBe('153,201');
    expect(formatInt(1_000_000)).toBe('1,000,000');
  });

  it('formats byte sizes', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(12.4 * 1024 * 1024)).toBe('12.4 MB');
    expect(formatBytes(200 * 1024 * 1024)).toBe('200 MB');
    expect(formatBytes(1024 * 1024)).toBe('1 MB');
    expect(formatBytes(3.25 * 1024 ** 3)).toBe('3.3 GB');
  });

  it('formats summary numbers', () => {
    expect(formatNumber(null)).toBe('—');
    expect(formatNumber(NaN)).toBe('—');
    expect(formatNumber(1234567)).toBe('1,234,567');
    expect(formatNumber(3.456789)).toBe('3.46');
    expect(formatNumber(0.123456)).toBe('0.1235');
    expect(formatNumber(12345.678)).toBe('12,345.7');
    expect(formatNumber(-2.5)).toBe('-2.5');
  });

  it('formats percents and plurals', () => {
    expect(formatPercent(1, 3)).toBe('33%');
    expect(formatPercent(1, 30)).toBe('3.3%');
    expect(formatPercent(0, 0)).toBe('0%');
    expect(plural(1, 'row')).toBe('1 row');
    expect(plural(1000, 'row')).toBe('1,000 rows');
    expect(plural(2, 'entry', 'entries')).toBe('2 entries');
  });
});

describe('chart numbers', () => {
  it('rounds scores, signs changes and writes intervals', () => {
    expect(formatValue(23)).toBe('23');
    expect(formatValue(67.46)).toBe('67.5');
    expect(formatValue(4.236)).toBe('4.24');
    expect(formatValue(-12.04)).toBe('-12');
    expect(formatValue(-0.001)).toBe('0');
    expect(formatValue(12345.6)).toBe('12345.6');
    expect(formatValue(null)).toBe('');
    expect(formatValue(Number.NaN)).toBe('');
    expect(formatChange(5.24)).toBe('+5.24');
    expect(formatChange(-3)).toBe('-3');
    expect(formatChange(0)).toBe('0');
    expect(formatInterval(41.23, 55)).toBe('41.2 – 55');
    expect(formatInterval(41, null)).toBe('');
  });
});

describe('table and bin numbers', () => {
  it('fixed writes fixed decimals, never "-0.0", and blank for no number', () => {
    expect(fixed(46.15)).toBe('46.1');
    expect(fixed(60)).toBe('60.0');
    expect(fixed(4.236, 2)).toBe('4.24');
    expect(fixed(-0.04)).toBe('0.0');
    expect(fixed(-0.004, 2)).toBe('0.00');
    expect(fixed(-1.25, 1)).toBe('-1.3');
    expect(fixed(null)).toBe('');
    expect(fixed(Number.NaN, 2)).toBe('');
  });

  it('shortNumber rounds as the output file does, to at most 2 decimals', () => {
    expect(shortNumber(1.005)).toBe('1.01');
    expect(shortNumber(4.5)).toBe('4.5');
    expect(shortNumber(1234.5678)).toBe('1234.57');
    expect(shortNumber(Number.NaN)).toBe('—');
  });

  it('roundByMagnitude keeps fewer decimals the larger the value', () => {
    expect(roundByMagnitude(1234.5678)).toBe('1235');
    expect(roundByMagnitude(12.345)).toBe('12.3');
    expect(roundByMagnitude(4.236)).toBe('4.24');
    expect(roundByMagnitude(2.5)).toBe('2.5');
    expect(roundByMagnitude(-0.001)).toBe('0');
  });

  it('each rule writes the same number its own way', () => {
    const v = 123.456;
    expect([formatInt(v), formatNumber(v), formatValue(v), fixed(v)]).toEqual([
      '123',
      '123.46',
      '123.5',
      '123.5',
    ]);
    expect([shortNumber(v), roundByMagnitude(v)]).toEqual(['123.46', '123']);
  });
});

describe('labels', () => {
  it('matrixStatement keeps the statement of a matrix item, whole', () => {
    expect(matrixStatement('Engagement - I am proud to work here')).toBe('I am proud to work here');
    expect(matrixStatement('A - B - C ')).toBe('C ');
    expect(matrixStatement('No statement')).toBe('No statement');
    expect(matrixStatement(' - starts with it')).toBe(' - starts with it');
    expect(matrixStatement('ends with it - ')).toBe('ends with it - ');
    expect(matrixStatement(undefined)).toBe('');
  });

  it('shortLabel trims the statement and cuts it at max characters', () => {
    expect(shortLabel('Engagement - I am proud to work here')).toBe('I am proud to work here');
    expect(shortLabel('A - B - C ')).toBe('C');
    expect(shortLabel('x'.repeat(81))).toBe(`${'x'.repeat(79)}…`);
    expect(shortLabel('x'.repeat(80))).toBe('x'.repeat(80));
    expect(shortLabel('abc def ghi', 8)).toBe('abc def…');
    expect(shortLabel('')).toBe('');
  });
});
