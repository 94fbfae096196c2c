// The OAuth parts of the Connections page: the method choice, scopes suggested per feature, the
// redirect URI to register (with Copy), the three token-exchange modes, Connect leaving for the
// consent page, Reauthorize, the "blocked by the browser" help and the proxied-host offer.
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import ConnectionsView from '../../src/components/connections/ConnectionsView.svelte';
import type { FetchLike } from '../../src/lib/qualtrics';
import { ConnectionsStore, type OAuthPlatform } from '../../src/state/connections.svelte';
import { openXoDb } from '../../src/storage/db';
import { ConnectionRepo, TabSecrets } from '../../src/storage/connections';
import { IDBFactory } from '../helpers/fake-idb';

const APP = 'http://localhost:5173/tools/xo/';

function platform() {
  const map = new Map<string, string>();
  const p = {
    navigated: [] as string[],
    session: {
      getItem: (k: string) => map.get(k) ?? null,
      setItem: (k: string, v: string) => void map.set(k, v),
      removeItem: (k: string) => void map.delete(k),
    },
    randomBytes: (into: Uint8Array) => crypto.getRandomValues(into),
    sha256: () => Promise.resolve(new Uint8Array(32).buffer),
    currentUrl: () => APP,
    replaceUrl: vi.fn(),
    navigate: (u: string) => void p.navigated.push(u),
  } satisfies OAuthPlatform & { navigated: string[] };
  return p;
}

function answer(result: unknown, status = 200, notice?: string): Response {
  return new Response(
    JSON.stringify({ result, meta: { httpStatus: `${status}`, requestId: 'r', notice } }),
    { status, headers: { 'content-type': 'application/json' } },
  );
}

function makeStore(fetchFn: FetchLike, p = platform()) {
  const factory = new IDBFactory();
  return new ConnectionsStore(
    new ConnectionRepo(() => openXoDb(factory)),
    new TabSecrets(undefined),
    fetchFn,
    undefined,
    p,
  );
}

describe('ConnectionsView: OAuth', () => {
  it('authorization code: suggested scopes, the redirect URI to register, exchange modes, Connect leaves for the consent page', async () => {
    const user = userEvent.setup();
    const p = platform();
    const fetchFn = vi.fn<FetchLike>();
    const store = makeStore(fetchFn, p);
    render(ConnectionsView, { props: { store } });
    const form = screen.getByRole('form', { name: 'Add a connection' });
    await user.type(within(form).getByLabelText('Name'), 'Brand');
    await user.type(within(form).getByLabelText('Qualtrics host'), 'brand.fra1.qualtrics.com');
    await user.click(within(form).getByLabelText(/OAuth: sign in with Qualtrics/));
    expect(within(form).queryByLabelText('API token')).toBeNull();
    await user.type(within(form).getByLabelText('Client id'), 'client-123');
    // Surveys and responses are suggested; the account check is always asked.
    expect(within(form).getByLabelText(/Load responses/)).toBeChecked();
    expect(within(form).getByLabelText(/Mailing lists and contacts/)).not.toBeChecked();
    expect(within(form).getByTestId('scopes')).toHaveTextContent(
      'read:survey_responses read:surveys read:users',
    );
    await user.click(within(form).getByLabelText(/Distributions/));
    expect(within(form).getByTestId('scopes')).toHaveTextContent('write:distributions');
    await user.click(within(form).getByLabelText(/Distributions/));
    // The redirect URI is the app's origin and path (works from a sub-path).
    expect(within(form).getByTestId('redirect-uri')).toHaveTextContent(APP);
    expect(within(form).getByRole('button', { name: 'Copy' })).toBeInTheDocument();
    // Exchange modes: public (no secret field), secret (a password field), org URL (URL + body).
    // "With client secret" is the default: the only pattern seen working with Qualtrics.
    expect(within(form).getByLabelText('With client secret')).toBeChecked();
    expect(within(form).getByLabelText('Client secret')).toHaveAttribute('type', 'password');
    await user.click(within(form).getByLabelText(/Public client/));
    expect(within(form).queryByLabelText('Client secret')).toBeNull();
    await user.click(within(form).getByLabelText('With client secret'));
    await user.click(within(form).getByLabelText(/organisation's token URL/));
    expect(within(form).getByLabelText('Organisation token URL')).toBeInTheDocument();
    expect(within(form).getByLabelText('JSON')).toBeInTheDocument();
    await user.click(within(form).getByLabelText(/Public client/));

    await user.click(within(form).getByRole('button', { name: 'Connect' }));
    await waitFor(() => expect(p.navigated).toHaveLength(1));
    const to = new URL(p.navigated[0]);
    expect(to.origin + to.pathname).toBe('https://brand.fra1.qualtrics.com/oauth2/auth');
    expect(to.searchParams.get('redirect_uri')).toBe(APP);
    expect(to.searchParams.get('client_id')).toBe('client-123');
    expect(to.searchParams.get('scope')).toBe('read:survey_responses read:surveys read:users');
    expect(fetchFn).not.toHaveBeenCalled();
    // Saved, not signed in yet, with Reauthorize to start again.
    const item = await screen.findByTestId('connection');
    expect(within(item).getByTestId('connection-status')).toHaveTextContent('Not signed in');
    await user.click(within(item).getByRole('button', { name: 'Reauthorize Brand' }));
    await waitFor(() => expect(p.navigated).toHaveLength(2));
  });

  it('client credentials: a blocked token endpoint says what to do, without the secret', async () => {
    const user = userEvent.setup();
    const SECRET = 'cc-secret-987654';
    const store = makeStore(() => Promise.reject(new TypeError('Failed to fetch')));
    render(ConnectionsView, { props: { store } });
    const form = screen.getByRole('form', { name: 'Add a connection' });
    await user.type(within(form).getByLabelText('Name'), 'Service');
    await user.type(within(form).getByLabelText('Qualtrics host'), 'fra1.qualtrics.com');
    await user.click(within(form).getByLabelText('OAuth client credentials'));
    await user.type(within(form).getByLabelText('Client id'), 'cc-client');
    await user.type(within(form).getByLabelText('Client secret'), SECRET);
    await user.click(within(form).getByRole('button', { name: 'Add connection' }));
    const item = await screen.findByTestId('connection');
    await waitFor(() =>
      expect(within(item).getByTestId('connection-status')).toHaveTextContent(
        'Blocked by the browser',
      ),
    );
    const help = within(item).getByTestId('blocked-help');
    expect(help).toHaveTextContent(/API base URL/);
    expect(help).toHaveTextContent(/Connecting to Qualtrics/);
    expect(document.body.innerHTML).not.toContain(SECRET);
  });

  it('offers to switch to the host named in a proxied-host notice, and checks again', async () => {
    const user = userEvent.setup();
    const fetchFn = vi.fn<FetchLike>((url) =>
      Promise.resolve(
        answer(
          { userId: 'UR_1', userName: 'ada', brandId: 'acme', firstName: 'Ada' },
          200,
          url.startsWith('https://iad1.qualtrics.com')
            ? 'Request proxied. For faster response times, use this host instead: sjc1.qualtrics.com'
            : undefined,
        ),
      ),
    );
    const store = makeStore(fetchFn);
    render(ConnectionsView, { props: { store } });
    const form = screen.getByRole('form', { name: 'Add a connection' });
    await user.type(within(form).getByLabelText('Name'), 'Acme');
    await user.type(within(form).getByLabelText('Qualtrics host'), 'iad1.qualtrics.com');
    await user.type(within(form).getByLabelText('API token'), 'tok-123');
    await user.click(within(form).getByRole('button', { name: 'Add connection' }));
    const item = await screen.findByTestId('connection');
    const offer = await within(item).findByTestId('host-offer');
    const switchButton = within(offer).getByRole('button', {
      name: 'Switch host to sjc1.qualtrics.com',
    });
    // The offer shows as soon as the notice arrives; the button is enabled once the check ends.
    await waitFor(() => expect(switchButton).toBeEnabled());
    await user.click(switchButton);
    await waitFor(() => expect(within(item).queryByTestId('host-offer')).toBeNull());
    expect(item).toHaveTextContent('sjc1.qualtrics.com');
    expect(fetchFn.mock.calls.at(-1)?.[0]).toBe('https://sjc1.qualtrics.com/API/v3/whoami');
  });
});
