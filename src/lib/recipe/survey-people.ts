// "Survey scores to Viva Insights", the people: each response's identifier becomes a PersonId
// (the recipe's email fixes applied, lower-cased if asked, invalid emails left out), then
// several responses of one person are merged or rejected as the recipe says. One phase of
// runSurveyToViva (survey-to-viva.ts).
import type { ProblemSink } from '../issues';
import { cellText } from '../table/page';
import type { Table } from '../table/types';
import { deduplicate, type PersonRow } from '../transform/duplicates';
import { isValidEmail } from '../viva-format/upload-rules';
import { responseTimes } from './survey-columns';
import type { ColumnRef, SurveyToVivaRecipe } from './types';

/** The people of the output and how the responses came to them. */
export interface SurveyPeople {
  /** The identifier's column; undefined when the file has none (an error). */
  idIndex: number | undefined;
  /** One per person, in output order: the PersonId and the response rows it stands for. */
  people: PersonRow[];
  /** Responses without an identifier value. */
  blankIds: number;
  /** Responses excluded for an invalid email (after fixes). */
  invalidEmails: number;
  /** Responses whose email was corrected by a fix. */
  fixedEmails: number;
  duplicatePeople: number;
  duplicateResponses: number;
  rejectedPeople: number;
}

/**
 * The people of the output: a PersonId per response from the recipe's identifier, then one row
 * per person by the recipe's duplicates rule. `columnOf` finds a reference in the table;
 * `fileRow` numbers a data row as a spreadsheet does.
 */
export function surveyPeople(
  recipe: SurveyToVivaRecipe,
  table: Table,
  columnOf: (ref: ColumnRef) => number | undefined,
  fileRow: (r: number) => number,
  problems: ProblemSink,
): SurveyPeople {
  const { warn, error } = problems;
  const rows = table.rowCount;
  let blankIds = 0;
  let invalidEmails = 0;
  let fixedEmails = 0;
  const idIndex = recipe.identifier ? columnOf(recipe.identifier) : undefined;
  const keys: (string | null)[] = new Array<string | null>(rows).fill(null);
  if (idIndex === undefined) {
    error({
      row: null,
      column: 'PersonId',
      code: 'viva-value',
      rule: 'no-identifier',
      message: recipe.identifier
        ? `The identifier column "${recipe.identifier.tag}" is not in this file. Pick the column that holds each person's email.`
        : "Pick the column that holds each person's email (it becomes PersonId).",
    });
  } else {
    const idCol = table.data[idIndex];
    const idName = table.columns[idIndex].name;
    for (let r = 0; r < rows; r++) {
      const raw = cellText(idCol, r).trim();
      if (raw === '') {
        blankIds++;
        continue;
      }
      const fixed = Object.hasOwn(recipe.emailFixes, raw) ? recipe.emailFixes[raw] : undefined;
      let v = (fixed ?? raw).trim();
      if (recipe.lowercase) v = v.toLowerCase();
      if (fixed !== undefined) fixedEmails++;
      if (!isValidEmail(v)) {
        invalidEmails++;
        warn({
          row: fileRow(r),
          column: idName,
          code: 'invalid-email',
          rule: 'invalid-email',
          message: `"${raw}" is not a valid email, so this response is left out. Type a corrected address to include it.`,
          fix: raw,
        });
        continue;
      }
      keys[r] = v;
    }
    if (blankIds > 0) {
      warn({
        row: null,
        column: idName,
        code: 'invalid-email',
        rule: 'blank-identifier',
        message: `${blankIds} response(s) have no ${idName} and are left out (anonymous responses cannot be joined to people).`,
      });
    }
  }

  const dedup = deduplicate(keys, recipe.duplicates, responseTimes(table));
  for (const p of dedup.rejected) {
    warn({
      row: fileRow(p.rows[0]),
      column: 'PersonId',
      code: 'duplicate-person',
      rule: 'duplicate-rejected',
      message: `${p.key} answered ${p.rows.length} times (rows ${p.rows.map(fileRow).join(', ')}); left out because duplicates are set to "reject".`,
    });
  }
  return {
    idIndex,
    people: dedup.people,
    blankIds,
    invalidEmails,
    fixedEmails,
    duplicatePeople: dedup.duplicatePeople,
    duplicateResponses: dedup.duplicateResponses,
    rejectedPeople: dedup.rejected.length,
  };
}
