import { describe, expect, it } from 'vitest';
import { inferColumnType, isIdName, parseNumber } from '../../../src/lib/table/infer';

describe('parseNumber', () => {
  it.each([
    ['12', 12],
    ['-3.5', -3.5],
    ['+.5', 0.5],
    ['1e3', 1000],
    [' 7 ', 7],
    ['', NaN],
    ['0x1F', NaN],
    ['Infinity', NaN],
    ['1,234', NaN],
    ['12abc', NaN],
  ])('parseNumber(%j) is %d', (s, n) => {
    expect(parseNumber(s)).toBe(n);
  });

  it('reads decimal commas when asked', () => {
    expect(parseNumber('3,5', true)).toBe(3.5);
    expect(parseNumber('3.5', true)).toBeNaN();
  });
});

describe('isIdName', () => {
  it.each([
    'PersonId',
    'ResponseID',
    'UniqueIdentifier',
    'ExternalReference',
    'ExternalDataReference',
    'RecipientEmail',
    'Email',
    'EmailAddress',
    'E-mail',
    'employee_id',
    'Employee ID',
    '_recordId',
  ])('%s names an identifier', (name) => {
    expect(isIdName(name)).toBe(true);
  });

  it.each([
    'Paid',
    'Valid',
    'Emails_sent',
    'Email_hours',
    'After_hours_email_hours',
    'Score',
    'Duration (in seconds)',
  ])('%s does not', (name) => {
    expect(isIdName(name)).toBe(false);
  });
});

describe('inferColumnType', () => {
  it('numbers become numbers', () => {
    expect(inferColumnType('Score', ['1', '2.5', '', '-3'])).toBe('number');
  });
  it('identifier names stay ids even when numeric', () => {
    expect(inferColumnType('PersonId', ['1', '2'])).toBe('id');
    expect(inferColumnType(['V1', 'ResponseID'], ['1', '2'])).toBe('id');
  });
  it('leading zeros and emails make ids', () => {
    expect(inferColumnType('Code', ['00123', '1'])).toBe('id');
    expect(inferColumnType('Who', ['a@b.com', 'c@d.org'])).toBe('id');
  });
  it('a few NA/NULL tokens do not turn a number column into text', () => {
    expect(inferColumnType('Copilot_actions', ['1', 'NULL', '3', 'NA', '#N/A'])).toBe('number');
  });
  it('recognises dates and booleans, else text', () => {
    expect(inferColumnType('When', ['2026-01-04', '1/31/2026'])).toBe('date');
    expect(inferColumnType('IsActive', ['TRUE', 'FALSE'])).toBe('boolean');
    expect(inferColumnType('Dept', ['Sales', '12'])).toBe('text');
    expect(inferColumnType('Empty', ['', ' '])).toBe('text');
  });
});
