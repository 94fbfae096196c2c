// Virtual-scroll arithmetic for PreviewGrid (pure, tested without a DOM).
import type { ColumnMeta, RowPage } from '../../lib/table/types';

export const ROW_H = 28;
export const HEADER_H = 44;
export const COL_W = 140;

/** Width of the row-number column: wide enough for the largest row number. */
export function rowNumWidth(rowCount: number): number {
  const digits = String(Math.max(1, rowCount)).length;
  const chars = digits + Math.floor((digits - 1) / 3); // with thousands separators
  return Math.max(48, 20 + 8 * chars);
}
/** Rows per fetchRows call. */
export const PAGE_ROWS = 200;
/** Pages kept in memory. */
export const CACHE_PAGES = 20;
/** Rows rendered above and below the visible ones. */
export const OVERSCAN = 10;
/**
 * Tallest spacer we create. Browsers cap element heights (~33.5M px in Chrome, less in
 * Firefox); above this the scroll position is mapped proportionally onto row positions.
 */
export const MAX_SPACER_H = 15_000_000;
/** Viewport height used when the element has no layout (jsdom) or is not yet measured. */
export const FALLBACK_VIEW_H = 600;
/** Viewport width used when the element has no layout (jsdom) or is not yet measured. */
export const FALLBACK_VIEW_W = 1200;
/** Columns rendered left and right of the visible ones. */
export const COL_OVERSCAN = 2;
/** Tallest viewport we render rows for, whatever the container measures. */
export const MAX_VIEW_H = 4000;

export interface RowWindow {
  /** First rendered row (0-based, inclusive). */
  start: number;
  /** One past the last rendered row. */
  end: number;
  /** translateY of the first rendered row inside the spacer, in px. */
  offset: number;
  /** Height of the spacer, in px. */
  spacerH: number;
  /** Largest useful scrollTop. */
  maxScroll: number;
}

/**
 * Which rows to render for a scroll position. The body (viewport minus the sticky header) shows
 * rows from a "virtual" offset; when the rows are taller than MAX_SPACER_H, scrollTop in
 * [0, maxScroll] maps linearly onto virtual offsets [0, rowCount × ROW_H − body], so the first
 * and the last row are both reachable (1px of scrolling moves rows by about 1.9px at 1M rows).
 */
export function rowWindow(rowCount: number, scrollTop: number, viewH: number): RowWindow {
  const bodyH = Math.max(ROW_H, viewH - HEADER_H);
  const fullH = Math.max(0, rowCount) * ROW_H;
  const spacerH = Math.min(fullH, MAX_SPACER_H);
  const maxScroll = Math.max(0, spacerH - bodyH);
  const maxVirtual = Math.max(0, fullH - bodyH);
  const top = Math.min(Math.max(0, scrollTop), maxScroll);
  const virtualTop = maxScroll > 0 ? top * (maxVirtual / maxScroll) : 0;
  const first = Math.floor(virtualTop / ROW_H);
  const last = Math.ceil((virtualTop + bodyH) / ROW_H);
  const start = Math.max(0, Math.min(rowCount, first - OVERSCAN));
  const end = Math.max(start, Math.min(rowCount, last + OVERSCAN));
  return { start, end, offset: top + start * ROW_H - virtualTop, spacerH, maxScroll };
}

export const pageOf = (row: number): number => Math.floor(row / PAGE_ROWS);

/** Key of an invalid cell within a page: row offset and column index. */
export const cellKey = (rowOffset: number, column: number): number =>
  rowOffset * 1_048_576 + column;

export interface CachedPage {
  start: number;
  rows: string[][];
  invalid: Set<number>;
}

/**
 * Returns a new cache with `page` added as the most recent entry, dropping the oldest pages
 * beyond CACHE_PAGES (never those the rows in `keep` need).
 */
export function storePage(
  cache: ReadonlyMap<number, CachedPage>,
  p: number,
  page: RowPage,
  keep: { start: number; end: number },
): Map<number, CachedPage> {
  const next = new Map(cache);
  next.delete(p);
  const invalid = new Set(page.invalid.map(([r, c]) => cellKey(r, c)));
  next.set(p, { start: page.start, rows: page.rows, invalid });
  const lo = pageOf(keep.start);
  const hi = pageOf(Math.max(keep.start, keep.end - 1));
  for (const key of next.keys()) {
    if (next.size <= CACHE_PAGES) break;
    if (key < lo || key > hi) next.delete(key);
  }
  return next;
}

/** Header tooltip: display name, Qualtrics label, ImportId. */
export function headerTitle(col: ColumnMeta): string {
  const lines = [col.name];
  if (col.label && col.label !== col.name) lines.push(col.label);
  if (col.importId) lines.push(`ImportId: ${col.importId}`);
  return lines.join('\n');
}

export interface ColWindow {
  /** First rendered column position (inclusive). */
  start: number;
  /** One past the last rendered column position. */
  end: number;
  /** Width of the empty space that stands for the columns left of `start`, in px. */
  gap: number;
}

/**
 * Which columns to render for a horizontal scroll position: a 155-column person query would
 * otherwise put thousands of cells in the DOM. The sticky row-number column covers the first
 * `numW` px of the viewport.
 */
export function colWindow(
  count: number,
  scrollLeft: number,
  viewW: number,
  numW: number,
): ColWindow {
  const left = Math.max(0, scrollLeft);
  const first = Math.floor(left / COL_W);
  const last = Math.ceil((left + Math.max(COL_W, viewW - numW)) / COL_W);
  const start = Math.max(0, Math.min(count, first - COL_OVERSCAN));
  const end = Math.max(start, Math.min(count, last + COL_OVERSCAN));
  return { start, end, gap: start * COL_W };
}
