import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import SheetPicker from '../../src/components/workspace/SheetPicker.svelte';

const sheets = [
  { name: 'Responses', hidden: false },
  { name: 'Lookup', hidden: true },
];

describe('SheetPicker', () => {
  it('lists sheets, marking hidden ones, with the selected sheet chosen', () => {
    render(SheetPicker, { props: { sheets, selected: 'Responses', onselect: vi.fn() } });
    expect(screen.getByTestId('sheet-picker')).toBeInTheDocument();
    const select = screen.getByRole('combobox', { name: 'Sheet' });
    expect(select).toHaveValue('Responses');
    expect(screen.getByRole('option', { name: 'Lookup (hidden)' })).toBeInTheDocument();
  });

  it('calls onselect with the sheet name', async () => {
    const onselect = vi.fn();
    render(SheetPicker, { props: { sheets, selected: 'Responses', onselect } });
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Sheet' }), 'Lookup');
    expect(onselect).toHaveBeenCalledWith('Lookup');
  });

  it('prompts for a choice when nothing is selected', () => {
    render(SheetPicker, { props: { sheets, selected: null, onselect: vi.fn() } });
    expect(screen.getByRole('option', { name: 'Choose a sheet…' })).toBeInTheDocument();
  });
});
