// The Surveys screens of a Qualtrics connection: every survey it can see (searched, filtered
// active/closed, sorted), one survey's page (facts, codebook, saved filters) and "Load
// responses": the 3-step export with the user's options, its progress, the waits Qualtrics
// imposes (429, retried 5xx) and Cancel, ending with the downloaded zip opened in the workspace
// exactly like a dropped file, so every flow works on it. "Only new responses": an export asked
// to remember where it ends brings a continuation token, kept per connection and survey (memory
// and the tab's session storage, with the time it was issued) so the next load of that survey can
// ask for what was recorded since; a token Qualtrics refuses is dropped and a full load offered.
// Client calls run on the page: they wait on the network, not the CPU. Errors are shown as
// values, never thrown.
import {
  codebookFromSurvey,
  collect,
  exportOptionProblems,
  getSurvey,
  listFilters,
  listSurveys,
  runExport,
  type Codebook,
  type ExportOptions,
  type QualtricsHttp,
  type QualtricsNotice,
  type SavedFilter,
  type SleepFn,
  type StorageLike,
  type SurveySummary,
  type WaitInfo,
} from '../lib/qualtrics';
import {
  checkResponsesZip,
  countExportResponses,
  defaultLoadOptions,
  readableProblems,
  responsesFileName,
  searchCodebook,
  selectSurveys,
  surveyCounts,
  type SurveyShow,
  type SurveySort,
} from '../lib/qualtrics/browse';
import {
  continuationKey,
  isoAt,
  isRefusedRequest,
  localDateTime,
  parseBookmark,
  type ContinuationBookmark,
} from '../lib/qualtrics/continuation';
import { AbortError } from '../lib/errors';
import { standardizeError, type UiError } from '../services/report-error';
import type { ClientHooks } from './connections.svelte';

/** What this screen needs of the Connections store (ConnectionsStore fits). */
export interface ConnectionSource {
  readonly items: readonly { id: string; name: string }[];
  /** Why `client` answered null (no token, unknown connection). */
  readonly error: UiError | null;
  client(id: string, hooks?: ClientHooks): QualtricsHttp | null;
}

/** Where loaded responses go: the workspace. */
export interface ResponsesTarget {
  openFiles(files: File[]): Promise<void>;
}

/** One survey's page. */
export interface SurveyDetail {
  id: string;
  name: string;
  isActive?: boolean;
  creationDate?: string;
  lastModified?: string;
  /** Recorded (finished) responses, from `responseCounts.auditable`, when Qualtrics sends it. */
  responseCount?: number;
  codebook: Codebook;
  filters: SavedFilter[];
  /** Why the saved filters could not be listed (the page works without them). */
  filtersError?: string;
}

export type ExportPhase = 'starting' | 'preparing' | 'downloading' | 'checking';

export interface ExportRun {
  surveyId: string;
  surveyName: string;
  phase: ExportPhase;
  /** Qualtrics' percentComplete (cosmetic: the status decides). */
  percent: number;
}

export interface SurveysOptions {
  /** Waits between export polls (tests pass a fast one; the client's own waits use its sleep). */
  sleep?: SleepFn;
  firstPollMs?: number;
  maxPollMs?: number;
  /**
   * Where continuation tokens outlive a tab reload: the tab's sessionStorage by default, null to
   * keep them in memory only.
   */
  storage?: StorageLike | null;
  /** The clock (tests). */
  now?: () => number;
}

function tabStorage(): StorageLike | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    // Storage denied (sandboxed frame, privacy settings): memory only.
    return null;
  }
}

/** A wait the client announced, in words. */
export function describeWait(w: WaitInfo): string {
  const s = `${Math.max(0.1, Math.round(w.ms / 100) / 10)} s`;
  if (w.reason === 'rate-limited') {
    return `Qualtrics asked us to wait ${s} (too many requests) before trying again to ${w.what} — attempt ${w.attempt}.`;
  }
  if (w.reason === 'server-error') {
    return `Qualtrics answered with a server error while trying to ${w.what}; trying again in ${s} (attempt ${w.attempt}).`;
  }
  return `Keeping under Qualtrics' rate limits: waiting ${s} before trying to ${w.what}.`;
}

export class QualtricsSurveys {
  connectionId = $state<string | null>(null);
  surveys = $state.raw<SurveySummary[]>([]);
  /** The list was read (possibly empty) for `connectionId`. */
  listed = $state(false);
  listing = $state(false);
  search = $state('');
  show = $state<SurveyShow>('all');
  sort = $state<SurveySort>('modified');
  error = $state.raw<UiError | null>(null);
  /** The wait going on now, in words; cleared when the call goes on. */
  waiting = $state.raw<string | null>(null);
  /** Every wait of the current or last operation (so a short wait is not missed). */
  waits = $state.raw<readonly string[]>([]);
  notice = $state.raw<QualtricsNotice | null>(null);

  surveyId = $state<string | null>(null);
  detail = $state.raw<SurveyDetail | null>(null);
  detailLoading = $state(false);
  codebookSearch = $state('');

  options = $state.raw<ExportOptions>(defaultLoadOptions);
  run = $state.raw<ExportRun | null>(null);
  /** What happened to the last export, when it did not open (e.g. "Cancelled…"). */
  outcome = $state.raw<string | null>(null);
  /** The continuation token of the open survey (from its last remembered load), if any. */
  bookmark = $state.raw<ContinuationBookmark | null>(null);
  /** The next load asks only for responses recorded since `bookmark`. */
  onlyNew = $state(false);
  /** Qualtrics refused the token of the last load: the page offers to load everything again. */
  offerFullLoad = $state(false);

  readonly visible = $derived(
    selectSurveys(this.surveys, { search: this.search, show: this.show, sort: this.sort }),
  );
  readonly counts = $derived(surveyCounts(this.surveys));
  readonly questions = $derived(
    this.detail ? searchCodebook(this.detail.codebook.questions, this.codebookSearch) : [],
  );
  /** The options as they will be sent: with the token (and a fresh one asked for) when only new. */
  readonly sending = $derived.by((): ExportOptions => {
    const b = this.bookmark;
    if (!this.onlyNew || !b) return this.options;
    return { ...this.options, allowContinuation: true, continuationToken: b.token };
  });
  readonly problems = $derived([
    ...readableProblems(this.sending),
    ...exportOptionProblems(this.sending),
  ]);

  // Not reactive on purpose: read once when a survey page opens.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #lastOptions = new Map<string, ExportOptions>();
  /** Continuation bookmarks by `continuationKey` (mirrors session storage). */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #bookmarks = new Map<string, ContinuationBookmark | null>();
  #browse: AbortController | null = null;
  #export: AbortController | null = null;

  constructor(
    private readonly connections: ConnectionSource,
    private readonly target: ResponsesTarget,
    /** Called once the responses are about to open in the workspace (the app shows it). */
    private readonly onOpened: () => void = () => {},
    private readonly o: SurveysOptions = {},
  ) {}

  get connectionName(): string {
    return this.connections.items.find((c) => c.id === this.connectionId)?.name ?? '';
  }

  /**
   * Shows the list of a connection's surveys (read again when it is another connection). An
   * export under way goes on: its progress and Cancel are shown above the list.
   */
  async open(connectionId: string): Promise<void> {
    this.closeSurvey();
    if (this.connectionId !== connectionId) {
      this.connectionId = connectionId;
      this.surveys = [];
      this.listed = false;
    }
    if (!this.listed) await this.refresh();
  }

  /** Reads the whole list again, following every page. */
  async refresh(): Promise<void> {
    const id = this.connectionId;
    if (!id) return;
    await this.#browsing(async (http, signal) => {
      this.listing = true;
      try {
        const all = await collect(listSurveys(http, signal));
        if (this.connectionId !== id) return;
        this.surveys = all;
        this.listed = true;
      } finally {
        this.listing = false;
      }
    });
  }

  /** Opens a survey's page: its facts, codebook and saved filters. */
  async openSurvey(surveyId: string): Promise<void> {
    this.surveyId = surveyId;
    this.detail = null;
    this.codebookSearch = '';
    this.outcome = null;
    this.options = this.#lastOptions.get(surveyId) ?? defaultLoadOptions;
    this.bookmark = this.connectionId ? this.#readBookmark(this.connectionId, surveyId) : null;
    this.onlyNew = false;
    this.offerFullLoad = false;
    await this.#browsing(async (http, signal) => {
      this.detailLoading = true;
      try {
        const survey = await getSurvey(http, surveyId, signal);
        const codebook = codebookFromSurvey(survey);
        let filters: SavedFilter[] = [];
        let filtersError: string | undefined;
        try {
          filters = await collect(listFilters(http, surveyId, signal));
        } catch (e) {
          const err = standardizeError(e);
          if (!err) throw e;
          filtersError = err.message;
        }
        if (this.surveyId !== surveyId) return;
        const summary = this.surveys.find((s) => s.id === surveyId);
        const counts = survey.responseCounts;
        const auditable =
          typeof counts === 'object' && counts !== null
            ? (counts as Record<string, unknown>).auditable
            : undefined;
        this.detail = {
          id: surveyId,
          name: codebook.name || summary?.name || surveyId,
          isActive: typeof survey.isActive === 'boolean' ? survey.isActive : summary?.isActive,
          creationDate: str(survey.creationDate) ?? summary?.creationDate,
          lastModified: str(survey.lastModifiedDate) ?? summary?.lastModified,
          responseCount: typeof auditable === 'number' ? auditable : undefined,
          codebook,
          filters,
          filtersError,
        };
      } finally {
        this.detailLoading = false;
      }
    });
  }

  /** Back to the list (an export under way goes on). */
  closeSurvey(): void {
    this.#browse?.abort();
    this.surveyId = null;
    this.detail = null;
  }

  setOptions(patch: Partial<ExportOptions>): void {
    const next: ExportOptions = { ...this.options, ...patch };
    if (patch.filterId !== undefined) {
      // Qualtrics refuses a saved filter with continuation or last-modified sorting: choosing a
      // filter turns those off (the form shows them disabled, with the reason).
      delete next.allowContinuation;
      delete next.sortByLastModifiedDate;
      this.onlyNew = false;
    }
    for (const k of Object.keys(next) as (keyof ExportOptions)[]) {
      if (next[k] === undefined) delete next[k];
    }
    this.options = next;
  }

  resetOptions(): void {
    this.options = defaultLoadOptions;
    this.onlyNew = false;
  }

  /** Chooses between every response matching the options and only those new since the bookmark. */
  setOnlyNew(on: boolean): void {
    this.onlyNew = on && this.bookmark !== null;
    if (this.onlyNew) this.offerFullLoad = false;
  }

  /** Forgets the open survey's continuation token (memory and session storage). */
  forgetBookmark(): void {
    if (this.connectionId && this.surveyId) {
      this.#writeBookmark(this.connectionId, this.surveyId, null);
    }
    this.bookmark = null;
    this.onlyNew = false;
  }

  /**
   * After Qualtrics refused the token: loads every response matching the options again, asking
   * for a fresh token (unless a saved filter forbids it).
   */
  async loadEverything(): Promise<boolean> {
    this.onlyNew = false;
    this.offerFullLoad = false;
    this.error = null;
    if (this.options.filterId === undefined) this.setOptions({ allowContinuation: true });
    return this.loadResponses();
  }

  /**
   * Load responses: runs the export with the options, checks the zip, and opens it in the
   * workspace as `<survey name>.zip`. True when it was handed to the workspace.
   */
  async loadResponses(): Promise<boolean> {
    const d = this.detail;
    if (!d || this.run) return false;
    if (this.problems.length > 0) {
      this.error = {
        name: 'ValidationError',
        message: `These options cannot be sent: ${this.problems.join(' ')}`,
      };
      return false;
    }
    const http = this.#client();
    if (!http) return false;
    const connectionId = this.connectionId!;
    const options: ExportOptions = { ...this.sending, compress: true };
    const usedBookmark = options.continuationToken !== undefined ? this.bookmark : null;
    const startedAt = isoAt(this.#now());
    this.#lastOptions.set(d.id, this.options);
    this.offerFullLoad = false;
    const controller = new AbortController();
    this.#export = controller;
    this.error = null;
    this.outcome = null;
    this.waits = [];
    const at = (phase: ExportPhase, percent: number): ExportRun => ({
      surveyId: d.id,
      surveyName: d.name,
      phase,
      percent,
    });
    this.run = at('starting', 0);
    try {
      const result = await runExport(http, d.id, options, {
        signal: controller.signal,
        sleep: this.o.sleep,
        firstPollMs: this.o.firstPollMs,
        maxPollMs: this.o.maxPollMs,
        onProgress: (percent) => {
          if (controller.signal.aborted) return;
          this.waiting = null;
          // After the last progress answer (complete) the client downloads at once.
          this.run = at(percent >= 100 ? 'downloading' : 'preparing', percent);
        },
      });
      this.run = at('checking', 100);
      const bytes = new Uint8Array(result.bytes);
      await checkResponsesZip(bytes);
      if (controller.signal.aborted) throw new AbortError('Cancelled.');
      if (result.continuationToken) {
        // The responses of this export end where it started: the next one continues from there.
        this.#keepBookmark(connectionId, d.id, {
          token: result.continuationToken,
          issuedAt: startedAt,
        });
      }
      if (usedBookmark && (await countExportResponses(bytes)) === 0) {
        // Nothing recorded since the bookmark: say so rather than open an empty table.
        this.outcome = `No new responses since the load of ${localDateTime(usedBookmark.issuedAt)}.`;
        return false;
      }
      const file = new File([bytes], responsesFileName(d.name, d.id), { type: 'application/zip' });
      this.run = null;
      this.waiting = null;
      this.onOpened();
      await this.target.openFiles([file]);
      return true;
    } catch (e) {
      const err = standardizeError(e);
      if (usedBookmark && isRefusedRequest(e)) {
        // Expired (a week), invalid, or from another survey: it will not work again.
        this.#keepBookmark(connectionId, d.id, null);
        this.onlyNew = false;
        this.offerFullLoad = true;
        this.error = {
          name: 'QualtricsApiError',
          message:
            `Qualtrics refused to export only the responses new since the load of ${localDateTime(usedBookmark.issuedAt)}: ` +
            'the bookmark it gave then has expired (they last a week) or is no longer valid, so it has been forgotten. ' +
            `Load everything again to get the responses and a new bookmark. (${err!.message})`,
        };
        return false;
      }
      this.error = err;
      if (!this.error) {
        this.outcome = 'Cancelled: nothing more is asked of Qualtrics for this export.';
      }
      return false;
    } finally {
      if (this.#export === controller) this.#export = null;
      this.run = null;
      this.waiting = null;
    }
  }

  /** Stops the export: the poll or download under way is aborted and no further call is made. */
  cancel(): void {
    this.#export?.abort();
  }

  /** Leaving the screen stops reading lists and pages (not an export, which opens when done). */
  leave(): void {
    this.#browse?.abort();
  }

  dismissError(): void {
    this.error = null;
  }

  #now(): number {
    return (this.o.now ?? Date.now)();
  }

  #storage(): StorageLike | null {
    return this.o.storage === undefined ? tabStorage() : this.o.storage;
  }

  #readBookmark(connectionId: string, surveyId: string): ContinuationBookmark | null {
    const key = continuationKey(connectionId, surveyId);
    if (this.#bookmarks.has(key)) return this.#bookmarks.get(key) ?? null;
    let raw: string | null = null;
    try {
      raw = this.#storage()?.getItem(key) ?? null;
    } catch {
      // Unreadable storage: as if nothing was kept.
    }
    const b = parseBookmark(raw);
    this.#bookmarks.set(key, b);
    return b;
  }

  #writeBookmark(connectionId: string, surveyId: string, b: ContinuationBookmark | null): void {
    const key = continuationKey(connectionId, surveyId);
    this.#bookmarks.set(key, b);
    try {
      const storage = this.#storage();
      if (b) storage?.setItem(key, JSON.stringify(b));
      else storage?.removeItem(key);
    } catch {
      // Full or denied storage: kept in memory for this page only.
    }
  }

  /** Stores (or drops) a survey's bookmark, and shows it when that survey is open. */
  #keepBookmark(connectionId: string, surveyId: string, b: ContinuationBookmark | null): void {
    this.#writeBookmark(connectionId, surveyId, b);
    if (this.connectionId === connectionId && this.surveyId === surveyId) {
      this.bookmark = b;
      if (!b) this.onlyNew = false;
    }
  }

  #client(): QualtricsHttp | null {
    const id = this.connectionId;
    if (!id) {
      this.error = { name: 'ValidationError', message: 'Choose a connection first.' };
      return null;
    }
    const http = this.connections.client(id, {
      onWait: (w) => {
        const text = describeWait(w);
        this.waiting = text;
        this.waits = [...this.waits, text];
      },
      onNotice: (n) => (this.notice = n),
    });
    if (!http) {
      this.error = this.connections.error ?? {
        name: 'ValidationError',
        message: 'This connection cannot be used: open Connections and check it.',
      };
    }
    return http;
  }

  /** Runs a read (list, survey page) with its own cancellation, waits and errors. */
  async #browsing(work: (http: QualtricsHttp, signal: AbortSignal) => Promise<void>) {
    const http = this.#client();
    if (!http) return;
    this.#browse?.abort();
    const controller = new AbortController();
    this.#browse = controller;
    this.error = null;
    if (!this.run) this.waits = [];
    try {
      await work(http, controller.signal);
    } catch (e) {
      if (!controller.signal.aborted) this.error = standardizeError(e);
    } finally {
      if (this.#browse === controller) this.#browse = null;
      if (!this.run) this.waiting = null;
    }
  }
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
