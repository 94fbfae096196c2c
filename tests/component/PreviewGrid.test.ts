import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import PreviewGrid from '../../src/components/workspace/PreviewGrid.svelte';
import type { ColumnMeta, RowPage } from '../../src/lib/table/types';

const columns: ColumnMeta[] = [
  {
    index: 0,
    name: 'ResponseId',
    header: 'ResponseId',
    type: 'id',
    label: 'Response ID',
    importId: '_recordId',
  },
  {
    index: 1,
    name: 'Q1',
    header: 'Q1',
    type: 'number',
    label: 'How satisfied are you?',
    importId: 'QID1',
  },
  { index: 2, name: 'Dept', header: 'Dept', type: 'text' },
];

function fakeFetch(invalid: [number, number][] = []) {
  const calls: [number, number][] = [];
  const fetchRows = vi.fn((start: number, count: number): Promise<RowPage> => {
    calls.push([start, count]);
    const rows = Array.from({ length: count }, (_, r) =>
      columns.map((_, j) => `r${start + r}c${j}`),
    );
    return Promise.resolve({ start, rows, invalid });
  });
  return { calls, fetchRows };
}

const rowsIn = (el: HTMLElement) => el.querySelectorAll('[role=row]');

describe('PreviewGrid', () => {
  it('renders only a window of a 1,000,000-row table and fetches pages of 200', async () => {
    const { calls, fetchRows } = fakeFetch();
    render(PreviewGrid, { props: { columns, rowCount: 1_000_000, fetchRows } });
    const grid = screen.getByTestId('preview-grid');
    expect(grid).toHaveAttribute('data-rowcount', '1000000');
    expect(grid).toHaveAttribute('role', 'grid');
    expect(grid).toHaveAttribute('aria-rowcount', '1000001');

    expect(await screen.findByText('r0c0')).toBeInTheDocument();
    expect(calls).toEqual([[0, 200]]);
    expect(rowsIn(grid).length).toBeLessThan(100);
    expect(grid.querySelector('[data-row="0"]')).toHaveTextContent('r0c2');
    expect(grid.querySelector('[data-row="0"] [role=rowheader]')).toHaveTextContent('1');
  });

  it('stays virtual when its container measures as tall as all its rows', async () => {
    // An unbounded parent once let the grid grow to the spacer's height and render every row.
    const spy = vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockImplementation(function (
      this: HTMLElement,
    ) {
      return this.dataset.testid === 'preview-grid' ? 15_000_000 : 0;
    });
    try {
      const { fetchRows } = fakeFetch();
      render(PreviewGrid, { props: { columns, rowCount: 1_000_000, fetchRows } });
      const grid = screen.getByTestId('preview-grid');
      expect(await screen.findByText('r0c0')).toBeInTheDocument();
      expect(rowsIn(grid).length).toBeLessThan(250);
    } finally {
      spy.mockRestore();
    }
  });

  it('renders only the columns in view of a 200-column table, and reaches the last one', async () => {
    const wide: ColumnMeta[] = Array.from({ length: 200 }, (_, i) => ({
      index: i,
      name: `M${i}`,
      header: `M${i}`,
      type: 'number',
    }));
    const fetchRows = vi.fn((start: number, count: number): Promise<RowPage> =>
      Promise.resolve({
        start,
        rows: Array.from({ length: count }, (_, r) => wide.map((_, j) => `r${start + r}c${j}`)),
        invalid: [],
      }),
    );
    render(PreviewGrid, { props: { columns: wide, rowCount: 50, fetchRows } });
    const grid = screen.getByTestId('preview-grid');
    expect(await screen.findByText('r0c0')).toBeInTheDocument();
    expect(grid.querySelectorAll('[role=columnheader]').length).toBeLessThan(20);
    grid.scrollLeft = 200 * 140;
    await fireEvent.scroll(grid);
    expect(await screen.findByText('r0c199')).toBeInTheDocument();
    expect(screen.queryByText('r0c0')).not.toBeInTheDocument();
    expect(screen.getByText('r0c199')).toHaveAttribute('aria-colindex', '201');
  });

  it('reaches the last row when scrolled to the bottom', async () => {
    const { calls, fetchRows } = fakeFetch();
    render(PreviewGrid, { props: { columns, rowCount: 1_000_000, fetchRows } });
    const grid = screen.getByTestId('preview-grid');
    await screen.findByText('r0c0');

    const spacer = grid.querySelector<HTMLElement>('.spacer');
    const spacerH = parseFloat(spacer?.style.height ?? '0');
    expect(spacerH).toBeGreaterThan(0);
    expect(spacerH).toBeLessThanOrEqual(15_000_000);

    grid.scrollTop = spacerH; // beyond the maximum; the grid clamps it
    await fireEvent.scroll(grid);
    expect(grid.querySelector('[data-row="999999"]')).not.toBeNull();
    expect(grid.querySelector('[data-row="0"]')).toBeNull();
    expect(rowsIn(grid).length).toBeLessThan(100);
    expect(await screen.findByText('r999999c1')).toBeInTheDocument();
    expect(grid.querySelector('[data-row="999999"] [role=rowheader]')).toHaveTextContent(
      '1,000,000',
    );
    expect(calls).toContainEqual([999_800, 200]);
    expect(calls.every(([s, c]) => s % 200 === 0 && c === 200)).toBe(true);

    // Halfway down shows rows from the middle of the table.
    grid.scrollTop = spacerH / 2;
    await fireEvent.scroll(grid);
    const shown = [...grid.querySelectorAll('[data-row]')].map((r) =>
      Number(r.getAttribute('data-row')),
    );
    expect(Math.min(...shown)).toBeGreaterThan(490_000);
    expect(Math.max(...shown)).toBeLessThan(510_000);
  });

  it('shows placeholders until a page arrives, and asks for a short last page', async () => {
    let resolve: (p: RowPage) => void = () => {};
    const fetchRows = vi.fn(
      (_start: number, _count: number) => new Promise<RowPage>((r) => (resolve = r)),
    );
    render(PreviewGrid, { props: { columns, rowCount: 50, fetchRows } });
    const grid = screen.getByTestId('preview-grid');
    expect(fetchRows).toHaveBeenCalledWith(0, 50);
    expect(grid.querySelector('[data-row="0"]')).toHaveClass('loading');
    resolve({ start: 0, rows: Array.from({ length: 50 }, () => ['a', '1', 'b']), invalid: [] });
    await waitFor(() => expect(grid.querySelector('[data-row="0"]')).not.toHaveClass('loading'));
  });

  it('ignores replies for a previous table', async () => {
    const pending: ((p: RowPage) => void)[] = [];
    const slow = (_start: number, _count: number) => new Promise<RowPage>((r) => pending.push(r));
    const { rerender } = render(PreviewGrid, { props: { columns, rowCount: 10, fetchRows: slow } });
    const fresh = fakeFetch();
    await rerender({ fetchRows: fresh.fetchRows, rowCount: 5 });
    expect(await screen.findByText('r0c0')).toBeInTheDocument();
    pending[0]({ start: 0, rows: [['OLD', 'OLD', 'OLD']], invalid: [] });
    await new Promise((r) => setTimeout(r, 10));
    expect(screen.queryByText('OLD')).toBeNull();
    expect(screen.getByTestId('preview-grid')).toHaveAttribute('data-rowcount', '5');
  });

  it('marks unparsable numbers and right-aligns numbers', async () => {
    const { fetchRows } = fakeFetch([[2, 1]]);
    render(PreviewGrid, { props: { columns, rowCount: 10, fetchRows } });
    const cell = await screen.findByText('r2c1');
    expect(cell).toHaveAttribute('title', 'Not a number');
    expect(cell).toHaveClass('bad');
    expect(cell).toHaveClass('num');
    expect(screen.getByText('r3c1')).not.toHaveClass('bad');
    expect(screen.getByText('r3c2')).not.toHaveClass('num');
  });

  it('shows header tooltips and type badges, and selects a column on click', async () => {
    const { fetchRows } = fakeFetch();
    const onselectcolumn = vi.fn();
    render(PreviewGrid, {
      props: { columns, rowCount: 10, fetchRows, selected: 2, onselectcolumn },
    });
    const headers = screen.getAllByRole('columnheader');
    expect(headers).toHaveLength(4);
    expect(headers[2].getAttribute('title')).toContain('How satisfied are you?');
    expect(headers[2].getAttribute('title')).toContain('QID1');
    expect(headers[2]).toHaveTextContent('number');
    expect(headers[1]).toHaveTextContent('id');
    expect(headers[3]).toHaveAttribute('aria-selected', 'true');

    await userEvent.click(screen.getByRole('button', { name: /Q1/ }));
    expect(onselectcolumn).toHaveBeenCalledWith(1);
  });
});
