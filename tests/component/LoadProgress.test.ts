import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import LoadProgress from '../../src/components/workspace/LoadProgress.svelte';

const MB = 1024 * 1024;

describe('LoadProgress', () => {
  it('shows sizes, rows, percent and phase', () => {
    render(LoadProgress, {
      props: {
        fileName: 'survey.csv',
        progress: { phase: 'reading', bytesRead: 12.4 * MB, totalBytes: 200 * MB, rows: 153201 },
        oncancel: vi.fn(),
      },
    });
    const box = screen.getByTestId('load-progress');
    expect(box).toHaveTextContent('Reading survey.csv — 12.4 MB of 200 MB · 153,201 rows');
    const bar = screen.getByRole('progressbar');
    expect(bar).toHaveAttribute('aria-valuenow', '6');
    expect(bar).toHaveAttribute('value', '6');
    expect(box).toHaveTextContent('6%');
    expect(screen.getByRole('status')).toHaveTextContent('Reading');
  });

  it('is indeterminate before the first progress report', () => {
    render(LoadProgress, { props: { fileName: 'a.xlsx', progress: null, oncancel: vi.fn() } });
    expect(screen.getByRole('progressbar')).not.toHaveAttribute('aria-valuenow');
    expect(screen.getByTestId('load-progress')).toHaveTextContent('Starting');
  });

  it('names the phase and calls oncancel', async () => {
    const oncancel = vi.fn();
    render(LoadProgress, {
      props: {
        fileName: 'a.zip',
        progress: { phase: 'inflating', bytesRead: 1, totalBytes: 2, rows: 0 },
        oncancel,
      },
    });
    expect(screen.getByRole('status')).toHaveTextContent('Unzipping');
    expect(screen.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '50');
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(oncancel).toHaveBeenCalledOnce();
  });
});
