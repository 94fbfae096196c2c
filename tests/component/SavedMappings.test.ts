import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import SavedMappings from '../../src/components/saved/SavedMappings.svelte';
import { defaultMapping } from '../../src/lib/score/sentiment';
import type { SavedSentimentMapping } from '../../src/storage/db';
import { SavedMappingsStore, type MappingListRepo } from '../../src/state/saved-mappings.svelte';

function repo(
  items: SavedSentimentMapping[],
): MappingListRepo & { fail: Error | null; items: SavedSentimentMapping[] } {
  const r = {
    fail: null as Error | null,
    items: [...items],
    async list() {
      if (r.fail) throw r.fail;
      return [...r.items];
    },
    async delete(key: string) {
      if (r.fail) throw r.fail;
      r.items = r.items.filter((m) => m.key !== key);
    },
  };
  return r;
}

const saved = (key: string, header: string): SavedSentimentMapping => ({
  key,
  header,
  label: 'How much do you agree? - My workload is manageable',
  mapping: defaultMapping('favorability', { min: 1, max: 5 }),
  updated: '2026-11-22T01:00:00.000Z',
});

describe('SavedMappings', () => {
  it('lists what is saved, deletes one, then all, and says when nothing is', async () => {
    const r = repo([saved('importId:QID1_2', 'Q1_2'), saved('header:Q9', 'Q9')]);
    const store = new SavedMappingsStore(r);
    await store.refresh();
    render(SavedMappings, { store });
    const rows = screen.getAllByTestId('saved-mapping');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent('Q1_2');
    expect(rows[0]).toHaveTextContent('My workload is manageable');
    expect(rows[0]).toHaveTextContent('4, 5 positive · 3 neutral · 1, 2 negative');
    expect(rows[0]).toHaveTextContent('2026-11-22');
    await fireEvent.click(
      within(rows[0]).getByRole('button', { name: 'Delete the mapping of Q1_2' }),
    );
    expect(r.items.map((m) => m.key)).toEqual(['header:Q9']);
    expect(await screen.findAllByTestId('saved-mapping')).toHaveLength(1);
    await fireEvent.click(screen.getByRole('button', { name: 'Delete all' }));
    expect(await screen.findByText('No answer mappings are saved.')).toBeInTheDocument();
  });

  it('shows a storage failure and keeps the list', async () => {
    const r = repo([saved('header:Q9', 'Q9')]);
    const store = new SavedMappingsStore(r);
    await store.refresh();
    r.fail = Object.assign(new Error('Storage is not available in private browsing.'), {
      name: 'StorageError',
    });
    await store.remove('header:Q9');
    expect(store.error?.message).toMatch(/private browsing/);
    expect(store.items).toHaveLength(1);
  });
});
