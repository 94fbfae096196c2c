// Worker memory: tables, workbooks and person queries are freed when the user leaves them (a
// closed tab, another file, a left flow). The whole app state runs here on the real worker code.
import { describe, expect, it } from 'vitest';
import { utils, write } from 'xlsx';
import type { SentimentMapping } from '../../src/lib/score/types';
import { AppState } from '../../src/state/app.svelte';
import { Workspace } from '../../src/state/workspace.svelte';
import type { SavedSentimentMapping } from '../../src/storage/db';
import { engineApi } from '../../workers/engine-api';
import { inProcessEngine, sampleFile } from '../helpers/in-process-engine';
import { MemoryRepo } from '../helpers/recipe-fakes';

class MemoryMappings {
  items = new Map<string, SavedSentimentMapping>();
  async get(key: string) {
    return this.items.get(key);
  }
  async save(key: string, q: { header: string; label: string }, mapping: SentimentMapping) {
    const saved = { key, ...q, mapping, updated: 'now' };
    this.items.set(key, saved);
    return saved;
  }
  async delete(key: string) {
    this.items.delete(key);
  }
  async list() {
    return [...this.items.values()];
  }
}

/** A workbook with two sheets. */
function twoSheets(): File {
  const book = utils.book_new();
  utils.book_append_sheet(book, utils.aoa_to_sheet([['a'], [1]]), 'One');
  utils.book_append_sheet(book, utils.aoa_to_sheet([['b'], [2]]), 'Two');
  return new File([write(book, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer], 'two.xlsx');
}

function setup() {
  const engine = inProcessEngine();
  const ws = new Workspace(engine, sampleFile);
  const mappings = new MemoryMappings();
  const app = new AppState(ws, engine, new MemoryRepo(), mappings);
  /** The worker's handles, beside the tables the workspace shows. */
  const held = () => engineApi.openHandles();
  const tabs = () => ws.tables.map((t) => t.info.id).sort();
  return { engine, ws, app, held, tabs, mappings };
}

describe('the worker holds only what is on screen', () => {
  it('frees each flow when it is left, and everything once the tabs are closed', async () => {
    const { ws, app, held, tabs } = setup();

    // Survey → Viva on a workbook.
    app.go('survey-to-viva');
    await app.survey.load('qualtrics-xlsx');
    expect(app.survey.preview).not.toBeNull();
    expect(held().workbooks).toHaveLength(1);
    app.go('workspace');
    expect(held().tables.sort()).toEqual(tabs());

    // Another sheet of a workbook: the sheet shown before is freed.
    await ws.openFiles([twoSheets()]);
    expect(ws.current?.sheet).toBe('One');
    await ws.selectSheet('Two');
    expect(ws.current?.sheet).toBe('Two');
    expect(held().tables.sort()).toEqual(tabs());
    expect(held().workbooks).toHaveLength(2);

    // ID mapping.
    app.go('id-mapping');
    await app.ids.loadSample();
    expect(app.ids.preview?.rowCount).toBeGreaterThan(0);
    app.go('workspace');
    expect(held().tables.sort()).toEqual(tabs());

    // Viva → Qualtrics: the person query and the directory are the flow's own.
    app.go('viva-to-qualtrics');
    await app.viva.load(await sampleFile({ file: 'viva-person-query-surveys.zip' }));
    await app.viva.loadDirectory(await sampleFile({ file: 'qualtrics-directory.csv' }));
    await app.viva.settle();
    expect(app.viva.preview).not.toBeNull();
    expect(held().queries).toHaveLength(1);
    expect(held().tables).toHaveLength(tabs().length + 1);
    // Another query: the one before is freed.
    await app.viva.load(await sampleFile({ file: 'viva-person-query-surveys.zip' }));
    expect(held().queries).toHaveLength(1);
    app.go('workspace');
    expect(held().queries).toEqual([]);
    expect(held().tables.sort()).toEqual(tabs());

    // Analysis: the averaged and joined tables are the flow's own.
    app.go('analysis');
    await app.analysis.loadSample();
    expect(app.analysis.result).not.toBeNull();
    expect(held().tables.length).toBe(tabs().length + 2);
    app.go('workspace');
    expect(held().tables.sort()).toEqual(tabs());

    // Back to the Analysis: its tables are made again and the scores come back.
    app.go('analysis');
    await app.analysis.resume();
    expect(app.analysis.result).not.toBeNull();
    expect(held().tables.length).toBe(tabs().length + 2);
    app.go('workspace');

    // Closing every tab frees every table and workbook.
    while (ws.tables.length > 0) ws.close(0);
    expect(held()).toEqual({ tables: [], workbooks: [], queries: [] });
  });

  it('back on the Analysis, its tables are made again and a mapping deleted meanwhile is gone', async () => {
    const { app, held, tabs, mappings } = setup();
    app.go('analysis');
    await app.analysis.loadSample();
    const flow = app.analysis;
    await flow.setMapping({ ...flow.mapping!, headline: 'mean' });
    await flow.flush();
    expect(flow.mappingSource).toBe('edited');
    app.go('recipes');
    expect(held().tables.sort()).toEqual(tabs());
    await mappings.delete([...mappings.items.keys()][0]);
    app.go('analysis');
    await flow.resume();
    expect(flow.mappingSource).toBe('default');
    expect(flow.result?.overall).toBeTruthy();
    expect(held().tables.length).toBe(tabs().length + 2);
  });
});
