// Recipe "Survey scores to Viva Insights": a Qualtrics export becomes
// `PersonId, EffectiveDate, <category scores>` ready for an "Add or edit data" upload
// (reference viva-and-scores.md §0–1). Pure: the worker runs it; the page shows the result.
// runSurveyToViva reads as its phases: the scores (survey-scores.ts), the people
// (survey-people.ts), the EffectiveDate, the header and file rules, the rows. Matching a saved
// recipe to the file is survey-match.ts.
import { formatScore } from '../format/score';
import { IssueCollector, type Problem, type ProblemSink } from '../issues';
import { cellText } from '../table/page';
import type { Table } from '../table/types';
import { meanOver } from '../transform/duplicates';
import {
  checkFileName,
  checkHeaders,
  checkValue,
  fixFileName,
  formatVivaDate,
  monthStart,
  quarterStart,
} from '../viva-format/upload-rules';
import { leftOutTotal, responseFilterOf } from '../qualtrics-format/status';
import { keptResponses, responsesUsed, type ResponsesUsed } from './responses';
import { latestEnd, type SurveyColumn, type SurveyFacts } from './survey-columns';
import { matchRecipe } from './survey-match';
import { surveyPeople, type SurveyPeople } from './survey-people';
import { scoreColumns, type ScoreColumn } from './survey-scores';
import {
  refKey,
  type ColumnRef,
  type EffectiveDateRule,
  type QuestionSettings,
  type SurveyToVivaRecipe,
} from './types';

// Matching a recipe to a file, for the callers that take it from here.
export { matchRecipe, matchScore, pickRecipe, type RecipeMatch } from './survey-match';

/** Suggested category names (Microsoft's guide and common EX indices). */
export const SUGGESTED_CATEGORIES = [
  'Engagement',
  'Motivation',
  'Wellbeing',
  'Manager Effectiveness',
  'DEI index',
  'Belonging',
  'Intent to stay',
  'Enablement',
];

/** A fresh recipe for a survey, with every suggestion applied and no categories yet. */
export function newSurveyRecipe(facts: SurveyFacts, id: string, now: string): SurveyToVivaRecipe {
  const questions = [
    ...facts.columns.filter((c) => c.kind === 'question' && c.scale),
    ...(facts.loops ?? []),
  ];
  return {
    kind: 'survey-to-viva',
    version: 1,
    id,
    name: facts.title.replace(/\.[^.]+$/, ''),
    created: now,
    updated: now,
    survey: { title: facts.title, columnKeys: facts.columns.map((c) => c.key) },
    keep: [],
    identifier: facts.identifier,
    lowercase: true,
    emailFixes: {},
    questions: questions.map((c) => suggestedSettings(c)),
    categories: [],
    effectiveDate: { kind: 'quarter-start' },
    duplicates: 'latest',
    decimals: 2,
    fileName: fixFileName(`${facts.title.replace(/\.[^.]+$/, '')}Viva`).replace(/\.csv$/, ''),
    responses: responseFilterOf(null),
  };
}

/** Settings suggested for one question from its label or data. */
export function suggestedSettings(c: SurveyColumn): QuestionSettings {
  return {
    ref: c.ref,
    min: c.scale?.min ?? 1,
    max: c.scale?.max ?? 5,
    reverse: false,
    missingCodes: c.scale?.missingCodes ?? [],
    exportAs: null,
  };
}

/** Adds suggested settings for the file's questions the recipe does not know yet. */
export function withNewQuestions(
  recipe: SurveyToVivaRecipe,
  facts: SurveyFacts,
): SurveyToVivaRecipe {
  const { added } = matchRecipe(recipe, facts);
  if (added.length === 0) return recipe;
  return { ...recipe, questions: [...recipe.questions, ...added.map(suggestedSettings)] };
}

/** True for a real calendar date written `YYYY-MM-DD` (not 2026-02-30). */
export function isIsoDate(s: string): boolean {
  try {
    formatVivaDate(s);
    return true;
  } catch {
    return false;
  }
}

/**
 * The EffectiveDate (ISO) a rule gives, from the survey's latest EndDate (or, for files without
 * survey dates, today). Null when the rule cannot give one (no date, or a date that does not exist).
 */
export function resolveEffectiveDate(
  rule: EffectiveDateRule,
  latestEnd: string | null,
): string | null {
  if (rule.kind === 'fixed') return isIsoDate(rule.date) ? rule.date : null;
  if (latestEnd === null) return null;
  return rule.kind === 'quarter-start' ? quarterStart(latestEnd) : monthStart(latestEnd);
}

export interface SurveyToVivaStats {
  /** Responses used: those of the file the recipe's response filter keeps. */
  responses: number;
  /** Responses in the file, how many were left out and why. */
  used: ResponsesUsed;
  /** Responses without an identifier value. */
  blankIds: number;
  /** Responses excluded for an invalid email (after fixes). */
  invalidEmails: number;
  /** Responses whose email was corrected by a fix. */
  fixedEmails: number;
  people: number;
  duplicatePeople: number;
  duplicateResponses: number;
  rejectedPeople: number;
  /** Answers outside their question's scale (treated as missing). */
  outOfRange: number;
  /** Answers that were missing codes. */
  missingCoded: number;
  /** Blank cells per score column in the output. */
  blankScores: Record<string, number>;
}

export interface SurveyToVivaOutput {
  header: string[];
  /** The output rows (only the first `rowLimit` when a preview was asked for). */
  rows: string[][];
  /** How many rows the whole output has. */
  rowCount: number;
  /** Everything to fix or know, errors first. Errors block the download. */
  problems: Problem[];
  stats: SurveyToVivaStats;
  /** EffectiveDate as written (MM/DD/YYYY), or null when it cannot be decided. */
  effectiveDate: string | null;
  unmatched: ColumnRef[];
}

export interface RunOptions {
  /**
   * Format only the first rows (a preview). Every row is still checked and counted, so problems
   * and stats are those of the whole file. Default: all rows.
   */
  rowLimit?: number;
}

/**
 * Runs the recipe on a table: the scores, the people, the EffectiveDate, the header and file
 * rules, then the rows. Expected problems are values; nothing here throws on data.
 */
export function runSurveyToViva(
  recipe: SurveyToVivaRecipe,
  source: Table,
  facts: SurveyFacts,
  options: RunOptions = {},
): SurveyToVivaOutput {
  // Errors are all kept; warnings at most 500 per code (a broken file can have one per row).
  const problems: Problem[] = [];
  const issues = new IssueCollector(500);
  const sink: ProblemSink = {
    error: (p) => problems.push({ row: null, ...p, severity: 'error' }),
    warn: (p) => issues.add({ severity: 'warning', row: null, ...p } as Problem),
  };
  // Previews, tests and spam (and unfinished responses, if asked) are out before anything else:
  // they are neither scored nor people, and the latest response per person is a kept one.
  const kept = keptResponses(source, responseFilterOf(recipe.responses));
  const table = kept.table;
  const rowOf = kept.rowOf;
  const fileRow = (r: number) => (rowOf ? rowOf[r] : r) + facts.headerRows + 1;
  const match = matchRecipe(recipe, facts);
  const columnOf = (ref: ColumnRef) => match.index.get(refKey(ref));
  // A pooled loop & merge question is scored over every iteration's column.
  const columnsOf = (ref: ColumnRef) => {
    const key = refKey(ref);
    if (ref.loop) return match.loops.get(key)?.columns;
    const c = match.index.get(key);
    return c === undefined ? undefined : [c];
  };

  warnUnmatched(match.unmatched, sink);
  if (kept.summary) {
    sink.warn({
      row: null,
      column: null,
      code: 'info',
      rule: 'responses-left-out',
      message: `${kept.summary} ${leftOutHelp(kept.leftOut.unfinished > 0, leftOutTotal(kept.leftOut) > kept.leftOut.unfinished)}`,
    });
  }
  const scored = scoreColumns(recipe, table, columnsOf, fileRow, sink);
  const who = surveyPeople(recipe, table, columnOf, fileRow, sink);
  const lastEnd = rowOf ? latestEnd(table) : facts.latestEnd;
  const effectiveDate = effectiveDateOf(recipe, lastEnd, sink);
  const { header, keep } = outputHeader(recipe, scored.scores, columnOf);
  problems.push(...fileRules(recipe, header, scored.scores.length + keep.length));
  const cells = { effectiveDate, scores: scored.scores, keep };
  const written = writeRows(recipe, table, who, cells, fileRow, sink, options.rowLimit ?? Infinity);
  const stats: SurveyToVivaStats = {
    responses: table.rowCount,
    used: responsesUsed(source, kept),
    blankIds: who.blankIds,
    invalidEmails: who.invalidEmails,
    fixedEmails: who.fixedEmails,
    people: who.people.length,
    duplicatePeople: who.duplicatePeople,
    duplicateResponses: who.duplicateResponses,
    rejectedPeople: who.rejectedPeople,
    outOfRange: scored.outOfRange,
    missingCoded: scored.missingCoded,
    blankScores: written.blankScores,
  };
  return {
    header,
    rows: written.rows,
    rowCount: who.people.length,
    problems: errorsFirst(problems, issues),
    stats,
    effectiveDate,
    unmatched: match.unmatched,
  };
}

/** Each reference of the recipe this file lacks: a warning (what used it loses it). */
function warnUnmatched(unmatched: readonly ColumnRef[], problems: ProblemSink): void {
  for (const ref of unmatched) {
    problems.warn({
      row: null,
      column: ref.tag,
      code: 'unmatched-column',
      rule: 'unmatched',
      message: `"${ref.tag}"${ref.label ? ` (${ref.label})` : ''} is in the recipe but not in this file. It is left out; check the categories that used it.`,
    });
  }
}

/** Why responses were left out, and where the choice is. */
function leftOutHelp(unfinished: boolean, tests: boolean): string {
  const why = [
    tests ? 'Survey previews, tests and spam are not real responses.' : '',
    unfinished ? 'Unfinished responses are left out as you chose.' : '',
  ];
  return `${why.filter(Boolean).join(' ')} Change this under “Responses” above.`;
}

/** The EffectiveDate as written (MM/DD/YYYY); null, with an error, when there is none. */
function effectiveDateOf(
  recipe: SurveyToVivaRecipe,
  latestEnd: string | null,
  problems: ProblemSink,
): string | null {
  const iso = resolveEffectiveDate(recipe.effectiveDate, latestEnd);
  const effectiveDate = iso ? formatVivaDate(iso) : null;
  if (effectiveDate === null) {
    problems.error({
      row: null,
      column: 'EffectiveDate',
      code: 'viva-value',
      rule: 'no-effective-date',
      message:
        recipe.effectiveDate.kind === 'fixed'
          ? 'Type a valid EffectiveDate.'
          : 'This file has no EndDate to start from: type the EffectiveDate (the first day of the period the survey covers).',
    });
  }
  return effectiveDate;
}

/** A column copied from the survey as it is: its output name and its column in the table. */
interface KeptColumn {
  name: string;
  index: number;
}

/** The output header: PersonId, EffectiveDate, the scores, then the kept columns found here. */
function outputHeader(
  recipe: SurveyToVivaRecipe,
  scores: readonly ScoreColumn[],
  columnOf: (ref: ColumnRef) => number | undefined,
): { header: string[]; keep: KeptColumn[] } {
  const header = ['PersonId', 'EffectiveDate', ...scores.map((s) => s.name)];
  const keep: KeptColumn[] = [];
  for (const k of recipe.keep) {
    const i = columnOf(k.ref);
    if (i !== undefined) keep.push({ name: k.as, index: i });
  }
  header.push(...keep.map((k) => k.name));
  return { header, keep };
}

/** Viva's rules for the header and the file name, and an error when no column has data. */
function fileRules(recipe: SurveyToVivaRecipe, header: string[], dataColumns: number): Problem[] {
  const problems = checkHeaders(header);
  const fileProblem = checkFileName(`${recipe.fileName}.csv`);
  if (fileProblem) problems.push(fileProblem);
  if (dataColumns === 0) {
    problems.push({
      row: null,
      column: null,
      code: 'viva-header',
      rule: 'no-scores',
      message: 'The file has no score columns yet: add a category or export a question on its own.',
      severity: 'error',
    });
  }
  return problems;
}

/** What a row holds after its PersonId, in header order. */
interface RowCells {
  effectiveDate: string | null;
  scores: readonly ScoreColumn[];
  keep: readonly KeptColumn[];
}

/**
 * The output rows, one per person: every row is checked and counted, only the first `rowLimit`
 * are formatted. Returns them with the blank cells per score column.
 */
function writeRows(
  recipe: SurveyToVivaRecipe,
  table: Table,
  who: SurveyPeople,
  cells: RowCells,
  fileRow: (r: number) => number,
  problems: ProblemSink,
  rowLimit: number,
): { rows: string[][]; blankScores: Record<string, number> } {
  const { effectiveDate, scores, keep } = cells;
  const { warn, error } = problems;
  const out: string[][] = [];
  const blankScores: Record<string, number> = {};
  for (const s of scores) blankScores[s.name] = 0;
  const rowCount = who.people.length;
  for (let i = 0; i < rowCount; i++) {
    const p = who.people[i];
    const shown = i < rowLimit;
    const row = [p.key, effectiveDate ?? ''];
    for (const s of scores) {
      const v = p.rows.length === 1 ? s.values[p.rows[0]] : meanOver(s.values, p.rows);
      if (Number.isNaN(v)) blankScores[s.name]++;
      if (shown) row.push(formatScore(v, recipe.decimals));
    }
    const r = p.rows[p.rows.length - 1];
    for (const k of keep) {
      let v = cellText(table.data[k.index], r);
      if (/[\r\n]/.test(v)) {
        v = v.replace(/\s*[\r\n]+\s*/g, ' ');
        warn({
          row: fileRow(r),
          column: k.name,
          code: 'viva-value',
          rule: 'value-newline',
          message: 'A line break in this value was replaced by a space (Viva rejects line breaks).',
        });
      }
      const reason = checkValue(v, 'string');
      if (reason) {
        error({
          row: fileRow(r),
          column: k.name,
          code: 'viva-value',
          rule: 'value',
          message: reason,
        });
      }
      row.push(v);
    }
    if (shown) out.push(row);
  }
  if (rowCount === 0 && who.idIndex !== undefined) {
    error({
      row: null,
      column: 'PersonId',
      code: 'viva-value',
      rule: 'no-rows',
      message:
        table.rowCount === 0
          ? 'There are 0 responses to use, so there is nothing to upload yet.'
          : 'No response has a valid email, so there is nothing to upload. Check the identifier column.',
    });
  }
  for (const s of scores) {
    const blank = blankScores[s.name];
    if (blank > 0 && rowCount > 0) {
      warn({
        row: null,
        column: s.name,
        code: 'info',
        rule: 'blank-scores',
        message: `${blank} of ${rowCount} people have no ${s.name} score (too few answers); their cell is left blank.`,
      });
    }
  }
  return { rows: out, blankScores };
}

/** Every problem, errors first (each severity in the order found). */
function errorsFirst(problems: readonly Problem[], issues: IssueCollector): Problem[] {
  const all = [...problems, ...(issues.summarize() as Problem[])].map((p) => ({
    ...p,
    severity: p.severity ?? 'warning',
    rule: p.rule ?? p.code,
  }));
  all.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  return all;
}

/** True when the output can be downloaded (no problem Viva would reject). */
export function canDownload(output: { problems: readonly Problem[] }): boolean {
  return !output.problems.some((p) => p.severity === 'error');
}
