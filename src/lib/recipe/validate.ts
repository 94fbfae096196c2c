// Reading recipes from untrusted JSON (imported files, old saved records). Every recipe is rebuilt
// field by field into a fresh object, so unknown fields and `__proto__` keys never get through.
// One file on purpose: the field readers below are shared by both recipe kinds.
import { ParseError } from '../errors';
import type {
  Category,
  ColumnRef,
  EffectiveDateRule,
  IdMappingRecipe,
  MetricChoice,
  QuestionSettings,
  Recipe,
  SurveyToVivaRecipe,
  VivaToQualtricsRecipe,
  WindowRule,
} from './types';
import type { BinSpec } from '../bin/bins';
import { responseFilterOf, type ResponseFilter } from '../qualtrics-format/status';

/** The `format` tag of an exported recipe file. Persisted: never change. */
export const RECIPE_FILE_FORMAT = 'xo-bridge-recipes';
/** Version of the recipe file envelope written by `serializeRecipes`. */
export const RECIPE_FILE_FORMAT_VERSION = 1;
/** The newest recipe `version` this build reads. */
export const RECIPE_VERSION = 1;

/** Recipes read from a file, and one plain-language problem per skipped entry. */
export interface ParsedRecipeFile {
  recipes: Recipe[];
  problems: string[];
}

/** Pretty JSON of a recipe file: `{ format, formatVersion, exportedAt, recipes }`. */
export function serializeRecipes(recipes: Recipe[], exportedAt: string): string {
  const file = {
    format: RECIPE_FILE_FORMAT,
    formatVersion: RECIPE_FILE_FORMAT_VERSION,
    exportedAt,
    recipes,
  };
  return JSON.stringify(file, null, 2);
}

/**
 * Reads a recipe file, a bare array of recipes or one recipe. Invalid entries are skipped and
 * reported in `problems`; valid ones are returned.
 * @throws ParseError when the text is not JSON or holds no recipes at all.
 */
export function parseRecipeFile(text: string): ParsedRecipeFile {
  const entries = recipeEntries(parseJson(text));
  const recipes: Recipe[] = [];
  const problems: string[] = [];
  if (entries.length === 0) problems.push('The file contains no recipes.');
  entries.forEach((entry, index) => {
    try {
      recipes.push(readRecipe(entry));
    } catch (e) {
      if (!(e instanceof Invalid)) throw e;
      problems.push(`${describeEntry(entry, index)} was skipped: ${e.message}.`);
    }
  });
  return { recipes, problems };
}

/**
 * Checks a stored or imported recipe and upgrades it to the current version.
 * @throws ParseError naming the problem (unknown kind, newer version, missing or wrong field).
 */
export function migrateRecipe(raw: unknown): Recipe {
  try {
    return readRecipe(raw);
  } catch (e) {
    if (e instanceof Invalid) throw new ParseError(`This recipe cannot be used: ${e.message}.`);
    throw e;
  }
}

const FILE_HELP = "Choose a recipe file (.json) exported from XO Bridge's recipe list.";

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ParseError(
      `This file could not be read as recipes: it is not valid JSON. ${FILE_HELP}`,
    );
  }
}

function recipeEntries(data: unknown): unknown[] {
  if (Array.isArray(data)) return data;
  if (!isObj(data)) throw new ParseError(`This file does not contain recipes. ${FILE_HELP}`);
  if (own(data, 'format') === undefined) {
    if (own(data, 'kind') !== undefined) return [data];
    throw new ParseError(`This file does not contain recipes. ${FILE_HELP}`);
  }
  if (own(data, 'format') !== RECIPE_FILE_FORMAT) {
    throw new ParseError(`This file is not an XO Bridge recipe file. ${FILE_HELP}`);
  }
  const formatVersion = own(data, 'formatVersion');
  if (typeof formatVersion === 'number' && formatVersion > RECIPE_FILE_FORMAT_VERSION) {
    throw new ParseError(
      'This recipe file was made by a newer version of XO Bridge. ' +
        'Reload the page to update XO Bridge, then import the file again.',
    );
  }
  const recipes = own(data, 'recipes');
  if (!Array.isArray(recipes)) {
    throw new ParseError(`This recipe file is damaged: it has no list of recipes. ${FILE_HELP}`);
  }
  return recipes;
}

function describeEntry(entry: unknown, index: number): string {
  const name = isObj(entry) ? own(entry, 'name') : undefined;
  if (typeof name !== 'string' || name.trim() === '') return `Recipe ${index + 1} (no name)`;
  const short = name.length > 60 ? `${name.slice(0, 57)}...` : name;
  return `Recipe ${index + 1} ("${short}")`;
}

// --- Recipes, by kind and version ------------------------------------------------------------

function readRecipe(raw: unknown): Recipe {
  if (!isObj(raw)) fail('it is not a recipe');
  const o = raw;
  const version = own(o, 'version');
  if (typeof version === 'number' && version > RECIPE_VERSION) {
    fail(
      `it was made by a newer version of XO Bridge (recipe version ${version}; this version ` +
        `reads up to ${RECIPE_VERSION}). Reload the page to update XO Bridge, then try again`,
    );
  }
  if (version !== 1) fail('it has no known version number');
  // Later versions: upgrade `o` step by step here (v1 → v2 → …) before reading the current shape.
  const kind = own(o, 'kind');
  if (kind === 'survey-to-viva') return readSurveyRecipe(o);
  if (kind === 'id-mapping') return readIdMappingRecipe(o);
  if (kind === 'viva-to-qualtrics') return readVivaRecipe(o);
  return fail(
    typeof kind === 'string'
      ? `its kind "${kind.slice(0, 40)}" is not one XO Bridge knows`
      : 'it does not say which kind of recipe it is',
  );
}

function readCommon(o: Obj) {
  return {
    version: 1 as const,
    id: str(o, 'id', '', true),
    name: str(o, 'name', ''),
    created: timestamp(o, 'created'),
    updated: timestamp(o, 'updated'),
  };
}

function readSurveyRecipe(o: Obj): SurveyToVivaRecipe {
  const { version, id, name, created, updated } = readCommon(o);
  const survey = objAt(own(o, 'survey'), 'survey');
  return {
    kind: 'survey-to-viva',
    version,
    id,
    name,
    created,
    updated,
    survey: {
      title: str(survey, 'title', 'survey'),
      columnKeys: list(survey, 'columnKeys', 'survey', (v, p) => strValue(v, p)),
    },
    keep: list(o, 'keep', '', (v, p) => {
      const k = objAt(v, p);
      return { ref: columnRef(own(k, 'ref'), `${p}.ref`), as: str(k, 'as', p) };
    }),
    identifier:
      own(o, 'identifier') === null ? null : columnRef(own(o, 'identifier'), 'identifier'),
    lowercase: bool(o, 'lowercase', ''),
    emailFixes: stringMap(own(o, 'emailFixes'), 'emailFixes'),
    questions: list(o, 'questions', '', question),
    categories: list(o, 'categories', '', category),
    effectiveDate: effectiveDate(own(o, 'effectiveDate')),
    duplicates: oneOf(o, 'duplicates', '', ['latest', 'mean', 'reject'] as const),
    decimals: count(o, 'decimals', ''),
    fileName: str(o, 'fileName', ''),
    ...(own(o, 'loops') !== undefined
      ? { loops: oneOf(o, 'loops', '', ['pooled', 'per-iteration'] as const) }
      : {}),
    ...responseFilter(own(o, 'responses')),
  };
}

/**
 * Which responses count. A recipe made before the choice existed has none and stays so (the
 * run takes the defaults); a partial one is completed with the defaults.
 */
function responseFilter(v: unknown): { responses?: ResponseFilter } {
  if (v === undefined || v === null) return {};
  const o = objAt(v, 'responses');
  const flag = (key: keyof ResponseFilter) =>
    own(o, key) === undefined ? undefined : bool(o, key, 'responses');
  return {
    responses: responseFilterOf({
      includeTests: flag('includeTests'),
      keepUnfinished: flag('keepUnfinished'),
    }),
  };
}

function readIdMappingRecipe(o: Obj): IdMappingRecipe {
  const { version, id, name, created, updated } = readCommon(o);
  const dir = objAt(own(o, 'directory'), 'directory');
  const hr = own(o, 'hr') === null ? null : objAt(own(o, 'hr'), 'hr');
  const normalize = objAt(own(o, 'normalize'), 'normalize');
  return {
    kind: 'id-mapping',
    version,
    id,
    name,
    created,
    updated,
    directory: {
      key: str(dir, 'key', 'directory'),
      email: str(dir, 'email', 'directory'),
      uniqueId: str(dir, 'uniqueId', 'directory'),
    },
    hr: hr && { key: str(hr, 'key', 'hr'), personId: str(hr, 'personId', 'hr') },
    normalize: {
      trim: bool(normalize, 'trim', 'normalize'),
      caseFold: bool(normalize, 'caseFold', 'normalize'),
    },
    attributeName: str(o, 'attributeName', ''),
    effectiveDate: effectiveDate(own(o, 'effectiveDate')),
    fileName: str(o, 'fileName', ''),
  };
}

function readVivaRecipe(o: Obj): VivaToQualtricsRecipe {
  const { version, id, name, created, updated } = readCommon(o);
  const source = objAt(own(o, 'source'), 'source');
  const dir = own(o, 'directory') === null ? null : objAt(own(o, 'directory'), 'directory');
  const minGroup = count(o, 'minGroup', '');
  if (minGroup < 1) fail('the field "minGroup" should be 1 or more');
  return {
    kind: 'viva-to-qualtrics',
    version,
    id,
    name,
    created,
    updated,
    source: {
      title: str(source, 'title', 'source'),
      columns: list(source, 'columns', 'source', (v, p) => strValue(v, p)),
    },
    identifier: own(o, 'identifier') === null ? null : str(o, 'identifier', ''),
    identifierAs: str(o, 'identifierAs', '', true),
    metrics: list(o, 'metrics', '', metricChoice),
    window: windowRule(own(o, 'window')),
    inactiveColumn: own(o, 'inactiveColumn') === null ? null : str(o, 'inactiveColumn', ''),
    minWeeks: count(o, 'minWeeks', ''),
    minGroup,
    dayFirst: bool(o, 'dayFirst', ''),
    directory: dir && {
      key: str(dir, 'key', 'directory'),
      trim: bool(dir, 'trim', 'directory'),
      caseFold: bool(dir, 'caseFold', 'directory'),
    },
    includeWeeks: bool(o, 'includeWeeks', ''),
    fileName: str(o, 'fileName', ''),
    format: oneOf(o, 'format', '', ['csv', 'xlsx'] as const),
  };
}

function metricChoice(v: unknown, path: string): MetricChoice {
  const o = objAt(v, path);
  return {
    column: str(o, 'column', path, true),
    as: str(o, 'as', path),
    bin: binSpec(own(o, 'bin'), `${path}.bin`),
    mergeSmall: bool(o, 'mergeSmall', path),
  };
}

const BIN_MODES = ['quantile', 'labelled', 'fixed', 'average'] as const;

function binSpec(v: unknown, path: string): BinSpec {
  const o = objAt(v, path);
  const mode = oneOf(o, 'mode', path, BIN_MODES);
  const nullableNum = (key: string) => (own(o, key) === null ? null : num(o, key, path));
  switch (mode) {
    case 'quantile': {
      const k = count(o, 'k', path);
      if (k < 2 || k > 1000) fail(`the field "${path}.k" should be from 2 to 1000`);
      return { mode, k, prefix: str(o, 'prefix', path) };
    }
    case 'labelled': {
      const labels = list(o, 'labels', path, (x, p) => strValue(x, p));
      if (labels.length < 2) fail(`the field "${path}.labels" needs at least 2 labels`);
      return { mode, labels };
    }
    case 'fixed': {
      const cuts = list(o, 'cuts', path, (x, p) => numValue(x, p));
      if (cuts.length === 0 || cuts.some((c, i) => i > 0 && c <= cuts[i - 1])) {
        fail(`the field "${path}.cuts" should be increasing numbers`);
      }
      const labels =
        own(o, 'labels') === null || own(o, 'labels') === undefined
          ? null
          : list(o, 'labels', path, (x, p) => strValue(x, p));
      return {
        mode,
        cuts,
        unit: str(o, 'unit', path),
        lbound: nullableNum('lbound'),
        ubound: nullableNum('ubound'),
        labels,
      };
    }
    case 'average': {
      const decimals = count(o, 'decimals', path);
      if (decimals > 6) fail(`the field "${path}.decimals" should be from 0 to 6`);
      return { mode, decimals };
    }
  }
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function isoOrNull(o: Obj, key: string, path: string): string | null {
  if (own(o, key) === null) return null;
  const v = str(o, key, path);
  if (!ISO_DATE.test(v)) fail(`the field "${at(path, key)}" should be YYYY-MM-DD`);
  return v;
}

function windowRule(v: unknown): WindowRule {
  const o = objAt(v, 'window');
  const kind = oneOf(o, 'kind', 'window', ['all', 'last', 'range'] as const);
  if (kind === 'all') return { kind };
  if (kind === 'last') {
    const weeks = count(o, 'weeks', 'window');
    if (weeks < 1) fail('the field "window.weeks" should be 1 or more');
    return { kind, weeks, through: isoOrNull(o, 'through', 'window') };
  }
  return { kind, from: isoOrNull(o, 'from', 'window'), to: isoOrNull(o, 'to', 'window') };
}

function columnRef(v: unknown, path: string): ColumnRef {
  const o = objAt(v, path);
  const ref: ColumnRef = { tag: str(o, 'tag', path) };
  if (own(o, 'importId') !== undefined) ref.importId = str(o, 'importId', path);
  if (own(o, 'label') !== undefined) ref.label = str(o, 'label', path);
  if (own(o, 'loop') !== undefined) ref.loop = bool(o, 'loop', path);
  return ref;
}

function question(v: unknown, path: string): QuestionSettings {
  const o = objAt(v, path);
  return {
    ref: columnRef(own(o, 'ref'), `${path}.ref`),
    min: num(o, 'min', path),
    max: num(o, 'max', path),
    reverse: bool(o, 'reverse', path),
    missingCodes: list(o, 'missingCodes', path, (c, p) => numValue(c, p)),
    exportAs: own(o, 'exportAs') === null ? null : str(o, 'exportAs', path),
  };
}

function category(v: unknown, path: string): Category {
  const o = objAt(v, path);
  return {
    name: str(o, 'name', path),
    questions: list(o, 'questions', path, (q, p) => strValue(q, p)),
    minAnswered: count(o, 'minAnswered', path),
  };
}

const DATE_RULES = ['quarter-start', 'month-start', 'fixed'] as const;

function effectiveDate(v: unknown): EffectiveDateRule {
  const o = objAt(v, 'effectiveDate');
  const kind = oneOf(o, 'kind', 'effectiveDate', DATE_RULES);
  if (kind !== 'fixed') return { kind };
  const date = str(o, 'date', 'effectiveDate');
  if (/^\d{4}-\d{2}-\d{2}$/.test(date)) return { kind, date };
  return fail('the field "effectiveDate.date" should be YYYY-MM-DD');
}

// --- Field readers: each returns a checked value or throws Invalid naming the field ----------

/** Why one entry cannot be used (a phrase, completed by the caller). Never leaves this module. */
class Invalid extends Error {}

type Obj = Record<string, unknown>;

function fail(reason: string): never {
  throw new Invalid(reason);
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** An own property only: inherited names (`constructor`, `__proto__`) read as missing. */
function own(o: Obj, key: string): unknown {
  return Object.hasOwn(o, key) ? o[key] : undefined;
}

function at(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function objAt(v: unknown, path: string): Obj {
  if (isObj(v)) return v;
  return fail(
    v === undefined ? `the field "${path}" is missing` : `the field "${path}" has the wrong shape`,
  );
}

function strValue(v: unknown, path: string, nonEmpty = false): string {
  if (typeof v !== 'string') fail(`the field "${path}" should be text`);
  if (nonEmpty && v === '') fail(`the field "${path}" is empty`);
  return v;
}

function str(o: Obj, key: string, path: string, nonEmpty = false): string {
  return strValue(own(o, key), at(path, key), nonEmpty);
}

function numValue(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(`the field "${path}" should be a number`);
  return v;
}

function num(o: Obj, key: string, path: string): number {
  return numValue(own(o, key), at(path, key));
}

function count(o: Obj, key: string, path: string): number {
  const v = num(o, key, path);
  if (!Number.isInteger(v) || v < 0) fail(`the field "${at(path, key)}" should be 0 or more`);
  return v;
}

function bool(o: Obj, key: string, path: string): boolean {
  const v = own(o, key);
  if (typeof v !== 'boolean') fail(`the field "${at(path, key)}" should be true or false`);
  return v;
}

function oneOf<T extends string>(o: Obj, key: string, path: string, options: readonly T[]): T {
  const v = own(o, key);
  if (options.includes(v as T)) return v as T;
  return fail(`the field "${at(path, key)}" should be one of: ${options.join(', ')}`);
}

/** An ISO timestamp, normalised so that string order is time order. */
function timestamp(o: Obj, key: string): string {
  const time = Date.parse(str(o, key, ''));
  if (Number.isNaN(time)) fail(`the field "${key}" should be a date and time`);
  return new Date(time).toISOString();
}

function list<T>(o: Obj, key: string, path: string, item: (v: unknown, path: string) => T): T[] {
  const v = own(o, key);
  const where = at(path, key);
  if (!Array.isArray(v)) fail(`the field "${where}" should be a list`);
  return v.map((entry, i) => item(entry, `${where}[${i}]`));
}

/** Text → text; `__proto__` and other prototype names are dropped, never copied. */
function stringMap(v: unknown, path: string): Record<string, string> {
  const o = objAt(v, path);
  const out: Record<string, string> = {};
  for (const key of Object.keys(o)) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
    out[key] = strValue(o[key], `${path}["${key.slice(0, 40)}"]`);
  }
  return out;
}
