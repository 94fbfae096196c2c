import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import ConnectionsView from '../../src/components/connections/ConnectionsView.svelte';
import Home from '../../src/components/workspace/Home.svelte';
import type { FetchLike } from '../../src/lib/qualtrics';
import { ConnectionsStore } from '../../src/state/connections.svelte';
import { openXoDb } from '../../src/storage/db';
import { ConnectionRepo, TabSecrets } from '../../src/storage/connections';
import { IDBFactory } from '../helpers/fake-idb';

const TOKEN = 'tok-0123456789';

function answer(result: unknown, status = 200): Response {
  return new Response(
    JSON.stringify({ result, meta: { httpStatus: `${status}`, requestId: 'r' } }),
    {
      status,
      headers: { 'content-type': 'application/json' },
    },
  );
}

/** A tiny Qualtrics: whoami, one survey, one directory, no lists or distributions. */
const fakeFetch = vi.fn<FetchLike>((url, init) => {
  const headers = (init?.headers ?? {}) as Record<string, string>;
  if (headers['X-API-TOKEN'] !== TOKEN) return Promise.resolve(answer(null, 401));
  const path = new URL(url).pathname.replace('/API/v3', '');
  if (path === '/whoami') {
    return Promise.resolve(
      answer({
        userId: 'UR_1',
        userName: 'ada@example.org',
        brandId: 'acme',
        firstName: 'Ada',
        lastName: 'Analyst',
        datacenter: 'iad1',
      }),
    );
  }
  if (path === '/surveys') {
    return Promise.resolve(answer({ elements: [{ id: 'SV_1', name: 'Pulse' }], nextPage: null }));
  }
  if (path === '/directories') {
    return Promise.resolve(answer({ elements: [{ directoryId: 'POOL_1' }], nextPage: null }));
  }
  if (path.endsWith('/mailinglists')) {
    return Promise.resolve(answer({ elements: [], nextPage: null }));
  }
  if (path === '/distributions') return Promise.resolve(answer(null, 403));
  return Promise.resolve(answer(null, 404));
});

function makeStore() {
  const factory = new IDBFactory();
  return new ConnectionsStore(
    new ConnectionRepo(() => openXoDb(factory)),
    new TabSecrets(undefined),
    fakeFetch,
  );
}

describe('ConnectionsView', () => {
  it('adds a connection with labelled fields, shows it Active, tests it, forgets and deletes it', async () => {
    const user = userEvent.setup();
    const store = makeStore();
    render(ConnectionsView, { props: { store } });
    expect(screen.getByText('No connections yet.')).toBeInTheDocument();
    const form = screen.getByRole('form', { name: 'Add a connection' });
    await user.type(within(form).getByLabelText('Name'), 'Acme');
    await user.type(within(form).getByLabelText('Qualtrics host'), 'acme.iad1.qualtrics.com');
    const token = within(form).getByLabelText('API token');
    expect(token).toHaveAttribute('type', 'password');
    await user.type(token, TOKEN);
    expect(within(form).getByLabelText(/For this tab only/)).toBeChecked();
    await user.click(within(form).getByRole('button', { name: 'Add connection' }));

    const item = await screen.findByTestId('connection');
    await waitFor(() =>
      expect(within(item).getByTestId('connection-status')).toHaveTextContent('Active'),
    );
    expect(within(item).getByTestId('connection-who')).toHaveTextContent(
      'Ada Analyst · brand acme · datacenter iad1',
    );
    expect(item).toHaveTextContent('this tab only');
    expect(fakeFetch.mock.calls[0][0]).toBe('https://acme.iad1.qualtrics.com/API/v3/whoami');
    // The form is emptied for the next connection; the token is nowhere on the page.
    const fresh = () => screen.getByRole('form', { name: 'Add a connection' });
    await waitFor(() => expect(within(fresh()).getByLabelText('Name')).toHaveValue(''));
    expect(within(fresh()).getByLabelText('API token')).toHaveValue('');
    expect(document.body.innerHTML).not.toContain(TOKEN);

    await user.click(within(item).getByRole('button', { name: 'Test connection Acme' }));
    const table = await within(item).findByTestId('connection-tests');
    expect(within(table).getByTestId('capability-whoami')).toHaveTextContent('Works');
    expect(within(table).getByTestId('capability-surveys')).toHaveTextContent('Pulse');
    expect(within(table).getByTestId('capability-mailing-lists')).toHaveTextContent('Works');
    expect(within(table).getByTestId('capability-distributions')).toHaveTextContent(/Failed.*403/);

    await user.click(within(item).getByRole('button', { name: 'Forget the API token of Acme' }));
    await waitFor(() =>
      expect(within(item).getByTestId('connection-status')).toHaveTextContent('No API token'),
    );
    expect(within(item).getByRole('button', { name: 'Test connection Acme' })).toBeDisabled();

    await user.click(within(item).getByRole('button', { name: 'Delete Acme' }));
    await waitFor(() => expect(screen.getByText('No connections yet.')).toBeInTheDocument());
  });

  it('shows why a connection was refused', async () => {
    const user = userEvent.setup();
    render(ConnectionsView, { props: { store: makeStore() } });
    const form = screen.getByRole('form', { name: 'Add a connection' });
    await user.type(within(form).getByLabelText('Name'), 'Bad');
    await user.type(within(form).getByLabelText('Qualtrics host'), 'http://example.org');
    await user.type(within(form).getByLabelText('API token'), TOKEN);
    await user.click(within(form).getByRole('button', { name: 'Add connection' }));
    expect(await screen.findByText(/must be reached over https/)).toBeInTheDocument();
  });
});

describe('Home: the Qualtrics API card', () => {
  it('leads to the Connections page', async () => {
    const onworkflow = vi.fn();
    render(Home, { props: { samples: [], onsample: vi.fn(), onfiles: vi.fn(), onworkflow } });
    await userEvent.click(screen.getByTestId('workflow-connections'));
    expect(onworkflow).toHaveBeenCalledWith('connections');
  });
});
