import { describe, expect, it } from 'vitest';
import {
  MAX_VALUE_LENGTH,
  REQUIRED_FIELDS,
  RESERVED_FIELDS,
  SYSTEM_FIELDS,
  checkFileName,
  checkHeaders,
  checkValue,
  fixFileName,
  fixHeader,
  fixHeaders,
  formatVivaDate,
  isValidEmail,
  monthStart,
  quarterStart,
} from '../../../src/lib/viva-format/upload-rules';

const KEYS = ['PersonId', 'EffectiveDate'];
const rulesOf = (names: string[]) =>
  checkHeaders(names).map((p) => [p.column, p.rule, p.severity, p.fix]);

describe('field lists', () => {
  it('hold the documented names', () => {
    expect(REQUIRED_FIELDS).toEqual(['PersonId', 'ManagerId', 'Organization', 'EffectiveDate']);
    expect(RESERVED_FIELDS).toHaveLength(9);
    expect(RESERVED_FIELDS).toContain('WeeklyBadgeOnsiteDays');
    expect(SYSTEM_FIELDS).toEqual(
      expect.arrayContaining([
        'MetricDate',
        'PrimaryCollaborator_PersonId',
        'SecondaryCollaborator_PersonId',
        'TimeZone',
        'StandardTimeZone',
        'IsActive',
        'PeopleHistoricalId',
      ]),
    );
    expect(SYSTEM_FIELDS).toHaveLength(16);
  });
});

describe('fixHeader', () => {
  it.each([
    ['Manager Effectiveness', 'Manager_Effectiveness'],
    ['Q3.13', 'Q3_13'],
    ['DEI index', 'DEI_index'],
    ['Q12_NPS_GROUP', 'Q12_NPS_GROUP'],
    ['Well-being (avg)', 'Well_being_avg'],
    ['Zufriedenheit ä', 'Zufriedenheit_a'],
    ['Größe', 'Grosse'],
    ['Ｓｃｏｒｅ', 'Score'],
    ['3Q', 'X3Q'],
    ['_a', 'a'],
    ['__a__b__', 'a_b'],
    ['', 'Column'],
    ['???', 'Column'],
    ['満足度', 'Column'],
    ['NPS', 'NPS'],
    ['\uFEFFScore', 'Score'],
    ['=SUM(A1:A3)', 'SUM_A1_A3'],
    ['Location', 'Location_Custom'],
    ['personid', 'personid_Custom'],
    ['TimeZone', 'TimeZone_Custom'],
    ['metric date', 'metric_date'],
    ['MetricDate', 'MetricDate_Custom'],
    ['Microsoft_Teams', 'MicrosoftTeams'],
    ['MICROSOFT__x', 'MICROSOFTx'],
    ['Use Microsoft_Teams', 'Use_MicrosoftTeams'],
  ])('%j → %j', (input, expected) => {
    expect(fixHeader(input)).toBe(expected);
  });

  it('adds _2, _3 … when the result is taken, comparing case-insensitively', () => {
    expect(fixHeader('Q1.1', new Set(['q1_1']))).toBe('Q1_1_2');
    expect(fixHeader('Q1.1', new Set(['Q1_1', 'Q1_1_2']))).toBe('Q1_1_3');
    expect(fixHeader('Layer', new Set(['LAYER_CUSTOM']))).toBe('Layer_Custom_2');
  });

  it('is idempotent', () => {
    for (const n of ['Well-being (avg)', 'Location', '3Q', 'Microsoft_X', '']) {
      expect(fixHeader(fixHeader(n))).toBe(fixHeader(n));
    }
  });
});

describe('checkHeaders', () => {
  it('accepts a clean header row', () => {
    expect(checkHeaders([...KEYS, 'Engagement', 'Manager_Effectiveness', 'Q12_nps'])).toEqual([]);
  });

  it('reports blanks, bad characters and a non-letter start with a fix', () => {
    expect(rulesOf([...KEYS, '', 'Q3.13', '3Q', '_x'])).toEqual([
      ['', 'header-empty', 'error', 'Column'],
      ['Q3.13', 'header-chars', 'error', 'Q3_13'],
      ['Q3.13', 'header-lowercase', 'warning', undefined],
      ['3Q', 'header-start', 'error', 'X3Q'],
      ['3Q', 'header-lowercase', 'warning', undefined],
      ['_x', 'header-start', 'error', 'x'],
    ]);
  });

  it('fills row, code and a message that quotes the name and says what to do', () => {
    const [p] = checkHeaders([...KEYS, 'Well-being (avg)']);
    expect(p).toMatchObject({ row: 1, column: 'Well-being (avg)', code: 'viva-header' });
    expect(p.message).toContain('"Well-being (avg)"');
    expect(p.message).toContain('("-", space, "(", ")")');
    expect(p.message).toContain('Rename it, for example to "Well_being_avg".');
  });

  it('reports only the later duplicates, case-insensitively, with unique fixes', () => {
    expect(rulesOf([...KEYS, 'Score', 'score', 'SCORE'])).toEqual([
      ['score', 'header-duplicate', 'error', 'score_2'],
      ['SCORE', 'header-duplicate', 'error', 'SCORE_3'],
      ['SCORE', 'header-lowercase', 'warning', undefined],
    ]);
    expect(checkHeaders([...KEYS, 'Score', 'score'])[0].message).toContain('column 3');
  });

  it('rejects system names in any case', () => {
    expect(rulesOf([...KEYS, 'timezone', 'MetricDate'])).toEqual([
      ['timezone', 'header-system', 'error', 'timezone_Custom'],
      ['MetricDate', 'header-system', 'error', 'MetricDate_Custom'],
    ]);
  });

  it('rejects custom columns reusing required or reserved names, in any case', () => {
    expect(rulesOf([...KEYS, 'Location', 'organization'])).toEqual([
      ['Location', 'header-reserved', 'error', 'Location_Custom'],
      ['organization', 'header-reserved', 'error', 'organization_Custom'],
    ]);
    expect(rulesOf([...KEYS, 'personId'])).toEqual([
      ['personId', 'header-duplicate', 'error', 'personId_Custom'],
      ['personId', 'header-reserved', 'error', 'personId_Custom'],
    ]);
  });

  it('rejects a Microsoft_ prefix and warns about Microsoft_ inside a name', () => {
    expect(rulesOf([...KEYS, 'microsoft_Score', 'Use_Microsoft_Teams'])).toEqual([
      ['microsoft_Score', 'header-microsoft', 'error', 'microsoftScore'],
      ['Use_Microsoft_Teams', 'header-microsoft', 'warning', 'Use_MicrosoftTeams'],
    ]);
  });

  it('warns, without a fix, when a name has no lower-case letter', () => {
    const [p] = checkHeaders([...KEYS, 'HRBP']);
    expect(p).toMatchObject({ rule: 'header-lowercase', severity: 'warning', column: 'HRBP' });
    expect(p.fix).toBeUndefined();
    expect(p.message).toContain('"HRBP"');
  });

  it('requires PersonId and EffectiveDate spelled exactly as columns 1 and 2', () => {
    expect(rulesOf(['personid', 'Effective Date', 'Score'])).toEqual([
      ['personid', 'header-required', 'error', 'PersonId'],
      ['Effective Date', 'header-required', 'error', 'EffectiveDate'],
    ]);
    expect(checkHeaders(['PersonId']).map((p) => [p.rule, p.column])).toEqual([
      ['header-missing', null],
    ]);
    expect(checkHeaders([])).toHaveLength(2);
  });

  it('gives fixes that do not clash with names kept as they are', () => {
    const problems = checkHeaders([...KEYS, 'q1.1', 'q1_1']);
    expect(problems.map((p) => p.fix)).toEqual(['q1_1_2']);
  });
});

describe('fixHeaders', () => {
  it('fixes only names with errors and keeps the others', () => {
    expect(fixHeaders([...KEYS, 'Q1.1', 'Q1_1', 'NPS', 'Use_Microsoft_X', 'Location'])).toEqual([
      ...KEYS,
      'Q1_1_2',
      'Q1_1',
      'NPS',
      'Use_Microsoft_X',
      'Location_Custom',
    ]);
  });

  it('returns a header row without errors', () => {
    const messy = [
      'Email',
      'date',
      '',
      '',
      'Score',
      'score',
      'Q3.13',
      'Q3_13',
      '3Q',
      'TimeZone',
      'timezone_custom',
      'Microsoft_A',
      'personid',
      'Well-being (avg)',
    ];
    const fixed = fixHeaders(messy);
    expect(fixed).toHaveLength(messy.length);
    expect(fixed.slice(0, 2)).toEqual(KEYS);
    expect(checkHeaders(fixed).filter((p) => p.severity === 'error')).toEqual([]);
    expect(new Set(fixed.map((n) => n.toLowerCase())).size).toBe(fixed.length);
  });
});

describe('isValidEmail', () => {
  it.each([
    'a@b.co',
    'first.last+tag@sub.contoso.com',
    'employee@contoso.com',
    'O_Brien-2@contoso.co.uk',
    "o'neil@contoso.com",
    'x@xn--80ak6aa92e.xn--p1ai',
    'a@b-c.com',
    'A@CONTOSO.COM',
  ])('accepts %j', (s) => {
    expect(isValidEmail(s)).toBe(true);
  });

  it.each([
    '',
    'a@b',
    'a b@c.com',
    ' a@b.com',
    'a@b.com ',
    'a@@b.com',
    'a@b@c.com',
    '@b.com',
    'a@',
    'a@b..com',
    'a@.b.com',
    'a@b.com.',
    'a@-b.com',
    'a@b-.com',
    'a.@b.com',
    '.a@b.com',
    'a..b@c.com',
    'a@b.c',
    'a@b.c0m',
    'a@1.2.3.4',
    'a,b@c.com',
    '"a b"@c.com',
    'ä@b.com',
    'a@b_c.com',
    `${'a'.repeat(65)}@b.com`,
    `a@${'b'.repeat(250)}.com`,
  ])('rejects %j', (s) => {
    expect(isValidEmail(s)).toBe(false);
  });
});

describe('formatVivaDate', () => {
  it('writes zero-padded MM/DD/YYYY', () => {
    expect(formatVivaDate('2026-04-01')).toBe('04/01/2026');
    expect(formatVivaDate('2024-02-29')).toBe('02/29/2024');
    expect(formatVivaDate('1999-12-31')).toBe('12/31/1999');
  });

  it.each([
    '2026-02-30',
    '2025-02-29',
    '2026-13-01',
    '2026-4-1',
    '04/01/2026',
    '2026-04-01T00:00',
    '',
  ])('throws RangeError for %j', (s) => {
    expect(() => formatVivaDate(s)).toThrow(RangeError);
  });
});

describe('quarterStart', () => {
  it.each([
    ['2026-06-30', '2026-04-01'],
    ['2026-01-01', '2026-01-01'],
    ['2026-03-31', '2026-01-01'],
    ['2026-09-15 13:45:00', '2026-07-01'],
    ['2026-12-31T23:59:59Z', '2026-10-01'],
  ])('%j → %j', (input, expected) => {
    expect(quarterStart(input)).toBe(expected);
  });

  it('throws RangeError for a non-date', () => {
    expect(() => quarterStart('2026-02-30')).toThrow(RangeError);
    expect(() => quarterStart('06/30/2026')).toThrow(RangeError);
  });
});

describe('monthStart', () => {
  it.each([
    ['2026-06-30', '2026-06-01'],
    ['2024-02-29 00:00:00', '2024-02-01'],
    ['2026-11-05T08:00:00.000Z', '2026-11-01'],
  ])('%j → %j', (input, expected) => {
    expect(monthStart(input)).toBe(expected);
  });

  it('throws RangeError for a non-date', () => {
    expect(() => monthStart('2026-06')).toThrow(RangeError);
    expect(() => monthStart('2026-06-30x')).toThrow(RangeError);
  });
});

describe('checkFileName', () => {
  it('accepts letters and digits followed by .csv', () => {
    expect(checkFileName('FileName2.csv')).toBeNull();
    expect(checkFileName('scores.csv')).toBeNull();
  });

  it.each(['Survey scores Q2-2026.csv', 'scores.CSV', 'scores', 'scores.xlsx', '.csv', 'a_b.csv'])(
    'reports %j',
    (name) => {
      const p = checkFileName(name);
      expect(p).toMatchObject({
        row: null,
        column: null,
        code: 'viva-file',
        severity: 'error',
        rule: 'file-name',
        fix: fixFileName(name),
      });
      expect(p?.message).toContain(`"${name}"`);
    },
  );
});

describe('fixFileName', () => {
  it.each([
    ['Survey scores Q2-2026.csv', 'SurveyscoresQ22026.csv'],
    ['Zufriedenheit Ä.csv', 'ZufriedenheitA.csv'],
    ['scores.CSV', 'scores.csv'],
    ['scores.xlsx', 'scores.csv'],
    ['scores', 'scores.csv'],
    ['.csv', 'VivaUpload.csv'],
    ['満足度.csv', 'VivaUpload.csv'],
    ['FileName2.csv', 'FileName2.csv'],
  ])('%j → %j', (input, expected) => {
    expect(fixFileName(input)).toBe(expected);
    expect(checkFileName(fixFileName(input))).toBeNull();
  });
});

describe('checkValue', () => {
  it('accepts good and blank values', () => {
    expect(checkValue('employee@contoso.com', 'email')).toBeNull();
    expect(checkValue('04/01/2026', 'date')).toBeNull();
    expect(checkValue('02/29/2024', 'date')).toBeNull();
    expect(checkValue('23.75', 'number')).toBeNull();
    expect(checkValue('-3', 'number')).toBeNull();
    expect(checkValue('満足 "quoted" ~', 'string')).toBeNull();
    for (const kind of ['email', 'date', 'number', 'string'] as const) {
      expect(checkValue('', kind)).toBeNull();
    }
  });

  it('rejects line breaks in any kind of value', () => {
    expect(checkValue('a\nb', 'string')).toMatch(/line break/);
    expect(checkValue('a\r\nb', 'string')).toContain('"a↵b"');
    expect(checkValue('4\r', 'number')).toMatch(/line break/);
  });

  it('rejects values over 128 KB', () => {
    expect(checkValue('x'.repeat(MAX_VALUE_LENGTH), 'string')).toBeNull();
    expect(checkValue('x'.repeat(MAX_VALUE_LENGTH + 1), 'string')).toMatch(/128 KB/);
  });

  it('rejects bad emails, quoting them', () => {
    expect(checkValue('a@b', 'email')).toContain('"a@b"');
    expect(checkValue('a b@contoso.com', 'email')).toMatch(/employee@contoso\.com/);
  });

  it.each(['4/1/2026', '2026-04-01', '02/30/2026', '13/01/2026', '04/01/26', '04/01/2026 00:00'])(
    'rejects the date %j',
    (v) => {
      expect(checkValue(v, 'date')).toContain(`"${v}"`);
    },
  );

  it.each(['1,234', '$5', '1e3', '.5', '5.', '+5', ' 5', '4,5', 'NaN', '--1'])(
    'rejects the number %j',
    (v) => {
      expect(checkValue(v, 'number')).toContain(`"${v}"`);
    },
  );
});
