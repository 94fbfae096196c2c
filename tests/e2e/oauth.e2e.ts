// OAuth connections end to end, in Chromium against the fake Qualtrics server (started here on a
// free port): authorization code + PKCE through the fake's Approve page in public, secret and
// organisation-token-URL modes; expiry → Needs reauthorization → Reauthorize; client
// credentials; a token endpoint without CORS explained. Code and state leave the address at
// once, no secret shows on the page, and no request goes anywhere but the app and the fake.
import { expect, test, type Page } from '@playwright/test';
import { startFakeQualtrics } from '../fake-qualtrics/server.mjs';
import { watchPage, recordOrigins } from './helpers';

const AUTH_ID = 'b7a1c4e9d2f3405a8e6b1c0d9f8e7a6b';
const AUTH_SECRET = 'fake-auth-code-secret-Zq8Lm3Vx';
const CC_ID = 'c2d4e6f8a0b1c3d5e7f9a1b3c5d7e9f0';
const CC_SECRET = 'fake-client-credentials-secret-Hw5Tn1';
let fake: Awaited<ReturnType<typeof startFakeQualtrics>>;

test.beforeAll(async () => {
  fake = await startFakeQualtrics({ port: 0, env: {} });
});
test.afterAll(() => fake.close());
test.beforeEach(() => fake.reset());

// Label texts are matched as strings: Playwright normalizes their whitespace only then.

/** Every address the main frame showed, to prove the code and state did not stay. */
function recordAddresses(page: Page): string[] {
  const seen: string[] = [];
  page.on('framenavigated', (f) => {
    if (f === page.mainFrame()) seen.push(f.url());
  });
  return seen;
}

const item = (page: Page, name: string) =>
  page.getByTestId('connection').filter({ has: page.getByRole('heading', { name }) });

type Exchange = 'public' | 'secret' | 'org-url';

async function openConnections(page: Page): Promise<void> {
  await page.goto('/');
  await page.getByTestId('workflow-connections').click();
  await expect(page.getByRole('heading', { name: 'Qualtrics connections' })).toBeVisible();
}

/** Fills the OAuth fields of a connection form (add or edit). */
async function chooseExchange(page: Page, form: ReturnType<Page['getByRole']>, exchange: Exchange) {
  if (exchange === 'public') await form.getByLabel('Public client').check();
  if (exchange === 'secret') {
    await form.getByLabel('With client secret').check();
    await form.getByLabel('Client secret', { exact: true }).fill(AUTH_SECRET);
  }
  if (exchange === 'org-url') {
    await form.getByLabel("Through my organisation's token URL").check();
    await form
      .getByLabel('Organisation token URL', { exact: true })
      .fill(`${fake.url}/org/oauth2/token`);
    await form.getByLabel('JSON', { exact: true }).check();
  }
}

async function connectWithCode(page: Page, name: string, exchange: Exchange): Promise<void> {
  const form = page.getByRole('form', { name: 'Add a connection' });
  await form.getByLabel('Name', { exact: true }).fill(name);
  await form.getByLabel('Qualtrics host', { exact: true }).fill(fake.url);
  await form.getByLabel('OAuth: sign in with Qualtrics').check();
  await form.getByLabel('Client id', { exact: true }).fill(AUTH_ID);
  // The exact redirect URI to register is shown: the app's origin and path.
  await expect(form.getByTestId('redirect-uri')).toHaveText(new URL('/', page.url()).href);
  await chooseExchange(page, form, exchange);
  await form.getByRole('button', { name: 'Connect' }).click();
  await approve(page);
}

/** On the fake's consent page: press Approve and wait to be back in the app. */
async function approve(page: Page): Promise<void> {
  await expect(page.getByRole('heading', { name: /^Authorize/ })).toBeVisible();
  await page.getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByRole('heading', { name: 'Qualtrics connections' })).toBeVisible();
}

/** The app's address carries no OAuth answer any more. */
async function expectCleanAddress(page: Page, baseURL: string | undefined): Promise<void> {
  await expect(page).toHaveURL(new URL('/', baseURL).href);
  expect(new URL(page.url()).search).toBe('');
}

function expectOnlyAppAndFake(origins: Set<string>, baseURL: string | undefined): void {
  const app = new URL(baseURL!).origin;
  for (const o of origins) expect([app, fake.url]).toContain(o);
}

test('authorization code + PKCE, public mode: Approve → Active, code and state gone from the URL', async ({
  page,
  baseURL,
}) => {
  fake.setSwitches({ clientSecret: 'optional' });
  const watch = await watchPage(page);
  const origins = recordOrigins(page);
  const addresses = recordAddresses(page);
  await openConnections(page);
  await connectWithCode(page, 'Public client', 'public');
  const c = item(page, 'Public client');
  await expect(c.getByTestId('connection-status')).toHaveText('Active');
  await expect(c.getByTestId('connection-who')).toContainText('Ada Analyst');
  await expect(c).toContainText('OAuth sign-in (public client)');
  await expectCleanAddress(page, baseURL);
  // The redirect arrived with a code, which was removed at once.
  expect(addresses.some((a) => new URL(a).searchParams.has('code'))).toBe(true);
  // The exchange sent no secret: the fake saw a form POST without Basic auth.
  const tokenCall = fake.state.log.find((l) => l.path === '/oauth2/token' && !l.preflight);
  expect(tokenCall).toMatchObject({ status: 200, auth: 'none' });

  // Test connection: the token endpoint answers this origin (a refresh) and an export starts.
  await c.getByRole('button', { name: 'Test connection Public client' }).click();
  const tests = c.getByTestId('connection-tests');
  await expect(tests.getByTestId('capability-token-endpoint')).toContainText('Works');
  await expect(tests.getByTestId('capability-export')).toContainText('Started export');

  // The tab-only tokens never reached IndexedDB.
  const stored = await page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        const req = indexedDB.open('xo-bridge');
        req.onsuccess = () => {
          const get = req.result.transaction('connections').objectStore('connections').getAll();
          get.onsuccess = () => resolve(JSON.stringify(get.result));
        };
      }),
  );
  expect(stored).toContain('Public client');
  expect(stored).not.toContain('accessToken');
  expect(stored).not.toContain('refreshToken');
  // Only the scopes asked for are granted: directories and distributions answer 403 naming the scope.
  await expect(tests.getByTestId('capability-directories')).toContainText('read:directories');
  expect(watch.problems.filter((p) => !/status of 403/.test(p))).toEqual([]);
  expectOnlyAppAndFake(origins, baseURL);
});

test('authorization code, secret mode: Active, the secret never on the page', async ({
  page,
  baseURL,
}) => {
  const watch = await watchPage(page);
  const origins = recordOrigins(page);
  await openConnections(page);
  await connectWithCode(page, 'With secret', 'secret');
  const c = item(page, 'With secret');
  await expect(c.getByTestId('connection-status')).toHaveText('Active');
  await expectCleanAddress(page, baseURL);
  expect(await page.content()).not.toContain(AUTH_SECRET);
  expect(fake.state.log.find((l) => l.path === '/oauth2/token' && !l.preflight)).toMatchObject({
    status: 200,
  });
  expect(JSON.stringify(fake.state.log)).not.toContain(AUTH_SECRET);

  // The Surveys screen works over the OAuth connection: its calls carry the Bearer token.
  await page.getByRole('button', { name: 'Browse surveys of With secret' }).click();
  await expect(page.getByRole('heading', { name: /Surveys — With secret/ })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Employee Engagement Pulse 2026' })).toBeVisible();
  const listCall = fake.state.log.find((l) => l.path.startsWith('/API/v3/surveys') && !l.preflight);
  expect(listCall).toMatchObject({ status: 200, auth: 'bearer' });
  expect(watch.problems).toEqual([]);
  expectOnlyAppAndFake(origins, baseURL);
});

test('token expiry → Needs reauthorization → Reauthorize → Approve → Active', async ({
  page,
  baseURL,
}) => {
  fake.setSwitches({ clientSecret: 'optional' });
  const watch = await watchPage(page);
  const origins = recordOrigins(page);
  await openConnections(page);
  await connectWithCode(page, 'Expiring', 'public');
  const c = item(page, 'Expiring');
  await expect(c.getByTestId('connection-status')).toHaveText('Active');

  // The access token expires and the refresh token is revoked: renewal fails.
  fake.setSwitches({ tokensExpired: true });
  await fetch(`${fake.url}/__control/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ action: 'revoke', kind: 'refresh' }),
  });
  await c.getByRole('button', { name: 'Check Expiring' }).click();
  await expect(c.getByTestId('connection-status')).toHaveText('Needs reauthorization');
  await expect(c).toContainText(/Reauthorize/);

  fake.setSwitches({ tokensExpired: false });
  await c.getByRole('button', { name: 'Reauthorize Expiring' }).click();
  await approve(page);
  await expect(item(page, 'Expiring').getByTestId('connection-status')).toHaveText('Active');
  await expectCleanAddress(page, baseURL);
  // The 401s and the refused refresh (400) are expected console errors of the browser; nothing else.
  expect(watch.problems.filter((p) => !/status of (401|400)/.test(p))).toEqual([]);
  expectOnlyAppAndFake(origins, baseURL);
});

test('client credentials: a grant, Active', async ({ page, baseURL }) => {
  const watch = await watchPage(page);
  const origins = recordOrigins(page);
  await openConnections(page);
  const form = page.getByRole('form', { name: 'Add a connection' });
  await form.getByLabel('Name', { exact: true }).fill('Service');
  await form.getByLabel('Qualtrics host', { exact: true }).fill(fake.url);
  await form.getByLabel('OAuth client credentials').check();
  await form.getByLabel('Client id', { exact: true }).fill(CC_ID);
  await form.getByLabel('Client secret', { exact: true }).fill(CC_SECRET);
  await form.getByRole('button', { name: 'Add connection' }).click();
  const c = item(page, 'Service');
  await expect(c.getByTestId('connection-status')).toHaveText('Active');
  await expect(c.getByTestId('connection-who')).toContainText('Ada Analyst');
  expect(await page.content()).not.toContain(CC_SECRET);
  await c.getByRole('button', { name: 'Forget the secrets of Service' }).click();
  await expect(c.getByTestId('connection-status')).toHaveText('No client secret');
  expect(watch.problems).toEqual([]);
  expectOnlyAppAndFake(origins, baseURL);
});

test("no CORS on /oauth2/token: the page explains it, and the organisation's token URL works", async ({
  page,
  baseURL,
}) => {
  fake.setSwitches({ cors: 'no-token-cors' });
  const watch = await watchPage(page);
  const origins = recordOrigins(page);
  await openConnections(page);
  await connectWithCode(page, 'Locked down', 'secret');
  const c = item(page, 'Locked down');
  await expect(c.getByTestId('connection-status')).toHaveText('Blocked by the browser');
  await expect(c).toContainText('choose "through my organisation\'s token URL"');
  const help = c.getByTestId('blocked-help');
  await expect(help).toContainText("Through my organisation's token URL");
  await expect(help).toContainText('API base URL');
  await expect(help).toContainText('Connecting to Qualtrics');
  await expectCleanAddress(page, baseURL);

  // Switch the connection to the organisation's token URL and sign in again.
  await c.getByRole('button', { name: 'Edit Locked down' }).click();
  const edit = page.getByRole('form', { name: 'Edit Locked down' });
  await chooseExchange(page, edit, 'org-url');
  await edit.getByRole('button', { name: 'Save' }).click();
  await c.getByRole('button', { name: 'Reauthorize Locked down' }).click();
  await approve(page);
  await expect(item(page, 'Locked down').getByTestId('connection-status')).toHaveText('Active');
  await expect(item(page, 'Locked down')).toContainText("through your organisation's token URL");
  expect(
    fake.state.log.filter((l) => l.path === '/org/oauth2/token' && !l.preflight).at(-1),
  ).toMatchObject({ status: 200 });
  expect(await page.content()).not.toContain(AUTH_SECRET);
  // Only the refused token request shows as a browser error.
  expect(watch.problems.filter((p) => !/CORS|Failed to load resource/.test(p))).toEqual([]);
  expect(watch.problems.length).toBeGreaterThan(0);
  expectOnlyAppAndFake(origins, baseURL);
});
