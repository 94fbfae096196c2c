import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import DropZone from '../../src/components/shared/DropZone.svelte';

const csv = () => new File(['a,b\n1,2\n'], 'survey.csv', { type: 'text/csv' });

describe('DropZone', () => {
  it('shows the drop target, accepted formats and a hidden file input', () => {
    render(DropZone, { props: { onfiles: vi.fn() } });
    expect(screen.getByText('Drop a file here')).toBeInTheDocument();
    expect(
      screen.getByText(/CSV, TSV, TXT, XLSX, XLS, ODS, or a ZIP holding one CSV/),
    ).toBeInTheDocument();
    const input = screen.getByTestId('file-input');
    expect(input).toHaveAttribute('type', 'file');
    expect(input).toHaveAttribute('accept', '.csv,.tsv,.txt,.xlsx,.xlsm,.xls,.ods,.zip');
    expect(input).toHaveAttribute('multiple');
  });

  it('opens the file chooser from the button', async () => {
    render(DropZone, { props: { onfiles: vi.fn() } });
    const input = screen.getByTestId<HTMLInputElement>('file-input');
    const click = vi.spyOn(input, 'click');
    await userEvent.click(screen.getByRole('button', { name: 'Choose a file' }));
    expect(click).toHaveBeenCalled();
  });

  it('passes chosen files and resets the input so the same file can be chosen again', async () => {
    const onfiles = vi.fn();
    render(DropZone, { props: { onfiles } });
    const input = screen.getByTestId<HTMLInputElement>('file-input');
    const file = csv();
    await userEvent.upload(input, file);
    expect(onfiles).toHaveBeenCalledWith([file]);
    expect(input.value).toBe('');
    await userEvent.upload(input, file);
    expect(onfiles).toHaveBeenCalledTimes(2);
  });

  it('accepts dropped files and highlights while dragging', async () => {
    const onfiles = vi.fn();
    render(DropZone, { props: { onfiles } });
    const zone = screen.getByTestId('drop-zone');
    const file = csv();
    const dataTransfer = { files: [file], types: ['Files'] };
    await fireEvent.dragEnter(zone, { dataTransfer });
    expect(zone).toHaveClass('over');
    await fireEvent.dragOver(zone, { dataTransfer });
    await fireEvent.drop(zone, { dataTransfer });
    expect(zone).not.toHaveClass('over');
    expect(onfiles).toHaveBeenCalledWith([file]);
  });

  it('ignores drops and disables the button when disabled', async () => {
    const onfiles = vi.fn();
    render(DropZone, { props: { onfiles, disabled: true } });
    expect(screen.getByRole('button', { name: 'Choose a file' })).toBeDisabled();
    await fireEvent.drop(screen.getByTestId('drop-zone'), {
      dataTransfer: { files: [csv()], types: ['Files'] },
    });
    expect(onfiles).not.toHaveBeenCalled();
  });
});
