/// <reference types="node" />
// The status panel of survey → Viva and the Analysis: the counts by status and finished or not,
// the two choices (each a click that reports its change), and what the last run left out.
// Counts come from the real worker code on the fixture holding one response of each status.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import ResponseStatus from '../../src/components/shared/ResponseStatus.svelte';
import { countResponses, keptResponses, responsesUsed } from '../../src/lib/recipe/responses';
import { DEFAULT_RESPONSE_FILTER } from '../../src/lib/qualtrics-format/status';
import { tableFromCsv } from '../helpers/tables';

const DIR = join(import.meta.dirname, '..', 'fixtures', 'qualtrics-variants');
const fixture = (f: string) => tableFromCsv(readFileSync(join(DIR, f), 'utf8'), f);

describe('ResponseStatus', () => {
  it('shows every status with its count, the unfinished ones and what was left out', async () => {
    const t = await fixture('status-numeric.csv');
    const onchange = vi.fn();
    render(ResponseStatus, {
      counts: countResponses(t),
      filter: { ...DEFAULT_RESPONSE_FILTER },
      used: responsesUsed(t, keptResponses(t, DEFAULT_RESPONSE_FILTER)),
      onchange,
    });
    expect(screen.getByTestId('response-total')).toHaveTextContent('14 responses');
    const by = screen.getByTestId('response-by-status');
    for (const s of [
      'IP Address: 2',
      'Survey Preview: 1',
      'Imported: 1',
      'EX Offline: 1',
      'Status 256: 1',
    ]) {
      expect(by).toHaveTextContent(s);
    }
    expect(screen.getByTestId('response-finished')).toHaveTextContent('13 finished, 1 unfinished');
    expect(screen.getByTestId('response-used')).toHaveTextContent('7 used');
    expect(screen.getByTestId('responses-left-out')).toHaveTextContent(
      'Left out 3 preview, 1 test and 3 spam responses.',
    );

    const include = screen.getByTestId('include-tests') as HTMLInputElement;
    expect(include.checked).toBe(false);
    expect(include.parentElement).toHaveTextContent('Include survey previews, tests and spam (7)');
    await fireEvent.click(include);
    expect(onchange).toHaveBeenLastCalledWith({ includeTests: true });

    const unfinished = screen.getByTestId('keep-unfinished') as HTMLInputElement;
    expect(unfinished.checked).toBe(true);
    await fireEvent.click(unfinished);
    expect(onchange).toHaveBeenLastCalledWith({ keepUnfinished: false });
  });

  it('shows the choices as saved, and nothing left out when every response is used', async () => {
    const t = await fixture('status-text.csv');
    const all = { includeTests: true, keepUnfinished: true };
    render(ResponseStatus, {
      counts: countResponses(t),
      filter: all,
      used: responsesUsed(t, keptResponses(t, all)),
      onchange: () => {},
    });
    expect((screen.getByTestId('include-tests') as HTMLInputElement).checked).toBe(true);
    expect(screen.getByTestId('response-by-status')).toHaveTextContent('Synthetic: 1');
    expect(screen.queryByTestId('responses-left-out')).toBeNull();
    expect(screen.queryByTestId('response-used')).toBeNull();
  });

  it('says 0 responses for an export with header rows only', async () => {
    const t = await fixture('empty-current.csv');
    render(ResponseStatus, {
      counts: countResponses(t),
      filter: { ...DEFAULT_RESPONSE_FILTER },
      used: null,
      onchange: () => {},
    });
    expect(screen.getByTestId('response-total')).toHaveTextContent('0 responses');
    expect(screen.queryByTestId('response-by-status')).toBeNull();
  });
});
