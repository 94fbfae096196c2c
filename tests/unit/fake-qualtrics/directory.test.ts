// The fake XM Directory, libraries and distributions (reference §4.8–4.10): mailing lists and
// contacts (create, list), the transactioncontacts bulk import with its status and summary,
// library messages, and distributions (create, list, get, history with skipToken pagination,
// stats, links, reminders).
import { describe, expect, it } from 'vitest';
import { CX_SURVEY, EX_SURVEY, api, useFake } from './helpers';
import type { Json } from './helpers';

const box = useFake();
const DIR = 'POOL_eOHAGsIto4GlLh3';

async function listId(name: string): Promise<string> {
  const lists = await api(box.fake, `/directories/${DIR}/mailinglists`);
  return lists.json.result.elements.find((l: Json) => l.name === name).mailingListId;
}

describe('mailing lists and contacts', () => {
  it('creates a list and a contact in it; the contact is in the directory too', async () => {
    const created = await api(box.fake, `/directories/${DIR}/mailinglists`, {
      body: { name: 'Launch wave 1', ownerId: 'UR_8wfG5qsMxuh0Jrn' },
    });
    expect(created.json.result.id).toMatch(/^CG_[A-Za-z0-9]{15}$/);
    const ml = created.json.result.id;
    const contact = await api(box.fake, `/directories/${DIR}/mailinglists/${ml}/contacts`, {
      body: {
        firstName: 'Ana',
        lastName: 'Lima',
        email: 'ana.lima@example.com',
        extRef: 'E42',
        embeddedData: { Department: 'Sales' },
        language: 'PT',
        unsubscribed: false,
      },
    });
    expect(contact.json.result.id).toMatch(/^CID_[A-Za-z0-9]{15}$/);
    const inList = await api(
      box.fake,
      `/directories/${DIR}/mailinglists/${ml}/contacts?includeEmbedded=true`,
    );
    expect(inList.json.result.elements).toEqual([
      expect.objectContaining({
        contactId: contact.json.result.id,
        email: 'ana.lima@example.com',
        extRef: 'E42',
        embeddedData: { Department: 'Sales' },
      }),
    ]);
    const all = await api(box.fake, `/directories/${DIR}/contacts?pageSize=100`);
    expect(all.json.result.elements.length).toBe(100);
    expect(all.json.result.nextPage).toContain('skipToken=');
    expect(
      (await api(box.fake, `/directories/${DIR}/mailinglists/${ml}`)).json.result.contactCount,
    ).toBe(1);
  });

  it('refuses bad contacts and unknown ids with 400/404', async () => {
    const ml = await listId('Pilot group');
    expect(
      (
        await api(box.fake, `/directories/${DIR}/mailinglists/${ml}/contacts`, {
          body: { firstName: 'No address' },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await api(box.fake, `/directories/${DIR}/mailinglists/${ml}/contacts`, {
          body: { email: 5 },
        })
      ).status,
    ).toBe(400);
    expect((await api(box.fake, `/directories/POOL_nope/mailinglists`)).status).toBe(404);
    const missing = await api(box.fake, `/directories/${DIR}/mailinglists/CG_nope/contacts`);
    expect(missing.status).toBe(404);
    expect(missing.json.meta.error?.errorMessage).toContain('CG_');
  });

  it('bulk transactioncontacts import: inProgress, then complete with added/updated/failed counts and invalid emails', async () => {
    const ml = await listId('Pilot group');
    const pilot = await api(box.fake, `/directories/${DIR}/mailinglists/${ml}/contacts`);
    const existing = pilot.json.result.elements[0].email;
    const started = await api(
      box.fake,
      `/directories/${DIR}/mailinglists/${ml}/transactioncontacts`,
      {
        body: {
          transactionMeta: { batchId: 'BT_1', fields: ['score'] },
          contacts: [
            {
              firstName: 'New',
              lastName: 'Person',
              email: 'new.person@example.com',
              transactionData: { score: '9' },
            },
            { email: existing, embeddedData: { Department: 'People' } },
            { email: 'not-an-email' },
          ],
        },
      },
    );
    expect(started.status).toBe(200);
    expect(started.json.result).toMatchObject({ contacts: { count: 3 }, status: 'inProgress' });
    const id = started.json.result.id;
    expect(started.json.result.tracking.url).toContain(`/transactioncontacts/${id}`);
    const status = () =>
      api(box.fake, `/directories/${DIR}/mailinglists/${ml}/transactioncontacts/${id}`);
    expect((await status()).json.result.status).toBe('inProgress');
    const done = (await status()).json.result;
    expect(done).toEqual({
      percentComplete: 100,
      contacts: { count: { added: 1, updated: 1, failed: 1 } },
      transactions: { count: { created: 1 } },
      status: 'complete',
    });
    const summary = await api(
      box.fake,
      `/directories/${DIR}/mailinglists/${ml}/transactioncontacts/${id}/summary`,
    );
    expect(summary.json.result.invalidEmails).toEqual(['not-an-email']);
    const after = await api(
      box.fake,
      `/directories/${DIR}/mailinglists/${ml}/contacts?includeEmbedded=true`,
    );
    expect(after.json.result.elements).toHaveLength(8);
    expect(
      after.json.result.elements.find((c: Json) => c.email === existing).embeddedData.Department,
    ).toBe('People');
    expect(
      (
        await api(box.fake, `/directories/${DIR}/mailinglists/${ml}/transactioncontacts`, {
          body: { contacts: [] },
        })
      ).status,
    ).toBe(400);
  });
});

describe('libraries and messages', () => {
  it('lists libraries (UR_ and GR_), messages by category, and a message with its text per language', async () => {
    const libs = await api(box.fake, '/libraries');
    expect(libs.json.result.elements.map((l: Json) => l.libraryId)).toEqual([
      'UR_8wfG5qsMxuh0Jrn',
      'GR_2Ab4Cd6Ef8Gh0Ij',
    ]);
    expect(libs.json.result.nextPage).toBeNull();
    const invites = await api(box.fake, '/libraries/UR_8wfG5qsMxuh0Jrn/messages?category=invite');
    expect(invites.json.result.elements).toEqual([
      {
        id: expect.stringMatching(/^MS_/),
        description: 'Engagement pulse invitation',
        category: 'invite',
      },
    ]);
    const msg = await api(
      box.fake,
      `/libraries/UR_8wfG5qsMxuh0Jrn/messages/${invites.json.result.elements[0].id}`,
    );
    expect(msg.json.result.messages.en).toContain('${l://SurveyURL}');
    expect((await api(box.fake, '/libraries/UR_nope/messages')).status).toBe(404);
  });
});

describe('distributions', () => {
  it('lists by survey (surveyId required) with stats; get needs the surveyId', async () => {
    expect((await api(box.fake, '/distributions')).status).toBe(400);
    const list = await api(box.fake, `/distributions?surveyId=${EX_SURVEY}`);
    const [invite, reminder] = list.json.result.elements;
    expect(invite).toMatchObject({
      requestType: 'Invite',
      requestStatus: 'Done',
      surveyLink: { surveyId: EX_SURVEY, linkType: 'Individual' },
      headers: { fromName: 'People Team' },
    });
    expect(invite.message.messageText).toBeUndefined();
    expect(reminder).toMatchObject({ requestType: 'Reminder', parentDistributionId: invite.id });
    expect(invite.stats.sent).toBeGreaterThan(0);
    expect(invite.stats.finished).toBeGreaterThan(0);
    expect(invite.stats.opened).toBeGreaterThanOrEqual(invite.stats.started);
    const filtered = await api(
      box.fake,
      `/distributions?surveyId=${EX_SURVEY}&distributionRequestType=Reminder`,
    );
    expect(filtered.json.result.elements).toHaveLength(1);
    expect((await api(box.fake, `/distributions/${invite.id}`)).status).toBe(400);
    const one = await api(box.fake, `/distributions/${invite.id}?surveyId=${EX_SURVEY}`);
    expect(one.json.result.id).toBe(invite.id);
    expect(one.json.result.id).toMatch(/^EMD_[A-Za-z0-9]{15}$/);
    expect((await api(box.fake, `/distributions/EMD_nope?surveyId=${EX_SURVEY}`)).status).toBe(404);
  });

  it('history pages by skipToken and agrees with the stats', async () => {
    const list = await api(box.fake, `/distributions?surveyId=${EX_SURVEY}`);
    const invite = list.json.result.elements[0];
    const rows: Json[] = [];
    let next: string | null = `/distributions/${invite.id}/history?pageSize=40`;
    while (next) {
      const page: Json = await api(box.fake, next);
      rows.push(...page.json.result.elements);
      next = page.json.result.nextPage;
    }
    expect(rows.length).toBe(117); // 120 employees, 3 unsubscribed
    expect(rows.filter((r) => r.status === 'SurveyFinished').length).toBe(invite.stats.finished);
    const finished = rows.find((r) => r.status === 'SurveyFinished');
    expect(finished).toMatchObject({
      distributionId: invite.id,
      responseId: expect.stringMatching(/^R_/),
      contactLookupId: expect.stringMatching(/^MLRP_/),
    });
    expect(finished.surveyLink).toContain(`/jfe/form/${EX_SURVEY}?Q_CHL=email&Q_DL=${invite.id}_`);
  });

  it('creates an email distribution from a library message and a list, then a reminder', async () => {
    const ml = await listId('Customers Q1');
    const msgs = await api(box.fake, '/libraries/GR_2Ab4Cd6Ef8Gh0Ij/messages?category=invite');
    const created = await api(box.fake, '/distributions', {
      body: {
        message: { libraryId: 'GR_2Ab4Cd6Ef8Gh0Ij', messageId: msgs.json.result.elements[0].id },
        recipients: { mailingListId: ml },
        header: {
          fromName: 'Acme',
          fromEmail: 'noreply@qualtrics.com',
          replyToEmail: 'cx@acme.example',
          subject: 'Tell us',
        },
        surveyLink: {
          surveyId: CX_SURVEY,
          type: 'Individual',
          expirationDate: '2027-03-01T00:00:00Z',
        },
        sendDate: '2026-12-01T09:00:00Z',
      },
    });
    expect(created.status).toBe(200);
    const id = created.json.result.id;
    expect(id).toMatch(/^EMD_/);
    const got = await api(box.fake, `/distributions/${id}?surveyId=${CX_SURVEY}`);
    expect(got.json.result).toMatchObject({
      requestType: 'Invite',
      headers: { subject: 'Tell us', fromName: 'Acme' },
      surveyLink: {
        surveyId: CX_SURVEY,
        linkType: 'Individual',
        expirationDate: '2027-03-01T00:00:00Z',
      },
      message: { messageType: 'Library' },
      recipients: { mailingListId: ml },
    });
    expect(got.json.result.stats.sent).toBeGreaterThan(50);
    const reminder = await api(box.fake, `/distributions/${id}/reminders`, {
      body: {
        message: { libraryId: 'GR_2Ab4Cd6Ef8Gh0Ij', messageId: msgs.json.result.elements[0].id },
        sendDate: '2099-01-01T00:00:00Z',
      },
    });
    expect(reminder.json.result.distributionId).toMatch(/^EMD_/);
    const r = await api(
      box.fake,
      `/distributions/${reminder.json.result.distributionId}?surveyId=${CX_SURVEY}`,
    );
    expect(r.json.result).toMatchObject({
      requestType: 'Reminder',
      requestStatus: 'Pending',
      parentDistributionId: id,
    });
  });

  it('generates links only (flat body), readable from /links', async () => {
    const ml = await listId('Pilot group');
    const created = await api(box.fake, '/distributions', {
      body: {
        surveyId: EX_SURVEY,
        linkType: 'Individual',
        description: 'Pilot links',
        action: 'CreateDistribution',
        expirationDate: '2027-01-01T00:00:00Z',
        mailingListId: ml,
      },
    });
    const links = await api(
      box.fake,
      `/distributions/${created.json.result.id}/links?surveyId=${EX_SURVEY}`,
    );
    expect(links.json.result.elements).toHaveLength(7);
    expect(links.json.result.elements[0]).toMatchObject({
      status: 'Email not sent',
      link: expect.stringContaining('/jfe/form/'),
      exceededContactFrequency: false,
    });
  });

  it('refuses incomplete distribution requests with a message naming what is missing', async () => {
    const bad = await api(box.fake, '/distributions', {
      body: { message: { messageText: 'Hi' }, recipients: { mailingListId: 'CG_nope' } },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.meta.error?.errorMessage).toContain('CG_nope');
    const ml = await listId('Pilot group');
    const noDate = await api(box.fake, '/distributions', {
      body: {
        message: { messageText: 'Hi ${l://SurveyURL}' },
        recipients: { mailingListId: ml },
        header: { fromName: 'A', fromEmail: 'a@example.com', subject: 'S' },
        surveyLink: { surveyId: EX_SURVEY, type: 'Individual' },
      },
    });
    expect(noDate.json.meta.error?.errorMessage).toContain('sendDate');
  });
});
