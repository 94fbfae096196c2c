import { flushSync } from 'svelte';
import { describe, expect, it, vi } from 'vitest';
import type { TableInfo } from '../../src/lib/table/types';
import type { EngineListener, OpenResult, WorkspaceEngine } from '../../src/services/engine-client';
import { Workspace } from '../../src/state/workspace.svelte';

function info(id: string, name: string, sheet?: string): TableInfo {
  return {
    id,
    name,
    rowCount: 3,
    columns: [{ index: 0, name: 'a', header: 'a', type: 'text' }],
    format: { kind: sheet ? 'xlsx' : 'csv', source: 'plain', headerRows: 1, notes: [], sheet },
    issues: [],
  };
}

/** A fake engine: opens instantly unless `hold` is set, then waits until released or cancelled. */
class FakeEngine implements WorkspaceEngine {
  generation = 0;
  n = 0;
  hold = false;
  failWith: Error | null = null;
  private pending: { resolve: () => void; reject: (e: Error) => void }[] = [];
  opened: string[] = [];

  async openFile(file: Blob, name: string, listener?: EngineListener): Promise<OpenResult> {
    this.opened.push(name);
    listener?.({
      type: 'progress',
      progress: { phase: 'reading', bytesRead: 1, totalBytes: 2, rows: 1 },
    });
    if (this.failWith) throw this.failWith;
    if (this.hold) {
      await new Promise<void>((resolve, reject) => this.pending.push({ resolve, reject }));
    }
    const id = `t${++this.n}`;
    if (name.endsWith('.xlsx')) {
      return {
        table: info(id, name, 'S1'),
        workbook: {
          id: 'w1',
          name,
          sheets: [
            { name: 'S1', hidden: false },
            { name: 'S2', hidden: false },
          ],
        },
      };
    }
    return { table: info(id, name) };
  }
  openSheet = vi.fn(async (_wb: string, sheet: string) => info(`t${++this.n}`, `book.xlsx`, sheet));
  getRows = vi.fn(async (_id: string, start: number) => ({ start, rows: [['x']], invalid: [] }));
  getProfile = vi.fn(async (_id: string, column: number) => ({
    index: column,
    name: 'a',
    type: 'text' as const,
    count: 3,
    blanks: 0,
    distinct: 1,
    invalid: 0,
    min: 'x',
    max: 'x',
    mean: null,
    top: [],
  }));
  issuesCsv = vi.fn(async () => new Uint8Array());
  closeTable = vi.fn(async () => {});
  closeWorkbook = vi.fn(async () => {});
  /** Lets the held loads finish. */
  release(): void {
    this.pending.splice(0).forEach((p) => p.resolve());
  }
  cancel(): Promise<void> {
    this.generation++;
    const e = new Error('Cancelled.');
    e.name = 'AbortError';
    this.pending.splice(0).forEach((p) => p.reject(e));
    return Promise.resolve();
  }
}

const file = (name: string) => new File(['a\nx\n'], name);

describe('Workspace', () => {
  it('opens files as tabs and shows the last one', async () => {
    const ws = new Workspace(new FakeEngine());
    await ws.openFiles([file('a.csv'), file('b.csv')]);
    flushSync();
    expect(ws.tables.map((t) => t.info.name)).toEqual(['a.csv', 'b.csv']);
    expect(ws.current?.info.name).toBe('b.csv');
    expect(ws.view).toBe('table');
    expect(ws.loading).toBeNull();
  });

  it('shows an engine error by name and keeps what was open', async () => {
    const engine = new FakeEngine();
    const ws = new Workspace(engine);
    await ws.openFiles([file('a.csv')]);
    engine.failWith = Object.assign(new Error('This file is empty.'), { name: 'ParseError' });
    await ws.openFiles([file('bad.csv')]);
    expect(ws.error).toEqual({ name: 'ParseError', message: 'This file is empty.' });
    expect(ws.tables).toHaveLength(1);
    ws.dismissError();
    expect(ws.error).toBeNull();
  });

  it('cancel is not an error and re-opens the table on screen after the engine restarts', async () => {
    const engine = new FakeEngine();
    const ws = new Workspace(engine);
    await ws.openFiles([file('a.csv')]);
    engine.hold = true;
    const loading = ws.openFiles([file('big.csv')]);
    await vi.waitFor(() => expect(ws.loading?.progress?.rows).toBe(1));
    engine.hold = false;
    ws.cancel();
    await loading;
    await vi.waitFor(() => expect(ws.current?.generation).toBe(engine.generation));
    expect(ws.error).toBeNull();
    expect(ws.tables.map((t) => t.info.name)).toEqual(['a.csv']);
    expect(engine.opened).toEqual(['a.csv', 'big.csv', 'a.csv']);
  });

  it('switches sheets of a workbook in place', async () => {
    const engine = new FakeEngine();
    const ws = new Workspace(engine);
    await ws.openFiles([file('book.xlsx')]);
    await ws.selectSheet('S2');
    expect(engine.openSheet).toHaveBeenCalledWith('w1', 'S2', expect.any(Function));
    expect(ws.tables).toHaveLength(1);
    expect(ws.current?.sheet).toBe('S2');
  });

  it('profiles the selected column', async () => {
    const ws = new Workspace(new FakeEngine());
    await ws.openFiles([file('a.csv')]);
    await ws.selectColumn(0);
    expect(ws.profile?.distinct).toBe(1);
  });

  it('opens a sample through the injected fetcher', async () => {
    const ws = new Workspace(new FakeEngine(), async (s) => file(s.file));
    await ws.openSample('viva-person-query');
    expect(ws.current?.info.name).toBe('viva-person-query-sample.csv');
  });

  it('a closed tab is freed in the engine and not brought back by a flow that still holds it', async () => {
    const engine = new FakeEngine();
    const ws = new Workspace(engine);
    await ws.openFiles([file('book.xlsx')]);
    const tab = ws.tables[0];
    ws.close(0);
    expect(engine.closeTable).toHaveBeenCalledWith(tab.info.id);
    expect(engine.closeWorkbook).toHaveBeenCalledWith('w1');
    await expect(tab.ensure()).rejects.toMatchObject({ name: 'NotFoundError' });
    expect(engine.opened).toEqual(['book.xlsx']);
  });

  it('a flow re-opens its table after a restart, with the progress on screen', async () => {
    const engine = new FakeEngine();
    const ws = new Workspace(engine);
    await ws.openFiles([file('a.csv')]);
    const tab = ws.tables[0];
    const before = tab.info.id;
    void engine.cancel();
    engine.hold = true;
    const again = tab.ensure();
    await vi.waitFor(() => expect(ws.loading?.fileName).toBe('a.csv'));
    engine.hold = false;
    engine.release();
    const info = await again;
    expect(info.id).not.toBe(before);
    expect(tab.generation).toBe(engine.generation);
    expect(ws.loading).toBeNull();
  });

  it('the grid, the profile and the issues open the table again after a restart', async () => {
    const engine = new FakeEngine();
    const ws = new Workspace(engine);
    await ws.openFiles([file('a.csv')]);
    void engine.cancel();
    await ws.fetchRows(0, 10);
    expect(engine.opened).toEqual(['a.csv', 'a.csv']);
    expect(engine.getRows).toHaveBeenLastCalledWith('t2', 0, 10);
    void engine.cancel();
    await ws.selectColumn(0);
    expect(engine.getProfile).toHaveBeenLastCalledWith('t3', 0);
    expect(ws.profile).not.toBeNull();
  });
});
