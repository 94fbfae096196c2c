// The client's minimal scopes per feature (scopes.ts) must be enough for every call of that
// feature on the fake, which enforces scopes; and when one is missing, the scope the client
// names on the 403 must be the one the fake asked for.
import { describe, expect, test } from 'vitest';
import {
  clientCredentialsHolder,
  collect,
  contactImportStatus,
  createContact,
  distributionHistory,
  getSurvey,
  getSurveyDefinition,
  listContacts,
  listDirectories,
  listDistributions,
  listFilters,
  listLibraries,
  listMailingLists,
  listMessages,
  listSurveys,
  runExport,
  scopesFor,
  startContactImport,
  whoami,
  type Feature,
  type QualtricsHttp,
} from '../../../src/lib/qualtrics';
import {
  CC_CLIENT,
  DIRECTORY,
  EX_SURVEY,
  client,
  fastSleep,
  nodeFetch,
  rejection,
  useFake,
} from './live';

const box = useFake();

function scoped(scopes: readonly string[]): QualtricsHttp {
  const ctx = { host: box.fake.url, clientId: CC_CLIENT.clientId, fetch: nodeFetch, now: Date.now };
  const holder = clientCredentialsHolder(ctx, CC_CLIENT.clientSecret, scopes, { tokens: null });
  return client(box.fake, { auth: holder }).http;
}

async function pilotList(http: QualtricsHttp): Promise<string> {
  const lists = await collect(listMailingLists(http, DIRECTORY));
  return lists.find((l) => l.name === 'Pilot group')!.mailingListId;
}

/** Every call each feature makes. */
const FEATURE_CALLS: Record<Feature, (http: QualtricsHttp) => Promise<unknown>> = {
  identity: (http) => whoami(http),
  surveys: async (http) => {
    await collect(listSurveys(http));
    await getSurvey(http, EX_SURVEY);
    await getSurveyDefinition(http, EX_SURVEY);
  },
  responses: async (http) => {
    await collect(listFilters(http, EX_SURVEY));
    await runExport(http, EX_SURVEY, { format: 'csv', limit: 3 }, { sleep: fastSleep().sleep });
  },
  contacts: async (http) => {
    await collect(listDirectories(http));
    const ml = await pilotList(http);
    await collect(listContacts(http, DIRECTORY, ml));
    await createContact(http, DIRECTORY, ml, { email: 'new@xo-bridge.example' });
    const id = await startContactImport(http, DIRECTORY, ml, {
      contacts: [{ email: 'bulk@xo-bridge.example' }],
    });
    await contactImportStatus(http, DIRECTORY, ml, id);
  },
  distributions: async (http) => {
    const [d] = await collect(listDistributions(http, EX_SURVEY));
    await collect(distributionHistory(http, d.id));
  },
  libraries: async (http) => {
    const [lib] = await collect(listLibraries(http));
    await collect(listMessages(http, lib.libraryId));
  },
};

describe('minimal scopes per feature', () => {
  for (const feature of Object.keys(FEATURE_CALLS) as Feature[]) {
    test(`${feature}: scopesFor(['${feature}']) is enough`, async () => {
      await FEATURE_CALLS[feature](scoped(scopesFor([feature])));
    });
  }

  test('saved filters: the 403 names the scope the fake enforces', async () => {
    const err = await rejection(collect(listFilters(scoped(['read:users']), EX_SURVEY)));
    const fakeSaid = /missing the scope ([\w:]+)/.exec(err.message)?.[1];
    expect(fakeSaid).toBeTruthy();
    expect(err.message).toContain(`"${fakeSaid}"`);
  });

  test('bulk import status: the 403 names the scope the fake enforces', async () => {
    const full = client(box.fake).http;
    const ml = await pilotList(full);
    const id = await startContactImport(full, DIRECTORY, ml, {
      contacts: [{ email: 'bulk@xo-bridge.example' }],
    });
    const err = await rejection(contactImportStatus(scoped(['read:users']), DIRECTORY, ml, id));
    const fakeSaid = /missing the scope ([\w:]+)/.exec(err.message)?.[1];
    expect(fakeSaid).toBeTruthy();
    expect(err.message).toContain(`"${fakeSaid}"`);
  });
});
