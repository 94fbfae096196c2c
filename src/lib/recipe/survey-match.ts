// "Survey scores to Viva Insights", matching a saved recipe to a survey file: each column the
// recipe refers to is found by ImportId, then export tag, then question label, so a recipe made
// on one wave of a survey applies to the next. Also how well a recipe fits a file, and the best
// saved recipe for it.
import type { SurveyColumn, SurveyFacts, SurveyLoop } from './survey-columns';
import { refKey, type ColumnRef, type SurveyToVivaRecipe } from './types';

/** How a recipe's column references land on a file. */
export interface RecipeMatch {
  /** Recipe key → column index in this file. */
  index: Map<string, number>;
  /** References the recipe uses that this file does not have. */
  unmatched: ColumnRef[];
  /** Question columns of this file the recipe does not know (new in this wave). */
  added: SurveyColumn[];
  /** Recipe key of a loop & merge reference → its pooled question in this file. */
  loops: Map<string, SurveyLoop>;
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
  const loops = new Map<string, SurveyLoop>();
  const fileLoops = facts.loops ?? [];
  for (const pass of passes) {
    for (const ref of refs) {
      const key = refKey(ref);
      if (index.has(key)) continue;
      if (ref.loop) {
        // A pooled loop question lands on the file's loop with the same base.
        const hits = fileLoops.filter((l) => !loops.has(l.key) && pass(ref, l));
        if (hits.length === 1) {
          index.set(key, hits[0].index);
          loops.set(key, hits[0]);
        }
        continue;
      }
      const hits = facts.columns.filter((c) => !taken.has(c.index) && pass(ref, c));
      if (hits.length !== 1) continue;
      index.set(key, hits[0].index);
      taken.add(hits[0].index);
    }
  }
  for (const ref of refs) if (!index.has(refKey(ref))) unmatched.push(ref);
  const matchedLoops = new Set([...loops.values()].map((l) => l.key));
  const added = [
    ...facts.columns.filter((c) => c.kind === 'question' && c.scale && !taken.has(c.index)),
    ...fileLoops.filter((l) => !matchedLoops.has(l.key)),
  ];
  return { index, unmatched, added, loops };
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

function usedQuestionKeys(recipe: SurveyToVivaRecipe): Set<string> {
  const used = new Set<string>();
  for (const c of recipe.categories) for (const k of c.questions) used.add(k);
  for (const q of recipe.questions) if (q.exportAs !== null) used.add(refKey(q.ref));
  return used;
}
