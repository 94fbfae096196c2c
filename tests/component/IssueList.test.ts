import { describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import IssueList from '../../src/components/workspace/IssueList.svelte';
import type { Issue } from '../../src/lib/issues';

const ragged = (row: number): Issue => ({
  row,
  column: null,
  code: 'ragged-row',
  message: `Row ${row} has 3 cells; expected 4.`,
});

describe('IssueList', () => {
  it('renders nothing without issues', () => {
    render(IssueList, { props: { issues: [], ondownload: vi.fn() } });
    expect(screen.queryByTestId('issue-list')).toBeNull();
  });

  it('summarises by code and lists problems', () => {
    const issues: Issue[] = [
      ragged(5),
      ragged(9),
      ragged(1200),
      {
        row: 1,
        column: 'Q1 (2)',
        code: 'duplicate-header',
        message: 'Header "Q1" appears more than once.',
      },
    ];
    render(IssueList, { props: { issues, ondownload: vi.fn() } });
    const list = screen.getByTestId('issue-list');
    expect(list).toHaveTextContent('3 ragged rows, 1 duplicate header');
    const rows = within(list).getAllByRole('row');
    expect(rows).toHaveLength(5);
    expect(rows[3]).toHaveTextContent('1,200');
    expect(rows[4]).toHaveTextContent('Q1 (2)');
    expect(screen.queryByRole('button', { name: /Show all/ })).toBeNull();
  });

  it('shows the first 100 with a Show all toggle', async () => {
    const issues = Array.from({ length: 250 }, (_, i) => ragged(i + 2));
    render(IssueList, { props: { issues, ondownload: vi.fn() } });
    expect(screen.getAllByRole('row')).toHaveLength(101);
    const toggle = screen.getByRole('button', { name: 'Show all 250' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await userEvent.click(toggle);
    expect(screen.getAllByRole('row')).toHaveLength(251);
    await userEvent.click(screen.getByRole('button', { name: 'Show the first 100' }));
    expect(screen.getAllByRole('row')).toHaveLength(101);
  });

  it('calls ondownload', async () => {
    const ondownload = vi.fn();
    render(IssueList, { props: { issues: [ragged(3)], ondownload } });
    await userEvent.click(screen.getByRole('button', { name: 'Download problems as CSV' }));
    expect(ondownload).toHaveBeenCalledOnce();
  });
});
