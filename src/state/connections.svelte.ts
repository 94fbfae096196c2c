// The Connections page: saved Qualtrics connections (API token, OAuth authorization code + PKCE,
// OAuth client credentials), their secrets (API token, client secret, OAuth tokens: remembered
// on this device or kept for this tab only), their status checked with `whoami`, and "Test
// connection", which probes each capability the app needs and says which work from this origin.
// The authorization-code flow leaves the page for Qualtrics' consent page and is finished by
// `finishRedirect` when the page loads again. Client calls run on the page: they wait on the
// network, not the CPU. Errors are shown, never thrown; secrets are never put in a status, a
// message or a log (the client scrubs them from its errors).
import {
  QualtricsHttp,
  apiBaseUrl,
  apiTokenAuth,
  authCodeHolder,
  beginAuthorization,
  checkRedirect,
  clientCredentialsHolder,
  exchangeCode,
  isOAuthRedirect,
  listDirectories,
  listDistributions,
  listMailingLists,
  listSurveys,
  originOf,
  readRedirect,
  safeUrl,
  startExport,
  whoami,
  type AuthProvider,
  type ExchangeMode,
  type FetchLike,
  type QualtricsHttpOptions,
  type QualtricsNotice,
  type RandomBytes,
  type Sha256,
  type StorageLike,
  type TokenHolder,
  type TokenSet,
} from '../lib/qualtrics';
import { ValidationError } from '../lib/errors';
import { systemClock } from '../services/clock';
import { standardizeError, type UiError } from '../services/report-error';
import {
  sameGrant,
  type ConnectionInput,
  type ConnectionStatus,
  type SavedConnection,
  type StoredTokens,
} from '../storage/connections';

/** What the store needs of src/storage/connections.ts; tests may pass the real one on fake-idb. */
export interface ConnectionRepoLike {
  list(): Promise<SavedConnection[]>;
  add(input: ConnectionInput, secret?: string): Promise<SavedConnection>;
  update(id: string, input: ConnectionInput, secret?: string | null): Promise<SavedConnection>;
  setStatus(id: string, status: ConnectionStatus): Promise<SavedConnection>;
  forgetSecret(id: string): Promise<SavedConnection>;
  setTokens(id: string, tokens: StoredTokens | null): Promise<SavedConnection>;
  delete(id: string): Promise<void>;
}

/**
 * What the authorization-code redirect needs of the page: session storage for the verifier and
 * state, randomness and SHA-256 for PKCE, and the address bar. Tests pass fakes.
 */
export interface OAuthPlatform {
  session: StorageLike;
  randomBytes: RandomBytes;
  sha256: Sha256;
  /** The page's address now (location.href). */
  currentUrl(): string;
  /** Replaces the address without loading (history.replaceState). */
  replaceUrl(url: string): void;
  /** Leaves for Qualtrics' consent page (location.assign). */
  navigate(url: string): void;
}

/** The page's own platform (browser globals), used when none is given. */
export function pagePlatform(): OAuthPlatform {
  return {
    session: pageSession(),
    randomBytes: (into) => crypto.getRandomValues(into),
    sha256: (data) => crypto.subtle.digest('SHA-256', new Uint8Array(data)),
    currentUrl: () => location.href,
    replaceUrl: (url) => history.replaceState(history.state, '', url),
    navigate: (url) => location.assign(url),
  };
}

/** The tab's session storage, or memory when it is refused (sandboxed frames throw on access). */
function pageSession(): StorageLike {
  try {
    if (typeof sessionStorage !== 'undefined') return sessionStorage;
  } catch {
    // Fall through to memory: a sign-in then cannot survive leaving for Qualtrics, and says so.
  }
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  const memory = new Map<string, string>();
  return {
    getItem: (k) => memory.get(k) ?? null,
    setItem: (k, v) => void memory.set(k, v),
    removeItem: (k) => void memory.delete(k),
  };
}

/** The redirect URI to register: the app's origin and path, without query or fragment. */
export function redirectUriOf(pageUrl: string): string {
  return pageUrl.replace(/[?#].*$/, '');
}

/** Tab-only OAuth tokens live beside the tab-only secret, under this suffix of the id. */
const TOKENS_SUFFIX = '#tokens';

/** Where "this tab only" secrets live (TabSecrets). */
export interface TabSecretsLike {
  get(id: string): string | undefined;
  set(id: string, secret: string): void;
  delete(id: string): void;
}

/** What a screen may hear from a connection's client while it works. */
export type ClientHooks = Pick<QualtricsHttpOptions, 'onWait' | 'onNotice'>;

export type CapabilityId =
  | 'whoami'
  | 'surveys'
  | 'export'
  | 'directories'
  | 'mailing-lists'
  | 'distributions'
  | 'token-endpoint';

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
  /** Hosts Qualtrics asked a connection to use instead ("Request proxied… use this host"). */
  hostOffers = $state.raw<Readonly<Record<string, string>>>({});
  /** Bumped when a tab-only secret changes, so `hasSecret` is re-read. */
  #secretsVersion = $state(0);
  /** One renewing credential per OAuth connection, shared by every client of it (not shown). */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #holders = new Map<string, TokenHolder>();
  #platform: OAuthPlatform | undefined;

  constructor(
    private readonly repo: ConnectionRepoLike,
    private readonly tabSecrets: TabSecretsLike,
    private readonly fetchFn: FetchLike,
    private readonly now: () => Date = systemClock,
    platform?: OAuthPlatform,
  ) {
    this.#platform = platform;
  }

  /** The page platform, made on first use (tests of API-token connections never need it). */
  get platform(): OAuthPlatform {
    this.#platform ??= pagePlatform();
    return this.#platform;
  }

  /** The exact redirect URI to register for the authorization-code client. */
  get redirectUri(): string {
    return redirectUriOf(this.platform.currentUrl());
  }

  async refresh(): Promise<void> {
    await this.#try(async () => {
      this.items = await this.repo.list();
    });
  }

  /** The secret of a connection (API token or client secret), wherever it is kept, or undefined. */
  secretOf(c: SavedConnection): string | undefined {
    void this.#secretsVersion;
    return c.remember ? c.secret : this.tabSecrets.get(c.id);
  }

  /** The OAuth tokens of a connection, wherever they are kept, or undefined. */
  tokensOf(c: SavedConnection): StoredTokens | undefined {
    void this.#secretsVersion;
    if (c.remember) return c.tokens;
    const raw = this.tabSecrets.get(c.id + TOKENS_SUFFIX);
    if (!raw) return undefined;
    try {
      return JSON.parse(raw) as StoredTokens;
    } catch {
      return undefined;
    }
  }

  /** True when the connection has what it needs to call Qualtrics from this tab. */
  hasSecret(c: SavedConnection): boolean {
    if (c.method === 'oauth-code') {
      const needsSecret = c.oauth?.exchange === 'secret';
      return this.tokensOf(c) !== undefined && (!needsSecret || this.secretOf(c) !== undefined);
    }
    return this.secretOf(c) !== undefined;
  }

  /**
   * Adds a connection. API token and client credentials are checked at once; an
   * authorization-code connection is saved and the page leaves for Qualtrics' consent page.
   * Returns it, or null when it was refused (see `error`).
   */
  async add(input: ConnectionInput, secret: string): Promise<SavedConnection | null> {
    return this.#try(async () => {
      validate(input, secret, true);
      const value = secret.trim();
      const kept = usesSecret(input) ? value : undefined;
      const saved = await this.repo.add(input, input.remember ? kept : undefined);
      if (!input.remember && kept) this.#setTab(saved.id, kept);
      this.items = [saved, ...this.items];
      if (saved.method === 'oauth-code') {
        await this.#authorize(saved);
      } else {
        await this.check(saved.id);
      }
      return this.items.find((c) => c.id === saved.id) ?? saved;
    });
  }

  /** Edits a connection; an empty `secret` keeps the current one (moved if `remember` changed). */
  async edit(id: string, input: ConnectionInput, secret = ''): Promise<boolean> {
    const r = await this.#try(async () => {
      validate(input, secret, false);
      const old = this.#find(id);
      const value = usesSecret(input)
        ? secret.trim() || (old ? this.secretOf(old) : undefined)
        : undefined;
      const tokens = old ? this.tokensOf(old) : undefined;
      const saved = await this.repo.update(id, input, input.remember ? (value ?? null) : null);
      this.#holders.delete(id);
      if (input.remember) this.#deleteTab(id);
      else if (value) this.#setTab(id, value);
      else this.tabSecrets.delete(id);
      // The tokens follow the remember choice, unless the settings they were issued for changed.
      const keepTokens = tokens && old && sameGrant(old, saved);
      this.#replace(saved);
      if (keepTokens) await this.#saveTokens(saved, tokens);
      else await this.#saveTokens(saved, null);
      const now = this.#find(id);
      if (now && this.hasSecret(now)) await this.check(id);
      return true;
    });
    return r ?? false;
  }

  /** "Forget": wipes every secret (token, client secret, OAuth tokens) from IndexedDB and the tab. */
  async forget(id: string): Promise<void> {
    this.#wipeTab(id);
    await this.#try(async () => {
      this.#replace(await this.repo.forgetSecret(id));
      this.#setTests(id, undefined);
    });
  }

  /** Deletes a connection and its secrets everywhere. */
  async remove(id: string): Promise<void> {
    this.#wipeTab(id);
    await this.#try(async () => {
      await this.repo.delete(id);
      this.items = this.items.filter((c) => c.id !== id);
      this.#setTests(id, undefined);
    });
  }

  /**
   * Reauthorize: reruns the authorization-code flow (the page leaves for Qualtrics), or for
   * client credentials asks for a new token at once.
   */
  async reauthorize(id: string): Promise<void> {
    const c = this.#find(id);
    if (!c) return;
    await this.#try(async () => {
      if (c.method === 'oauth-code') await this.#authorize(c);
      else if (c.method === 'client-credentials') {
        await this.#saveTokens(c, null);
        await this.check(id);
      }
    });
  }

  /** True when the page's address carries an OAuth answer (code or error). */
  isRedirect(url = this.platform.currentUrl()): boolean {
    return isOAuthRedirect(url);
  }

  /**
   * Finishes an authorization-code sign-in when the page's address carries Qualtrics' answer:
   * removes code and state from the address at once (before anything is awaited), checks the
   * state, exchanges the code with the connection's mode, keeps the tokens and checks the
   * connection. Refusals (forged, missing, reused or stale state; access denied) are shown in
   * `error` and nothing is exchanged. Returns false when the address is no OAuth answer.
   */
  async finishRedirect(url = this.platform.currentUrl()): Promise<boolean> {
    if (!isOAuthRedirect(url)) return false;
    const answer = readRedirect(url);
    this.platform.replaceUrl(answer.cleanUrl);
    let checked;
    try {
      checked = checkRedirect(answer, this.platform.session, this.now().getTime());
    } catch (e) {
      await this.refresh();
      this.error = standardizeError(e);
      return true;
    }
    await this.refresh();
    const c = this.#find(checked.pending.connectionId);
    if (!c) {
      this.error = {
        name: 'NotFoundError',
        message: 'The connection this sign-in was for no longer exists; add it again.',
      };
      return true;
    }
    const mode = this.#mode(c);
    if (!mode) return true;
    this.#setBusy(c.id, true);
    try {
      const tokens = await exchangeCode(this.#grantContext(c), mode, {
        code: checked.code,
        verifier: checked.pending.verifier,
        redirectUri: checked.pending.redirectUri,
      });
      this.#holders.delete(c.id);
      await this.#saveTokens(c, tokens);
    } catch (e) {
      const status = statusOfError(e, this.now().toISOString());
      await this.#try(async () => this.#replace(await this.repo.setStatus(c.id, status)));
      return true;
    } finally {
      this.#setBusy(c.id, false);
    }
    await this.check(c.id);
    return true;
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
   * Test connection: probes whoami, list surveys, starting an export (of the first survey, one
   * response, not waited for), list directories and mailing lists, list distributions (of the
   * first survey) and the token endpoint, each on its own, and records which work. The status
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
      if (firstSurvey) {
        await probe(results, 'export', 'Start a response export', async () => {
          const started = await startExport(http, firstSurvey, { format: 'csv', limit: 1 });
          return {
            detail: `Started export ${started.progressId} of survey ${firstSurvey} (one response; not waited for).`,
          };
        });
      } else {
        results.push(skipped('export', 'Start a response export', 'Needs a survey.'));
      }
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
      results.push(await this.#tokenProbe(c));
      this.#setTests(id, results);
      const latest = this.#find(id);
      // A failed renewal during the probes outranks an earlier "active".
      const final =
        latest?.status.kind === 'needs-reauthorization' && status.kind === 'active'
          ? latest.status
          : status;
      await this.#try(async () => this.#replace(await this.repo.setStatus(id, final)));
      return results;
    } finally {
      this.#setBusy(id, false);
    }
  }

  /**
   * Follows Qualtrics' "use this host instead" notice: changes the connection's host (keeping
   * its secrets and tokens) and checks it again.
   */
  async switchHost(id: string): Promise<void> {
    const c = this.#find(id);
    const host = this.hostOffers[id];
    if (!c || !host) return;
    await this.#try(async () => {
      const tokens = this.tokensOf(c);
      const scheme = /^http:\/\//i.test(c.host) ? 'http://' : '';
      const saved = await this.repo.update(id, { ...inputOf(c), host: scheme + host });
      this.#replace(saved);
      if (tokens) await this.#saveTokens(saved, tokens);
      this.#holders.delete(id);
      const offers = { ...this.hostOffers };
      delete offers[id];
      this.hostOffers = offers;
      await this.check(id);
    });
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

  /** Whether a token call works from this page: a refresh or a new grant, never for API tokens. */
  async #tokenProbe(c: SavedConnection): Promise<CapabilityResult> {
    const id = 'token-endpoint';
    const label = 'Token endpoint (OAuth)';
    if (c.method === 'api-token') {
      return skipped(id, label, 'API-token connections do not use the token endpoint.');
    }
    const where =
      c.oauth?.exchange === 'org-url' && c.oauth.orgTokenUrl
        ? `your organisation's token URL ${safeUrl(c.oauth.orgTokenUrl)}`
        : 'the token endpoint';
    if (c.method === 'oauth-code' && !this.tokensOf(c)?.refreshToken) {
      return skipped(
        id,
        label,
        `Qualtrics issued no refresh token, so nothing can be renewed; the code exchange through ${where} worked at sign-in.`,
      );
    }
    const holder = this.#holders.get(c.id);
    if (!holder) return skipped(id, label, 'Not signed in.');
    try {
      const ok = await holder.refresh();
      return ok
        ? {
            id,
            label,
            outcome: 'works',
            detail:
              c.method === 'oauth-code'
                ? `A token refresh through ${where} worked from this page.`
                : 'A new client-credentials token was granted from this page.',
          }
        : {
            id,
            label,
            outcome: 'failed',
            detail: 'The token request was refused: reauthorize this connection.',
          };
    } catch (e) {
      return {
        id,
        label,
        outcome: 'failed',
        detail: standardizeError(e)?.message ?? 'Cancelled.',
      };
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
    try {
      const auth = this.#auth(c);
      if (!auth) return null;
      return new QualtricsHttp({
        baseUrl: apiBaseUrl(c.host, c.apiBase),
        auth,
        fetch: this.fetchFn,
        ...hooks,
        onNotice: (n) => {
          this.#noticed(c.id, n);
          hooks.onNotice?.(n);
        },
      });
    } catch (e) {
      this.error = standardizeError(e);
      return null;
    }
  }

  /** The credential of a connection, or null (with `error` set) when something is missing. */
  #auth(c: SavedConnection): AuthProvider | null {
    const secret = this.secretOf(c);
    if (c.method === 'api-token') {
      if (secret) return apiTokenAuth(secret);
      this.error = {
        name: 'ValidationError',
        message: `"${c.name}" has no API token (it was forgotten, or kept for another tab). Edit the connection and enter it again.`,
      };
      return null;
    }
    const existing = this.#holders.get(c.id);
    if (existing) return existing;
    const options = {
      tokens: this.tokensOf(c) ?? null,
      onChange: (tokens: TokenSet | null, status: 'active' | 'needs-reauthorization') =>
        void this.#holderChanged(c.id, tokens, status),
    };
    if (c.method === 'client-credentials') {
      if (!secret) {
        this.error = {
          name: 'ValidationError',
          message: `"${c.name}" has no client secret (it was forgotten, or kept for another tab). Edit the connection and enter it again.`,
        };
        return null;
      }
      const holder = clientCredentialsHolder(
        this.#grantContext(c),
        secret,
        c.oauth?.scopes ?? [],
        options,
      );
      this.#holders.set(c.id, holder);
      return holder;
    }
    const mode = this.#mode(c);
    if (!mode) return null;
    if (!options.tokens) {
      this.error = {
        name: 'NeedsReauthorizationError',
        message: `"${c.name}" is not signed in to Qualtrics in this tab. Use Reauthorize to sign in.`,
      };
      return null;
    }
    const holder = authCodeHolder(this.#grantContext(c), mode, options);
    this.#holders.set(c.id, holder);
    return holder;
  }

  /** How an authorization-code connection exchanges codes, or null (with `error`) when it cannot. */
  #mode(c: SavedConnection): ExchangeMode | null {
    const o = c.oauth;
    if (o?.exchange === 'org-url') {
      return { kind: 'org-url', url: o.orgTokenUrl ?? '', body: o.orgBody ?? 'form' };
    }
    if (o?.exchange === 'secret') {
      const secret = this.secretOf(c);
      if (!secret) {
        this.error = {
          name: 'ValidationError',
          message: `"${c.name}" has no client secret (it was forgotten, or kept for another tab). Edit the connection and enter it again.`,
        };
        return null;
      }
      return { kind: 'secret', clientSecret: secret };
    }
    return { kind: 'public' };
  }

  #grantContext(c: SavedConnection) {
    return {
      host: c.host,
      clientId: c.oauth?.clientId ?? '',
      fetch: this.fetchFn,
      now: () => this.now().getTime(),
    };
  }

  /** Sends the page to Qualtrics' consent page for this connection. */
  async #authorize(c: SavedConnection): Promise<void> {
    if (!this.#mode(c)) return;
    const p = this.platform;
    const { url } = await beginAuthorization({
      host: c.host,
      clientId: c.oauth?.clientId ?? '',
      redirectUri: redirectUriOf(p.currentUrl()),
      scopes: c.oauth?.scopes ?? [],
      connectionId: c.id,
      store: p.session,
      randomBytes: p.randomBytes,
      sha256: p.sha256,
      now: this.now().getTime(),
    });
    p.navigate(url);
  }

  /** A holder renewed or lost its tokens: keep the new ones, record a needed reauthorization. */
  async #holderChanged(
    id: string,
    tokens: TokenSet | null,
    status: 'active' | 'needs-reauthorization',
  ): Promise<void> {
    const c = this.#find(id);
    if (!c) return;
    // Runs beside a screen's calls: report a storage failure, but never clear another error.
    try {
      if (status === 'active' && tokens) await this.#saveTokens(c, tokens);
      if (status === 'needs-reauthorization') {
        const message =
          c.method === 'oauth-code'
            ? 'The sign-in to Qualtrics expired or was revoked and could not be renewed. Reauthorize this connection.'
            : 'Qualtrics refused a new client-credentials token. Check the client id and secret, then Reauthorize.';
        this.#replace(
          await this.repo.setStatus(id, {
            kind: 'needs-reauthorization',
            at: this.now().toISOString(),
            message,
          }),
        );
      }
    } catch (e) {
      this.error = standardizeError(e);
    }
  }

  /** Keeps tokens where the connection keeps its secrets (IndexedDB only when remembered). */
  async #saveTokens(c: SavedConnection, tokens: StoredTokens | null): Promise<void> {
    const key = c.id + TOKENS_SUFFIX;
    if (c.remember && tokens) {
      this.tabSecrets.delete(key);
      this.#replace(await this.repo.setTokens(c.id, tokens));
    } else {
      if (tokens) this.tabSecrets.set(key, JSON.stringify(tokens));
      else this.tabSecrets.delete(key);
      if (c.tokens || (c.remember && !tokens)) {
        this.#replace(await this.repo.setTokens(c.id, null));
      }
    }
    this.#secretsVersion++;
  }

  #noticed(id: string, n: QualtricsNotice): void {
    if (n.kind !== 'proxied-host') return;
    const c = this.#find(id);
    if (!c) return;
    let current = '';
    try {
      current = originOf(c.host).host.toLowerCase();
    } catch {
      current = '';
    }
    if (n.host === current || this.hostOffers[id] === n.host) return;
    this.hostOffers = { ...this.hostOffers, [id]: n.host };
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

  /** Removes every tab-only secret of a connection and its renewing credential. */
  #wipeTab(id: string): void {
    this.tabSecrets.delete(id + TOKENS_SUFFIX);
    this.#holders.delete(id);
    this.#deleteTab(id);
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

/** True when the method keeps a secret of its own (API token or client secret). */
function usesSecret(input: ConnectionInput): boolean {
  return (
    input.method === 'api-token' ||
    input.method === 'client-credentials' ||
    input.oauth?.exchange === 'secret'
  );
}

/** The form input a saved connection was made from. */
function inputOf(c: SavedConnection): ConnectionInput {
  return {
    name: c.name,
    host: c.host,
    ...(c.apiBase ? { apiBase: c.apiBase } : {}),
    method: c.method,
    ...(c.oauth ? { oauth: c.oauth } : {}),
    remember: c.remember,
  };
}

function validate(input: ConnectionInput, secret: string, secretRequired: boolean): void {
  if (input.name.trim() === '') throw new ValidationError('Give the connection a name.');
  // Throws a ValidationError that says how to write the host or the API base URL.
  apiBaseUrl(input.host, input.apiBase);
  const value = secret.trim();
  if (input.method === 'api-token') {
    if (secretRequired && value === '') {
      throw new ValidationError(
        'Enter the API token (Qualtrics: Account Settings → Qualtrics IDs → API → Token).',
      );
    }
    if (/\s/.test(value)) {
      throw new ValidationError('The API token has a space in it; paste it again without spaces.');
    }
    return;
  }
  const o = input.oauth;
  if (!o || o.clientId.trim() === '') {
    throw new ValidationError(
      'Enter the OAuth client id (Qualtrics: Account Settings → Qualtrics IDs, or your brand administrator).',
    );
  }
  if (/\s/.test(o.clientId.trim())) {
    throw new ValidationError('The client id has a space in it; paste it again without spaces.');
  }
  if (input.method === 'client-credentials' || o.exchange === 'secret') {
    if (secretRequired && value === '') {
      throw new ValidationError(
        'Enter the client secret that Qualtrics showed when the OAuth client was created.',
      );
    }
    if (/\s/.test(value)) {
      throw new ValidationError(
        'The client secret has a space in it; paste it again without spaces.',
      );
    }
  }
  if (input.method === 'oauth-code' && o.exchange === 'org-url') {
    if (!o.orgTokenUrl || o.orgTokenUrl.trim() === '') {
      throw new ValidationError("Enter your organisation's token URL.");
    }
    // Same rules as a host: https, or http on this machine only.
    originOf(o.orgTokenUrl);
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
