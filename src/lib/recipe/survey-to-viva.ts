// Recipe "Survey scores to Viva Insights": a Qualtrics export becomes
// `PersonId, EffectiveDate, <category scores>` ready for an "Add or edit data" upload
// (reference viva-and-scores.md §0–1). Pure: the worker runs it; the page shows the result.
import { formatScore } from '../format/score';
import { IssueCollector, type Problem } from '../issues';
import { cellText } from '../table/page';
import type { Table } from '../table/types';
import { categoryMeans, recodeAnswers } from '../transform/category-scores';
import { deduplicate, meanOver } from '../transform/duplicates';
import {
  checkFileName,
  checkHeaders,
  checkValue,
  fixFileName,
  formatVivaDate,
  isValidEmail,
  monthStart,
  quarterStart,
} from '../viva-format/upload-rules';
import { responseTimes, type SurveyColumn, type SurveyFacts } from './survey-columns';
import {
  refKey,
  type ColumnRef,
  type EffectiveDateRule,
  type QuestionSettings,
  type SurveyToVivaRecipe,
} from './types';

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
  const questions = facts.columns.filter((c) => c.kind === 'question' && c.scale);
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

/** How a recipe's column references land on a file. */
export interface RecipeMatch {
  /** Recipe key → column index in this file. */
  index: Map<string, number>;
  /** References the recipe uses that this file does not have. */
  unmatched: ColumnRef[];
  /** Question columns of this file the recipe does not know (new in this wave). */
  added: SurveyColumn[];
}

/** The references a recipe depends on: identifier, kept columns, and every question. */
function recipeRefs(recipe: SurveyToVivaRecipe): ColumnRef[] {
  const refs = [...recipe.keep.map((k) => k.ref), ...recipe.questions.map((q) => q.ref)];
  return recipe.identifier ? [recipe.identifier, ...refs] : refs;
}

/**
 * Finds each reference in the file: by ImportId, then export tag, then question label. Each
 * column is used once, so two references never land on the same column.
 */
export function matchRecipe(recipe: SurveyToVivaRecipe, facts: SurveyFacts): RecipeMatch {
  const index = new Map<string, number>();
  const unmatched: ColumnRef[] = [];
  const taken = new Set<number>();
  const refs = recipeRefs(recipe);
  const passes: ((ref: ColumnRef, c: SurveyColumn) => boolean)[] = [
    (ref, c) => !!ref.importId && c.ref.importId === ref.importId,
    (ref, c) => c.ref.tag === ref.tag && !(ref.importId && c.ref.importId),
    (ref, c) => !!ref.label && c.ref.label === ref.label,
  ];
  for (const pass of passes) {
    for (const ref of refs) {
      const key = refKey(ref);
      if (index.has(key)) continue;
      const hits = facts.columns.filter((c) => !taken.has(c.index) && pass(ref, c));
      if (hits.length !== 1) continue;
      index.set(key, hits[0].index);
      taken.add(hits[0].index);
    }
  }
  for (const ref of refs) if (!index.has(refKey(ref))) unmatched.push(ref);
  const added = facts.columns.filter(
    (c) => c.kind === 'question' && c.scale && !taken.has(c.index),
  );
  return { index, unmatched, added };
}

/** Share of the recipe's scored questions found in this file (0 when it scores none). */
export function matchScore(recipe: SurveyToVivaRecipe, facts: SurveyFacts): number {
  const used = usedQuestionKeys(recipe);
  if (used.size === 0) return 0;
  const { index } = matchRecipe(recipe, facts);
  let found = 0;
  for (const k of used) if (index.has(k)) found++;
  return found / used.size;
}

/** The saved recipe that fits this file best (≥ half its scored questions found), if any. */
export function pickRecipe(
  recipes: readonly SurveyToVivaRecipe[],
  facts: SurveyFacts,
): SurveyToVivaRecipe | null {
  let best: SurveyToVivaRecipe | null = null;
  let bestScore = 0.5;
  for (const r of recipes) {
    const s = matchScore(r, facts);
    if (s > bestScore || (s === bestScore && best !== null && r.updated > best.updated)) {
      best = r;
      bestScore = s;
    } else if (s >= bestScore && best === null) {
      best = r;
      bestScore = s;
    }
  }
  return best;
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

function usedQuestionKeys(recipe: SurveyToVivaRecipe): Set<string> {
  const used = new Set<string>();
  for (const c of recipe.categories) for (const k of c.questions) used.add(k);
  for (const q of recipe.questions) if (q.exportAs !== null) used.add(refKey(q.ref));
  return used;
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
  responses: number;
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

/** One output score column: where its values come from. */
interface ScoreColumn {
  name: string;
  values: Float64Array;
}

export interface RunOptions {
  /**
   * Format only the first rows (a preview). Every row is still checked and counted, so problems
   * and stats are those of the whole file. Default: all rows.
   */
  rowLimit?: number;
}

/** Runs the recipe on a table. Expected problems are values; nothing here throws on data. */
export function runSurveyToViva(
  recipe: SurveyToVivaRecipe,
  table: Table,
  facts: SurveyFacts,
  options: RunOptions = {},
): SurveyToVivaOutput {
  const rowLimit = options.rowLimit ?? Infinity;
  const issues = new IssueCollector(500);
  const problems: Problem[] = [];
  const err = (p: Omit<Problem, 'severity'>) => problems.push({ ...p, severity: 'error' });
  const warn = (p: Problem | Omit<Problem, 'severity'>) =>
    issues.add({ severity: 'warning', ...p } as Problem);
  const fileRow = (r: number) => r + facts.headerRows + 1;
  const match = matchRecipe(recipe, facts);
  const colOf = (ref: ColumnRef) => match.index.get(refKey(ref));

  for (const ref of match.unmatched) {
    warn({
      row: null,
      column: ref.tag,
      code: 'unmatched-column',
      rule: 'unmatched',
      message: `"${ref.tag}"${ref.label ? ` (${ref.label})` : ''} is in the recipe but not in this file. It is left out; check the categories that used it.`,
    });
  }

  // Scores: recode each question once, then build category and single-question columns.
  const recoded = new Map<string, Float64Array>();
  let outOfRange = 0;
  let missingCoded = 0;
  const rows = table.rowCount;
  const scoreOf = (key: string): Float64Array | null => {
    const done = recoded.get(key);
    if (done) return done;
    const q = recipe.questions.find((s) => refKey(s.ref) === key);
    const ci = q ? colOf(q.ref) : undefined;
    if (!q || ci === undefined) return null;
    const col = table.data[ci];
    if (col.type !== 'number') {
      warn({
        row: null,
        column: q.ref.tag,
        code: 'not-numeric',
        rule: 'not-numeric',
        message: `"${q.ref.tag}" holds text, not numbers (a "choice text" export?). Export the survey again with "Use numeric values"; this question is left out.`,
      });
      recoded.set(key, new Float64Array(rows).fill(NaN));
      return recoded.get(key)!;
    }
    const rc = recodeAnswers(col.values, q);
    outOfRange += rc.outOfRange.length;
    missingCoded += rc.missingCoded;
    for (const r of rc.outOfRange) {
      warn({
        row: fileRow(r),
        column: q.ref.tag,
        code: 'out-of-range',
        rule: 'out-of-range',
        message: `${col.values[r]} is outside the scale ${q.min}–${q.max} of "${q.ref.tag}", so it counts as no answer. If it means "Don't know" or similar, add it to the question's missing values.`,
      });
    }
    for (const [r, text] of col.invalid) {
      warn({
        row: fileRow(r),
        column: q.ref.tag,
        code: 'not-numeric',
        rule: 'not-numeric',
        message: `"${text}" is not a number, so it counts as no answer.`,
      });
    }
    recoded.set(key, rc.values);
    return rc.values;
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

  // People: identifier → PersonId, with fixes, validity and duplicates.
  const stats: SurveyToVivaStats = {
    responses: rows,
    blankIds: 0,
    invalidEmails: 0,
    fixedEmails: 0,
    people: 0,
    duplicatePeople: 0,
    duplicateResponses: 0,
    rejectedPeople: 0,
    outOfRange: 0,
    missingCoded: 0,
    blankScores: {},
  };
  const idIndex = recipe.identifier ? colOf(recipe.identifier) : undefined;
  const keys: (string | null)[] = new Array<string | null>(rows).fill(null);
  if (idIndex === undefined) {
    err({
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
        stats.blankIds++;
        continue;
      }
      const fixed = Object.hasOwn(recipe.emailFixes, raw) ? recipe.emailFixes[raw] : undefined;
      let v = (fixed ?? raw).trim();
      if (recipe.lowercase) v = v.toLowerCase();
      if (fixed !== undefined) stats.fixedEmails++;
      if (!isValidEmail(v)) {
        stats.invalidEmails++;
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
    if (stats.blankIds > 0) {
      warn({
        row: null,
        column: idName,
        code: 'invalid-email',
        rule: 'blank-identifier',
        message: `${stats.blankIds} response(s) have no ${idName} and are left out (anonymous responses cannot be joined to people).`,
      });
    }
  }

  const dedup = deduplicate(keys, recipe.duplicates, responseTimes(table));
  stats.duplicatePeople = dedup.duplicatePeople;
  stats.duplicateResponses = dedup.duplicateResponses;
  stats.rejectedPeople = dedup.rejected.length;
  stats.people = dedup.people.length;
  for (const p of dedup.rejected) {
    warn({
      row: fileRow(p.rows[0]),
      column: 'PersonId',
      code: 'duplicate-person',
      rule: 'duplicate-rejected',
      message: `${p.key} answered ${p.rows.length} times (rows ${p.rows.map(fileRow).join(', ')}); left out because duplicates are set to "reject".`,
    });
  }

  // EffectiveDate.
  const iso = resolveEffectiveDate(recipe.effectiveDate, facts.latestEnd);
  const effectiveDate = iso ? formatVivaDate(iso) : null;
  if (effectiveDate === null) {
    err({
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

  // Header and file rules.
  const header = ['PersonId', 'EffectiveDate', ...scores.map((s) => s.name)];
  const keepCols: { name: string; index: number }[] = [];
  for (const k of recipe.keep) {
    const i = colOf(k.ref);
    if (i !== undefined) keepCols.push({ name: k.as, index: i });
  }
  header.push(...keepCols.map((k) => k.name));
  problems.push(...checkHeaders(header));
  const fileProblem = checkFileName(`${recipe.fileName}.csv`);
  if (fileProblem) problems.push(fileProblem);
  if (scores.length === 0 && keepCols.length === 0) {
    err({
      row: null,
      column: null,
      code: 'viva-header',
      rule: 'no-scores',
      message: 'The file has no score columns yet: add a category or export a question on its own.',
    });
  }

  // Rows.
  const out: string[][] = [];
  for (const s of scores) stats.blankScores[s.name] = 0;
  const rowCount = dedup.people.length;
  for (let i = 0; i < rowCount; i++) {
    const p = dedup.people[i];
    const shown = i < rowLimit;
    const row = [p.key, effectiveDate ?? ''];
    for (const s of scores) {
      const v = p.rows.length === 1 ? s.values[p.rows[0]] : meanOver(s.values, p.rows);
      if (Number.isNaN(v)) stats.blankScores[s.name]++;
      if (shown) row.push(formatScore(v, recipe.decimals));
    }
    const r = p.rows[p.rows.length - 1];
    for (const k of keepCols) {
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
        err({
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
  if (rowCount === 0 && idIndex !== undefined) {
    err({
      row: null,
      column: 'PersonId',
      code: 'viva-value',
      rule: 'no-rows',
      message:
        'No response has a valid email, so there is nothing to upload. Check the identifier column.',
    });
  }
  for (const s of scores) {
    const blank = stats.blankScores[s.name];
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
  stats.outOfRange = outOfRange;
  stats.missingCoded = missingCoded;
  const all = [...problems, ...(issues.summarize() as Problem[])].map((p) => ({
    ...p,
    severity: p.severity ?? 'warning',
    rule: p.rule ?? p.code,
  }));
  all.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  return {
    header,
    rows: out,
    rowCount,
    problems: all,
    stats,
    effectiveDate,
    unmatched: match.unmatched,
  };
}

/** True when the output can be downloaded (no problem Viva would reject). */
export function canDownload(output: { problems: readonly Problem[] }): boolean {
  return !output.problems.some((p) => p.severity === 'error');
}
