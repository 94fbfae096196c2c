// Expected data problems as values ({row, column, code, message}), shown and downloadable.
import { ValidationError } from './errors';

/** Codes of expected data problems. Persisted in exported issue lists: add, never rename. */
export type IssueCode =
  | 'ragged-row'
  | 'bad-number'
  | 'duplicate-header'
  | 'blank-header'
  | 'encoding-fallback'
  | 'invalid-utf8'
  | 'unclosed-quote'
  | 'empty-file'
  | 'truncated'
  | 'formula-error'
  | 'qualtrics-format'
  | 'viva-format'
  | 'info'
  // Recipes and upload validation (issue 3).
  | 'viva-header'
  | 'viva-value'
  | 'viva-file'
  | 'invalid-email'
  | 'duplicate-person'
  | 'out-of-range'
  | 'not-numeric'
  | 'unmatched-column'
  | 'duplicate-key'
  // Person queries → Qualtrics participants (issue 4).
  | 'bad-date'
  | 'blank-person'
  | 'duplicate-week'
  | 'identifier-conflict'
  | 'missing-identifier'
  | 'small-group'
  | 'no-directory-match'
  // Qualtrics export variants (issue 14).
  | 'nps-mismatch';

/**
 * An expected data problem, reported as a value (never thrown).
 * `row` is the 1-based record number in the file as a spreadsheet shows it (the first header
 * row is 1), or null when the problem concerns the whole file or a whole column.
 */
export interface Issue {
  row: number | null;
  column: string | null;
  code: IssueCode;
  message: string;
}

/**
 * A problem found by a validator: `error` means the target system would reject the file (so
 * download is blocked), `warning` means the file is accepted but the user should know. `rule`
 * names the exact rule (e.g. `header-chars`); `fix` is a one-click replacement value, if any.
 */
export interface Problem extends Issue {
  severity: 'error' | 'warning';
  rule: string;
  fix?: string;
}

/** Throws a ValidationError while `problems` holds an error the target system would reject. */
export function assertDownloadable(problems: readonly Problem[], target: string): void {
  const n = problems.filter((p) => p.severity === 'error').length;
  if (n === 0) return;
  throw new ValidationError(
    `The file has ${n} problem(s) ${target} would reject. Fix them in the validation report first.`,
  );
}

/** Collects issues, keeping at most `limit` per code so a broken 1M-row file stays cheap. */
export class IssueCollector {
  readonly issues: Issue[] = [];
  /** How many issues of each code were seen, including those not kept. */
  readonly counts: Partial<Record<IssueCode, number>> = {};
  constructor(readonly limitPerCode = 1000) {}

  add(issue: Issue): void {
    const n = (this.counts[issue.code] ?? 0) + 1;
    this.counts[issue.code] = n;
    if (n <= this.limitPerCode) this.issues.push(issue);
  }

  /** Adds one summary issue per code whose issues were cut by the limit. */
  summarize(): Issue[] {
    const out = this.issues.slice();
    for (const [code, n] of Object.entries(this.counts) as [IssueCode, number][]) {
      if (n > this.limitPerCode) {
        out.push({
          row: null,
          column: null,
          code,
          message: `${n - this.limitPerCode} more "${code}" problems were not listed (${n} in all).`,
        });
      }
    }
    return out;
  }
}

/** A problem as a check reports it: the severity is the sink's, the row null unless given. */
export type ProblemNote = Omit<Problem, 'severity' | 'row'> & { row?: number | null };

/** Where the steps of one run add their warnings and errors, in the order they find them. */
export interface ProblemSink {
  warn(p: ProblemNote): void;
  error(p: ProblemNote): void;
}

/** A sink that adds to `problems`. */
export function problemSink(problems: Problem[]): ProblemSink {
  return {
    warn: (p) => problems.push({ severity: 'warning', row: null, ...p }),
    error: (p) => problems.push({ severity: 'error', row: null, ...p }),
  };
}
