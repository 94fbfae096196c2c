// The 3-step response export: option checks before sending, polling with backoff and progress,
// failed exports, continuation tokens, the download (file name, zip check) and reading the one
// member of the zip (a cut-off zip gives a clear error).
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  contentDispositionName,
  exportOptionProblems,
  exportRequestBody,
  readExportZip,
  runExport,
  type ExportOptions,
} from '../../../src/lib/qualtrics';
import { client, fail, fakeFetch, fakeSleep, ok, response, sequence } from './fake-fetch';

const SV = 'SV_3gbwq8aJgqPwQDP';
const FILE = '95260334-043d-442c-a3eb-05aa95df2e56-def';
const zipOf = (name: string, text: string) => zipSync({ [name]: new TextEncoder().encode(text) });
const CSV =
  'StartDate,Q1\r\nStart Date,How?\r\n{"ImportId":"startDate"},{"ImportId":"QID1"}\r\n2024-01-01 00:00:00,1\r\n';

async function failure(x: Promise<unknown>): Promise<Error> {
  try {
    await x;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a failure');
}

describe('export options', () => {
  it('refuses json/ndjson with useLabels, breakoutSets, timeZone… before sending', () => {
    const p = exportOptionProblems({
      format: 'json',
      useLabels: true,
      breakoutSets: true,
      timeZone: 'Europe/Paris',
    });
    expect(p.join(' ')).toMatch(/useLabels, breakoutSets, timeZone cannot be used with json/);
    expect(() => exportRequestBody({ format: 'ndjson', seenUnansweredRecode: -99 })).toThrow(
      expect.objectContaining({ name: 'ValidationError' }),
    );
  });

  it('refuses other clashes and bad values', () => {
    const all = exportOptionProblems({
      format: 'csv',
      useLabels: true,
      includeLabelColumns: true,
      filterId: 'FT_123',
      allowContinuation: true,
      startDate: '2024-02-01',
      endDate: '2024-01-01T00:00:00Z',
      limit: 0,
      questionIds: ['QID1', 'Q5', 'QID5_3_TEXT'],
      surveyMetadataIds: ['startDate', 'bogus'],
      timeZone: 'Mars/Olympus',
      seenUnansweredRecode: 1.5,
    }).join('\n');
    for (const re of [
      /includeLabelColumns cannot be combined/,
      /saved filter cannot be combined with continuation/,
      /not a saved-filter id/,
      /startDate "2024-02-01" must be an ISO-8601/,
      /limit must be/,
      /Q5, QID5_3_TEXT/,
      /Unknown surveyMetadataIds: bogus/,
      /Mars\/Olympus/,
      /seenUnansweredRecode must be a whole number/,
    ]) {
      expect(all).toMatch(re);
    }
    expect(exportOptionProblems({ format: 'xlsx' as ExportOptions['format'] }).join()).toMatch(
      /not one Qualtrics exports/,
    );
    expect(
      exportOptionProblems({
        format: 'csv',
        startDate: '2024-02-01T00:00:00Z',
        endDate: '2024-01-01T00:00:00+02:00',
      }).join(),
    ).toMatch(/before endDate/);
  });

  it('sends explicit values and every option given', () => {
    expect(exportRequestBody({ format: 'csv' })).toEqual({
      format: 'csv',
      compress: true,
      exportResponsesInProgress: false,
      useLabels: false,
      breakoutSets: true,
    });
    expect(
      exportRequestBody({
        format: 'json',
        useLabels: false,
        limit: 10,
        questionIds: [],
        continuationToken: 'CT',
        allowContinuation: true,
      }),
    ).toEqual({
      format: 'json',
      compress: true,
      exportResponsesInProgress: false,
      limit: 10,
      questionIds: [],
      continuationToken: 'CT',
      allowContinuation: true,
    });
  });
});

describe('runExport', () => {
  it('starts, polls with growing waits reporting progress, downloads the zip and returns the continuation token', async () => {
    const zip = zipOf('Beskar Armor.csv', CSV);
    const f = fakeFetch((req, i) => {
      if (i === 0) {
        return ok({ progressId: 'ES_9FZQ8Vtw1tTNtTU', percentComplete: 0.0, status: 'inProgress' });
      }
      if (i < 4) return ok({ percentComplete: i * 30, status: 'inProgress' });
      if (i === 4) {
        return ok({
          fileId: FILE,
          percentComplete: 100.0,
          status: 'complete',
          continuationToken: 'CT-NEXT',
        });
      }
      return response(200, zip, {
        'content-type': 'application/zip',
        'content-disposition': 'attachment; filename=Beskar+Armor.zip',
      });
    });
    const { http } = client(f);
    const s = fakeSleep();
    const progress: number[] = [];
    const r = await runExport(
      http,
      SV,
      { format: 'csv', allowContinuation: true },
      { sleep: s.sleep, onProgress: (p) => progress.push(p) },
    );
    expect(
      f.sent.map(
        (x) => `${x.init.method} ${x.url.replace('https://iad1.qualtrics.com/API/v3', '')}`,
      ),
    ).toEqual([
      `POST /surveys/${SV}/export-responses`,
      ...Array(4).fill(`GET /surveys/${SV}/export-responses/ES_9FZQ8Vtw1tTNtTU`),
      `GET /surveys/${SV}/export-responses/${FILE}/file`,
    ]);
    expect(JSON.parse(f.sent[0].init.body!)).toMatchObject({
      format: 'csv',
      allowContinuation: true,
      compress: true,
    });
    expect(s.waits).toEqual([1000, 1500, 2250, 3375]);
    expect(progress).toEqual([0, 30, 60, 90, 100]);
    expect(r).toMatchObject({
      fileName: 'Beskar Armor.zip',
      continuationToken: 'CT-NEXT',
      fileId: FILE,
      progressId: 'ES_9FZQ8Vtw1tTNtTU',
    });
    const inner = await readExportZip(new Uint8Array(r.bytes));
    expect(inner.name).toBe('Beskar Armor.csv');
    expect(new TextDecoder().decode(inner.bytes)).toBe(CSV);
  });

  it('passes a continuation token to the next export', async () => {
    const f = sequence(
      ok({
        progressId: 'ES_9FZQ8Vtw1tTNtTU',
        status: 'complete',
        fileId: FILE,
        percentComplete: 100,
      }),
      response(200, zipOf('a.csv', 'x')),
    );
    await runExport(
      client(f).http,
      SV,
      { format: 'csv', continuationToken: 'CT-OLD', allowContinuation: true },
      { sleep: fakeSleep().sleep },
    );
    expect(JSON.parse(f.sent[0].init.body!).continuationToken).toBe('CT-OLD');
  });

  it('a failed export → ExportFailedError saying how to make it smaller', async () => {
    const f = sequence(
      ok({ progressId: 'ES_9FZQ8Vtw1tTNtTU', status: 'inProgress', percentComplete: 0 }),
      ok({ fileId: null, percentComplete: 100, status: 'failed' }),
    );
    const e = await failure(
      runExport(client(f).http, SV, { format: 'csv' }, { sleep: fakeSleep().sleep }),
    );
    expect(e.name).toBe('ExportFailedError');
    expect(e.message).toMatch(/narrow the date range/);
  });

  it('an export that never finishes stops after maxWaitMs', async () => {
    const f = sequence(
      ok({ progressId: 'ES_9FZQ8Vtw1tTNtTU', status: 'inProgress', percentComplete: 0 }),
    );
    const e = await failure(
      runExport(
        client(f).http,
        SV,
        { format: 'csv' },
        { sleep: fakeSleep().sleep, maxWaitMs: 20_000 },
      ),
    );
    expect(e.name).toBe('ExportFailedError');
  });

  it('retries the export start after a 503 (safe: a second job is only wasted) and polls through a 500', async () => {
    const f = sequence(
      fail(503),
      ok({ progressId: 'ES_9FZQ8Vtw1tTNtTU', status: 'inProgress', percentComplete: 0 }),
      fail(500),
      ok({ status: 'complete', fileId: FILE, percentComplete: 100 }),
      response(200, zipOf('a.csv', 'x')),
    );
    const r = await runExport(client(f).http, SV, { format: 'csv' }, { sleep: fakeSleep().sleep });
    expect(r.fileId).toBe(FILE);
    expect(f.sent).toHaveLength(5);
  });

  it('invalid options are refused before any request', async () => {
    const f = sequence(ok({}));
    const e = await failure(runExport(client(f).http, SV, { format: 'json', useLabels: true }));
    expect(e.name).toBe('ValidationError');
    expect(f.sent).toHaveLength(0);
  });

  it('an unknown status or a complete export without fileId → UnexpectedResponseError', async () => {
    const odd = sequence(
      ok({ progressId: 'ES_9FZQ8Vtw1tTNtTU', status: 'weird', percentComplete: 0 }),
    );
    expect((await failure(runExport(client(odd).http, SV, { format: 'csv' }))).name).toBe(
      'UnexpectedResponseError',
    );
    const noFile = sequence(
      ok({ progressId: 'ES_9FZQ8Vtw1tTNtTU', status: 'complete', percentComplete: 100 }),
    );
    expect((await failure(runExport(client(noFile).http, SV, { format: 'csv' }))).message).toMatch(
      /no file id/,
    );
    const wrongType = sequence(ok({ progressId: 42, status: 'inProgress' }));
    expect(
      (await failure(runExport(client(wrongType).http, SV, { format: 'csv' }))).message,
    ).toMatch(/"progressId" of an unexpected kind \(expected text, got number\)/);
  });

  it('aborting during the poll wait stops the export', async () => {
    const ctl = new AbortController();
    const f = sequence(
      ok({ progressId: 'ES_9FZQ8Vtw1tTNtTU', status: 'inProgress', percentComplete: 0 }),
    );
    const e = await failure(
      runExport(
        client(f).http,
        SV,
        { format: 'csv' },
        { signal: ctl.signal, onProgress: () => ctl.abort() },
      ),
    );
    expect(e.name).toBe('AbortError');
    expect(f.sent).toHaveLength(1);
  });

  it('a download that is an HTML page, or a cut-off zip, gives a clear error', async () => {
    const html = sequence(
      ok({
        progressId: 'ES_9FZQ8Vtw1tTNtTU',
        status: 'complete',
        fileId: FILE,
        percentComplete: 100,
      }),
      response(200, '<html>Session expired</html>', { 'content-type': 'text/html' }),
    );
    const e = await failure(
      runExport(client(html).http, SV, { format: 'csv' }, { sleep: fakeSleep().sleep }),
    );
    expect(e.name).toBe('UnexpectedResponseError');
    expect(e.message).toMatch(/not a zip file.*HTML/);
    const zip = zipOf('big.csv', CSV.repeat(50));
    const cut = await failure(readExportZip(zip.subarray(0, Math.floor(zip.length / 2))));
    expect(cut.name).toBe('UnexpectedResponseError');
    expect(cut.message).toMatch(/could not be unpacked.*damaged/);
  });

  it('a zip with several files is refused', async () => {
    const two = zipSync({ 'a.csv': new Uint8Array([65]), 'b.csv': new Uint8Array([66]) });
    expect((await failure(readExportZip(two))).message).toMatch(/holds 2 files/);
  });
});

describe('contentDispositionName', () => {
  it.each([
    ['attachment; filename=Beskar+Armor.zip', 'Beskar Armor.zip'],
    ['attachment; filename="Caf%C3%A9 survey.zip"', 'Café survey.zip'],
    ["attachment; filename*=UTF-8''%C3%89t%C3%A9.zip", 'Été.zip'],
    ['attachment; filename="../../etc/passwd"', '.._.._etc_passwd'],
    ['attachment', undefined],
    [null, undefined],
  ])('%s → %s', (header, name) => {
    expect(contentDispositionName(header)).toBe(name);
  });

  it('falls back to the survey id when the header is not readable (CORS)', async () => {
    const f = sequence(
      ok({
        progressId: 'ES_9FZQ8Vtw1tTNtTU',
        status: 'complete',
        fileId: FILE,
        percentComplete: 100,
      }),
      response(200, zipOf('a.csv', 'x')),
    );
    expect((await runExport(client(f).http, SV, { format: 'csv' })).fileName).toBe(`${SV}.zip`);
  });
});
