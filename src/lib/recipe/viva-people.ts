// "Viva metrics to Qualtrics", who goes in the file: people with enough counted weeks and an
// identifier of their own. Qualtrics needs one row per identifier, so a shared identifier leaves
// its people out rather than guessing. One phase of runVivaToQualtrics (viva-to-qualtrics.ts).
import type { ProblemSink } from '../issues';
import type { PersonMeans } from '../person-query/types';
import type { VivaToQualtricsRecipe } from './types';

/** Most people listed one by one in the run's problems; the rest are counted in one more. */
export const MAX_LISTED = 200;

/** Who goes in the file, and how many were left out for what. */
export interface ChosenPeople {
  /** Indexes into the means, in file order. */
  people: number[];
  noWeeks: number;
  fewWeeks: number;
  noIdentifier: number;
  duplicateIdentifier: number;
}

/**
 * The people with enough counted weeks and one identifier of their own. People without a week,
 * with too few, without an identifier, or sharing one with another person are left out.
 */
export function choosePeople(
  recipe: VivaToQualtricsRecipe,
  means: PersonMeans,
  problems: ProblemSink,
): ChosenPeople {
  const { warn, error } = problems;
  const n = means.personIds.length;
  const minWeeks = Math.max(1, recipe.minWeeks);
  const keep: number[] = [];
  let noWeeks = 0;
  let fewWeeks = 0;
  let noIdentifier = 0;
  const byId = new Map<string, number[]>();
  for (let p = 0; p < n; p++) {
    const w = means.weeks[p];
    if (w === 0) {
      noWeeks++;
      continue;
    }
    if (w < minWeeks) {
      fewWeeks++;
      continue;
    }
    const id = recipe.identifier === null ? null : means.identifiers[p];
    if (id === null || id === '') {
      if (noIdentifier++ < MAX_LISTED && recipe.identifier !== null) {
        warn({
          column: recipe.identifier,
          code: 'missing-identifier',
          rule: 'identifier-blank',
          message: `PersonId ${means.personIds[p]} has no ${recipe.identifier}; this person is left out (Qualtrics needs the identifier).`,
        });
      }
      continue;
    }
    const list = byId.get(id);
    if (list) list.push(p);
    else byId.set(id, [p]);
    keep.push(p);
  }
  let duplicateIdentifier = 0;
  const duplicated = new Set<number>();
  for (const [id, list] of byId) {
    if (list.length < 2) continue;
    duplicateIdentifier += list.length;
    for (const p of list) duplicated.add(p);
    warn({
      column: recipe.identifier,
      code: 'duplicate-key',
      rule: 'identifier-duplicate',
      message: `${recipe.identifier} "${id}" belongs to ${list.length} PersonIds (${list.map((p) => means.personIds[p]).join(', ')}); they are left out rather than guessed, because Qualtrics needs one row per identifier.`,
    });
  }
  const people = duplicated.size ? keep.filter((p) => !duplicated.has(p)) : keep;

  if (recipe.identifier === null) {
    error({
      column: null,
      code: 'missing-identifier',
      rule: 'identifier-none',
      message:
        'Choose the attribute that holds the Qualtrics unique identifier (for example UniqueIdentifier or EmployeeId). Without it Qualtrics cannot match people.',
    });
  } else if (noIdentifier > MAX_LISTED) {
    warn({
      column: recipe.identifier,
      code: 'missing-identifier',
      rule: 'identifier-blank',
      message: `${noIdentifier - MAX_LISTED} more people have no ${recipe.identifier} (${noIdentifier} in all).`,
    });
  }
  if (fewWeeks > 0) {
    warn({
      column: null,
      code: 'info',
      rule: 'min-weeks',
      message: `${fewWeeks} people have fewer than ${minWeeks} weeks of data and are left out.`,
    });
  }
  if (noWeeks > 0) {
    warn({
      column: null,
      code: 'info',
      rule: 'no-weeks',
      message: `${noWeeks} people have no counted week in the chosen period and are left out.`,
    });
  }
  return { people, noWeeks, fewWeeks, noIdentifier, duplicateIdentifier };
}
