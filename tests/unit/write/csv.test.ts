import { describe, expect, it } from 'vitest';
import { csvField, issuesToCsv, toCsv } from '../../../src/lib/write/csv';

describe('toCsv', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['line\nbreak', '"line\nbreak"'],
    [' padded', '" padded"'],
    ['', ''],
  ])('csvField(%j) is %j', (input, expected) => {
    expect(csvField(input)).toBe(expected);
  });

  it('joins rows with CRLF', () => {
    expect(
      toCsv([
        ['a', 'b'],
        ['1', '2'],
      ]),
    ).toBe('a,b\r\n1,2\r\n');
  });

  it('guards formulas when asked, but not negative numbers', () => {
    expect(csvField('=HYPERLINK("x")', { formulaGuard: true })).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('-12.5', { formulaGuard: true })).toBe('-12.5');
  });

  it('writes the issue list with a header', () => {
    expect(
      issuesToCsv([{ row: 3, column: 'Q1', code: 'bad-number', message: 'Not a number: "x"' }]),
    ).toBe('row,column,code,message\r\n3,Q1,bad-number,"Not a number: ""x"""\r\n');
  });
});
