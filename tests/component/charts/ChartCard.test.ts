import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { createRawSnippet } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import ChartCard from '../../../src/components/shared/charts/ChartCard.svelte';
import {
  isNumericCell,
  safeFilename,
  tableCsvBytes,
} from '../../../src/components/shared/charts/card';
import { downloadBytes } from '../../../src/services/download';
import { fakeCanvasContext, noCanvasContext } from './fake-canvas';

vi.mock('../../../src/services/download', () => ({ downloadBytes: vi.fn() }));

const table = {
  header: ['Team', '% favorable', 'n'],
  rows: [
    ['Engineering', '62.5', '120'],
    ['=cmd|calc', '-3', '1,204'],
    ['Legal', 'Fewer than 5 responses', ''],
  ],
};

const withCanvas = createRawSnippet(() => ({
  render: () => '<div class="chart"><canvas width="300" height="150"></canvas></div>',
}));

function renderCard(props: Record<string, unknown> = {}) {
  return render(ChartCard, {
    props: {
      title: 'Favorability by team',
      description: 'Share of favorable answers, with 95% intervals.',
      table,
      filename: 'Favorability by team / 2024',
      note: 'Groups with fewer than 5 responses are hidden.',
      testid: 'card-fav',
      ...props,
    },
  });
}

afterEach(() => {
  vi.mocked(downloadBytes).mockClear();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('ChartCard', () => {
  it('shows the title, description, note, chart and the data table', () => {
    renderCard({ children: withCanvas });
    const figure = screen.getByTestId('card-fav');
    expect(figure.tagName).toBe('FIGURE');
    expect(screen.getByRole('heading', { name: 'Favorability by team' })).toBeInTheDocument();
    expect(figure).toHaveTextContent('Share of favorable answers, with 95% intervals.');
    expect(figure).toHaveTextContent('Groups with fewer than 5 responses are hidden.');
    expect(figure.querySelector('figcaption')).toHaveTextContent('Favorability by team');
    expect(figure.querySelector('canvas')).not.toBeNull();

    const grid = screen.getByRole('table', { name: 'Favorability by team' });
    expect(grid.querySelector('caption')).toHaveTextContent('Favorability by team');
    const headers = within(grid).getAllByRole('columnheader');
    expect(headers.map((h) => h.textContent)).toEqual(['Team', '% favorable', 'n']);
    expect(headers.every((h) => h.getAttribute('scope') === 'col')).toBe(true);
    const rows = within(grid).getAllByRole('row').slice(1);
    expect(
      rows.map((r) =>
        within(r)
          .getAllByRole('cell')
          .map((c) => c.textContent),
      ),
    ).toEqual(table.rows);
    const cells = within(rows[1]).getAllByRole('cell');
    expect(cells[0]).not.toHaveClass('num');
    expect(cells[1]).toHaveClass('num');
    expect(cells[2]).toHaveClass('num');
    expect(within(rows[2]).getAllByRole('cell')[1]).not.toHaveClass('num');
  });

  it('downloads the table as formula-guarded UTF-8 CSV under a safe name', async () => {
    renderCard();
    await fireEvent.click(screen.getByRole('button', { name: 'Download CSV' }));
    expect(downloadBytes).toHaveBeenCalledOnce();
    const [name, bytes, type] = vi.mocked(downloadBytes).mock.calls[0];
    expect(name).toBe('Favorability-by-team-2024.csv');
    expect(type).toBe('text/csv;charset=utf-8');
    expect(new TextDecoder().decode(bytes as Uint8Array)).toBe(
      'Team,% favorable,n\r\n' +
        'Engineering,62.5,120\r\n' +
        '\'=cmd|calc,-3,"1,204"\r\n' +
        'Legal,Fewer than 5 responses,\r\n',
    );
  });

  it('says so instead of throwing when there is no chart to save as PNG', async () => {
    renderCard();
    await fireEvent.click(screen.getByRole('button', { name: 'Download PNG' }));
    await vi.waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('no chart'));
    expect(downloadBytes).not.toHaveBeenCalled();
  });

  it('says so instead of throwing when the browser gives no canvas context', async () => {
    noCanvasContext();
    renderCard({ children: withCanvas });
    await fireEvent.click(screen.getByRole('button', { name: 'Download PNG' }));
    await vi.waitFor(() =>
      expect(screen.getByRole('status')).toHaveTextContent('could not make a PNG'),
    );
    expect(downloadBytes).not.toHaveBeenCalled();
  });

  it('says so when toBlob gives nothing', async () => {
    fakeCanvasContext();
    vi.spyOn(HTMLCanvasElement.prototype, 'toBlob').mockImplementation((cb) => cb(null));
    renderCard({ children: withCanvas });
    await fireEvent.click(screen.getByRole('button', { name: 'Download PNG' }));
    await vi.waitFor(() =>
      expect(screen.getByRole('status')).toHaveTextContent('could not make a PNG'),
    );
  });

  it('saves the chart on a white background as PNG', async () => {
    const canvases = fakeCanvasContext();
    const png = new Blob(['png'], { type: 'image/png' });
    const toBlob = vi
      .spyOn(HTMLCanvasElement.prototype, 'toBlob')
      .mockImplementation((cb) => cb(png));
    renderCard({ children: withCanvas });
    await fireEvent.click(screen.getByRole('button', { name: 'Download PNG' }));
    await vi.waitFor(() => expect(downloadBytes).toHaveBeenCalledOnce());
    expect(downloadBytes).toHaveBeenCalledWith('Favorability-by-team-2024.png', png, 'image/png');
    expect(toBlob).toHaveBeenCalledWith(expect.any(Function), 'image/png');
    const copy = canvases.at(-1);
    expect(copy?.canvas.width).toBe(300);
    expect(copy?.canvas.height).toBe(150);
    const names = copy?.calls.map((c) => c.name);
    expect(names).toEqual(['fillRect', 'drawImage']);
    expect(screen.getByRole('status').textContent).toBe('');
  });
});

describe('card helpers', () => {
  it('makes file names safe', () => {
    expect(safeFilename('NPS by Dept / 2024: Q1')).toBe('NPS-by-Dept-2024-Q1');
    expect(safeFilename('../../etc/passwd')).toBe('etc-passwd');
    expect(safeFilename('Zufriedenheit – Büro')).toBe('Zufriedenheit-Büro');
    expect(safeFilename('  ')).toBe('chart');
    expect(safeFilename('con')).toBe('con_');
    expect(safeFilename('x'.repeat(200))).toHaveLength(80);
  });

  it('tells numeric-looking cells', () => {
    for (const s of ['23', '-4.5', '+5.2', '1,234', '67%', '41.2 – 55', ' 12 ']) {
      expect(isNumericCell(s), s).toBe(true);
    }
    for (const s of ['', 'Engineering', '2024 Q1', 'Fewer than 5 responses', '1.2.3', '12a']) {
      expect(isNumericCell(s), s).toBe(false);
    }
  });

  it('encodes the table as UTF-8 CSV', () => {
    const bytes = tableCsvBytes({ header: ['Équipe'], rows: [['@SUM'], ['ok']] });
    expect(new TextDecoder().decode(bytes)).toBe("Équipe\r\n'@SUM\r\nok\r\n");
    expect(bytes[0]).toBe(0xc3);
  });
});
