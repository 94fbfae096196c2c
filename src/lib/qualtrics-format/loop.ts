// Loop & merge: Qualtrics repeats a looped block's questions once per iteration and prefixes
// each column with the iteration number: ImportId `1_QID3`, `2_QID3` (and `1_QID3_2`,
// `1_QID18_NPS_GROUP`…), export tag `1_Q3`, `2_Q3`. Recognising them lets a question be scored
// pooled across its iterations or per iteration instead of as unrelated columns.
import type { DraftColumn, LayoutColumn } from '../table/types';

/** A looped ImportId: iteration number, then a question's own ImportId. Unambiguous. */
const LOOP_ID_RE = /^(\d+)_(QID\d+.*)$/;
/** A looped export tag: iteration number, then the tag. Tags are free text, so this alone is weak. */
const LOOP_TAG_RE = /^(\d+)_(\S.*)$/;

/** Roles of columns that are never loop iterations, whatever their name. */
const NOT_LOOPED = new Set(['metadata', 'embedded']);

/**
 * The iteration and base of a column: from its ImportId (`1_QID3` → 1 of `QID3`) when it has
 * one, else from its export tag (`1_Q3` → 1 of `Q3`). Null when the name has no loop prefix.
 */
export function loopOf(
  importId: string | undefined,
  tag: string,
): { iteration: string; base: string; byId: boolean } | null {
  if (importId !== undefined && importId.trim() !== '') {
    const m = LOOP_ID_RE.exec(importId.trim());
    return m ? { iteration: String(Number(m[1])), base: m[2], byId: true } : null;
  }
  const m = LOOP_TAG_RE.exec(tag.trim());
  return m ? { iteration: String(Number(m[1])), base: m[2], byId: false } : null;
}

/**
 * Marks the loop iterations of a layout's columns (sets `loop`). An ImportId says so on its
 * own; an export tag only when at least two columns share its base (`1_Q3`, `2_Q3`), since a
 * tag such as `2_weeks` could be anyone's name.
 */
export function markLoops<C extends DraftColumn>(columns: readonly C[]): C[] {
  const found = columns.map((c) =>
    c.qualtricsRole && NOT_LOOPED.has(c.qualtricsRole) ? null : loopOf(c.importId, c.header),
  );
  const tagBases = new Map<string, Set<string>>();
  found.forEach((l) => {
    if (!l || l.byId) return;
    const set = tagBases.get(l.base) ?? new Set<string>();
    set.add(l.iteration);
    tagBases.set(l.base, set);
  });
  return columns.map((c, i) => {
    const l = found[i];
    if (!l || (!l.byId && (tagBases.get(l.base)?.size ?? 0) < 2)) return c;
    return { ...c, loop: { iteration: l.iteration, base: l.base } };
  });
}

/** The iterations of one looped column of the survey (`QID3`: `1_QID3`, `2_QID3`…). */
export interface LoopGroup {
  /** The base ImportId (`QID3`), or the base export tag (`Q3`) when the file has no ImportIds. */
  base: string;
  /** Column indexes, by iteration number. */
  columns: number[];
  /** The iteration of each column (`'1'`, `'2'`…), same order. */
  iterations: string[];
}

/** The loop & merge questions of a table's columns, in file order of their first iteration. */
export function loopGroups(columns: readonly Pick<LayoutColumn, 'index' | 'loop'>[]): LoopGroup[] {
  const byBase = new Map<string, { column: number; iteration: string }[]>();
  for (const c of columns) {
    if (!c.loop) continue;
    const list = byBase.get(c.loop.base) ?? [];
    list.push({ column: c.index, iteration: c.loop.iteration });
    byBase.set(c.loop.base, list);
  }
  return [...byBase].map(([base, list]) => {
    list.sort((a, b) => Number(a.iteration) - Number(b.iteration) || a.column - b.column);
    return { base, columns: list.map((x) => x.column), iterations: list.map((x) => x.iteration) };
  });
}
