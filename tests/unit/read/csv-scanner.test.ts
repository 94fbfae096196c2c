import { describe, expect, it } from 'vitest';
import { scanCsvStrings } from '../../../src/lib/read/csv/strings';

const enc = new TextEncoder();
const scan = (text: string, delimiter = ',', chunk = Infinity) =>
  scanCsvStrings(enc.encode(text), delimiter, chunk);

const CASES: [name: string, text: string, expected: string[][], delimiter?: string][] = [
  [
    'simple',
    'a,b,c\n1,2,3\n',
    [
      ['a', 'b', 'c'],
      ['1', '2', '3'],
    ],
  ],
  [
    'no trailing newline',
    'a,b\n1,2',
    [
      ['a', 'b'],
      ['1', '2'],
    ],
  ],
  [
    'CRLF',
    'a,b\r\n1,2\r\n',
    [
      ['a', 'b'],
      ['1', '2'],
    ],
  ],
  [
    'CR only',
    'a,b\r1,2\r3,4',
    [
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
    ],
  ],
  ['mixed line endings', 'a\r\nb\nc\rd', [['a'], ['b'], ['c'], ['d']]],
  [
    'empty fields',
    ',a,,b,\n,,\n',
    [
      ['', 'a', '', 'b', ''],
      ['', '', ''],
    ],
  ],
  ['trailing delimiter at EOF', 'a,b,', [['a', 'b', '']]],
  [
    'quoted',
    '"a","b c"\n"1",2',
    [
      ['a', 'b c'],
      ['1', '2'],
    ],
  ],
  ['escaped quotes', '"say ""hi""",x', [['say "hi"', 'x']]],
  ['only escaped quotes', '""""', [['"']]],
  ['empty quoted', '"",""\n', [['', '']]],
  ['delimiter inside quotes', '"a,b",c', [['a,b', 'c']]],
  [
    'LF inside quotes',
    '"line1\nline2",x\ny,z',
    [
      ['line1\nline2', 'x'],
      ['y', 'z'],
    ],
  ],
  ['CRLF inside quotes', '"l1\r\nl2"\r\nnext', [['l1\r\nl2'], ['next']]],
  ['spaces kept', ' a , b ,c ', [[' a ', ' b ', 'c ']]],
  ['quote inside unquoted field is literal', 'a"b,c', [['a"b', 'c']]],
  ['text after closing quote is kept', '"ab"cd,e', [['abcd', 'e']]],
  ['blank lines skipped', 'a\n\n\nb\r\n\r\nc\n', [['a'], ['b'], ['c']]],
  ['blank quoted line kept', 'a\n""\nb', [['a'], [''], ['b']]],
  [
    'semicolon',
    'a;b\n1,5;2',
    [
      ['a', 'b'],
      ['1,5', '2'],
    ],
    ';',
  ],
  [
    'tab',
    'a\tb\n"x\ty"\tz',
    [
      ['a', 'b'],
      ['x\ty', 'z'],
    ],
    '\t',
  ],
  ['pipe', 'a|b|c', [['a', 'b', 'c']], '|'],
  [
    'unicode',
    'név,город\n😀,é',
    [
      ['név', 'город'],
      ['😀', 'é'],
    ],
  ],
  ['unclosed quote at EOF', 'a,"bc\nd', [['a', 'bc\nd']]],
  ['unclosed quote with escapes', 'a,"b""c', [['a', 'b"c']]],
  ['quote closes at EOF', 'a,"b"', [['a', 'b']]],
  ['empty input', '', []],
  ['only newlines', '\n\r\n\n', []],
];

describe('scanCsvStrings: RFC 4180', () => {
  it.each(CASES)('%s', (_name, text, expected, delimiter = ',') => {
    expect(scan(text, delimiter)).toEqual(expected);
  });
});

describe('scanCsvStrings: unquoted fields read four bytes at a time', () => {
  // Fields of every length up to 12 around each stop byte, with bytes that look like stops to
  // the word test (tab, other control bytes) or sit next to them (0x0e, 0x7f, non-ASCII).
  const pieces = [
    'a',
    'bc',
    'def',
    'ghij',
    'k\tl',
    '\u0001m',
    'n\u000eo',
    '\u007fp',
    'é',
    'q😀r',
    '+-',
  ];
  for (const delimiter of [',', ';', '\t', '|']) {
    it(`delimiter ${JSON.stringify(delimiter)}`, () => {
      const rows: string[][] = [];
      for (let r = 0; r < 40; r++) {
        const row: string[] = [];
        for (let f = 0; f < 1 + (r % 5); f++) {
          let v = '';
          for (let k = 0; k < (r * 7 + f * 3) % 9; k++) v += pieces[(r + f + k) % pieces.length];
          row.push(delimiter === '\t' ? v.replaceAll('\t', ' ') : v);
        }
        rows.push(row);
      }
      const text = rows.map((r, i) => r.join(delimiter) + (i % 3 === 0 ? '\r\n' : '\n')).join('');
      const expected = rows.filter((r) => r.length > 1 || r[0] !== '');
      for (const size of [1, 3, 4, 5, 13, 64, Infinity]) {
        expect(scan(text, delimiter, size)).toEqual(expected);
      }
    });
  }
});

describe('scanCsvStrings: chunk boundaries', () => {
  const sizes = [1, 2, 3, 7, 64];
  it.each(CASES)('%s', (_name, text, expected, delimiter = ',') => {
    for (const size of sizes) expect(scan(text, delimiter, size)).toEqual(expected);
  });

  it('splits multi-byte characters and long quoted fields across chunks', () => {
    const big = 'x'.repeat(5000) + '"",\n' + 'é'.repeat(3000);
    const text = `id,text\n1,"${big}"\n2,"😀€"\n3,plain😀\r\n`;
    const expected = [
      ['id', 'text'],
      ['1', big.replace('""', '"')],
      ['2', '😀€'],
      ['3', 'plain😀'],
    ];
    for (const size of [1, 2, 3, 5, 7, 64, 1000, Infinity]) {
      expect(scan(text, ',', size)).toEqual(expected);
    }
  });
});
