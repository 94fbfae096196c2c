// The saved answer mappings (how each survey question's answers count), listed so the user can
// see what this browser keeps and delete it. Storage failures are shown, never thrown.
import type { SavedSentimentMapping } from '../storage/db';
import { standardizeError, type UiError } from '../services/report-error';

/** What the store needs of src/storage/sentiment-mappings.ts; tests pass a fake. */
export interface MappingListRepo {
  list(): Promise<SavedSentimentMapping[]>;
  delete(key: string): Promise<void>;
}

export class SavedMappingsStore {
  items = $state.raw<SavedSentimentMapping[]>([]);
  error = $state.raw<UiError | null>(null);

  constructor(private readonly repo: MappingListRepo) {}

  async refresh(): Promise<void> {
    try {
      this.items = await this.repo.list();
      this.error = null;
    } catch (e) {
      this.error = standardizeError(e);
    }
  }

  async remove(key: string): Promise<void> {
    try {
      await this.repo.delete(key);
      this.items = this.items.filter((m) => m.key !== key);
      this.error = null;
    } catch (e) {
      this.error = standardizeError(e);
    }
  }

  async removeAll(): Promise<void> {
    for (const m of this.items) await this.remove(m.key);
  }
}
