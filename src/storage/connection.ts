// One lazily opened connection to the XO Bridge database, shared by a repository's methods:
// opened on first use, re-opened when another tab or the browser closed it, and a failed open
// retried by the next call. Failures become StorageError with a plain-language message.
import type { IDBPDatabase } from 'idb';
import { NotFoundError } from '../lib/errors';
import { isConnectionClosed, type XoSchema } from './db';
import { toStorageError } from './errors';

export type XoDb = IDBPDatabase<XoSchema>;

export class DbConnection {
  readonly #open: () => Promise<XoDb>;
  #connection: Promise<XoDb> | undefined;

  /** @param open Opens the database (e.g. `() => openXoDb()`); called lazily, result cached. */
  constructor(open: () => Promise<XoDb>) {
    this.#open = open;
  }

  /**
   * Runs `work` on the open database. `action` names what was being done, for the message
   * ("Could not save the recipe: …"). NotFoundError passes through unchanged.
   */
  async run<T>(action: string, work: (db: XoDb) => Promise<T>): Promise<T> {
    try {
      return await work(await this.#db());
    } catch (e) {
      if (e instanceof NotFoundError) throw e;
      throw toStorageError(e, action);
    }
  }

  async #db(): Promise<XoDb> {
    const pending = this.#connect();
    const db = await pending;
    if (!isConnectionClosed(db)) return db;
    if (this.#connection === pending) this.#connection = undefined;
    return this.#connect();
  }

  #connect(): Promise<XoDb> {
    this.#connection ??= Promise.resolve()
      .then(() => this.#open())
      .catch((e: unknown) => {
        this.#connection = undefined; // a failed open is retried by the next call
        throw e;
      });
    return this.#connection;
  }
}
