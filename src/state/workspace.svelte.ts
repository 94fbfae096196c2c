import type { HeadPreview, LoadProgress } from '../lib/read/types';
import type { ColumnProfile, RowPage, TableInfo } from '../lib/table/types';
import { downloadBytes } from '../services/download';
import type { EngineEvent, WorkbookInfo, WorkspaceEngine } from '../services/engine-client';
import { standardizeError, type UiError } from '../services/report-error';
import { fetchSample, SAMPLES, type Sample } from '../services/samples';

/** A loaded table and what is needed to load it again after the engine restarts. */
export interface OpenTable {
  info: TableInfo;
  file: File;
  sheet: string | null;
  workbook: WorkbookInfo | null;
  generation: number;
}

export interface Loading {
  fileName: string;
  progress: LoadProgress | null;
}

/** The files the user opened, the table on screen, and loading/error state. */
export class Workspace {
  view = $state<'home' | 'table'>('home');
  tables = $state.raw<OpenTable[]>([]);
  currentIndex = $state(-1);
  loading = $state.raw<Loading | null>(null);
  /** The first rows of the file being loaded; apart from `loading`, which changes at every tick. */
  loadingHead = $state.raw<HeadPreview | null>(null);
  error = $state.raw<UiError | null>(null);
  selectedColumn = $state<number | null>(null);
  profile = $state.raw<ColumnProfile | null>(null);
  readonly samples: Sample[] = SAMPLES;

  current = $derived<OpenTable | null>(this.tables[this.currentIndex] ?? null);

  /** The engine's restart count: a table from an older generation must be opened again. */
  get engineGeneration(): number {
    return this.engine.generation;
  }

  constructor(
    private readonly engine: WorkspaceEngine,
    private readonly getSample: (s: Sample) => Promise<File> = fetchSample,
  ) {}

  /** Opens files one after another; each becomes a tab. */
  async openFiles(files: File[]): Promise<void> {
    for (const file of files) {
      if (!(await this.#open(file, null))) break;
    }
  }

  async openSample(id: string): Promise<void> {
    const sample = this.samples.find((s) => s.id === id);
    if (!sample) return;
    try {
      await this.openFiles([await this.getSample(sample)]);
    } catch (e) {
      this.error = standardizeError(e);
    }
  }

  /** Stops the current load. The engine restarts; the table that was on screen is re-opened. */
  cancel(): void {
    this.engine.cancel();
  }

  async selectSheet(name: string): Promise<void> {
    const cur = this.current;
    if (!cur?.workbook || cur.sheet === name) return;
    await this.#open(cur.file, name, this.currentIndex);
  }

  async show(index: number): Promise<void> {
    const t = this.tables[index];
    if (!t) return;
    this.currentIndex = index;
    this.#clearSelection();
    this.view = 'table';
    if (t.generation !== this.engine.generation) await this.#open(t.file, t.sheet, index);
  }

  close(index: number): void {
    const t = this.tables[index];
    if (!t) return;
    if (t.generation === this.engine.generation) this.engine.closeTable(t.info.id).catch(() => {});
    this.tables = this.tables.filter((_, i) => i !== index);
    if (this.currentIndex >= this.tables.length) this.currentIndex = this.tables.length - 1;
    if (this.tables.length === 0) this.view = 'home';
    this.#clearSelection();
  }

  goHome(): void {
    this.view = 'home';
  }

  dismissError(): void {
    this.error = null;
  }

  /** Rows for the grid; re-opens the table if the engine restarted since it was loaded. */
  fetchRows = async (start: number, count: number): Promise<RowPage> => {
    const cur = this.current;
    if (!cur) return { start, rows: [], invalid: [] };
    return this.engine.getRows(cur.info.id, start, count);
  };

  async selectColumn(index: number): Promise<void> {
    const cur = this.current;
    if (!cur) return;
    this.selectedColumn = index;
    this.profile = null;
    try {
      const profile = await this.engine.getProfile(cur.info.id, index);
      if (this.selectedColumn === index && this.current === cur) this.profile = profile;
    } catch (e) {
      this.error = standardizeError(e);
    }
  }

  async downloadIssues(): Promise<void> {
    const cur = this.current;
    if (!cur) return;
    try {
      const bytes = await this.engine.issuesCsv(cur.info.id);
      downloadBytes(`${cur.file.name.replace(/\.[^.]+$/, '')}-problems.csv`, bytes);
    } catch (e) {
      this.error = standardizeError(e);
    }
  }

  #clearSelection(): void {
    this.selectedColumn = null;
    this.profile = null;
  }

  /** Loads a file (or one sheet of it); replaces tab `replace` or adds a tab. */
  async #open(file: File, sheet: string | null, replace = -1): Promise<boolean> {
    this.error = null;
    this.loading = { fileName: file.name, progress: null };
    this.loadingHead = null;
    let aborted = false;
    const listener = (e: EngineEvent) => {
      if (!this.loading) return;
      if (e.type === 'progress') this.loading = { ...this.loading, progress: e.progress };
      else this.loadingHead = e.head;
    };
    try {
      const prev = replace >= 0 ? this.tables[replace] : null;
      let entry: OpenTable;
      if (sheet !== null && prev?.workbook && prev.generation === this.engine.generation) {
        const info = await this.engine.openSheet(prev.workbook.id, sheet, listener);
        entry = { ...prev, info, sheet };
      } else {
        const res = await this.engine.openFile(file, file.name, listener);
        entry = {
          info: res.table,
          file,
          sheet: null,
          workbook: res.workbook ?? null,
          generation: 0,
        };
        if (res.workbook && sheet !== null && sheet !== res.table.format.sheet) {
          entry = { ...entry, info: await this.engine.openSheet(res.workbook.id, sheet, listener) };
        }
        entry.sheet = entry.info.format.sheet ?? null;
      }
      entry.generation = this.engine.generation;
      if (replace >= 0) {
        this.tables = this.tables.map((t, i) => (i === replace ? entry : t));
        this.currentIndex = replace;
      } else {
        this.tables = [...this.tables, entry];
        this.currentIndex = this.tables.length - 1;
      }
      this.#clearSelection();
      this.view = 'table';
      return true;
    } catch (e) {
      this.error = standardizeError(e);
      aborted = this.error === null;
      return false;
    } finally {
      this.loading = null;
      this.loadingHead = null;
      // A cancel restarts the engine, which drops every table: bring back the one on screen.
      if (aborted && this.current && this.current.generation !== this.engine.generation) {
        void this.show(this.currentIndex);
      }
    }
  }
}
