// The 3-step response export (reference §4.5): start (POST → ES_ progress id), poll until
// `complete` (with backoff: percentComplete is cosmetic and the progress endpoint has its own
// 1000/min limit), download the file. The export start is safe to retry after a 5xx (a second
// job is only a wasted job), so it is marked so. A `failed` status or a poll that never ends
// becomes an ExportFailedError that says how to make the export smaller.
import { ExportFailedError, UnexpectedResponseError } from '../../errors';
import { defaultSleep } from '../abort';
import { num, obj, optStr, str } from '../check';
import { assertZip, contentDispositionName } from '../export-file';
import { exportRequestBody, type ExportOptions } from '../export-options';
import type { SignalLike, SleepFn } from '../fetch-types';
import { seg, type QualtricsHttp } from '../http';
import { SCOPE } from '../scopes';

export type ExportStatus = 'inProgress' | 'complete' | 'failed';

export interface ExportProgress {
  status: ExportStatus;
  percentComplete: number;
  fileId?: string;
  continuationToken?: string;
}

const STATUSES: readonly string[] = ['inProgress', 'complete', 'failed'];

function readProgress(result: unknown, what: string): ExportProgress {
  const r = obj(result, what);
  const status = str(r, 'status', what);
  if (!STATUSES.includes(status)) {
    throw new UnexpectedResponseError(
      `Qualtrics reported an export status "${status}" this app does not know (while trying to ${what}).`,
    );
  }
  return {
    status: status as ExportStatus,
    percentComplete: r.percentComplete === undefined ? 0 : num(r, 'percentComplete', what),
    fileId: optStr(r, 'fileId', what),
    continuationToken: optStr(r, 'continuationToken', what),
  };
}

const surveyRef = (id: string) => ({ kind: 'survey' as const, value: id });

/** Step 1: starts an export; the options are checked first (ValidationError). */
export async function startExport(
  http: QualtricsHttp,
  surveyId: string,
  options: ExportOptions,
  signal?: SignalLike,
): Promise<ExportProgress & { progressId: string }> {
  const body = exportRequestBody(options);
  const what = `start a response export of survey ${surveyId}`;
  const { result } = await http.json({
    method: 'POST',
    path: `/surveys/${seg(surveyId)}/export-responses`,
    body,
    signal,
    limit: 'export-start',
    retryOn5xx: true,
    what,
    ids: [surveyRef(surveyId)],
    scope: SCOPE.responses,
  });
  const progressId = str(obj(result, what), 'progressId', what);
  return { ...readProgress(result, what), progressId };
}

/** Step 2: one progress check. */
export async function exportProgress(
  http: QualtricsHttp,
  surveyId: string,
  progressId: string,
  signal?: SignalLike,
): Promise<ExportProgress> {
  const what = `check the progress of export ${progressId}`;
  const { result } = await http.json({
    method: 'GET',
    path: `/surveys/${seg(surveyId)}/export-responses/${seg(progressId)}`,
    signal,
    limit: 'export-progress',
    what,
    ids: [surveyRef(surveyId), { kind: 'export', value: progressId }],
    scope: SCOPE.responses,
  });
  return readProgress(result, what);
}

export interface ExportDownload {
  /** The zip (or, with compress:false, the raw file). */
  bytes: ArrayBuffer;
  /** From Content-Disposition when the browser may read it, else `<surveyId>.zip`. */
  fileName: string;
  contentType: string | null;
}

/** Step 3: downloads the file; a compressed download must be a zip. */
export async function downloadExport(
  http: QualtricsHttp,
  surveyId: string,
  fileId: string,
  opts: { compressed?: boolean; signal?: SignalLike; fallbackName?: string } = {},
): Promise<ExportDownload> {
  const r = await http.bytes({
    method: 'GET',
    path: `/surveys/${seg(surveyId)}/export-responses/${seg(fileId)}/file`,
    signal: opts.signal,
    limit: 'export-file',
    what: `download the export file of survey ${surveyId}`,
    ids: [surveyRef(surveyId), { kind: 'file', value: fileId }],
    scope: SCOPE.responses,
  });
  const compressed = opts.compressed ?? true;
  if (compressed) assertZip(new Uint8Array(r.bytes), r.contentType);
  const fileName =
    contentDispositionName(r.contentDisposition) ??
    opts.fallbackName ??
    `${surveyId}${compressed ? '.zip' : ''}`;
  return { bytes: r.bytes, fileName, contentType: r.contentType };
}

export interface RunExportOptions {
  signal?: SignalLike;
  onProgress?: (percent: number) => void;
  sleep?: SleepFn;
  /** First wait between polls (default 1000 ms), growing ×1.5 up to `maxPollMs` (default 10 s). */
  firstPollMs?: number;
  maxPollMs?: number;
  /** Give up after this long (default 1 hour). */
  maxWaitMs?: number;
}

export interface ExportResult extends ExportDownload {
  progressId: string;
  fileId: string;
  /** Present when allowContinuation was asked: pass it to the next export. */
  continuationToken?: string;
}

/** The whole export: start, poll with backoff and progress, download. */
export async function runExport(
  http: QualtricsHttp,
  surveyId: string,
  options: ExportOptions,
  run: RunExportOptions = {},
): Promise<ExportResult> {
  const sleep = run.sleep ?? defaultSleep;
  const started = await startExport(http, surveyId, options, run.signal);
  let p: ExportProgress = started;
  let waited = 0;
  let delay = run.firstPollMs ?? 1000;
  run.onProgress?.(p.percentComplete);
  while (p.status === 'inProgress') {
    if (waited >= (run.maxWaitMs ?? 3_600_000)) {
      throw new ExportFailedError(
        `The export of survey ${surveyId} was still not ready after ${Math.round(waited / 60_000)} minutes. ` +
          'Try again later, or export fewer responses (a date range, a filter or fewer questions).',
      );
    }
    await sleep(delay, run.signal);
    waited += delay;
    delay = Math.min(run.maxPollMs ?? 10_000, Math.round(delay * 1.5));
    p = await exportProgress(http, surveyId, started.progressId, run.signal);
    run.onProgress?.(p.percentComplete);
  }
  if (p.status === 'failed') {
    throw new ExportFailedError(
      `Qualtrics could not produce the export of survey ${surveyId} (status "failed", export ${started.progressId}). ` +
        'Exports above about 1.8 GB fail: narrow the date range, use a saved filter or choose fewer questions, then try again.',
    );
  }
  if (!p.fileId) {
    throw new UnexpectedResponseError(
      `Qualtrics reported the export of survey ${surveyId} complete but gave no file id.`,
    );
  }
  const file = await downloadExport(http, surveyId, p.fileId, {
    compressed: options.compress ?? true,
    signal: run.signal,
  });
  return {
    ...file,
    progressId: started.progressId,
    fileId: p.fileId,
    continuationToken: p.continuationToken ?? started.continuationToken,
  };
}
