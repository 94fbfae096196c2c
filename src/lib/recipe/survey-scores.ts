// "Survey scores to Viva Insights", the scores: each question the recipe uses is recoded once
// (scale, reversal, missing codes; answers outside the scale count as none), then every
// category becomes the mean of its questions and a question can be exported on its own. One
// phase of runSurveyToViva (survey-to-viva.ts). A pooled loop & merge question is each person's
// mean over the iterations they answered; an NPS score whose group column disagrees with it is
// reported row by row.
import type { ProblemSink } from '../issues';
import { npsMismatches, pairNpsColumns } from '../qualtrics-format/pair-nps';
import type { Table } from '../table/types';
import { categoryMeans, recodeAnswers } from '../transform/category-scores';
import { refKey, type ColumnRef, type QuestionSettings, type SurveyToVivaRecipe } from './types';

/** One output score column: its name and a value per response (NaN: no score). */
export interface ScoreColumn {
  name: string;
  values: Float64Array;
}

/** The score columns of the output, in order, and what recoding found. */
export interface SurveyScores {
  scores: ScoreColumn[];
  /** Answers outside their question's scale (treated as missing). */
  outOfRange: number;
  /** Answers that were missing codes. */
  missingCoded: number;
}

/**
 * The output's score columns: the recipe's categories (those with a question in this file),
 * then its questions exported on their own. `columnsOf` finds a reference in the table (one
 * column, or every iteration of a pooled loop question); `fileRow` numbers a data row as a
 * spreadsheet does.
 */
export function scoreColumns(
  recipe: SurveyToVivaRecipe,
  table: Table,
  columnsOf: (ref: ColumnRef) => number[] | undefined,
  fileRow: (r: number) => number,
  problems: ProblemSink,
): SurveyScores {
  const { warn } = problems;
  const recoded = new Map<string, Float64Array>();
  let outOfRange = 0;
  let missingCoded = 0;
  const rows = table.rowCount;
  const npsPairs = pairNpsColumns(table.columns);
  const checked = new Set<number>();
  /** One column's answers recoded with the question's settings, its problems reported. */
  const recodeColumn = (q: QuestionSettings, ci: number): Float64Array => {
    const col = table.data[ci];
    const name = table.columns[ci]?.name ?? q.ref.tag;
    if (col.type !== 'number') {
      warn({
        row: null,
        column: name,
        code: 'not-numeric',
        rule: 'not-numeric',
        message: `"${name}" holds text, not numbers (a "choice text" export?). Export the survey again with "Use numeric values"; this question is left out.`,
      });
      return new Float64Array(rows).fill(NaN);
    }
    const rc = recodeAnswers(col.values, q);
    outOfRange += rc.outOfRange.length;
    missingCoded += rc.missingCoded;
    for (const r of rc.outOfRange) {
      warn({
        row: fileRow(r),
        column: name,
        code: 'out-of-range',
        rule: 'out-of-range',
        message: `${col.values[r]} is outside the scale ${q.min}–${q.max} of "${name}", so it counts as no answer. If it means "Don't know" or similar, add it to the question's missing values.`,
      });
    }
    for (const [r, text] of col.invalid) {
      warn({
        row: fileRow(r),
        column: name,
        code: 'not-numeric',
        rule: 'not-numeric',
        message: `"${text}" is not a number, so it counts as no answer.`,
      });
    }
    const pair = npsPairs.find((p) => p.score === ci);
    if (pair && !checked.has(ci)) {
      checked.add(ci);
      for (const issue of npsMismatches(table, pair, fileRow).issues) {
        warn({ ...issue, rule: 'nps-mismatch' });
      }
    }
    return rc.values;
  };
  const scoreOf = (key: string): Float64Array | null => {
    const done = recoded.get(key);
    if (done) return done;
    const q = recipe.questions.find((s) => refKey(s.ref) === key);
    const cols = q ? columnsOf(q.ref) : undefined;
    if (!q || cols === undefined || cols.length === 0) return null;
    const per = cols.map((ci) => recodeColumn(q, ci));
    const values = per.length === 1 ? per[0] : categoryMeans(per, rows, 1);
    recoded.set(key, values);
    return values;
  };

  const scores: ScoreColumn[] = [];
  for (const cat of recipe.categories) {
    const items = cat.questions.map(scoreOf).filter((v): v is Float64Array => v !== null);
    if (items.length === 0) {
      warn({
        row: null,
        column: cat.name,
        code: 'unmatched-column',
        rule: 'empty-category',
        message: `Category "${cat.name}" has no questions in this file, so it is left out. Add questions or delete it.`,
      });
      continue;
    }
    scores.push({ name: cat.name, values: categoryMeans(items, rows, cat.minAnswered) });
  }
  for (const q of recipe.questions) {
    if (q.exportAs === null) continue;
    const v = scoreOf(refKey(q.ref));
    if (v) scores.push({ name: q.exportAs, values: v });
  }
  return { scores, outOfRange, missingCoded };
}
