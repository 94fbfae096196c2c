import { describe, expect, it } from 'vitest';
import {
  CACHE_PAGES,
  COL_OVERSCAN,
  COL_W,
  colWindow,
  HEADER_H,
  MAX_SPACER_H,
  OVERSCAN,
  ROW_H,
  cellKey,
  headerTitle,
  rowNumWidth,
  rowWindow,
  storePage,
  type CachedPage,
} from '../../src/components/workspace/grid';

describe('rowWindow', () => {
  const VIEW = 600;
  const body = VIEW - HEADER_H;

  it('maps scroll 1:1 for small tables', () => {
    const w = rowWindow(1000, 0, VIEW);
    expect(w.spacerH).toBe(1000 * ROW_H);
    expect(w.start).toBe(0);
    expect(w.end).toBe(Math.ceil(body / ROW_H) + OVERSCAN);
    const mid = rowWindow(1000, 100 * ROW_H, VIEW);
    expect(mid.start).toBe(100 - OVERSCAN);
    expect(mid.offset).toBe((100 - OVERSCAN) * ROW_H);
  });

  it('caps the spacer and still reaches the last row of a huge table', () => {
    const n = 1_000_000;
    const top = rowWindow(n, 0, VIEW);
    expect(top.spacerH).toBe(MAX_SPACER_H);
    expect(top.start).toBe(0);
    const bottom = rowWindow(n, MAX_SPACER_H, VIEW);
    expect(bottom.end).toBe(n);
    // The last row ends exactly at the bottom of the spacer.
    expect(bottom.offset + (bottom.end - bottom.start) * ROW_H).toBeCloseTo(MAX_SPACER_H, 3);
    expect(bottom.maxScroll).toBe(MAX_SPACER_H - body);
    const half = rowWindow(n, bottom.maxScroll / 2, VIEW);
    const firstVisible = half.start + OVERSCAN;
    expect(Math.abs(firstVisible - (n - body / ROW_H) / 2)).toBeLessThan(2);
  });

  it('handles empty tables', () => {
    expect(rowWindow(0, 500, VIEW)).toMatchObject({ start: 0, end: 0, spacerH: 0 });
  });
});

describe('storePage', () => {
  const page = (start: number) => ({
    start,
    rows: [['a']],
    invalid: [[0, 0]] as [number, number][],
  });

  it('keeps at most CACHE_PAGES pages, evicting the oldest outside the window', () => {
    let cache = new Map<number, CachedPage>();
    for (let p = 0; p < CACHE_PAGES + 5; p++) {
      cache = storePage(cache, p, page(p * 200), { start: 0, end: 30 });
    }
    expect(cache.size).toBe(CACHE_PAGES);
    expect(cache.has(0)).toBe(true); // visible, kept
    expect(cache.has(1)).toBe(false);
    expect(cache.has(5)).toBe(false);
    expect(cache.has(6)).toBe(true);
    expect(cache.get(10)?.invalid.has(cellKey(0, 0))).toBe(true);
  });
});

describe('headerTitle', () => {
  it('joins name, label and ImportId', () => {
    expect(
      headerTitle({
        index: 0,
        name: 'Q1',
        header: 'Q1',
        type: 'number',
        label: 'How?',
        importId: 'QID1',
      }),
    ).toBe('Q1\nHow?\nImportId: QID1');
    expect(headerTitle({ index: 0, name: 'A', header: 'A', type: 'text' })).toBe('A');
  });
});

describe('rowNumWidth', () => {
  it('grows with the number of digits', () => {
    expect(rowNumWidth(10)).toBe(48);
    expect(rowNumWidth(1_000_000)).toBeGreaterThan(rowNumWidth(10_000));
  });
});

describe('colWindow', () => {
  it('renders only the columns in view plus overscan', () => {
    const w = colWindow(155, 0, 1000, 72);
    expect(w.start).toBe(0);
    expect(w.end).toBeLessThanOrEqual(Math.ceil(1000 / COL_W) + COL_OVERSCAN + 1);
    expect(w.gap).toBe(0);
  });
  it('reaches the last column and stands in for the skipped ones with a gap', () => {
    const w = colWindow(155, 155 * COL_W, 1000, 72);
    expect(w.end).toBe(155);
    expect(w.gap).toBe(w.start * COL_W);
  });
  it('handles narrow tables and odd input', () => {
    expect(colWindow(3, -50, 0, 72)).toEqual({ start: 0, end: 3, gap: 0 });
  });
});
