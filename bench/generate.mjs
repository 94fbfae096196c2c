// Generates the bench data files into bench/.data/ (gitignored), streaming to disk.
//
//   node bench/generate.mjs            ≈200 MB CSV + ≈50 MB xlsx + ≈1 GB and ≈100 MB person
//                                      queries, and zipped copies of the CSV and the 1 GB query
//   node bench/generate.mjs --quick    ≈20 MB CSV + ≈5 MB xlsx + ≈100 MB person query, and
//                                      zipped copies of the CSV and the query
//   node bench/generate.mjs --only pq  only some kinds (csv, xlsx, pq, csv-zip, pq-zip)
//
// Files are cached: a file is rebuilt only when its .meta.json is missing or was written by
// another generator version (GENERATOR_VERSION, PQ_GENERATOR_VERSION for the person queries) or
// for another target size. Everything comes from a seeded PRNG, so the same version and size
// always give the same bytes.
import { mulberry32 } from '../scripts/prng.mjs';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  statSync,
} from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { constants as zlibConstants, crc32, createDeflateRaw } from 'node:zlib';
import { deflateSync, strToU8, Zip, ZipDeflate } from 'fflate';

/** Bump whenever the generated content changes, so cached files are rebuilt. */
export const GENERATOR_VERSION = 5;
export const DATA_DIR = resolve(import.meta.dirname, '.data');
const MB = 1024 * 1024;
const SEED = 0x5eed2024;

// ---------------------------------------------------------------------------------------------
// PRNG and vocabulary

const rng = mulberry32;

/** 32-bit integer hash, to seed per-row generators. */
function hash(a, b) {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x7f4a7c15, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

const BASE_WORDS = (
  'the a and to of was my team manager work time more would like feel support help ' +
  'meeting meetings focus hours week project process onboarding tools people leadership ' +
  'clear communication goals career growth training feedback balance workload remote office ' +
  'hybrid collaboration culture recognition pay benefits flexible schedule slow fast great ' +
  'good poor better worse never always sometimes often because but however really very ' +
  'too much little enough new old change changes decision decisions priorities customer ' +
  'quality deadline deadlines late early email emails chat calls after before during ' +
  'overtime weekend stress burnout engaged motivated valued heard trust transparency ' +
  'résumé naïve café coördination façade über jalapeño'
).split(' ');

function makeVocabulary() {
  const r = rng(SEED ^ 0x1234);
  const syl = [
    'ka',
    'lo',
    'mi',
    're',
    'tu',
    'san',
    'vel',
    'dor',
    'qui',
    'ex',
    'pra',
    'shi',
    'nol',
    'zu',
    'bra',
    'ten',
    'gor',
    'ly',
    'ment',
    'ion',
  ];
  const words = [...BASE_WORDS];
  while (words.length < 4000) {
    let w = '';
    const n = 2 + Math.floor(r() * 3);
    for (let i = 0; i < n; i++) w += syl[Math.floor(r() * syl.length)];
    words.push(w);
  }
  return words;
}
const WORDS = makeVocabulary();

const FIRST = [
  'Ana',
  'Ben',
  'Chloé',
  'David',
  'Emma',
  'Farid',
  'Grace',
  'Hiro',
  'Ines',
  'Jonas',
  'Kofi',
  'Lena',
  'Mateo',
  'Nora',
  'Omar',
  'Priya',
  'Quinn',
  'Rosa',
  'Sven',
  'Tara',
  'Uma',
  'Victor',
  'Wei',
  'Ximena',
  'Yusuf',
  'Zoë',
];
const LAST = [
  'Müller',
  'Smith',
  'García',
  'Kim',
  'Nguyen',
  'Okafor',
  'Rossi',
  'Silva',
  'Tanaka',
  'Novak',
  'Dubois',
  'Jensen',
  'Kowalski',
  'Patel',
  'Haddad',
  'Larsen',
  'Moreau',
  'Costa',
  "O'Brien",
  'Ivanova',
];
const DEPARTMENTS = [
  'Engineering',
  'Sales',
  'Marketing',
  'Finance',
  'Human Resources',
  'Operations',
  'Legal',
  'Customer Support',
  'Research & Development',
  'IT',
  'Procurement',
  'Facilities',
];
const REGIONS = ['EMEA', 'NA', 'LATAM', 'APAC', 'ANZ', 'MEA'];
const LEVELS = ['IC1', 'IC2', 'IC3', 'IC4', 'IC5', 'M1', 'M2', 'M3', 'Director', 'VP'];
const HEADER = [
  'PersonId',
  'Email',
  'ManagerId',
  'Department',
  'Region',
  'Level',
  'Comment',
  'ResponseId',
  'Collaboration_hours',
  'Meeting_hours',
  'Email_hours',
  'Chat_hours',
  'Focus_hours',
  'After_hours',
  'Workweek_span',
  'Network_size',
  'Engagement_score',
  'Utilization',
  'Meeting_count',
  'MetricDate',
];
/** Decimals of the 10 float metrics (1–4). */
const DECIMALS = [1, 2, 2, 3, 1, 2, 4, 1, 3, 4];
const SCALE = [60, 30, 20, 25, 40, 15, 70, 400, 5, 1];

function personId(p) {
  return 'P' + String(p).padStart(7, '0');
}
function email(p) {
  const h = hash(p, 77);
  const first = FIRST[h % FIRST.length].toLowerCase();
  const last = LAST[(h >>> 8) % LAST.length].toLowerCase().replace("'", '');
  return `${first}.${last}.${p}@contoso.com`;
}
function managerId(m) {
  return 'M' + String(m).padStart(5, '0');
}
function guid(r) {
  let s = '';
  for (let i = 0; i < 4; i++) s += ((r() * 4294967296) >>> 0).toString(16).padStart(8, '0');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-4${s.slice(13, 16)}-${s.slice(16, 20)}-${s.slice(20, 32)}`;
}
function words(r, min, max) {
  const n = min + Math.floor(r() * (max - min + 1));
  const out = [];
  for (let i = 0; i < n; i++) {
    // Zipf-ish: common words often, the long tail rarely.
    const x = r();
    out.push(WORDS[Math.floor(x * x * x * WORDS.length)]);
  }
  return out;
}
/** Free text; sometimes with commas, quotes and line breaks so CSV quoting is exercised. */
function comment(r, min, max) {
  if (r() < 0.15) return '';
  const w = words(r, min, max);
  if (w.length === 0) return '';
  const x = r();
  if (x < 0.06) w.splice(1 + Math.floor(r() * w.length), 0, ',');
  else if (x < 0.08) w.splice(Math.floor(r() * w.length), 0, '"really"');
  else if (x < 0.085) w.splice(Math.floor(r() * w.length), 0, '\n');
  return w
    .join(' ')
    .replace(/ ,/g, ',')
    .replace(/ ?\n ?/g, '\n');
}

const DAY_MS = 86400000;
const DATE0 = Date.UTC(2024, 0, 7); // a Sunday: Viva weeks start on Sunday
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/**
 * One data row as values: strings for text, numbers for metrics, null for blanks.
 * Everything comes from a generator seeded by the row number, so any row can be rebuilt.
 */
function makeRow(i, persons, textMin, textMax) {
  const r = rng(hash(SEED, i));
  const p = Math.floor(r() * persons);
  const row = new Array(20);
  row[0] = personId(p);
  row[1] = r() < 0.01 ? null : email(p);
  row[2] = r() < 0.03 ? null : managerId(Math.floor(r() * 5000));
  row[3] = DEPARTMENTS[(p * 7 + (hash(p, 3) % 5)) % DEPARTMENTS.length];
  row[4] = REGIONS[hash(p, 4) % REGIONS.length];
  row[5] = r() < 0.02 ? null : LEVELS[Math.floor(r() * r() * LEVELS.length)];
  row[6] = comment(r, textMin, textMax) || null;
  row[7] = guid(r);
  for (let k = 0; k < 10; k++) {
    if (r() < 0.01) row[8 + k] = null;
    else row[8 + k] = { v: r() * r() * SCALE[k] * 2, d: DECIMALS[k] };
  }
  row[18] = r() < 0.01 ? null : Math.floor(r() * r() * 5000);
  row[19] = DATE0 + 7 * DAY_MS * Math.floor(r() * 52);
  return row;
}

// ---------------------------------------------------------------------------------------------
// CSV

function csvField(s) {
  return /[",\n\r]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

function csvLine(row) {
  let line = '';
  for (let c = 0; c < 20; c++) {
    if (c) line += ',';
    const v = row[c];
    if (v === null) continue;
    if (c >= 8 && c <= 17) line += v.v.toFixed(v.d);
    else if (c === 18) line += String(v);
    else if (c === 19) line += new Date(v).toISOString().slice(0, 10);
    else line += csvField(v);
  }
  return line + '\r\n';
}

/** Appends rows until the file reaches targetBytes. Returns { bytes, rows }. */
async function writeCsv(path, targetBytes) {
  const out = createWriteStream(path);
  const persons = Math.max(100, Math.round(targetBytes / 2600)); // ≈10 rows per person
  let bytes = 0;
  let rows = 0;
  let buf = HEADER.join(',') + '\r\n';
  let bufBytes = buf.length;
  while (bytes + bufBytes < targetBytes) {
    const line = csvLine(makeRow(rows++, persons, 0, 24));
    buf += line;
    bufBytes += Buffer.byteLength(line);
    if (bufBytes > MB) {
      bytes += bufBytes;
      if (!out.write(buf)) await new Promise((ok) => out.once('drain', ok));
      buf = '';
      bufBytes = 0;
    }
  }
  bytes += bufBytes;
  out.write(buf);
  await new Promise((ok, fail) => out.end((err) => (err ? fail(err) : ok())));
  return { bytes, rows };
}

// ---------------------------------------------------------------------------------------------
// XLSX

const XLSX_TEXT = [220, 640]; // long survey comments: ≈1M cells (20 columns) in 50 MB, most of them unique strings

function xmlEscape(s) {
  return s.replace(
    /[&<>"]/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c],
  );
}
function colName(c) {
  return String.fromCharCode(65 + c);
}

/**
 * Shared-string layout, so that sheet1.xml can be written first and sharedStrings.xml after it
 * without keeping strings in memory: fixed strings, then the person pool, then per-row strings
 * (ResponseId, then Comment when not blank) in row order.
 */
function stringLayout(persons) {
  const fixed = [...HEADER, ...DEPARTMENTS, ...REGIONS, ...LEVELS];
  const managers = 5000;
  const managerBase = fixed.length;
  const personBase = managerBase + managers;
  const rowBase = personBase + 2 * persons;
  return { fixed, managers, managerBase, personBase, rowBase };
}

function sheetRowXml(i, row, idx, L) {
  const rn = i + 2;
  let x = `<row r="${rn}">`;
  const s = (c, n) => (x += `<c r="${colName(c)}${rn}" t="s"><v>${n}</v></c>`);
  const n = (c, v, style) =>
    (x += `<c r="${colName(c)}${rn}"${style ? ` s="${style}"` : ''}><v>${v}</v></c>`);
  const p = Number(row[0].slice(1));
  s(0, L.personBase + 2 * p);
  if (row[1] !== null) s(1, L.personBase + 2 * p + 1);
  if (row[2] !== null) s(2, L.managerBase + Number(row[2].slice(1)));
  s(3, HEADER.length + DEPARTMENTS.indexOf(row[3]));
  s(4, HEADER.length + DEPARTMENTS.length + REGIONS.indexOf(row[4]));
  if (row[5] !== null) {
    s(5, HEADER.length + DEPARTMENTS.length + REGIONS.length + LEVELS.indexOf(row[5]));
  }
  const guidIdx = idx.next++;
  if (row[6] !== null) s(6, idx.next++);
  s(7, guidIdx);
  for (let k = 0; k < 10; k++) {
    if (row[8 + k] !== null) n(8 + k, row[8 + k].v.toFixed(row[8 + k].d));
  }
  if (row[18] !== null) n(18, row[18]);
  n(19, (row[19] - EXCEL_EPOCH) / DAY_MS, 1);
  return x + '</row>';
}

function si(s) {
  const t = xmlEscape(s);
  return /^\s|\s$|\n/.test(s)
    ? `<si><t xml:space="preserve">${t}</t></si>`
    : `<si><t>${t}</t></si>`;
}

function rowStringsXml(row) {
  return si(row[7]) + (row[6] !== null ? si(row[6]) : '');
}

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

function staticParts() {
  return {
    '[Content_Types].xml':
      XML_HEAD +
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
      '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
      '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
      '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' +
      '</Types>',
    '_rels/.rels':
      XML_HEAD +
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
      '</Relationships>',
    'xl/workbook.xml':
      XML_HEAD +
      `<workbook xmlns="${NS}" xmlns:r="${REL_NS}">` +
      '<sheets><sheet name="Person query" sheetId="1" r:id="rId1"/></sheets></workbook>',
    'xl/_rels/workbook.xml.rels':
      XML_HEAD +
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
      '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>' +
      '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>' +
      '</Relationships>',
    'xl/styles.xml':
      XML_HEAD +
      `<styleSheet xmlns="${NS}">` +
      '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/></numFmts>' +
      '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>' +
      '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
      '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
      '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
      '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
      '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>' +
      '</styleSheet>',
  };
}

/** Compressed bytes per data row, measured on a sample, to pick the row count for a size. */
function calibrateXlsx() {
  const n = 4000;
  const persons = n / 10;
  const L = stringLayout(persons);
  const idx = { next: L.rowBase };
  let sheet = '';
  let strings = '';
  for (let i = 0; i < n; i++) {
    const row = makeRow(i, persons, XLSX_TEXT[0], XLSX_TEXT[1]);
    sheet += sheetRowXml(i, row, idx, L);
    strings += rowStringsXml(row);
  }
  for (let p = 0; p < persons; p++) strings += si(personId(p)) + si(email(p));
  return (deflateSync(strToU8(sheet)).length + deflateSync(strToU8(strings)).length) / n;
}

async function writeXlsx(path, targetBytes) {
  const rows = Math.max(100, Math.round((targetBytes - 40000) / calibrateXlsx()));
  const persons = Math.max(10, Math.round(rows / 10));
  const L = stringLayout(persons);
  const out = createWriteStream(path);
  let failed = null;
  let done;
  const finished = new Promise((ok) => (done = ok));
  const zip = new Zip((err, chunk, final) => {
    if (err) failed = err;
    else out.write(chunk);
    if (final || err) done();
  });
  const drain = () =>
    out.writableNeedDrain ? new Promise((ok) => out.once('drain', ok)) : Promise.resolve();
  const addWhole = (name, text) => {
    const f = new ZipDeflate(name, { level: 6 });
    zip.add(f);
    f.push(strToU8(text), true);
  };
  /** Streams a part from a generator of string pieces, flushing ≈1 MB at a time. */
  const addStream = async (name, pieces) => {
    const f = new ZipDeflate(name, { level: 6 });
    zip.add(f);
    let buf = '';
    for (const piece of pieces) {
      buf += piece;
      if (buf.length > MB) {
        f.push(strToU8(buf));
        buf = '';
        await drain();
      }
    }
    f.push(strToU8(buf), true);
    await drain();
  };

  const parts = staticParts();
  for (const name of [
    '[Content_Types].xml',
    '_rels/.rels',
    'xl/workbook.xml',
    'xl/_rels/workbook.xml.rels',
  ]) {
    addWhole(name, parts[name]);
  }
  let uniqueCount = 0;
  let refCount = 0;
  await addStream(
    'xl/worksheets/sheet1.xml',
    (function* () {
      yield (
        XML_HEAD +
        `<worksheet xmlns="${NS}" xmlns:r="${REL_NS}"><dimension ref="A1:T${rows + 1}"/>` +
        '<sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/>' +
        '<cols><col min="7" max="7" width="60" customWidth="1"/></cols><sheetData>'
      );
      yield (
        '<row r="1">' +
        HEADER.map((_, c) => `<c r="${colName(c)}1" t="s"><v>${c}</v></c>`).join('') +
        '</row>'
      );
      refCount += HEADER.length;
      const idx = { next: L.rowBase };
      for (let i = 0; i < rows; i++) {
        const row = makeRow(i, persons, XLSX_TEXT[0], XLSX_TEXT[1]);
        for (const c of [0, 1, 2, 3, 4, 5, 6, 7]) if (row[c] !== null) refCount++;
        yield sheetRowXml(i, row, idx, L);
      }
      uniqueCount = idx.next;
      yield '</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>';
    })(),
  );
  addWhole('xl/styles.xml', parts['xl/styles.xml']);
  await addStream(
    'xl/sharedStrings.xml',
    (function* () {
      yield XML_HEAD + `<sst xmlns="${NS}" count="${refCount}" uniqueCount="${uniqueCount}">`;
      for (const s of L.fixed) yield si(s);
      for (let m = 0; m < L.managers; m++) yield si(managerId(m));
      for (let p = 0; p < persons; p++) yield si(personId(p)) + si(email(p));
      for (let i = 0; i < rows; i++) {
        yield rowStringsXml(makeRow(i, persons, XLSX_TEXT[0], XLSX_TEXT[1]));
      }
      yield '</sst>';
    })(),
  );
  zip.end();
  await finished;
  if (failed) throw failed;
  await new Promise((ok, fail) => out.end((err) => (err ? fail(err) : ok())));
  return { bytes: statSync(path).size, rows, cells: (rows + 1) * 20, strings: uniqueCount };
}

// ---------------------------------------------------------------------------------------------
// Viva Insights person query (the "Viva metrics to Qualtrics" recipe's input)

/** Bump whenever the generated person queries change (independent of GENERATOR_VERSION). */
export const PQ_GENERATOR_VERSION = 1;
const PQ_SEED = 0x70715eed;
const PQ_WEEKS = 52;
const PQ_DATE0 = Date.UTC(2024, 0, 7); // a Sunday: Viva weeks start on Sunday

/**
 * The 20 metrics, in file order. `h`: hours, generated as whole minutes and written as
 * minutes / 60 with up to 7 decimals (so 0.5, 1.25, 0.1666667 and whole hours all occur);
 * `n`: counts. `lo`–`hi`: range of the person's weekly mean; `zero`: share of weeks at 0.
 * Collaboration_hours (index 0) is the sum of meeting, email and chat time, plus calls.
 */
const PQ_METRICS = [
  { name: 'Collaboration_hours', kind: 'h', lo: 0, hi: 0, zero: 0 },
  { name: 'After_hours_collaboration_hours', kind: 'h', lo: 0, hi: 300, zero: 0.25 },
  { name: 'Meeting_hours', kind: 'h', lo: 180, hi: 1200, zero: 0.02 },
  { name: 'Email_hours', kind: 'h', lo: 60, hi: 600, zero: 0.01 },
  { name: 'Chat_hours', kind: 'h', lo: 30, hi: 480, zero: 0.02 },
  { name: 'Meeting_and_call_hours_with_manager_1_1', kind: 'h', lo: 10, hi: 60, zero: 0.55 },
  { name: 'Meeting_hours_with_skip_level', kind: 'h', lo: 10, hi: 60, zero: 0.85 },
  { name: 'Internal_network_size', kind: 'n', lo: 5, hi: 150, zero: 0 },
  { name: 'External_network_size', kind: 'n', lo: 0, hi: 60, zero: 0.2 },
  { name: 'Uninterrupted_hours', kind: 'h', lo: 300, hi: 1500, zero: 0.01 },
  { name: 'Available_to_focus_hours', kind: 'h', lo: 600, hi: 1800, zero: 0.01 },
  { name: 'Multitasking_hours', kind: 'h', lo: 0, hi: 240, zero: 0.3 },
  { name: 'Weekend_collaboration_hours', kind: 'h', lo: 0, hi: 240, zero: 0.7 },
  { name: 'Emails_sent', kind: 'n', lo: 0, hi: 200, zero: 0.03 },
  { name: 'Meetings', kind: 'n', lo: 1, hi: 40, zero: 0.02 },
  { name: 'Chats_sent', kind: 'n', lo: 0, hi: 600, zero: 0.03 },
  { name: 'Calls', kind: 'n', lo: 0, hi: 30, zero: 0.4 },
  { name: 'Large_and_long_meeting_hours', kind: 'h', lo: 0, hi: 300, zero: 0.5 },
  { name: 'External_collaboration_hours', kind: 'h', lo: 0, hi: 600, zero: 0.3 },
  { name: 'Copilot_actions_taken_in_Teams', kind: 'n', lo: 0, hi: 80, zero: 0.35 },
];
const PQ_COPILOT = PQ_METRICS.length - 1;
/** Share of people without a Copilot licence: their Copilot column is NULL in every week. */
const PQ_NO_COPILOT = 0.3;
/** Share of person-weeks that are inactive: every metric 0, IsActive FALSE. */
const PQ_INACTIVE = 0.04;
export const PQ_HEADER = [
  'PersonId',
  'MetricDate',
  ...PQ_METRICS.map((m) => m.name),
  'UniqueIdentifier',
  'Organization',
  'FunctionType',
  'LevelDesignation',
  'SupervisorIndicator',
  'IsActive',
];
const PQ_ORGS = [
  'Engineering',
  'Sales',
  'Marketing',
  'Finance',
  'Human Resources',
  'Operations',
  'Legal',
  'Customer Support',
  'Research & Development',
  'IT',
  'Procurement',
  'Facilities',
  'Product',
  'Design',
  'Data Science',
  'Security',
  '"Marketing, Brand & Comms"', // quoted, as an export writes a value holding a comma
  'Strategy',
  'Supply Chain',
  'Communications',
];
const PQ_FUNCTIONS = [
  'Engineering',
  'Sales',
  'Marketing',
  'Finance',
  'HR',
  'Operations',
  'Legal',
  'Support',
  'Program Management',
  'Administration',
];
const PQ_LEVELS = ['Junior IC', 'IC', 'Senior IC', 'Principal', 'Manager', 'Director', 'Executive'];

/** Minutes → hours text: up to 7 decimals, no trailing zeros ("0.5", "0.1666667", "2"). */
const PQ_MAX_MINUTES = 6000;
const PQ_HOURS = Array.from({ length: PQ_MAX_MINUTES + 1 }, (_, k) =>
  (k / 60).toFixed(7).replace(/\.?0+$/, ''),
);
const PQ_DATES = Array.from({ length: PQ_WEEKS }, (_, w) => {
  const d = new Date(PQ_DATE0 + 7 * DAY_MS * w);
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()}`; // M/D/YYYY
});

/**
 * Everything about the people that stays the same from week to week: id, attribute columns,
 * the weeks they are in the data (most all 52; some join late or leave early), and the weekly
 * mean of each metric. Memory grows with the number of people, not rows (≈20 MB for 100 k).
 */
function pqPeople(persons) {
  const M = PQ_METRICS.length;
  const head = new Array(persons);
  const tail = new Array(persons);
  const first = new Uint8Array(persons);
  const last = new Uint8Array(persons);
  const mean = new Float32Array(persons * M);
  for (let p = 0; p < persons; p++) {
    const r = rng(hash(PQ_SEED, p));
    head[p] = guid(r) + ',';
    const x = r();
    first[p] = x < 0.04 ? 1 + Math.floor(r() * 40) : 0;
    last[p] = x > 0.96 ? 12 + Math.floor(r() * 40) : PQ_WEEKS - 1;
    const id = 'E' + (1000000 + ((p * 7919) % 9000000)); // unique: 7919 is prime to 9e6
    const org = PQ_ORGS[Math.floor(r() * r() * PQ_ORGS.length)];
    const fn = PQ_FUNCTIONS[Math.floor(r() * PQ_FUNCTIONS.length)];
    const s = r();
    const sup = s < 0.8 ? 'IC' : s < 0.95 ? 'Mngr' : 'Mngr+';
    const level = PQ_LEVELS[sup === 'IC' ? Math.floor(r() * 4) : 4 + Math.floor(r() * r() * 3)];
    tail[p] = `,${id},${org},${fn},${level},${sup},`;
    for (let k = 1; k < M; k++) {
      const m = PQ_METRICS[k];
      mean[p * M + k] = m.lo + r() * (m.hi - m.lo);
    }
    if (r() < PQ_NO_COPILOT) mean[p * M + PQ_COPILOT] = -1; // no licence: NULL
  }
  return { persons, head, tail, first, last, mean };
}

/** One row (CRLF included) for person p in week w; r: the week's PRNG. */
function pqLine(P, p, w, r) {
  const M = PQ_METRICS.length;
  const noCopilot = P.mean[p * M + PQ_COPILOT] < 0;
  let line = P.head[p] + PQ_DATES[w];
  if (r() < PQ_INACTIVE) {
    line += ',0'.repeat(M - 1) + (noCopilot ? ',NULL' : ',0');
    return line + P.tail[p] + 'FALSE\r\n';
  }
  const v = new Array(M);
  for (let k = 1; k < M; k++) {
    const m = PQ_METRICS[k];
    if (k === PQ_COPILOT && noCopilot) {
      v[k] = -1;
      continue;
    }
    const base = P.mean[p * M + k];
    v[k] = r() < m.zero ? 0 : Math.round(base * (0.4 + 1.2 * r()));
  }
  // Collaboration = meeting + email + chat time + some call time.
  v[0] = v[2] + v[3] + v[4] + Math.floor(r() * 90);
  for (let k = 0; k < M; k++) {
    const x = v[k];
    if (x < 0) line += ',NULL';
    else if (PQ_METRICS[k].kind === 'n') line += ',' + x;
    else line += ',' + PQ_HOURS[x > PQ_MAX_MINUTES ? PQ_MAX_MINUTES : x];
  }
  return line + P.tail[p] + 'TRUE\r\n';
}

/** Average bytes per person over the 52 weeks, from a sample, to pick the people count. */
function calibratePq() {
  const P = pqPeople(2000);
  let bytes = 0;
  for (let w = 0; w < PQ_WEEKS; w++) {
    const r = rng(hash(PQ_SEED ^ 0x5a5a, w));
    for (let p = 0; p < P.persons; p++) {
      if (w >= P.first[p] && w <= P.last[p]) bytes += pqLine(P, p, w, r).length;
    }
  }
  return bytes / P.persons;
}

/**
 * A person query of about targetBytes: rows ordered by MetricDate, then person, as the export
 * writes them. All ASCII, so string length = bytes. Returns { bytes, rows, people, weeks }.
 */
async function writePersonQuery(path, targetBytes) {
  const persons = Math.max(10, Math.round((targetBytes - 1000) / calibratePq()));
  const P = pqPeople(persons);
  const out = createWriteStream(path);
  let bytes = 0;
  let rows = 0;
  let buf = PQ_HEADER.join(',') + '\r\n';
  for (let w = 0; w < PQ_WEEKS; w++) {
    const r = rng(hash(PQ_SEED, 0x10000 + w));
    for (let p = 0; p < persons; p++) {
      if (w < P.first[p] || w > P.last[p]) continue;
      buf += pqLine(P, p, w, r);
      rows++;
      if (buf.length > MB) {
        bytes += buf.length;
        if (!out.write(buf)) await new Promise((ok) => out.once('drain', ok));
        buf = '';
      }
    }
  }
  bytes += buf.length;
  out.write(buf);
  await new Promise((ok, fail) => out.end((err) => (err ? fail(err) : ok())));
  return { bytes, rows, people: persons, weeks: PQ_WEEKS };
}

// ---------------------------------------------------------------------------------------------
// Zipped copies, as Viva Insights downloads a query (a zip holding one CSV)

/** Bump whenever the zipped copies change (independent of the files they hold). */
export const ZIP_GENERATOR_VERSION = 1;

/**
 * Zips the file at `srcPath` into a one-entry zip at `path`, as any zip tool writes a streamed
 * entry: ordinary deflate at level 6 (zlib's default, what Windows, Info-ZIP and .NET write),
 * the sizes and CRC in a data descriptor after the data (general-purpose bit 3), then the
 * central directory. Streaming, so a 1 GB file takes a few MB of memory. Entries over 4 GB
 * would need Zip64 records; the bench files are smaller. Returns { bytes, csvBytes }.
 */
async function writeZipOf(srcPath, path, entryName) {
  const out = createWriteStream(path);
  const write = async (buf) => {
    if (!out.write(buf)) await new Promise((ok) => out.once('drain', ok));
  };
  const name = Buffer.from(entryName, 'utf8');
  const FLAGS = 0x0808; // bit 3: data descriptor; bit 11: UTF-8 name
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
  local.writeUInt16LE(FLAGS, 6);
  local.writeUInt16LE(8, 8); // deflate
  local.writeUInt16LE(0, 10); // time
  local.writeUInt16LE(0x5821, 12); // date: 2024-01-01
  // CRC and sizes stay 0 here: they follow the data (the descriptor).
  local.writeUInt16LE(name.length, 26);
  await write(Buffer.concat([local, name]));
  let crc = 0;
  let csvBytes = 0;
  let packed = 0;
  const deflate = createDeflateRaw({
    level: 6,
    memLevel: 8,
    strategy: zlibConstants.Z_DEFAULT_STRATEGY,
  });
  const done = (async () => {
    for await (const chunk of deflate) {
      packed += chunk.length;
      await write(chunk);
    }
  })();
  for await (const chunk of createReadStream(srcPath, { highWaterMark: 4 * MB })) {
    crc = crc32(chunk, crc);
    csvBytes += chunk.length;
    if (!deflate.write(chunk)) await new Promise((ok) => deflate.once('drain', ok));
  }
  deflate.end();
  await done;
  const descriptor = Buffer.alloc(16);
  descriptor.writeUInt32LE(0x08074b50, 0);
  descriptor.writeUInt32LE(crc >>> 0, 4);
  descriptor.writeUInt32LE(packed, 8);
  descriptor.writeUInt32LE(csvBytes, 12);
  await write(descriptor);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4); // made by
  central.writeUInt16LE(20, 6); // needed
  central.writeUInt16LE(FLAGS, 8);
  central.writeUInt16LE(8, 10);
  central.writeUInt16LE(0, 12);
  central.writeUInt16LE(0x5821, 14);
  central.writeUInt32LE(crc >>> 0, 16);
  central.writeUInt32LE(packed, 20);
  central.writeUInt32LE(csvBytes, 24);
  central.writeUInt16LE(name.length, 28);
  // extra, comment, disk, attributes, local header offset: all 0
  const cdOffset = 30 + name.length + packed + 16;
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(1, 8);
  eocd.writeUInt16LE(1, 10);
  eocd.writeUInt32LE(46 + name.length, 12);
  eocd.writeUInt32LE(cdOffset, 16);
  await write(Buffer.concat([central, name, eocd]));
  await new Promise((ok, fail) => out.end((err) => (err ? fail(err) : ok())));
  return { bytes: statSync(path).size, csvBytes };
}

// ---------------------------------------------------------------------------------------------
// Cache

const PQ_SMALL = {
  kind: 'pq',
  name: 'person-query-100mb',
  file: 'person-query-100mb.csv',
  target: 100 * MB,
  version: PQ_GENERATOR_VERSION,
  seed: PQ_SEED,
};
const PQ_LARGE = {
  ...PQ_SMALL,
  name: 'person-query-1gb',
  file: 'person-query-1gb.csv',
  target: 1024 * MB,
};

/** The zipped copy of a generated file: `zipOf` names it, the rows and people are its. */
function zipped(spec, name) {
  return {
    kind: `${spec.kind}-zip`,
    name,
    file: spec.file.replace(/\.csv$/, '.zip'),
    target: spec.target,
    version: ZIP_GENERATOR_VERSION * 1000 + (spec.version ?? GENERATOR_VERSION),
    zipOf: spec,
  };
}
const PQ_LARGE_ZIP = zipped(PQ_LARGE, 'person-query-1gb-zip');

/**
 * Makes sure the bench files exist; returns their descriptions.
 * @param {{ quick?: boolean, only?: string[], log?: (s: string) => void }} [opts]
 *   only: the kinds to make (csv, xlsx, pq); all by default
 */
export async function ensureData({ quick = false, only, log = console.log } = {}) {
  mkdirSync(DATA_DIR, { recursive: true });
  const csvSmall = { kind: 'csv', name: 'csv-20mb', file: 'csv-20mb.csv', target: 20 * MB };
  const csvLarge = { kind: 'csv', name: 'csv-200mb', file: 'csv-200mb.csv', target: 200 * MB };
  const all = quick
    ? [
        csvSmall,
        { kind: 'xlsx', name: 'xlsx-5mb', file: 'xlsx-5mb.xlsx', target: 5 * MB },
        PQ_SMALL,
        zipped(csvSmall, 'csv-20mb-zip'),
        zipped(PQ_SMALL, 'person-query-100mb-zip'),
      ]
    : [
        csvLarge,
        { kind: 'xlsx', name: 'xlsx-50mb', file: 'xlsx-50mb.xlsx', target: 50 * MB },
        PQ_SMALL,
        PQ_LARGE,
        zipped(csvLarge, 'csv-200mb-zip'),
        PQ_LARGE_ZIP,
      ];
  const specs = only ? all.filter((s) => only.includes(s.kind)) : all;
  const made = new Map();
  /** One file, made (with the file it zips, first) unless its cached copy is current. */
  const ensure = async (spec) => {
    if (made.has(spec.file)) return made.get(spec.file);
    const source = spec.zipOf ? await ensure(spec.zipOf) : null;
    const version = spec.version ?? GENERATOR_VERSION;
    const path = join(DATA_DIR, spec.file);
    const metaPath = path + '.meta.json';
    let meta = null;
    if (existsSync(path) && existsSync(metaPath)) {
      try {
        meta = JSON.parse(readFileSync(metaPath, 'utf8'));
      } catch {
        meta = null;
      }
      if (
        !meta ||
        meta.version !== version ||
        meta.target !== spec.target ||
        meta.bytes !== statSync(path).size ||
        (source && meta.csvBytes !== source.bytes)
      ) {
        meta = null;
      }
    }
    if (!meta) {
      const t0 = performance.now();
      log(
        source
          ? `zipping ${source.file} into ${spec.file} (deflate, level 6)...`
          : `generating ${spec.file} (≈${spec.target / MB} MB)...`,
      );
      const tmp = path + '.tmp';
      let info;
      if (source) {
        const { rows, people, weeks, cells } = source;
        info = {
          ...(await writeZipOf(source.path, tmp, basename(source.file))),
          rows,
          ...(people ? { people, weeks } : {}),
          ...(cells ? { cells } : {}),
        };
      } else {
        const write = { csv: writeCsv, xlsx: writeXlsx, pq: writePersonQuery }[spec.kind];
        info = await write(tmp, spec.target);
      }
      renameSync(tmp, path);
      meta = { version, target: spec.target, seed: spec.seed ?? SEED, ...info };
      await writeFile(metaPath, JSON.stringify(meta, null, 2) + '\n');
      log(
        `  ${spec.file}: ${(meta.bytes / MB).toFixed(1)} MB, ${meta.rows} rows` +
          (meta.people ? `, ${meta.people} people` : '') +
          (source ? `, ${(meta.csvBytes / MB).toFixed(1)} MB unzipped` : '') +
          `, ${((performance.now() - t0) / 1000).toFixed(1)} s`,
      );
    }
    const { zipOf: _zipOf, ...rest } = spec;
    const record = { ...rest, path, ...meta, ...(source ? { unzipped: source } : {}) };
    made.set(spec.file, record);
    return record;
  };
  const result = [];
  for (const spec of specs) result.push(await ensure(spec));
  return result;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--only');
  const files = await ensureData({
    quick: process.argv.includes('--quick'),
    only: i >= 0 ? process.argv[i + 1].split(',') : undefined,
  });
  for (const f of files) console.log(`${f.path}: ${f.bytes} bytes, ${f.rows} rows`);
}
