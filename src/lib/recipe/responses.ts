// Which responses of a survey table the flows use. Survey → Viva and the Analysis both count the
// responses by status (and finished or not) for the user, and run over the kept rows only: a
// preview must not become a person in the Viva upload nor an answer in a score. The rules per
// response are in qualtrics-format/status.ts; this module applies them to a table.
import {
  leftOutReason,
  leftOutText,
  noneLeftOut,
  readFinished,
  readStatus,
  isInProgressId,
  type LeftOutCounts,
  type ResponseFilter,
  type ResponseStatus,
  type StatusClass,
} from '../qualtrics-format/status';
import { cellText } from '../table/page';
import type { ColumnMeta, Table } from '../table/types';
import { gatherColumn } from '../transform/join-tables';

/** How many responses have one status. */
export interface StatusCount {
  label: string;
  code: number | null;
  class: StatusClass;
  count: number;
  /** Of them, not finished. */
  unfinished: number;
}

/** The responses of a table by status, for the status panel of each flow. */
export interface ResponseCounts {
  total: number;
  /** The table has a Qualtrics `Status` column (else every response counts as real). */
  hasStatus: boolean;
  /** The table has a `Finished` column or in-progress (`FS_`) ids. */
  hasFinished: boolean;
  /** In code order; unknown statuses last, most frequent first. */
  statuses: StatusCount[];
  unfinished: number;
}

/** The Qualtrics metadata columns that decide a response's status (−1: not in the table). */
export interface ResponseColumns {
  status: number;
  finished: number;
  responseId: number;
}

/**
 * A metadata column by ImportId, export tag or (legacy `V7`) label. Only metadata columns count:
 * an embedded-data field or an HR column called "Status" says something else.
 */
function metadataColumn(
  columns: readonly ColumnMeta[],
  importId: string,
  names: readonly string[],
): number {
  const meta = columns.filter((c) => c.qualtricsRole === 'metadata');
  const found =
    meta.find((c) => c.importId === importId) ??
    meta.find((c) => names.includes(c.header.trim())) ??
    meta.find((c) => names.includes(c.label?.trim() ?? ''));
  return found ? found.index : -1;
}

export function responseColumns(columns: readonly ColumnMeta[]): ResponseColumns {
  return {
    status: metadataColumn(columns, 'status', ['Status']),
    finished: metadataColumn(columns, 'finished', ['Finished']),
    responseId: metadataColumn(columns, '_recordId', ['ResponseId', 'ResponseID']),
  };
}

/** Each row's status (an index into `statuses`) and whether it was left unfinished. */
interface RowStatuses {
  statuses: ResponseStatus[];
  statusOf: Int32Array;
  unfinished: Uint8Array;
  hasStatus: boolean;
  hasFinished: boolean;
}

const REAL: ResponseStatus = { code: 0, label: 'IP Address', class: 'real' };

/** Reads every row's status; each distinct cell text is read once. */
function rowStatuses(t: Table): RowStatuses {
  const cols = responseColumns(t.columns);
  const n = t.rowCount;
  const statuses: ResponseStatus[] = [];
  const slotOf = new Map<string, number>();
  const statusOf = new Int32Array(n);
  const slot = (s: ResponseStatus): number => {
    const key = `${s.code ?? ''}|${s.label}`;
    let i = slotOf.get(key);
    if (i === undefined) {
      i = statuses.push(s) - 1;
      slotOf.set(key, i);
    }
    return i;
  };
  if (cols.status < 0) statusOf.fill(n > 0 ? slot(REAL) : 0);
  else {
    const col = t.data[cols.status];
    const read = new Map<string, number>();
    for (let r = 0; r < n; r++) {
      const text = cellText(col, r);
      let i = read.get(text);
      if (i === undefined) read.set(text, (i = slot(readStatus(text))));
      statusOf[r] = i;
    }
  }
  const unfinished = new Uint8Array(n);
  const fin = cols.finished >= 0 ? t.data[cols.finished] : null;
  const ids = cols.responseId >= 0 ? t.data[cols.responseId] : null;
  for (let r = 0; r < n; r++) {
    // Why: an in-progress export may leave Finished blank, but its ids are FS_ session ids.
    const done = fin ? readFinished(cellText(fin, r)) : null;
    if (done === false || (done === null && ids && isInProgressId(cellText(ids, r)))) {
      unfinished[r] = 1;
    }
  }
  return {
    statuses,
    statusOf,
    unfinished,
    hasStatus: cols.status >= 0,
    hasFinished: fin !== null || ids !== null,
  };
}

/** The responses of a table counted by status and finished or not. */
export function countResponses(t: Table): ResponseCounts {
  const rs = rowStatuses(t);
  const counts = rs.statuses.map((s): StatusCount => ({
    label: s.label,
    code: s.code,
    class: s.class,
    count: 0,
    unfinished: 0,
  }));
  let unfinished = 0;
  for (let r = 0; r < t.rowCount; r++) {
    const c = counts[rs.statusOf[r]];
    c.count++;
    if (rs.unfinished[r]) {
      c.unfinished++;
      unfinished++;
    }
  }
  // Known codes in code order (label exports: by their code too), the rest by frequency.
  counts.sort((a, b) =>
    a.class === 'unknown' || b.class === 'unknown'
      ? Number(a.class === 'unknown') - Number(b.class === 'unknown') || b.count - a.count
      : (a.code ?? 0) - (b.code ?? 0),
  );
  return {
    total: t.rowCount,
    hasStatus: rs.hasStatus,
    hasFinished: rs.hasFinished,
    statuses: counts,
    unfinished,
  };
}

/** The responses a flow uses. */
export interface KeptResponses {
  /** The table of kept rows: the table itself when nothing was left out. */
  table: Table;
  /** The row in the original table of each kept row; null when every row was kept. */
  rowOf: Int32Array | null;
  leftOut: LeftOutCounts;
  /** "Left out 3 preview and 1 spam responses."; null when nothing was left out. */
  summary: string | null;
}

/** What a flow tells the user about the responses it used (no table: sent to the page). */
export interface ResponsesUsed {
  /** Responses in the file. */
  total: number;
  /** Responses used after the filter. */
  kept: number;
  leftOut: LeftOutCounts;
  summary: string | null;
}

export function responsesUsed(t: Table, kept: KeptResponses): ResponsesUsed {
  return {
    total: t.rowCount,
    kept: kept.table.rowCount,
    leftOut: kept.leftOut,
    summary: kept.summary,
  };
}

// The last filtered table per source table: the Analysis runs again on every change of a
// setting, and copying the kept rows each time would be waste.
const lastKept = new WeakMap<Table, { key: string; kept: KeptResponses }>();

/** The table's rows the filter keeps, as a table of their own (row order kept). */
export function keptResponses(t: Table, filter: ResponseFilter): KeptResponses {
  const key = `${filter.includeTests}|${filter.keepUnfinished}`;
  const cached = lastKept.get(t);
  if (cached?.key === key) return cached.kept;
  const rs = rowStatuses(t);
  const leftOut = noneLeftOut();
  const rows: number[] = [];
  for (let r = 0; r < t.rowCount; r++) {
    const why = leftOutReason(rs.statuses[rs.statusOf[r]].class, rs.unfinished[r] === 1, filter);
    if (why) leftOut[why]++;
    else rows.push(r);
  }
  const kept: KeptResponses =
    rows.length === t.rowCount
      ? { table: t, rowOf: null, leftOut, summary: null }
      : {
          table: subset(t, Int32Array.from(rows)),
          rowOf: Int32Array.from(rows),
          leftOut,
          summary: leftOutText(leftOut),
        };
  lastKept.set(t, { key, kept });
  return kept;
}

function subset(t: Table, rows: Int32Array): Table {
  return { ...t, rowCount: rows.length, data: t.data.map((col) => gatherColumn(col, rows)) };
}
