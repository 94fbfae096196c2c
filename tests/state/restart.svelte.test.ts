// Every flow recovers from an engine restart (a cancelled load, a crash): the tables and person
// queries it works on are opened again from their files, and the flow goes on where it was.
import { describe, expect, it } from 'vitest';
import { AppState } from '../../src/state/app.svelte';
import { Workspace } from '../../src/state/workspace.svelte';
import { engineApi } from '../../workers/engine-api';
import { inProcessEngine, sampleFile } from '../helpers/in-process-engine';
import { MemoryRepo } from '../helpers/recipe-fakes';

const noMappings = {
  get: async () => undefined,
  save: async () => {
    throw new Error('not used');
  },
  delete: async () => {},
  list: async () => [],
};

function setup() {
  const engine = inProcessEngine();
  const ws = new Workspace(engine, sampleFile);
  const app = new AppState(ws, engine, new MemoryRepo(), noMappings);
  /** Restarts the engine: every table and query of the old one is gone. */
  const restart = () => {
    void engine.cancel();
    expect(engineApi.openHandles()).toEqual({ tables: [], workbooks: [], queries: [] });
  };
  return { engine, ws, app, restart };
}

describe('after an engine restart', () => {
  it('Survey → Viva opens its table again and previews the next change', async () => {
    const { engine, ws, app, restart } = setup();
    app.go('survey-to-viva');
    await app.survey.load('qualtrics-current');
    const before = app.survey.tableId;
    restart();
    const question = app.survey.facts!.columns.find((c) => c.kind === 'question')!;
    app.survey.addCategory('Engagement');
    app.survey.assign([question.key], 0);
    await app.survey.settle();
    expect(app.survey.error).toBeNull();
    expect(app.survey.tableId).not.toBe(before);
    expect(app.survey.preview?.header).toContain('Engagement');
    expect(ws.tables[0].generation).toBe(engine.generation);
    // The download runs on the table opened again (the sample's own problems may still block it).
    restart();
    await app.survey.download();
    expect(app.survey.error?.name).not.toBe('NotFoundError');
    expect(ws.tables[0].generation).toBe(engine.generation);
  });

  it('the ID mapping opens both tables again', async () => {
    const { app, restart } = setup();
    app.go('id-mapping');
    await app.ids.loadSample();
    const matched = app.ids.preview?.report?.matched;
    expect(matched).toBeGreaterThan(0);
    restart();
    app.ids.update((r) => ({ ...r, fileName: 'again' }));
    await app.ids.settle();
    expect(app.ids.error).toBeNull();
    expect(app.ids.preview?.report?.matched).toBe(matched);
  });

  it('Viva → Qualtrics opens its person query and directory again', async () => {
    const { app, restart } = setup();
    app.go('viva-to-qualtrics');
    await app.viva.load(await sampleFile({ file: 'viva-person-query-surveys.zip' }));
    await app.viva.loadDirectory(await sampleFile({ file: 'qualtrics-directory.csv' }));
    await app.viva.settle();
    const rows = app.viva.preview?.output.rowCount;
    restart();
    app.viva.update((r) => ({ ...r, minWeeks: r.minWeeks }));
    await app.viva.settle();
    expect(app.viva.error).toBeNull();
    expect(app.viva.preview?.output.rowCount).toBe(rows);
    expect(engineApi.openHandles().queries).toHaveLength(1);
  });

  it('the Analysis builds its joined table again and scores the next change', async () => {
    const { app, restart } = setup();
    app.go('analysis');
    await app.analysis.loadSample();
    const n = app.analysis.result?.overall;
    const matched = app.analysis.report?.matchedLeft;
    expect(n).toBeTruthy();
    restart();
    app.analysis.update({ minGroup: 6 });
    await app.analysis.flush();
    expect(app.analysis.error).toBeNull();
    expect(app.analysis.report?.matchedLeft).toBe(matched);
    expect(app.analysis.result?.overall).toEqual(n);
  });
});
