// The fake export state machine (reference §4.5, §8.5–8.7) end to end over HTTP: start → polls
// with rising percentComplete → complete + fileId → a real zip, unzipped with fflate; the CSV
// layout (3 header rows, CRLF, no BOM, row-3 JSON, NPS group before score); JSON/NDJSON shapes;
// the option checks; continuation tokens; slow and failing exports.
import { describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { ADA_TOKEN, CX_SURVEY, EX_SURVEY, api, control, useFake, type Fake } from './helpers';
import type { Json } from './helpers';

const box = useFake();

/** Runs the three steps; returns the file response and the last progress result. */
async function runExport(fake: Fake, surveyId: string, body: Record<string, unknown>) {
  const start = await api(fake, `/surveys/${surveyId}/export-responses`, { body });
  expect(start.status, JSON.stringify(start.json)).toBe(200);
  const progressId = start.json.result.progressId as string;
  let progress: Json;
  const seen: number[] = [start.json.result.percentComplete];
  for (let i = 0; i < 20; i++) {
    progress = (await api(fake, `/surveys/${surveyId}/export-responses/${progressId}`)).json.result;
    seen.push(progress.percentComplete);
    if (progress.status !== 'inProgress') break;
  }
  const file =
    progress.status === 'complete'
      ? await fetch(
          `${fake.url}/API/v3/surveys/${surveyId}/export-responses/${progress.fileId}/file`,
          {
            headers: { 'x-api-token': ADA_TOKEN },
          },
        )
      : null;
  return { start: start.json.result, progress, seen, file };
}

async function unzipOne(res: Response): Promise<{ name: string; bytes: Uint8Array }> {
  const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
  const names = Object.keys(files);
  expect(names).toHaveLength(1);
  return { name: names[0], bytes: files[names[0]] };
}

/** RFC 4180 reader good enough for the fake's output (quotes, doubled quotes, CRLF, embedded newlines). */
function parseCsv(text: string, sep = ','): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === sep) {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

describe('export state machine', () => {
  it('goes inProgress (no fileId) with rising percentComplete, then complete with a <uuid>-def fileId', async () => {
    await control(box.fake, '/switches', { exportPolls: 3 });
    const { start, progress, seen } = await runExport(box.fake, CX_SURVEY, { format: 'csv' });
    expect(start).toEqual({
      progressId: expect.stringMatching(/^ES_[A-Za-z0-9]{15}$/),
      percentComplete: 0,
      status: 'inProgress',
    });
    expect(seen).toEqual([0, 25, 50, 75, 100]);
    expect(progress).toEqual({
      fileId: expect.stringMatching(
        /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-def$/,
      ),
      percentComplete: 100,
      status: 'complete',
    });
  });

  it('ends failed with fileId null when switched to fail, and the file is 404', async () => {
    await control(box.fake, '/switches', { exportOutcome: 'failed', exportPolls: 0 });
    const { progress, file } = await runExport(box.fake, CX_SURVEY, { format: 'csv' });
    expect(progress).toEqual({ fileId: null, percentComplete: 100, status: 'failed' });
    expect(file).toBeNull();
  });

  it('404 for an unknown progress id, a progress id of another survey, and an unknown file', async () => {
    const { start } = await runExport(box.fake, CX_SURVEY, { format: 'csv' });
    expect(
      (await api(box.fake, `/surveys/${CX_SURVEY}/export-responses/ES_aaaaaaaaaaaaaaa`)).status,
    ).toBe(404);
    expect(
      (await api(box.fake, `/surveys/${EX_SURVEY}/export-responses/${start.progressId}`)).status,
    ).toBe(404);
    expect(
      (
        await api(
          box.fake,
          `/surveys/${CX_SURVEY}/export-responses/00000000-0000-4000-8000-000000000000-def/file`,
        )
      ).status,
    ).toBe(404);
  });
});

describe('CSV file', () => {
  it('is a zip with one member named after the survey; 3 header rows, CRLF, no BOM, NPS group before score', async () => {
    const { file } = await runExport(box.fake, CX_SURVEY, { format: 'csv', useLabels: true });
    expect(file?.status).toBe(200);
    expect(file?.headers.get('content-type')).toBe('application/zip');
    expect(file?.headers.get('content-disposition')).toBe(
      'attachment; filename=Customer+Experience+%E2%80%93+Q1+2026.zip',
    );
    const { name, bytes } = await unzipOne(file as Response);
    expect(name).toBe('Customer Experience – Q1 2026.csv');
    expect([...bytes.slice(0, 3)]).not.toEqual([0xef, 0xbb, 0xbf]);
    const text = strFromU8(bytes);
    expect(
      text
        .split('\n')
        .slice(0, 5)
        .every((l) => l.endsWith('\r')),
    ).toBe(true);
    const rows = parseCsv(text);
    const [names, labels, ids] = rows;
    expect(names.slice(0, 9)).toEqual([
      'StartDate',
      'EndDate',
      'Status',
      'IPAddress',
      'Progress',
      'Duration (in seconds)',
      'Finished',
      'RecordedDate',
      'ResponseId',
    ]);
    expect(labels[2]).toBe('Response Type');
    const row3 = ids.map((c) => JSON.parse(c));
    expect(row3[0]).toEqual({ ImportId: 'startDate', timeZone: 'Z' });
    const group = row3.findIndex((c) => c.ImportId === 'QID12_NPS_GROUP');
    expect(row3[group + 1]).toEqual({ ImportId: 'QID12' });
    expect(names[group]).toBe('NPS_NPS_GROUP');
    expect(labels[group]).toBe(
      'How likely are you to recommend <strong>Acme</strong> to a friend or colleague? - Group',
    );
    expect(row3).toContainEqual({ ImportId: 'QID15', choiceId: '2' });
    expect(row3).toContainEqual({ ImportId: 'QID17_TEXT' });
    expect(row3.slice(-3).map((c) => c.ImportId)).toEqual(['CustomerTier', 'Region', 'OrderID']);
    const data = rows.slice(3);
    expect(data).toHaveLength(300);
    expect(data.every((r) => r.length === names.length)).toBe(true);
    for (const r of data) {
      const score = Number(r[group + 1]);
      const expected = score <= 6 ? 'Detractor' : score <= 8 ? 'Passive' : 'Promoter';
      if (r[group + 1] !== '') expect(r[group]).toBe(expected);
    }
    expect(data[0][6]).toBe('True');
    expect(data[0][0]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    // HTML is stripped from label cells.
    const csat = names.indexOf('CSAT');
    expect(data.map((r) => r[csat])).toContain('Very satisfied');
  });

  it('numeric values use recodes; timeZone shifts dates and is named in row 3; seen-unanswered recodes fill blanks', async () => {
    const { file } = await runExport(box.fake, EX_SURVEY, {
      format: 'csv',
      useLabels: false,
      timeZone: 'America/Denver',
      seenUnansweredRecode: -99,
      multiselectSeenUnansweredRecode: 0,
    });
    const rows = parseCsv(strFromU8((await unzipOne(file as Response)).bytes));
    const row3 = rows[2].map((c) => JSON.parse(c));
    expect(row3[0]).toEqual({ ImportId: 'startDate', timeZone: 'America/Denver' });
    const tenure = rows[0].indexOf('Tenure');
    const values = new Set(rows.slice(3).map((r) => r[tenure]));
    expect([...values].every((v) => ['1', '2', '3', '4', '-99'].includes(v))).toBe(true);
    expect(values.has('4')).toBe(true);
    const first = box.fake.state.world.surveys[0].responses[0];
    const utc = new Date(first.startDate).toISOString().slice(11, 13);
    const denver = rows[3][0].slice(11, 13);
    expect((Number(utc) - Number(denver) + 24) % 24).toBe(7);
    const benefit = rows[0].indexOf('Benefits_1');
    expect(new Set(rows.slice(3).map((r) => r[benefit]))).toEqual(new Set(['0', '1']));
    expect(rows[3][2]).toMatch(/^[01]$/);
    expect(rows[3][6]).toBe('1');
  });

  it('questionIds, embeddedDataIds and surveyMetadataIds choose the columns; breakoutSets:false joins choices', async () => {
    const { file } = await runExport(box.fake, EX_SURVEY, {
      format: 'csv',
      useLabels: true,
      questionIds: ['QID3', 'QID4'],
      embeddedDataIds: ['Department'],
      surveyMetadataIds: ['_recordId', 'recordedDate'],
      breakoutSets: false,
    });
    const rows = parseCsv(strFromU8((await unzipOne(file as Response)).bytes));
    expect(rows[0]).toEqual([
      'RecordedDate',
      'ResponseId',
      'eNPS_NPS_GROUP',
      'eNPS',
      'Benefits',
      'Benefits_7_TEXT',
      'Department',
    ]);
    expect(rows.slice(3).some((r) => r[4].includes(','))).toBe(true);
  });

  it('TSV uses tabs; compress:false sends the raw file', async () => {
    const { file } = await runExport(box.fake, CX_SURVEY, {
      format: 'tsv',
      compress: false,
      limit: 5,
    });
    expect(file?.headers.get('content-disposition')).toBe(
      'attachment; filename=Customer+Experience+%E2%80%93+Q1+2026.tsv',
    );
    const text = await (file as Response).text();
    const rows = parseCsv(text, '\t');
    expect(rows).toHaveLength(8);
    expect(rows[0][0]).toBe('StartDate');
  });

  it('limit, startDate (inclusive) / endDate (exclusive), filterId and exportResponsesInProgress choose the rows', async () => {
    const world = box.fake.state.world.surveys[1];
    const recorded = world.responses
      .filter((r: Json) => !r.inProgress)
      .map((r: Json) => r.recordedDate)
      .sort((a: number, b: number) => a - b);
    const startDate = new Date(recorded[10]).toISOString();
    const endDate = new Date(recorded[20]).toISOString();
    const count = async (body: Record<string, unknown>) => {
      const { file } = await runExport(box.fake, CX_SURVEY, { format: 'json', ...body });
      return JSON.parse(strFromU8((await unzipOne(file as Response)).bytes)).responses as Json[];
    };
    expect(await count({ startDate, endDate })).toHaveLength(10);
    expect(await count({ limit: 7 })).toHaveLength(7);
    const inProgress = await count({ exportResponsesInProgress: true });
    expect(inProgress).toHaveLength(8);
    expect(inProgress.every((r) => r.responseId.startsWith('FS_') && r.values.finished === 0)).toBe(
      true,
    );
    const filters = (await api(box.fake, `/surveys/${CX_SURVEY}/filters`)).json.result.elements;
    const gold = filters.find((f: Json) => f.filterName === 'CustomerTier is Gold');
    const golds = await count({ filterId: gold.filterId });
    expect(golds.length).toBeGreaterThan(0);
    expect(golds.every((r) => r.values.CustomerTier === 'Gold')).toBe(true);
  });
});

describe('JSON and NDJSON files', () => {
  it('JSON is {responses:[…]} with values, labels, displayedFields and displayedValues keyed by ImportId', async () => {
    const { file } = await runExport(box.fake, EX_SURVEY, { format: 'json' });
    const { name, bytes } = await unzipOne(file as Response);
    expect(name).toBe('Employee Engagement Pulse 2026.json');
    const { responses } = JSON.parse(strFromU8(bytes));
    expect(responses).toHaveLength(240);
    const r = responses.find(
      (x: Json) => Array.isArray(x.values.QID4) && typeof x.values.QID3 === 'number',
    );
    expect(r.responseId).toMatch(/^R_[A-Za-z0-9]{15}$/);
    expect(r.values.startDate).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(r.values.recordedDate).toMatch(/\.\d{3}Z$/);
    expect(r.values.status).toBe(typeof r.values.status === 'number' ? r.values.status : NaN);
    expect(r.values.QID3_NPS_GROUP).toBe(r.values.QID3 <= 6 ? 1 : r.values.QID3 <= 8 ? 2 : 3);
    expect(r.labels.QID3_NPS_GROUP).toBe(
      ['', 'Detractor', 'Passive', 'Promoter'][r.values.QID3_NPS_GROUP],
    );
    expect(r.values.QID4.every((v: unknown) => typeof v === 'string')).toBe(true);
    expect(r.labels.QID4).toHaveLength(r.values.QID4.length);
    expect(r.displayedValues.QID3_NPS_GROUP).toEqual([1, 1, 1, 1, 1, 1, 1, 2, 2, 3, 3]);
    expect(r.displayedFields).toContain('QID2_1');
    expect(typeof r.values.locationLatitude).toBe('string');
    expect(r.values.Department).toBeDefined();
  });

  it('NDJSON is one response per line', async () => {
    const { file } = await runExport(box.fake, CX_SURVEY, { format: 'ndjson', limit: 3 });
    const { name, bytes } = await unzipOne(file as Response);
    expect(name.endsWith('.ndjson')).toBe(true);
    const lines = strFromU8(bytes).trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(JSON.parse(lines[1]).values._recordId).toMatch(/^R_/);
  });
});

describe('XML file', () => {
  it('has one <Response> per response with ImportId element names', async () => {
    const { file } = await runExport(box.fake, CX_SURVEY, {
      format: 'xml',
      useLabels: true,
      limit: 2,
    });
    const { name, bytes } = await unzipOne(file as Response);
    expect(name.endsWith('.xml')).toBe(true);
    const xml = strFromU8(bytes);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect(xml.match(/<Response>/g)).toHaveLength(2);
    expect(xml).toMatch(
      /<QID12_NPS_GROUP>(Detractor|Passive|Promoter)<\/QID12_NPS_GROUP><QID12>\d+<\/QID12>/,
    );
    expect(xml).toMatch(/<startDate>\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}<\/startDate>/);
  });
});

describe('export options that are refused (400)', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['json with useLabels', { format: 'json', useLabels: false }, 'useLabels'],
    [
      'ndjson with timeZone and breakoutSets',
      { format: 'ndjson', timeZone: 'UTC', breakoutSets: true },
      'timeZone',
    ],
    ['a missing format', { useLabels: true }, 'format'],
    ['a capitalised field name', { Format: 'csv' }, 'Format'],
    ['xlsx', { format: 'xlsx' }, 'xlsx'],
    ['spss (not generated by the fake)', { format: 'spss' }, 'SPSS'],
    ['a sub-id in questionIds', { format: 'csv', questionIds: ['QID15_7_TEXT'] }, 'QID15_7_TEXT'],
    ['an unknown question', { format: 'csv', questionIds: ['QID99'] }, 'QID99'],
    ['a bad date', { format: 'csv', startDate: '2026-01-01' }, 'ISO-8601'],
    ['a bad time zone', { format: 'csv', timeZone: 'Mars/Olympus' }, 'timeZone'],
    [
      'filterId with allowContinuation',
      { format: 'csv', filterId: 'x', allowContinuation: true },
      'filterId',
    ],
    [
      'an unknown continuation token',
      { format: 'csv', continuationToken: 'nope' },
      'continuationToken',
    ],
    ['a wrong type', { format: 'csv', limit: 'ten' }, 'limit'],
  ];
  it.each(cases)('%s', async (_name, body, word) => {
    const { status, json } = await api(box.fake, `/surveys/${CX_SURVEY}/export-responses`, {
      body,
    });
    expect(status).toBe(400);
    expect(json.meta.error?.errorMessage).toContain(word);
  });

  it('a body that is not JSON', async () => {
    const res = await fetch(`${box.fake.url}/API/v3/surveys/${CX_SURVEY}/export-responses`, {
      method: 'POST',
      headers: { 'x-api-token': ADA_TOKEN, 'content-type': 'application/json' },
      body: 'format=csv',
    });
    expect(res.status).toBe(400);
  });
});

describe('continuation tokens', () => {
  it('return only responses recorded after the previous export, and a new token each time', async () => {
    const first = await runExport(box.fake, CX_SURVEY, { format: 'json', allowContinuation: true });
    const token1 = first.progress.continuationToken;
    expect(typeof token1).toBe('string');
    expect(
      JSON.parse(strFromU8((await unzipOne(first.file as Response)).bytes)).responses,
    ).toHaveLength(300);

    const none = await runExport(box.fake, CX_SURVEY, {
      format: 'json',
      continuationToken: token1,
    });
    expect(
      JSON.parse(strFromU8((await unzipOne(none.file as Response)).bytes)).responses,
    ).toHaveLength(0);
    const token2 = none.progress.continuationToken;
    expect(token2).not.toBe(token1);

    const grown = await control(box.fake, `/surveys/${CX_SURVEY}/responses`, { count: 4 });
    expect(grown.body.added).toHaveLength(4);
    expect(grown.body.total).toBe(304);
    const next = await runExport(box.fake, CX_SURVEY, {
      format: 'json',
      continuationToken: token2,
    });
    const fresh = JSON.parse(strFromU8((await unzipOne(next.file as Response)).bytes)).responses;
    expect(fresh.map((r: Json) => r.responseId)).toEqual(grown.body.added);
    // The old token still answers from its own point (tokens last a week).
    const again = await runExport(box.fake, CX_SURVEY, {
      format: 'csv',
      continuationToken: token1,
    });
    expect(parseCsv(strFromU8((await unzipOne(again.file as Response)).bytes)).length - 3).toBe(4);
    // A token belongs to its survey.
    const other = await api(box.fake, `/surveys/${EX_SURVEY}/export-responses`, {
      body: { format: 'csv', continuationToken: token1 },
    });
    expect(other.status).toBe(400);
  });
});
