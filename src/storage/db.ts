// The one IndexedDB schema of XO Bridge and its step-wise upgrades. Every store is listed on the
// "What stays on this device" page. idb's `openDB` always uses the global `indexedDB`, so we open
// through an injected factory and `wrap` the request's result, as `openDB` does inside.
import { wrap, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type { Recipe, RecipeKind } from '../lib/recipe/types';
import type { SentimentMapping } from '../lib/score/types';
import { storageError, toStorageError } from './errors';

// DO NOT CHANGE THESE WITHOUT ADDING MIGRATION LOGIC. DOING SO WOULD WIPE ALL EXISTING DATA.
/** Database name. Persisted. */
export const DB_NAME = 'xo-bridge';
/** Current schema version: add an `if (oldVersion < N)` step in `upgrade` when raising it. */
export const DB_VERSION = 3;
/** Store names. Persisted. */
export const Store = {
  recipes: 'recipes',
  settings: 'settings',
  sentimentMappings: 'sentimentMappings',
  connections: 'connections',
} as const;

/** How a connection authenticates. */
export type ConnectionMethod = 'api-token' | 'oauth-code' | 'client-credentials';

/** How an authorization code (and its refresh token) is exchanged for tokens. */
export type TokenExchange = 'public' | 'secret' | 'org-url';

/** The non-secret OAuth settings of a connection (client id, scopes, exchange mode). */
export interface OAuthSettings {
  clientId: string;
  /** Scopes asked for (space-separated on the wire). */
  scopes: string[];
  /** Authorization code only: how the code is exchanged. */
  exchange?: TokenExchange;
  /** Exchange 'org-url': the organisation's token URL and how it wants the body. */
  orgTokenUrl?: string;
  orgBody?: 'form' | 'json';
}

/** OAuth tokens as kept (secret: stored in IndexedDB only when the connection is remembered). */
export interface StoredTokens {
  accessToken: string;
  tokenType: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
  refreshToken?: string;
  scope?: string;
}

/** The last check of a connection, as shown in the list. */
export type ConnectionStatus =
  | { kind: 'unchecked' }
  | {
      kind: 'active';
      at: string;
      userName: string;
      brandId: string;
      datacenter?: string;
      name?: string;
    }
  | { kind: 'needs-reauthorization'; at: string; message: string }
  | { kind: 'blocked'; at: string; message: string }
  | { kind: 'error'; at: string; message: string };

/**
 * A saved Qualtrics connection (version 3). `secret` is present only when the user chose
 * "remember on this device"; a tab-only secret never reaches IndexedDB.
 */
export interface SavedConnection {
  id: string;
  name: string;
  /** `iad1.qualtrics.com`, a brand host, or an https URL (http only on the local machine). */
  host: string;
  /** An organisation's proxy or gateway in front of `/API/v3`; empty means `{host}/API/v3`. */
  apiBase?: string;
  method: ConnectionMethod;
  /** OAuth methods: client id, scopes and exchange mode (no secrets). */
  oauth?: OAuthSettings;
  remember: boolean;
  /**
   * The API token (api-token) or the client secret (client-credentials, or the authorization
   * code's "with client secret" mode), only when `remember` is true.
   */
  secret?: string;
  /** OAuth tokens, only when `remember` is true. */
  tokens?: StoredTokens;
  created: string;
  updated: string;
  status: ConnectionStatus;
}

/** How the answers of one survey question count, saved per question (version 2). */
export interface SavedSentimentMapping {
  /** The question's identity: `importId:QID2` when the export has ImportIds, else `header:Q2`. */
  key: string;
  /** The question's header and label when it was saved (shown in the list). */
  header: string;
  label: string;
  mapping: SentimentMapping;
  updated: string;
}

/** The schema of the `xo-bridge` database (version 3). */
export interface XoSchema extends DBSchema {
  recipes: {
    key: string;
    value: Recipe;
    indexes: { 'by-kind': RecipeKind; 'by-updated': string };
  };
  settings: { key: string; value: unknown };
  sentimentMappings: {
    key: string;
    value: SavedSentimentMapping;
    indexes: { 'by-updated': string };
  };
  connections: {
    key: string;
    value: SavedConnection;
    indexes: { 'by-updated': string };
  };
}

/** Options of `openXoDb`. */
export interface OpenXoDbOptions {
  /** Schema version to ask for (default DB_VERSION). Tests use a later one to act as a newer tab. */
  version?: number;
  /**
   * Told when the connection was closed under us: `blocking` (a newer XO Bridge tab wants to
   * upgrade, so we let go) or `terminated` (the browser closed it). A later open reconnects.
   */
  onClose?: (why: 'blocking' | 'terminated') => void;
}

const OPEN_ACTION = 'open the saved recipes';
const closedConnections = new WeakSet<object>();

/**
 * Opens the XO Bridge database, creating or upgrading it as needed.
 * @param factory IndexedDB factory; defaults to the page's `indexedDB` (tests pass a fresh fake).
 * @throws StorageError `unavailable` (no IndexedDB), `blocked` (another tab holds an older
 *   version open), `version` (a newer version exists), or as mapped by `toStorageError`.
 */
export function openXoDb(
  factory: IDBFactory | undefined = pageIndexedDb(),
  options: OpenXoDbOptions = {},
): Promise<IDBPDatabase<XoSchema>> {
  if (!factory) return Promise.reject(storageError('unavailable', OPEN_ACTION));
  return new Promise((resolve, reject) => {
    let request: IDBOpenDBRequest;
    try {
      request = factory.open(DB_NAME, options.version ?? DB_VERSION);
    } catch (e) {
      reject(toStorageError(e, OPEN_ACTION));
      return;
    }
    let settled = false;
    const fail = (e: unknown) => {
      settled = true;
      reject(toStorageError(e, OPEN_ACTION));
    };
    request.addEventListener('upgradeneeded', (event) => {
      const db = wrap(request.result) as unknown as IDBPDatabase<XoSchema>;
      const tx = wrap(request.transaction!) as unknown as UpgradeTransaction;
      upgrade(db, event.oldVersion, tx);
    });
    // The request stays pending until the other tab lets go; we give up now and say why. If it
    // opens later, that late connection is closed at once (below).
    request.addEventListener('blocked', () => fail(storageError('blocked', OPEN_ACTION)));
    request.addEventListener('error', () => fail(request.error));
    request.addEventListener('success', () => {
      const db = wrap(request.result) as unknown as IDBPDatabase<XoSchema>;
      if (settled) {
        db.close();
        return;
      }
      settled = true;
      watchConnection(db, options.onClose);
      resolve(db);
    });
  });
}

/** True once `blocking` or `terminated` closed this connection; open a new one then. */
export function isConnectionClosed(db: IDBPDatabase<XoSchema>): boolean {
  return closedConnections.has(db);
}

type UpgradeTransaction = IDBPTransaction<XoSchema, StoreNames<XoSchema>[], 'versionchange'>;

/**
 * Brings the schema from `oldVersion` to the current one, one step per version. Old steps are
 * never edited. Later versions append `if (oldVersion < 4) { … }` steps here (planned stores:
 * jobs, jobRuns, datasets, sendLog); data migrations use `_tx`.
 */
function upgrade(db: IDBPDatabase<XoSchema>, oldVersion: number, _tx: UpgradeTransaction): void {
  if (oldVersion < 1) {
    const recipes = db.createObjectStore(Store.recipes, { keyPath: 'id' });
    recipes.createIndex('by-kind', 'kind');
    recipes.createIndex('by-updated', 'updated');
    db.createObjectStore(Store.settings);
  }
  if (oldVersion < 2) {
    const mappings = db.createObjectStore(Store.sentimentMappings, { keyPath: 'key' });
    mappings.createIndex('by-updated', 'updated');
  }
  if (oldVersion < 3) {
    const connections = db.createObjectStore(Store.connections, { keyPath: 'id' });
    connections.createIndex('by-updated', 'updated');
  }
}

function watchConnection(db: IDBPDatabase<XoSchema>, onClose: OpenXoDbOptions['onClose']): void {
  // Another tab wants a newer version: let go, or it stays blocked until this tab closes.
  db.addEventListener('versionchange', () => {
    closedConnections.add(db);
    db.close();
    onClose?.('blocking');
  });
  db.addEventListener('close', () => {
    closedConnections.add(db);
    onClose?.('terminated');
  });
}

function pageIndexedDb(): IDBFactory | undefined {
  try {
    return typeof indexedDB === 'undefined' ? undefined : indexedDB;
  } catch {
    // Some sandboxed frames throw SecurityError on access.
    return undefined;
  }
}
