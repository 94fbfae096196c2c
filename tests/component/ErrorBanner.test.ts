import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import ErrorBanner from '../../src/components/shared/ErrorBanner.svelte';

describe('ErrorBanner', () => {
  it('renders nothing without an error', () => {
    render(ErrorBanner, { props: { error: null, ondismiss: vi.fn() } });
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it.each([
    ['ParseError', 'This file could not be read'],
    ['TooLargeError', 'This file is too large'],
    ['EncryptedFileError', 'This workbook is password-protected'],
    ['Error', 'Something went wrong'],
  ])('titles %s as "%s"', (name, title) => {
    render(ErrorBanner, {
      props: { error: { name, message: 'Details here.' }, ondismiss: vi.fn() },
    });
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent(title);
    expect(alert).toHaveTextContent('Details here.');
  });

  it('calls ondismiss', async () => {
    const ondismiss = vi.fn();
    render(ErrorBanner, { props: { error: { name: 'ParseError', message: 'x' }, ondismiss } });
    await userEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(ondismiss).toHaveBeenCalledOnce();
  });
});
