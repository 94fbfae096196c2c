// The Connections page: saved Qualtrics connections, their secrets (remembered on this device or
// kept for this tab only), their status checked with `whoami`, and "Test connection", which
// probes each capability the app needs and says which work from this origin. Client calls run
// on the page: they wait on the network, not the CPU. Errors are shown, never thrown; secrets are
// never put in a status, a message or a log (the client scrubs them from its errors).
import {
  QualtricsHttp,
  apiBaseUrl,
  apiTokenAuth,
  listDirectories,
  listDistributions,
  listMailingLists,
  listSurveys,
  whoami,
  type FetchLike,
  type QualtricsHttpOptions,
} from '../lib/qualtrics';
import { ValidationError } from '../lib/errors';
import { systemClock } from '../services/clock';
import { standardizeError, type UiError } from '../services/report-error';
import type { ConnectionInput, ConnectionStatus, SavedConnection } from '../storage/connections';

/** What the store needs of src/storage/connections.ts; tests may pass the real one on fake-idb. */
export interface ConnectionRepoLike {
  list(): Promise<SavedConnection[]>;
  add(input: ConnectionInput, secret?: string): Promise<SavedConnection>;
  update(id: string, input: ConnectionInput, secret?: string | null): Promise<SavedConnection>;
  setStatus(id: string, status: ConnectionStatus): Promise<SavedConnection>;
  forgetSecret(id: string): Promise<SavedConnection>;
  delete(id: string): Promise<void>;
}

/** Where "this tab only" secrets live (TabSecrets). */
export interface TabSecretsLike {
  get(id: string): string | undefined;
  set(id: string, secret: string): void;
  delete(id: string): void;
}

/** What a screen may hear from a connection's client while it works. */
export type ClientHooks = Pick<QualtricsHttpOptions, 'onWait' | 'onNotice'>;

export type CapabilityId = 'whoami' | 'surveys' | 'directories' | 'mailing-lists' | 'distributions';

/** One probed capability: whether it works from this origin, and what was seen or went wrong. */
export interface CapabilityResult {
  id: CapabilityId;
  label: string;
  outcome: 'works' | 'failed' | 'skipped';
  detail: string;
}

export class ConnectionsStore {
  items = $state.raw<SavedConnection[]>([]);
  error = $state.raw<UiError | null>(null);
  /** Ids of connections being checked or tested. */
  busy = $state.raw<readonly string[]>([]);
  /** The last Test connection results, per connection (this page only). */
  tests = $state.raw<Readonly<Record<string, CapabilityResult[]>>>({});
  /** Bumped when a tab-only secret changes, so `hasSecret` is re-read. */
  #secretsVersion = $state(0);

  constructor(
    private readonly repo: ConnectionRepoLike,
    private readonly tabSecrets: TabSecretsLike,
    private readonly fetchFn: FetchLike,
    private readonly now: () => Date = systemClock,
  ) {}

  async refresh(): Promise<void> {
    await this.#try(async () => {
      this.items = await this.repo.list();
    });
  }

  /** The secret of a connection, wherever it is kept, or undefined. */
  secretOf(c: SavedConnection): string | undefined {
    void this.#secretsVersion;
    return c.remember ? c.secret : this.tabSecrets.get(c.id);
  }

  hasSecret(c: SavedConnection): boolean {
    return this.secretOf(c) !== undefined;
  }

  /** Adds a connection and checks it. Returns it, or null when it was refused (see `error`). */
  async add(input: ConnectionInput, secret: string): Promise<SavedConnection | null> {
    return this.#try(async () => {
      validate(input, secret, true);
      const token = secret.trim();
      const saved = await this.repo.add(input, input.remember ? token : undefined);
      if (!input.remember) this.#setTab(saved.id, token);
      this.items = [saved, ...this.items];
      await this.check(saved.id);
      return this.items.find((c) => c.id === saved.id) ?? saved;
    });
  }

  /** Edits a connection; an empty `secret` keeps the current one (moved if `remember` changed). */
  async edit(id: string, input: ConnectionInput, secret = ''): Promise<boolean> {
    const r = await this.#try(async () => {
      validate(input, secret, false);
      const old = this.#find(id);
      const token = secret.trim() || (old ? this.secretOf(old) : undefined);
      const saved = await this.repo.update(id, input, input.remember ? (token ?? null) : null);
      if (input.remember) this.#deleteTab(id);
      else if (token) this.#setTab(id, token);
      this.#replace(saved);
      if (token) await this.check(id);
      return true;
    });
    return r ?? false;
  }

  /** "Forget": wipes the secret from IndexedDB and from the tab; the connection stays. */
  async forget(id: string): Promise<void> {
    this.#deleteTab(id);
    await this.#try(async () => {
      this.#replace(await this.repo.forgetSecret(id));
      this.#setTests(id, undefined);
    });
  }

  /** Deletes a connection and its secret everywhere. */
  async remove(id: string): Promise<void> {
    this.#deleteTab(id);
    await this.#try(async () => {
      await this.repo.delete(id);
      this.items = this.items.filter((c) => c.id !== id);
      this.#setTests(id, undefined);
    });
  }

  /** Checks a connection with `whoami` and saves the status. */
  async check(id: string): Promise<ConnectionStatus | undefined> {
    const c = this.#find(id);
    if (!c) return undefined;
    const http = this.#http(c);
    if (!http) return undefined;
    this.#setBusy(id, true);
    try {
      const status = await this.#whoamiStatus(http);
      await this.#try(async () => this.#replace(await this.repo.setStatus(id, status)));
      return status;
    } finally {
      this.#setBusy(id, false);
    }
  }

  /**
   * Test connection: probes whoami, list surveys, list directories and mailing lists, and list
   * distributions (of the first survey), each on its own, and records which work. The status
   * is updated from the whoami probe.
   */
  async test(id: string): Promise<CapabilityResult[] | undefined> {
    const c = this.#find(id);
    if (!c) return undefined;
    const http = this.#http(c);
    if (!http) return undefined;
    this.#setBusy(id, true);
    try {
      const results: CapabilityResult[] = [];
      const status = await this.#whoamiStatus(http);
      results.push({
        id: 'whoami',
        label: 'Who am I (account check)',
        outcome: status.kind === 'active' ? 'works' : 'failed',
        detail:
          status.kind === 'active'
            ? `Signed in as ${status.name ?? status.userName}.`
            : 'message' in status
              ? status.message
              : 'Not checked.',
      });
      const firstSurvey = await probe(results, 'surveys', 'List surveys', async () => {
        const first = await firstOf(listSurveys(http));
        return {
          detail: first ? `Sees surveys, e.g. "${first.name}".` : 'Works; no surveys yet.',
          value: first?.id,
        };
      });
      const directory = await probe(results, 'directories', 'List directories', async () => {
        const first = await firstOf(listDirectories(http));
        return {
          detail: first ? `Sees directory ${first.directoryId}.` : 'Works; no directory.',
          value: first?.directoryId,
        };
      });
      if (directory) {
        await probe(results, 'mailing-lists', 'List mailing lists', async () => {
          const first = await firstOf(listMailingLists(http, directory));
          return {
            detail: first
              ? `Sees mailing lists, e.g. "${first.name}".`
              : 'Works; no mailing lists yet.',
          };
        });
      } else {
        results.push(skipped('mailing-lists', 'List mailing lists', 'Needs a directory.'));
      }
      if (firstSurvey) {
        await probe(results, 'distributions', 'List distributions', async () => {
          const first = await firstOf(listDistributions(http, firstSurvey));
          return {
            detail: first
              ? `Sees distributions of survey ${firstSurvey}.`
              : `Works; survey ${firstSurvey} has no distributions.`,
          };
        });
      } else {
        results.push(skipped('distributions', 'List distributions', 'Needs a survey.'));
      }
      this.#setTests(id, results);
      await this.#try(async () => this.#replace(await this.repo.setStatus(id, status)));
      return results;
    } finally {
      this.#setBusy(id, false);
    }
  }

  isBusy(id: string): boolean {
    return this.busy.includes(id);
  }

  dismissError(): void {
    this.error = null;
  }

  async #whoamiStatus(http: QualtricsHttp): Promise<ConnectionStatus> {
    const at = this.now().toISOString();
    try {
      const me = await whoami(http);
      const name = [me.firstName, me.lastName].filter(Boolean).join(' ') || undefined;
      return {
        kind: 'active',
        at,
        userName: me.userName,
        brandId: me.brandId,
        ...(me.datacenter ? { datacenter: me.datacenter } : {}),
        ...(name ? { name } : {}),
      };
    } catch (e) {
      return statusOfError(e, at);
    }
  }

  /**
   * The API client of a saved connection, for the screens that call Qualtrics (Surveys, Load
   * responses), or null (with `error` set) when it is unknown or its secret is missing. `hooks`
   * lets a screen show rate-limit waits and Qualtrics notices.
   */
  client(id: string, hooks: ClientHooks = {}): QualtricsHttp | null {
    const c = this.#find(id);
    if (!c) {
      this.error = { name: 'NotFoundError', message: 'This connection no longer exists.' };
      return null;
    }
    return this.#http(c, hooks);
  }

  /** The client for a connection, or null (with `error` set) when its secret is missing. */
  #http(c: SavedConnection, hooks: ClientHooks = {}): QualtricsHttp | null {
    const secret = this.secretOf(c);
    if (!secret) {
      this.error = {
        name: 'ValidationError',
        message: `"${c.name}" has no API token (it was forgotten, or kept for another tab). Edit the connection and enter it again.`,
      };
      return null;
    }
    try {
      return new QualtricsHttp({
        baseUrl: apiBaseUrl(c.host, c.apiBase),
        auth: apiTokenAuth(secret),
        fetch: this.fetchFn,
        ...hooks,
      });
    } catch (e) {
      this.error = standardizeError(e);
      return null;
    }
  }

  #find(id: string): SavedConnection | undefined {
    return this.items.find((c) => c.id === id);
  }

  #replace(saved: SavedConnection): void {
    this.items = this.items.map((c) => (c.id === saved.id ? saved : c));
  }

  #setTab(id: string, secret: string): void {
    this.tabSecrets.set(id, secret);
    this.#secretsVersion++;
  }

  #deleteTab(id: string): void {
    this.tabSecrets.delete(id);
    this.#secretsVersion++;
  }

  #setBusy(id: string, on: boolean): void {
    const rest = this.busy.filter((b) => b !== id);
    this.busy = on ? [...rest, id] : rest;
  }

  #setTests(id: string, results: CapabilityResult[] | undefined): void {
    const next = { ...this.tests };
    if (results) next[id] = results;
    else delete next[id];
    this.tests = next;
  }

  async #try<T>(work: () => Promise<T>): Promise<T | null> {
    try {
      const r = await work();
      this.error = null;
      return r;
    } catch (e) {
      this.error = standardizeError(e);
      return null;
    }
  }
}

/** The status an error of `whoami` means. */
export function statusOfError(e: unknown, at: string): ConnectionStatus {
  const err = standardizeError(e) ?? { name: 'AbortError', message: 'Cancelled.' };
  if (err.name === 'NeedsReauthorizationError') {
    return { kind: 'needs-reauthorization', at, message: err.message };
  }
  if (err.name === 'BlockedByBrowserError') return { kind: 'blocked', at, message: err.message };
  return { kind: 'error', at, message: err.message };
}

function validate(input: ConnectionInput, secret: string, secretRequired: boolean): void {
  if (input.name.trim() === '') throw new ValidationError('Give the connection a name.');
  // Throws a ValidationError that says how to write the host or the API base URL.
  apiBaseUrl(input.host, input.apiBase);
  if (input.method !== 'api-token') {
    throw new ValidationError('Only API-token connections can be added so far.');
  }
  if (secretRequired && secret.trim() === '') {
    throw new ValidationError(
      'Enter the API token (Qualtrics: Account Settings → Qualtrics IDs → API → Token).',
    );
  }
  if (/\s/.test(secret.trim())) {
    throw new ValidationError('The API token has a space in it; paste it again without spaces.');
  }
}

async function firstOf<T>(items: AsyncGenerator<T>): Promise<T | undefined> {
  for await (const item of items) {
    await items.return(undefined);
    return item;
  }
  return undefined;
}

async function probe(
  results: CapabilityResult[],
  id: CapabilityId,
  label: string,
  run: () => Promise<{ detail: string; value?: string }>,
): Promise<string | undefined> {
  try {
    const { detail, value } = await run();
    results.push({ id, label, outcome: 'works', detail });
    return value;
  } catch (e) {
    results.push({
      id,
      label,
      outcome: 'failed',
      detail: standardizeError(e)?.message ?? 'Cancelled.',
    });
    return undefined;
  }
}

function skipped(id: CapabilityId, label: string, detail: string): CapabilityResult {
  return { id, label, outcome: 'skipped', detail };
}
