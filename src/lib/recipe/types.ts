// Recipes are plain JSON: saved in IndexedDB, exported to files and sent to the worker as they
// are. Persisted shapes: add optional fields freely; anything else needs a new `version` and a
// step in `migrateRecipe` (src/lib/recipe/validate.ts).
import type { BinSpec } from '../bin/bins';
import type { ResponseFilter } from '../qualtrics-format/status';

/**
 * How a recipe names a column of a survey export. Matched against a later file by ImportId first
 * (so a renamed export tag still matches), then by export tag, then by question label.
 */
export interface ColumnRef {
  /** Row-3 ImportId of a current Qualtrics export (`QID4_2`, `QID2_NPS_GROUP`); absent otherwise. */
  importId?: string;
  /** Row-1 header (export tag or plain header). */
  tag: string;
  /** Row-2 label (question text), when the file has one. */
  label?: string;
  /**
   * Loop & merge: the reference names every iteration of a question, pooled (`importId` and
   * `tag` are the base: `QID3`, `Q3` for the columns `1_QID3`/`1_Q3`, `2_QID3`/`2_Q3`…).
   */
  loop?: boolean;
}

/** How one question's answers become numbers for scoring. */
export interface QuestionSettings {
  ref: ColumnRef;
  /** Lowest and highest valid answer; anything outside is treated as missing and reported. */
  min: number;
  max: number;
  /** Score as `min + max - value`. */
  reverse: boolean;
  /** Answers that mean "no answer" (e.g. 6 = Don't know, -99 = seen but unanswered). */
  missingCodes: number[];
  /** Also export this question on its own under this column name; null = not on its own. */
  exportAs: string | null;
}

/** An output column: the mean of the answered questions of the category. */
export interface Category {
  name: string;
  /** Keys (`refKey`) of the questions in this category. */
  questions: string[];
  /** Fewer answered questions than this leaves the score blank (default 1). */
  minAnswered: number;
}

/** What to do when one person answered more than once. */
export type DuplicatePolicy = 'latest' | 'mean' | 'reject';

/** How EffectiveDate is chosen. */
export type EffectiveDateRule =
  | { kind: 'quarter-start' }
  | { kind: 'month-start' }
  | { kind: 'fixed'; date: string /* YYYY-MM-DD */ };

/** "Survey scores to Viva Insights": every choice the user made, keyed for reuse on a later wave. */
export interface SurveyToVivaRecipe {
  kind: 'survey-to-viva';
  version: 1;
  id: string;
  name: string;
  /** ISO timestamps. */
  created: string;
  updated: string;
  /** Which survey this is for: its title (file name) and the keys of its question columns. */
  survey: { title: string; columnKeys: string[] };
  /** Metadata columns kept (dropped by default), each under an output name. */
  keep: { ref: ColumnRef; as: string }[];
  /** Column holding the person's email; null = not chosen yet. */
  identifier: ColumnRef | null;
  /** Lower-case PersonId (emails are case-insensitive; Viva matches either way). */
  lowercase: boolean;
  /** Corrections for invalid emails, from the original (trimmed) value to the fixed one. */
  emailFixes: Record<string, string>;
  questions: QuestionSettings[];
  categories: Category[];
  effectiveDate: EffectiveDateRule;
  duplicates: DuplicatePolicy;
  /** Decimal places of scores (half away from zero). */
  decimals: number;
  /** Output file name without `.csv` (letters and digits only). */
  fileName: string;
  /**
   * Which responses count (previews, tests, spam; unfinished ones). Absent in recipes saved
   * before the choice existed: they take DEFAULT_RESPONSE_FILTER (previews, tests and spam out).
   */
  responses?: ResponseFilter;
  /**
   * Loop & merge questions in the question list: one question averaged across the iterations a
   * person answered (`pooled`, the default), or each iteration its own question.
   */
  loops?: 'pooled' | 'per-iteration';
}

/** "Qualtrics IDs to Viva Insights": a directory export joined with an optional HR file. */
export interface IdMappingRecipe {
  kind: 'id-mapping';
  version: 1;
  id: string;
  name: string;
  created: string;
  updated: string;
  /** Qualtrics directory export: the join key, the email and the unique identifier columns. */
  directory: { key: string; email: string; uniqueId: string };
  /** Optional HR file: the join key and the PersonId (email) column; null = no HR file. */
  hr: { key: string; personId: string } | null;
  normalize: { trim: boolean; caseFold: boolean };
  /** Output column name of the identifier attribute. */
  attributeName: string;
  effectiveDate: EffectiveDateRule;
  fileName: string;
}

/** Which MetricDates count toward the averages. */
export type WindowRule =
  | { kind: 'all' }
  /** The `weeks` periods up to `through` (a MetricDate, inclusive); null = the file's latest. */
  | { kind: 'last'; weeks: number; through: string | null }
  /** Inclusive ISO dates; null = open. */
  | { kind: 'range'; from: string | null; to: string | null };

/** One metric of the person query and how it becomes a participant metadata column. */
export interface MetricChoice {
  /** Header of the metric in the person query (matched case-insensitively on a later file). */
  column: string;
  /** Column name in the participant file. */
  as: string;
  bin: BinSpec;
  /** Merge bins with fewer people than the minimum group size into a neighbour. */
  mergeSmall: boolean;
}

/** "Viva metrics to Qualtrics": person-query averages binned into participant metadata. */
export interface VivaToQualtricsRecipe {
  kind: 'viva-to-qualtrics';
  version: 1;
  id: string;
  name: string;
  created: string;
  updated: string;
  /** The query it was made for: its file name and column headers. */
  source: { title: string; columns: string[] };
  /** Header of the attribute kept to join with Qualtrics (UniqueIdentifier, EmployeeId…). */
  identifier: string | null;
  /** Its name in the participant file. */
  identifierAs: string;
  metrics: MetricChoice[];
  window: WindowRule;
  /** Weeks where this column is 0/blank (or FALSE) are left out; null = every week counts. */
  inactiveColumn: string | null;
  /** People with fewer counted weeks are left out. */
  minWeeks: number;
  /** Minimum group size: smaller bins are flagged (default 5). */
  minGroup: number;
  /** Read MetricDate as D/M/YYYY. */
  dayFirst: boolean;
  /** Join with a Qualtrics directory export to add First Name, Last Name and Email. */
  directory: { key: string; trim: boolean; caseFold: boolean } | null;
  /** Add a column with the number of weeks averaged per person. */
  includeWeeks: boolean;
  /** Output file name without extension. */
  fileName: string;
  format: 'csv' | 'xlsx';
}

export type Recipe = SurveyToVivaRecipe | IdMappingRecipe | VivaToQualtricsRecipe;
export type RecipeKind = Recipe['kind'];

/** The stable key of a column reference: ImportId when there is one, else the export tag. */
export function refKey(ref: ColumnRef): string {
  const key = ref.importId ? `id:${ref.importId}` : `tag:${ref.tag}`;
  return ref.loop ? `loop:${key}` : key;
}
