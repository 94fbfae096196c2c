// The only module that starts the engine worker. Lazy start; cancel = terminate + restart
// (a synchronous parse loop cannot poll a signal, so killing the thread is the real cancel).
//
// The client is derived from the worker's API type (as Squoosh's worker bridge is): a method is
// written once, in workers/engine-api.ts, and the page calls it through one generic `call`,
// typed by Parameters<>/ReturnType<>. Each flow sees only its Pick<> of the engine, which is the
// seam its tests fake.
import { proxy, wrap, type Remote } from 'comlink';
import type { EngineApi } from '../../workers/engine-api';

export type {
  EngineEvent,
  EngineListener,
  IdMappingPreview,
  JoinPart,
  JoinSummary,
  MatchPart,
  OpenResult,
  SurveyToVivaPreview,
  VivaPreview,
  WorkbookInfo,
} from '../../workers/engine-api';
export type { AggregateSummary } from '../lib/recipe/viva-run';

type Method = keyof EngineApi;
type Args<K extends Method> = Parameters<EngineApi[K]>;
type Result<K extends Method> = Promise<Awaited<ReturnType<EngineApi[K]>>>;

/** Every worker method as the page calls it: the same parameters, answered by a Promise. */
export type EngineMethods = { [K in Method]: (...args: Args<K>) => Result<K> };

/** What every flow may ask of the engine beside its methods. */
export interface EngineControl {
  /** Increases each time the worker is restarted: ids from older generations are gone. */
  readonly generation: number;
  /**
   * Stops whatever runs now: every pending call rejects with an AbortError at once, and the
   * promise resolves once the worker's thread is gone.
   */
  cancel(): Promise<void>;
}

/** The whole engine as the page sees it. */
export type Engine = EngineMethods & EngineControl;

/** The workspace's view: files, sheets, rows, profiles. */
export type WorkspaceEngine = Pick<
  Engine,
  | 'generation'
  | 'cancel'
  | 'openFile'
  | 'openSheet'
  | 'getRows'
  | 'getProfile'
  | 'issuesCsv'
  | 'closeTable'
  | 'closeWorkbook'
>;

/** The "Survey scores to Viva Insights" flow's view. */
export type SurveyToVivaEngine = Pick<
  Engine,
  'generation' | 'describeSurvey' | 'runSurveyToViva' | 'surveyToVivaCsv' | 'problemsCsv'
>;

/** The "Qualtrics IDs to Viva Insights" flow's view. */
export type IdMappingEngine = Pick<
  Engine,
  'generation' | 'runIdMapping' | 'idMappingCsv' | 'matchReportCsv' | 'problemsCsv'
>;

/** The "Viva metrics to Qualtrics" flow's view. */
export type VivaEngine = Pick<
  Engine,
  | 'generation'
  | 'cancel'
  | 'openFile'
  | 'openPersonQuery'
  | 'runVivaToQualtrics'
  | 'vivaToQualtricsFile'
  | 'problemsCsv'
  | 'closePersonQuery'
  | 'closeTable'
>;

/** The Analysis' view: joins and scores. */
export type AnalysisEngine = Pick<
  Engine,
  | 'generation'
  | 'describeForAnalysis'
  | 'averagePerKey'
  | 'joinTables'
  | 'joinReportCsv'
  | 'tableCsv'
  | 'runAnalysis'
  | 'runOverview'
  | 'responseCounts'
  | 'closeTable'
>;

function abortError(): Error {
  const e = new Error('Cancelled.');
  e.name = 'AbortError';
  return e;
}

function crashError(detail: string): Error {
  const e = new Error(
    `The reading engine stopped (${detail}). This usually means the browser ran out of memory ` +
      'for this file. Your other work is safe: open a smaller file or close other tabs and try again.',
  );
  e.name = 'EngineCrashError';
  return e;
}

/** Starts an engine worker; `name` is unique to it (the lock it holds while alive). */
export function createEngineWorker(name: string): Worker {
  return new Worker(new URL('../../workers/engine.worker.ts', import.meta.url), {
    type: 'module',
    name,
  });
}

/** A name no other worker has, in this tab or another tab of the app (locks are per origin). */
function uniqueName(): string {
  const id = globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random()}`;
  return `xo-engine ${id}`;
}

/**
 * Resolves once the worker named `name` is gone: the browser frees the Web Lock the worker
 * holds only when its thread has ended. Without Web Locks (or if it takes over `timeoutMs`) it
 * resolves anyway: terminate() has been called, and the page must not wait forever.
 */
function gone(name: string, timeoutMs = 5000): Promise<void> {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  if (!locks) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    // The request settles after its (empty) hold is released again.
    locks.request(name, () => {}).then(done, done);
  });
}

/** Owns the worker: starts it on the first call, stops it on cancel or crash. */
class EngineThread implements EngineControl {
  #worker: Worker | null = null;
  #name = '';
  #api: Remote<EngineApi> | null = null;
  #generation = 0;
  readonly #pending = new Set<(e: Error) => void>();

  constructor(private readonly createWorker: (name: string) => Worker) {}

  get generation(): number {
    return this.#generation;
  }

  cancel(): Promise<void> {
    if (!this.#worker) return Promise.resolve();
    const name = this.#name;
    this.#stop(abortError());
    return gone(name);
  }

  /** Calls a worker method; callbacks (progress listeners) are passed by Comlink.proxy. */
  call<K extends Method>(method: K, args: Args<K>): Result<K> {
    const api = this.#start();
    const sent = args.map((a) => (typeof a === 'function' ? proxy(a) : a));
    const fn = api[method] as unknown as (...a: unknown[]) => Result<K>;
    return new Promise((resolve, reject) => {
      this.#pending.add(reject);
      fn(...sent)
        .then(resolve, reject)
        .finally(() => this.#pending.delete(reject));
    });
  }

  #start(): Remote<EngineApi> {
    if (this.#api) return this.#api;
    this.#name = uniqueName();
    const worker = this.createWorker(this.#name);
    worker.addEventListener('error', (e) => this.#stop(crashError(e.message || 'worker error')));
    this.#worker = worker;
    this.#api = wrap<EngineApi>(worker);
    return this.#api;
  }

  #stop(reason: Error): void {
    this.#worker?.terminate();
    this.#worker = null;
    this.#api = null;
    this.#generation++;
    for (const reject of this.#pending) reject(reason);
    this.#pending.clear();
  }
}

/**
 * The engine for the page: `engine.openFile(…)` and every other method of EngineApi, plus
 * `generation` and `cancel()`. Method names are not listed anywhere: any name that is not a
 * control is a worker call (the type only admits EngineApi's names).
 */
export function createEngine(createWorker: (name: string) => Worker = createEngineWorker): Engine {
  const thread = new EngineThread(createWorker);
  const calls = new Map<string, (...args: never[]) => unknown>();
  return new Proxy(thread, {
    get(target, key, receiver) {
      if (key === 'generation') return target.generation;
      if (key === 'cancel') return () => target.cancel();
      if (typeof key !== 'string' || key === 'then') return Reflect.get(target, key, receiver);
      let fn = calls.get(key);
      if (!fn) {
        fn = (...args: never[]) => target.call(key as Method, args as never);
        calls.set(key, fn);
      }
      return fn;
    },
  }) as unknown as Engine;
}
