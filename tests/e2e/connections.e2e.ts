// Connections end to end, in Chromium against the fake Qualtrics server (started here on a free
// port): add API-token connections, see Active, test them, reload and reopen, Forget; follow a
// "use this host instead" notice; and no request leaves for any origin but the app's and the
// configured host.
import { expect, test, type Page } from '@playwright/test';
import { startFakeQualtrics } from '../fake-qualtrics/server.mjs';
import { watchPage, recordOrigins } from './helpers';

const ADA = 'fakeqtoken-ada-0123456789abcdefABCDEF';
const SAM = 'fakeqtoken-sam-0123456789abcdefABCDEF';
let fake: Awaited<ReturnType<typeof startFakeQualtrics>>;

test.beforeAll(async () => {
  fake = await startFakeQualtrics({ port: 0, env: {} });
});
test.afterAll(() => fake.close());

async function addConnection(
  page: Page,
  name: string,
  token: string,
  keep: 'device' | 'tab',
): Promise<void> {
  const form = page.getByRole('form', { name: 'Add a connection' });
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Qualtrics host').fill(fake.url);
  await form.getByLabel('API token', { exact: true }).fill(token);
  await form
    .getByLabel(keep === 'device' ? /Remember on this device/ : /For this tab only/)
    .check();
  await form.getByRole('button', { name: 'Add connection' }).click();
}

const item = (page: Page, name: string) =>
  page.getByTestId('connection').filter({ has: page.getByRole('heading', { name }) });

test('connections: add with an API token, Active, Test connection, reload, new tab, Forget', async ({
  page,
  browser,
  baseURL,
}) => {
  const watch = await watchPage(page);
  const origins = recordOrigins(page);
  await page.goto('/');
  await page.getByTestId('workflow-connections').click();
  await expect(page.getByRole('heading', { name: 'Qualtrics connections' })).toBeVisible();

  await addConnection(page, 'Fake remembered', ADA, 'device');
  const kept = item(page, 'Fake remembered');
  await expect(kept.getByTestId('connection-status')).toHaveText('Active');
  await expect(kept.getByTestId('connection-who')).toContainText('Ada Analyst');

  await kept.getByRole('button', { name: 'Test connection Fake remembered' }).click();
  const tests = kept.getByTestId('connection-tests');
  for (const id of ['whoami', 'surveys', 'directories', 'mailing-lists', 'distributions']) {
    await expect(tests.getByTestId(`capability-${id}`)).toContainText('Works');
  }

  await addConnection(page, 'Fake tab only', SAM, 'tab');
  const tabOnly = item(page, 'Fake tab only');
  await expect(tabOnly.getByTestId('connection-status')).toHaveText('Active');
  await expect(tabOnly.getByTestId('connection-who')).toContainText('Sam Sender');
  // The token is never shown on the page.
  expect(await page.content()).not.toContain(ADA);

  // A reload of the same tab keeps both (the tab-only token lives in this tab's session).
  await page.reload();
  await page.getByTestId('workflow-connections').click();
  await expect(item(page, 'Fake remembered').getByTestId('connection-status')).toHaveText('Active');
  await expect(item(page, 'Fake tab only').getByTestId('connection-status')).toHaveText('Active');
  await item(page, 'Fake tab only').getByRole('button', { name: 'Check Fake tab only' }).click();
  await expect(item(page, 'Fake tab only').getByTestId('connection-status')).toHaveText('Active');

  // Saved items lists the connections and says which token is kept on this device.
  await page.getByTestId('nav-recipes').click();
  const saved = page.getByTestId('saved-connections');
  await expect(saved).toContainText('Fake remembered');
  await expect(saved).toContainText('API token remembered on this device');
  await expect(saved).toContainText('no API token saved on this device');
  await saved.getByRole('button', { name: 'Manage connections' }).click();

  // A new browser context shares nothing with this tab: only the remembered token is there.
  const state = await page.context().storageState({ indexedDB: true });
  const other = await browser.newContext({ storageState: state, baseURL });
  const page2 = await other.newPage();
  const watch2 = await watchPage(page2);
  const origins2 = recordOrigins(page2);
  await page2.goto('/');
  await page2.getByTestId('workflow-connections').click();
  await expect(item(page2, 'Fake remembered').getByTestId('connection-status')).toHaveText(
    'Active',
  );
  await expect(item(page2, 'Fake tab only').getByTestId('connection-status')).toHaveText(
    'No API token',
  );
  await item(page2, 'Fake remembered')
    .getByRole('button', { name: 'Check Fake remembered' })
    .click();
  await expect(item(page2, 'Fake remembered').getByTestId('connection-who')).toContainText(
    'Ada Analyst',
  );
  expect(watch2.problems).toEqual([]);
  for (const o of origins2) origins.add(o);
  await other.close();

  // Forget wipes the remembered token; after a reload it is still gone.
  await item(page, 'Fake remembered')
    .getByRole('button', { name: 'Forget the API token of Fake remembered' })
    .click();
  await expect(item(page, 'Fake remembered').getByTestId('connection-status')).toHaveText(
    'No API token',
  );
  await page.reload();
  await page.getByTestId('workflow-connections').click();
  await expect(item(page, 'Fake remembered').getByTestId('connection-status')).toHaveText(
    'No API token',
  );
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
  expect(stored).toContain('Fake remembered');
  expect(stored).not.toContain(ADA);
  expect(stored).not.toContain(SAM);

  // Delete removes it.
  await item(page, 'Fake tab only').getByRole('button', { name: 'Delete Fake tab only' }).click();
  await expect(page.getByTestId('connection')).toHaveCount(1);

  // Privacy: only the app's origin and the configured host were ever asked anything.
  expect(watch.problems).toEqual([]);
  const app = new URL(baseURL!).origin;
  expect([...origins].sort()).toEqual([app, fake.url].sort());
  // And the fake saw the token only as a header, never in a URL.
  expect(JSON.stringify(fake.state.log)).not.toContain(ADA);
});

test('a "use this host instead" notice offers to switch the host, and the connection is checked there', async ({
  page,
  baseURL,
}) => {
  fake.reset();
  const port = new URL(fake.url).port;
  // Reached as localhost, the fake says it proxied the call and names 127.0.0.1 instead.
  fake.setSwitches({ proxyNotice: `127.0.0.1:${port}`, proxyNoticeWhenHost: `localhost:${port}` });
  const watch = await watchPage(page);
  const origins = recordOrigins(page);
  await page.goto('/');
  await page.getByTestId('workflow-connections').click();
  const form = page.getByRole('form', { name: 'Add a connection' });
  await form.getByLabel('Name').fill('Proxied');
  await form.getByLabel('Qualtrics host').fill(`http://localhost:${port}`);
  await form.getByLabel('API token', { exact: true }).fill(ADA);
  await form.getByRole('button', { name: 'Add connection' }).click();
  const c = item(page, 'Proxied');
  await expect(c.getByTestId('connection-status')).toHaveText('Active');
  const offer = c.getByTestId('host-offer');
  await expect(offer).toContainText(`127.0.0.1:${port}`);
  await offer.getByRole('button', { name: `Switch host to 127.0.0.1:${port}` }).click();
  await expect(c.getByTestId('host-offer')).toHaveCount(0);
  await expect(c).toContainText(`http://127.0.0.1:${port}`);
  await expect(c.getByTestId('connection-status')).toHaveText('Active');
  // The only other origin is the configured host itself (localhost, before the switch).
  expect(watch.problems.filter((p) => !p.includes(`//localhost:${port}/`))).toEqual([]);
  const app = new URL(baseURL!).origin;
  expect([...origins].sort()).toEqual([app, fake.url, `http://localhost:${port}`].sort());
});
