// What a survey export offers a recipe: its question columns with their observed scales, the
// metadata and other columns, the suggested identifier and the latest EndDate.
import { isQualtricsMetadata, METADATA_ALIASES } from '../qualtrics-format/metadata';
import { cellText } from '../table/page';
import type { ColumnMeta, QualtricsRole, Table } from '../table/types';
import { isValidEmail } from '../viva-format/upload-rules';
import { countResponses, type ResponseCounts } from './responses';
import { npsChecks, surveyLoops, type PooledLoop } from './survey-loops';
import { refKey, type ColumnRef } from './types';

/** What a column is for in this recipe. */
export type SurveyColumnKind = 'question' | 'metadata' | 'other';

export interface ObservedValues {
  /** Non-blank numeric answers. */
  count: number;
  min: number;
  max: number;
  /** Distinct values, ascending (at most 40: the first 40 seen). */
  distinct: number[];
  /** Smallest answer ≥ 0 (NaN when there is none). */
  minNonNegative: number;
  /** Distinct negative answers, ascending (at most 10): candidates for missing codes. */
  negatives: number[];
  /** Non-blank cells that are not numbers. */
  invalid: number;
}

export interface SuggestedScale {
  min: number;
  max: number;
  missingCodes: number[];
  /** Where the range comes from: the label ("1 = …, 7 = …") or the data. */
  source: 'label' | 'data';
}

export interface SurveyColumn {
  index: number;
  key: string;
  ref: ColumnRef;
  /** Display name (unique within the file). */
  name: string;
  label?: string;
  kind: SurveyColumnKind;
  role?: QualtricsRole;
  /** A question column stored as numbers (false for a label export's "Strongly agree"). */
  numeric: boolean;
  observed: ObservedValues | null;
  scale: SuggestedScale | null;
  /** Share of non-blank values that are valid emails (0 when the column is numeric). */
  emailShare: number;
  /** Loop & merge: the iteration this column is (see `SurveyFacts.loops`). */
  loop?: { iteration: string; base: string };
  /** An NPS score column: rows whose `_NPS_GROUP` column disagrees with it. */
  npsMismatches?: number;
}

/** A loop & merge question pooled over its iterations (survey-loops.ts). */
export type SurveyLoop = PooledLoop<SurveyColumn>;

export interface SurveyFacts {
  title: string;
  rowCount: number;
  /** Rows above the data (1-based file row of data row r is r + headerRows + 1). */
  headerRows: number;
  columns: SurveyColumn[];
  /** Suggested PersonId source: an email-shaped column, Email_ID first. */
  identifier: ColumnRef | null;
  /** Latest EndDate (or RecordedDate) as ISO `YYYY-MM-DD`; null when there is none. */
  latestEnd: string | null;
  /** The responses by status (preview, test, spam…) and finished or not. */
  responses: ResponseCounts;
  /** Loop & merge questions, each pooled over its iterations (survey-loops.ts). */
  loops?: SurveyLoop[];
}

/** A column's reference for recipes. */
export function columnRef(c: ColumnMeta): ColumnRef {
  const ref: ColumnRef = { tag: c.header };
  if (c.importId) ref.importId = c.choiceId ? `${c.importId}#${c.choiceId}` : c.importId;
  if (c.label) ref.label = c.label;
  return ref;
}

const SCORABLE: ReadonlySet<QualtricsRole> = new Set(['question']);
const EMAIL_NAME_RE = /^(?:e-?mail(?:[ _-]?(?:id|address))?|work[ _-]?email|recipientemail)$/i;

function kindOf(c: ColumnMeta): SurveyColumnKind {
  if (c.qualtricsRole) {
    if (c.qualtricsRole === 'metadata') return 'metadata';
    return SCORABLE.has(c.qualtricsRole) ? 'question' : 'other';
  }
  // A plain spreadsheet: metadata by name, numbers are candidate questions.
  if (isQualtricsMetadata(c.header)) return 'metadata';
  return c.type === 'number' ? 'question' : 'other';
}

function observe(table: Table, index: number): ObservedValues | null {
  const col = table.data[index];
  if (col.type !== 'number') return null;
  const seen = new Set<number>();
  const negatives = new Set<number>();
  let count = 0;
  let min = Infinity;
  let max = -Infinity;
  let minNonNegative = Infinity;
  for (const v of col.values) {
    if (Number.isNaN(v)) continue;
    count++;
    if (v < min) min = v;
    if (v > max) max = v;
    if (v >= 0 && v < minNonNegative) minNonNegative = v;
    if (v < 0 && negatives.size < 10) negatives.add(v);
    if (seen.size < 40) seen.add(v);
  }
  const invalid = col.invalid.size;
  if (count === 0) {
    return { count, min: NaN, max: NaN, distinct: [], minNonNegative: NaN, negatives: [], invalid };
  }
  return {
    count,
    min,
    max,
    distinct: [...seen].sort((a, b) => a - b),
    minNonNegative: Number.isFinite(minNonNegative) ? minNonNegative : NaN,
    negatives: [...negatives].sort((a, b) => a - b),
    invalid,
  };
}

/** `(1 = Very difficult, 7 = Very easy)` / `0 = not at all … 10 = extremely` in a question label. */
const LABEL_SCALE_RE = /(-?\d+)\s*=\s*[^=]*?[,;…]\s*(?:\.\.\.\s*)?(-?\d+)\s*=/;

/**
 * The scale of a question: from its label when it spells the ends out, else from the data.
 * Negative answers (Qualtrics' -99 "seen but unanswered" recodes) are suggested as missing codes.
 */
export function suggestScale(
  label: string | undefined,
  obs: ObservedValues | null,
): SuggestedScale | null {
  const m = label ? LABEL_SCALE_RE.exec(label) : null;
  const negatives = obs ? obs.negatives : [];
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    if (a < b) return { min: a, max: b, missingCodes: negatives, source: 'label' };
  }
  if (!obs || obs.count === 0 || Number.isNaN(obs.minNonNegative)) return null;
  const lo = obs.minNonNegative;
  const hi = obs.max;
  return {
    min: lo >= 1 ? 1 : 0,
    max: Math.max(hi, lo >= 1 ? 1 : 0),
    missingCodes: negatives,
    source: 'data',
  };
}

function emailShare(table: Table, index: number): number {
  const col = table.data[index];
  if (col.type === 'number') return 0;
  const sample = Math.min(table.rowCount, 500);
  let nonBlank = 0;
  let emails = 0;
  for (let r = 0; r < sample; r++) {
    const v = cellText(col, r).trim();
    if (v === '') continue;
    nonBlank++;
    if (isValidEmail(v)) emails++;
  }
  return nonBlank === 0 ? 0 : emails / nonBlank;
}

/** The suggested identifier: a well-filled email column, by name first (Email_ID, RecipientEmail). */
function suggestIdentifier(columns: readonly SurveyColumn[]): ColumnRef | null {
  const emails = columns.filter((c) => c.emailShare >= 0.8);
  const rank = (c: SurveyColumn) =>
    /^email[ _-]?id$/i.test(c.ref.tag)
      ? 0
      : c.kind !== 'metadata' && EMAIL_NAME_RE.test(c.ref.tag)
        ? 1
        : c.kind !== 'metadata'
          ? 2
          : 3;
  const best = emails.sort((a, b) => rank(a) - rank(b) || b.emailShare - a.emailShare)[0];
  return best ? best.ref : null;
}

/** Milliseconds of a Qualtrics timestamp (`2026-06-30 17:59:00`, ISO, `6/30/2026 17:59`); NaN if none. */
export function parseTimestamp(s: string): number {
  const v = s.trim();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?)?/.exec(v);
  if (m) return Date.UTC(+m[1], +m[2] - 1, +m[3], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0));
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$/.exec(
    v,
  );
  if (!m) return NaN;
  let h = +(m[4] ?? 0);
  if (m[7]) h = (h % 12) + (/p/i.test(m[7]) ? 12 : 0);
  return Date.UTC(+m[3], +m[1] - 1, +m[2], h, +(m[5] ?? 0), +(m[6] ?? 0));
}

/**
 * The column with this ImportId or export tag, e.g. endDate/EndDate; in a legacy export, where
 * row 1 says `V9`, the name is in the label row.
 */
export function findColumn(table: Table, tag: string, importId: string): number {
  const byId = table.columns.findIndex((c) => c.importId === importId);
  if (byId >= 0) return byId;
  const byTag = table.columns.findIndex((c) => c.header.trim() === tag);
  return byTag >= 0 ? byTag : table.columns.findIndex((c) => c.label?.trim() === tag);
}

/**
 * The column of a metadata field under any of its names: current ImportId or tag, or the
 * 2017-era/legacy name (`ResponseID`, `ExternalDataReference`), in row 1 or, where row 1 says
 * `V9`, in the label row. -1 when the table has none.
 */
export function findMetadataColumn(table: Table, field: keyof typeof METADATA_ALIASES): number {
  const names: readonly string[] = METADATA_ALIASES[field];
  const byId = table.columns.findIndex(
    (c) => c.importId !== undefined && names.includes(c.importId),
  );
  if (byId >= 0) return byId;
  const byTag = table.columns.findIndex((c) => names.includes(c.header.trim()));
  return byTag >= 0 ? byTag : table.columns.findIndex((c) => names.includes(c.label?.trim() ?? ''));
}

/**
 * Per-row timestamps of the latest-response rule: RecordedDate, else EndDate. Row by row too:
 * a response exported in progress has no RecordedDate yet, but it has an EndDate.
 */
export function responseTimes(table: Table): Float64Array | undefined {
  const recorded = findMetadataColumn(table, 'RecordedDate');
  const end = findMetadataColumn(table, 'EndDate');
  if (recorded < 0 && end < 0) return undefined;
  const out = new Float64Array(table.rowCount);
  for (let r = 0; r < table.rowCount; r++) {
    let t = recorded < 0 ? NaN : parseTimestamp(cellText(table.data[recorded], r));
    if (Number.isNaN(t) && end >= 0) t = parseTimestamp(cellText(table.data[end], r));
    out[r] = t;
  }
  return out;
}

/** The latest EndDate (else RecordedDate) of the table's rows as ISO `YYYY-MM-DD`; null if none. */
export function latestEnd(table: Table): string | null {
  let i = findMetadataColumn(table, 'EndDate');
  if (i < 0) i = findMetadataColumn(table, 'RecordedDate');
  if (i < 0) return null;
  let best = NaN;
  const col = table.data[i];
  for (let r = 0; r < table.rowCount; r++) {
    const t = parseTimestamp(cellText(col, r));
    if (!Number.isNaN(t) && !(t <= best)) best = t;
  }
  return Number.isNaN(best) ? null : new Date(best).toISOString().slice(0, 10);
}

/** Everything the recipe screens need to know about a survey table. */
export function describeSurvey(table: Table): SurveyFacts {
  const nps = npsChecks(table);
  const columns = table.columns.map((c, index): SurveyColumn => {
    const kind = kindOf(c);
    const observed = observe(table, index);
    const ref = columnRef(c);
    return {
      index,
      key: refKey(ref),
      ref,
      name: c.name,
      label: c.label,
      kind,
      role: c.qualtricsRole,
      numeric: observed !== null && observed.count > 0,
      observed,
      scale: kind === 'question' ? suggestScale(c.label, observed) : null,
      emailShare: emailShare(table, index),
      ...(c.loop ? { loop: c.loop } : {}),
      ...(nps[index] !== undefined ? { npsMismatches: nps[index] } : {}),
    };
  });
  return {
    title: table.name,
    rowCount: table.rowCount,
    headerRows: table.format.headerRows,
    columns,
    identifier: suggestIdentifier(columns),
    latestEnd: latestEnd(table),
    responses: countResponses(table),
    loops: surveyLoops(table, columns),
  };
}
