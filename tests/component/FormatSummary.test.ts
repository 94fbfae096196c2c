import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import FormatSummary from '../../src/components/workspace/FormatSummary.svelte';

describe('FormatSummary', () => {
  it('shows a one-line summary and notes', () => {
    render(FormatSummary, {
      props: {
        name: 'survey.csv',
        rowCount: 1000,
        columnCount: 20,
        format: {
          kind: 'csv',
          source: 'qualtrics',
          headerRows: 3,
          delimiter: ',',
          encoding: 'utf-8',
          notes: ['Read as windows-1252.', 'Dropped 2 empty rows.'],
        },
      },
    });
    expect(screen.getByText(/survey\.csv/).closest('p')).toHaveTextContent(
      'survey.csv · Qualtrics export (current format, 3 header rows) · UTF-8 · comma-separated · 1,000 rows × 20 columns',
    );
    const notes = screen.getAllByRole('listitem');
    expect(notes.map((n) => n.textContent)).toEqual([
      'Read as windows-1252.',
      'Dropped 2 empty rows.',
    ]);
  });

  it('omits the notes list when there are none', () => {
    render(FormatSummary, {
      props: {
        name: 'people.xlsx',
        rowCount: 1,
        columnCount: 2,
        format: {
          kind: 'xlsx',
          source: 'viva-person-query',
          headerRows: 1,
          sheet: 'Sheet1',
          notes: [],
        },
      },
    });
    expect(screen.getByTestId('format-summary')).toHaveTextContent(
      'people.xlsx · Excel workbook · sheet “Sheet1” · Viva Insights person query · 1 row × 2 columns',
    );
    expect(screen.queryByRole('list')).toBeNull();
  });
});
