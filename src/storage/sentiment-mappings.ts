// Saved sentiment mappings: how the answers of one survey question count (positive, neutral,
// negative, excluded), kept per question so the next export of the same survey opens with the
// user's choices. Domain verbs over the `sentimentMappings` store; callers never see idb types.
import type { SentimentMapping } from '../lib/score/types';
import { DbConnection, type XoDb } from './connection';
import { Store, type SavedSentimentMapping } from './db';

export type { SavedSentimentMapping };
// The key a question's mapping is saved under (its ImportId when known, else its header).
export { questionKey } from '../lib/analysis/setup';

/** Saved sentiment mappings. Storage failures reject with StorageError. */
export class SentimentMappingRepo {
  readonly #db: DbConnection;
  readonly #now: () => Date;

  constructor(open: () => Promise<XoDb>, now: () => Date = () => new Date()) {
    this.#db = new DbConnection(open);
    this.#now = now;
  }

  /** Every saved mapping, most recently updated first. */
  list(): Promise<SavedSentimentMapping[]> {
    return this.#db.run('load the saved answer mappings', async (db) =>
      (await db.getAllFromIndex(Store.sentimentMappings, 'by-updated')).reverse(),
    );
  }

  get(key: string): Promise<SavedSentimentMapping | undefined> {
    return this.#db.run('load the answer mapping', (db) => db.get(Store.sentimentMappings, key));
  }

  /** Saves (inserts or replaces) the mapping of one question. */
  save(
    key: string,
    question: { header: string; label: string },
    mapping: SentimentMapping,
  ): Promise<SavedSentimentMapping> {
    return this.#db.run('save the answer mapping', async (db) => {
      const stored: SavedSentimentMapping = {
        key,
        header: question.header,
        label: question.label,
        // Plain JSON: keeps reactive proxies out of IndexedDB.
        mapping: JSON.parse(JSON.stringify(mapping)) as SentimentMapping,
        updated: this.#now().toISOString(),
      };
      await db.put(Store.sentimentMappings, stored);
      return stored;
    });
  }

  /** Forgets one question's mapping (its defaults apply again); unknown keys are no error. */
  delete(key: string): Promise<void> {
    return this.#db.run('delete the answer mapping', (db) =>
      db.delete(Store.sentimentMappings, key),
    );
  }
}
