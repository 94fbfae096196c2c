// Fakes for the recipe screens and state: survey facts, previews, an engine and a repository.
import { vi } from 'vitest';
import type { Problem } from '../../src/lib/issues';
import { noneLeftOut } from '../../src/lib/qualtrics-format/status';
import type { SurveyColumn, SurveyFacts } from '../../src/lib/recipe/survey-columns';
import type { Recipe, RecipeKind, SurveyToVivaRecipe } from '../../src/lib/recipe/types';
import type {
  IdMappingEngine,
  SurveyToVivaEngine,
  SurveyToVivaPreview,
} from '../../src/services/engine-client';
import type { RecipeRepoLike } from '../../src/state/recipes.svelte';

/** A numeric 1–5 question with ImportId `QID<index>`. */
export function questionColumn(index: number, tag: string, label: string): SurveyColumn {
  return {
    index,
    key: `id:QID${index}`,
    ref: { importId: `QID${index}`, tag, label },
    name: tag,
    label,
    kind: 'question',
    role: 'question',
    numeric: true,
    observed: {
      count: 10,
      min: 1,
      max: 5,
      distinct: [1, 2, 3, 4, 5],
      minNonNegative: 1,
      negatives: [],
      invalid: 0,
    },
    scale: { min: 1, max: 5, missingCodes: [], source: 'data' },
    emailShare: 0,
  };
}

/** The RecipientEmail metadata column at index 0, full of emails. */
export function emailColumn(): SurveyColumn {
  return {
    index: 0,
    key: 'id:recipientEmail',
    ref: { importId: 'recipientEmail', tag: 'RecipientEmail', label: 'Recipient Email' },
    name: 'RecipientEmail',
    label: 'Recipient Email',
    kind: 'metadata',
    role: 'metadata',
    numeric: false,
    observed: null,
    scale: null,
    emailShare: 1,
  };
}

/** A survey with RecipientEmail then the given [tag, label] questions (QID1…). */
export function surveyFacts(
  title: string,
  latestEnd: string,
  questions: readonly (readonly [string, string])[],
): SurveyFacts {
  const email = emailColumn();
  return {
    title,
    rowCount: 10,
    headerRows: 3,
    columns: [email, ...questions.map(([tag, label], i) => questionColumn(i + 1, tag, label))],
    identifier: email.ref,
    latestEnd,
    responses: {
      total: 10,
      hasStatus: true,
      hasFinished: true,
      statuses: [{ label: 'IP Address', code: 0, class: 'real', count: 10, unfinished: 0 }],
      unfinished: 0,
    },
  };
}

/** A preview of 10 responses and no rows. */
export function previewWith(
  header: string[],
  effectiveDate: string,
  problems: Problem[] = [],
): SurveyToVivaPreview {
  return {
    header,
    rows: [],
    rowCount: 0,
    problems,
    stats: {
      responses: 10,
      used: { total: 10, kept: 10, leftOut: noneLeftOut(), summary: null },
      blankIds: 0,
      invalidEmails: 0,
      fixedEmails: 0,
      people: 10,
      duplicatePeople: 0,
      duplicateResponses: 0,
      rejectedPeople: 0,
      outOfRange: 0,
      missingCoded: 0,
      blankScores: {},
    },
    effectiveDate,
    unmatched: [],
  };
}

/** A recipe engine whose survey calls the test sets up; ID mapping is not used. */
export class FakeRecipeEngine implements SurveyToVivaEngine, IdMappingEngine {
  generation = 0;
  describeSurvey = vi.fn(async (_tableId: string): Promise<SurveyFacts> => {
    throw new Error('describeSurvey not set up');
  });
  runSurveyToViva = vi.fn(
    async (_tableId: string, _recipe: SurveyToVivaRecipe): Promise<SurveyToVivaPreview> => {
      throw new Error('runSurveyToViva not set up');
    },
  );
  surveyToVivaCsv = vi.fn(async () => new Uint8Array());
  runIdMapping = vi.fn(async () => {
    throw new Error('not used');
  });
  idMappingCsv = vi.fn(async () => new Uint8Array());
  matchReportCsv = vi.fn(async () => new Uint8Array());
  problemsCsv = vi.fn(async () => new Uint8Array());
}

const copy = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

/**
 * An in-memory recipe repository, newest first like the real one. `failWith` makes every call
 * reject, `failSave` only saves; `saved` records every successful save.
 */
export class MemoryRepo implements RecipeRepoLike {
  items = new Map<string, Recipe>();
  saved: Recipe[] = [];
  failWith: Error | null = null;
  failSave: Error | null = null;
  importResult: { imported: Recipe[]; problems: string[] } = { imported: [], problems: [] };
  importedText: string[] = [];

  constructor(initial: Recipe[] = []) {
    for (const r of initial) this.items.set(r.id, copy(r));
  }
  #check(): void {
    if (this.failWith) throw this.failWith;
  }
  async list(kind?: RecipeKind): Promise<Recipe[]> {
    this.#check();
    return [...this.items.values()]
      .filter((r) => !kind || r.kind === kind)
      .sort((a, b) => b.updated.localeCompare(a.updated))
      .map(copy);
  }
  async save(recipe: Recipe): Promise<Recipe> {
    this.#check();
    if (this.failSave) throw this.failSave;
    this.saved.push(copy(recipe));
    this.items.set(recipe.id, copy(recipe));
    return copy(recipe);
  }
  async rename(id: string, name: string): Promise<Recipe> {
    this.#check();
    const r = { ...this.items.get(id)!, name };
    this.items.set(id, r);
    return copy(r);
  }
  async duplicate(id: string): Promise<Recipe> {
    this.#check();
    const src = this.items.get(id)!;
    const r = { ...src, id: `${id}-copy`, name: `${src.name} (copy)` };
    this.items.set(r.id, r);
    return copy(r);
  }
  async delete(id: string): Promise<void> {
    this.#check();
    this.items.delete(id);
  }
  async exportJson(): Promise<string> {
    this.#check();
    return JSON.stringify([...this.items.values()]);
  }
  async importJson(text: string): Promise<{ imported: Recipe[]; problems: string[] }> {
    this.#check();
    this.importedText.push(text);
    for (const r of this.importResult.imported) this.items.set(r.id, copy(r));
    return copy(this.importResult);
  }
}
