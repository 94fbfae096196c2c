// XM Directory and distributions through the client against the fake: mailing lists, contacts
// across skipToken pages, a bulk transactioncontacts import followed to its end, distributions
// and their history across pages.
import { describe, expect, test } from 'vitest';
import {
  collect,
  contactImportStatus,
  createContact,
  distributionHistory,
  getDistribution,
  createDistribution,
  listLibraries,
  listMessages,
  listContacts,
  listDirectories,
  listDistributions,
  listMailingLists,
  startContactImport,
  waitForContactImport,
  type FetchLike,
  type ImportStatus,
} from '../../../src/lib/qualtrics';
import { DIRECTORY, EX_SURVEY, client, fastSleep, nodeFetch, rejection, useFake } from './live';

// Why 10: the distribution history (120 recipients) then spans many skipToken pages.
const box = useFake({ skipTokenPageSize: 10 });

async function allEmployees() {
  const http = client(box.fake).http;
  const lists = await collect(listMailingLists(http, DIRECTORY));
  return { http, lists, employees: lists.find((l) => l.name === 'All Employees')! };
}

describe('directory', () => {
  test('directories and mailing lists with their counts', async () => {
    const { http, lists, employees } = await allEmployees();
    expect((await collect(listDirectories(http))).map((d) => d.directoryId)).toContain(DIRECTORY);
    expect(lists.map((l) => l.name)).toEqual(
      expect.arrayContaining(['All Employees', 'Pilot group', 'Customers Q1']),
    );
    expect(employees.mailingListId).toMatch(/^CG_/);
    expect(employees.contactCount).toBe(120);
  });

  test('contacts follow skipToken pages of at most 50: 120 contacts, 3 unsubscribed', async () => {
    const { employees } = await allEmployees();
    const urls: string[] = [];
    const counting: FetchLike = (url, init) => {
      urls.push(url);
      return nodeFetch(url, init);
    };
    const http = client(box.fake, { fetch: counting }).http;
    const contacts = await collect(
      listContacts(http, DIRECTORY, employees.mailingListId, { pageSize: 50 }),
    );
    expect(contacts).toHaveLength(120);
    expect(new Set(contacts.map((c) => c.contactId)).size).toBe(120);
    expect(contacts.filter((c) => c.unsubscribed)).toHaveLength(3);
    expect(urls).toHaveLength(3);
    expect(urls.slice(1).every((u) => u.includes('skipToken='))).toBe(true);
    expect(contacts[0].contactId).toMatch(/^CID_/);
    expect(Object.keys(contacts[0].embeddedData).length).toBeGreaterThan(0);
  });

  test('bulk transactioncontacts import: started, polled to complete, contacts added', async () => {
    const { http, lists } = await allEmployees();
    const pilot = lists.find((l) => l.name === 'Pilot group')!;
    const id = await startContactImport(http, DIRECTORY, pilot.mailingListId, {
      contacts: [
        { firstName: 'Nia', lastName: 'New', email: 'nia.new@xo-bridge.example', extRef: 'E-900' },
        { firstName: 'Olu', lastName: 'New', email: 'olu.new@xo-bridge.example', extRef: 'E-901' },
      ],
      transactionMeta: { batchId: 'batch-1', fields: [] },
    });
    expect(id).toBeTruthy();
    const first = await contactImportStatus(http, DIRECTORY, pilot.mailingListId, id);
    expect(first.status).toMatch(/progress/i);
    const seen: ImportStatus[] = [];
    const done = await waitForContactImport(http, DIRECTORY, pilot.mailingListId, id, {
      sleep: fastSleep().sleep,
      onProgress: (s) => seen.push(s),
    });
    expect(done.status).toBe('complete');
    expect(done.added).toBe(2);
    expect(done.failed).toBe(0);
    const contacts = await collect(listContacts(http, DIRECTORY, pilot.mailingListId));
    expect(contacts).toHaveLength(9);
    expect(contacts.map((c) => c.email)).toContain('nia.new@xo-bridge.example');
  });

  test('creating a contact is not retried after a 500 (it might have been created)', async () => {
    const { http, lists } = await allEmployees();
    const pilot = lists.find((l) => l.name === 'Pilot group')!;
    box.fake.setSwitches({ failNext: 1, failStatus: 500, faultPath: '/contacts' });
    const c = client(box.fake);
    const err = await rejection(
      createContact(c.http, DIRECTORY, pilot.mailingListId, { email: 'x@xo-bridge.example' }),
    );
    expect(err.message).toMatch(/500/);
    expect(c.waits).toHaveLength(0);
    const id = await createContact(http, DIRECTORY, pilot.mailingListId, {
      email: 'x@xo-bridge.example',
    });
    expect(id).toMatch(/^CID_/);
  });
});

describe('distributions', () => {
  test('list, get and the history across skipToken pages', async () => {
    const http = client(box.fake).http;
    const dists = await collect(listDistributions(http, EX_SURVEY));
    expect(dists.length).toBeGreaterThan(0);
    for (const d of dists) {
      expect(d.id).toMatch(/^EMD_/);
      expect(d.surveyId).toBe(EX_SURVEY);
    }
    const d = dists.find((x) => x.requestType === 'Invite') ?? dists[0];
    const got = await getDistribution(http, d.id, EX_SURVEY);
    expect(got.id).toBe(d.id);
    expect(got.stats).toBeTypeOf('object');
    const urls: string[] = [];
    const counting: FetchLike = (url, init) => {
      urls.push(url);
      return nodeFetch(url, init);
    };
    const history = await collect(
      distributionHistory(client(box.fake, { fetch: counting }).http, d.id),
    );
    expect(history.length).toBeGreaterThan(10);
    expect(urls.length).toBe(Math.ceil(history.length / 10));
    expect(history.some((h) => h.responseId?.startsWith('R_'))).toBe(true);
    expect(new Set(history.map((h) => h.contactId)).size).toBe(history.length);
  });

  test('create an e-mail distribution and a links-only one; both are listed after', async () => {
    const http = client(box.fake).http;
    const lists = await collect(listMailingLists(http, DIRECTORY));
    const pilot = lists.find((l) => l.name === 'Pilot group')!;
    const [lib] = await collect(listLibraries(http));
    const [invite] = await collect(listMessages(http, lib.libraryId, { category: 'invite' }));
    const before = (await collect(listDistributions(http, EX_SURVEY))).length;
    const email = await createDistribution(http, {
      message: { libraryId: lib.libraryId, messageId: invite.id },
      recipients: { mailingListId: pilot.mailingListId },
      header: { fromEmail: 'noreply@qualtrics.com', fromName: 'People', subject: 'Pulse' },
      surveyLink: { surveyId: EX_SURVEY, type: 'Individual' },
      sendDate: new Date(Date.now() + 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    });
    expect(email).toMatch(/^EMD_/);
    const links = await createDistribution(http, {
      action: 'CreateDistribution',
      surveyId: EX_SURVEY,
      linkType: 'Individual',
      description: 'Links for the pilot',
      mailingListId: pilot.mailingListId,
    });
    expect(links).toMatch(/^EMD_/);
    const after = await collect(listDistributions(http, EX_SURVEY));
    expect(after).toHaveLength(before + 2);
    expect(after.map((d) => d.id)).toEqual(expect.arrayContaining([email, links]));
  });
});
