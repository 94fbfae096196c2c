// A run of "Viva metrics to Qualtrics" in two phases around the pass over the file: plan what to
// aggregate (planVivaPass), let the engine stream the query to per-person means (threads, the
// kernel, zip entries: workers/person-query.ts), then finish from the means (finishVivaRun: the
// summary for the screen and the participant file's rows; participantFile: its bytes). Pure, so
// the rules around the pass (when the file must be read again, the dates pass) are unit-tested.
import type { Issue } from '../issues';
import type { AggregateSpec, DateCount, PersonMeans } from '../person-query/types';
import type { PersonQueryHead } from '../person-query/read';
import { toCsv } from '../write/csv';
import { toXlsx } from '../write/xlsx';
import type { VivaToQualtricsRecipe } from './types';
import {
  aggregateSpecFor,
  resolveWindow,
  runVivaToQualtrics,
  type DirectoryData,
  type ResolvedWindow,
  type VivaOutput,
  type VivaRunOptions,
} from './viva-to-qualtrics';

/** One pass over the query: what it averages, and the key of the inputs that decide it. */
export interface VivaPass {
  /**
   * The inputs that decide the averages (not the bins): a pass with the key of the last one gives
   * the same means, so the file need not be read again.
   */
  key: string;
  spec: AggregateSpec;
  /**
   * True when the recipe wants "the last N weeks" up to the file's latest date and the file's
   * dates are not known yet: this pass averages all weeks to learn them; plan again after it.
   */
  findsDates: boolean;
}

/** The key of a pass: the averages' inputs (metrics, identifier, inactive flag, dates, window). */
export function vivaPassKey(
  recipe: VivaToQualtricsRecipe,
  window: { from: string | null; to: string | null },
): string {
  return JSON.stringify([
    recipe.metrics.map((m) => m.column.toLowerCase()),
    recipe.identifier,
    recipe.inactiveColumn,
    recipe.dayFirst,
    window.from,
    window.to,
  ]);
}

/**
 * The next pass a run needs over this query. `dates` are the file's MetricDates from an earlier
 * pass, null before the first one.
 */
export function planVivaPass(
  recipe: VivaToQualtricsRecipe,
  head: PersonQueryHead,
  dates: readonly DateCount[] | null,
): VivaPass {
  // "The last N weeks" needs the file's latest date: the first pass over all weeks finds it.
  const findsDates =
    recipe.window.kind === 'last' && recipe.window.through === null && dates === null;
  const window = resolveWindow(findsDates ? { kind: 'all' } : recipe.window, dates ?? []);
  return {
    key: vivaPassKey(recipe, window),
    spec: aggregateSpecFor(recipe, head, window),
    findsDates,
  };
}

/** What a run of the averages found, for the screen. */
export interface AggregateSummary {
  rows: number;
  people: number;
  dates: DateCount[];
  periodDays: number | null;
  window: ResolvedWindow;
  engine: PersonMeans['engine'];
  counts: PersonMeans['counts'];
  /** People per number of counted weeks: weeksHistogram[w] people have w weeks. */
  weeksHistogram: number[];
  issues: Issue[];
}

/** The summary of a pass's means over `window`. */
export function summarizeMeans(means: PersonMeans, window: ResolvedWindow): AggregateSummary {
  let top = 0;
  for (const w of means.weeks) if (w > top) top = w;
  const weeksHistogram = new Array<number>(top + 1).fill(0);
  for (const w of means.weeks) weeksHistogram[w]++;
  return {
    rows: means.rows,
    people: means.personIds.length,
    dates: means.dates,
    periodDays: means.periodDays,
    window,
    engine: means.engine,
    counts: means.counts,
    weeksHistogram,
    issues: means.issues,
  };
}

/** A finished run: what the averages found, and the participant file (its first rows). */
export interface VivaRun {
  summary: AggregateSummary;
  output: VivaOutput;
}

/**
 * Finishes a run from the means of its last pass: the recipe's window over the file's dates, the
 * summary, and the participant file's rows (bins, directory, problems).
 */
export function finishVivaRun(
  recipe: VivaToQualtricsRecipe,
  means: PersonMeans,
  directory: DirectoryData | null,
  options: VivaRunOptions = {},
): VivaRun {
  const window = resolveWindow(recipe.window, means.dates);
  return {
    summary: summarizeMeans(means, window),
    output: runVivaToQualtrics(recipe, means, directory, options),
  };
}

/** The participant file's bytes: CSV (UTF-8, no BOM, CRLF) or xlsx, as the recipe says. */
export async function participantFile(
  out: VivaOutput,
  format: 'csv' | 'xlsx',
): Promise<Uint8Array<ArrayBuffer>> {
  const rows = [out.header, ...out.rows];
  if (format === 'xlsx') return toXlsx(rows, { numericColumns: out.numericColumns });
  return new TextEncoder().encode(toCsv(rows)) as Uint8Array<ArrayBuffer>;
}
