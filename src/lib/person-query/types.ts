// The shapes of a person-query aggregation: what to read (AggregateSpec), one part's running
// sums (PartialMeans) and the per-person result (PersonMeans). Both engines (aggregate.ts in
// JavaScript, kernel.ts on WebAssembly), their shared notes (notes.ts) and the recipes use them,
// so they live apart from any engine: notes.ts would otherwise import the aggregator that
// imports it.

import type { Issue } from '../issues';

/** Which columns to read and which weeks count. Column numbers are 0-based file positions. */
export interface AggregateSpec {
  personIdColumn: number;
  metricDateColumn: number;
  /** The attribute kept to join with Qualtrics (UniqueIdentifier, EmployeeId…); null = none. */
  identifierColumn: number | null;
  metricColumns: number[];
  /** Metric names (the headers), same order as metricColumns; used in messages. */
  metricNames: string[];
  /** Inclusive ISO dates (`YYYY-MM-DD`); null = open. */
  from: string | null;
  to: string | null;
  /**
   * A week is inactive (and skipped) when this column is 0 or blank (a metric such as
   * Collaboration_hours) or FALSE/0/no/blank (a flag such as IsActive); null = every week counts.
   */
  inactiveColumn: number | null;
  /** Read `D/M/YYYY` dates (only when the user says so). */
  dayFirst: boolean;
  /** Numbers written with a decimal comma (semicolon-delimited files). */
  decimalComma: boolean;
  /** Header records before the data (1 for a person query). */
  headerRows: number;
  /** The field delimiter (`,` for Viva exports). */
  delimiter: string;
}

/** Which code folded the records (kernel.ts or PersonQueryAggregator). */
export type Engine = 'webassembly' | 'javascript';

/** One distinct MetricDate and how many rows carry it. */
export interface DateCount {
  date: string;
  rows: number;
}

/** The result: one entry per person, in order of first appearance in the file. */
export interface PersonMeans {
  metricNames: string[];
  personIds: string[];
  /** Trimmed identifier per person; null when every row had it blank. */
  identifiers: (string | null)[];
  /** Rows (weeks) counted per person: inside the window and active. */
  weeks: Int32Array;
  /** Per metric, the mean per person; NaN when the person has no value for it. */
  means: Float64Array[];
  /** Every MetricDate seen, ascending, with its row count (before any filter). */
  dates: DateCount[];
  /** Days between consecutive dates (7 = weekly); null with fewer than 2 dates. */
  periodDays: number | null;
  rows: number;
  /** What read the file: the WebAssembly kernel, or JavaScript where WebAssembly is off. */
  engine: Engine;
  counts: {
    /** Rows inside the window and active. */
    counted: number;
    outsideWindow: number;
    inactive: number;
    /** A second row for the same person and date (left out). */
    duplicateWeeks: number;
    badDates: number;
    blankPersons: number;
    /** People whose identifier differs between rows (the first is kept). */
    identifierConflicts: number;
    /** Metric cells that are text, not numbers (left out). */
    notNumeric: number;
  };
  issues: Issue[];
}

/** One part's running sums (see PersonQueryAggregator.partial); typed arrays are transferable. */
export interface PartialMeans {
  engine: Engine;
  personKeys: string[];
  identifiers: (string | null)[];
  weeks: Int32Array;
  /** Sums by metric, then person: metric j's sums are sums[j·n, (j+1)·n), n = people. */
  sums: Float64Array;
  /**
   * Per metric, the values missing per person among the counted weeks (blank, NULL, text);
   * null for a metric with none (most metrics of a real query).
   */
  missing: (Int32Array | null)[];
  /** The part's dates by local index. */
  dates: { iso: string; rows: number }[];
  /** (person, local date) bits, `strideBytes` per person. */
  seen: Uint8Array;
  strideBytes: number;
  rows: number;
  lines: number;
  counts: PersonMeans['counts'];
  /** Rows numbered from the part's start. */
  issues: Issue[];
}
