// The app's threads, as an end-to-end test sees them. Playwright's worker events say when each
// worker starts and closes, which is how a test proves that Cancel stopped the work: the engine
// worker (and the part workers it started) must close. To make sure a load is still running when
// the test clicks Cancel, chosen part workers are paused in the debugger through a CDP session:
// their part never arrives, so the load cannot finish on its own, however fast the machine.
// (Chromium's CPU throttling does not do this: measured on Chromium 156, a busy loop in a
// dedicated worker took 1.5 s at every rate from 1 to 100, and Emulation.setCPUThrottlingRate on
// a worker target is refused: "Operation is only supported for pages, not workers".)
import { expect, type CDPSession, type Page, type Worker } from '@playwright/test';

export interface SeenWorker {
  url: string;
  /** Date.now() when Playwright reported the worker (or the watch began), and when it closed. */
  startedAt: number;
  closedAt: number | null;
}

export interface WorkerWatch {
  /** Every worker of the page, in the order they started. */
  readonly all: SeenWorker[];
  /** The engine workers (`xo-engine`, engine.worker.*). */
  engines(): SeenWorker[];
  /** The part workers (csv-part.worker.*, pq-part.worker.*). */
  parts(): SeenWorker[];
  /** How many part workers were paused. */
  paused(): number;
  /** Resumes every paused worker and pauses no more. */
  release(): Promise<void>;
}

const isEngine = (url: string) => url.includes('engine.worker');
const isPart = (url: string) => url.includes('csv-part.worker') || url.includes('pq-part.worker');

/**
 * Records the page's workers from now on. `pause(url, n)` is asked for each part worker started
 * from now on (`n` counts the part workers before it, from 0); when it says yes, the worker is
 * paused in the debugger at once, so its part never finishes until `release()`.
 */
export async function watchWorkers(
  page: Page,
  pause: (url: string, n: number) => boolean = () => false,
): Promise<WorkerWatch> {
  const all: SeenWorker[] = [];
  const record = (w: Worker) => {
    const seen: SeenWorker = { url: w.url(), startedAt: Date.now(), closedAt: null };
    all.push(seen);
    w.on('close', () => (seen.closedAt = Date.now()));
  };
  // Workers already running (an engine started by an earlier step) count from now.
  page.workers().forEach(record);
  page.on('worker', record);

  // Playwright's own session resumes workers that wait for a debugger at start, so waiting is
  // not enough to hold one: a paused debugger is. The engine worker is a child of the page and
  // the part workers children of the engine worker, reached through non-flat sessions.
  const cdp: CDPSession = await page.context().newCDPSession(page);
  let id = 1;
  let releasing = false;
  const held: { engine: string; part: string }[] = [];
  let pausedCount = 0;
  let partsSeen = 0;
  const message = (method: string, params: object = {}) =>
    JSON.stringify({ id: id++, method, params });
  const toEngine = (engine: string, method: string, params?: object) =>
    cdp.send('Target.sendMessageToTarget', { sessionId: engine, message: message(method, params) });
  const toPart = (engine: string, part: string, method: string, params?: object) =>
    toEngine(engine, 'Target.sendMessageToTarget', {
      sessionId: part,
      message: message(method, params),
    });
  const autoAttach = { autoAttach: true, waitForDebuggerOnStart: true, flatten: false };

  cdp.on('Target.attachedToTarget', (e) => {
    void (async () => {
      await toEngine(e.sessionId, 'Target.setAutoAttach', autoAttach);
      await toEngine(e.sessionId, 'Runtime.runIfWaitingForDebugger');
    })().catch(() => {});
  });
  cdp.on('Target.receivedMessageFromTarget', (e) => {
    const m = JSON.parse(e.message) as {
      method?: string;
      params?: { sessionId: string; targetInfo: { url: string } };
    };
    if (m.method !== 'Target.attachedToTarget' || !m.params) return;
    const engine = e.sessionId;
    const part = m.params.sessionId;
    const url = m.params.targetInfo.url;
    void (async () => {
      if (!releasing && isPart(url) && pause(url, partsSeen++)) {
        held.push({ engine, part });
        pausedCount++;
        await toPart(engine, part, 'Debugger.enable');
        await toPart(engine, part, 'Debugger.pause');
      }
      await toPart(engine, part, 'Runtime.runIfWaitingForDebugger');
    })().catch(() => {});
  });
  await cdp.send('Target.setAutoAttach', autoAttach);

  return {
    all,
    engines: () => all.filter((w) => isEngine(w.url)),
    parts: () => all.filter((w) => isPart(w.url)),
    paused: () => pausedCount,
    async release() {
      releasing = true;
      for (const { engine, part } of held.splice(0)) {
        // (A worker that closed meanwhile no longer answers.)
        await toPart(engine, part, 'Debugger.resume').catch(() => {});
      }
    },
  };
}

/** Waits until every one of `running` has closed: how a test proves Cancel stopped the work. */
export async function expectAllClosed(running: readonly SeenWorker[]): Promise<void> {
  await expect
    .poll(() => running.filter((w) => w.closedAt === null).map((w) => w.url), {
      message: 'workers still running after Cancel',
      timeout: 10_000,
    })
    .toEqual([]);
}
