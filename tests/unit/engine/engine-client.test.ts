import { expose } from 'comlink';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEngine } from '../../../src/services/engine-client';

/** A Worker stand-in: one end of a MessageChannel, the fake API exposed on the other. */
class FakeWorker extends EventTarget {
  terminated = false;
  constructor(
    private readonly port: MessagePort,
    readonly other: MessagePort,
  ) {
    super();
  }
  postMessage(data: unknown, transfer?: Transferable[]): void {
    this.port.postMessage(data, transfer as never);
  }
  override addEventListener(type: string, listener: EventListenerOrEventListenerObject): void {
    if (type === 'message') {
      this.port.on('message', (data) => (listener as (e: unknown) => void)({ data }));
    } else super.addEventListener(type, listener);
  }
  override removeEventListener(): void {}
  terminate(): void {
    this.terminated = true;
    this.port.close();
    this.other.close();
  }
}

const workers: FakeWorker[] = [];
afterEach(() => workers.splice(0).forEach((w) => w.terminate()));

/** An engine whose openFile never finishes, and whose getRows answers at once. */
function start(): FakeWorker {
  const { port1, port2 } = new MessageChannel();
  expose(
    {
      openFile: (_file: Blob, name: string, listener?: (e: unknown) => void) =>
        name === 'now.csv'
          ? Promise.resolve(listener?.({ type: 'head', head: null })).then(() => ({ name }))
          : new Promise(() => {}),
      getRows: (_id: string, start: number) => ({ start, rows: [['x']], invalid: [] }),
    },
    port2 as never,
  );
  const w = new FakeWorker(port1, port2);
  workers.push(w);
  return w;
}

describe('EngineClient', () => {
  it('starts the worker lazily, on the first call', async () => {
    let started = 0;
    const client = createEngine(() => (started++, start() as unknown as Worker));
    expect(started).toBe(0);
    await expect(client.getRows('t1', 5, 10)).resolves.toEqual({
      start: 5,
      rows: [['x']],
      invalid: [],
    });
    await client.getRows('t1', 0, 1);
    expect(started).toBe(1);
  });

  it('cancel terminates the worker, rejects pending calls with AbortError and restarts lazily', async () => {
    const started: FakeWorker[] = [];
    const client = createEngine(() => {
      const w = start();
      started.push(w);
      return w as unknown as Worker;
    });
    const pending = client.openFile(new Blob(['a']), 'a.csv');
    client.cancel();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(started[0].terminated).toBe(true);
    expect(client.generation).toBe(1);
    await expect(client.getRows('t1', 0, 1)).resolves.toMatchObject({ start: 0 });
    expect(started).toHaveLength(2);
  });

  it('a crashed worker rejects pending calls with EngineCrashError, by name', async () => {
    let worker: FakeWorker | null = null;
    const client = createEngine(() => (worker = start()) as unknown as Worker);
    const pending = client.openFile(new Blob(['a']), 'a.csv');
    worker!.dispatchEvent(Object.assign(new Event('error'), { message: 'out of memory' }));
    await expect(pending).rejects.toMatchObject({
      name: 'EngineCrashError',
      message: expect.stringContaining('out of memory') as unknown,
    });
    expect(client.generation).toBe(1);
  });

  it('passes a callback argument by Comlink.proxy, so progress reaches the page', async () => {
    const client = createEngine(() => start() as unknown as Worker);
    const events: unknown[] = [];
    await expect(
      client.openFile(new Blob(['a']), 'now.csv', (e) => void events.push(e)),
    ).resolves.toEqual({ name: 'now.csv' });
    expect(events).toEqual([{ type: 'head', head: null }]);
  });

  it('is not mistaken for a promise, and exposes only the control members besides methods', () => {
    const client = createEngine(() => start() as unknown as Worker);
    expect((client as unknown as { then?: unknown }).then).toBeUndefined();
    expect(client.generation).toBe(0);
  });

  it('cancel resolves once the worker is gone: when the lock named after it is free', async () => {
    const names: string[] = [];
    const client = createEngine((name) => (names.push(name), start() as unknown as Worker));
    await client.getRows('t1', 0, 1);
    let free = () => {};
    const asked: string[] = [];
    vi.stubGlobal('navigator', {
      locks: {
        request: (name: string, cb: () => void) => {
          asked.push(name);
          return new Promise<void>((r) => (free = () => r(cb())));
        },
      },
    });
    try {
      let done = false;
      const cancelling = client.cancel().then(() => (done = true));
      await new Promise((r) => setTimeout(r, 10));
      expect(asked).toEqual([names[0]]);
      expect(done).toBe(false);
      free();
      await cancelling;
      expect(done).toBe(true);
      // Each worker has its own name (the lock is per origin: other tabs run engines too).
      await client.getRows('t1', 0, 1);
      expect(names).toHaveLength(2);
      expect(names[1]).not.toBe(names[0]);
      expect(names[0]).toMatch(/^xo-engine /);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
