import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import Header from '../../src/components/shared/Header.svelte';

describe('Header', () => {
  it('shows the app name and tagline and goes home', async () => {
    const onhome = vi.fn();
    render(Header, { props: { onhome } });
    expect(
      screen.getByText('Experience + operational data, joined in your browser'),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'XO Bridge' }));
    expect(onhome).toHaveBeenCalledOnce();
  });
});
