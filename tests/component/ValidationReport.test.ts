import { describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import ValidationReport from '../../src/components/shared/ValidationReport.svelte';
import type { Problem } from '../../src/lib/issues';

const headerError = (column: string, fix?: string): Problem => ({
  row: 1,
  column,
  code: 'viva-header',
  severity: 'error',
  rule: 'header-chars',
  message: `"${column}" has characters Viva does not accept.`,
  ...(fix === undefined ? {} : { fix }),
});

const warning = (row: number): Problem => ({
  row,
  column: 'Q1',
  code: 'out-of-range',
  severity: 'warning',
  rule: 'out-of-range',
  message: `Warning number ${row}.`,
});

const summary = () => screen.getByTestId('validation-summary');

describe('ValidationReport', () => {
  it('says the file is ready when there are no problems', () => {
    render(ValidationReport, { props: { problems: [], ondownload: vi.fn() } });
    expect(summary()).toHaveTextContent(/^Ready for Viva Insights\.$/);
    expect(screen.queryByTestId('validation-errors')).toBeNull();
    expect(screen.queryByTestId('validation-warnings')).toBeNull();
    expect(screen.queryByRole('button', { name: /Download report/ })).toBeNull();
  });

  it('is ready with warnings only, and lists them', () => {
    render(ValidationReport, {
      props: { problems: [warning(5), warning(7)], ondownload: vi.fn() },
    });
    expect(summary()).toHaveTextContent(
      'Ready for Viva Insights. 2 warnings (the file is accepted).',
    );
    expect(screen.queryByTestId('validation-errors')).toBeNull();
    const items = within(screen.getByTestId('validation-warnings')).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[0]).toHaveTextContent('row 5, Q1 Warning number 5.');
    expect(screen.getByRole('heading', { name: 'Warnings' })).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Rejected by Viva' })).toBeNull();
  });

  it('separates errors from warnings and counts them', () => {
    const problems: Problem[] = [
      warning(3),
      headerError('Manager Effectiveness', 'Manager_Effectiveness'),
      { ...headerError('DEI-index'), row: null },
    ];
    render(ValidationReport, { props: { problems, ondownload: vi.fn() } });
    expect(summary()).toHaveTextContent(
      '2 problems Viva would reject — download is blocked until they are fixed. 1 warning (the file is accepted).',
    );
    expect(summary()).not.toHaveTextContent('Ready');
    const errors = within(screen.getByTestId('validation-errors')).getAllByRole('listitem');
    expect(errors).toHaveLength(2);
    expect(errors[0]).toHaveTextContent('row 1, Manager Effectiveness');
    expect(errors[1]).toHaveTextContent(/^DEI-index/);
    const warnings = within(screen.getByTestId('validation-warnings')).getAllByRole('listitem');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toHaveTextContent('Warning number 3.');
  });

  it('uses the singular for one error', () => {
    render(ValidationReport, {
      props: { problems: [headerError('A b', 'A_b')], ondownload: vi.fn() },
    });
    expect(summary()).toHaveTextContent(
      /^1 problem Viva would reject — download is blocked until it is fixed\.$/,
    );
  });

  it('"Rename to X" calls onfix with the problem', async () => {
    const onfix = vi.fn();
    const fixable = headerError('Manager Effectiveness', 'Manager_Effectiveness');
    const problems = [headerError('No fix here'), fixable];
    render(ValidationReport, { props: { problems, onfix, ondownload: vi.fn() } });
    const buttons = screen.getAllByRole('button', { name: /^Rename to/ });
    expect(buttons).toHaveLength(1);
    expect(buttons[0]).toHaveTextContent('Rename to Manager_Effectiveness');
    await userEvent.click(buttons[0]);
    expect(onfix).toHaveBeenCalledOnce();
    expect(onfix).toHaveBeenCalledWith(fixable);
  });

  it('offers no fix buttons without onfix', () => {
    render(ValidationReport, {
      props: { problems: [headerError('A b', 'A_b')], ondownload: vi.fn() },
    });
    expect(screen.queryByRole('button', { name: /^Rename to/ })).toBeNull();
  });

  it('"Fix all N names" appears only with more than one fixable error', async () => {
    const onfixall = vi.fn();
    const props = {
      problems: [headerError('A b', 'A_b'), headerError('No fix'), { ...warning(2), fix: 'x' }],
      onfix: vi.fn(),
      onfixall,
      ondownload: vi.fn(),
    };
    const { rerender } = render(ValidationReport, { props });
    expect(screen.queryByRole('button', { name: /^Fix all/ })).toBeNull();
    await rerender({ ...props, problems: [...props.problems, headerError('C d', 'C_d')] });
    const fixAll = screen.getByRole('button', { name: 'Fix all 2 names' });
    await userEvent.click(fixAll);
    expect(onfixall).toHaveBeenCalledOnce();
  });

  it('shows no "Fix all" without onfixall', () => {
    render(ValidationReport, {
      props: {
        problems: [headerError('A b', 'A_b'), headerError('C d', 'C_d')],
        ondownload: vi.fn(),
      },
    });
    expect(screen.queryByRole('button', { name: /^Fix all/ })).toBeNull();
  });

  it('Download report calls ondownload', async () => {
    const ondownload = vi.fn();
    render(ValidationReport, { props: { problems: [warning(2)], ondownload } });
    await userEvent.click(screen.getByRole('button', { name: 'Download report (CSV)' }));
    expect(ondownload).toHaveBeenCalledOnce();
  });

  it('shows the first 20 warnings, the rest behind "Show all"', async () => {
    const problems = Array.from({ length: 45 }, (_, i) => warning(i + 2));
    render(ValidationReport, { props: { problems, ondownload: vi.fn() } });
    const list = () => within(screen.getByTestId('validation-warnings')).getAllByRole('listitem');
    expect(list()).toHaveLength(20);
    expect(list()[19]).toHaveTextContent('Warning number 21.');
    await userEvent.click(screen.getByRole('button', { name: 'Show all 45 warnings' }));
    expect(list()).toHaveLength(45);
    expect(list()[44]).toHaveTextContent('Warning number 46.');
    expect(screen.queryByRole('button', { name: /^Show all/ })).toBeNull();
  });

  it('has no "Show all" with exactly 20 warnings', () => {
    const problems = Array.from({ length: 20 }, (_, i) => warning(i + 2));
    render(ValidationReport, { props: { problems, ondownload: vi.fn() } });
    expect(within(screen.getByTestId('validation-warnings')).getAllByRole('listitem')).toHaveLength(
      20,
    );
    expect(screen.queryByRole('button', { name: /^Show all/ })).toBeNull();
  });
});
