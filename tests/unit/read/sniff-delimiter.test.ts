import { describe, expect, it } from 'vitest';
import {
  detectDecimalComma,
  fieldCounts,
  sepLineLength,
  sniffDelimiter,
} from '../../../src/lib/read/sniff-delimiter';

describe('sniffDelimiter', () => {
  it.each([
    ['a,b,c\n1,2,3\n', ','],
    ['a;b;c\n1,5;2;3\n4;5,5;6\n', ';'],
    ['a\tb\tc\n1\t2\t3\n', '\t'],
    ['a|b|c\n1|2|3\n', '|'],
    ['"x;y",b\n"1;2",3\n', ','],
    ['"Name","Comment"\n"Bob","hi; there, you"\n', ','],
    ['only\none\ncolumn\n', ','],
    ['a;b\n', ';'],
    ['a,b;c\n', ','], // a tie: comma wins
    ['', ','],
  ])('%j -> %j', (text, expected) => {
    expect(sniffDelimiter(text)).toBe(expected);
  });

  it('ignores a cut-off last record when the head is truncated', () => {
    expect(fieldCounts('a;b\n1;2\n3', ';', true)).toEqual([2, 2]);
    expect(fieldCounts('a;b\n1;2\n3', ';', false)).toEqual([2, 2, 1]);
  });

  it('counts quoted line breaks as part of a record', () => {
    expect(fieldCounts('a,b\n"x\ny",z\r\n', ',', false)).toEqual([2, 2]);
  });
});

describe('sepLineLength', () => {
  it('finds an Excel sep= line', () => {
    expect(sepLineLength('sep=;\r\na;b')).toEqual({ delimiter: ';', length: 7 });
    expect(sepLineLength('SEP=,\na,b')).toEqual({ delimiter: ',', length: 6 });
    expect(sepLineLength('sep=|')).toEqual({ delimiter: '|', length: 5 });
    expect(sepLineLength('separator,b\n')).toBeNull();
  });
});

describe('detectDecimalComma', () => {
  it('is on for semicolon files with 3,5-style numbers', () => {
    expect(
      detectDecimalComma(
        [
          ['Ann', '3,5'],
          ['Bob', '4'],
        ],
        ';',
      ),
    ).toBe(true);
    expect(
      detectDecimalComma(
        [
          ['Ann', '3.5'],
          ['Bob', '4,5'],
        ],
        ';',
      ),
    ).toBe(false);
    expect(
      detectDecimalComma(
        [
          ['Ann', '3'],
          ['Bob', '4'],
        ],
        ';',
      ),
    ).toBe(false);
  });

  it('is never on for comma files', () => {
    expect(detectDecimalComma([['3,5']], ',')).toBe(false);
  });

  it('needs an unambiguous value in tab files (1,234 may be a thousands group)', () => {
    expect(detectDecimalComma([['1,234']], '\t')).toBe(false);
    expect(detectDecimalComma([['1,234'], ['0,5']], '\t')).toBe(true);
  });
});
