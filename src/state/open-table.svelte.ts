// A tab of the workspace: a file opened as a table (a workbook's chosen sheet), which flows use
// as their source. It is the "opened handle" of tables: the File and sheet to open again, the
// engine generation the ids belong to, and `ensure()` for flows (see opened.svelte.ts).
import { NotFoundError } from '../lib/errors';
import type { TableInfo } from '../lib/table/types';
import type { EngineListener, WorkbookInfo, WorkspaceEngine } from '../services/engine-client';
import type { TableSource } from './opened.svelte';

export class OpenTable implements TableSource {
  info = $state.raw<TableInfo>(null!);
  workbook = $state.raw<WorkbookInfo | null>(null);
  /** The workbook's sheet on screen; null for a text file. */
  sheet = $state<string | null>(null);
  /** The engine generation `info` and `workbook` belong to; -1 once closed. */
  generation = $state(-1);
  /** The user closed the tab: flows that still hold it must not bring it back behind their back. */
  closed = false;

  constructor(
    readonly file: File,
    private readonly engine: WorkspaceEngine,
    /** Opens the table again for a flow, with the workspace's progress (set by the workspace). */
    private readonly reopen: (t: OpenTable) => Promise<void>,
  ) {}

  get live(): boolean {
    return this.generation === this.engine.generation;
  }

  /** The table in the current engine, opened again first if the engine restarted. */
  async ensure(): Promise<TableInfo> {
    if (this.closed) {
      throw new NotFoundError(`${this.file.name} was closed. Open the file again to go on.`);
    }
    if (!this.live) await this.reopen(this);
    return this.info;
  }

  /** Reads the file (the chosen sheet of a workbook) in the current engine. */
  async open(listener?: EngineListener): Promise<void> {
    const res = await this.engine.openFile(this.file, this.file.name, listener);
    let info = res.table;
    if (res.workbook && this.sheet !== null && this.sheet !== info.format.sheet) {
      const first = info.id;
      info = await this.engine.openSheet(res.workbook.id, this.sheet, listener);
      this.#free(() => this.engine.closeTable(first));
    }
    this.info = info;
    this.workbook = res.workbook ?? null;
    this.sheet = info.format.sheet ?? null;
    this.generation = this.engine.generation;
  }

  /** Shows another sheet of the workbook; the sheet shown before is freed. */
  async selectSheet(name: string, listener?: EngineListener): Promise<void> {
    if (!this.live || !this.workbook) {
      this.sheet = name;
      return this.open(listener);
    }
    const before = this.info.id;
    this.info = await this.engine.openSheet(this.workbook.id, name, listener);
    this.sheet = name;
    this.#free(() => this.engine.closeTable(before));
  }

  /** The tab is closed: frees the table and its workbook in the engine. */
  close(): void {
    this.closed = true;
    if (this.live) {
      const { info, workbook } = this;
      this.#free(() => this.engine.closeTable(info.id));
      if (workbook) this.#free(() => this.engine.closeWorkbook(workbook.id));
    }
    this.generation = -1;
  }

  /** A gone id (the engine restarted meanwhile) is no error. */
  #free(call: () => Promise<void>): void {
    call().catch(() => {});
  }
}
