// What both engines of the person-query aggregation (aggregate.ts in JavaScript, kernel.ts on
// WebAssembly) share: the table of MetricDates, the rules for cells that are not plain numbers,
// and every issue with its wording. One copy, so the two cannot drift apart.

import { IssueCollector } from '../issues';
import { parseNumber } from '../table/infer';
import { MISSING_RE } from '../viva-format/detect-person-query';
import { parseMetricDate } from '../viva-format/metric-date';
import type { AggregateSpec, PersonMeans } from './types';

/** The date index of a field that is not a date. */
export const BAD_DATE = -2;

/** Every count of PersonMeans['counts'] at 0. */
export function emptyCounts(): PersonMeans['counts'] {
  return {
    counted: 0,
    outsideWindow: 0,
    inactive: 0,
    duplicateWeeks: 0,
    badDates: 0,
    blankPersons: 0,
    identifierConflicts: 0,
    notNumeric: 0,
  };
}

/** An inactive-week flag or metric cell, as text: 0, blank, FALSE, no, NULL or NA. */
export function inactiveText(text: string, decimalComma: boolean): boolean {
  const t = text.trim().toLowerCase();
  if (t === '' || t === 'false' || t === 'no' || t === 'null' || t === 'na') return true;
  const n = parseNumber(t, decimalComma);
  return !Number.isNaN(n) && n <= 0;
}

/** The issues, counts and dates of one pass over a person query. */
export class QueryNotes {
  readonly issues = new IssueCollector(200);
  readonly counts: PersonMeans['counts'] = emptyCounts();
  /** Distinct dates by index, ISO, and whether each is inside the window. */
  readonly dateIso: string[] = [];
  readonly dateIn: boolean[] = [];
  private readonly dateIndex = new Map<string, number>();

  constructor(private readonly spec: AggregateSpec) {}

  /** The index of a MetricDate's text (new dates are added), or BAD_DATE. */
  date(text: string): number {
    let d = this.dateIndex.get(text);
    if (d !== undefined) return d;
    const iso = parseMetricDate(text, { dayFirst: this.spec.dayFirst });
    if (iso === null) d = BAD_DATE;
    else {
      // Two spellings of one date (4/5/2026 and 04/05/2026) share an index.
      d = this.dateIso.indexOf(iso);
      if (d < 0) {
        d = this.dateIso.length;
        this.dateIso.push(iso);
        this.dateIn.push(
          (this.spec.from === null || iso >= this.spec.from) &&
            (this.spec.to === null || iso <= this.spec.to),
        );
      }
    }
    this.dateIndex.set(text, d);
    return d;
  }

  /** A metric cell that is not a plain number (trimmed text): missing (NaN) or its value. */
  metric(text: string, j: number, row: number): number {
    if (MISSING_RE.test(text)) return NaN;
    const v = parseNumber(text, this.spec.decimalComma);
    if (Number.isNaN(v)) {
      const name = this.spec.metricNames[j];
      this.counts.notNumeric++;
      this.issues.add({
        row,
        column: name,
        code: 'not-numeric',
        message: `Row ${row}, ${name}: "${text.slice(0, 40)}" is not a number and was left out of the average.`,
      });
    }
    return v;
  }

  blankPerson(row: number): void {
    this.counts.blankPersons++;
    this.issues.add({
      row,
      column: 'PersonId',
      code: 'blank-person',
      message: `Row ${row} has no PersonId and was left out.`,
    });
  }

  badDate(row: number, text: string): void {
    this.counts.badDates++;
    this.issues.add({
      row,
      column: 'MetricDate',
      code: 'bad-date',
      message: `Row ${row}: "${text}" is not a date${this.spec.dayFirst ? ' (D/M/YYYY)' : ' (YYYY-MM-DD or M/D/YYYY)'}; the row was left out.`,
    });
  }

  duplicateWeek(row: number, personId: string, d: number): void {
    this.counts.duplicateWeeks++;
    this.issues.add({
      row,
      column: 'MetricDate',
      code: 'duplicate-week',
      message: `Row ${row} repeats PersonId ${personId} for ${this.dateIso[d]}; only the first row for that week was used.`,
    });
  }

  raggedRow(row: number, count: number, need: number): void {
    this.issues.add({
      row,
      column: null,
      code: 'ragged-row',
      message: `Row ${row} has ${count} fields where the header has at least ${need}; the missing cells were read as blank.`,
    });
  }

  identifierConflict(row: number, personId: string, now: string, before: string | null): void {
    this.counts.identifierConflicts++;
    this.issues.add({
      row,
      column: null,
      code: 'identifier-conflict',
      message: `Row ${row}: PersonId ${personId} has identifier "${now}" here but "${before}" earlier; the first one is kept.`,
    });
  }
}
