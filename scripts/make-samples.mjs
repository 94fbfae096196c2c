// Writes two waves of a generated Qualtrics employee-experience survey in the layout of
// Qualtrics' Excel download (row 1 export tags, row 2 question labels, no ImportId row):
// - public/samples/qualtrics-ex-survey.xlsx: Q2 2026, 200 respondents;
// - public/samples/qualtrics-ex-survey-q3.xlsx: the next wave (Q3 2026), as a later wave really
//   looks: one export tag renamed (Q1_4 → Mgr_1, same question text), a new question (Q5),
//   three people who answered twice, one mistyped email and one blank email.
// Deterministic (seeded PRNG), so re-running it gives the same bytes.
// Usage: node scripts/make-samples.mjs
import { mulberry32 } from './prng.mjs';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync, zipSync } from 'fflate';
import * as XLSX from 'xlsx';

const DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'public', 'samples');
const RESPONDENTS = 200;

let rand = mulberry32(20260401);
const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
const pick = (list) => list[Math.floor(rand() * list.length)];
const clamp = (v, lo, hi) => Math.max(lo, Math.min(hi, v));

const FIRST = [
  'Ava',
  'Liam',
  'Noah',
  'Mia',
  'Sofia',
  'Lucas',
  'Aarav',
  'Yuki',
  'Chen',
  'Fatima',
  'Omar',
  'Grace',
  'Mateo',
  'Zara',
  'Ethan',
  'Priya',
  'Jonas',
  'Amara',
  'Leo',
  'Ines',
];
const LAST = [
  'Smith',
  'Garcia',
  'Müller',
  'Nguyen',
  'Kim',
  'Patel',
  'Rossi',
  'Okafor',
  'Silva',
  'Novak',
  'Tanaka',
  'Dubois',
  'Andersen',
  'Haddad',
  'Walsh',
  "O'Brien",
];
const DEPARTMENTS = [
  'Engineering',
  'Sales',
  'Marketing',
  'Finance',
  'Human Resources',
  'Operations',
  'Customer Support',
];
const REGIONS = [
  { name: 'North America', lat: 47.6062, lon: -122.3321 },
  { name: 'EMEA', lat: 51.5072, lon: -0.1276 },
  { name: 'APAC', lat: 1.3521, lon: 103.8198 },
  { name: 'LATAM', lat: -23.5505, lon: -46.6333 },
];
const STATEMENTS = [
  'I would recommend this company as a great place to work',
  'I rarely think about looking for a job at another company',
  "I see myself still working here in two years' time",
  'My manager gives me useful feedback on my work',
  'I have the tools and resources I need to do my job well',
  'I feel a sense of belonging at this company',
];
const COMMENTS = [
  'More flexibility on hybrid days, please.',
  'Fewer meetings, more focus time',
  'Our team is great, but cross-team handoffs are slow, and priorities change weekly.',
  'The "quick sync" culture eats my afternoons.',
  'Better onboarding docs.\nNew hires spend weeks finding the right people.',
  'Clearer career paths; I do not know what "senior" means here.',
  'Keep the Friday no-meeting policy!',
  'Tools are outdated, e.g. the expense system, the VPN and the ticketing tool.',
  'Recognition feels random.\nSome teams get praised, others never do.',
  'Pay transparency, please',
];

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const responseId = () => 'R_' + Array.from({ length: 15 }, () => pick(ALNUM)).join('');
const pad = (n) => String(n).padStart(2, '0');
// Qualtrics writes dates as text in the account's time zone: 'YYYY-MM-DD HH:MM:SS'.
const stamp = (ms) => {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
};

const columns = [
  ['StartDate', 'Start Date'],
  ['EndDate', 'End Date'],
  ['Status', 'Response Type'],
  ['IPAddress', 'IP Address'],
  ['Progress', 'Progress'],
  ['Duration (in seconds)', 'Duration (in seconds)'],
  ['Finished', 'Finished'],
  ['RecordedDate', 'Recorded Date'],
  ['ResponseId', 'Response ID'],
  ['RecipientLastName', 'Recipient Last Name'],
  ['RecipientFirstName', 'Recipient First Name'],
  ['RecipientEmail', 'Recipient Email'],
  ['ExternalReference', 'External Data Reference'],
  ['LocationLatitude', 'Location Latitude'],
  ['LocationLongitude', 'Location Longitude'],
  ['DistributionChannel', 'Distribution Channel'],
  ['UserLanguage', 'User Language'],
  ...STATEMENTS.map((s, i) => [
    `Q1_${i + 1}`,
    `How much do you agree or disagree with the following statements? - ${s}`,
  ]),
  [
    'Q2_NPS_GROUP',
    'How likely are you to recommend this company as a place to work to a friend or colleague? - Group',
  ],
  [
    'Q2',
    'How likely are you to recommend this company as a place to work to a friend or colleague?',
  ],
  ['Q3', 'How easy or difficult is it to get your work done? (1 = Very difficult, 7 = Very easy)'],
  ['Q4', 'What is one thing we could do to make this a better place to work?'],
  ['Email_ID', 'Email_ID'],
  ['Department', 'Department'],
  ['Region', 'Region'],
];

/**
 * One wave: `windowStart`/`windowEnd` in UTC ms; `wave2` adds the changes a later wave has.
 * Wave 1 draws random numbers in exactly the original order, so its bytes never change.
 */
function makeWave(windowStart, windowEnd, wave2) {
  const cols = wave2
    ? [
        ...columns.slice(0, 26).map((c) => (c[0] === 'Q1_4' ? ['Mgr_1', c[1]] : c)),
        [
          'Q5',
          'How satisfied are you with hybrid work arrangements? (1 = Very dissatisfied, 5 = Very satisfied)',
        ],
        ...columns.slice(26),
      ]
    : columns;
  const rows = [cols.map((c) => c[0]), cols.map((c) => c[1])];
  const windowMs = windowEnd - windowStart;
  const usedIds = new Set();
  for (let i = 0; i < RESPONDENTS; i++) {
    const first = pick(FIRST);
    const last = pick(LAST);
    const department = pick(DEPARTMENTS);
    const region = pick(REGIONS);
    const email = `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, '') + `${i}@contoso.com`;
    let employee;
    do employee = 'E' + String(int(1, 4999)).padStart(5, '0');
    while (usedIds.has(employee));
    usedIds.add(employee);
    const start = windowStart + Math.floor((rand() * windowMs) / 1000) * 1000;
    const duration = int(95, 1500);
    const end = start + duration * 1000;
    // Each person has a mood; departments lean a little one way or the other.
    const mood =
      rand() * 2 - 1 + (department === 'Engineering' ? 0.2 : department === 'Sales' ? -0.2 : 0);
    const agree = () =>
      rand() < 0.05 ? null : clamp(Math.round(3 + mood * 1.5 + (rand() - 0.5) * 2), 1, 5);
    const nps = clamp(Math.round(7 + mood * 3 + (rand() - 0.5) * 3), 0, 10);
    const npsGroup = nps <= 6 ? 1 : nps <= 8 ? 2 : 3;
    const effort = clamp(Math.round(4.5 + mood * 2 + (rand() - 0.5) * 2), 1, 7);
    const row = [
      stamp(start),
      stamp(end),
      0,
      `${int(20, 220)}.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}`,
      100,
      duration,
      1,
      stamp(end + int(1, 5) * 1000),
      responseId(),
      last,
      first,
      email,
      employee,
      Math.round((region.lat + (rand() - 0.5)) * 10000) / 10000,
      Math.round((region.lon + (rand() - 0.5)) * 10000) / 10000,
      'email',
      'EN',
      ...STATEMENTS.map(agree),
      npsGroup,
      nps,
      effort,
      rand() < 0.4 ? null : pick(COMMENTS),
      email,
      department,
      region.name,
    ];
    if (wave2) row.splice(26, 0, clamp(Math.round(3 + mood + (rand() - 0.5) * 2), 1, 5));
    rows.push(row);
  }
  if (wave2) {
    // Three people answer twice, later; one email is mistyped and one is missing.
    for (const i of [5, 50, 120]) {
      const again = rows[2 + i].slice();
      const t = Date.parse(again[7].replace(' ', 'T') + 'Z') + 3 * 86400_000;
      again[0] = stamp(t - 600_000);
      again[1] = stamp(t - 1000);
      again[7] = stamp(t);
      again[8] = responseId();
      for (let q = 17; q < 23; q++) again[q] = int(1, 5);
      rows.push(again);
    }
    rows[2 + 10][28] = rows[2 + 10][28].replace('@', ' at ');
    rows[2 + 11][28] = null;
  }
  return rows;
}

function writeBook(file, sheetName, rows) {
  const sheet = XLSX.utils.aoa_to_sheet(rows);
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, sheet, sheetName);
  mkdirSync(DIR, { recursive: true });
  // SheetJS's own deflate is weak; re-zip its parts with fflate at level 9 and a fixed time so the
  // committed file stays small and byte-identical between runs.
  const parts = unzipSync(
    new Uint8Array(XLSX.write(book, { type: 'array', bookType: 'xlsx', bookSST: true })),
  );
  const mtime = new Date(Date.UTC(2026, 6, 1));
  const bytes = zipSync(
    Object.fromEntries(
      Object.entries(parts).map(([name, data]) => [name, [data, { level: 9, mtime }]]),
    ),
  );
  writeFileSync(join(DIR, file), bytes);
  console.log(`Wrote ${file} (${bytes.length} bytes, ${rows.length - 2} responses).`);
}

// Q2 2026: April to June.
writeBook(
  'qualtrics-ex-survey.xlsx',
  'Employee Pulse Q2 2026',
  makeWave(Date.UTC(2026, 3, 1, 8, 0, 0), Date.UTC(2026, 5, 30, 18, 0, 0), false),
);
rand = mulberry32(20260701);
// Q3 2026: July to September.
writeBook(
  'qualtrics-ex-survey-q3.xlsx',
  'Employee Pulse Q3 2026',
  makeWave(Date.UTC(2026, 6, 1, 8, 0, 0), Date.UTC(2026, 8, 30, 18, 0, 0), true),
);

// The ID-mapping pair: a Qualtrics directory export (work aliases + the employee ID in
// ExternalDataReference) and an HR file (EmployeeID + the primary SMTP address Viva uses).
// 110 people are in both; 10 only in the directory, 20 only in HR; IDs differ in case and
// spaces; one ID repeats in each file, as real exports do.
rand = mulberry32(20261101);
const people = Array.from({ length: 140 }, (_, i) => {
  const first = pick(FIRST);
  const last = pick(LAST).replace(/[^A-Za-z]/g, '');
  return { id: `E${String(10001 + i)}`, first, last, dept: pick(DEPARTMENTS) };
});
const csv = (rows) => rows.map((r) => r.join(',')).join('\r\n') + '\r\n';
const directory = [
  ['FirstName', 'LastName', 'Email', 'ExternalDataReference', 'Language', 'Unsubscribed'],
];
people.slice(0, 120).forEach((p, i) => {
  const ref = i % 9 === 0 ? ` ${p.id.toLowerCase()}` : p.id;
  directory.push([
    p.first,
    p.last,
    `${p.first}.${p.last}${i}@contoso.com`.toLowerCase(),
    ref,
    'EN',
    '0',
  ]);
});
directory.push(['Dup', 'Licate', 'dup.licate@contoso.com', people[3].id, 'EN', '0']);
const hr = [['EmployeeID', 'WorkEmail', 'Department']];
people.slice(10).forEach((p, i) => {
  hr.push([p.id, `${p.first[0]}${p.last}${i}@corp.contoso.com`, p.dept]);
});
hr.push([people[20].id, 'someone.else@corp.contoso.com', 'Finance']);
writeFileSync(join(DIR, 'qualtrics-directory.csv'), csv(directory));
writeFileSync(join(DIR, 'hr-employees.csv'), csv(hr));
console.log(
  `Wrote qualtrics-directory.csv (${directory.length - 1} contacts) and hr-employees.csv (${hr.length - 1} employees).`,
);

// A "Person query for surveys" export for the Viva → Qualtrics direction, for the same 140
// people: 12 weekly rows (Sundays 4/5/2026 … 6/21/2026, M/D/YYYY as Viva writes them), ordered
// by MetricDate then person. De-identified PersonIds; UniqueIdentifier carries the employee ID
// (the join key to the directory above). Notable cases, so the tests exercise them:
// - 3 people have a blank UniqueIdentifier (left out of the output);
// - 2 people join late and appear only in the last week (so they first appear at the end);
// - about 4 % inactive person-weeks (every metric 0, IsActive FALSE), and one person on leave
//   for the 3 weeks before the last one;
// - Copilot_actions_taken_in_Teams is NULL for unlicensed people (about 30 %);
// - exact ties: 5 people with the same Internal_network_size every week, 16 with the same
//   Meeting_hours every week, Collaboration_hours exactly 15 / 20 / 25 every week (cut-point
//   edges), and Email_hours constants that catch half-up rounding of the exact binary value.
// Also written as the zip Viva's download gives (one CSV inside), with a fixed time stamp.
rand = mulberry32(20261122);
{
  const HEADER = [
    'PersonId',
    'MetricDate',
    'Collaboration_hours',
    'After_hours_collaboration_hours',
    'Meeting_hours',
    'Email_hours',
    'Chat_hours',
    'Meeting_and_call_hours_with_manager_1_1',
    'Meeting_hours_with_skip_level',
    'Internal_network_size',
    'Uninterrupted_hours',
    'Copilot_actions_taken_in_Teams',
    'UniqueIdentifier',
    'Organization',
    'FunctionType',
    'LevelDesignation',
    'SupervisorIndicator',
    'IsActive',
  ];
  const FUNCTIONS = [
    'Engineering',
    'R_and_D',
    'Analytics',
    'Marketing',
    'Customer_Service',
    'Sales',
    'IT',
    'G_and_A',
  ];
  const WEEKS = 12;
  const BLANK_ID = new Set([12, 77, 133]);
  const LATE = new Set([46, 101]);
  const LEAVE = 60; // inactive in weeks 9–11 (index 8–10)
  const COLLAB_CONST = new Map([
    [20, 15],
    [21, 20],
    [22, 25],
  ]);
  const EMAIL_CONST = new Map([
    [34, 0.25],
    [35, 0.35],
    [36, 1.15],
    [37, 2.45],
  ]);
  const NETWORK_TIE = new Set([5, 56, 85, 110, 125]);
  const MEETING_TIE = new Set(Array.from({ length: 16 }, (_, k) => 8 * k + 7));
  const special = (i) =>
    i === LEAVE ||
    LATE.has(i) ||
    COLLAB_CONST.has(i) ||
    EMAIL_CONST.has(i) ||
    NETWORK_TIE.has(i) ||
    MEETING_TIE.has(i);

  const hex = (n) =>
    Array.from({ length: n }, () => '0123456789abcdef'[Math.floor(rand() * 16)]).join('');
  // Random hours: the base scaled by ±25 %, kept in [lo, hi], written with 1–6 decimals.
  const hours = (base, lo, hi) => {
    const v = clamp(base * (0.75 + rand() * 0.5), lo, hi);
    return Number(v.toFixed(int(1, 6)));
  };
  const profiles = people.map((p, i) => {
    const level = pick([
      'Junior IC',
      'Junior IC',
      'Senior IC',
      'Senior IC',
      'Senior IC',
      'Manager',
      'Director',
    ]);
    return {
      personId: `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`,
      uid: BLANK_ID.has(i) ? '' : p.id,
      org: p.dept,
      fn: pick(FUNCTIONS),
      level,
      supervisor:
        level === 'Manager' || level === 'Director' ? 'Manager' : 'Individual Contributor',
      meeting: 3 + rand() * 18,
      email: 0.4 + rand() * 3,
      chat: rand() * 5,
      calls: rand() * 4,
      after: rand() * 4.5,
      manager: rand() < 0.2 ? 0 : 0.25 + rand() * 1.25,
      skip: rand() < 0.35 ? 0 : 0.1 + rand() * 1.1,
      network: int(8, 70),
      uninterrupted: 4 + rand() * 22,
      copilot: rand() < 0.3 ? null : rand() * 45,
    };
  });
  const rows = [HEADER];
  for (let w = 0; w < WEEKS; w++) {
    const date = new Date(Date.UTC(2026, 3, 5 + 7 * w));
    const metricDate = `${date.getUTCMonth() + 1}/${date.getUTCDate()}/${date.getUTCFullYear()}`;
    profiles.forEach((pr, i) => {
      if (LATE.has(i) && w < WEEKS - 1) return;
      const draw = rand();
      const inactive = i === LEAVE ? w >= 8 && w <= 10 : !special(i) && draw < 0.04;
      const attrs = [pr.uid, pr.org, pr.fn, pr.level, pr.supervisor, inactive ? 'FALSE' : 'TRUE'];
      if (inactive) {
        rows.push([
          pr.personId,
          metricDate,
          0,
          0,
          0,
          0,
          0,
          0,
          0,
          0,
          0,
          pr.copilot === null ? 'NULL' : 0,
          ...attrs,
        ]);
        return;
      }
      const meeting = MEETING_TIE.has(i) ? 10 : hours(pr.meeting, 2, 25);
      const email = EMAIL_CONST.has(i) ? EMAIL_CONST.get(i) : hours(pr.email, 0.2, 4);
      const chat = hours(pr.chat, 0, 6);
      const collab = COLLAB_CONST.has(i)
        ? COLLAB_CONST.get(i)
        : Number(
            clamp(meeting + email + chat + pr.calls * (0.5 + rand()), 5, 45).toFixed(int(1, 6)),
          );
      rows.push([
        pr.personId,
        metricDate,
        collab,
        hours(pr.after, 0, 6),
        meeting,
        email,
        chat,
        hours(pr.manager, 0, 2),
        hours(pr.skip, 0, 1.5),
        NETWORK_TIE.has(i) ? 30 : clamp(Math.round(pr.network * (0.85 + rand() * 0.3)), 5, 80),
        hours(pr.uninterrupted, 2, 30),
        pr.copilot === null ? 'NULL' : clamp(Math.round(pr.copilot * (0.5 + rand())), 0, 60),
        ...attrs,
      ]);
    });
  }
  const field = (v) => {
    const s = String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const text = rows.map((r) => r.map(field).join(',')).join('\r\n') + '\r\n';
  const bytes = new TextEncoder().encode(text);
  writeFileSync(join(DIR, 'viva-person-query-surveys.csv'), bytes);
  // fflate writes the DOS time from the Date's local fields: a local-time Date keeps the bytes
  // the same in every time zone.
  const zip = zipSync({
    'PersonQuery_surveys.csv': [bytes, { level: 9, mtime: new Date(2026, 5, 22, 12, 0, 0) }],
  });
  writeFileSync(join(DIR, 'viva-person-query-surveys.zip'), zip);
  console.log(
    `Wrote viva-person-query-surveys.csv and .zip (${rows.length - 1} rows, ${profiles.length} people, ${WEEKS} weeks).`,
  );

  // The pulse survey these people answered in the same quarter, as a current-format Qualtrics
  // CSV export (3 header rows, ImportIds, numeric values), for the Analysis screen: join it with
  // the person query on ExternalReference = UniqueIdentifier. Notable cases:
  // - about 85 % of the 140 people respond; one anonymous-link response has no ExternalReference;
  // - 4 ExternalReferences are written in lower case with a leading space (trim + case-fold);
  // - Wellbeing answers lean down as after-hours collaboration goes up, so "how do patterns
  //   differ" has something to show; Engineering leans up, Sales down;
  // - 3 respondents carry Department "Legal", a group below the minimum group size of 5;
  // - Q2 is NPS with its _NPS_GROUP column before the score; Q3 is CSAT (1–5); Q4 is CES (1–7);
  // - about 4 % blank answers per item.
  rand = mulberry32(20261123);
  const ITEMS = [
    'I am able to disconnect from work outside my working hours',
    'My workload is manageable',
    'I am proud to work for this company',
    'I feel motivated to go beyond what is expected of me',
  ];
  const head = [
    ['StartDate', 'Start Date', '{"ImportId":"startDate","timeZone":"America/New_York"}'],
    ['EndDate', 'End Date', '{"ImportId":"endDate","timeZone":"America/New_York"}'],
    ['Status', 'Response Type', '{"ImportId":"status"}'],
    ['Progress', 'Progress', '{"ImportId":"progress"}'],
    ['Duration (in seconds)', 'Duration (in seconds)', '{"ImportId":"duration"}'],
    ['Finished', 'Finished', '{"ImportId":"finished"}'],
    ['RecordedDate', 'Recorded Date', '{"ImportId":"recordedDate","timeZone":"America/New_York"}'],
    ['ResponseId', 'Response ID', '{"ImportId":"_recordId"}'],
    ['RecipientEmail', 'Recipient Email', '{"ImportId":"recipientEmail"}'],
    ['ExternalReference', 'External Data Reference', '{"ImportId":"externalDataReference"}'],
    ['DistributionChannel', 'Distribution Channel', '{"ImportId":"distributionChannel"}'],
    ['UserLanguage', 'User Language', '{"ImportId":"userLanguage"}'],
    ...ITEMS.map((s, i) => [
      `Q1_${i + 1}`,
      `How much do you agree or disagree with the following statements? - ${s}`,
      `{"ImportId":"QID1_${i + 1}"}`,
    ]),
    [
      'Q2_NPS_GROUP',
      'How likely are you to recommend this company as a place to work? - Group',
      '{"ImportId":"QID2_NPS_GROUP"}',
    ],
    [
      'Q2',
      'How likely are you to recommend this company as a place to work?',
      '{"ImportId":"QID2"}',
    ],
    [
      'Q3',
      'How satisfied are you with the tools and technology you use at work?',
      '{"ImportId":"QID3"}',
    ],
    [
      'Q4',
      'How easy was it to get help from IT the last time you needed it?',
      '{"ImportId":"QID4"}',
    ],
    ['Department', 'Department', '{"ImportId":"Department"}'],
  ];
  const survey = [0, 1, 2].map((r) => head.map((h) => h[r]));
  const start = Date.UTC(2026, 3, 6, 13, 0, 0);
  const span = Date.UTC(2026, 5, 26, 22, 0, 0) - start;
  const LEGAL = new Set([3, 44, 97]);
  const responders = profiles
    .map((pr, i) => ({ pr, i, p: people[i] }))
    .filter(({ i }) => (!LEGAL.has(i) ? rand() < 0.85 : true));
  let lower = 0;
  for (const { pr, i, p } of responders) {
    const t = start + Math.floor((rand() * span) / 1000) * 1000;
    const duration = int(60, 900);
    const mood = rand() * 2 - 1 + (p.dept === 'Engineering' ? 0.3 : p.dept === 'Sales' ? -0.3 : 0);
    // Wellbeing falls as after-hours collaboration (0–4.5 h a week) rises.
    const strain = (pr.after - 2.25) * 0.55;
    const likert = (lean) =>
      rand() < 0.04 ? '' : clamp(Math.round(3.2 + lean + (rand() - 0.5) * 1.6), 1, 5);
    const nps = clamp(Math.round(7 + mood * 2.5 - strain + (rand() - 0.5) * 3), 0, 10);
    let ref = pr.uid;
    if (ref && i % 29 === 4 && lower < 4) {
      ref = ` ${ref.toLowerCase()}`;
      lower++;
    }
    survey.push([
      stamp(t - duration * 1000),
      stamp(t),
      0,
      100,
      duration,
      1,
      stamp(t + int(1, 4) * 1000),
      responseId(),
      `${p.first}.${p.last}${i}@Contoso.com`,
      ref,
      'email',
      'EN',
      likert(mood * 0.6 - strain),
      likert(mood * 0.6 - strain * 0.8),
      likert(mood),
      likert(mood * 0.9),
      nps <= 6 ? 1 : nps <= 8 ? 2 : 3,
      nps,
      rand() < 0.03 ? '' : clamp(Math.round(3.4 + mood + (rand() - 0.5) * 2), 1, 5),
      clamp(Math.round(4.6 + mood * 1.5 + (rand() - 0.5) * 3), 1, 7),
      LEGAL.has(i) ? 'Legal' : p.dept,
    ]);
  }
  // An anonymous-link response: no recipient, no reference.
  survey.push([
    stamp(start + span / 2 - 300_000),
    stamp(start + span / 2),
    0,
    100,
    300,
    1,
    stamp(start + span / 2 + 2000),
    responseId(),
    '',
    '',
    'anonymous',
    'EN',
    4,
    3,
    4,
    4,
    2,
    8,
    4,
    5,
    '',
  ]);
  const surveyText = survey.map((r) => r.map(field).join(',')).join('\r\n') + '\r\n';
  writeFileSync(join(DIR, 'qualtrics-pulse-q2-2026.csv'), surveyText);
  console.log(`Wrote qualtrics-pulse-q2-2026.csv (${survey.length - 3} responses).`);
}
