// The Analysis screen: two loaded tables joined on chosen keys (or one table on its own), one
// question (or a category of questions) scored with its sentiment mapping, and the breakout,
// "how do patterns differ" and trend views. Every number comes from the worker's aggregates.
import { choiceLabels } from '../lib/analysis/choice-text';
import type { AnalysisFacts, QuestionInfo } from '../lib/analysis/facts';
import type {
  AnalysisRequest,
  AnalysisResult,
  OverviewItem,
  OverviewRow,
} from '../lib/analysis/run';
import { defaultMapping, npsGroupMapping } from '../lib/score/sentiment';
import type { Headline, PeriodUnit, ScoreKind, SentimentMapping } from '../lib/score/types';
import type { TableInfo } from '../lib/table/types';
import type { JoinSpec } from '../lib/transform/join-tables';
import type { AnalysisEngine, JoinPart, JoinSummary } from '../services/engine-client';
import { standardizeError, type UiError } from '../services/report-error';
import type { SavedSentimentMapping } from '../storage/db';
import { questionKey } from '../storage/sentiment-mappings';
import { Debouncer, saveFile } from './flow-support';

/** What the flow needs of the saved sentiment mappings (src/storage/sentiment-mappings.ts). */
export interface SentimentRepoLike {
  get(key: string): Promise<SavedSentimentMapping | undefined>;
  save(
    key: string,
    question: { header: string; label: string },
    mapping: SentimentMapping,
  ): Promise<SavedSentimentMapping>;
  delete(key: string): Promise<void>;
}

export interface JoinSettings {
  leftKey: number;
  rightKey: number;
  trim: boolean;
  caseFold: boolean;
  kind: 'inner' | 'left';
  many: 'exclude' | 'all';
  /** Average the right table per key first (weekly person-query rows → one row per person). */
  averageRight: boolean;
  /** Right column whose 0/FALSE/blank marks inactive weeks to skip while averaging. */
  inactiveColumn: number | null;
}

export interface AnalysisSettings {
  /** Question columns of the analysed table: one item, or several for a category. */
  columns: number[];
  categoryName: string;
  minGroup: number;
  lowSample: number;
  breakout: { column: number; bins: number } | null;
  patterns: number[];
  trend: { column: number; unit: PeriodUnit; weekStart: 0 | 1; split?: boolean } | null;
}

const LEFT_KEYS = [
  /^externalreference$/i,
  /^externaldatareference$/i,
  /^employee[ _-]?id$/i,
  /^uniqueidentifier$/i,
  /^(recipient)?e-?mail$/i,
  /e-?mail/i,
];
const RIGHT_KEYS = [
  /^uniqueidentifier$/i,
  /^employee[ _-]?id$/i,
  /^externaldatareference$/i,
  /^externalreference$/i,
  /^(work)?e-?mail$/i,
  /e-?mail/i,
  /^personid$/i,
];

/** The first column whose name fits the earliest pattern. */
export function suggestKey(t: TableInfo, patterns: readonly RegExp[]): number {
  for (const re of patterns) {
    const i = t.columns.findIndex((c) => re.test(c.header.trim()));
    if (i >= 0) return i;
  }
  return 0;
}

/** The join a demanding analyst would start from. */
export function suggestJoin(left: TableInfo, right: TableInfo): JoinSettings {
  const rightKey = suggestKey(right, RIGHT_KEYS);
  const weekly = right.format.source === 'viva-person-query';
  const active = right.columns.findIndex((c) => /^isactive$/i.test(c.header.trim()));
  return {
    leftKey: suggestKey(left, LEFT_KEYS),
    rightKey,
    trim: true,
    caseFold: true,
    kind: 'left',
    many: 'exclude',
    averageRight: weekly,
    inactiveColumn: weekly && active >= 0 ? active : null,
  };
}

const sameQuestion = (a: QuestionInfo, b: QuestionInfo) =>
  a.scale.min === b.scale.min && a.scale.max === b.scale.max;

/** The key a question's mapping is saved under (the storage's one rule). */
export const mappingKey = questionKey;

/** The default mapping of a question for a score kind; null when the scale does not fit. */
export function mappingFor(q: QuestionInfo, kind: ScoreKind): SentimentMapping | null {
  try {
    const labels = q.choices && choiceLabels(q.choices.labels);
    const m = q.isNpsGroup ? npsGroupMapping() : defaultMapping(kind, q.scale, labels);
    if (q.missingCodes.length > 0 && !q.isNpsGroup) {
      // Negative recodes (-99 "seen but unanswered") are listed, and excluded, so they show.
      const extra = q.missingCodes.map((value) => ({ value, sentiment: 'excluded' as const }));
      return { ...m, values: [...extra, ...m.values] };
    }
    return m;
  } catch {
    return null;
  }
}

export class AnalysisFlow {
  left = $state.raw<TableInfo | null>(null);
  right = $state.raw<TableInfo | null>(null);
  join = $state.raw<JoinSettings | null>(null);
  /** The table analysed: the join when there is a right table, else the left table. */
  target = $state.raw<TableInfo | null>(null);
  averaged = $state.raw<{
    table: TableInfo;
    blankKeys: number;
    inactive: number;
    changing: string[];
  } | null>(null);
  report = $state.raw<JoinSummary | null>(null);
  facts = $state.raw<AnalysisFacts | null>(null);
  settings = $state.raw<AnalysisSettings | null>(null);
  mapping = $state.raw<SentimentMapping | null>(null);
  /** Where the mapping on screen comes from. */
  mappingSource = $state<'default' | 'saved' | 'edited'>('default');
  result = $state.raw<AnalysisResult | null>(null);
  /** Every question at a glance, each read with its saved or default mapping. */
  overview = $state.raw<OverviewRow[] | null>(null);
  /** The mapping `result` was computed with (the one on screen may be newer). */
  resultMapping = $state.raw<SentimentMapping | null>(null);
  busy = $state(false);
  error = $state.raw<UiError | null>(null);
  /** The engine generation the tables were opened in; older ones are gone after a restart. */
  generation = $state(-1);
  /** The last mapping save failed (the analysis still runs with it). */
  storageError = $state.raw<UiError | null>(null);

  /** The question(s) being scored. */
  questions = $derived.by((): QuestionInfo[] => {
    const f = this.facts;
    const s = this.settings;
    if (!f || !s) return [];
    return s.columns.flatMap((c) => f.questions.find((q) => q.column === c) ?? []);
  });
  question = $derived<QuestionInfo | null>(this.questions[0] ?? null);

  #seq = 0;
  readonly #debounce: Debouncer;
  /** Saved mappings of the table's questions, by mapping key (plain object: not reactive). */
  #saved: Record<string, SentimentMapping> = {};

  constructor(
    private readonly engine: AnalysisEngine,
    private readonly mappings: SentimentRepoLike,
    debounceMs = 120,
  ) {
    this.#debounce = new Debouncer(() => this.run(), debounceMs);
  }

  /** Starts on a survey table and an optional metrics table (already open in the engine). */
  async start(left: TableInfo, right: TableInfo | null): Promise<void> {
    const keep = this.join && this.left?.name === left.name && this.right?.name === right?.name;
    this.left = left;
    this.right = right;
    this.generation = this.engine.generation;
    // Re-opening the same files (after a restart) keeps the join the user chose.
    if (!keep) this.join = right ? suggestJoin(left, right) : null;
    if (!keep) {
      // Other files: nothing of the old analysis may show while the new one is prepared.
      this.#close(this.averaged?.table.id);
      this.settings = null;
      this.facts = null;
      this.report = null;
      this.averaged = null;
      this.overview = null;
    }
    this.result = null;
    this.resultMapping = null;
    await this.prepare();
  }

  /** Changes the join; the joined table and everything after it are rebuilt. */
  async updateJoin(patch: Partial<JoinSettings>): Promise<void> {
    if (!this.join) return;
    this.join = { ...this.join, ...patch };
    await this.prepare();
  }

  #spec(): JoinSpec | null {
    const j = this.join;
    if (!j || !this.left || !this.right) return null;
    return {
      leftKey: j.leftKey,
      // The averaged table has the key first.
      rightKey: j.averageRight ? 0 : j.rightKey,
      trim: j.trim,
      caseFold: j.caseFold,
      kind: j.kind,
      many: j.many,
    };
  }

  /** Rebuilds the averaged and joined tables, then the facts, then runs the analysis. */
  async prepare(): Promise<void> {
    const left = this.left;
    if (!left) return;
    const seq = ++this.#seq;
    this.busy = true;
    this.error = null;
    try {
      const old = [this.averaged?.table.id, this.target !== left ? this.target?.id : undefined];
      let target = left;
      let averaged: AnalysisFlow['averaged'] = null;
      let report: JoinSummary | null = null;
      const j = this.join;
      const right = this.right;
      if (right && j) {
        let rightId = right.id;
        if (j.averageRight) {
          const drop = right.columns
            .filter((c) => c.vivaRole === 'person-id' || c.vivaRole === 'metric-date')
            .map((c) => c.index)
            .filter((i) => i !== j.rightKey);
          averaged = await this.engine.averagePerKey(
            right.id,
            j.rightKey,
            { trim: j.trim, caseFold: j.caseFold },
            { drop, inactiveColumn: j.inactiveColumn },
          );
          rightId = averaged.table.id;
        }
        const joined = await this.engine.joinTables(left.id, rightId, this.#spec()!);
        target = joined.table;
        report = joined.report;
      }
      const facts = await this.engine.describeForAnalysis(target.id);
      if (seq !== this.#seq) {
        // A newer change won: the tables made here are not needed.
        this.#close(averaged?.table.id);
        if (target !== left) this.#close(target.id);
        return;
      }
      for (const id of old) this.#close(id);
      this.averaged = averaged;
      this.report = report;
      this.target = target;
      this.facts = facts;
      this.settings = this.#keepSettings(facts);
      await this.#loadSaved(facts);
      await this.#loadMapping();
      await this.run();
    } catch (e) {
      if (seq === this.#seq) this.error = standardizeError(e);
    } finally {
      if (seq === this.#seq) this.busy = false;
    }
  }

  /** Frees a derived table in the worker (a gone id is no error). */
  #close(id: string | undefined): void {
    if (id) void this.engine.closeTable(id).catch(() => {});
  }

  /** Keeps the user's choices that still exist in the new facts; fills in defaults. */
  #keepSettings(f: AnalysisFacts): AnalysisSettings {
    const old = this.settings;
    const has = (list: { column: number }[], c: number) => list.some((x) => x.column === c);
    const cols = old?.columns.filter((c) => has(f.questions, c)) ?? [];
    const first = f.questions.find((q) => !q.isNpsGroup) ?? f.questions[0];
    const prefer = f.metrics.filter((m) => /after_hours/i.test(m.name)).map((m) => m.column);
    return {
      columns: cols.length ? cols : first ? [first.column] : [],
      categoryName: old?.categoryName ?? 'Category',
      minGroup: old?.minGroup ?? 5,
      lowSample: old?.lowSample ?? 30,
      breakout: old?.breakout && has(f.groupings, old.breakout.column) ? old.breakout : null,
      patterns: old ? old.patterns.filter((c) => has(f.metrics, c)) : prefer.slice(0, 1),
      trend:
        old?.trend && has(f.dates, old.trend.column)
          ? old.trend
          : f.dates[0]
            ? { column: f.dates[0].column, unit: 'month', weekStart: 1 }
            : null,
    };
  }

  /** The saved mappings of every question, for the overview. */
  async #loadSaved(f: AnalysisFacts): Promise<void> {
    const saved: Record<string, SentimentMapping> = {};
    try {
      for (const q of f.questions) {
        const m = await this.mappings.get(mappingKey(q));
        if (m && this.#mappingFits(m.mapping, q)) saved[mappingKey(q)] = m.mapping;
      }
    } catch (e) {
      this.storageError = standardizeError(e);
    }
    this.#saved = saved;
  }

  /**
   * Reads the saved mappings again (they may have been deleted on the Saved recipes page): a
   * question whose saved mapping is gone goes back to its defaults.
   */
  async refreshSaved(): Promise<void> {
    const f = this.facts;
    const q = this.question;
    if (!f || !q) return;
    await this.#loadSaved(f);
    if (this.mappingSource !== 'default' && !this.#saved[mappingKey(q)]) {
      this.mapping = mappingFor(q, q.kind);
      this.mappingSource = 'default';
    }
    await this.run();
  }

  /** The overview's questions, each with the mapping it is read with. */
  #overviewItems(): OverviewItem[] {
    const current = this.question;
    const single = this.settings?.columns.length === 1;
    return (this.facts?.questions ?? []).flatMap((q) => {
      if (q.isNpsGroup) return [];
      const key = mappingKey(q);
      const mapping =
        single && current?.column === q.column && this.mapping
          ? this.mapping
          : (this.#saved[key] ?? mappingFor(q, q.kind));
      return mapping ? [{ column: q.column, name: q.name, label: q.label, mapping }] : [];
    });
  }

  /** The saved mapping of the (first) question, else its default. */
  async #loadMapping(fresh = false): Promise<void> {
    const q = this.question;
    if (!q) {
      this.mapping = null;
      return;
    }
    if (
      !fresh &&
      this.mapping &&
      this.#mappingFits(this.mapping, q) &&
      this.mappingSource !== 'default'
    ) {
      return;
    }
    let saved: SavedSentimentMapping | undefined;
    try {
      saved = await this.mappings.get(mappingKey(q));
      this.storageError = null;
    } catch (e) {
      this.storageError = standardizeError(e);
    }
    if (saved && this.#mappingFits(saved.mapping, q)) {
      this.mapping = saved.mapping;
      this.mappingSource = 'saved';
    } else {
      this.mapping = mappingFor(q, q.kind);
      this.mappingSource = 'default';
    }
  }

  #mappingFits(m: SentimentMapping, q: QuestionInfo): boolean {
    const valid = m.values.filter((v) => v.value >= 0);
    return (
      valid.length > 0 &&
      valid[0].value === (q.isNpsGroup ? 1 : q.scale.min) &&
      valid[valid.length - 1].value === (q.isNpsGroup ? 3 : q.scale.max)
    );
  }

  /** Picks the question(s). Several columns form a category; they must share a scale. */
  async chooseQuestions(columns: number[]): Promise<void> {
    const f = this.facts;
    if (!f || !this.settings || columns.length === 0) return;
    const qs = columns.flatMap((c) => f.questions.find((q) => q.column === c) ?? []);
    if (qs.length > 1 && !qs.every((q) => sameQuestion(q, qs[0]))) {
      this.error = {
        name: 'ValidationError',
        message: `A category needs items on the same scale: ${qs[0].name} is ${qs[0].scale.min}–${qs[0].scale.max}, but not every item is.`,
      };
      return;
    }
    this.error = null;
    const firstChanged = this.settings.columns[0] !== columns[0];
    this.settings = { ...this.settings, columns };
    if (firstChanged) {
      this.mappingSource = 'default';
      await this.#loadMapping(true);
    }
    await this.run();
  }

  /** Reads the question as another score kind (its default mapping for that kind). */
  async setKind(kind: ScoreKind): Promise<void> {
    const q = this.question;
    if (!q) return;
    const m = mappingFor(q, kind);
    if (!m) {
      this.error = {
        name: 'ValidationError',
        message:
          kind === 'nps'
            ? `${q.name} is on a ${q.scale.min}–${q.scale.max} scale; NPS needs 0–10.`
            : `${q.name} has no scale XO Bridge can map (2 to 11 points).`,
      };
      return;
    }
    this.error = null;
    await this.setMapping(m);
  }

  async setHeadline(headline: Headline): Promise<void> {
    if (this.mapping) await this.setMapping({ ...this.mapping, headline });
  }

  /** Replaces the mapping, saves it for this question and runs again. */
  async setMapping(mapping: SentimentMapping): Promise<void> {
    this.mapping = mapping;
    this.mappingSource = 'edited';
    this.#debounce.schedule();
    const q = this.question;
    if (!q) return;
    this.#saved[mappingKey(q)] = mapping;
    try {
      await this.mappings.save(mappingKey(q), { header: q.header, label: q.label }, mapping);
      this.storageError = null;
    } catch (e) {
      this.storageError = standardizeError(e);
    }
  }

  /** Forgets the saved mapping: the defaults of the question's kind apply again. */
  async resetMapping(): Promise<void> {
    const q = this.question;
    if (!q) return;
    delete this.#saved[mappingKey(q)];
    try {
      await this.mappings.delete(mappingKey(q));
      this.storageError = null;
    } catch (e) {
      this.storageError = standardizeError(e);
    }
    this.mapping = mappingFor(q, q.kind);
    this.mappingSource = 'default';
    await this.run();
  }

  update(patch: Partial<AnalysisSettings>): void {
    if (!this.settings) return;
    this.settings = { ...this.settings, ...patch };
    this.#debounce.schedule();
  }

  request(): AnalysisRequest | null {
    const s = this.settings;
    const m = this.mapping;
    const qs = this.questions;
    if (!s || !m || qs.length === 0) return null;
    return {
      question: {
        columns: qs.map((q) => q.column),
        name: qs.length > 1 ? s.categoryName || 'Category' : qs[0].name,
        mapping: m,
      },
      minGroup: Math.max(1, Math.floor(s.minGroup) || 1),
      lowSample: Math.max(0, Math.floor(s.lowSample) || 0),
      breakout: s.breakout,
      patterns: s.patterns,
      trend: s.trend && { ...s.trend, split: s.trend.split === true && s.breakout !== null },
    };
  }

  /** Runs the analysis in the worker; a newer run wins. */
  async run(): Promise<void> {
    const t = this.target;
    const req = this.request();
    if (!t || !req) {
      this.result = null;
      this.resultMapping = null;
      return;
    }
    const seq = ++this.#seq;
    this.busy = true;
    try {
      const [result, overview] = await Promise.all([
        this.engine.runAnalysis(t.id, req),
        this.engine.runOverview(t.id, this.#overviewItems(), req.minGroup, req.lowSample),
      ]);
      if (seq !== this.#seq) return;
      this.result = result;
      this.overview = overview;
      this.resultMapping = req.question.mapping;
      this.error = null;
    } catch (e) {
      if (seq === this.#seq) this.error = standardizeError(e);
    } finally {
      if (seq === this.#seq) this.busy = false;
    }
  }

  /** Waits for a scheduled run (tests, and before a download). */
  flush(): Promise<void> {
    return this.#debounce.flush();
  }

  downloadJoinPart(part: JoinPart): Promise<void> {
    const spec = this.#spec();
    const left = this.left;
    const rightId = this.join?.averageRight ? this.averaged?.table.id : this.right?.id;
    if (!spec || !left || !rightId) return Promise.resolve();
    return saveFile(
      `match-report-${part}.csv`,
      () => this.engine.joinReportCsv(left.id, rightId, spec, part),
      (e) => (this.error = e),
    );
  }

  downloadJoined(): Promise<void> {
    const t = this.target;
    if (!t) return Promise.resolve();
    return saveFile(
      'joined.csv',
      () => this.engine.tableCsv(t.id),
      (e) => (this.error = e),
    );
  }
}
