import type { Issue } from '../issues';

/**
 * How a column is stored and shown. Only `number` is stored as numbers; every other type is
 * text (dictionary-encoded) with a hint for display and later recipes.
 */
export type ColumnType = 'number' | 'text' | 'date' | 'id' | 'boolean';

/** Numbers as a Float64Array; NaN means blank (or unparsable: see `invalid`). */
export interface NumberColumn {
  type: 'number';
  values: Float64Array;
  /** Original text of non-blank cells that could not be read as numbers, by data-row index. */
  invalid: Map<number, string>;
}

/** Text as dictionary codes; code -1 means blank. */
export interface TextColumn {
  type: Exclude<ColumnType, 'number'>;
  codes: Int32Array;
  dict: string[];
}

export type ColumnData = NumberColumn | TextColumn;

/**
 * What a Qualtrics column is, from its export tag and ImportId (and, for `multi-select`, its
 * cells). Only `question` is offered as a question to score.
 */
export type QualtricsRole =
  | 'metadata'
  | 'question'
  /** A multi-select answered in one cell (`1,3,5`, `Red,Blue`): never a scale. */
  | 'multi-select'
  | 'text'
  /** "Other, please specify" text of a choice (`QID1_10_TEXT`, `Q1_10_TEXT`). */
  | 'other-text'
  /** Derived by Text iQ (`Q3.8 - Topics`, `- Sentiment Score`). */
  | 'text-iq'
  | 'embedded'
  | 'nps-group'
  | 'display-order'
  | 'timing'
  /** Meta info question: browser, version, OS, screen resolution. */
  | 'meta-info'
  | 'other';

/** What a Viva person-query column is. */
export type VivaRole = 'person-id' | 'metric-date' | 'metric' | 'attribute' | 'row-index';

/** Per-column metadata. Keyed by ImportId where the file has one, since export tags can repeat. */
export interface ColumnMeta {
  /** 0-based position in the file. */
  index: number;
  /** Unique display name (duplicates get ` (2)`, blanks get `Column N`). */
  name: string;
  /** The header cell exactly as in the file (row 1). */
  header: string;
  type: ColumnType;
  /** Qualtrics: row-2 label (question text or metadata label), HTML stripped. */
  label?: string;
  /** Qualtrics: the row-2 label as exported, when it held HTML (`<b>`, `&amp;`...). */
  labelHtml?: string;
  /** Qualtrics: row-3 ImportId (`QID1`, `startDate`, `QID2_TEXT`...). */
  importId?: string;
  /** Qualtrics: choiceId from row 3 (broken-out multi-select, display order). */
  choiceId?: string;
  /** Qualtrics: timeZone from row 3 on date columns. */
  timeZone?: string;
  qualtricsRole?: QualtricsRole;
  /**
   * Qualtrics loop & merge: this column is iteration `iteration` (`1`, `2`…) of the question
   * `base` (ImportId `1_QID3` → base `QID3`; export tag `1_Q3` → base `Q3` when no ImportId).
   */
  loop?: { iteration: string; base: string };
  vivaRole?: VivaRole;
}

export type FileKind = 'csv' | 'xlsx' | 'xls' | 'ods' | 'zip-csv';

/** What was detected about the file's layout. */
export type LayoutSource =
  'plain' | 'qualtrics' | 'qualtrics-legacy' | 'qualtrics-xlsx' | 'viva-person-query';

/** Column metadata before type inference. */
export type LayoutColumn = Omit<ColumnMeta, 'type'>;

/** A column as a format detector sees it, before it gets its unique display name. */
export type DraftColumn = Omit<LayoutColumn, 'name'> & {
  /** Name for a blank header the format expects (Viva's row counter): no blank-header issue. */
  blankName?: string;
};

/** What a format detector found, before display names are given. */
export interface LayoutDraft {
  source: LayoutSource;
  headerRows: number;
  columns: DraftColumn[];
  notes: string[];
  issues: Issue[];
  /** Repeated headers are expected: current Qualtrics exports key columns by ImportId. */
  keyedByImportId?: boolean;
}

export interface FormatInfo {
  kind: FileKind;
  source: LayoutSource;
  /** Rows above the data (1 for a plain file, 3 for a current Qualtrics CSV export). */
  headerRows: number;
  delimiter?: string;
  encoding?: string;
  sheet?: string;
  /** Which reader built the columns of a large text file (read in parts): the WebAssembly
   * kernel, or JavaScript where WebAssembly is off. Unset for other reads (JavaScript). */
  engine?: 'webassembly' | 'javascript';
  /** Plain-language notes for the user (e.g. "read as windows-1252"). */
  notes: string[];
}

/** A table held in the worker. Nothing row-shaped leaves the worker except pages. */
export interface Table {
  name: string;
  rowCount: number;
  columns: ColumnMeta[];
  data: ColumnData[];
  format: FormatInfo;
  issues: Issue[];
}

/** What the page gets about a table: everything but the column data. */
export interface TableInfo {
  id: string;
  name: string;
  rowCount: number;
  columns: ColumnMeta[];
  format: FormatInfo;
  issues: Issue[];
}

/** A page of rows as display strings ('' = blank); `invalid` marks unparsable cells. */
export interface RowPage {
  start: number;
  rows: string[][];
  /** [rowOffsetInPage, columnIndex] pairs of cells whose text could not be read as numbers. */
  invalid: [number, number][];
}

export interface ColumnProfile {
  index: number;
  name: string;
  type: ColumnType;
  count: number;
  blanks: number;
  distinct: number;
  /** Unparsable values in a number column. */
  invalid: number;
  min: number | string | null;
  max: number | string | null;
  mean: number | null;
  /** Up to 10 most frequent values with counts (text columns). */
  top: { value: string; count: number }[];
}
