// The fake server's API v3 endpoints (reference §4): whoami, surveys and their two models,
// saved filters, the 3-step response export with continuation tokens, single responses, XM
// Directory (directories, mailing lists, contacts, transactioncontacts bulk import), libraries
// and messages, distributions (create, list, get, history, links, reminders) and the JSON
// event trigger. Each route names the OAuth scope it needs and its rate-limit bucket.
import { zipSync } from 'fflate';
import { BRAND, CREDENTIALS, METADATA, USERS, makeResponse } from './data.mjs';
import { exportFile, jsonRecord } from './export-file.mjs';
import { offsetPage, sendError, sendMetaOnly, sendResult, skipTokenPage } from './http.mjs';
import { simplifiedSurvey, surveyDefinition } from './survey-models.mjs';

/** @typedef {import('./http.mjs').Ctx} Ctx */
/** @typedef {import('./server.mjs').FakeState} FakeState */
/** @typedef {ReturnType<typeof import('./data.mjs').makeWorld>['surveys'][number]} Survey */
/**
 * @typedef {{ method: string, pattern: RegExp, scope: string | null, rate?: string,
 *   handler: (ctx: Ctx, state: FakeState) => void }} Route
 */

/** Reads the JSON body; answers 400 and returns undefined when it is not a JSON object. @param {Ctx} ctx */
function jsonBody(ctx) {
  try {
    const v = JSON.parse(ctx.body?.toString('utf8') || 'null');
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      return /** @type {Record<string, any>} */ (v);
    }
  } catch {
    // answered below
  }
  sendError(ctx, 400, 'BAD_REQUEST', 'The request body must be a JSON object.');
  return undefined;
}

/** @param {FakeState} state @param {Ctx} ctx @returns {Survey | undefined} */
function findSurvey(state, ctx) {
  const survey = state.world.surveys.find((s) => s.id === ctx.params[0]);
  if (!survey) {
    sendError(
      ctx,
      404,
      'NOT_FOUND',
      `Survey ${ctx.params[0]} was not found (survey ids look like SV_xxxxxxxxxxxxxxx).`,
    );
  }
  return survey;
}

/** @param {string} text */
const isoDate = (text) => {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(text)) return NaN;
  return Date.parse(text);
};

/** @param {number} ms */
const isoSeconds = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

// ---------------------------------------------------------------------------------- exports

const EXPORT_FIELDS = /** @type {Record<string, 'boolean'|'string'|'number'|'string[]'>} */ ({
  format: 'string',
  compress: 'boolean',
  startDate: 'string',
  endDate: 'string',
  limit: 'number',
  useLabels: 'boolean',
  includeLabelColumns: 'boolean',
  seenUnansweredRecode: 'number',
  multiselectSeenUnansweredRecode: 'number',
  breakoutSets: 'boolean',
  includeDisplayOrder: 'boolean',
  formatDecimalAsComma: 'boolean',
  timeZone: 'string',
  newlineReplacement: 'string',
  questionIds: 'string[]',
  embeddedDataIds: 'string[]',
  surveyMetadataIds: 'string[]',
  exportResponsesInProgress: 'boolean',
  filterId: 'string',
  allowContinuation: 'boolean',
  continuationToken: 'string',
  sortByLastModifiedDate: 'boolean',
});
/** Options Qualtrics refuses with json/ndjson (labels are always included there). */
const NOT_WITH_JSON = [
  'useLabels',
  'includeLabelColumns',
  'seenUnansweredRecode',
  'multiselectSeenUnansweredRecode',
  'breakoutSets',
  'includeDisplayOrder',
  'formatDecimalAsComma',
  'timeZone',
  'newlineReplacement',
];
const METADATA_IDS = [...METADATA.map(([id]) => id), 'externalReference'];

/**
 * Checks an export request; returns the error message or the chosen responses.
 * @param {FakeState} state @param {Survey} survey @param {Record<string, any>} b
 */
function planExport(state, survey, b) {
  for (const [key, value] of Object.entries(b)) {
    const type = EXPORT_FIELDS[key];
    if (!type) return `Unrecognized field "${key}" in the request body (names are case-sensitive).`;
    const ok =
      type === 'string[]'
        ? Array.isArray(value) && value.every((v) => typeof v === 'string')
        : type === 'number'
          ? Number.isInteger(value)
          : typeof value === type;
    if (!ok) {
      return `Field "${key}" must be ${type === 'string[]' ? 'an array of strings' : `a ${type}`}.`;
    }
  }
  if (b.format === undefined) return 'Missing required field "format".';
  if (!['csv', 'tsv', 'json', 'ndjson', 'spss', 'xml'].includes(b.format)) {
    return `Invalid format "${b.format}": one of csv, tsv, json, ndjson, spss, xml.`;
  }
  if (b.format === 'spss') return 'The fake Qualtrics server does not generate SPSS files.';
  if (b.format === 'json' || b.format === 'ndjson') {
    const bad = NOT_WITH_JSON.filter((k) => k in b);
    if (bad.length > 0) return `${bad.join(', ')} cannot be used with the ${b.format} format.`;
  }
  if (b.useLabels === true && b.includeLabelColumns === true) {
    return 'useLabels cannot be combined with includeLabelColumns.';
  }
  if (
    b.filterId !== undefined &&
    (b.allowContinuation === true ||
      b.continuationToken !== undefined ||
      b.sortByLastModifiedDate === true)
  ) {
    return 'filterId cannot be combined with allowContinuation, continuationToken or sortByLastModifiedDate.';
  }
  if (b.limit !== undefined && b.limit < 1) return 'limit must be a positive integer.';
  const start = b.startDate === undefined ? -Infinity : isoDate(b.startDate);
  const end = b.endDate === undefined ? Infinity : isoDate(b.endDate);
  if (Number.isNaN(start) || Number.isNaN(end)) {
    return 'startDate and endDate must be ISO-8601 date-times with Z or an offset.';
  }
  if (b.timeZone !== undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: b.timeZone });
    } catch {
      return `Invalid timeZone "${b.timeZone}" (an IANA name such as Europe/Berlin).`;
    }
  }
  for (const qid of b.questionIds ?? []) {
    if (!/^QID\d+$/.test(qid)) {
      return `Invalid question id "${qid}": questionIds take QIDs only (e.g. QID5).`;
    }
    if (!survey.questions.some((q) => q.qid === qid)) {
      return `Question ${qid} is not in survey ${survey.id}.`;
    }
  }
  for (const id of b.surveyMetadataIds ?? []) {
    if (!METADATA_IDS.includes(id)) return `Unknown survey metadata id "${id}".`;
  }
  for (const id of b.embeddedDataIds ?? []) {
    if (!(id in survey.embedded)) return `Unknown embedded data field "${id}".`;
  }
  let filter = /** @type {((r: any) => boolean) | null} */ (null);
  if (b.filterId !== undefined) {
    const f = survey.filters.find((x) => x.filterId === b.filterId);
    if (!f) return `Filter ${b.filterId} was not found for survey ${survey.id}.`;
    filter = f.test;
  }
  let after = 0;
  if (b.continuationToken !== undefined) {
    const c = state.continuation.get(b.continuationToken);
    if (!c || c.surveyId !== survey.id) return 'Invalid or expired continuationToken.';
    after = c.watermark;
  }
  const inProgress = b.exportResponsesInProgress === true;
  const when = (/** @type {any} */ r) => (inProgress ? r.startDate : r.recordedDate);
  let chosen = survey.responses
    .filter((r) => r.inProgress === inProgress && r.seq > after)
    .filter((r) => when(r) >= start && when(r) < end)
    .filter((r) => !filter || filter(r))
    .sort((x, y) => when(x) - when(y));
  const limited = b.limit !== undefined && chosen.length > b.limit;
  if (limited) chosen = chosen.slice(0, b.limit);
  const watermark = limited ? Math.max(after, ...chosen.map((r) => r.seq)) : survey.nextSeq - 1;
  return { chosen, watermark };
}

/** @param {Ctx} ctx @param {FakeState} state */
function startExport(ctx, state) {
  const survey = findSurvey(state, ctx);
  if (!survey) return;
  if (state.switches.proxyExport400 && ctx.notice) {
    sendError(
      ctx,
      400,
      'BAD_REQUEST',
      `Exports are not available through this host. ${ctx.notice}`,
    );
    return;
  }
  const b = jsonBody(ctx);
  if (!b) return;
  const plan = planExport(state, survey, b);
  if (typeof plan === 'string') {
    sendError(ctx, 400, 'BAD_REQUEST', plan);
    return;
  }
  const file = exportFile(survey, plan.chosen, /** @type {any} */ (b));
  const progressId = state.world.rnd.id('ES_');
  const fileId = `${state.world.rnd.uuid()}-def`;
  let continuationToken;
  if (b.allowContinuation === true || b.continuationToken !== undefined) {
    continuationToken = state.world.rnd.id('');
    state.continuation.set(continuationToken, { surveyId: survey.id, watermark: plan.watermark });
  }
  state.jobs.set(progressId, {
    surveyId: survey.id,
    polls: 0,
    needed: state.switches.exportPolls,
    outcome: state.switches.exportOutcome,
    fileId,
    continuationToken,
    responseCount: plan.chosen.length,
  });
  state.files.set(fileId, {
    surveyId: survey.id,
    ...file,
    compress: b.compress !== false,
    name: survey.name,
  });
  sendResult(ctx, { progressId, percentComplete: 0.0, status: 'inProgress' });
}

/** @param {Ctx} ctx @param {FakeState} state */
function exportProgress(ctx, state) {
  const survey = findSurvey(state, ctx);
  if (!survey) return;
  const job = state.jobs.get(ctx.params[1]);
  if (!job || job.surveyId !== survey.id) {
    sendError(
      ctx,
      404,
      'NOT_FOUND',
      `Export ${ctx.params[1]} was not found for survey ${survey.id}.`,
    );
    return;
  }
  job.polls++;
  if (job.polls <= job.needed) {
    const pct = Math.round((1000 * job.polls) / (job.needed + 1)) / 10;
    sendResult(ctx, { percentComplete: pct, status: 'inProgress' });
  } else if (job.outcome === 'failed') {
    sendResult(ctx, { fileId: null, percentComplete: 100, status: 'failed' });
  } else {
    sendResult(ctx, {
      fileId: job.fileId,
      percentComplete: 100.0,
      status: 'complete',
      ...(job.continuationToken ? { continuationToken: job.continuationToken } : {}),
    });
  }
}

/** Survey name as Qualtrics puts it in Content-Disposition: form-encoded, spaces as `+`. @param {string} name */
export const dispositionName = (name) => new URLSearchParams({ n: name }).toString().slice(2);

/** @param {Ctx} ctx @param {FakeState} state */
function exportDownload(ctx, state) {
  const survey = findSurvey(state, ctx);
  if (!survey) return;
  const file = state.files.get(ctx.params[1]);
  const job = [...state.jobs.values()].find((j) => j.fileId === ctx.params[1]);
  if (
    !file ||
    file.surveyId !== survey.id ||
    !job ||
    job.polls <= job.needed ||
    job.outcome === 'failed'
  ) {
    sendError(
      ctx,
      404,
      'NOT_FOUND',
      `File ${ctx.params[1]} was not found for survey ${survey.id}.`,
    );
    return;
  }
  const headers = {
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'request-time': String(Date.now() - ctx.started),
    ...ctx.headers,
  };
  if (file.compress) {
    const zip = zipSync({ [`${file.name}.${file.ext}`]: file.bytes }, { level: 6 });
    ctx.res
      .writeHead(200, {
        ...headers,
        'content-type': 'application/zip',
        'content-disposition': `attachment; filename=${dispositionName(file.name)}.zip`,
        'content-length': String(zip.length),
      })
      .end(zip);
  } else {
    ctx.res
      .writeHead(200, {
        ...headers,
        'content-type': file.contentType,
        'content-disposition': `attachment; filename=${dispositionName(file.name)}.${file.ext}`,
        'content-length': String(file.bytes.length),
      })
      .end(file.bytes);
  }
}

// ---------------------------------------------------------------------------- directory

/** @param {FakeState} state @param {Ctx} ctx */
function findDirectory(state, ctx) {
  if (ctx.params[0] === state.world.directory.directoryId) return true;
  sendError(
    ctx,
    404,
    'NOT_FOUND',
    `Directory ${ctx.params[0]} was not found (directory ids look like POOL_xxxxxxxxxxxxxxx).`,
  );
  return false;
}

/** @param {FakeState} state @param {Ctx} ctx */
function findList(state, ctx) {
  if (!findDirectory(state, ctx)) return undefined;
  const list = state.world.lists.find((l) => l.mailingListId === ctx.params[1]);
  if (!list) {
    sendError(
      ctx,
      404,
      'NOT_FOUND',
      `Mailing list ${ctx.params[1]} was not found (mailing list ids look like CG_xxxxxxxxxxxxxxx).`,
    );
  }
  return list;
}

/** @param {any} c @param {boolean} embedded @param {string} [listId] */
function contactView(c, embedded, listId) {
  return {
    contactId: c.contactId,
    firstName: c.firstName,
    lastName: c.lastName,
    email: c.email,
    phone: c.phone,
    extRef: c.extRef,
    language: c.language,
    unsubscribed: c.unsubscribed,
    ...(listId
      ? { mailingListUnsubscribed: c.unsubscribed, contactLookupId: `MLRP_${c.contactId.slice(4)}` }
      : {}),
    ...(embedded ? { embeddedData: c.embeddedData } : {}),
  };
}

/** @param {Ctx} ctx @param {Record<string, any>} b */
function contactError(ctx, b) {
  for (const k of ['firstName', 'lastName', 'email', 'phone', 'extRef', 'language']) {
    if (b[k] !== undefined && typeof b[k] !== 'string') return `${k} must be a string.`;
  }
  if (
    b.embeddedData !== undefined &&
    (typeof b.embeddedData !== 'object' || b.embeddedData === null)
  ) {
    return 'embeddedData must be an object.';
  }
  if (b.unsubscribed !== undefined && typeof b.unsubscribed !== 'boolean') {
    return 'unsubscribed must be a boolean.';
  }
  if (!b.email && !b.phone && !b.extRef) return 'A contact needs an email, phone or extRef.';
  void ctx;
  return null;
}

/** @param {FakeState} state @param {Record<string, any>} b @param {string[]} lists */
function addContact(state, b, lists) {
  const contact = {
    contactId: state.world.rnd.id('CID_'),
    firstName: b.firstName ?? '',
    lastName: b.lastName ?? '',
    email: b.email ?? '',
    phone: b.phone ?? '',
    extRef: b.extRef ?? '',
    language: b.language ?? 'EN',
    unsubscribed: b.unsubscribed ?? false,
    embeddedData: { ...(b.embeddedData ?? {}) },
    lists,
    creationDate: Date.now(),
  };
  state.world.contacts.push(contact);
  return contact;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Completes a bulk import: adds or updates contacts, counts failures. @param {FakeState} state @param {any} imp */
function applyImport(state, imp) {
  let added = 0;
  let updated = 0;
  let created = 0;
  /** @type {string[]} */
  const invalidEmails = [];
  for (const c of imp.input) {
    if (c.email !== undefined && !EMAIL.test(c.email)) {
      invalidEmails.push(String(c.email));
      continue;
    }
    const existing = c.email ? state.world.contacts.find((x) => x.email === c.email) : undefined;
    if (existing) {
      Object.assign(existing, {
        ...c,
        embeddedData: { ...existing.embeddedData, ...(c.embeddedData ?? {}) },
      });
      delete (/** @type {any} */ (existing).transactionData);
      if (!existing.lists.includes(imp.listId)) existing.lists.push(imp.listId);
      updated++;
    } else {
      addContact(state, c, [imp.listId]);
      added++;
    }
    if (c.transactionData) created++;
  }
  imp.result = { added, updated, failed: invalidEmails.length, created, invalidEmails };
}

// ------------------------------------------------------------------------------ distributions

const HISTORY_STATUSES = [
  'SurveyFinished',
  'SurveyFinished',
  'SurveyStarted',
  'Opened',
  'Success',
  'Success',
  'HardBounce',
  'Skipped',
];

/**
 * Creates a distribution with its per-contact history.
 * @param {FakeState} state
 * @param {{ surveyId: string, mailingListId: string, requestType: string, sendDate: number,
 *   message: any, headers: any, linkType: string, expirationDate: string | null,
 *   parentDistributionId?: string | null, embeddedData?: any, ownerId: string }} d
 * @param {boolean} [seeded] history with responses (past distributions) or all pending/sent
 */
export function createDistribution(state, d, seeded = false) {
  const id = state.world.rnd.id('EMD_');
  const contacts = state.world.contacts.filter(
    (c) => c.lists.includes(d.mailingListId) && !c.unsubscribed,
  );
  const pending = d.sendDate > Date.now();
  const history = contacts.map((c, i) => {
    const status = pending
      ? 'Pending'
      : seeded
        ? HISTORY_STATUSES[(i * 7 + 3) % HISTORY_STATUSES.length]
        : 'Success';
    const started = status === 'SurveyFinished' || status === 'SurveyStarted';
    const sentAt = pending || status === 'Skipped' ? null : isoSeconds(d.sendDate + i * 1000);
    return {
      contactId: c.contactId,
      contactLookupId: `MLRP_${c.contactId.slice(4)}`,
      distributionId: id,
      status,
      surveyLink: `https://${BRAND.brandId}.${BRAND.datacenter}.qualtrics.com/jfe/form/${d.surveyId}?Q_CHL=email&Q_DL=${id}_${d.surveyId.slice(3)}_MLRP_${c.contactId.slice(4)}`,
      contactFrequencyRuleId: null,
      responseId: started ? state.world.rnd.id(status === 'SurveyFinished' ? 'R_' : 'FS_') : null,
      responseCompletedAt:
        status === 'SurveyFinished' ? isoSeconds(d.sendDate + 3_600_000 + i * 60_000) : null,
      sentAt,
      openedAt:
        started || status === 'Opened' ? isoSeconds(d.sendDate + 1_800_000 + i * 60_000) : null,
      responseStartedAt: started ? isoSeconds(d.sendDate + 3_000_000 + i * 60_000) : null,
      surveySessionId: started ? state.world.rnd.id('FS_') : null,
      email: c.email,
      firstName: c.firstName,
      lastName: c.lastName,
      externalDataReference: c.extRef,
      unsubscribed: c.unsubscribed,
    };
  });
  const dist = {
    id,
    parentDistributionId: d.parentDistributionId ?? null,
    ownerId: d.ownerId,
    organizationId: BRAND.brandId,
    requestStatus: pending ? 'Pending' : 'Done',
    requestType: d.requestType,
    sendDate: isoSeconds(d.sendDate),
    createdDate: isoSeconds(Math.min(Date.now(), d.sendDate)),
    modifiedDate: isoSeconds(Math.min(Date.now(), d.sendDate)),
    customHeaders: {},
    headers: d.headers,
    recipients: {
      mailingListId: d.mailingListId,
      contactId: null,
      libraryId: null,
      sampleId: null,
    },
    message: d.message,
    surveyLink: { surveyId: d.surveyId, expirationDate: d.expirationDate, linkType: d.linkType },
    embeddedData: d.embeddedData ?? null,
    history,
  };
  state.world.distributions.push(dist);
  return dist;
}

/** @param {any} dist */
function distributionStats(dist) {
  /** @param {string[]} s */
  const count = (...s) =>
    dist.history.filter((/** @type {any} */ h) => s.includes(h.status)).length;
  return {
    sent: dist.history.filter(
      (/** @type {any} */ h) => h.sentAt !== null && h.status !== 'HardBounce',
    ).length,
    failed: count('Failure', 'Error'),
    started: count('SurveyStarted', 'SurveyFinished'),
    bounced: count('HardBounce', 'SoftBounce'),
    opened: count('Opened', 'SurveyStarted', 'SurveyFinished'),
    skipped: count('Skipped'),
    finished: count('SurveyFinished'),
    complaints: count('Complaint'),
    blocked: count('Blocked'),
  };
}

/** @param {any} dist */
function distributionView(dist) {
  const { history: _history, ...rest } = dist;
  return { ...rest, stats: distributionStats(dist) };
}

/** Seeds past distributions for the surveys (history with responses). @param {FakeState} state */
export function seedDistributions(state) {
  const [employees, , customers] = state.world.lists;
  const lib = USERS[0].userId;
  const invite = state.world.messages.find((m) => m.libraryId === lib && m.category === 'invite');
  const reminder = state.world.messages.find(
    (m) => m.libraryId === lib && m.category === 'reminder',
  );
  const headers = {
    fromEmail: 'noreply@qualtrics.com',
    replyToEmail: 'people@xo-bridge.example',
    fromName: 'People Team',
    subject: 'Your voice counts',
  };
  const ex = createDistribution(
    state,
    {
      surveyId: state.world.surveys[0].id,
      mailingListId: employees.mailingListId,
      requestType: 'Invite',
      sendDate: Date.parse('2026-01-05T07:00:00Z'),
      message: { libraryId: lib, messageId: invite?.id, messageText: null, messageType: 'Library' },
      headers,
      linkType: 'Individual',
      expirationDate: '2026-03-31T00:00:00Z',
      ownerId: lib,
    },
    true,
  );
  createDistribution(
    state,
    {
      surveyId: state.world.surveys[0].id,
      mailingListId: employees.mailingListId,
      requestType: 'Reminder',
      sendDate: Date.parse('2026-01-12T07:00:00Z'),
      message: {
        libraryId: lib,
        messageId: reminder?.id,
        messageText: null,
        messageType: 'Library',
      },
      headers,
      linkType: 'Individual',
      expirationDate: '2026-03-31T00:00:00Z',
      parentDistributionId: ex.id,
      ownerId: lib,
    },
    true,
  );
  createDistribution(
    state,
    {
      surveyId: state.world.surveys[1].id,
      mailingListId: customers.mailingListId,
      requestType: 'Invite',
      sendDate: Date.parse('2026-01-02T06:00:00Z'),
      message: {
        libraryId: 'GR_2Ab4Cd6Ef8Gh0Ij',
        messageId: state.world.messages[4].id,
        messageText: null,
        messageType: 'Library',
      },
      headers: { ...headers, fromName: 'Acme', subject: 'How did we do?' },
      linkType: 'Individual',
      expirationDate: null,
      ownerId: lib,
    },
    true,
  );
}

/** @param {FakeState} state @param {Ctx} ctx */
function findDistribution(state, ctx) {
  const dist = state.world.distributions.find((d) => d.id === ctx.params[0]);
  if (!dist) {
    sendError(
      ctx,
      404,
      'NOT_FOUND',
      `Distribution ${ctx.params[0]} was not found (distribution ids look like EMD_xxxxxxxxxxxxxxx).`,
    );
  }
  return dist;
}

/** @param {FakeState} state @param {Ctx} ctx @param {Record<string, any>} b */
function createDistributionRequest(state, ctx, b) {
  const user = /** @type {NonNullable<Ctx['auth']>} */ (ctx.auth).userId;
  /** @param {string} msg */
  const bad = (msg) => sendError(ctx, 400, 'BAD_REQUEST', msg);
  if (b.action === 'CreateDistribution') {
    // "Generate links only": flat body (reference §4.9).
    for (const k of ['surveyId', 'linkType', 'description', 'mailingListId']) {
      if (typeof b[k] !== 'string') return bad(`Missing required field "${k}".`);
    }
    if (!state.world.surveys.some((s) => s.id === b.surveyId)) {
      return bad(`Survey ${b.surveyId} was not found.`);
    }
    if (!state.world.lists.some((l) => l.mailingListId === b.mailingListId)) {
      return bad(`Mailing list ${b.mailingListId} was not found.`);
    }
    const dist = createDistribution(state, {
      surveyId: b.surveyId,
      mailingListId: b.mailingListId,
      requestType: 'GeneratedInvite',
      sendDate: Date.now(),
      message: { libraryId: null, messageId: null, messageText: null, messageType: null },
      headers: { fromEmail: null, replyToEmail: null, fromName: null },
      linkType: b.linkType,
      expirationDate: b.expirationDate ?? null,
      ownerId: user,
    });
    for (const h of dist.history) h.status = 'Email not sent';
    return sendResult(ctx, { id: dist.id });
  }
  const { message, recipients, header, surveyLink, sendDate } = b;
  if (typeof message !== 'object' || message === null) {
    return bad('Missing required field "message".');
  }
  if (message.messageText === undefined) {
    if (
      !state.world.messages.some(
        (m) => m.libraryId === message.libraryId && m.id === message.messageId,
      )
    ) {
      return bad(`Message ${message.messageId} was not found in library ${message.libraryId}.`);
    }
  }
  if (typeof recipients !== 'object' || recipients === null) {
    return bad('Missing required field "recipients".');
  }
  if (!state.world.lists.some((l) => l.mailingListId === recipients.mailingListId)) {
    return bad(`Mailing list ${recipients.mailingListId} was not found.`);
  }
  if (
    typeof header !== 'object' ||
    header === null ||
    !header.fromEmail ||
    !header.subject ||
    !header.fromName
  ) {
    return bad('header needs fromEmail, fromName and subject.');
  }
  if (
    typeof surveyLink !== 'object' ||
    surveyLink === null ||
    !state.world.surveys.some((s) => s.id === surveyLink.surveyId)
  ) {
    return bad('surveyLink.surveyId must name an existing survey.');
  }
  if (!['Individual', 'Multiple', 'Anonymous'].includes(surveyLink.type)) {
    return bad('surveyLink.type must be Individual, Multiple or Anonymous.');
  }
  const when = typeof sendDate === 'string' ? isoDate(sendDate) : NaN;
  if (Number.isNaN(when)) return bad('sendDate must be an ISO-8601 date-time.');
  const dist = createDistribution(state, {
    surveyId: surveyLink.surveyId,
    mailingListId: recipients.mailingListId,
    requestType: 'Invite',
    sendDate: when,
    message: {
      libraryId: message.libraryId ?? null,
      messageId: message.messageId ?? null,
      messageText: message.messageText ?? null,
      messageType: message.messageText !== undefined ? 'Inline' : 'Library',
    },
    headers: {
      fromEmail: header.fromEmail,
      replyToEmail: header.replyToEmail ?? null,
      fromName: header.fromName,
      subject: header.subject,
    },
    linkType: surveyLink.type,
    expirationDate: surveyLink.expirationDate ?? null,
    embeddedData: b.embeddedData ?? null,
    ownerId: user,
  });
  return sendResult(ctx, { id: dist.id });
}

// --------------------------------------------------------------------------------- routes

const ID = '([A-Za-z0-9_-]+)';
/** @param {string} path */
const re = (path) => new RegExp(`^/API/v3${path.replaceAll('{}', ID)}$`);

/** @type {Route[]} */
export const ROUTES = [
  {
    method: 'GET',
    pattern: re('/whoami'),
    scope: 'read:users',
    handler: (ctx) => {
      const u = USERS.find((x) => x.userId === ctx.auth?.userId) ?? USERS[0];
      sendResult(ctx, { ...u, brandId: BRAND.brandId, datacenter: BRAND.datacenter });
    },
  },
  {
    method: 'GET',
    pattern: re('/surveys'),
    scope: 'read:surveys',
    handler: (ctx, state) => {
      const items = state.world.surveys.map((s) => ({
        id: s.id,
        name: s.name,
        ownerId: s.ownerId,
        lastModified: s.lastModified,
        creationDate: s.creationDate,
        isActive: s.isActive,
      }));
      sendResult(ctx, offsetPage(ctx, items, state.switches.offsetPageSize));
    },
  },
  {
    method: 'GET',
    pattern: re('/surveys/{}'),
    scope: 'read:surveys',
    handler: (ctx, state) => {
      const s = findSurvey(state, ctx);
      if (s) sendResult(ctx, simplifiedSurvey(s));
    },
  },
  {
    method: 'GET',
    pattern: re('/survey-definitions/{}'),
    scope: 'read:surveys',
    handler: (ctx, state) => {
      const s = findSurvey(state, ctx);
      if (s) sendResult(ctx, surveyDefinition(s));
    },
  },
  {
    method: 'GET',
    pattern: re('/surveys/{}/filters'),
    // Why read:survey_responses: saved filters are part of Qualtrics' Response Imports/Exports
    // spec (reference, source GEN), they only serve exports, and the client names this scope.
    scope: 'read:survey_responses',
    handler: (ctx, state) => {
      const s = findSurvey(state, ctx);
      if (!s) return;
      const elements = s.filters.map(({ filterId, filterName, creationDate }) => ({
        filterId,
        filterName,
        creationDate,
      }));
      sendResult(ctx, { elements, nextPage: null });
    },
  },
  {
    method: 'POST',
    pattern: re('/surveys/{}/export-responses'),
    scope: 'read:survey_responses',
    rate: 'exportStart',
    handler: startExport,
  },
  {
    method: 'GET',
    pattern: re('/surveys/{}/export-responses/(ES_[A-Za-z0-9]+)'),
    scope: 'read:survey_responses',
    rate: 'exportProgress',
    handler: exportProgress,
  },
  {
    method: 'GET',
    pattern: re('/surveys/{}/export-responses/{}/file'),
    scope: 'read:survey_responses',
    rate: 'exportFile',
    handler: exportDownload,
  },
  {
    method: 'GET',
    pattern: re('/surveys/{}/responses/{}'),
    scope: 'read:survey_responses',
    rate: 'singleResponse',
    handler: (ctx, state) => {
      const s = findSurvey(state, ctx);
      if (!s) return;
      const r = s.responses.find((x) => x.responseId === ctx.params[1]);
      if (!r) {
        sendError(
          ctx,
          404,
          'NOT_FOUND',
          `Response ${ctx.params[1]} was not found (response ids look like R_xxxxxxxxxxxxxxx).`,
        );
      } else sendResult(ctx, jsonRecord(s, r, {}));
    },
  },
  {
    method: 'GET',
    pattern: re('/directories'),
    scope: 'read:directories',
    handler: (ctx, state) => {
      const d = state.world.directory;
      sendResult(ctx, {
        elements: [
          {
            directoryId: d.directoryId,
            name: d.name,
            contactCount: state.world.contacts.length,
            isDefault: true,
            deduplicationCriteria: {
              email: true,
              firstName: false,
              lastName: false,
              externalDataReference: false,
              phone: false,
            },
          },
        ],
        nextPage: null,
      });
    },
  },
  {
    method: 'GET',
    pattern: re('/directories/{}/mailinglists'),
    scope: 'read:mailing_lists',
    handler: (ctx, state) => {
      if (!findDirectory(state, ctx)) return;
      const items = state.world.lists.map((l) => ({
        ...l,
        contactCount: state.world.contacts.filter((c) => c.lists.includes(l.mailingListId)).length,
      }));
      const p = skipTokenPage(ctx, items, state.switches.skipTokenPageSize, 100);
      if (p.error) sendError(ctx, 400, 'BAD_REQUEST', p.error);
      else sendResult(ctx, p.page);
    },
  },
  {
    method: 'POST',
    pattern: re('/directories/{}/mailinglists'),
    scope: 'write:mailing_lists',
    handler: (ctx, state) => {
      if (!findDirectory(state, ctx)) return;
      const b = jsonBody(ctx);
      if (!b) return;
      if (typeof b.name !== 'string' || b.name.trim() === '') {
        sendError(ctx, 400, 'BAD_REQUEST', 'Missing required field "name".');
        return;
      }
      const id = state.world.rnd.id('CG_');
      state.world.lists.push({
        mailingListId: id,
        name: b.name,
        ownerId: b.ownerId ?? ctx.auth?.userId ?? USERS[0].userId,
        creationDate: Date.now(),
        lastModifiedDate: Date.now(),
      });
      sendResult(ctx, { id });
    },
  },
  {
    method: 'GET',
    pattern: re('/directories/{}/mailinglists/{}'),
    scope: 'read:mailing_lists',
    handler: (ctx, state) => {
      const l = findList(state, ctx);
      if (l) {
        sendResult(ctx, {
          ...l,
          contactCount: state.world.contacts.filter((c) => c.lists.includes(l.mailingListId))
            .length,
        });
      }
    },
  },
  {
    method: 'GET',
    pattern: re('/directories/{}/mailinglists/{}/contacts'),
    scope: 'read:mailing_list_contacts',
    handler: (ctx, state) => {
      const l = findList(state, ctx);
      if (!l) return;
      const embedded = ctx.url.searchParams.get('includeEmbedded') === 'true';
      const items = state.world.contacts
        .filter((c) => c.lists.includes(l.mailingListId))
        .map((c) => contactView(c, embedded, l.mailingListId));
      // Why: Qualtrics caps mailing-list contact pages at 50 (reference §1.6).
      const p = skipTokenPage(ctx, items, state.switches.skipTokenPageSize, 50);
      if (p.error) sendError(ctx, 400, 'BAD_REQUEST', p.error);
      else sendResult(ctx, p.page);
    },
  },
  {
    method: 'POST',
    pattern: re('/directories/{}/mailinglists/{}/contacts'),
    scope: 'write:mailing_list_contacts',
    handler: (ctx, state) => {
      const l = findList(state, ctx);
      if (!l) return;
      const b = jsonBody(ctx);
      if (!b) return;
      const err = contactError(ctx, b);
      if (err) {
        sendError(ctx, 400, 'BAD_REQUEST', err);
        return;
      }
      sendResult(ctx, { id: addContact(state, b, [l.mailingListId]).contactId });
    },
  },
  {
    method: 'POST',
    pattern: re('/directories/{}/mailinglists/{}/transactioncontacts'),
    scope: 'write:mailing_list_contacts',
    handler: (ctx, state) => {
      const l = findList(state, ctx);
      if (!l) return;
      const b = jsonBody(ctx);
      if (!b) return;
      if (!Array.isArray(b.contacts) || b.contacts.length === 0) {
        sendError(ctx, 400, 'BAD_REQUEST', 'contacts must be a non-empty array.');
        return;
      }
      for (const [i, c] of b.contacts.entries()) {
        if (typeof c !== 'object' || c === null) {
          sendError(ctx, 400, 'BAD_REQUEST', `contacts[${i}] must be an object.`);
          return;
        }
      }
      const id = state.world.rnd.id('PGRS_');
      const base = `/API/v3/directories/${ctx.params[0]}/mailinglists/${l.mailingListId}/transactioncontacts/${id}`;
      state.world.imports.set(id, {
        listId: l.mailingListId,
        input: b.contacts,
        polls: 0,
        needed: state.switches.importPolls,
        result: null,
        batchId: b.transactionMeta?.batchId ?? null,
      });
      sendResult(ctx, {
        id,
        contacts: { count: b.contacts.length },
        tracking: { url: `http://${ctx.req.headers.host}${base}` },
        status: 'inProgress',
      });
    },
  },
  ...['', '/summary'].map(
    (suffix) =>
      /** @type {Route} */ ({
        method: 'GET',
        pattern: re(`/directories/{}/mailinglists/{}/transactioncontacts/{}${suffix}`),
        scope: 'read:mailing_list_contacts',
        handler: (ctx, state) => {
          const l = findList(state, ctx);
          if (!l) return;
          const imp = state.world.imports.get(ctx.params[2]);
          if (!imp || imp.listId !== l.mailingListId) {
            sendError(ctx, 404, 'NOT_FOUND', `Import ${ctx.params[2]} was not found.`);
            return;
          }
          imp.polls++;
          if (imp.polls <= imp.needed) {
            sendResult(ctx, {
              percentComplete: Math.round((100 * imp.polls) / (imp.needed + 1)),
              contacts: { count: { added: 0, updated: 0, failed: 0 } },
              transactions: { count: { created: 0 } },
              status: 'inProgress',
            });
            return;
          }
          if (!imp.result) applyImport(state, imp);
          const r = imp.result;
          sendResult(ctx, {
            percentComplete: 100,
            contacts: { count: { added: r.added, updated: r.updated, failed: r.failed } },
            transactions: { count: { created: r.created } },
            status: 'complete',
            ...(suffix ? { invalidEmails: r.invalidEmails } : {}),
          });
        },
      }),
  ),
  {
    method: 'GET',
    pattern: re('/directories/{}/contacts'),
    scope: 'read:directory_contacts',
    handler: (ctx, state) => {
      if (!findDirectory(state, ctx)) return;
      const embedded = ctx.url.searchParams.get('includeEmbedded') === 'true';
      const p = skipTokenPage(
        ctx,
        state.world.contacts.map((c) => contactView(c, embedded)),
        state.switches.skipTokenPageSize,
        100,
      );
      if (p.error) sendError(ctx, 400, 'BAD_REQUEST', p.error);
      else sendResult(ctx, p.page);
    },
  },
  {
    method: 'POST',
    pattern: re('/directories/{}/contacts'),
    scope: 'write:directory_contacts',
    handler: (ctx, state) => {
      if (!findDirectory(state, ctx)) return;
      const b = jsonBody(ctx);
      if (!b) return;
      const err = contactError(ctx, b);
      if (err) sendError(ctx, 400, 'BAD_REQUEST', err);
      else sendResult(ctx, { id: addContact(state, b, []).contactId });
    },
  },
  {
    method: 'GET',
    pattern: re('/libraries'),
    scope: 'read:libraries',
    handler: (ctx, state) =>
      sendResult(ctx, offsetPage(ctx, state.world.libraries, state.switches.offsetPageSize)),
  },
  {
    method: 'GET',
    pattern: re('/libraries/{}/messages'),
    scope: 'read:libraries',
    handler: (ctx, state) => {
      if (!state.world.libraries.some((l) => l.libraryId === ctx.params[0])) {
        sendError(
          ctx,
          404,
          'NOT_FOUND',
          `Library ${ctx.params[0]} was not found (library ids look like UR_… or GR_…).`,
        );
        return;
      }
      const category = ctx.url.searchParams.get('category');
      const items = state.world.messages
        .filter((m) => m.libraryId === ctx.params[0] && (!category || m.category === category))
        .map(({ id, description, category: c }) => ({ id, description, category: c }));
      sendResult(ctx, offsetPage(ctx, items, state.switches.offsetPageSize));
    },
  },
  {
    method: 'GET',
    pattern: re('/libraries/{}/messages/{}'),
    scope: 'read:libraries',
    handler: (ctx, state) => {
      const m = state.world.messages.find(
        (x) => x.libraryId === ctx.params[0] && x.id === ctx.params[1],
      );
      if (!m) {
        sendError(
          ctx,
          404,
          'NOT_FOUND',
          `Message ${ctx.params[1]} was not found (message ids look like MS_xxxxxxxxxxxxxxx).`,
        );
      } else {
        sendResult(ctx, {
          id: m.id,
          category: m.category,
          description: m.description,
          messages: m.messages,
        });
      }
    },
  },
  {
    method: 'GET',
    pattern: re('/distributions'),
    scope: 'read:distributions',
    handler: (ctx, state) => {
      const q = ctx.url.searchParams;
      const surveyId = q.get('surveyId');
      if (!surveyId) {
        sendError(ctx, 400, 'BAD_REQUEST', 'Missing required query parameter "surveyId".');
        return;
      }
      const from = q.get('sendStartDate')
        ? isoDate(/** @type {string} */ (q.get('sendStartDate')))
        : -Infinity;
      const to = q.get('sendEndDate')
        ? isoDate(/** @type {string} */ (q.get('sendEndDate')))
        : Infinity;
      const items = state.world.distributions
        .filter((d) => d.surveyLink.surveyId === surveyId)
        .filter(
          (d) => !q.get('mailingListId') || d.recipients.mailingListId === q.get('mailingListId'),
        )
        .filter(
          (d) =>
            !q.get('distributionRequestType') || d.requestType === q.get('distributionRequestType'),
        )
        .filter((d) => Date.parse(d.sendDate) >= from && Date.parse(d.sendDate) < to)
        // Why: since 2022-06-01 list results omit messageText (reference §4.9).
        .map((d) => {
          const v = distributionView(d);
          return { ...v, message: { ...v.message, messageText: undefined } };
        });
      const p = skipTokenPage(ctx, items, state.switches.skipTokenPageSize, 100);
      if (p.error) sendError(ctx, 400, 'BAD_REQUEST', p.error);
      else sendResult(ctx, p.page);
    },
  },
  {
    method: 'POST',
    pattern: re('/distributions'),
    scope: 'write:distributions',
    handler: (ctx, state) => {
      const b = jsonBody(ctx);
      if (b) createDistributionRequest(state, ctx, b);
    },
  },
  {
    method: 'GET',
    pattern: re('/distributions/{}'),
    scope: 'read:distributions',
    handler: (ctx, state) => {
      const d = findDistribution(state, ctx);
      if (!d) return;
      if (ctx.url.searchParams.get('surveyId') !== d.surveyLink.surveyId) {
        sendError(
          ctx,
          400,
          'BAD_REQUEST',
          'The query parameter "surveyId" is required and must be the distribution\'s survey.',
        );
        return;
      }
      sendResult(ctx, distributionView(d));
    },
  },
  {
    method: 'GET',
    pattern: re('/distributions/{}/history'),
    scope: 'read:distributions',
    rate: 'distributionHistory',
    handler: (ctx, state) => {
      const d = findDistribution(state, ctx);
      if (!d) return;
      const items = d.history.map((/** @type {any} */ h) => {
        const {
          email: _e,
          firstName: _f,
          lastName: _l,
          externalDataReference: _x,
          unsubscribed: _u,
          ...rest
        } = h;
        return rest;
      });
      const p = skipTokenPage(ctx, items, state.switches.skipTokenPageSize, 100);
      if (p.error) sendError(ctx, 400, 'BAD_REQUEST', p.error);
      else sendResult(ctx, p.page);
    },
  },
  {
    method: 'GET',
    pattern: re('/distributions/{}/links'),
    scope: 'read:distributions',
    rate: 'distributionLinks',
    handler: (ctx, state) => {
      const d = findDistribution(state, ctx);
      if (!d) return;
      const items = d.history.map((/** @type {any} */ h) => ({
        contactId: h.contactId,
        transactionId: null,
        link: h.surveyLink,
        exceededContactFrequency: false,
        linkExpiration: d.surveyLink.expirationDate,
        status: h.status,
        lastName: h.lastName,
        firstName: h.firstName,
        externalDataReference: h.externalDataReference,
        email: h.email,
        unsubscribed: h.unsubscribed,
      }));
      const p = skipTokenPage(ctx, items, state.switches.skipTokenPageSize, 100);
      if (p.error) sendError(ctx, 400, 'BAD_REQUEST', p.error);
      else sendResult(ctx, p.page);
    },
  },
  {
    method: 'POST',
    pattern: re('/distributions/{}/reminders'),
    scope: 'write:distributions',
    handler: (ctx, state) => {
      const parent = findDistribution(state, ctx);
      if (!parent) return;
      const b = jsonBody(ctx);
      if (!b) return;
      const when = typeof b.sendDate === 'string' ? isoDate(b.sendDate) : NaN;
      if (typeof b.message !== 'object' || b.message === null || Number.isNaN(when)) {
        sendError(
          ctx,
          400,
          'BAD_REQUEST',
          'A reminder needs message{libraryId, messageId} and an ISO-8601 sendDate.',
        );
        return;
      }
      const d = createDistribution(state, {
        surveyId: parent.surveyLink.surveyId,
        mailingListId: parent.recipients.mailingListId,
        requestType: 'Reminder',
        sendDate: when,
        message: {
          libraryId: b.message.libraryId ?? null,
          messageId: b.message.messageId ?? null,
          messageText: null,
          messageType: 'Library',
        },
        headers: b.header ?? parent.headers,
        linkType: parent.surveyLink.linkType,
        expirationDate: parent.surveyLink.expirationDate,
        parentDistributionId: parent.id,
        ownerId: ctx.auth?.userId ?? USERS[0].userId,
      });
      sendResult(ctx, { distributionId: d.id });
    },
  },
];

/**
 * Adds `count` new responses recorded now, so a continuation export has something new.
 * @param {FakeState} state @param {Survey} survey @param {number} count @param {boolean} inProgress
 */
export function addResponses(state, survey, count, inProgress) {
  const last = survey.responses.reduce((m, r) => Math.max(m, r.startDate), 0);
  const added = [];
  for (let i = 0; i < count; i++) {
    const start = Math.max(Date.now() - 15 * 60_000, last + (i + 1) * 1000);
    const r = makeResponse(survey, survey.rnd, { seq: survey.nextSeq++, start, inProgress });
    if (r.recordedDate !== null) r.recordedDate = Math.max(r.recordedDate, Date.now() - 1000);
    survey.responses.push(r);
    added.push(r.responseId);
  }
  return added;
}

/**
 * JSON event trigger (reference §4.12): X-API-TOKEN or "modified" Basic (username:apiToken),
 * never OAuth; JSON only, ≤ 100 KB. Everything received is recorded for tests.
 * @param {Ctx} ctx @param {FakeState} state
 */
export function jsonEvent(ctx, state) {
  const q = ctx.url.searchParams;
  const urlTokenId = q.get('urlTokenId') ?? q.get('triggerId') ?? '';
  const known = [CREDENTIALS.eventUrlTokenId, CREDENTIALS.openEventUrlTokenId];
  if (!known.includes(urlTokenId) && !/^OC_[A-Za-z0-9]+$/.test(urlTokenId)) {
    sendError(
      ctx,
      404,
      'NOT_FOUND',
      'Unknown event trigger (check the urlTokenId copied from the JSON event).',
    );
    return;
  }
  const authRequired = urlTokenId !== CREDENTIALS.openEventUrlTokenId;
  const authz = String(ctx.req.headers.authorization ?? '');
  const apiToken = ctx.req.headers['x-api-token'];
  let authKind = 'none';
  let userId = null;
  if (/^Bearer\s/i.test(authz)) {
    sendError(
      ctx,
      401,
      'UNAUTHORIZED',
      'JSON events do not accept OAuth tokens: use X-API-TOKEN or Basic authentication.',
    );
    return;
  }
  if (typeof apiToken === 'string') {
    const t = state.tokens.get(apiToken);
    if (!t || t.kind !== 'api' || t.revoked) {
      sendError(ctx, 401, 'UNAUTHORIZED', 'Unrecognized X-API-TOKEN.');
      return;
    }
    authKind = 'x-api-token';
    userId = t.userId;
  } else if (/^Basic\s/i.test(authz)) {
    const decoded = Buffer.from(authz.replace(/^Basic\s+/i, ''), 'base64').toString('utf8');
    const [name, token] = [
      decoded.slice(0, decoded.indexOf(':')),
      decoded.slice(decoded.indexOf(':') + 1),
    ];
    const t = state.tokens.get(token);
    const user = USERS.find((u) => u.userId === t?.userId);
    if (!t || t.kind !== 'api' || t.revoked || user?.userName !== name) {
      sendError(ctx, 401, 'UNAUTHORIZED', 'Basic authentication failed: use username:apiToken.');
      return;
    }
    authKind = 'basic';
    userId = t.userId;
  } else if (authRequired) {
    sendError(ctx, 400, 'ATP_2', 'Expected authorization in headers, but none provided.');
    return;
  }
  if (
    !String(ctx.req.headers['content-type'] ?? '')
      .toLowerCase()
      .startsWith('application/json')
  ) {
    sendError(
      ctx,
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      'JSON events accept application/json bodies only.',
    );
    return;
  }
  let body;
  try {
    body = JSON.parse(ctx.body?.toString('utf8') ?? '');
  } catch {
    sendError(ctx, 400, 'BAD_REQUEST', 'The body is not valid JSON.');
    return;
  }
  state.events.push({
    urlTokenId,
    receivedAt: new Date().toISOString(),
    auth: authKind,
    userId,
    bytes: ctx.body?.length ?? 0,
    body,
  });
  sendMetaOnly(ctx);
}
