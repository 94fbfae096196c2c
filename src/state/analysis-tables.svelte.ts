// The Analysis' tables: the survey (left), the optional table joined to it (right), the join
// settings, and the tables made from them in the worker (the per-person average of a weekly
// query, the joined table). It frees what it made as soon as it is replaced or left behind;
// the left and right tables are the workspace's, opened again after an engine restart.
import { averageDrops, joinSpec, suggestJoin, type JoinSettings } from '../lib/analysis/setup';
import type { TableInfo } from '../lib/table/types';
import type { JoinSpec } from '../lib/transform/join-tables';
import type { AnalysisEngine, JoinSummary } from '../services/engine-client';
import type { TableSource } from './opened.svelte';

export interface Averaged {
  table: TableInfo;
  blankKeys: number;
  inactive: number;
  changing: string[];
}

/** Tables made for one version of the join, before they are shown. */
export interface Built {
  target: TableInfo;
  averaged: Averaged | null;
  report: JoinSummary | null;
}

export class AnalysisTables {
  left = $state.raw<TableInfo | null>(null);
  right = $state.raw<TableInfo | null>(null);
  join = $state.raw<JoinSettings | null>(null);
  /** The table analysed: the join when there is a right table, else the left table. */
  target = $state.raw<TableInfo | null>(null);
  averaged = $state.raw<Averaged | null>(null);
  report = $state.raw<JoinSummary | null>(null);

  #sources: { left: TableSource; right: TableSource | null } | null = null;
  /** Ids of the tables made here and not freed yet (bookkeeping, not shown: not reactive). */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #made = new Set<string>();

  constructor(private readonly engine: AnalysisEngine) {}

  /**
   * Chooses the tables. Returns whether they are the same files as before: then the join the
   * user chose is kept; else the join is suggested anew and what was made for the old files goes.
   */
  async choose(left: TableSource, right: TableSource | null): Promise<boolean> {
    this.#sources = { left, right };
    const l = await left.ensure();
    const r = right ? await right.ensure() : null;
    const keep = this.join !== null && this.left?.name === l.name && this.right?.name === r?.name;
    this.left = l;
    this.right = r;
    if (!keep) {
      this.join = r ? suggestJoin(l, r) : null;
      this.#free(this.averaged?.table.id);
      this.averaged = null;
      this.report = null;
    }
    return keep;
  }

  /** The join the worker runs, or null without a right table. */
  spec(): JoinSpec | null {
    return this.join && this.left && this.right ? joinSpec(this.join) : null;
  }

  /** Builds the averaged and joined tables for the current join, in the current engine. */
  async build(): Promise<Built | null> {
    const s = this.#sources;
    if (!s) return null;
    // The workspace's tables, opened again if the engine restarted.
    const left = await s.left.ensure();
    const right = s.right ? await s.right.ensure() : null;
    if (left !== this.left) this.left = left;
    if (right !== this.right) this.right = right;
    const j = this.join;
    if (!right || !j) return { target: left, averaged: null, report: null };
    const made: string[] = [];
    try {
      let rightId = right.id;
      let averaged: Averaged | null = null;
      if (j.averageRight) {
        averaged = await this.engine.averagePerKey(
          right.id,
          j.rightKey,
          { trim: j.trim, caseFold: j.caseFold },
          { drop: averageDrops(right, j), inactiveColumn: j.inactiveColumn },
        );
        made.push(averaged.table.id);
        this.#made.add(averaged.table.id);
        rightId = averaged.table.id;
      }
      const joined = await this.engine.joinTables(left.id, rightId, joinSpec(j));
      this.#made.add(joined.table.id);
      return { target: joined.table, averaged, report: joined.report };
    } catch (e) {
      for (const id of made) this.#free(id);
      throw e;
    }
  }

  /** Shows what `build` made, freeing the tables it replaces. */
  adopt(b: Built): void {
    for (const id of [this.averaged?.table.id, this.target?.id]) {
      if (id !== b.averaged?.table.id && id !== b.target.id) this.#free(id);
    }
    this.averaged = b.averaged;
    this.report = b.report;
    this.target = b.target;
  }

  /** Frees what `build` made when a newer change won. */
  discard(b: Built): void {
    this.#free(b.averaged?.table.id);
    this.#free(b.target.id);
  }

  /** Frees every table made here (leaving the Analysis); `build` makes them again. */
  release(): void {
    for (const id of [...this.#made]) this.#free(id);
  }

  /** The table on the right of the join as the worker has it (averaged or not). */
  get joinedRightId(): string | undefined {
    return this.join?.averageRight ? this.averaged?.table.id : this.right?.id;
  }

  /** Frees a table made here (a gone id is no error); tables it did not make are left alone. */
  #free(id: string | undefined): void {
    if (!id || !this.#made.delete(id)) return;
    void this.engine.closeTable(id).catch(() => {});
  }
}
