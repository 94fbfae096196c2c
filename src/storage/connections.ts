// Saved Qualtrics connections, and where their secrets live. A secret the user asked to
// "remember on this device" is stored with its connection in IndexedDB; a "this tab only" secret
// lives in the tab's sessionStorage (gone when the tab closes) and never reaches IndexedDB: the
// repository strips it from any record that is not `remember`, so no caller can leak it there.
// Connections are not part of the recipe export, so no secret ever reaches a download.
import { NotFoundError } from '../lib/errors';
import { DbConnection, type XoDb } from './connection';
import {
  Store,
  type ConnectionMethod,
  type ConnectionStatus,
  type OAuthSettings,
  type SavedConnection,
  type StoredTokens,
  type TokenExchange,
} from './db';

export type {
  ConnectionMethod,
  ConnectionStatus,
  OAuthSettings,
  SavedConnection,
  StoredTokens,
  TokenExchange,
};

/** What the user enters for a new or edited connection. */
export interface ConnectionInput {
  name: string;
  host: string;
  apiBase?: string;
  method: ConnectionMethod;
  /** Required for the OAuth methods; ignored for api-token. */
  oauth?: OAuthSettings;
  remember: boolean;
}

export interface ConnectionRepoOptions {
  now?: () => Date;
  newId?: () => string;
}

/** Saved connections. Storage failures reject with StorageError. */
export class ConnectionRepo {
  readonly #db: DbConnection;
  readonly #now: () => Date;
  readonly #newId: () => string;

  constructor(open: () => Promise<XoDb>, options: ConnectionRepoOptions = {}) {
    this.#db = new DbConnection(open);
    this.#now = options.now ?? (() => new Date());
    this.#newId = options.newId ?? (() => crypto.randomUUID());
  }

  /** Every connection, most recently updated first. */
  list(): Promise<SavedConnection[]> {
    return this.#db.run('load the connections', async (db) =>
      (await db.getAllFromIndex(Store.connections, 'by-updated')).reverse(),
    );
  }

  get(id: string): Promise<SavedConnection | undefined> {
    return this.#db.run('load the connection', (db) => db.get(Store.connections, id));
  }

  /** Adds a connection; `secret` is stored only when `input.remember`. */
  add(input: ConnectionInput, secret?: string): Promise<SavedConnection> {
    const stamp = this.#now().toISOString();
    const record = storable({
      ...clean(input),
      id: this.#newId(),
      secret,
      created: stamp,
      updated: stamp,
      status: { kind: 'unchecked' },
    });
    return this.#db.run('save the connection', async (db) => {
      await db.add(Store.connections, record);
      return record;
    });
  }

  /**
   * Changes a connection's fields. `secret`: a new secret (stored only when remembered),
   * `null` to remove it, undefined to keep the stored one (dropped if no longer remembered).
   */
  update(id: string, input: ConnectionInput, secret?: string | null): Promise<SavedConnection> {
    return this.#change('save the connection', id, (old) => {
      const next = { ...old, ...clean(input) };
      if (next.method === 'api-token') delete next.oauth;
      return {
        ...next,
        secret: secret === null ? undefined : (secret ?? old.secret),
        // Tokens belong to the host, client and scopes they were issued for.
        tokens: sameGrant(old, next) ? old.tokens : undefined,
        updated: this.#now().toISOString(),
      };
    });
  }

  /**
   * Keeps a connection's OAuth tokens (stored only when remembered; `null` removes them).
   * Does not change `updated`.
   */
  setTokens(id: string, tokens: StoredTokens | null): Promise<SavedConnection> {
    return this.#change('save the sign-in', id, (old) => ({
      ...old,
      tokens: tokens ?? undefined,
    }));
  }

  /** Records the last check (does not change `updated`, so the list order stays). */
  setStatus(id: string, status: ConnectionStatus): Promise<SavedConnection> {
    return this.#change('save the connection status', id, (old) => ({ ...old, status }));
  }

  /** Removes every stored secret (token, client secret, OAuth tokens); status "unchecked". */
  forgetSecret(id: string): Promise<SavedConnection> {
    return this.#change('forget the secret', id, (old) => ({
      ...old,
      secret: undefined,
      tokens: undefined,
      status: { kind: 'unchecked' },
    }));
  }

  /** Deletes a connection and its stored secret; an unknown id is not an error. */
  delete(id: string): Promise<void> {
    return this.#db.run('delete the connection', (db) => db.delete(Store.connections, id));
  }

  #change(
    action: string,
    id: string,
    edit: (old: SavedConnection) => SavedConnection,
  ): Promise<SavedConnection> {
    return this.#db.run(action, async (db) => {
      const tx = db.transaction(Store.connections, 'readwrite');
      const old = await tx.store.get(id);
      if (!old) {
        throw new NotFoundError(
          'This connection no longer exists; it may have been deleted in another tab.',
        );
      }
      const next = storable(edit(old));
      await Promise.all([tx.store.put(next), tx.done]);
      return next;
    });
  }
}

function clean(input: ConnectionInput): ConnectionInput {
  const apiBase = input.apiBase?.trim();
  const o = input.oauth;
  const oauth: OAuthSettings | undefined =
    o && input.method !== 'api-token'
      ? {
          clientId: o.clientId.trim(),
          scopes: o.scopes.map((s) => s.trim()).filter((s) => s !== ''),
          ...(input.method === 'oauth-code' ? { exchange: o.exchange ?? 'public' } : {}),
          ...(input.method === 'oauth-code' && o.exchange === 'org-url'
            ? { orgTokenUrl: o.orgTokenUrl?.trim() ?? '', orgBody: o.orgBody ?? 'form' }
            : {}),
        }
      : undefined;
  return {
    name: input.name.trim(),
    host: input.host.trim(),
    ...(apiBase ? { apiBase } : {}),
    method: input.method,
    ...(oauth ? { oauth } : {}),
    remember: input.remember,
  };
}

/** True when OAuth tokens issued for `a` are still valid for `b`. */
export function sameGrant(a: SavedConnection, b: SavedConnection): boolean {
  return (
    a.method === b.method &&
    a.host === b.host &&
    JSON.stringify(a.oauth ?? null) === JSON.stringify(b.oauth ?? null)
  );
}

/** The record as it may be stored: plain JSON, and no secret or token unless remembered. */
function storable(c: SavedConnection): SavedConnection {
  const copy = JSON.parse(JSON.stringify(c)) as SavedConnection;
  if (!copy.remember || !copy.secret) delete copy.secret;
  if (!copy.remember || !copy.tokens) delete copy.tokens;
  if (!copy.apiBase) delete copy.apiBase;
  if (copy.method === 'api-token' || !copy.oauth) delete copy.oauth;
  return copy;
}

/** The part of sessionStorage the tab-only secrets need (tests pass a Map-backed fake). */
export interface SecretStorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const TAB_KEY = 'xo-bridge.connection-secret.';

/**
 * "This tab only" secrets: kept in the tab's sessionStorage, which survives a reload of the tab
 * but not the tab (or browser context) itself, and is never shared with other tabs. Falls back to
 * memory when sessionStorage is unavailable.
 */
export class TabSecrets {
  readonly #storage: SecretStorageLike | undefined;
  readonly #memory = new Map<string, string>();

  constructor(storage: SecretStorageLike | undefined = pageSessionStorage()) {
    this.#storage = storage;
  }

  get(id: string): string | undefined {
    try {
      return this.#storage?.getItem(TAB_KEY + id) ?? this.#memory.get(id);
    } catch {
      return this.#memory.get(id);
    }
  }

  set(id: string, secret: string): void {
    try {
      if (this.#storage) {
        this.#storage.setItem(TAB_KEY + id, secret);
        return;
      }
    } catch {
      // Storage full or refused: keep it in memory for this page instead.
    }
    this.#memory.set(id, secret);
  }

  delete(id: string): void {
    this.#memory.delete(id);
    try {
      this.#storage?.removeItem(TAB_KEY + id);
    } catch {
      // Nothing stored there.
    }
  }
}

function pageSessionStorage(): SecretStorageLike | undefined {
  try {
    return typeof sessionStorage === 'undefined' ? undefined : sessionStorage;
  } catch {
    return undefined;
  }
}
