import type { HeadPreview, LoadProgress } from '../lib/read/types';
import type { ColumnProfile, RowPage } from '../lib/table/types';
import { downloadBytes } from '../services/download';
import type { EngineEvent, WorkspaceEngine } from '../services/engine-client';
import { standardizeError, type UiError } from '../services/report-error';
import { fetchSample, SAMPLES, type Sample } from '../services/samples';
import { OpenTable } from './open-table.svelte';

export { OpenTable };

/** What a flow needs of the workspace: the open tables, and a way to open more. */
export interface Sources {
  readonly tables: readonly OpenTable[];
  readonly loading: Loading | null;
  openFiles(files: File[]): Promise<void>;
  openSample(id: string): Promise<void>;
}

export interface Loading {
  fileName: string;
  progress: LoadProgress | null;
}

/** The files the user opened, the table on screen, and loading/error state. */
export class Workspace implements Sources {
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

  constructor(
    private readonly engine: WorkspaceEngine,
    private readonly getSample: (s: Sample) => Promise<File> = fetchSample,
  ) {}

  /** Opens files one after another; each becomes a tab. */
  async openFiles(files: File[]): Promise<void> {
    for (const file of files) {
      const t = new OpenTable(file, this.engine, async (t) => {
        await this.#load(t, (l) => t.open(l), true);
      });
      if (!(await this.#load(t, (l) => t.open(l)))) break;
      this.tables = [...this.tables, t];
      this.#showLoaded(this.tables.length - 1);
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
    void this.engine.cancel();
  }

  async selectSheet(name: string): Promise<void> {
    const cur = this.current;
    if (!cur?.workbook || cur.sheet === name) return;
    if (await this.#load(cur, (l) => cur.selectSheet(name, l))) {
      this.#showLoaded(this.tables.indexOf(cur));
    }
  }

  async show(index: number): Promise<void> {
    const t = this.tables[index];
    if (!t) return;
    this.currentIndex = index;
    this.#clearSelection();
    this.view = 'table';
    if (!t.live && (await this.#load(t, (l) => t.open(l)))) this.#showLoaded(index);
  }

  /** Closes a tab; its table and workbook are freed in the engine. */
  close(index: number): void {
    const t = this.tables[index];
    if (!t) return;
    t.close();
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
    return this.engine.getRows((await cur.ensure()).id, start, count);
  };

  async selectColumn(index: number): Promise<void> {
    const cur = this.current;
    if (!cur) return;
    this.selectedColumn = index;
    this.profile = null;
    try {
      const profile = await this.engine.getProfile((await cur.ensure()).id, index);
      if (this.selectedColumn === index && this.current === cur) this.profile = profile;
    } catch (e) {
      this.error = standardizeError(e);
    }
  }

  async downloadIssues(): Promise<void> {
    const cur = this.current;
    if (!cur) return;
    try {
      const bytes = await this.engine.issuesCsv((await cur.ensure()).id);
      downloadBytes(`${cur.file.name.replace(/\.[^.]+$/, '')}-problems.csv`, bytes);
    } catch (e) {
      this.error = standardizeError(e);
    }
  }

  #clearSelection(): void {
    this.selectedColumn = null;
    this.profile = null;
  }

  #showLoaded(index: number): void {
    this.currentIndex = index;
    this.#clearSelection();
    this.view = 'table';
  }

  /**
   * Runs a load of `t` with the progress bar and first rows on screen. An error is shown (false
   * returned), or thrown with `rethrow` (a flow re-opening its table reports it itself).
   */
  async #load(
    t: OpenTable,
    read: (listener: (e: EngineEvent) => void) => Promise<void>,
    rethrow = false,
  ): Promise<boolean> {
    this.error = null;
    this.loading = { fileName: t.file.name, progress: null };
    this.loadingHead = null;
    let aborted = false;
    const listener = (e: EngineEvent) => {
      if (!this.loading) return;
      if (e.type === 'progress') this.loading = { ...this.loading, progress: e.progress };
      else this.loadingHead = e.head;
    };
    try {
      await read(listener);
      return true;
    } catch (e) {
      if (rethrow) throw e;
      this.error = standardizeError(e);
      aborted = this.error === null;
      return false;
    } finally {
      this.loading = null;
      this.loadingHead = null;
      // A cancel restarts the engine, which drops every table: bring back the one on screen.
      if (aborted && this.current && !this.current.live) void this.show(this.currentIndex);
    }
  }
}
