// What survey → Viva's question list adds to the file's columns: each loop & merge question as
// one question over all its iterations (scored per person as the mean of the iterations they
// answered), and the NPS score columns' agreement with their `_NPS_GROUP` columns.
import { loopGroups } from '../qualtrics-format/loop';
import { npsMismatches, pairNpsColumns } from '../qualtrics-format/pair-nps';
import type { Table } from '../table/types';
import { refKey, type ColumnRef } from './types';

/** What pooling needs of a survey column (survey-columns.ts' SurveyColumn; no import back). */
interface PoolableColumn {
  key: string;
  ref: ColumnRef;
  name: string;
  label?: string;
  kind: string;
  numeric: boolean;
  observed: {
    count: number;
    min: number;
    max: number;
    distinct: number[];
    minNonNegative: number;
    negatives: number[];
    invalid: number;
  } | null;
  scale: { min: number; max: number; missingCodes: number[]; source: 'label' | 'data' } | null;
  npsMismatches?: number;
  loop?: unknown;
}

/**
 * A loop & merge question pooled over its iterations: a question whose answers are several
 * columns. `columns` lists every iteration's column by iteration number (`index` is the first's).
 */
export type PooledLoop<C> = C & { columns: number[]; iterations: string[] };

/**
 * The loop & merge questions whose iterations are all scorable questions. The reference names
 * the base (`QID3`, tag `Q3`) with `loop: true`, so a recipe finds it in a later wave whatever
 * the number of iterations.
 */
export function surveyLoops<C extends PoolableColumn>(
  table: Table,
  columns: readonly C[],
): PooledLoop<C>[] {
  return loopGroups(table.columns).flatMap((g): PooledLoop<C>[] => {
    const its = g.columns.map((i) => columns[i]);
    if (its.length < 2 || its.some((c) => c.kind !== 'question' || !c.scale)) return [];
    const meta = table.columns[g.columns[0]];
    const tag = meta.header.trim().replace(/^\d+_/, '');
    const ref: ColumnRef = { tag, loop: true };
    if (meta.importId) ref.importId = g.base;
    if (its[0].label) ref.label = its[0].label;
    const observed = its.map((c) => c.observed).filter((o) => o !== null);
    const scales = its.map((c) => c.scale!);
    return [
      {
        ...its[0],
        key: refKey(ref),
        ref,
        name: tag,
        numeric: its.every((c) => c.numeric),
        observed: observed.length
          ? {
              count: observed.reduce((s, o) => s + o.count, 0),
              min: Math.min(...observed.map((o) => o.min)),
              max: Math.max(...observed.map((o) => o.max)),
              distinct: [...new Set(observed.flatMap((o) => o.distinct))].sort((a, b) => a - b),
              minNonNegative: Math.min(...observed.map((o) => o.minNonNegative)),
              negatives: [...new Set(observed.flatMap((o) => o.negatives))].sort((a, b) => a - b),
              invalid: observed.reduce((s, o) => s + o.invalid, 0),
            }
          : null,
        scale: {
          min: Math.min(...scales.map((s) => s.min)),
          max: Math.max(...scales.map((s) => s.max)),
          missingCodes: [...new Set(scales.flatMap((s) => s.missingCodes))].sort((a, b) => a - b),
          source: scales.every((s) => s.source === 'label') ? 'label' : 'data',
        },
        ...(its.some((c) => c.npsMismatches !== undefined)
          ? { npsMismatches: its.reduce((s, c) => s + (c.npsMismatches ?? 0), 0) }
          : {}),
        loop: undefined,
        columns: g.columns,
        iterations: g.iterations,
      },
    ];
  });
}

/** NPS score column → how many rows its `_NPS_GROUP` column disagrees with. */
export function npsChecks(table: Table): Record<number, number> {
  const out: Record<number, number> = {};
  for (const p of pairNpsColumns(table.columns)) {
    out[p.score] = npsMismatches(table, p, (r) => r, 0).count;
  }
  return out;
}
