// Recipe "Qualtrics IDs to Viva Insights": a Qualtrics directory export (email + unique
// identifier), optionally joined with an HR file, becomes `PersonId, EffectiveDate, <attribute>`
// so Viva person queries can carry the Qualtrics identifier (reference viva-and-scores.md §0).
import type { Problem } from '../issues';
import { cellText } from '../table/page';
import type { Table } from '../table/types';
import { matchKeys, normalizeKey, type MatchReport } from '../transform/join';
import { matchCounts, type MatchCounts } from '../transform/match-report';
import {
  checkFileName,
  checkHeaders,
  checkValue,
  formatVivaDate,
  isValidEmail,
} from '../viva-format/upload-rules';
import { resolveEffectiveDate } from './survey-to-viva';
import type { IdMappingRecipe } from './types';

/** Column names a directory export or HR file commonly uses, for the first suggestion. */
const EMAIL_RE =
  /^(?:e-?mail(?:[ _-]?address)?|primaryemail|personid|workemail|upn|userprincipalname)$/i;
const ID_RE =
  /^(?:externaldatareference|externalreference|extref|employee[ _-]?(?:id|number)|emp[ _-]?id|uniqueidentifier|worker[ _-]?id|personnel[ _-]?number)$/i;

/** The part of a table (or of a TableInfo on the page) a suggestion looks at. */
type Columns = Pick<Table, 'name' | 'columns'>;

function bestColumn(t: Columns | null, re: RegExp): string {
  const c = t?.columns.find((c) => re.test(c.header.replace(/\s+/g, '')));
  return c?.name ?? '';
}

/** True when every column the recipe names exists in these tables. */
export function idRecipeFits(r: IdMappingRecipe, directory: Columns, hr: Columns | null): boolean {
  const has = (t: Columns, n: string) => t.columns.some((c) => c.name === n);
  const dirOk = [r.directory.email, r.directory.uniqueId].every((n) => has(directory, n));
  if (!hr) return dirOk && !r.hr;
  return (
    dirOk &&
    !!r.hr &&
    has(directory, r.directory.key) &&
    has(hr, r.hr.key) &&
    has(hr, r.hr.personId)
  );
}

/** A fresh recipe with the columns guessed from their names. */
export function newIdMappingRecipe(
  directory: Columns,
  hr: Columns | null,
  id: string,
  now: string,
): IdMappingRecipe {
  const dirEmail = bestColumn(directory, EMAIL_RE);
  const dirId = bestColumn(directory, ID_RE);
  const hrId = bestColumn(hr, ID_RE);
  return {
    kind: 'id-mapping',
    version: 1,
    id,
    name: `${directory.name.replace(/\.[^.]+$/, '')} IDs`,
    created: now,
    updated: now,
    directory: { key: hr ? dirId : dirEmail, email: dirEmail, uniqueId: dirId },
    hr: hr ? { key: hrId, personId: bestColumn(hr, EMAIL_RE) } : null,
    normalize: { trim: true, caseFold: true },
    attributeName: 'UniqueIdentifier',
    effectiveDate: { kind: 'quarter-start' },
    fileName: 'QualtricsIds',
  };
}

export interface IdMappingOutput {
  header: string[];
  rows: string[][];
  problems: Problem[];
  /** Null without an HR file (nothing is joined). */
  report: MatchReport | null;
  effectiveDate: string | null;
}

function columnIndex(t: Table, name: string): number {
  return t.columns.findIndex((c) => c.name === name);
}

/**
 * Builds the upload. `today` (ISO date) anchors the quarter/month rules, since a directory has no
 * survey dates. With an HR file, PersonId comes from HR and only uniquely matched keys are kept.
 * The phases: the EffectiveDate, the header and file rules, who is who, then the rows.
 */
export function runIdMapping(
  recipe: IdMappingRecipe,
  directory: Table,
  hr: Table | null,
  today: string,
): IdMappingOutput {
  const problems: Problem[] = [];
  const notes = idNotes(problems);
  const effectiveDate = effectiveDateFor(recipe, today, notes);
  const header = ['PersonId', 'EffectiveDate', recipe.attributeName];
  problems.push(...checkHeaders(header));
  const fileProblem = checkFileName(`${recipe.fileName}.csv`);
  if (fileProblem) problems.push(fileProblem);
  const { pairs, report } = whoIsWho(recipe, directory, hr, notes);
  const rows = mappingRows(recipe, pairs, effectiveDate, notes);
  problems.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  return { header, rows, problems, report, effectiveDate };
}

type Note = (column: string | null, rule: string, message: string, row?: number | null) => void;

/** Adds `viva-value` problems to a list; `row` null is a problem of the whole file. */
interface IdNotes {
  err: Note;
  warn: Note;
}

function idNotes(problems: Problem[]): IdNotes {
  return {
    err: (column, rule, message, row = null) =>
      problems.push({ row, column, code: 'viva-value', rule, message, severity: 'error' }),
    warn: (column, rule, message, row = null) =>
      problems.push({ row, column, code: 'viva-value', rule, message, severity: 'warning' }),
  };
}

/** The EffectiveDate as written (MM/DD/YYYY); null, with an error, when the rule gives none. */
function effectiveDateFor(recipe: IdMappingRecipe, today: string, notes: IdNotes): string | null {
  const iso = resolveEffectiveDate(recipe.effectiveDate, today);
  const effectiveDate = iso ? formatVivaDate(iso) : null;
  if (!effectiveDate) {
    notes.err('EffectiveDate', 'no-effective-date', 'Type a valid EffectiveDate.');
  }
  return effectiveDate;
}

/** A PersonId (where it was read: table, column, row) and the identifier it maps to. */
interface IdPair {
  personId: string;
  uid: string;
  row: number;
  table: Table;
  col: number;
}

/**
 * Who is who: without an HR file, each directory row's email and identifier; with one, the HR
 * row's PersonId for each directory row matched one-to-one on the join key.
 */
function whoIsWho(
  recipe: IdMappingRecipe,
  directory: Table,
  hr: Table | null,
  notes: IdNotes,
): { pairs: IdPair[]; report: MatchReport | null } {
  const need = (t: Table, name: string, what: string): number => {
    const i = columnIndex(t, name);
    if (i < 0) notes.err(name || null, 'no-column', `Pick the ${what} column of ${t.name}.`);
    return i;
  };
  const dirUid = need(directory, recipe.directory.uniqueId, 'unique identifier');
  const text = (t: Table, c: number, r: number) => cellText(t.data[c], r);
  const pairs: IdPair[] = [];
  let report: MatchReport | null = null;
  if (!hr || !recipe.hr) {
    const email = need(directory, recipe.directory.email, 'email');
    if (email >= 0 && dirUid >= 0) {
      for (let r = 0; r < directory.rowCount; r++) {
        pairs.push({
          personId: text(directory, email, r),
          uid: text(directory, dirUid, r),
          row: r,
          table: directory,
          col: email,
        });
      }
    }
  } else {
    const dk = need(directory, recipe.directory.key, 'join key');
    const hk = need(hr, recipe.hr.key, 'join key');
    const hp = need(hr, recipe.hr.personId, 'PersonId (email)');
    if (dk >= 0 && hk >= 0 && hp >= 0 && dirUid >= 0) {
      const keys = (t: Table, c: number) =>
        Array.from({ length: t.rowCount }, (_, r) => normalizeKey(text(t, c, r), recipe.normalize));
      report = matchKeys(keys(directory, dk), keys(hr, hk));
      for (const [l, r] of report.matched) {
        pairs.push({
          personId: text(hr, hp, r),
          uid: text(directory, dirUid, l),
          row: r,
          table: hr,
          col: hp,
        });
      }
      // Every directory row not in a one-to-one match: no HR row, a repeated key, or a blank key.
      const lost = directory.rowCount - report.matched.length;
      if (lost > 0) {
        notes.warn(
          recipe.directory.key,
          'unmatched',
          `${lost} directory contact(s) have no single HR match (no match, a repeated key or a blank key) and are left out; see the match report.`,
        );
      }
    }
  }
  return { pairs, report };
}

/**
 * The rows: each pair normalized and checked (a valid email, an identifier), once per person; a
 * person with two identifiers is an error.
 */
function mappingRows(
  recipe: IdMappingRecipe,
  pairs: readonly IdPair[],
  effectiveDate: string | null,
  notes: IdNotes,
): string[][] {
  const { err, warn } = notes;
  const rows: string[][] = [];
  const seen = new Map<string, string>();
  for (const p of pairs) {
    const fileRow = p.row + p.table.format.headerRows + 1;
    const colName = p.table.columns[p.col].name;
    let personId = recipe.normalize.trim ? p.personId.trim() : p.personId;
    if (recipe.normalize.caseFold) personId = personId.toLowerCase();
    const uid = recipe.normalize.trim ? p.uid.trim() : p.uid;
    if (!isValidEmail(personId)) {
      warn(
        colName,
        'invalid-email',
        `"${p.personId}" in ${p.table.name} is not a valid email; this person is left out.`,
        fileRow,
      );
      continue;
    }
    if (uid === '') {
      warn(
        recipe.directory.uniqueId,
        'blank-id',
        `${personId} has no identifier; left out.`,
        fileRow,
      );
      continue;
    }
    const before = seen.get(personId);
    if (before !== undefined) {
      if (before !== uid) {
        err(
          'PersonId',
          'conflict',
          `${personId} has two identifiers ("${before}" and "${uid}"). Fix the source file; Viva needs one value per person.`,
          fileRow,
        );
      }
      continue;
    }
    seen.set(personId, uid);
    const reason = checkValue(uid, 'string');
    if (reason) err(recipe.attributeName, 'value', reason, fileRow);
    rows.push([personId, effectiveDate ?? '', uid]);
  }
  if (rows.length === 0) {
    err(null, 'no-rows', 'No person could be mapped: check the chosen columns.');
  }
  return rows;
}

/** A run for the screen: the first `previewRows` rows, every problem and the report's counts. */
export interface IdMappingPreview {
  header: string[];
  rows: string[][];
  rowCount: number;
  problems: Problem[];
  effectiveDate: string | null;
  /** Counts of the match report (null without an HR file). */
  report: MatchCounts | null;
}

export function idMappingPreview(out: IdMappingOutput, previewRows: number): IdMappingPreview {
  return {
    header: out.header,
    rows: out.rows.slice(0, previewRows),
    rowCount: out.rows.length,
    problems: out.problems,
    effectiveDate: out.effectiveDate,
    report: out.report && matchCounts(out.report),
  };
}
