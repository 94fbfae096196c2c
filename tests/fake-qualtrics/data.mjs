// The fake Qualtrics server's seeded world: one brand, its users, surveys with realistic
// questions (EX engagement matrix, eNPS/NPS, CSAT, CES, text entry, multi-select, embedded
// data) and a few hundred responses, XM Directory lists and contacts, libraries, messages and
// distributions. Everything comes from a seeded PRNG, so a fresh server (and `reset`) always
// holds the same ids and answers, and tests can assert on them.
import { mulberry32 } from '../../scripts/prng.mjs';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * A source of deterministic ids and picks.
 * @param {number} seed
 */
export function makeRandom(seed) {
  const next = mulberry32(seed);
  const r = {
    next,
    /** @param {number} n */
    int: (n) => Math.floor(next() * n),
    /** @template T @param {readonly T[]} xs @returns {T} */
    pick: (xs) => xs[Math.floor(next() * xs.length)],
    /** Qualtrics ids carry 15 characters of [A-Za-z0-9] after the prefix. @param {string} prefix */
    id: (prefix) => {
      let s = prefix;
      for (let i = 0; i < 15; i++) s += ALNUM[Math.floor(next() * ALNUM.length)];
      return s;
    },
    /** A version-4-shaped UUID (request ids, filter ids, export file ids). */
    uuid: () => {
      const hex = Array.from({ length: 32 }, () => Math.floor(next() * 16).toString(16));
      hex[12] = '4';
      hex[16] = ((Math.floor(next() * 4) + 8) >>> 0).toString(16);
      const h = hex.join('');
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
    },
  };
  return r;
}

export const BRAND = { brandId: 'xobridgedemo', name: 'XO Bridge Demo', datacenter: 'fra1' };

export const USERS = [
  {
    userId: 'UR_8wfG5qsMxuh0Jrn',
    userName: 'ada.analyst@xo-bridge.example',
    firstName: 'Ada',
    lastName: 'Analyst',
    email: 'ada.analyst@xo-bridge.example',
    accountType: 'UT_BRANDADMIN',
  },
  {
    userId: 'UR_3KqT7mNb2Xc9VfL',
    userName: 'sam.sender@xo-bridge.example',
    firstName: 'Sam',
    lastName: 'Sender',
    email: 'sam.sender@xo-bridge.example',
    accountType: 'UT_4rFxQ8bS2nWp0Zk',
  },
];

/** Demo credentials, printed on start and listed in the README. */
export const CREDENTIALS = {
  apiTokens: [
    { token: 'fakeqtoken-ada-0123456789abcdefABCDEF', userId: USERS[0].userId },
    { token: 'fakeqtoken-sam-0123456789abcdefABCDEF', userId: USERS[1].userId },
  ],
  authCodeClient: {
    clientId: 'b7a1c4e9d2f3405a8e6b1c0d9f8e7a6b',
    clientSecret: 'fake-auth-code-secret-Zq8Lm3Vx',
    name: 'XO Bridge (demo)',
    redirectUris: ['http://127.0.0.1:4173/', 'http://localhost:4173/'],
  },
  clientCredentialsClient: {
    clientId: 'c2d4e6f8a0b1c3d5e7f9a1b3c5d7e9f0',
    clientSecret: 'fake-client-credentials-secret-Hw5Tn1',
    name: 'XO Bridge scheduled export (demo)',
    userId: USERS[0].userId,
  },
  /** JSON event trigger: authentication required. */
  eventUrlTokenId: '6f1d2c3b-4a59-4e87-9b6a-0c1d2e3f4a5b',
  /** JSON event trigger with "authentication required" switched off. */
  openEventUrlTokenId: '0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d',
};

/** Every scope the OAuth client manager lists (reference §2.2). */
export const ALL_SCOPES = [
  'manage:all',
  ...[
    'directories',
    'directory_contacts',
    'distributions',
    'libraries',
    'mailing_list_contacts',
    'mailing_lists',
    'survey_responses',
    'surveys',
    'users',
    'contact_transactions',
  ].flatMap((s) => [`read:${s}`, `write:${s}`, `manage:${s}`]),
  'offline_access',
];

const AGREE5 = [
  ['1', 'Strongly disagree'],
  ['2', 'Disagree'],
  ['3', 'Neither agree nor disagree'],
  ['4', 'Agree'],
  ['5', 'Strongly agree'],
];

/**
 * @typedef {{ qid: string, tag: string, kind: 'single'|'multi'|'matrix'|'nps'|'text',
 *   text: string, selector?: string, choices?: string[][], rows?: string[][],
 *   otherId?: string, texts?: string[], recodes?: Record<string, string> }} Question
 * @typedef {{ id: string, name: string, isActive: boolean, creationDate: string,
 *   lastModified: string, seed: number, responseCount: number, inProgressCount: number,
 *   firstDate: string, questions: Question[], embedded: Record<string, string[]> }} SurveySeed
 */

const EX_COMMENTS = [
  'More flexible hours.',
  'Clearer career paths, please.',
  'Better tools for remote collaboration.',
  'My manager listens, which I value a lot.',
  'Fewer meetings on Fridays.',
  'Recognition for the "invisible" work would help.',
  'Pay reviews that are explained, not just announced.',
  'Training budget, again.\nAnd time to use it.',
];
const CX_COMMENTS = [
  'Quick delivery, friendly support.',
  'The app keeps logging me out.',
  'Prices went up, quality did not.',
  'Support solved it on the first call — great.',
  'Hard to find the invoice, "Billing" menu is confusing.',
  'Would like a live chat, please.',
];

/** @type {SurveySeed[]} */
export const SURVEYS = [
  {
    id: 'SV_9Yw3xPqL2bTnK5r',
    name: 'Employee Engagement Pulse 2026',
    isActive: true,
    creationDate: '2025-12-01T09:12:44Z',
    lastModified: '2026-01-04T16:20:05Z',
    seed: 11,
    responseCount: 240,
    inProgressCount: 12,
    firstDate: '2026-01-05T07:00:00Z',
    questions: [
      {
        qid: 'QID1',
        tag: 'Tenure',
        kind: 'single',
        selector: 'SAVR',
        text: 'How long have you worked here?',
        choices: [
          ['1', 'Less than 1 year'],
          ['2', '1 to 3 years'],
          ['3', '3 to 5 years'],
          ['5', 'More than 5 years'],
        ],
        // Why: a choice deleted and re-added gets a new id; its recode keeps the scale 1–4.
        recodes: { 5: '4' },
      },
      {
        qid: 'QID2',
        tag: 'ENG',
        kind: 'matrix',
        text: 'How much do you agree with the following statements?',
        rows: [
          ['1', 'I am proud to work for this company'],
          ['2', 'I would recommend this company as a great place to work'],
          ['3', 'I rarely think about looking for a job at another company'],
          ['4', 'I see myself still working here in two years'],
          ['5', 'This company motivates me to go beyond what I would in a similar role'],
        ],
        choices: AGREE5,
      },
      {
        qid: 'QID3',
        tag: 'eNPS',
        kind: 'nps',
        text: 'How likely are you to recommend this company as a place to work?',
      },
      {
        qid: 'QID4',
        tag: 'Benefits',
        kind: 'multi',
        selector: 'MAVR',
        text: 'Which of these benefits have you used this year? (select all)',
        choices: [
          ['1', 'Health insurance'],
          ['2', 'Gym membership'],
          ['3', 'Learning budget'],
          ['4', 'Commuter pass'],
          ['5', 'Childcare support'],
          ['7', 'Other (please specify)'],
        ],
        otherId: '7',
      },
      {
        qid: 'QID6',
        tag: 'Comment',
        kind: 'text',
        selector: 'ML',
        text: 'What one thing would make this a better place to work?',
        texts: EX_COMMENTS,
      },
    ],
    embedded: {
      Department: ['Sales', 'Engineering', 'Finance', 'Operations', 'People'],
      Region: ['EMEA', 'Americas', 'APAC'],
      EmployeeID: [],
      ManagerID: [],
    },
  },
  {
    id: 'SV_4GkPz8rTmW1qXcN',
    name: 'Customer Experience – Q1 2026',
    isActive: true,
    creationDate: '2025-12-15T10:00:00Z',
    lastModified: '2026-02-02T08:45:31Z',
    seed: 23,
    responseCount: 300,
    inProgressCount: 8,
    firstDate: '2026-01-02T06:00:00Z',
    questions: [
      {
        qid: 'QID12',
        tag: 'NPS',
        kind: 'nps',
        text: 'How likely are you to recommend <strong>Acme</strong> to a friend or colleague?',
      },
      {
        qid: 'QID13',
        tag: 'CSAT',
        kind: 'single',
        selector: 'SAHR',
        text: 'Overall, how satisfied are you with your recent purchase?',
        choices: [
          ['1', '<em>Very</em> dissatisfied'],
          ['2', 'Dissatisfied'],
          ['3', 'Neutral'],
          ['4', 'Satisfied'],
          ['5', '<em>Very</em> satisfied'],
        ],
      },
      {
        qid: 'QID14',
        tag: 'CES',
        kind: 'single',
        selector: 'SAHR',
        text: 'Acme made it easy for me to handle my issue.',
        choices: [
          ['1', 'Strongly disagree'],
          ['2', 'Disagree'],
          ['3', 'Somewhat disagree'],
          ['4', 'Neither agree nor disagree'],
          ['5', 'Somewhat agree'],
          ['6', 'Agree'],
          ['7', 'Strongly agree'],
        ],
      },
      {
        qid: 'QID15',
        tag: 'Q4',
        kind: 'multi',
        selector: 'MAVR',
        text: 'How did you contact us? (select all)',
        choices: [
          ['1', 'Phone'],
          ['2', 'Email'],
          ['3', 'Chat'],
          ['4', 'In store'],
          ['7', 'Other'],
        ],
        otherId: '7',
      },
      {
        qid: 'QID16',
        tag: 'Q5',
        kind: 'matrix',
        text: 'Please rate our service on each of the following.',
        rows: [
          ['1', 'Speed'],
          ['2', 'Friendliness'],
          ['3', 'Knowledge'],
        ],
        choices: [
          ['1', 'Poor'],
          ['2', 'Fair'],
          ['3', 'Good'],
          ['4', 'Very good'],
          ['5', 'Excellent'],
        ],
      },
      {
        qid: 'QID17',
        tag: 'Q6',
        kind: 'text',
        selector: 'SL',
        text: 'Anything else you would like to tell us?',
        texts: CX_COMMENTS,
      },
    ],
    embedded: {
      CustomerTier: ['Gold', 'Silver', 'Bronze'],
      Region: ['North', 'South', 'East', 'West'],
      OrderID: [],
    },
  },
  {
    id: 'SV_1bQe7Hn3Ks0JvYt',
    name: 'Onboarding Survey 2025',
    isActive: false,
    creationDate: '2025-03-02T12:00:00Z',
    lastModified: '2025-09-30T17:03:12Z',
    seed: 37,
    responseCount: 45,
    inProgressCount: 2,
    firstDate: '2025-04-01T08:00:00Z',
    questions: [
      {
        qid: 'QID1',
        tag: 'Q1',
        kind: 'single',
        selector: 'SAVR',
        text: 'How would you rate your first week?',
        choices: [
          ['1', 'Poor'],
          ['2', 'Fair'],
          ['3', 'Good'],
          ['4', 'Excellent'],
        ],
      },
      {
        qid: 'QID2',
        tag: 'Q2',
        kind: 'nps',
        text: 'How likely are you to recommend joining us to a friend?',
      },
      {
        qid: 'QID3',
        tag: 'Q3',
        kind: 'text',
        selector: 'SL',
        text: 'What surprised you most?',
        texts: ['The people.', 'How much there is to learn.', 'The coffee.'],
      },
    ],
    embedded: { Department: ['Sales', 'Engineering', 'Finance'] },
  },
  {
    id: 'SV_7mNc2Lp5Vh8RwEa',
    name: 'Manager Effectiveness 360',
    isActive: false,
    creationDate: '2025-05-10T09:00:00Z',
    lastModified: '2025-11-18T11:22:00Z',
    seed: 41,
    responseCount: 60,
    inProgressCount: 0,
    firstDate: '2025-06-01T08:00:00Z',
    questions: [
      {
        qid: 'QID1',
        tag: 'MGR',
        kind: 'matrix',
        text: 'My manager…',
        rows: [
          ['1', 'gives me useful feedback'],
          ['2', 'supports my development'],
          ['3', 'treats everyone fairly'],
        ],
        choices: AGREE5,
      },
    ],
    embedded: { ManagerID: [], Department: ['Sales', 'Engineering'] },
  },
  {
    id: 'SV_2xRt6Yu9Io1PaSd',
    name: 'Product Feedback (draft)',
    isActive: true,
    creationDate: '2026-02-20T14:30:00Z',
    lastModified: '2026-02-21T09:10:00Z',
    seed: 53,
    responseCount: 0,
    inProgressCount: 0,
    firstDate: '2026-02-22T00:00:00Z',
    questions: [
      {
        qid: 'QID1',
        tag: 'Q1',
        kind: 'nps',
        text: 'How likely are you to recommend the product?',
      },
    ],
    embedded: {},
  },
  {
    id: 'SV_5zXc3Vb6Nm9QwEr',
    name: 'Customer Experience – Q4 2025',
    isActive: false,
    creationDate: '2025-09-20T10:00:00Z',
    lastModified: '2025-12-31T23:59:00Z',
    seed: 67,
    responseCount: 80,
    inProgressCount: 0,
    firstDate: '2025-10-01T06:00:00Z',
    questions: [
      {
        qid: 'QID12',
        tag: 'NPS',
        kind: 'nps',
        text: 'How likely are you to recommend Acme to a friend or colleague?',
      },
    ],
    embedded: { CustomerTier: ['Gold', 'Silver', 'Bronze'] },
  },
];

/** The metadata fields of a response, in the exporter's default column order (reference §6.2). */
export const METADATA = [
  ['startDate', 'StartDate', 'Start Date'],
  ['endDate', 'EndDate', 'End Date'],
  ['status', 'Status', 'Response Type'],
  ['ipAddress', 'IPAddress', 'IP Address'],
  ['progress', 'Progress', 'Progress'],
  ['duration', 'Duration (in seconds)', 'Duration (in seconds)'],
  ['finished', 'Finished', 'Finished'],
  ['recordedDate', 'RecordedDate', 'Recorded Date'],
  ['_recordId', 'ResponseId', 'Response ID'],
  ['recipientLastName', 'RecipientLastName', 'Recipient Last Name'],
  ['recipientFirstName', 'RecipientFirstName', 'Recipient First Name'],
  ['recipientEmail', 'RecipientEmail', 'Recipient Email'],
  ['externalDataReference', 'ExternalReference', 'External Data Reference'],
  ['locationLatitude', 'LocationLatitude', 'Location Latitude'],
  ['locationLongitude', 'LocationLongitude', 'Location Longitude'],
  ['distributionChannel', 'DistributionChannel', 'Distribution Channel'],
  ['userLanguage', 'UserLanguage', 'User Language'],
];

const FIRST = [
  'Alex',
  'Maria',
  'Jonas',
  'Priya',
  'Chen',
  'Fatima',
  'Lukas',
  'Sofia',
  'Omar',
  'Emma',
];
const LAST = ['Meyer', 'Garcia', 'Smith', 'Okafor', 'Nakamura', 'Rossi', 'Novak', 'Larsen'];

/**
 * @typedef {{ seq: number, responseId: string, inProgress: boolean, startDate: number,
 *   endDate: number, recordedDate: number|null, status: number, ipAddress: string,
 *   progress: number, duration: number, finished: number, recipientLastName: string,
 *   recipientFirstName: string, recipientEmail: string, externalDataReference: string,
 *   locationLatitude: string, locationLongitude: string, distributionChannel: string,
 *   userLanguage: string, answers: Record<string, unknown>, embedded: Record<string, string> }} Response
 */

/**
 * One generated response. Answers keyed by QID: `undefined` = not shown, `null` = seen but
 * unanswered; a single choice holds its choice id, a matrix `{rowId: choiceId}`, a multi-select
 * `{selected: string[], other?: string}`, NPS a 0–10 number, text a string.
 * @param {SurveySeed} survey
 * @param {ReturnType<typeof makeRandom>} rnd
 * @param {{ seq: number, start: number, inProgress: boolean }} at
 * @returns {Response}
 */
export function makeResponse(survey, rnd, at) {
  const mood = Math.min(1, Math.max(0, 0.62 + (rnd.next() - 0.5) * 0.9));
  const scaled = (/** @type {number} */ n) =>
    Math.min(n - 1, Math.max(0, Math.round(mood * (n - 1) + (rnd.next() - 0.5) * 2)));
  const shownCount = at.inProgress
    ? Math.max(1, Math.floor(survey.questions.length * (0.2 + rnd.next() * 0.5)))
    : survey.questions.length;
  /** @type {Record<string, unknown>} */
  const answers = {};
  survey.questions.forEach((q, i) => {
    if (i >= shownCount) return;
    const skipped = rnd.next() < 0.05;
    if (q.kind === 'single') {
      const choices = /** @type {string[][]} */ (q.choices);
      answers[q.qid] = skipped ? null : choices[scaled(choices.length)][0];
    } else if (q.kind === 'nps') {
      answers[q.qid] = skipped ? null : scaled(11);
    } else if (q.kind === 'matrix') {
      const choices = /** @type {string[][]} */ (q.choices);
      /** @type {Record<string, string|null>} */
      const rows = {};
      for (const [rowId] of q.rows ?? []) {
        rows[rowId] = skipped || rnd.next() < 0.03 ? null : choices[scaled(choices.length)][0];
      }
      answers[q.qid] = rows;
    } else if (q.kind === 'multi') {
      const selected = skipped
        ? []
        : (q.choices ?? [])
            .map(([id]) => id)
            .filter((id) => rnd.next() < (id === q.otherId ? 0.08 : 0.35));
      answers[q.qid] = {
        selected,
        other: q.otherId && selected.includes(q.otherId) ? 'Something else' : undefined,
      };
    } else {
      answers[q.qid] = skipped || rnd.next() < 0.35 ? null : rnd.pick(q.texts ?? ['—']);
    }
  });
  /** @type {Record<string, string>} */
  const embedded = {};
  for (const [field, values] of Object.entries(survey.embedded)) {
    if (values.length > 0) embedded[field] = rnd.pick(values);
    else if (field === 'EmployeeID') embedded[field] = `E${10000 + at.seq}`;
    else if (field === 'ManagerID') embedded[field] = `E${10000 + rnd.int(20)}`;
    else embedded[field] = `${field.slice(0, 2).toUpperCase()}-${100000 + rnd.int(900000)}`;
  }
  const email = rnd.next() < 0.6;
  const first = rnd.pick(FIRST);
  const last = rnd.pick(LAST);
  const duration = at.inProgress ? 30 + rnd.int(200) : 60 + rnd.int(840);
  const endDate = at.start + duration * 1000;
  return {
    seq: at.seq,
    responseId: rnd.id(at.inProgress ? 'FS_' : 'R_'),
    inProgress: at.inProgress,
    startDate: at.start,
    endDate,
    recordedDate: at.inProgress ? null : endDate + rnd.int(1000),
    status: !at.inProgress && rnd.next() < 0.02 ? 1 : 0,
    ipAddress: `203.0.113.${1 + rnd.int(254)}`,
    progress: at.inProgress ? Math.round((shownCount / survey.questions.length) * 100) : 100,
    duration,
    finished: at.inProgress ? 0 : 1,
    recipientLastName: email ? last : '',
    recipientFirstName: email ? first : '',
    recipientEmail: email ? `${first}.${last}@example.com`.toLowerCase() : '',
    externalDataReference: embedded.EmployeeID ?? '',
    locationLatitude: (48 + rnd.next() * 6).toFixed(4),
    locationLongitude: (2 + rnd.next() * 12).toFixed(4),
    distributionChannel: email ? 'email' : 'anonymous',
    userLanguage: rnd.next() < 0.8 ? 'EN' : rnd.pick(['DE', 'FR', 'ES']),
    answers,
    embedded,
  };
}

/**
 * The whole seeded world. Returns fresh objects each call, so `reset` can start over.
 */
export function makeWorld() {
  const rnd = makeRandom(20260115);
  const surveys = SURVEYS.map((seed) => {
    const r = makeRandom(seed.seed);
    /** @type {Response[]} */
    const responses = [];
    let t = Date.parse(seed.firstDate);
    for (let i = 0; i < seed.responseCount; i++) {
      t += 60_000 * (20 + r.int(400)) + 1000 * r.int(60);
      responses.push(makeResponse(seed, r, { seq: i + 1, start: t, inProgress: false }));
    }
    for (let i = 0; i < seed.inProgressCount; i++) {
      t += 60_000 * (5 + r.int(60));
      responses.push(
        makeResponse(seed, r, { seq: seed.responseCount + i + 1, start: t, inProgress: true }),
      );
    }
    return {
      ...seed,
      ownerId: USERS[0].userId,
      rnd: r,
      responses,
      nextSeq: responses.length + 1,
      filters: [
        {
          filterId: rnd.uuid(),
          filterName: 'Finished responses',
          creationDate: '2026-01-10T10:00:00Z',
          /** @param {Response} resp */
          test: (resp) => resp.finished === 1,
        },
        ...Object.entries(seed.embedded)
          .filter(([, values]) => values.length > 0)
          .slice(0, 1)
          .map(([field, values]) => ({
            filterId: rnd.uuid(),
            filterName: `${field} is ${values[0]}`,
            creationDate: '2026-01-12T09:30:00Z',
            /** @param {Response} resp */
            test: (resp) => resp.embedded[field] === values[0],
          })),
      ],
    };
  });

  const directoryId = 'POOL_eOHAGsIto4GlLh3';
  /** @type {{ contactId: string, firstName: string, lastName: string, email: string, phone: string, extRef: string, language: string, unsubscribed: boolean, embeddedData: Record<string, string>, lists: string[], creationDate: number }[]} */
  const contacts = [];
  const lists = [
    { mailingListId: rnd.id('CG_'), name: 'All Employees', size: 120, embed: 'Department' },
    { mailingListId: rnd.id('CG_'), name: 'Pilot group', size: 7, embed: 'Department' },
    { mailingListId: rnd.id('CG_'), name: 'Customers Q1', size: 60, embed: 'CustomerTier' },
  ].map((l, li) => {
    for (let i = 0; i < l.size; i++) {
      const first = rnd.pick(FIRST);
      const last = rnd.pick(LAST);
      const n = contacts.length + 1;
      contacts.push({
        contactId: rnd.id('CID_'),
        firstName: first,
        lastName: last,
        email: `${first}.${last}.${n}@example.com`.toLowerCase(),
        phone: '',
        extRef: li === 2 ? `C-${5000 + i}` : `E${10001 + i}`,
        language: 'EN',
        unsubscribed: i % 37 === 36,
        embeddedData:
          l.embed === 'Department'
            ? { Department: rnd.pick(['Sales', 'Engineering', 'Finance', 'Operations']) }
            : { CustomerTier: rnd.pick(['Gold', 'Silver', 'Bronze']) },
        lists: [l.mailingListId],
        creationDate: Date.parse('2025-11-01T00:00:00Z') + i * 3_600_000,
      });
    }
    return {
      mailingListId: l.mailingListId,
      name: l.name,
      ownerId: USERS[0].userId,
      creationDate: Date.parse('2025-11-01T00:00:00Z') + li * 86_400_000,
      lastModifiedDate: Date.parse('2026-01-03T00:00:00Z') + li * 86_400_000,
    };
  });

  const libraries = [
    { libraryId: USERS[0].userId, libraryName: 'Ada Analyst' },
    { libraryId: 'GR_2Ab4Cd6Ef8Gh0Ij', libraryName: 'XO Bridge Team' },
  ];
  const messages = [
    [
      'UR_8wfG5qsMxuh0Jrn',
      'invite',
      'Engagement pulse invitation',
      '<p>Dear ${m://FirstName}, please take our pulse survey: ${l://SurveyURL}</p>',
    ],
    [
      'UR_8wfG5qsMxuh0Jrn',
      'reminder',
      'Engagement pulse reminder',
      '<p>A gentle reminder: ${l://SurveyLink?d=Take the survey}</p>',
    ],
    ['UR_8wfG5qsMxuh0Jrn', 'thankYou', 'Thank you', '<p>Thank you for your feedback.</p>'],
    ['UR_8wfG5qsMxuh0Jrn', 'emailSubject', 'Pulse subject', 'Your voice counts: the 2026 pulse'],
    [
      'GR_2Ab4Cd6Ef8Gh0Ij',
      'invite',
      'Customer survey invitation',
      '<p>How did we do? ${l://SurveyURL}</p>',
    ],
    ['GR_2Ab4Cd6Ef8Gh0Ij', 'endOfSurvey', 'End of survey', '<p>Thanks!</p>'],
  ].map(([libraryId, category, description, text]) => ({
    id: rnd.id('MS_'),
    libraryId,
    category,
    description,
    messages: { en: text },
  }));

  return {
    surveys,
    directory: { directoryId, name: 'XO Bridge Demo Directory', contactCount: contacts.length },
    contacts,
    lists,
    libraries,
    messages,
    /** Distributions and their history are made after the world (they need its ids). */
    distributions: /** @type {any[]} */ ([]),
    imports: /** @type {Map<string, any>} */ (new Map()),
    rnd,
  };
}
