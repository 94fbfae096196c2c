// The fake Qualtrics server for the jsdom state tests: started on a free port and typed by what
// those tests use of it. It is a plain-JS Node module outside the page tsconfig, so it is
// imported by a computed path that the type checker and Vite leave alone.

/** One request the fake answered, as its log records it. */
export interface FakeLogEntry {
  method: string;
  path: string;
  status: number;
}

/** What the state tests use of the fake server. */
export interface FakeQualtrics {
  url: string;
  reset(): void;
  close(): Promise<unknown>;
  setSwitches(patch: Record<string, unknown>): unknown;
  state: { log: FakeLogEntry[] };
}

/** Starts the fake on a free port with no environment switches. */
export async function startFake(): Promise<FakeQualtrics> {
  const server = '../fake-qualtrics/server.mjs';
  const mod = (await import(/* @vite-ignore */ server)) as {
    startFakeQualtrics(o: { port: number; env: object }): Promise<FakeQualtrics>;
  };
  return mod.startFakeQualtrics({ port: 0, env: {} });
}
