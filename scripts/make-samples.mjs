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
