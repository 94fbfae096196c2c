import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import Home from '../../src/components/workspace/Home.svelte';

const samples = [
  { id: 'qualtrics', label: 'Qualtrics survey export', description: '500 responses' },
  { id: 'viva', label: 'Viva person query', description: '12 weeks' },
];

describe('Home', () => {
  it('shows the intro, drop zone, samples and workflows', () => {
    render(Home, { props: { samples, onsample: vi.fn(), onfiles: vi.fn() } });
    expect(screen.getByText(/Files never leave this device\./)).toBeInTheDocument();
    expect(screen.getByText('Drop a file here')).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Try with sample data' })).toBeInTheDocument();
    for (const title of [
      'Survey scores → Viva Insights upload',
      'Qualtrics IDs → Viva Insights',
      'Viva metrics → Qualtrics participant import',
      'Analysis: favorability, NPS, CSAT, CES',
      'Qualtrics API: surveys, exports, imports, distributions',
    ]) {
      expect(screen.getByRole('heading', { name: title })).toBeInTheDocument();
    }
    expect(screen.getAllByText(/coming soon/i)).toHaveLength(5);
  });

  it('calls onsample with the sample id', async () => {
    const onsample = vi.fn();
    render(Home, { props: { samples, onsample, onfiles: vi.fn() } });
    await userEvent.click(screen.getByTestId('sample-viva'));
    expect(onsample).toHaveBeenCalledWith('viva');
    expect(screen.getByTestId('sample-qualtrics')).toHaveTextContent('Qualtrics survey export');
  });

  it('passes files from the drop zone and disables inputs while busy', async () => {
    const onfiles = vi.fn();
    const { rerender } = render(Home, { props: { samples, onsample: vi.fn(), onfiles } });
    const file = new File(['x'], 'a.csv');
    await userEvent.upload(screen.getByTestId('file-input'), file);
    expect(onfiles).toHaveBeenCalledWith([file]);
    await rerender({ busy: true });
    expect(screen.getByTestId('sample-viva')).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Choose a file' })).toBeDisabled();
  });
});
