// The Surveys state against the real fake Qualtrics server over HTTP (Node's fetch): the list
// with pagination, search/sort/filter, a survey's page and codebook, the export options as
// sent, progress, Cancel (the fake's request log proves nothing more is asked), the error cases
// (failed export, 429 bursts with and without Retry-After, a 500 during an export, a truncated
// zip), the zip handed to the real workspace (in-process engine) as a table, and "only new
// responses" (continuation tokens kept across a tab reload, the fake recording new responses
// between loads, a refused token dropped with a full load offered).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  QualtricsHttp,
  apiBaseUrl,
  apiTokenAuth,
  type FetchLike,
  type QualtricsHttpOptions,
} from '../../src/lib/qualtrics';
import { AbortError } from '../../src/lib/errors';
import { ConnectionsStore } from '../../src/state/connections.svelte';
import {
  QualtricsSurveys,
  type ConnectionSource,
  type ExportRun,
} from '../../src/state/qualtrics-surveys.svelte';
import { Workspace } from '../../src/state/workspace.svelte';
import { openXoDb } from '../../src/storage/db';
import { ConnectionRepo, TabSecrets } from '../../src/storage/connections';
import { IDBFactory } from '../helpers/fake-idb';
import { startFake, type FakeQualtrics } from '../helpers/fake-qualtrics';
import { inProcessEngine } from '../helpers/in-process-engine';

const ADA = 'fakeqtoken-ada-0123456789abcdefABCDEF';
const EX = 'SV_9Yw3xPqL2bTnK5r';
const EX_NAME = 'Employee Engagement Pulse 2026';
let fake: FakeQualtrics;

beforeAll(async () => {
  fake = await startFake();
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.reset();
  // Continuation bookmarks live in the tab's session storage (jsdom's here).
  sessionStorage.clear();
});

const nodeFetch: FetchLike = (url, init) => fetch(url, init as RequestInit);
/** Waits at most 5 ms, and rejects as the client's sleep does when the signal aborted. */
const fastSleep = (ms: number, signal?: { aborted: boolean }) =>
  new Promise<void>((resolve, reject) =>
    setTimeout(
      () => (signal?.aborted ? reject(new AbortError('Cancelled.')) : resolve()),
      Math.min(ms, 5),
    ),
  );

/** The connections as the app has them, with the client's waits made short and recorded. */
function connections(slept: number[] = [], extra: Partial<QualtricsHttpOptions> = {}) {
  const source: ConnectionSource & { made: number } = {
    made: 0,
    items: [{ id: 'c1', name: 'Fake brand' }],
    error: null,
    client(id, hooks = {}) {
      if (id !== 'c1') return null;
      source.made++;
      return new QualtricsHttp({
        baseUrl: apiBaseUrl(fake.url),
        auth: apiTokenAuth(ADA),
        fetch: nodeFetch,
        sleep: (ms, signal) => {
          slept.push(ms);
          return fastSleep(ms, signal);
        },
        ...hooks,
        ...extra,
      });
    },
  };
  return source;
}

function setup(opts: { target?: { openFiles(f: File[]): Promise<void> } } = {}) {
  const opened: File[] = [];
  const target = opts.target ?? { openFiles: async (f: File[]) => void opened.push(...f) };
  let shown = 0;
  const slept: number[] = [];
  const s = new QualtricsSurveys(connections(slept), target, () => shown++, {
    sleep: fastSleep,
    firstPollMs: 5,
    maxPollMs: 5,
  });
  return { s, opened, slept, shown: () => shown };
}

const exportCalls = () => fake.state.log.filter((l) => l.path.includes('/export-responses'));

/** Unzips the one member of a zip File (the test's own reading, not the app's). */
async function zipText(file: File): Promise<string> {
  const { unzipSync, strFromU8 } = await import('fflate');
  const files = unzipSync(new Uint8Array(await file.arrayBuffer()));
  return strFromU8(Object.values(files)[0]);
}

describe('QualtricsSurveys: the list', () => {
  it('lists every survey across pages, newest first, with counts', async () => {
    fake.setSwitches({ offsetPageSize: 2 });
    const { s } = setup();
    await s.open('c1');
    expect(s.error).toBeNull();
    expect(s.surveys).toHaveLength(6);
    // Three pages of two.
    expect(fake.state.log.filter((l) => l.path.startsWith('/API/v3/surveys')).length).toBe(3);
    expect(s.counts).toEqual({ all: 6, active: 3, closed: 3 });
    const dates = s.visible.map((v) => Date.parse(v.lastModified!));
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
    expect(s.connectionName).toBe('Fake brand');
  });

  it('searches by name or id, filters active/closed and sorts by name', async () => {
    const { s } = setup();
    await s.open('c1');
    s.search = 'customer experience';
    expect(s.visible.map((v) => v.id).sort()).toEqual(['SV_4GkPz8rTmW1qXcN', 'SV_5zXc3Vb6Nm9QwEr']);
    s.show = 'closed';
    expect(s.visible.map((v) => v.id)).toEqual(['SV_5zXc3Vb6Nm9QwEr']);
    s.show = 'active';
    expect(s.visible.map((v) => v.id)).toEqual(['SV_4GkPz8rTmW1qXcN']);
    s.search = 'sv_9yw3';
    s.show = 'all';
    expect(s.visible.map((v) => v.name)).toEqual([EX_NAME]);
    s.search = '';
    s.sort = 'name';
    const names = s.visible.map((v) => v.name);
    expect(names[0]).toBe('Customer Experience – Q1 2026');
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    s.show = 'closed';
    expect(s.visible.every((v) => v.isActive === false)).toBe(true);
    expect(s.visible).toHaveLength(3);
  });

  it('shows a 429 burst without Retry-After as waits, then the list', async () => {
    fake.setSwitches({ burst429: 2, retryAfter: null });
    const { s, slept } = setup();
    await s.open('c1');
    expect(s.error).toBeNull();
    expect(s.surveys).toHaveLength(6);
    expect(s.waits).toHaveLength(2);
    expect(s.waits[0]).toMatch(/Qualtrics asked us to wait [\d.]+ s .*list your surveys/);
    // Backoff with jitter: the first wait is between 0.5 and 1 s, the second between 1 and 2 s.
    expect(slept[0]).toBeGreaterThanOrEqual(500);
    expect(slept[0]).toBeLessThanOrEqual(1000);
    expect(slept[1]).toBeGreaterThanOrEqual(1000);
    expect(s.waiting).toBeNull();
  });

  it('says what to do when the token is refused, and when the connection has no token', async () => {
    const { s } = setup();
    const bad = new QualtricsSurveys(
      {
        items: [{ id: 'c1', name: 'x' }],
        error: null,
        client: () =>
          new QualtricsHttp({
            baseUrl: apiBaseUrl(fake.url),
            auth: apiTokenAuth('wrong-token-0123456789'),
            fetch: nodeFetch,
          }),
      },
      { openFiles: async () => {} },
    );
    await bad.open('c1');
    expect(bad.surveys).toEqual([]);
    expect(bad.error?.message).toMatch(/token|reauthori|API token/i);
    const none = new QualtricsSurveys(
      {
        items: [],
        error: { name: 'ValidationError', message: '"x" has no API token (it was forgotten…' },
        client: () => null,
      },
      { openFiles: async () => {} },
    );
    await none.open('c9');
    expect(none.error?.message).toMatch(/has no API token/);
    expect(s.error).toBeNull();
  });

  it('works with the real Connections store (its client for a saved API-token connection)', async () => {
    const store = new ConnectionsStore(
      new ConnectionRepo(() => openXoDb(new IDBFactory())),
      new TabSecrets({ getItem: () => null, setItem: () => {}, removeItem: () => {} }),
      nodeFetch,
    );
    const saved = await store.add(
      { name: 'Fake', host: fake.url, method: 'api-token', remember: true },
      ADA,
    );
    const s = new QualtricsSurveys(store, { openFiles: async () => {} });
    await s.open(saved!.id);
    expect(s.surveys).toHaveLength(6);
    expect(s.connectionName).toBe('Fake');
  });
});

describe('QualtricsSurveys: a survey page', () => {
  it('reads the facts, the codebook (tags, QIDs, texts, recodes) and the saved filters', async () => {
    const { s } = setup();
    await s.open('c1');
    await s.openSurvey(EX);
    expect(s.error).toBeNull();
    const d = s.detail!;
    expect(d.name).toBe(EX_NAME);
    expect(d.isActive).toBe(true);
    expect(d.responseCount).toBe(240);
    expect(d.lastModified).toMatch(/^\d{4}-/);
    expect(d.filters.map((f) => f.filterName)).toContain('Finished responses');
    const enps = d.codebook.questions.find((q) => q.selector === 'NPS')!;
    expect(enps.exportTag).not.toBe(enps.qid);
    expect(enps.choices.map((c) => c.recode)).toEqual(
      Array.from({ length: 11 }, (_, i) => String(i)),
    );
    // The tenure question has a re-added choice whose recode is not its position.
    expect(
      d.codebook.questions.some((q) => q.choices.some((c) => c.recode === '4' && c.id !== '4')),
    ).toBe(true);
    expect(d.codebook.embeddedData).toEqual(
      expect.arrayContaining(['Department', 'Region', 'EmployeeID', 'ManagerID']),
    );
    // The codebook search looks at texts, tags and choices.
    s.codebookSearch = enps.exportTag;
    expect(s.questions.map((q) => q.qid)).toContain(enps.qid);
    s.codebookSearch = 'no such words here';
    expect(s.questions).toEqual([]);
  });

  it('shows a 404 with what the id should look like', async () => {
    const { s } = setup();
    await s.open('c1');
    await s.openSurvey('SV_000000000000000');
    expect(s.detail).toBeNull();
    expect(s.error?.message).toMatch(/SV_/);
  });
});

describe('QualtricsSurveys: Load responses', () => {
  async function onSurvey() {
    const t = setup();
    await t.s.open('c1');
    await t.s.openSurvey(EX);
    return t;
  }

  it('exports with the chosen options exactly as sent, reports progress and opens <name>.zip', async () => {
    const requests: { url: string; body?: string }[] = [];
    const runs: ExportRun[] = [];
    const opened: File[] = [];
    let shown = 0;
    const src = connections();
    const spy: ConnectionSource = {
      items: src.items,
      error: null,
      client: (id, hooks) => {
        const http = src.client(id, hooks)!;
        return new QualtricsHttp({
          baseUrl: http.baseUrl,
          auth: apiTokenAuth(ADA),
          fetch: (url, init) => {
            requests.push({ url, body: init?.body as string | undefined });
            return nodeFetch(url, init);
          },
          ...hooks,
        });
      },
    };
    const s = new QualtricsSurveys(
      spy,
      { openFiles: async (f) => void opened.push(...f) },
      () => shown++,
      { sleep: fastSleep, firstPollMs: 5, maxPollMs: 5 },
    );
    await s.open('c1');
    await s.openSurvey(EX);
    const filter = s.detail!.filters.find((f) => f.filterName === 'Finished responses')!;
    const qids = s.detail!.codebook.questions.slice(0, 2).map((q) => q.qid);
    s.setOptions({
      useLabels: true,
      startDate: '2020-01-01T00:00:00Z',
      endDate: '2030-01-01T00:00:00Z',
      limit: 50,
      filterId: filter.filterId,
      questionIds: qids,
      embeddedDataIds: ['Department'],
      surveyMetadataIds: ['recordedDate', 'finished'],
      timeZone: 'Europe/Paris',
      seenUnansweredRecode: -99,
      multiselectSeenUnansweredRecode: 0,
      breakoutSets: false,
    });
    expect(s.problems).toEqual([]);
    const stop = $effect.root(() => {
      $effect(() => {
        if (s.run) runs.push(s.run);
      });
    });
    const ok = await s.loadResponses();
    stop();
    expect(s.error).toBeNull();
    expect(ok).toBe(true);
    const start = requests.find((r) => r.url.endsWith(`/surveys/${EX}/export-responses`))!;
    expect(JSON.parse(start.body!)).toEqual({
      format: 'csv',
      compress: true,
      exportResponsesInProgress: false,
      useLabels: true,
      breakoutSets: false,
      startDate: '2020-01-01T00:00:00Z',
      endDate: '2030-01-01T00:00:00Z',
      limit: 50,
      filterId: filter.filterId,
      questionIds: qids,
      embeddedDataIds: ['Department'],
      surveyMetadataIds: ['recordedDate', 'finished'],
      timeZone: 'Europe/Paris',
      seenUnansweredRecode: -99,
      multiselectSeenUnansweredRecode: 0,
    });
    // Polled until complete (the fake answers inProgress twice), then downloaded.
    expect(requests.filter((r) => /export-responses\/ES_/.test(r.url))).toHaveLength(3);
    expect(requests.filter((r) => r.url.endsWith('/file'))).toHaveLength(1);
    expect(runs.map((r) => r.phase)).toEqual(
      expect.arrayContaining(['starting', 'preparing', 'downloading', 'checking']),
    );
    expect(runs.some((r) => r.percent > 0 && r.percent < 100)).toBe(true);
    expect(shown).toBe(1);
    expect(opened).toHaveLength(1);
    expect(opened[0].name).toBe(`${EX_NAME}.zip`);
    const csv = await zipText(opened[0]);
    // 3 header rows + at most 50 (limit) finished responses, labels in place.
    const lines = csv.trim().split(/\r?\n/);
    expect(lines.length).toBe(3 + 50);
    expect(lines[0]).toContain('Department');
    // The options are remembered for this survey.
    s.closeSurvey();
    await s.openSurvey('SV_1bQe7Hn3Ks0JvYt');
    expect(s.options.limit).toBeUndefined();
    await s.openSurvey(EX);
    expect(s.options).toMatchObject({ limit: 50, useLabels: true, timeZone: 'Europe/Paris' });
  });

  it('refuses options Qualtrics would refuse, and formats this app cannot read, before sending', async () => {
    const { s } = await onSurvey();
    fake.state.log.length = 0;
    s.setOptions({ format: 'json' });
    expect(s.problems.join(' ')).toMatch(/opens CSV and TSV/);
    s.setOptions({
      format: 'csv',
      limit: 0,
      startDate: '2026-02-01T00:00:00Z',
      endDate: '2026-01-01T00:00:00Z',
    });
    expect(await s.loadResponses()).toBe(false);
    expect(s.error?.message).toMatch(/limit must be a whole number/);
    expect(s.error?.message).toMatch(/startDate must be before endDate/);
    expect(exportCalls()).toEqual([]);
  });

  it('opens the zip in the real workspace as a 240-row table, and in-progress responses alone as 12', async () => {
    const ws = new Workspace(inProcessEngine());
    const { s } = setup({ target: ws });
    await s.open('c1');
    await s.openSurvey(EX);
    expect(await s.loadResponses()).toBe(true);
    expect(ws.error).toBeNull();
    expect(ws.tables).toHaveLength(1);
    // The workspace names a zipped table "<zip> › <member>".
    expect(ws.current?.info.name).toBe(`${EX_NAME}.zip › ${EX_NAME}.csv`);
    expect(ws.current?.info.rowCount).toBe(240);
    expect(ws.current?.info.format.source).not.toBe('plain');
    s.setOptions({ exportResponsesInProgress: true, format: 'tsv' });
    expect(await s.loadResponses()).toBe(true);
    expect(ws.tables).toHaveLength(2);
    expect(ws.current?.info.rowCount).toBe(12);
  });

  it('Cancel while polling stops every request to Qualtrics', async () => {
    fake.setSwitches({ exportPolls: 1000 });
    const { s, opened, shown } = await onSurvey();
    fake.state.log.length = 0;
    const done = s.loadResponses();
    // Wait until a few polls went out.
    for (let i = 0; i < 200 && exportCalls().length < 4; i++) {
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(s.run?.phase).toBe('preparing');
    s.cancel();
    expect(await done).toBe(false);
    expect(s.error).toBeNull();
    expect(s.outcome).toMatch(/Cancelled/);
    expect(s.run).toBeNull();
    const after = exportCalls().length;
    await new Promise((r) => setTimeout(r, 150));
    expect(exportCalls().length).toBe(after);
    expect(exportCalls().some((l) => l.path.endsWith('/file'))).toBe(false);
    expect(opened).toEqual([]);
    expect(shown()).toBe(0);
  });

  it('Cancel during a rate-limit wait stops at once too', async () => {
    const slept: number[] = [];
    // Real waits here: the wait must be under way when Cancel comes.
    const src = connections(slept, { sleep: undefined });
    const s = new QualtricsSurveys(src, { openFiles: async () => {} }, undefined, {
      sleep: fastSleep,
      firstPollMs: 5,
    });
    await s.open('c1');
    await s.openSurvey(EX);
    fake.setSwitches({ burst429: 1, retryAfter: 30, faultPath: 'export-responses' });
    fake.state.log.length = 0;
    const done = s.loadResponses();
    for (let i = 0; i < 200 && !s.waiting; i++) await new Promise((r) => setTimeout(r, 5));
    expect(s.waiting).toMatch(/wait 30 s/);
    const t0 = Date.now();
    s.cancel();
    expect(await done).toBe(false);
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(exportCalls()).toHaveLength(1);
  });

  it('a failed export says how to make it smaller; nothing is opened', async () => {
    fake.setSwitches({ exportOutcome: 'failed' });
    const { s, opened } = await onSurvey();
    expect(await s.loadResponses()).toBe(false);
    expect(s.error?.name).toBe('ExportFailedError');
    expect(s.error?.message).toMatch(/narrow the date range|saved filter/);
    expect(opened).toEqual([]);
    expect(s.run).toBeNull();
  });

  it('recovers from a 429 burst with Retry-After and a 500 during the export, showing the waits', async () => {
    const { s, opened, slept } = await onSurvey();
    fake.setSwitches({ burst429: 2, retryAfter: 2, faultPath: 'export-responses' });
    const first = s.loadResponses();
    expect(await first).toBe(true);
    expect(opened).toHaveLength(1);
    expect(s.waits.filter((w) => /wait 2 s/.test(w))).toHaveLength(2);
    expect(slept.filter((ms) => ms === 2000)).toHaveLength(2);
    fake.setSwitches({ failNext: 2, failStatus: 500, faultPath: 'export-responses' });
    expect(await s.loadResponses()).toBe(true);
    expect(opened).toHaveLength(2);
    expect(s.waits.filter((w) => /server error/.test(w))).toHaveLength(2);
    fake.setSwitches({ failNext: 1, failStatus: 503 });
    expect(await s.loadResponses()).toBe(true);
    expect(s.waits.some((w) => /server error/.test(w))).toBe(true);
  });

  it('a 429 burst without Retry-After backs off with jitter and completes', async () => {
    const { s, opened, slept } = await onSurvey();
    fake.setSwitches({ burst429: 3, retryAfter: null, faultPath: 'export-responses' });
    slept.length = 0;
    expect(await s.loadResponses()).toBe(true);
    expect(opened).toHaveLength(1);
    expect(s.waits).toHaveLength(3);
    expect(slept).toHaveLength(3);
    expect(slept[2]).toBeGreaterThanOrEqual(2000);
  });

  it('a truncated zip or an HTML page instead of the file is a clear error, not a crash', async () => {
    for (const body of ['cut', 'html'] as const) {
      const src = connections();
      const s = new QualtricsSurveys(
        {
          items: src.items,
          error: null,
          client: (id, hooks) =>
            new QualtricsHttp({
              baseUrl: apiBaseUrl(fake.url),
              auth: apiTokenAuth(ADA),
              fetch: async (url, init) => {
                const res = await fetch(url, init as RequestInit);
                if (!url.endsWith('/file')) return res;
                const bytes = new Uint8Array(await res.arrayBuffer());
                return body === 'cut'
                  ? new Response(bytes.slice(0, Math.floor(bytes.length / 2)), {
                      headers: { 'content-type': 'application/zip' },
                    })
                  : new Response('<html><body>Proxy error</body></html>', {
                      headers: { 'content-type': 'text/html' },
                    });
              },
              ...hooks,
            }),
        },
        { openFiles: async () => expect.unreachable('nothing opens') },
        undefined,
        { sleep: fastSleep, firstPollMs: 5 },
      );
      await s.open('c1');
      await s.openSurvey(EX);
      expect(await s.loadResponses()).toBe(false);
      expect(s.error?.name).toBe('UnexpectedResponseError');
      expect(s.error?.message).toMatch(body === 'cut' ? /incomplete or damaged/ : /not a zip/);
    }
  });
});

describe('QualtricsSurveys: only new responses since the last load (continuation)', () => {
  const KEY = `xo-bridge.continuation.c1.${EX}`;

  /** Records `count` new finished responses on the fake, as time going by would. */
  async function addResponses(count: number): Promise<void> {
    const r = await fetch(`${fake.url}/__control/surveys/${EX}/responses`, {
      method: 'POST',
      body: JSON.stringify({ count }),
    });
    expect(r.status).toBe(200);
  }

  /** A fresh page state (as after a tab reload) opening the survey, loading into `ws`. */
  async function page(ws: Workspace, now?: () => number) {
    const s = new QualtricsSurveys(connections(), ws, undefined, {
      sleep: fastSleep,
      firstPollMs: 5,
      maxPollMs: 5,
      now,
    });
    await s.open('c1');
    await s.openSurvey(EX);
    return s;
  }

  it('remembers where a load ends; after a reload, "only new" opens exactly the responses added since', async () => {
    const ws = new Workspace(inProcessEngine());
    const issued = Date.parse('2026-12-01T08:30:00Z');
    const s = await page(ws, () => issued);
    expect(s.bookmark).toBeNull();
    s.setOptions({ allowContinuation: true });
    expect(await s.loadResponses()).toBe(true);
    expect(ws.current?.info.rowCount).toBe(240);
    const first = s.bookmark!;
    expect(first.issuedAt).toBe('2026-12-01T08:30:00.000Z');
    expect(first.token).toMatch(/\S/);
    expect(JSON.parse(sessionStorage.getItem(KEY)!)).toEqual(first);

    await addResponses(7);
    // A tab reload: a new state reads the bookmark back from session storage.
    const again = await page(ws);
    expect(again.bookmark).toEqual(first);
    expect(again.onlyNew).toBe(false);
    again.setOnlyNew(true);
    expect(again.sending).toMatchObject({
      continuationToken: first.token,
      allowContinuation: true,
    });
    expect(await again.loadResponses()).toBe(true);
    expect(again.error).toBeNull();
    expect(ws.current?.info.rowCount).toBe(7);
    // A fresh token came back for the following load, replacing the used one.
    const second = again.bookmark!;
    expect(second.token).not.toBe(first.token);
    expect(JSON.parse(sessionStorage.getItem(KEY)!)).toEqual(second);

    await addResponses(3);
    expect(await again.loadResponses()).toBe(true);
    expect(ws.current?.info.rowCount).toBe(3);
    // Nothing new since: said in words, no empty table opened, and the bookmark moves on.
    const before = again.bookmark!;
    const opened = ws.tables.length;
    expect(await again.loadResponses()).toBe(false);
    expect(again.error).toBeNull();
    expect(again.outcome).toMatch(/^No new responses since the load of /);
    expect(ws.tables.length).toBe(opened);
    expect(again.bookmark!.token).not.toBe(before.token);
    // The token travels in request bodies only, never in a URL.
    const tokens = [first.token, second.token, before.token, again.bookmark!.token];
    const urls = JSON.stringify(fake.state.log.map((l) => l.path));
    for (const t of tokens) expect(urls).not.toContain(t);
    // Only the last load's options are remembered, without the token.
    expect(again.options.continuationToken).toBeUndefined();
  });

  it('a plain load keeps the bookmark; a bookmark is per connection and survey, and can be forgotten', async () => {
    const ws = new Workspace(inProcessEngine());
    const s = await page(ws);
    s.setOptions({ allowContinuation: true });
    expect(await s.loadResponses()).toBe(true);
    const b = s.bookmark!;
    s.setOptions({ allowContinuation: undefined });
    expect(await s.loadResponses()).toBe(true);
    expect(s.bookmark).toEqual(b);
    await s.openSurvey('SV_1bQe7Hn3Ks0JvYt');
    expect(s.bookmark).toBeNull();
    await s.openSurvey(EX);
    expect(s.bookmark).toEqual(b);
    s.forgetBookmark();
    expect(s.bookmark).toBeNull();
    expect(sessionStorage.getItem(KEY)).toBeNull();
    expect((await page(ws)).bookmark).toBeNull();
  });

  it('choosing a saved filter turns continuation off (Qualtrics refuses the combination)', async () => {
    const ws = new Workspace(inProcessEngine());
    const s = await page(ws);
    s.setOptions({ allowContinuation: true, sortByLastModifiedDate: true });
    expect(await s.loadResponses()).toBe(true);
    s.setOnlyNew(true);
    const filter = s.detail!.filters[0];
    s.setOptions({ filterId: filter.filterId });
    expect(s.onlyNew).toBe(false);
    expect(s.options.allowContinuation).toBeUndefined();
    expect(s.options.sortByLastModifiedDate).toBeUndefined();
    expect(s.sending.continuationToken).toBeUndefined();
    expect(s.problems).toEqual([]);
  });

  it('a token Qualtrics refuses: the message says so, the token is dropped, a full load is offered', async () => {
    sessionStorage.setItem(
      KEY,
      JSON.stringify({ token: 'staletoken123', issuedAt: '2026-11-20T10:00:00.000Z' }),
    );
    const ws = new Workspace(inProcessEngine());
    const s = await page(ws);
    expect(s.bookmark?.token).toBe('staletoken123');
    s.setOnlyNew(true);
    expect(await s.loadResponses()).toBe(false);
    expect(s.error?.name).toBe('QualtricsApiError');
    expect(s.error?.message).toMatch(/refused to export only the responses new since the load of/);
    expect(s.error?.message).toMatch(/expired \(they last a week\) or is no longer valid/);
    expect(s.error?.message).toMatch(/Invalid or expired continuationToken/);
    expect(s.error?.message).not.toContain('staletoken123');
    expect(s.bookmark).toBeNull();
    expect(s.onlyNew).toBe(false);
    expect(sessionStorage.getItem(KEY)).toBeNull();
    expect(s.offerFullLoad).toBe(true);
    expect(ws.tables).toHaveLength(0);
    // Loading everything again brings every response and a new bookmark.
    expect(await s.loadEverything()).toBe(true);
    expect(s.error).toBeNull();
    expect(s.offerFullLoad).toBe(false);
    expect(ws.current?.info.rowCount).toBe(240);
    expect(s.bookmark?.token).toMatch(/\S/);
    expect(s.bookmark?.token).not.toBe('staletoken123');
  });

  it('an export that fails for another reason keeps the bookmark', async () => {
    const ws = new Workspace(inProcessEngine());
    const s = await page(ws);
    s.setOptions({ allowContinuation: true });
    expect(await s.loadResponses()).toBe(true);
    const b = s.bookmark;
    fake.setSwitches({ exportOutcome: 'failed' });
    s.setOnlyNew(true);
    expect(await s.loadResponses()).toBe(false);
    expect(s.error?.name).toBe('ExportFailedError');
    expect(s.bookmark).toEqual(b);
    expect(s.offerFullLoad).toBe(false);
  });
});
