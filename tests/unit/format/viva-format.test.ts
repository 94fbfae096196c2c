import { describe, expect, it } from 'vitest';
import { detectLayout } from '../../../src/lib/table/layout';
import { detectDateFormat, detectPersonQuery, parseMetricDate } from '../../../src/lib/viva-format';

describe('parseMetricDate', () => {
  it.each([
    ['2024-04-28', '2024-04-28'],
    ['2024-4-8', '2024-04-08'],
    ['2024-04-28T00:00:00Z', '2024-04-28'],
    ['2024-04-28 13:45:10', '2024-04-28'],
    ['4/28/2024', '2024-04-28'],
    ['04/28/2024', '2024-04-28'],
    ['5/6/2024', '2024-05-06'],
    ['5/6/2024 12:00:00 AM', '2024-05-06'],
    ['05/06/2024 23:59', '2024-05-06'],
    ['2/29/2024', '2024-02-29'],
    ['2000-02-29', '2000-02-29'],
    [' 1/1/2024 ', '2024-01-01'],
  ])('%j → %s', (input, expected) => {
    expect(parseMetricDate(input)).toBe(expected);
  });

  it.each([
    '',
    '2024-02-30',
    '2/30/2024',
    '2/29/2023',
    '1900-02-29',
    '13/05/2024',
    '28/04/2024',
    '4/31/2024',
    '2024-13-01',
    '0/1/2024',
    '4/28/24',
    '2024/04/28',
    'April 28, 2024',
    '45352',
    '4/28/2024 25:00',
    '4/28/2024 13:00 PM',
  ])('rejects %j', (input) => {
    expect(parseMetricDate(input)).toBeNull();
  });

  it('reads day-first only when asked', () => {
    expect(parseMetricDate('28/04/2024', { dayFirst: true })).toBe('2024-04-28');
    expect(parseMetricDate('05/06/2024', { dayFirst: true })).toBe('2024-06-05');
    expect(parseMetricDate('28.04.2024', { dayFirst: true })).toBe('2024-04-28');
    expect(parseMetricDate('04/28/2024', { dayFirst: true })).toBeNull();
    expect(parseMetricDate('2024-04-28', { dayFirst: true })).toBe('2024-04-28');
  });
});

describe('detectDateFormat', () => {
  it.each([
    [['2024-04-28', '2024-05-05', ''], 'iso'],
    [['4/28/2024', '5/5/2024'], 'mdy'],
    [['28/4/2024', '5/5/2024'], 'dmy'],
    [['5/5/2024', '6/5/2024'], 'ambiguous'],
    [[], null],
    [['', ' '], null],
    [['2024-04-28', '4/28/2024'], null],
    [['4/28/2024', '28/4/2024'], null],
    [['2024-02-30'], null],
    [['hello'], null],
  ] as const)('%j → %s', (values, expected) => {
    expect(detectDateFormat(values)).toBe(expected);
  });
});

describe('detectPersonQuery', () => {
  it('needs PersonId and MetricDate (or legacy Date), case-insensitively', () => {
    expect(detectPersonQuery(['personid', 'metricdate'], [])?.roles).toEqual([
      'person-id',
      'metric-date',
    ]);
    expect(
      detectPersonQuery(['PersonId', 'Date', 'Emails_sent'], [['p1', '5/13/2022', '3']]),
    ).toMatchObject({
      roles: ['person-id', 'metric-date', 'metric'],
      legacyDate: true,
      dateFormat: 'mdy',
    });
    expect(detectPersonQuery(['PersonId', 'Week'], [])).toBeNull();
    expect(detectPersonQuery(['Email', 'MetricDate'], [])).toBeNull();
  });

  it('treats NULL and NA as missing, not as text', () => {
    const info = detectPersonQuery(
      ['PersonId', 'MetricDate', 'Copilot_actions', 'Region', 'Custom', 'HourlyRate'],
      [
        ['p1', '2024-04-28', 'NULL', 'EMEA', 'x', '42'],
        ['p2', '2024-04-28', '3', 'NA', '', '40'],
        ['p3', '2024-04-28', 'NA', 'APAC', 'y', '41'],
      ],
    );
    expect(info?.roles).toEqual([
      'person-id',
      'metric-date',
      'metric',
      'attribute',
      'attribute',
      'attribute',
    ]);
    expect(info?.rowIndexColumn).toBeNull();
  });

  it('only takes a blank first column counting 1, 2, 3 (or 0, 1, 2) as a row index', () => {
    const rows = (first: string[]) => first.map((v) => [v, 'p', '2024-04-28']);
    const headers = ['', 'PersonId', 'MetricDate'];
    expect(detectPersonQuery(headers, rows(['1', '2', '3']))?.rowIndexColumn).toBe(0);
    expect(detectPersonQuery(headers, rows(['0', '1', '2']))?.rowIndexColumn).toBe(0);
    expect(detectPersonQuery(headers, rows(['1', '3', '4']))?.rowIndexColumn).toBeNull();
    expect(detectPersonQuery(headers, [])?.rowIndexColumn).toBeNull();
  });
});

describe('person query layout', () => {
  it('reports day-first dates and unreadable dates', () => {
    const dmy = detectLayout(
      [
        ['PersonId', 'MetricDate'],
        ['p1', '28/04/2024'],
      ],
      'zip-csv',
    );
    expect(dmy.source).toBe('viva-person-query');
    expect(dmy.issues.map((i) => [i.code, i.column])).toEqual([['viva-format', 'MetricDate']]);
    const bad = detectLayout(
      [
        ['PersonId', 'MetricDate'],
        ['p1', 'last week'],
      ],
      'csv',
    );
    expect(bad.issues.map((i) => i.code)).toEqual(['viva-format']);
    const ambiguous = detectLayout(
      [
        ['PersonId', 'MetricDate'],
        ['p1', '5/6/2024'],
      ],
      'csv',
    );
    expect(ambiguous.issues).toEqual([]);
    expect(ambiguous.notes.join(' ')).toContain('month/day');
  });

  it('reports a blank header that is not a row counter', () => {
    const layout = detectLayout(
      [
        ['PersonId', 'MetricDate', ''],
        ['p1', '2024-04-28', '7'],
      ],
      'csv',
    );
    expect(layout.columns[2]).toMatchObject({ name: 'Column 3', vivaRole: 'metric' });
    expect(layout.issues.map((i) => i.code)).toEqual(['blank-header']);
  });
});
