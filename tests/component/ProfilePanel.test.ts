import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import ProfilePanel from '../../src/components/workspace/ProfilePanel.svelte';
import type { ColumnMeta, ColumnProfile } from '../../src/lib/table/types';

const q1: ColumnMeta = {
  index: 1,
  name: 'Q1',
  header: 'Q1',
  type: 'number',
  label: 'How satisfied are you?',
  importId: 'QID1',
  qualtricsRole: 'question',
};
const q1Profile: ColumnProfile = {
  index: 1,
  name: 'Q1',
  type: 'number',
  count: 1000,
  blanks: 20,
  distinct: 5,
  invalid: 3,
  min: 1,
  max: 5,
  mean: 3.456789,
  top: [],
};

describe('ProfilePanel', () => {
  it('shows an empty state', () => {
    render(ProfilePanel, { props: { column: null, profile: null } });
    expect(screen.getByText('Select a column to see its profile.')).toBeInTheDocument();
  });

  it('shows number statistics and Qualtrics metadata', () => {
    render(ProfilePanel, { props: { column: q1, profile: q1Profile } });
    expect(screen.getByRole('heading', { name: 'Q1' })).toBeInTheDocument();
    const text = screen.getByRole('region', { name: 'Column profile' }).textContent ?? '';
    expect(text).toContain('How satisfied are you?');
    expect(text).toContain('QID1');
    expect(text).toContain('Question');
    expect(text).toContain('1,000');
    expect(text).toContain('3.46');
    expect(screen.getByText('Not a number').nextElementSibling).toHaveTextContent('3');
    expect(screen.queryByText('Most frequent values')).toBeNull();
  });

  it('shows top values for text columns and the Viva role', () => {
    const dept: ColumnMeta = {
      index: 2,
      name: 'Dept',
      header: 'Dept',
      type: 'text',
      vivaRole: 'attribute',
    };
    const profile: ColumnProfile = {
      index: 2,
      name: 'Dept',
      type: 'text',
      count: 10,
      blanks: 1,
      distinct: 2,
      invalid: 0,
      min: 'HR',
      max: 'Sales',
      mean: null,
      top: [
        { value: 'Sales', count: 6 },
        { value: 'HR', count: 3 },
      ],
    };
    render(ProfilePanel, { props: { column: dept, profile } });
    expect(screen.getByText('HR attribute')).toBeInTheDocument();
    const rows = screen.getAllByRole('row');
    expect(rows[1]).toHaveTextContent('Sales');
    expect(rows[1]).toHaveTextContent('6');
    expect(screen.queryByText('Mean')).toBeNull();
    expect(screen.queryByText('Not a number')).toBeNull();
  });

  it('shows a loading state', () => {
    render(ProfilePanel, { props: { column: q1, profile: null, loading: true } });
    expect(screen.getByText('Profiling…')).toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'Column profile' })).toHaveAttribute(
      'aria-busy',
      'true',
    );
  });
});
