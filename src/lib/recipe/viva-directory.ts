// "Viva metrics to Qualtrics", the directory: a Qualtrics directory export (or any contact list)
// joined on the identifier, to fill First Name, Last Name and Email of the participant file.
// Unmatched and repeated identifiers are left blank rather than guessed. One phase of
// runVivaToQualtrics (viva-to-qualtrics.ts).
import type { ProblemSink } from '../issues';
import type { PersonMeans } from '../person-query/types';
import { matchKeys, normalizeKey } from '../transform/join';
import type { VivaToQualtricsRecipe } from './types';
import { MAX_LISTED } from './viva-people';

const lower = (s: string) => s.trim().toLowerCase();

/** A Qualtrics directory export (or any contact list), as text. */
export interface DirectoryData {
  headers: string[];
  rows: string[][];
}

/** The directory columns that give the join key, names and email. */
export interface DirectoryColumns {
  key: number;
  firstName: number;
  lastName: number;
  email: number;
}

function findHeader(headers: readonly string[], names: string[]): number {
  const norm = headers.map((h) => lower(h).replace(/[\s_]/g, ''));
  for (const n of names) {
    const i = norm.indexOf(n);
    if (i >= 0) return i;
  }
  return -1;
}

/** Guesses the name and email columns; the key is the recipe's. */
export function directoryColumns(headers: readonly string[], key: string): DirectoryColumns {
  return {
    key: headers.findIndex((h) => lower(h) === lower(key)),
    firstName: findHeader(headers, ['firstname', 'givenname']),
    lastName: findHeader(headers, ['lastname', 'surname', 'familyname']),
    email: findHeader(headers, ['email', 'primaryemail', 'emailaddress', 'workemail']),
  };
}

/** The directory column most likely to hold the identifier (ExternalDataReference first). */
export function suggestDirectoryKey(headers: readonly string[]): string | null {
  const i = findHeader(headers, [
    'externaldatareference',
    'externalreference',
    'uniqueidentifier',
    'employeeid',
    'employeenumber',
  ]);
  return i >= 0 ? headers[i] : null;
}

/** The directory's part of the file: names per person in the file, and the match counts. */
export interface DirectoryJoin {
  /** First Name, Last Name, Email per person in the file (blank when unmatched); null unjoined. */
  names: string[][] | null;
  directoryMatched: number | null;
  noDirectoryMatch: number | null;
}

/**
 * Joins `people` (indexes into `means`, in file order) to the directory on the recipe's key,
 * when the recipe asks for a directory and one is given.
 */
export function joinDirectory(
  recipe: VivaToQualtricsRecipe,
  means: PersonMeans,
  people: readonly number[],
  directory: DirectoryData | null,
  problems: ProblemSink,
): DirectoryJoin {
  const none: DirectoryJoin = { names: null, directoryMatched: null, noDirectoryMatch: null };
  if (!recipe.directory || !directory) return none;
  const cols = directoryColumns(directory.headers, recipe.directory.key);
  const norm = { trim: recipe.directory.trim, caseFold: recipe.directory.caseFold };
  if (cols.key < 0) {
    problems.error({
      column: recipe.directory.key,
      code: 'unmatched-column',
      rule: 'directory-key',
      message: `The directory file has no column "${recipe.directory.key}". Choose its identifier column.`,
    });
    return none;
  }
  const left = people.map((p) => normalizeKey(means.identifiers[p]!, norm));
  const right = directory.rows.map((r) => normalizeKey(r[cols.key] ?? '', norm));
  const match = matchKeys(left, right);
  const names = people.map(() => ['', '', '']);
  const cell = (r: string[], i: number) => (i >= 0 ? (r[i] ?? '').trim() : '');
  for (const [l, r] of match.matched) {
    const row = directory.rows[r];
    names[l] = [cell(row, cols.firstName), cell(row, cols.lastName), cell(row, cols.email)];
  }
  const directoryMatched = match.matched.length;
  const noDirectoryMatch = people.length - directoryMatched;
  const dupKeys = new Set(match.duplicateRight.map((d) => d.key));
  const unmatched = new Set(match.onlyLeft);
  let listed = 0;
  left.forEach((key, l) => {
    const dup = key !== null && dupKeys.has(key);
    if (!dup && !unmatched.has(l)) return;
    if (listed++ >= MAX_LISTED) return;
    problems.warn({
      column: recipe.identifierAs,
      code: 'no-directory-match',
      rule: dup ? 'directory-duplicate' : 'directory-missing',
      message: dup
        ? `${means.identifiers[people[l]]} appears more than once in the directory file; First Name, Last Name and Email are left blank rather than guessed.`
        : `${means.identifiers[people[l]]} is not in the directory file; First Name, Last Name and Email are left blank (Qualtrics then makes up an email and sends no invitation until one is set).`,
    });
  });
  if (listed > MAX_LISTED) {
    problems.warn({
      column: recipe.identifierAs,
      code: 'no-directory-match',
      rule: 'directory-missing',
      message: `${listed - MAX_LISTED} more people have no directory entry (${noDirectoryMatch} in all).`,
    });
  }
  return { names, directoryMatched, noDirectoryMatch };
}
