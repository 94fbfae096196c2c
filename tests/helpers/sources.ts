// Stand-ins for what flows take from the workspace, for tests that give a flow its tables directly.
import type { TableInfo } from '../../src/lib/table/types';
import type { TableSource } from '../../src/state/opened.svelte';
import type { Sources } from '../../src/state/workspace.svelte';

/** A workspace with no tables that opens nothing. */
export function noSources(): Sources {
  return { tables: [], loading: null, openFiles: async () => {}, openSample: async () => {} };
}

/** A table already open in the engine (a full TableInfo, or just an id for fakes). */
export function tableSource(table: TableInfo | string): TableSource {
  const info = typeof table === 'string' ? ({ id: table, name: table } as TableInfo) : table;
  return { ensure: () => Promise.resolve(info) };
}
