// What the engine holds for the page (tables, workbooks, person queries) lives behind ids that a
// worker restart (a cancelled load, a crash) wipes out. A handle keeps what is needed to open the
// thing again (its File) and the engine generation its id belongs to: `ensure()` opens it again
// when the engine restarted or the handle was closed to free memory. Every flow recovers the same
// way, instead of asking the user to open the file again.
import type { TableInfo } from '../lib/table/types';
import type { EngineControl } from '../services/engine-client';

/** What a flow needs of an open table: its info in the current engine, opened again if needed. */
export interface TableSource {
  ensure(): Promise<TableInfo>;
}

/** A value the engine made from a File, and how to make it again. */
export class Opened<T> {
  value = $state.raw<T | null>(null);
  /** The engine generation `value` belongs to; -1 once closed. */
  generation = $state(-1);

  constructor(
    readonly file: File,
    private readonly engine: Pick<EngineControl, 'generation'>,
    private readonly open: (file: File) => Promise<T>,
    private readonly free: (value: T) => Promise<void>,
  ) {}

  /** Whether `value` is usable in the engine as it is now. */
  get live(): boolean {
    return this.value !== null && this.generation === this.engine.generation;
  }

  /** The value in the current engine: opened (again) when it is not live. */
  async ensure(): Promise<T> {
    if (!this.live || this.value === null) {
      const value = await this.open(this.file);
      this.value = value;
      this.generation = this.engine.generation;
      return value;
    }
    return this.value;
  }

  /** Frees the engine's copy now (a gone id is no error); a later `ensure()` opens it again. */
  close(): void {
    if (this.live && this.value !== null) void this.free(this.value).catch(() => {});
    this.generation = -1;
  }
}
