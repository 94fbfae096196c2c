// Picking two open tables for a flow: the first is required, the same table twice counts once.
import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import TablePair from '../../src/components/shared/TablePair.svelte';

function setup() {
  const onstart = vi.fn();
  render(TablePair, {
    names: ['survey.csv', 'pq.zip'],
    first: { label: 'Survey', none: 'Choose…', testid: 'left' },
    second: { label: 'Join with', none: 'Nothing', testid: 'right' },
    testid: 'go',
    onstart,
  });
  return { onstart, go: screen.getByTestId('go') as HTMLButtonElement };
}

describe('TablePair', () => {
  it('needs the first table, and passes the second when it is another one', async () => {
    const { onstart, go } = setup();
    expect(go.disabled).toBe(true);
    await fireEvent.change(screen.getByTestId('left'), { target: { value: '0' } });
    await fireEvent.change(screen.getByTestId('right'), { target: { value: '1' } });
    await fireEvent.click(go);
    expect(onstart).toHaveBeenLastCalledWith(0, 1);
    await fireEvent.change(screen.getByTestId('right'), { target: { value: '0' } });
    await fireEvent.click(go);
    expect(onstart).toHaveBeenLastCalledWith(0, null);
  });

  it('shows nothing while no table is open', () => {
    render(TablePair, {
      names: [],
      first: { label: 'A', none: '-', testid: 'a' },
      second: { label: 'B', none: '-', testid: 'b' },
      testid: 'go',
      onstart: () => {},
    });
    expect(screen.queryByTestId('go')).toBeNull();
  });
});
