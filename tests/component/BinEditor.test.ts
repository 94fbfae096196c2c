import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import BinEditor from '../../src/components/viva-to-qualtrics/BinEditor.svelte';
import type { MetricChoice } from '../../src/lib/recipe/types';
import type { MetricReport } from '../../src/lib/recipe/viva-to-qualtrics';

// jsdom has no canvas: the chart itself is drawn by chart.js in the browser (e2e).
vi.mock('chart.js', () => {
  class Chart {
    static defaults = { plugins: { legend: { display: true } } };
    static register() {}
    destroy() {}
  }
  return {
    Chart,
    BarController: {},
    BarElement: {},
    CategoryScale: {},
    LinearScale: {},
    Legend: {},
    Tooltip: {},
  };
});

const metric = (bin: MetricChoice['bin'], mergeSmall = false): MetricChoice => ({
  column: 'Collaboration_hours',
  as: 'Collaboration hours',
  bin,
  mergeSmall,
});

function report(over: Partial<MetricReport> = {}): MetricReport {
  return {
    column: 'Collaboration_hours',
    as: 'Collaboration hours',
    n: 12,
    mode: 'fixed',
    asked: 2,
    edges: [0, 15, 200],
    bins: [
      { label: '< 15 hours', count: 9, small: false, positions: null },
      { label: '15+ hours', count: 3, small: true, positions: null },
    ],
    tiesDropped: 0,
    merged: 0,
    outOfRange: 0,
    tooFew: false,
    min: 1,
    max: 30,
    mean: 10,
    histogram: [{ start: 1, end: 30, count: 12, bin: 0 }],
    found: true,
    ...over,
  };
}

const FIXED = {
  mode: 'fixed' as const,
  cuts: [15],
  unit: 'hours',
  lbound: 0,
  ubound: 200,
  labels: null,
};

describe('BinEditor', () => {
  it('shows the bins with ranges and counts, flags small ones and offers a merge', async () => {
    const onchange = vi.fn();
    render(BinEditor, {
      props: { metric: metric(FIXED), report: report(), minGroup: 5, onchange },
    });
    const table = screen.getByTestId('bin-table-Collaboration_hours');
    expect(table).toHaveTextContent('< 15 hours');
    expect(table).toHaveTextContent('> 15 – 200');
    expect(screen.getByTestId('small-bins-Collaboration_hours')).toHaveTextContent(
      '1 bin has fewer than 5 people',
    );
    await fireEvent.click(screen.getByTestId('merge-Collaboration_hours'));
    expect(onchange).toHaveBeenCalledWith(expect.objectContaining({ mergeSmall: true }));
  });

  it('switches modes with sensible starting specs (the vivainsights preset for fixed cuts)', async () => {
    const onchange = vi.fn();
    render(BinEditor, {
      props: {
        metric: metric({ mode: 'quantile', k: 4, prefix: 'Q' }),
        report: null,
        minGroup: 5,
        onchange,
      },
    });
    const mode = screen.getByTestId('bin-mode-Collaboration_hours');
    await fireEvent.change(mode, { target: { value: 'fixed' } });
    expect(onchange.mock.lastCall?.[0].bin).toMatchObject({
      mode: 'fixed',
      cuts: [15, 20, 25],
      lbound: 0,
    });
    await fireEvent.change(mode, { target: { value: 'labelled' } });
    expect(onchange.mock.lastCall?.[0].bin.labels).toEqual([
      'Very Low',
      'Low',
      'Medium',
      'High',
      'Very High',
    ]);
    await fireEvent.change(mode, { target: { value: 'average' } });
    expect(onchange.mock.lastCall?.[0].bin).toEqual({ mode: 'average', decimals: 1 });
  });

  it('refuses cut points that do not increase, and says why', async () => {
    const onchange = vi.fn();
    render(BinEditor, {
      props: { metric: metric(FIXED), report: report(), minGroup: 5, onchange },
    });
    const cuts = screen.getByTestId('bin-cuts-Collaboration_hours');
    await fireEvent.change(cuts, { target: { value: '20, 10' } });
    expect(onchange).not.toHaveBeenCalled();
    expect(screen.getByRole('alert')).toHaveTextContent('increasing');
    await fireEvent.change(cuts, { target: { value: '10 20' } });
    expect(onchange.mock.lastCall?.[0].bin.cuts).toEqual([10, 20]);
  });

  it('says when too few people have a value to bin', () => {
    render(BinEditor, {
      props: {
        metric: metric(FIXED),
        report: report({ tooFew: true, n: 3 }),
        minGroup: 5,
        onchange: vi.fn(),
      },
    });
    expect(screen.getByText(/Only 3 people have a value/)).toBeInTheDocument();
    expect(screen.queryByTestId('bin-table-Collaboration_hours')).toBeNull();
  });
});
