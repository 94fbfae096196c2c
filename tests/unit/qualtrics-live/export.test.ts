// The 3-step response export, run by the client against the fake over HTTP, then unzipped and
// read with the app's own CSV reader (as the worker does), so the file the fake writes must be
// one the app recognises as a Qualtrics export, and the rows must be the ones the fake chose.
import { describe, expect, test } from 'vitest';
import {
  collect,
  listFilters,
  readExportZip,
  runExport,
  type ExportOptions,
  type QualtricsHttp,
} from '../../../src/lib/qualtrics';
import { readCsvBytes } from '../../../src/lib/read/csv/read-csv';
import type { Table } from '../../../src/lib/table/types';
import {
  CX_SURVEY,
  EX_SURVEY,
  client,
  control,
  fastSleep,
  rejection,
  useFake,
  type Fake,
} from './live';

const box = useFake();

/** Runs an export with instant polls and reads its CSV as the worker would. */
async function exportTable(
  http: QualtricsHttp,
  surveyId: string,
  options: ExportOptions,
  progress: number[] = [],
): Promise<{ table: Table; text: string; continuationToken?: string; fileName: string }> {
  const r = await runExport(http, surveyId, options, {
    sleep: fastSleep().sleep,
    onProgress: (p) => progress.push(p),
  });
  const file = await readExportZip(new Uint8Array(r.bytes));
  const table = await readCsvBytes(file.bytes, { name: file.name, kind: 'zip-csv' });
  return {
    table,
    text: new TextDecoder().decode(file.bytes),
    continuationToken: r.continuationToken,
    fileName: file.name,
  };
}

type FakeSurvey = {
  id: string;
  responses: { inProgress: boolean; recordedDate: number | null; seq: number }[];
  filters: { filterId: string; filterName: string; test: (r: unknown) => boolean }[];
};

/** The fake's survey, to count what it should export. */
function fakeSurvey(fake: Fake, surveyId: string): FakeSurvey {
  const world = (fake.state as unknown as { world: { surveys: FakeSurvey[] } }).world;
  return world.surveys.find((x) => x.id === surveyId)!;
}

/** The fake's own count of recorded responses matching `keep`. */
function fakeCount(
  fake: Fake,
  surveyId: string,
  keep: (r: FakeSurvey['responses'][number]) => boolean,
) {
  return fakeSurvey(fake, surveyId).responses.filter((r) => !r.inProgress && keep(r)).length;
}

const col = (t: Table, header: string) => t.columns.find((c) => c.header === header)!;

describe('response export', () => {
  test('csv numeric: progress, zip, Qualtrics layout detected, every recorded response', async () => {
    const progress: number[] = [];
    const { table, fileName } = await exportTable(
      client(box.fake).http,
      EX_SURVEY,
      { format: 'csv' },
      progress,
    );
    expect(fileName).toMatch(/\.csv$/);
    // Default exportPolls 2: started at 0, two polls in progress, then complete.
    expect(progress[0]).toBe(0);
    expect(progress.at(-1)).toBe(100);
    expect(progress.length).toBeGreaterThanOrEqual(3);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
    expect(table.format).toMatchObject({ kind: 'zip-csv', source: 'qualtrics', headerRows: 3 });
    expect(table.issues).toEqual([]);
    expect(table.rowCount).toBe(fakeCount(box.fake, EX_SURVEY, () => true));
    expect(table.rowCount).toBe(240);
    expect(col(table, 'ResponseId')).toMatchObject({
      importId: '_recordId',
      qualtricsRole: 'metadata',
    });
    expect(col(table, 'RecordedDate')).toMatchObject({ qualtricsRole: 'metadata', type: 'date' });
    expect(col(table, 'eNPS_NPS_GROUP')).toMatchObject({ qualtricsRole: 'nps-group' });
    expect(col(table, 'eNPS')).toMatchObject({ importId: 'QID3', type: 'number' });
    expect(col(table, 'ENG_3')).toMatchObject({ importId: 'QID2_3', type: 'number' });
    expect(col(table, 'Benefits_7_TEXT')).toMatchObject({ qualtricsRole: 'other-text' });
    expect(col(table, 'Department')).toMatchObject({ qualtricsRole: 'embedded' });
    expect(col(table, 'Tenure').label).toBe('How long have you worked here?');
  });

  test('csv with useLabels writes choice text that the reader keeps as text', async () => {
    const { table, text } = await exportTable(client(box.fake).http, CX_SURVEY, {
      format: 'csv',
      useLabels: true,
    });
    expect(table.format.source).toBe('qualtrics');
    expect(table.rowCount).toBe(300);
    expect(col(table, 'CSAT').type).not.toBe('number');
    expect(text).toMatch(/Very satisfied|Satisfied|Neutral/);
    expect(text).toMatch(/Promoter|Detractor|Passive/);
    expect(col(table, 'NPS_NPS_GROUP').qualtricsRole).toBe('nps-group');
    // The NPS question text holds HTML in the survey: the label is clean, the HTML kept apart.
    expect(col(table, 'NPS').label).not.toMatch(/[<>]/);
    expect(col(table, 'NPS').labelHtml).toMatch(/</);
  });

  test('a saved filter exports only the responses it selects', async () => {
    const http = client(box.fake).http;
    const filters = await collect(listFilters(http, EX_SURVEY));
    const sales = filters.find((f) => f.filterName !== 'Finished responses')!;
    const { table } = await exportTable(http, EX_SURVEY, {
      format: 'csv',
      filterId: sales.filterId,
    });
    const test = fakeSurvey(box.fake, EX_SURVEY).filters.find(
      (f) => f.filterId === sales.filterId,
    )!.test;
    const expected = fakeCount(box.fake, EX_SURVEY, test);
    expect(expected).toBeGreaterThan(0);
    expect(expected).toBeLessThan(240);
    expect(table.rowCount).toBe(expected);
  });

  test('startDate (inclusive) and endDate (exclusive) select by recorded date', async () => {
    const dates = fakeSurvey(box.fake, EX_SURVEY)
      .responses.filter((r) => !r.inProgress)
      .map((r) => r.recordedDate!)
      .sort((a, b) => a - b);
    // Whole seconds, since the client sends ISO seconds.
    const start = Math.ceil(dates[50] / 1000) * 1000;
    const end = Math.ceil(dates[150] / 1000) * 1000;
    const { table } = await exportTable(client(box.fake).http, EX_SURVEY, {
      format: 'csv',
      startDate: new Date(start).toISOString().replace('.000', ''),
      endDate: new Date(end).toISOString().replace('.000', ''),
    });
    const expected = dates.filter((d) => d >= start && d < end).length;
    expect(expected).toBeGreaterThan(50);
    expect(table.rowCount).toBe(expected);
  });

  test('continuation: the next export brings only the responses recorded since', async () => {
    const http = client(box.fake).http;
    const first = await exportTable(http, EX_SURVEY, { format: 'csv', allowContinuation: true });
    expect(first.table.rowCount).toBe(240);
    expect(first.continuationToken).toBeTruthy();
    await control(box.fake, `/surveys/${EX_SURVEY}/responses`, { count: 7 });
    const second = await exportTable(http, EX_SURVEY, {
      format: 'csv',
      continuationToken: first.continuationToken,
    });
    expect(second.table.rowCount).toBe(7);
    expect(second.table.format.source).toBe('qualtrics');
    expect(second.continuationToken).toBeTruthy();
    expect(second.continuationToken).not.toBe(first.continuationToken);
    // Nothing new: a file with only its 3 header rows still reads as a Qualtrics export.
    const third = await exportTable(http, EX_SURVEY, {
      format: 'csv',
      continuationToken: second.continuationToken,
    });
    expect(third.table.rowCount).toBe(0);
    expect(third.table.format.source).toBe('qualtrics');
  });

  test('a 503 then a 500 during the progress poll are retried and the export completes', async () => {
    box.fake.setSwitches({ failNext: 2, failStatus: 503, faultPath: 'ES_' });
    const c = client(box.fake);
    const { table } = await exportTable(c.http, CX_SURVEY, { format: 'csv' });
    expect(table.rowCount).toBe(300);
    expect(c.waits.map((w) => w.reason)).toEqual(['server-error', 'server-error']);
    box.fake.setSwitches({ failNext: 1, failStatus: 500, faultPath: 'export-responses' });
    const again = await exportTable(c.http, CX_SURVEY, { format: 'csv' });
    expect(again.table.rowCount).toBe(300);
    expect(c.waits).toHaveLength(3);
  });

  test('a failed export is an ExportFailedError', async () => {
    box.fake.setSwitches({ exportOutcome: 'failed' });
    const err = await rejection(exportTable(client(box.fake).http, EX_SURVEY, { format: 'csv' }));
    expect(err.name).toBe('ExportFailedError');
    expect(err.message).toMatch(/export/i);
  });

  test('every tabular option at once is accepted and shapes the file', async () => {
    const { table, text } = await exportTable(client(box.fake).http, EX_SURVEY, {
      format: 'csv',
      limit: 25,
      questionIds: ['QID2', 'QID3', 'QID4'],
      embeddedDataIds: ['Department'],
      surveyMetadataIds: ['startDate', 'recordedDate', 'finished'],
      timeZone: 'Europe/Berlin',
      seenUnansweredRecode: -99,
      multiselectSeenUnansweredRecode: 0,
      breakoutSets: true,
      includeDisplayOrder: false,
      newlineReplacement: ' ',
      sortByLastModifiedDate: true,
    });
    expect(table.rowCount).toBe(25);
    expect(table.format.source).toBe('qualtrics');
    const headers = table.columns.map((c) => c.header);
    expect(headers).toEqual(
      expect.arrayContaining([
        'StartDate',
        'RecordedDate',
        'Finished',
        'ENG_1',
        'eNPS',
        'Department',
      ]),
    );
    expect(headers).not.toContain('Tenure');
    expect(headers).not.toContain('Region');
    expect(headers).not.toContain('ResponseId');
    expect(col(table, 'StartDate').timeZone).toBe('Europe/Berlin');
    expect(text).toContain('""timeZone"":""Europe/Berlin""');
    // seenUnansweredRecode: a seen but unanswered matrix row is -99.
    expect(text).toMatch(/,-99,/);
  });

  test('responses in progress are exported apart', async () => {
    const { table } = await exportTable(client(box.fake).http, EX_SURVEY, {
      format: 'csv',
      exportResponsesInProgress: true,
    });
    expect(table.rowCount).toBe(12);
  });

  test('an uncompressed CSV download reads the same as the zipped one', async () => {
    const r = await runExport(
      client(box.fake).http,
      CX_SURVEY,
      { format: 'csv', compress: false },
      { sleep: fastSleep().sleep },
    );
    expect(r.contentType).toMatch(/^text\/csv/);
    const table = await readCsvBytes(new Uint8Array(r.bytes), { name: r.fileName });
    expect(table.format).toMatchObject({ source: 'qualtrics', headerRows: 3 });
    expect(table.rowCount).toBe(300);
  });

  test('JSON and NDJSON exports: the client leaves out what those formats refuse', async () => {
    for (const format of ['json', 'ndjson'] as const) {
      const r = await runExport(
        client(box.fake).http,
        CX_SURVEY,
        { format, useLabels: false, breakoutSets: false, limit: 5 },
        { sleep: fastSleep().sleep },
      );
      const file = await readExportZip(new Uint8Array(r.bytes));
      const text = new TextDecoder().decode(file.bytes);
      const records =
        format === 'json'
          ? (JSON.parse(text) as { responses: unknown[] }).responses
          : text
              .trim()
              .split('\n')
              .map((l) => JSON.parse(l) as unknown);
      expect(records).toHaveLength(5);
      expect(records[0]).toHaveProperty('responseId');
    }
  });

  test('cancelling during the polls stops the export with an AbortError', async () => {
    box.fake.setSwitches({ exportPolls: 50 });
    const controller = new AbortController();
    const progress: number[] = [];
    const err = await rejection(
      runExport(
        client(box.fake).http,
        EX_SURVEY,
        { format: 'csv' },
        {
          signal: controller.signal,
          sleep: fastSleep().sleep,
          onProgress: (p) => {
            progress.push(p);
            if (progress.length === 3) controller.abort();
          },
        },
      ),
    );
    expect(err.name).toBe('AbortError');
    expect(progress).toHaveLength(3);
  });
});
