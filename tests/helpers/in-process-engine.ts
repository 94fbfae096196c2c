// The engine as the page sees it (every EngineApi method answering a Promise, plus generation and
// cancel), running the real worker code in this process: no Worker, no Comlink.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Engine } from '../../src/services/engine-client';
import type { Sample } from '../../src/services/samples';
import { engineApi } from '../../workers/engine-api';

export interface InProcessEngine extends Engine {
  /** Every method called, in order. */
  readonly calls: string[];
}

/** Drops everything the worker holds, as a terminated worker does. */
function dropAll(): void {
  const held = engineApi.openHandles();
  for (const id of held.tables) engineApi.closeTable(id);
  for (const id of held.workbooks) engineApi.closeWorkbook(id);
  for (const id of held.queries) engineApi.closePersonQuery(id);
}

export function inProcessEngine(): InProcessEngine {
  const calls: string[] = [];
  // A cancel restarts the engine: a new generation, and every handle of the old one gone.
  const control = {
    generation: 0,
    calls,
    cancel: () => {
      control.generation++;
      dropAll();
      return Promise.resolve();
    },
  };
  return new Proxy(control, {
    get(target, key) {
      if (key in target) return target[key as keyof typeof target];
      if (typeof key !== 'string' || !(key in engineApi)) return undefined;
      const method = engineApi[key as keyof typeof engineApi] as (...a: unknown[]) => unknown;
      return async (...args: unknown[]) => {
        calls.push(key);
        return method(...args);
      };
    },
  }) as unknown as InProcessEngine;
}

const SAMPLES = join(import.meta.dirname, '..', '..', 'public', 'samples');

/** A bundled sample as the File the app would fetch. */
export async function sampleFile(s: Pick<Sample, 'file'>): Promise<File> {
  return new File([readFileSync(join(SAMPLES, s.file))], s.file);
}
