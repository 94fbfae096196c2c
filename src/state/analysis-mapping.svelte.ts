// How the answers of the question being scored count (the sentiment mapping): the user's saved
// mapping for the question, else the default of its score kind. Edits are saved per question
// (src/storage/sentiment-mappings.ts); a failing store is shown, never thrown into the Analysis.
import type { AnalysisFacts, QuestionInfo } from '../lib/analysis/facts';
import { mappingFits, mappingFor, questionKey } from '../lib/analysis/setup';
import type { SentimentMapping } from '../lib/score/types';
import { standardizeError, type UiError } from '../services/report-error';
import type { SavedSentimentMapping } from '../storage/db';

/** What the Analysis needs of the saved sentiment mappings (src/storage/sentiment-mappings.ts). */
export interface SentimentRepoLike {
  get(key: string): Promise<SavedSentimentMapping | undefined>;
  save(
    key: string,
    question: { header: string; label: string },
    mapping: SentimentMapping,
  ): Promise<SavedSentimentMapping>;
  delete(key: string): Promise<void>;
}

export class MappingChoice {
  mapping = $state.raw<SentimentMapping | null>(null);
  /** Where the mapping on screen comes from. */
  source = $state<'default' | 'saved' | 'edited'>('default');
  /** The last read or save failed (the analysis still runs with the mapping on screen). */
  storageError = $state.raw<UiError | null>(null);
  /** Saved mappings of the table's questions, by key (plain object: not reactive). */
  saved: Record<string, SentimentMapping> = {};

  constructor(private readonly repo: SentimentRepoLike) {}

  /** Reads the saved mappings of every question (the overview reads each with its own). */
  async loadSaved(f: AnalysisFacts): Promise<void> {
    const saved: Record<string, SentimentMapping> = {};
    try {
      for (const q of f.questions) {
        const m = await this.repo.get(questionKey(q));
        if (m && mappingFits(m.mapping, q)) saved[questionKey(q)] = m.mapping;
      }
    } catch (e) {
      this.storageError = standardizeError(e);
    }
    this.saved = saved;
  }

  /**
   * The question's saved mapping, else its default. Without `fresh`, a mapping the user chose
   * that still fits the question is kept.
   */
  async load(q: QuestionInfo | null, fresh = false): Promise<void> {
    if (!q) {
      this.mapping = null;
      return;
    }
    if (!fresh && this.mapping && mappingFits(this.mapping, q) && this.source !== 'default') {
      return;
    }
    let saved: SavedSentimentMapping | undefined;
    try {
      saved = await this.repo.get(questionKey(q));
      this.storageError = null;
    } catch (e) {
      this.storageError = standardizeError(e);
    }
    if (saved && mappingFits(saved.mapping, q)) {
      this.mapping = saved.mapping;
      this.source = 'saved';
    } else {
      this.useDefault(q);
    }
  }

  /** Reads the saved mappings again; a question whose saved mapping is gone gets its default. */
  async refresh(f: AnalysisFacts, q: QuestionInfo): Promise<void> {
    await this.loadSaved(f);
    if (this.source !== 'default' && !this.saved[questionKey(q)]) this.useDefault(q);
  }

  useDefault(q: QuestionInfo): void {
    this.mapping = mappingFor(q, q.kind);
    this.source = 'default';
  }

  /** Shows the user's mapping for `q` and saves it for the question. */
  async set(q: QuestionInfo | null, mapping: SentimentMapping): Promise<void> {
    this.mapping = mapping;
    this.source = 'edited';
    if (!q) return;
    this.saved[questionKey(q)] = mapping;
    try {
      await this.repo.save(questionKey(q), { header: q.header, label: q.label }, mapping);
      this.storageError = null;
    } catch (e) {
      this.storageError = standardizeError(e);
    }
  }

  /** Forgets the saved mapping of `q`: its default applies again. */
  async reset(q: QuestionInfo): Promise<void> {
    delete this.saved[questionKey(q)];
    try {
      await this.repo.delete(questionKey(q));
      this.storageError = null;
    } catch (e) {
      this.storageError = standardizeError(e);
    }
    this.useDefault(q);
  }
}
