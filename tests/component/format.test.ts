import { describe, expect, it } from 'vitest';
import {
  delimiterLabel,
  formatParts,
  groupIssues,
  phaseLabel,
} from '../../src/components/shared/format';
import { IssueCollector, type Issue } from '../../src/lib/issues';
import type { FormatInfo } from '../../src/lib/table/types';

describe('screen labels', () => {
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
