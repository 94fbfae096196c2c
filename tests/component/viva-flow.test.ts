/// <reference types="node" />
// The Viva → Qualtrics flow state against the real worker code (run in-process, no Comlink):
// loading, re-applying a saved recipe, cancel (new engine generation), storage failures.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import PqAverageStep from '../../src/components/viva-to-qualtrics/AverageStep.svelte';
import type { EngineListener } from '../../src/services/engine-client';
import type { VivaEngine } from '../../src/services/engine-client';
import { noSources } from '../helpers/sources';
import type { VivaToQualtricsRecipe } from '../../src/lib/recipe/types';
import { RecipeStore } from '../../src/state/recipes.svelte';
import { VivaToQualtricsFlow } from '../../src/state/viva-to-qualtrics.svelte';
import { participantFile } from '../../src/lib/recipe/viva-run';
import { openPersonQuery, runFor, type PersonQuery } from '../../workers/person-query';
import { MemoryRepo } from '../helpers/recipe-fakes';

const NOW = new Date('2026-11-22T09:00:00.000Z');
const SAMPLE = join(
  import.meta.dirname,
  '..',
  '..',
  'public',
  'samples',
  'viva-person-query-surveys.zip',
);

/** The engine's person-query half, in-process; `cancel` starts a new generation like the real one. */
class InProcessEngine implements VivaEngine {
  generation = 0;
  queries = new Map<string, { q: PersonQuery; generation: number }>();
  opened = 0;
  runs: VivaToQualtricsRecipe[] = [];
  openPersonQuery = vi.fn(async (file: Blob, name: string) => {
    const q = await openPersonQuery(file, name);
    const id = `q${++this.opened}`;
    this.queries.set(id, { q, generation: this.generation });
    return { id, head: q.head };
  });
  #query(id: string): PersonQuery {
    const entry = this.queries.get(id);
    if (!entry || entry.generation !== this.generation) {
      throw Object.assign(new Error('gone'), { name: 'NotFoundError' });
    }
    return entry.q;
  }
  async runVivaToQualtrics(
    id: string,
    recipe: VivaToQualtricsRecipe,
    _dir: string | null,
    rows?: number,
    listener?: EngineListener,
  ) {
    this.runs.push(recipe);
    listener?.({
      type: 'progress',
      progress: { phase: 'reading', bytesRead: 1, totalBytes: 2, rows: 1 },
    });
    return runFor(this.#query(id), recipe, null, rows);
  }
  async vivaToQualtricsFile(id: string, recipe: VivaToQualtricsRecipe) {
    const { output } = await runFor(this.#query(id), recipe, null, undefined);
    return participantFile(output, recipe.format);
  }
  openFile = vi.fn(async () => {
    throw new Error('not used');
  });
  problemsCsv = vi.fn(async () => new Uint8Array());
  closePersonQuery = vi.fn(async (id: string) => void this.queries.delete(id));
  closeTable = vi.fn(async () => {});
  /** Resolves the cancel's promise (the worker is gone) when the test says so. */
  gone: Promise<void> = Promise.resolve();
  cancel() {
    this.generation++;
    return this.gone;
  }
}

function setup(saved: VivaToQualtricsRecipe[] = []) {
  const engine = new InProcessEngine();
  const repo = new MemoryRepo(saved);
  const store = new RecipeStore(repo, () => NOW);
  const flow = new VivaToQualtricsFlow(
    engine,
    store,
    noSources(),
    () => NOW,
    () => 'new-1',
    0,
  );
  return { engine, repo, store, flow };
}

const sample = () => new File([readFileSync(SAMPLE)], 'viva-person-query-surveys.zip');

describe('VivaToQualtricsFlow', () => {
  it('opens a query with the default recipe, previews it and saves the recipe', async () => {
    const { flow, repo } = setup();
    await flow.load(sample());
    expect(flow.recipe?.identifier).toBe('UniqueIdentifier');
    expect(flow.recipe?.metrics).toHaveLength(9);
    expect(flow.preview?.output.rowCount).toBe(137);
    expect(flow.preview?.summary.people).toBe(140);
    expect(flow.running).toBe(false);
    expect(flow.progress).toBeNull();
    expect(repo.saved.at(-1)?.kind).toBe('viva-to-qualtrics');
  });

  it('applies the saved recipe that fits the query, and says so', async () => {
    const first = setup();
    await first.flow.load(sample());
    const saved = { ...first.flow.recipe!, name: 'Quarterly metrics', minWeeks: 12 };
    const { flow } = setup([saved]);
    await flow.load(sample());
    expect(flow.reapplied).toBe('Quarterly metrics');
    expect(flow.recipe?.minWeeks).toBe(12);
    expect(flow.preview?.output.people.fewWeeks).toBe(2); // the two late joiners
  });

  it('re-runs on a change, and re-opens the file after a cancel', async () => {
    const { flow, engine } = setup();
    await flow.load(sample());
    flow.update((r) => ({ ...r, window: { kind: 'last', weeks: 4, through: null } }));
    await flow.settle();
    expect(flow.preview?.summary.window.from).toBe('2026-05-31');

    await flow.cancel();
    expect(flow.cancelled).toBe(true);
    expect(flow.running).toBe(false);
    await flow.run();
    expect(engine.openPersonQuery).toHaveBeenCalledTimes(2);
    expect(flow.cancelled).toBe(false);
    expect(flow.error).toBeNull();
    expect(flow.preview?.output.rowCount).toBe(137);
  });

  it('says "cancelled" only once the engine reports its worker gone', async () => {
    const { flow, engine } = setup();
    await flow.load(sample());
    let release = () => {};
    engine.gone = new Promise<void>((r) => (release = r));
    flow.running = true;
    const cancelling = flow.cancel();
    await Promise.resolve();
    expect(flow.cancelled).toBe(false);
    expect(flow.running).toBe(true);
    release();
    await cancelling;
    expect(flow.cancelled).toBe(true);
    expect(flow.running).toBe(false);
  });

  it('keeps working when the recipe cannot be saved', async () => {
    const { flow, repo, store } = setup();
    repo.failSave = Object.assign(new Error('The storage is full.'), { name: 'StorageError' });
    await flow.load(sample());
    expect(store.error?.name).toBe('StorageError');
    expect(flow.preview?.output.rowCount).toBe(137);
    expect(flow.error).toBeNull();
  });

  it('shows a bad file as an error and stays usable', async () => {
    const { flow } = setup();
    await flow.load(new File(['Name,Score\nA,1\n'], 'scores.csv'));
    expect(flow.error?.name).toBe('ParseError');
    expect(flow.query).toBeNull();
    await flow.load(sample());
    expect(flow.error).toBeNull();
    expect(flow.preview?.output.rowCount).toBe(137);
  });

  it('reads with the WebAssembly kernel, and says so when a large file had to be read without it', async () => {
    const { flow } = setup();
    await flow.load(sample());
    expect(flow.preview?.summary.engine).toBe('webassembly');
    const { unmount } = render(PqAverageStep, { flow });
    expect(screen.getByTestId('pq-summary').dataset.engine).toBe('webassembly');
    expect(screen.queryByTestId('pq-no-wasm')).toBeNull();
    unmount();

    // As a browser with WebAssembly switched off would report a 2 M-row file.
    const preview = flow.preview!;
    flow.preview = {
      ...preview,
      summary: { ...preview.summary, engine: 'javascript', rows: 2_000_000 },
    };
    render(PqAverageStep, { flow });
    expect(screen.getByTestId('pq-summary').dataset.engine).toBe('javascript');
    expect(screen.getByTestId('pq-no-wasm').textContent).toMatch(/WebAssembly is switched off/);
  });
});
