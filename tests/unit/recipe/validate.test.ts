import { describe, expect, it } from 'vitest';
import { ParseError } from '../../../src/lib/errors';
import {
  RECIPE_FILE_FORMAT,
  migrateRecipe,
  parseRecipeFile,
  serializeRecipes,
} from '../../../src/lib/recipe/validate';
import { makeIdMappingRecipe, makeSurveyRecipe } from '../../helpers/recipes';

const survey = makeSurveyRecipe();
const mapping = makeIdMappingRecipe({ hr: null });

describe('serializeRecipes', () => {
  it('writes a pretty file envelope that parseRecipeFile reads back unchanged', () => {
    const text = serializeRecipes([survey, mapping], '2025-02-03T00:00:00.000Z');
    expect(text).toContain('\n  "format": "xo-bridge-recipes"');
    expect(JSON.parse(text)).toMatchObject({
      format: RECIPE_FILE_FORMAT,
      formatVersion: 1,
      exportedAt: '2025-02-03T00:00:00.000Z',
    });
    expect(parseRecipeFile(text)).toEqual({ recipes: [survey, mapping], problems: [] });
  });
});

describe('parseRecipeFile', () => {
  it('accepts a bare array of recipes and a single recipe object', () => {
    expect(parseRecipeFile(JSON.stringify([mapping])).recipes).toEqual([mapping]);
    expect(parseRecipeFile(JSON.stringify(survey)).recipes).toEqual([survey]);
  });

  it.each([
    ['not JSON', '{"format": '],
    ['empty text', ''],
    ['a number', '42'],
    ['an object that is no recipe', '{"hello": 1}'],
    ['another format', '{"format": "something-else", "recipes": []}'],
    ['a damaged file', '{"format": "xo-bridge-recipes", "formatVersion": 1}'],
  ])('throws a ParseError that says what to do for %s', (_what, text) => {
    expect(() => parseRecipeFile(text)).toThrow(ParseError);
    expect(() => parseRecipeFile(text)).toThrow(/recipe/);
  });

  it('rejects a file envelope from a newer XO Bridge', () => {
    const text = JSON.stringify({ format: RECIPE_FILE_FORMAT, formatVersion: 2, recipes: [] });
    expect(() => parseRecipeFile(text)).toThrow(/newer version of XO Bridge/);
  });

  it('keeps the good entries and names each skipped one by number and name', () => {
    const badKind = { ...survey, kind: 'mystery', name: 'Odd one' };
    const badField = { ...mapping, name: 'Broken mapping', normalize: { trim: 'yes' } };
    const file = serializeRecipes([badKind, survey, badField] as never, 'now');
    const { recipes, problems } = parseRecipeFile(file);
    expect(recipes).toEqual([survey]);
    expect(problems).toEqual([
      'Recipe 1 ("Odd one") was skipped: its kind "mystery" is not one XO Bridge knows.',
      'Recipe 3 ("Broken mapping") was skipped: the field "normalize.trim" should be true or false.',
    ]);
  });

  it('reports an empty file as a problem', () => {
    expect(parseRecipeFile('[]')).toEqual({
      recipes: [],
      problems: ['The file contains no recipes.'],
    });
  });

  it('never lets __proto__ keys or unknown fields through', () => {
    const text =
      '[{"__proto__": {"polluted": true}, "extra": 1, ' +
      JSON.stringify(survey)
        .slice(1, -1)
        .replace('"emailFixes":{', '"emailFixes":{"__proto__":{"polluted":"yes"},') +
      '}]';
    expect(Object.hasOwn(JSON.parse(text)[0], '__proto__')).toBe(true);
    const [recipe] = parseRecipeFile(text).recipes;
    expect(recipe).toEqual(survey);
    expect(Object.getPrototypeOf(recipe)).toBe(Object.prototype);
    expect(Object.hasOwn(recipe, '__proto__')).toBe(false);
    expect(Object.hasOwn(recipe, 'extra')).toBe(false);
    const fixes = (recipe as typeof survey).emailFixes;
    expect(Object.getPrototypeOf(fixes)).toBe(Object.prototype);
    expect(Object.keys(fixes)).toEqual(['ann@contoso,com']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('migrateRecipe', () => {
  it('returns a fresh, equal copy of a valid version-1 recipe of each kind', () => {
    for (const recipe of [survey, mapping, makeIdMappingRecipe()]) {
      const out = migrateRecipe(JSON.parse(JSON.stringify(recipe)));
      expect(out).toEqual(recipe);
      expect(out).not.toBe(recipe);
    }
  });

  it('keeps the response choice, completes a partial one, and adds none to an older recipe', () => {
    const chosen = { ...survey, responses: { includeTests: true, keepUnfinished: false } };
    expect(migrateRecipe(JSON.parse(JSON.stringify(chosen)))).toEqual(chosen);
    const partial = migrateRecipe({ ...survey, responses: { keepUnfinished: false } });
    expect(partial).toMatchObject({ responses: { includeTests: false, keepUnfinished: false } });
    // Saved before the choice existed: no field, so the run takes the defaults.
    expect('responses' in migrateRecipe(JSON.parse(JSON.stringify(survey)))).toBe(false);
    expect(() => migrateRecipe({ ...survey, responses: { includeTests: 'yes' } })).toThrow(
      /responses\.includeTests/,
    );
  });

  it('normalises timestamps to ISO so that string order is time order', () => {
    const out = migrateRecipe({ ...survey, updated: '2025-03-04T05:06:07+01:00' });
    expect(out.updated).toBe('2025-03-04T04:06:07.000Z');
  });

  it('rejects a recipe made by a newer XO Bridge', () => {
    expect(() => migrateRecipe({ ...survey, version: 2 })).toThrow(ParseError);
    expect(() => migrateRecipe({ ...survey, version: 2 })).toThrow(
      /made by a newer version of XO Bridge/,
    );
  });

  it.each([
    ['no version', { ...survey, version: undefined }, /no known version/],
    ['an unknown kind', { ...survey, kind: 'x' }, /kind "x"/],
    ['no kind', { ...survey, kind: undefined }, /which kind/],
    ['an empty id', { ...survey, id: '' }, /"id" is empty/],
    ['a missing name', { ...survey, name: undefined }, /"name" should be text/],
    ['a bad timestamp', { ...survey, created: 'yesterday' }, /"created" should be a date/],
    ['a non-list', { ...survey, questions: {} }, /"questions" should be a list/],
    [
      'a bad question',
      { ...survey, questions: [survey.questions[0], { ...survey.questions[1], max: '5' }] },
      /"questions\[1\]\.max" should be a number/,
    ],
    [
      'a bad missing code',
      { ...survey, questions: [{ ...survey.questions[0], missingCodes: [null] }] },
      /"questions\[0\]\.missingCodes\[0\]" should be a number/,
    ],
    ['a bad column ref', { ...survey, identifier: { label: 'x' } }, /"identifier\.tag"/],
    ['a bad policy', { ...survey, duplicates: 'first' }, /one of: latest, mean, reject/],
    ['negative decimals', { ...survey, decimals: -1 }, /"decimals" should be 0 or more/],
    ['a bad fixed date', { ...mapping, effectiveDate: { kind: 'fixed', date: '1/1/25' } }, /YYYY/],
    ['a missing directory', { ...mapping, directory: undefined }, /"directory" is missing/],
    ['a bad HR block', { ...mapping, hr: 'HR.csv' }, /"hr" has the wrong shape/],
    ['bad email fixes', { ...survey, emailFixes: { a: 1 } }, /emailFixes\["a"\]/],
    ['not an object', 'recipe', /not a recipe/],
  ])('rejects %s with a message naming the problem', (_what, raw, message) => {
    expect(() => migrateRecipe(raw)).toThrow(ParseError);
    expect(() => migrateRecipe(raw)).toThrow(message);
  });
});
