// The ONE worker API: thin adapters over src/lib. Tables stay here behind ids; the page asks
// for pages of rows, profiles and files to download. Decision (style guide §5.3): the worker is
// stateful, because cloning a million-row table on every call would dominate. After a cancel
// (terminate + restart) the page re-opens what it needs from the File it still holds.
import { transfer } from 'comlink';
import { NotFoundError } from '../src/lib/errors';
import type { HeadPreview, LoadProgress } from '../src/lib/read/types';
import { readSheet, type Workbook } from '../src/lib/read/xlsx/index';
import { getRowPage } from '../src/lib/table/page';
import { profileColumn } from '../src/lib/table/profile';
import type { ColumnProfile, RowPage, Table, TableInfo } from '../src/lib/table/types';
import { issuesToCsv } from '../src/lib/write/csv';
import { openFile } from './open-file';

export type EngineEvent =
  { type: 'progress'; progress: LoadProgress } | { type: 'head'; head: HeadPreview };
export type EngineListener = (event: EngineEvent) => void;

export interface WorkbookInfo {
  id: string;
  name: string;
  sheets: { name: string; hidden: boolean }[];
}

export interface OpenResult {
  table: TableInfo;
  /** Present for workbooks: every sheet, so the user can pick another. */
  workbook?: WorkbookInfo;
}

const tables = new Map<string, Table>();
const workbooks = new Map<string, Workbook>();
let nextId = 1;

function info(id: string, t: Table): TableInfo {
  return {
    id,
    name: t.name,
    rowCount: t.rowCount,
    columns: t.columns,
    format: t.format,
    issues: t.issues,
  };
}

function keep(t: Table): TableInfo {
  const id = `t${nextId++}`;
  tables.set(id, t);
  return info(id, t);
}

function table(id: string): Table {
  const t = tables.get(id);
  if (!t) throw new NotFoundError(`Table ${id} is no longer loaded. Open the file again.`);
  return t;
}

function callbacks(listener?: EngineListener) {
  return {
    onProgress: (progress: LoadProgress) => listener?.({ type: 'progress', progress }),
    onHead: (head: HeadPreview) => listener?.({ type: 'head', head }),
  };
}

/** First visible sheet, else the first one. */
function defaultSheet(wb: Workbook): string {
  return (wb.sheets.find((s) => !s.hidden) ?? wb.sheets[0]).name;
}

export const engineApi = {
  /** Reads a dropped file; workbooks open their first visible sheet. */
  async openFile(file: Blob, name: string, listener?: EngineListener): Promise<OpenResult> {
    const opened = await openFile(file, name, callbacks(listener));
    if (opened.kind === 'table') return { table: keep(opened.table) };
    const wb = opened.workbook;
    const id = `w${nextId++}`;
    workbooks.set(id, wb);
    const t = await readSheet(wb, defaultSheet(wb), callbacks(listener));
    return { table: keep(t), workbook: { id, name, sheets: wb.sheets } };
  },

  /** Reads another sheet of an open workbook. */
  async openSheet(
    workbookId: string,
    sheet: string,
    listener?: EngineListener,
  ): Promise<TableInfo> {
    const wb = workbooks.get(workbookId);
    if (!wb) throw new NotFoundError('This workbook is no longer loaded. Open the file again.');
    return keep(await readSheet(wb, sheet, callbacks(listener)));
  },

  /** Rows [start, start+count) as display strings. */
  getRows(tableId: string, start: number, count: number): RowPage {
    return getRowPage(table(tableId), start, count);
  },

  /** Profile of one column. */
  getProfile(tableId: string, column: number): ColumnProfile {
    return profileColumn(table(tableId), column);
  },

  /** The table's issues as CSV bytes (UTF-8, no BOM). */
  issuesCsv(tableId: string): Uint8Array<ArrayBuffer> {
    const bytes = new TextEncoder().encode(issuesToCsv(table(tableId).issues));
    return transfer(bytes, [bytes.buffer]);
  },

  /** A copy of a number column, moved (not cloned) to the caller. */
  numberColumn(tableId: string, column: number): Float64Array {
    const col = table(tableId).data[column];
    if (!col || col.type !== 'number') {
      throw new NotFoundError(`Column ${column} is not a number column.`);
    }
    const copy = col.values.slice();
    return transfer(copy, [copy.buffer]);
  },

  /** Frees a table (and its workbook when no longer needed). */
  closeTable(tableId: string): void {
    tables.delete(tableId);
  },

  closeWorkbook(workbookId: string): void {
    workbooks.delete(workbookId);
  },
};

export type EngineApi = typeof engineApi;
