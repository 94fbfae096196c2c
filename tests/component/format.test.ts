import { describe, expect, it } from 'vitest';
import {
  delimiterLabel,
  formatBytes,
  formatInt,
  formatNumber,
  formatParts,
  formatPercent,
  groupIssues,
  phaseLabel,
  plural,
} from '../../src/components/shared/format';
import { IssueCollector, type Issue } from '../../src/lib/issues';
import type { FormatInfo } from '../../src/lib/table/types';

describe('format helpers', () => {
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

  it('names phases and delimiters', () => {
    expect(phaseLabel('inflating')).toBe('Unzipping');
    expect(delimiterLabel(',')).toBe('comma-separated');
    expect(delimiterLabel('\t')).toBe('tab-separated');
    expect(delimiterLabel('#')).toBe('separated by “#”');
  });

  it('builds a format summary', () => {
    const format: FormatInfo = {
      kind: 'csv',
      source: 'qualtrics',
      headerRows: 3,
      delimiter: ',',
      encoding: 'utf-8',
      notes: [],
    };
    expect(formatParts(format, 'survey.csv', 1000, 20).join(' · ')).toBe(
      'survey.csv · Qualtrics export (current format, 3 header rows) · UTF-8 · comma-separated · 1,000 rows × 20 columns',
    );
    const xlsx: FormatInfo = {
      kind: 'xlsx',
      source: 'plain',
      headerRows: 1,
      sheet: 'Data',
      notes: [],
    };
    expect(formatParts(xlsx, 'hr.xlsx', 1, 1).join(' · ')).toBe(
      'hr.xlsx · Excel workbook · sheet “Data” · Table (1 header row) · 1 row × 1 column',
    );
  });

  it('groups issues by code, using collector totals for cut lists', () => {
    const c = new IssueCollector(2);
    for (let i = 0; i < 5; i++) {
      c.add({ row: i + 2, column: null, code: 'ragged-row', message: `Row ${i + 2} is short.` });
    }
    c.add({ row: 1, column: 'Q1 (2)', code: 'duplicate-header', message: 'dup' });
    const issues: Issue[] = c.summarize();
    expect(groupIssues(issues)).toEqual([
      { code: 'ragged-row', count: 5, text: '5 ragged rows' },
      { code: 'duplicate-header', count: 1, text: '1 duplicate header' },
    ]);
    expect(groupIssues([])).toEqual([]);
  });
});

describe('groupIssues with IssueCollector', () => {
  it('reports the true count of a list the collector cut', () => {
    const collector = new IssueCollector(2);
    for (let i = 0; i < 5; i++) {
      collector.add({ row: i + 2, column: 'a', code: 'ragged-row', message: 'x' });
    }
    expect(groupIssues(collector.summarize())).toEqual([
      { code: 'ragged-row', count: 5, text: '5 ragged rows' },
    ]);
  });
});
