// The benchmark: `npm run bench` (full) or `npm run bench -- --quick`. See bench/README.md.
//
// Options:
//   --quick          small files (20 MB CSV, 5 MB xlsx, 100 MB person query), 1 run each
//   --runs N         runs per reader (default 3, --quick 1)
//   --only a,b       only some benchmarks: csv, xlsx, app, pq, zip (default: all five; zip is the
//                    zipped person query and the zipped table load, each beside the unzipped file)
//   --kinds a,b      only some readers: ours-csv, papaparse-csv, duckdb-csv, ours-xlsx,
//                    sheetjs-xlsx, ours-pq, duckdb-wasm, papaparse-pq, app (the app runs)
//                    (default: all)
//   --no-build       do not rebuild the bench page (bench/.data/page-dist/)
//   --app-dist DIR   the app build to load for the responsiveness runs (default dist/)
//
// Environment: CHROMIUM_PATH (default /usr/bin/chromium).
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { createReadStream, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { extname, join, normalize, relative, resolve, sep } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/chromium.mjs';
import { DATA_DIR, ensureData } from './generate.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const PAGE_DIST = join(DATA_DIR, 'page-dist');
const MB = 1024 * 1024;
const SAMPLE_MS = 25;

// ---------------------------------------------------------------------------------------------
// Options

const argv = process.argv.slice(2);
const QUICK = argv.includes('--quick');
const arg = (name) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const RUNS = Number(arg('--runs') ?? (QUICK ? 1 : 3));
const ONLY = new Set((arg('--only') ?? 'csv,xlsx,app,pq,zip').split(','));
const KINDS = arg('--kinds') ? new Set(arg('--kinds').split(',')) : null;
/** Whether --kinds lets this reader (or `app`) run. */
const kindOn = (kind) => KINDS === null || KINDS.has(kind);
const BUILD = !argv.includes('--no-build');
const APP_DIST = resolve(ROOT, arg('--app-dist') ?? 'dist');
const RUN_TIMEOUT_MS = QUICK ? 120_000 : 900_000;

// ---------------------------------------------------------------------------------------------
// Process memory, from /proc

/** pid → parent pid, for every process. */
function parentMap() {
  const parents = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // "pid (comm) state ppid ...": comm may hold spaces and parentheses.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parents.set(Number(name), Number(fields[1]));
    } catch {
      // the process ended meanwhile
    }
  }
  return parents;
}

/** The renderer processes under rootPid (they hang off Chromium's zygote, not the browser). */
function rendererPids(rootPid) {
  const parents = parentMap();
  const tree = new Set([rootPid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, ppid] of parents) {
      if (!tree.has(pid) && tree.has(ppid)) {
        tree.add(pid);
        grew = true;
      }
    }
  }
  const renderers = [];
  for (const pid of tree) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer')) {
        renderers.push(pid);
      }
    } catch {
      // ended
    }
  }
  return renderers;
}

/** Resident set size of a process in bytes (0 once it has ended). */
function rss(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Sampler timers still running (stopped when a run fails). */
const activeTimers = new Set();
function stopSamplers() {
  for (const t of activeTimers) clearInterval(t);
  activeTimers.clear();
}

/** Samples the summed renderer RSS every SAMPLE_MS until stop(); returns the peak in bytes. */
function startSampler(browserPid) {
  let pids = rendererPids(browserPid);
  let peak = 0;
  let n = 0;
  const sample = () => {
    if (++n % 20 === 0) pids = rendererPids(browserPid); // a renderer may start late
    let sum = 0;
    for (const pid of pids) sum += rss(pid);
    if (sum > peak) peak = sum;
  };
  sample();
  const timer = setInterval(sample, SAMPLE_MS);
  activeTimers.add(timer);
  return {
    stop() {
      clearInterval(timer);
      activeTimers.delete(timer);
      sample();
      return { peak, samples: n };
    },
  };
}

/**
 * CPU seconds (user + system) the renderer processes have used so far: a figure other work on
 * the machine barely changes, unlike the wall-clock time (threads that wait for a core do not
 * count).
 */
function rendererCpu(browserPid) {
  let ticks = 0;
  for (const pid of rendererPids(browserPid)) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15)
    } catch {
      // ended
    }
  }
  return ticks / 100; // USER_HZ
}

function rendererRss(browserPid) {
  return rendererPids(browserPid).reduce((sum, pid) => sum + rss(pid), 0);
}

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

// ---------------------------------------------------------------------------------------------
// Static server: /page/ (bench page), /data/ (bench files), /app/ (the real app's dist/)

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
  '.csv': 'text/csv; charset=utf-8',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

function startServer() {
  const roots = { page: PAGE_DIST, data: DATA_DIR, app: APP_DIST };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const [, mount, ...rest] = decodeURIComponent(url.pathname).split('/');
    const root = roots[mount];
    if (!root) return void res.writeHead(404).end();
    let file = normalize(join(root, ...rest));
    if (file !== root && !file.startsWith(root + sep)) return void res.writeHead(403).end();
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': statSync(file).size,
      'cache-control': 'no-store',
    });
    createReadStream(file).pipe(res);
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

// ---------------------------------------------------------------------------------------------
// One measurement in a fresh browser

async function launch() {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  // Playwright runs in this process and Chromium is its child; one browser runs at a time, so
  // the renderers are the ones under this process (Playwright 1.65 has no browser.process()).
  return { browser, pid: process.pid };
}

/** Rejects when the page's renderer crashes (typically: out of memory). */
function crashOf(page) {
  const p = new Promise((_, fail) =>
    page.on('crash', () => fail(new Error('renderer crashed (out of memory?)'))),
  );
  p.catch(() => {});
  return p;
}

function timeout(ms, what) {
  let timer;
  const p = new Promise((_, fail) => {
    timer = setTimeout(() => fail(new Error(`${what}: timed out after ${ms / 1000} s`)), ms);
  });
  p.catch(() => {});
  return { p, clear: () => clearTimeout(timer) };
}

/**
 * Runs one reader on one file: fetch the file as a Blob, start the worker, take the RSS
 * baseline, post the Blob, sample RSS until the worker answers.
 */
async function measure(base, kind, dataset) {
  const { browser, pid } = await launch();
  try {
    const page = await browser.newPage();
    const crashed = crashOf(page);
    await page.goto(`${base}/page/index.html`);
    await page.waitForFunction(() => 'benchPrepare' in window);
    // Fetching the file into a Blob: ≈1–5 s per 100 MB here, so allow more for big files.
    const ready = timeout(
      Math.max(120_000, (dataset.bytes / MB) * 250),
      `${kind}: loading the page and the file`,
    );
    const prepared = await Promise.race([
      page.evaluate(([k, u]) => window.benchPrepare(k, u), [kind, `${base}/data/${dataset.file}`]),
      crashed,
      ready.p,
    ]).finally(() => ready.clear());
    await sleep(500); // let the fetch's buffers settle
    const baseline = rendererRss(pid);
    const cpu0 = rendererCpu(pid);
    const sampler = startSampler(pid);
    const limit = timeout(RUN_TIMEOUT_MS, kind);
    const result = await Promise.race([
      page.evaluate(() => window.benchRun()),
      crashed,
      limit.p,
    ]).finally(() => limit.clear());
    const { peak, samples } = sampler.stop();
    return {
      ...result,
      cpuS: rendererCpu(pid) - cpu0,
      peakMb: (peak - baseline) / MB,
      baselineMb: baseline / MB,
      samples,
      fetchMs: prepared.fetchMs,
    };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  } finally {
    stopSamplers();
    await browser.close().catch(() => {});
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length
    ? s.length % 2
      ? s[(s.length - 1) / 2]
      : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
    : null;
};
const round = (x, d = 0) => (x === null || x === undefined ? null : Number(x.toFixed(d)));

/** Display name of a baseline reader kind: `papaparse-csv` → `papaparse`, `duckdb-wasm` stays. */
const baselineName = (kind) => kind.replace(/-(csv|xlsx|pq)$/, '');

/** Folds the runs of one reader into medians / peaks. */
function fold(rs) {
  const ok = rs.filter((r) => r.ok);
  const bad = rs.find((r) => !r.ok);
  return {
    ms: ok.length ? median(ok.map((r) => r.ms)) : null,
    peak: ok.length ? Math.max(...ok.map((r) => r.peakMb)) : null,
    firstRows: ok.some((r) => r.firstRowsMs !== undefined)
      ? median(ok.filter((r) => r.firstRowsMs !== undefined).map((r) => r.firstRowsMs))
      : null,
    rows: ok[0]?.rows ?? null,
    people: ok[0]?.people ?? null,
    outputBytes: ok[0]?.outputBytes ?? null,
    runs: ok.map((r) => round(r.ms)),
    cpu: ok.length && ok.every((r) => r.cpuS !== undefined) ? median(ok.map((r) => r.cpuS)) : null,
    error: bad ? firstLine(bad.error) : null,
    crashed: rs.some((r) => !r.ok),
  };
}

/**
 * Runs ours and each baseline RUNS times, alternating (ours, baseline 1, baseline 2, ours, ...),
 * and folds the runs into one record per baseline. Readers that --kinds leaves out are not run
 * (their figures are null).
 */
async function benchGroup(base, dataset, ours, baselines) {
  const kinds = [ours, ...baselines].filter(kindOn);
  const runs = new Map(kinds.map((k) => [k, []]));
  for (let i = 0; i < RUNS; i++) {
    for (const kind of kinds) {
      const r = await measure(base, kind, dataset);
      runs.get(kind).push(r);
      const rowsNote = r.ok && r.rows !== dataset.rows ? `  ROWS ${r.rows} ≠ ${dataset.rows}` : '';
      const peopleNote =
        r.ok && dataset.people && r.people !== dataset.people
          ? `  PEOPLE ${r.people} ≠ ${dataset.people}`
          : '';
      log(
        `  ${kind.padEnd(14)} run ${i + 1}/${RUNS}: ` +
          (r.ok
            ? `${r.ms.toFixed(0)} ms, peak +${r.peakMb.toFixed(0)} MB (baseline ${r.baselineMb.toFixed(0)} MB, ${r.samples} samples)` +
              (r.firstRowsMs !== undefined ? `, first rows ${r.firstRowsMs.toFixed(0)} ms` : '') +
              (r.fetchMs !== undefined ? `, fetch ${r.fetchMs.toFixed(0)} ms` : '') +
              (r.note ? `, ${r.note}` : '') +
              rowsNote +
              peopleNote
            : `FAILED: ${firstLine(r.error)}`),
      );
    }
  }
  const o = fold(runs.get(ours) ?? []);
  const pq = dataset.kind === 'pq';
  return baselines.map((baseline) => {
    const b = fold(runs.get(baseline) ?? []);
    return {
      name: dataset.name,
      bytes: dataset.bytes,
      rows_expected: dataset.rows,
      ...(pq ? { rows: dataset.rows, people: dataset.people } : {}),
      ...(dataset.cells ? { cells: dataset.cells } : {}),
      ours_ms: round(o.ms),
      ours_mb_s: o.ms ? round(dataset.bytes / MB / (o.ms / 1000), 1) : null,
      ...(pq ? { ours_rows_per_s: o.ms ? round(dataset.rows / (o.ms / 1000)) : null } : {}),
      ours_peak_mb: round(o.peak),
      ours_rows: o.rows,
      ...(pq ? { ours_people: o.people, ours_output_bytes: o.outputBytes } : {}),
      first_rows_ms: round(o.firstRows),
      ours_runs_ms: o.runs,
      baseline: baselineName(baseline),
      baseline_ms: round(b.ms),
      baseline_mb_s: b.ms ? round(dataset.bytes / MB / (b.ms / 1000), 1) : null,
      baseline_peak_mb: round(b.peak),
      baseline_rows: b.rows,
      ...(pq ? { baseline_people: b.people } : {}),
      baseline_runs_ms: b.runs,
      ratio: o.ms && b.ms ? round(b.ms / o.ms, 2) : null,
      ratio_mem: o.peak && b.peak ? round(b.peak / Math.max(o.peak, 1), 2) : null,
      runs: RUNS,
      ...(o.rows !== null && o.rows !== dataset.rows ? { ours_rows_wrong: true } : {}),
      ...(b.rows !== null && b.rows !== dataset.rows ? { baseline_rows_wrong: true } : {}),
      ...(pq && o.people !== null && o.people !== dataset.people
        ? { ours_people_wrong: true }
        : {}),
      ...(pq && b.people !== null && b.people !== dataset.people
        ? { baseline_people_wrong: true }
        : {}),
      ...(o.error ? { ours_error: o.error } : {}),
      ...(b.error ? { baseline_error: b.error } : {}),
      _crashed: o.crashed || b.crashed,
    };
  });
}

/** Ours against one baseline: one record. */
async function benchPair(base, dataset, ours, baseline) {
  return (await benchGroup(base, dataset, ours, [baseline]))[0];
}

/**
 * A zipped file beside the same file unzipped, in the same run: ours on the zip, ours on the
 * CSV, the baseline on the CSV, alternating, RUNS times. One record: `ours_*` is the zip,
 * `unzipped_*` ours on the CSV, `baseline_*` the baseline on the CSV; rates are of the CSV's
 * bytes (the text read), so `ratio_unzipped` (unzipped ms / zipped ms) is the zipped rate
 * as a share of the unzipped one.
 */
async function benchZip(base, zip, ours, baseline, threads) {
  const csv = zip.unzipped;
  const plan = [
    [ours, zip, 'zip'],
    [ours, csv, 'unzipped'],
    [baseline, csv, 'baseline'],
  ].filter(([k]) => kindOn(k));
  const runs = { zip: [], unzipped: [], baseline: [] };
  for (let i = 0; i < RUNS; i++) {
    for (const [kind, dataset, role] of plan) {
      const r = await measure(base, kind, dataset);
      runs[role].push(r);
      log(
        `  ${`${kind} (${role === 'zip' ? 'zip' : 'csv'})`.padEnd(20)} run ${i + 1}/${RUNS}: ` +
          (r.ok
            ? `${r.ms.toFixed(0)} ms, CPU ${r.cpuS.toFixed(1)} s, peak +${r.peakMb.toFixed(0)} MB` +
              (r.rows !== dataset.rows ? `  ROWS ${r.rows} ≠ ${dataset.rows}` : '') +
              (dataset.people && r.people !== undefined && r.people !== dataset.people
                ? `  PEOPLE ${r.people} ≠ ${dataset.people}`
                : '') +
              (r.note ? `, ${r.note}` : '')
            : `FAILED: ${firstLine(r.error)}`),
      );
    }
  }
  const z = fold(runs.zip);
  const u = fold(runs.unzipped);
  const b = fold(runs.baseline);
  const rate = (f) => (f.ms ? round(csv.bytes / MB / (f.ms / 1000), 1) : null);
  return {
    name: zip.name,
    bytes: zip.bytes,
    csv_bytes: csv.bytes,
    rows: csv.rows,
    ...(csv.people ? { people: csv.people } : {}),
    threads,
    ours_ms: round(z.ms),
    ours_mb_s: rate(z),
    ours_peak_mb: round(z.peak),
    ours_rows: z.rows,
    ...(csv.people ? { ours_people: z.people } : {}),
    ours_runs_ms: z.runs,
    ours_cpu_s: round(z.cpu, 1),
    unzipped_ms: round(u.ms),
    unzipped_mb_s: rate(u),
    unzipped_peak_mb: round(u.peak),
    unzipped_runs_ms: u.runs,
    unzipped_cpu_s: round(u.cpu, 1),
    ratio_unzipped: z.ms && u.ms ? round(u.ms / z.ms, 2) : null,
    baseline: baselineName(baseline),
    baseline_on: csv.file,
    baseline_ms: round(b.ms),
    baseline_mb_s: rate(b),
    baseline_peak_mb: round(b.peak),
    baseline_runs_ms: b.runs,
    baseline_cpu_s: round(b.cpu, 1),
    ratio: z.ms && b.ms ? round(b.ms / z.ms, 2) : null,
    runs: RUNS,
    ...(z.rows !== null && z.rows !== csv.rows ? { ours_rows_wrong: true } : {}),
    ...(csv.people && z.people !== null && z.people !== csv.people
      ? { ours_people_wrong: true }
      : {}),
    ...(z.error ? { ours_error: z.error } : {}),
    ...(u.error ? { unzipped_error: u.error } : {}),
    ...(b.error ? { baseline_error: b.error } : {}),
    _crashed: z.crashed || u.crashed || b.crashed,
  };
}

// ---------------------------------------------------------------------------------------------
// App responsiveness: the real app, the real file input

/**
 * What an app run drives and watches. `csv`: the home screen's file input, done when the grid
 * shows all the rows. `pq`: the "Viva metrics to Qualtrics" recipe, done when its summary says so.
 */
const APP_MODES = {
  csv: {
    open: null,
    input: '[data-testid="file-input"]',
    probe: {
      progress: '[data-testid="load-progress"]',
      firstRows: '[data-testid="preview-grid"] [data-row="0"]',
      count: '[data-testid="preview-grid"][data-rowcount]',
      countAttr: 'data-rowcount',
      done: null,
      failed: null,
      summary: null,
      reveal: null,
    },
    countField: 'grid_rowcount',
  },
  pq: {
    open: '[data-testid="workflow-viva-to-qualtrics"]',
    input: '[data-testid="pq-file-input"]',
    probe: {
      progress: '[data-testid="pq-progress"]',
      firstRows: null,
      count: '[data-testid="pq-summary"][data-rows]',
      countAttr: 'data-rows',
      done: '[data-testid="pq-summary"][data-state="done"]',
      failed: '[data-testid="pq-summary"][data-state="error"]',
      // The summary is on the "Average per person" step; after loading, the app shows another
      // step, so the probe opens that one (its tab) whenever the summary is not on screen.
      summary: '[data-testid="pq-summary"]',
      reveal: '[data-testid="goto-pq-average"]',
    },
    countField: 'summary_rows',
  },
};

/**
 * Runs in the app page before its own scripts: long tasks and load milestones. Done when
 * `done` matches (or, without `done`, when the count reaches expectedRows).
 */
function appProbe({ expectedRows, sel }) {
  const b = {
    longTasks: [],
    t0: null,
    firstRowsAt: null,
    doneAt: null,
    failed: false,
    rowcount: null,
    progressSeen: false,
    progressNow: false,
    stableSince: null,
    reveals: 0,
    revealedAt: 0,
  };
  window.__bench = b;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      b.longTasks.push({ start: e.startTime, duration: e.duration });
    }
  }).observe({ type: 'longtask', buffered: true });
  document.addEventListener(
    'change',
    (e) => {
      if (b.t0 === null && e.target instanceof HTMLInputElement && e.target.type === 'file') {
        b.t0 = performance.now();
      }
    },
    true,
  );
  const timer = setInterval(() => {
    if (b.t0 === null) return;
    const now = performance.now();
    b.progressNow = document.querySelector(sel.progress) !== null;
    if (b.progressNow) b.progressSeen = true;
    if (sel.reveal && !document.querySelector(sel.summary) && now - b.revealedAt > 1000) {
      const tab = document.querySelector(sel.reveal);
      if (tab instanceof HTMLElement) {
        tab.click();
        b.reveals++;
        b.revealedAt = now;
      }
    }
    if (b.firstRowsAt === null && sel.firstRows && document.querySelector(sel.firstRows)) {
      b.firstRowsAt = now;
    }
    const el = document.querySelector(sel.count);
    const count = el ? Number(el.getAttribute(sel.countAttr)) : null;
    if (count !== b.rowcount) {
      b.rowcount = count;
      b.stableSince = now;
    }
    if (sel.failed && document.querySelector(sel.failed)) {
      b.failed = true;
      clearInterval(timer);
    } else if (sel.done ? document.querySelector(sel.done) !== null : count === expectedRows) {
      b.doneAt = now;
      clearInterval(timer);
    }
  }, 50);
}

/** Longest the page's main thread may stay unresponsive before the app run is called failed. */
const UNRESPONSIVE_MS = QUICK ? 30_000 : 60_000;

async function benchApp(base, dataset, mode = 'csv') {
  const M = APP_MODES[mode];
  const name = `app-responsiveness-${dataset.name}`;
  const skip = (why) => {
    log(`  SKIPPED: ${why}`);
    return { name, bytes: dataset.bytes, skipped: why };
  };
  if (!existsSync(join(APP_DIST, 'index.html'))) {
    return skip(`${APP_DIST}/index.html is missing: run \`npx vite build\` first`);
  }
  const { browser, pid } = await launch();
  let state = null;
  let baseline = 0;
  let sampler = null;
  /** The figures so far, from the last state the page reported. */
  const figures = () => {
    const end = state?.doneAt ?? state?.now ?? 0;
    const during = (state?.longTasks ?? []).filter(
      (t) => state.t0 !== null && t.start + t.duration >= state.t0 && t.start <= end,
    );
    const peak = sampler ? sampler.stop().peak : null;
    return {
      name,
      bytes: dataset.bytes,
      rows: dataset.rows,
      ...(dataset.people ? { people: dataset.people } : {}),
      ours_ms: state?.doneAt != null ? round(state.doneAt - state.t0) : null,
      ours_peak_mb: peak === null ? null : round((peak - baseline) / MB),
      baseline: null,
      baseline_ms: null,
      baseline_peak_mb: null,
      first_rows_ms: state?.firstRowsAt != null ? round(state.firstRowsAt - state.t0) : null,
      long_task_max_ms: round(during.reduce((m, t) => Math.max(m, t.duration), 0)),
      long_tasks_over_100ms: during.filter((t) => t.duration > 100).length,
      long_tasks: during.length,
      total_blocking_ms: round(during.reduce((s, t) => s + Math.max(0, t.duration - 50), 0)),
      progress_seen: state?.progressSeen ?? false,
      [M.countField]: state?.rowcount ?? null,
    };
  };
  try {
    const page = await browser.newPage();
    const crashed = crashOf(page);
    await page.addInitScript(appProbe, { expectedRows: dataset.rows, sel: M.probe });
    await page.goto(`${base}/app/index.html`);
    if (M.open) {
      const button = page.locator(M.open);
      try {
        await button.waitFor({ state: 'attached', timeout: 15_000 });
      } catch {
        return skip(`the app has no ${M.open} on its home screen yet`);
      }
      await button.click();
    }
    const input = page.locator(M.input);
    try {
      await input.waitFor({ state: 'attached', timeout: 15_000 });
    } catch {
      return skip(
        `the app has no ${M.input}${M.open ? ` after clicking ${M.open}` : ' on its home screen'} yet`,
      );
    }
    await sleep(500);
    baseline = rendererRss(pid);
    sampler = startSampler(pid);
    const deadline = Date.now() + RUN_TIMEOUT_MS;
    const what = mode === 'pq' ? `summary data-rows` : `grid data-rowcount`;
    try {
      await input.setInputFiles(dataset.path);
      debug('app: file set');
      for (;;) {
        // A page whose main thread is stuck answers nothing: that is a result too.
        const asked = Date.now();
        const stuck = timeout(UNRESPONSIVE_MS, 'app');
        const next = await Promise.race([
          page.evaluate(() => ({ ...window.__bench, now: performance.now() })),
          crashed,
          stuck.p.catch(() => null),
        ]).finally(() => stuck.clear());
        if (next === null) {
          const blocked = Date.now() - asked;
          throw Object.assign(
            new Error(
              `the page's main thread did not answer for ${blocked / 1000} s ` +
                `(${what}=${state?.rowcount ?? 'none'}` +
                (M.probe.firstRows
                  ? `, first rows ${state?.firstRowsAt != null ? 'shown' : 'not shown'})`
                  : ')'),
            ),
            { blockedMs: blocked },
          );
        }
        state = next;
        debug(`app: ${JSON.stringify({ ...state, longTasks: state.longTasks.length })}`);
        if (state.failed) {
          throw new Error(`the app reports an error (${M.probe.failed})`);
        }
        if (state.doneAt !== null) {
          if (mode === 'pq' && state.rowcount !== dataset.rows) {
            throw new Error(`done, but ${what}=${state.rowcount}, expected ${dataset.rows}`);
          }
          break;
        }
        // Finished loading, but with another row count: report it rather than wait forever.
        if (
          !M.probe.done &&
          state.rowcount !== null &&
          !state.progressNow &&
          state.now - state.stableSince > 5000
        ) {
          throw new Error(`the grid shows ${what}=${state.rowcount}, expected ${dataset.rows}`);
        }
        if (Date.now() > deadline) {
          throw new Error(
            `not done after ${RUN_TIMEOUT_MS / 1000} s (last ${what}: ${state.rowcount})`,
          );
        }
        await sleep(250);
      }
    } catch (err) {
      if (!err.blockedMs) {
        await page
          .screenshot({ path: join(DATA_DIR, `${name}-failure.png`), timeout: 5000 })
          .catch(() => {});
      }
      throw err;
    }
    const r = figures();
    log(
      `  ${mode === 'pq' ? 'done' : 'loaded'} in ${r.ours_ms} ms` +
        (M.probe.firstRows ? `, first rows at ${r.first_rows_ms ?? '?'} ms` : '') +
        `, longest task ${r.long_task_max_ms} ms, ` +
        `${r.long_tasks_over_100ms} tasks > 100 ms, peak +${r.ours_peak_mb} MB` +
        `, progress ${r.progress_seen ? 'shown' : 'not seen'}`,
    );
    return r;
  } catch (err) {
    const msg = firstLine(err instanceof Error ? err.message : String(err));
    log(`  FAILED: ${msg}`);
    const r = { ...figures(), error: msg, _crashed: true };
    if (err?.blockedMs) r.long_task_max_ms = Math.max(r.long_task_max_ms ?? 0, err.blockedMs);
    return r;
  } finally {
    stopSamplers();
    await browser.close().catch(() => {});
  }
}

// ---------------------------------------------------------------------------------------------
// Output

function debug(s) {
  if (process.env.BENCH_DEBUG) {
    process.stderr.write(`[debug ${new Date().toISOString().slice(11, 23)}] ${s}\n`);
  }
}
function log(s) {
  process.stdout.write(s + '\n');
}
function firstLine(s) {
  return String(s ?? '').split('\n')[0];
}

function table(results) {
  const f = (x, d = 0) => (x === null || x === undefined ? '—' : x.toFixed(d));
  const header = [
    'name',
    'size MB',
    'ours ms',
    'ours MB/s',
    'ours peak MB',
    'first rows ms',
    'baseline',
    'baseline ms',
    'baseline MB/s',
    'baseline peak MB',
    'speed ×',
    'memory ×',
  ];
  const rows = results
    .filter((r) => !r.name.startsWith('app-') && !('ratio_unzipped' in r))
    .map((r) => [
      r.name,
      f(r.bytes / MB, 1),
      f(r.ours_ms),
      f(r.ours_mb_s, 1),
      f(r.ours_peak_mb),
      f(r.first_rows_ms),
      r.baseline,
      f(r.baseline_ms),
      f(r.baseline_mb_s, 1),
      f(r.baseline_peak_mb),
      f(r.ratio, 2),
      f(r.ratio_mem, 2),
    ]);
  if (!rows.length) header.length = 0;
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => String(r[i]).length)));
  const line = (r) =>
    r
      .map((c, i) =>
        i === 0 || i === 6 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]),
      )
      .join('  ');
  if (rows.length) {
    log(line(header));
    log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
  for (const r of rows) log(line(r));
  for (const r of results.filter((r) => 'ratio_unzipped' in r)) {
    log(
      `${r.name}: zip ${f(r.ours_ms)} ms (${f(r.ours_mb_s, 1)} MB/s of text, peak +${f(r.ours_peak_mb)} MB; ${r.threads.zip}) · ` +
        `unzipped ${f(r.unzipped_ms)} ms (${f(r.unzipped_mb_s, 1)} MB/s, peak +${f(r.unzipped_peak_mb)} MB; ${r.threads.unzipped}) · ` +
        `${r.baseline} on the CSV ${f(r.baseline_ms)} ms (peak +${f(r.baseline_peak_mb)} MB; ${r.threads.baseline}) · ` +
        `zip/unzipped rate ${f(r.ratio_unzipped, 2)}×, ${r.baseline}/zip ${f(r.ratio, 2)}×`,
    );
  }
  for (const r of results.filter((r) => r.name.startsWith('app-'))) {
    if (r.skipped) {
      log(`${r.name}: skipped (${r.skipped})`);
      continue;
    }
    const pq = 'summary_rows' in r;
    log(
      `${r.name}: ` +
        (pq
          ? `whole recipe ${r.ours_ms ?? '—'} ms (${r.summary_rows ?? '—'} rows), `
          : `whole table ${r.ours_ms ?? '—'} ms, first rows ${r.first_rows_ms ?? '—'} ms, `) +
        `longest main-thread task ${r.long_task_max_ms ?? '—'} ms, ${r.long_tasks_over_100ms ?? '—'} tasks > 100 ms, ` +
        `total blocking ${r.total_blocking_ms ?? '—'} ms, peak +${r.ours_peak_mb ?? '—'} MB` +
        (pq ? `, progress ${r.progress_seen ? 'shown' : 'not seen'}` : '') +
        (r.error ? `\n  FAILED: ${r.error}` : ''),
    );
  }
}

function targets(results) {
  const csv = results.find((r) => r.name.startsWith('csv-'));
  const xlsx = results.find((r) => r.name.startsWith('xlsx-'));
  const app = results.find((r) => r.name.startsWith('app-') && !r.name.includes('person-query'));
  const verdict = (ok) => (ok === null ? 'not measured' : ok ? 'met' : 'MISSED');
  log('Targets (informational; the bench does not assert):');
  if (csv) {
    log(
      `  CSV ≥ 2× PapaParse's rate: ${csv.ratio ?? '—'}× → ${verdict(csv.ratio === null ? null : csv.ratio >= 2)}`,
    );
    log(
      `  first rows long before the whole CSV: ${csv.first_rows_ms ?? '—'} ms of ${csv.ours_ms ?? '—'} ms → ` +
        verdict(
          csv.first_rows_ms === null || !csv.ours_ms ? null : csv.first_rows_ms < csv.ours_ms / 10,
        ),
    );
  }
  if (xlsx) {
    log(
      `  xlsx ≥ 3× faster than SheetJS: ${xlsx.ratio ?? '—'}× → ${verdict(xlsx.ratio === null ? null : xlsx.ratio >= 3)}`,
    );
    log(
      `  xlsx ≤ ½ SheetJS peak memory: ${xlsx.ratio_mem ?? '—'}× less → ${verdict(xlsx.ratio_mem === null ? null : xlsx.ratio_mem >= 2)}`,
    );
  }
  if (app && !app.skipped) {
    log(
      `  app: first rows ${app.first_rows_ms ?? '—'} ms, whole table ${app.ours_ms ?? '—'} ms, ` +
        `longest main-thread task ${app.long_task_max_ms ?? '—'} ms` +
        (app.error ? ' → FAILED' : ''),
    );
  }
  // Person query: the targets are for the 1 GB file; --quick shows the small file's figures.
  const pqName = results.some((r) => r.name === 'person-query-1gb')
    ? 'person-query-1gb'
    : results.find((r) => r.name.startsWith('person-query-') && !('ratio_unzipped' in r))?.name;
  if (pqName) {
    const on = pqName === 'person-query-1gb' ? '' : ` (on ${pqName}; the targets are for 1 GB)`;
    const duck = results.find((r) => r.name === pqName && r.baseline === 'duckdb-wasm');
    const any = results.find((r) => r.name === pqName);
    log(
      `  person query ≥ 2× faster than DuckDB-Wasm${on}: ${duck?.ratio ?? '—'}× → ` +
        verdict(duck?.ratio == null ? null : duck.ratio >= 2),
    );
    log(
      `  person query ≈ 250 MB/s${on}: ${any.ours_mb_s ?? '—'} MB/s → ` +
        verdict(any.ours_mb_s === null ? null : any.ours_mb_s >= 250),
    );
    log(
      `  person query peak memory < 300 MB${on}: ${any.ours_peak_mb ?? '—'} MB → ` +
        verdict(any.ours_peak_mb === null ? null : any.ours_peak_mb < 300),
    );
  }
  const pqZip = results.find((r) => r.name.startsWith('person-query-') && 'ratio_unzipped' in r);
  if (pqZip) {
    const on =
      pqZip.name === 'person-query-1gb-zip' ? '' : ` (on ${pqZip.name}; the target is for 1 GB)`;
    log(
      `  zipped person query ≥ 0.8× the unzipped rate${on}: ${pqZip.ratio_unzipped ?? '—'}× → ` +
        verdict(pqZip.ratio_unzipped == null ? null : pqZip.ratio_unzipped >= 0.8),
    );
    log(
      `  zipped person query peak memory < 300 MB${on}: ${pqZip.ours_peak_mb ?? '—'} MB → ` +
        verdict(pqZip.ours_peak_mb == null ? null : pqZip.ours_peak_mb < 300),
    );
  }
  const zipApp = results.find((r) => r.name.startsWith('app-') && r.name.endsWith('-zip'));
  if (zipApp && !zipApp.skipped) {
    log(
      `  app, zipped person query: whole recipe ${zipApp.ours_ms ?? '—'} ms, longest main-thread task ` +
        `${zipApp.long_task_max_ms ?? '—'} ms → ` +
        verdict(zipApp.long_task_max_ms == null ? null : zipApp.long_task_max_ms <= 100),
    );
  }
  const pqApp = results.find(
    (r) => r.name.startsWith('app-responsiveness-person-query-') && !r.name.endsWith('-zip'),
  );
  if (pqApp && !pqApp.skipped) {
    log(
      `  app, person query: whole recipe ${pqApp.ours_ms ?? '—'} ms, ` +
        `longest main-thread task ${pqApp.long_task_max_ms ?? '—'} ms, ` +
        `progress ${pqApp.progress_seen ? 'shown' : 'not seen'}` +
        (pqApp.error ? ' → FAILED' : ''),
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Main

/** Notes the 1-minute load average after a measurement: a busy machine explains odd times. */
function withLoad(result) {
  return { ...result, load_avg: round(loadavg()[0], 2) };
}

async function main() {
  const t0 = performance.now();
  const cpu = cpus();
  let chromiumVersion = '?';
  {
    const { browser } = await launch();
    chromiumVersion = browser.version();
    await browser.close();
  }
  log(`XO Bridge bench${QUICK ? ' (--quick)' : ''} — ${new Date().toISOString()}`);
  log(
    `machine: ${cpu[0]?.model ?? '?'}, ${cpu.length} cores, ${(totalmem() / 1024 ** 3).toFixed(1)} GB RAM`,
  );
  log(
    `node ${process.version}, Chromium ${chromiumVersion} (${CHROMIUM_PATH}), ${RUNS} run(s) per reader, fresh browser per run`,
  );
  log(
    `load average ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')} (other work skews the times)`,
  );
  log('');

  const needed = [
    ...(ONLY.has('csv') || ONLY.has('app') ? ['csv'] : []),
    ...(ONLY.has('xlsx') ? ['xlsx'] : []),
    ...(ONLY.has('pq') ? ['pq'] : []),
    ...(ONLY.has('zip') ? ['csv-zip', 'pq-zip'] : []),
  ];
  const data = await ensureData({ quick: QUICK, only: needed, log: (s) => log(s) });
  if (BUILD) {
    const vite = join(ROOT, 'node_modules', '.bin', 'vite');
    const built = spawnSync(vite, ['build', '--config', 'bench/vite.config.ts'], {
      cwd: ROOT,
      stdio: 'inherit',
    });
    if (built.status !== 0) throw new Error('building the bench page failed');
  }
  const server = await startServer();
  const base = `http://127.0.0.1:${server.address().port}`;
  const results = [];
  try {
    const csv = data.find((d) => d.kind === 'csv');
    const xlsx = data.find((d) => d.kind === 'xlsx');
    if (ONLY.has('csv') && (kindOn('ours-csv') || kindOn('papaparse-csv'))) {
      log(`${csv.name}: ${(csv.bytes / MB).toFixed(1)} MB, ${csv.rows} rows`);
      results.push(withLoad(await benchPair(base, csv, 'ours-csv', 'papaparse-csv')));
    }
    if (ONLY.has('xlsx') && (kindOn('ours-xlsx') || kindOn('sheetjs-xlsx'))) {
      log(
        `${xlsx.name}: ${(xlsx.bytes / MB).toFixed(1)} MB, ${xlsx.rows} rows, ${xlsx.cells} cells`,
      );
      results.push(withLoad(await benchPair(base, xlsx, 'ours-xlsx', 'sheetjs-xlsx')));
    }
    if (ONLY.has('app') && kindOn('app')) {
      log(
        `app-responsiveness-${csv.name}: the built app (${relative(ROOT, APP_DIST) || '.'}/) loading ${csv.file} through its file input`,
      );
      results.push(withLoad(await benchApp(base, csv)));
    }
    if (ONLY.has('pq')) {
      const pqs = data.filter((d) => d.kind === 'pq');
      const pqKinds = ['ours-pq', 'duckdb-wasm', 'papaparse-pq'];
      for (const pq of pqKinds.some(kindOn) ? pqs : []) {
        log(`${pq.name}: ${(pq.bytes / MB).toFixed(1)} MB, ${pq.rows} rows, ${pq.people} people`);
        const records = await benchGroup(base, pq, 'ours-pq', ['duckdb-wasm', 'papaparse-pq']);
        for (const r of records) results.push(withLoad(r));
      }
      if (kindOn('app')) {
        const pq = pqs.at(-1); // the largest: 1 GB (--quick: the small one)
        log(
          `app-responsiveness-${pq.name}: the built app (${relative(ROOT, APP_DIST) || '.'}/) running "Viva metrics to Qualtrics" on ${pq.file}`,
        );
        results.push(withLoad(await benchApp(base, pq, 'pq')));
      }
    }
    if (ONLY.has('zip')) {
      const pqZip = data.find((d) => d.kind === 'pq-zip');
      const csvZip = data.find((d) => d.kind === 'csv-zip');
      const cores = cpus().length;
      const parts = Math.max(1, Math.min(cores, 4));
      if (['ours-pq', 'duckdb-wasm'].some(kindOn)) {
        log(
          `${pqZip.name}: ${(pqZip.bytes / MB).toFixed(1)} MB zip of ${pqZip.unzipped.file} ` +
            `(${(pqZip.csvBytes / MB).toFixed(1)} MB, ${pqZip.rows} rows), beside the CSV`,
        );
        const threads = {
          zip: `1 inflating (the engine) + ${parts} aggregating`,
          unzipped: `${parts} aggregating`,
          baseline: 'DuckDB-Wasm eh bundle: 1',
        };
        results.push(withLoad(await benchZip(base, pqZip, 'ours-pq', 'duckdb-wasm', threads)));
      }
      if (['ours-csv', 'duckdb-csv'].some(kindOn)) {
        log(
          `${csvZip.name}: ${(csvZip.bytes / MB).toFixed(1)} MB zip of ${csvZip.unzipped.file} ` +
            `(${(csvZip.csvBytes / MB).toFixed(1)} MB, ${csvZip.rows} rows), beside the CSV`,
        );
        const threads = {
          zip: '1 (the engine inflates and builds the table)',
          unzipped: `${parts} building parts`,
          baseline: 'DuckDB-Wasm eh bundle: 1',
        };
        results.push(withLoad(await benchZip(base, csvZip, 'ours-csv', 'duckdb-csv', threads)));
      }
      if (kindOn('app')) {
        log(
          `app-responsiveness-${pqZip.name}: the built app running "Viva metrics to Qualtrics" on ${pqZip.file}`,
        );
        results.push(withLoad(await benchApp(base, pqZip, 'pq')));
      }
    }
  } finally {
    server.close();
  }

  log('');
  table(results);
  log('');
  targets(results);
  log('');
  for (const r of results) {
    const { _crashed, ...json } = r;
    log(`BENCH ${JSON.stringify(json)}`);
  }
  log(`\nbench finished in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  return results.some((r) => r._crashed) ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(2);
  },
);
