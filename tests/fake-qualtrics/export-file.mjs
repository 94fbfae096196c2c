// Writes the response export files the fake server zips up: CSV/TSV in the current
// "Data Table" layout (3 header rows, CRLF, no BOM, row-3 ImportId JSON with timeZone and
// choiceId, the NPS group column before its score), JSON `{responses:[…]}`, NDJSON and XML,
// following reference §6. The app's Qualtrics reader must read these exactly as it reads a
// file downloaded from Qualtrics, so the layout follows the captured exports, not convenience.
import { METADATA } from './data.mjs';

/** @typedef {import('./data.mjs').Response} Response */
/** @typedef {import('./data.mjs').Question} Question */
/**
 * @typedef {{ format: string, useLabels?: boolean, timeZone?: string,
 *   seenUnansweredRecode?: number, multiselectSeenUnansweredRecode?: number,
 *   breakoutSets?: boolean, questionIds?: string[], embeddedDataIds?: string[],
 *   surveyMetadataIds?: string[], newlineReplacement?: string,
 *   formatDecimalAsComma?: boolean }} ExportOptions
 */

const NPS_GROUPS = ['', 'Detractor', 'Passive', 'Promoter'];
const STATUS_LABELS = /** @type {Record<number, string>} */ ({
  0: 'IP Address',
  1: 'Survey Preview',
});

/** Choice text as a label cell: Qualtrics strips the HTML. @param {string} html */
export function stripHtml(html) {
  return html.replace(/<[^>]*>/g, '').trim();
}

/**
 * A choice's recode value: its id unless the survey edited it (`RecodeValues`).
 * @param {Question} q @param {string} choiceId
 */
export function recodeOf(q, choiceId) {
  return Number(q.recodes?.[choiceId] ?? choiceId);
}

/** @param {number} score */
function npsGroup(score) {
  return score <= 6 ? 1 : score <= 8 ? 2 : 3;
}

/**
 * `YYYY-MM-DD HH:MM:SS` in the requested zone, as CSV/TSV/XML exports write dates.
 * @param {number} ms @param {string|undefined} timeZone
 */
function localDate(ms, timeZone) {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: timeZone ?? 'UTC',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(ms));
  /** @param {string} t */
  const get = (t) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}:${get('second')}`;
}

/** ISO-8601 UTC without milliseconds, as JSON exports write start/end dates. @param {number} ms */
const isoSeconds = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * @typedef {{ name: string, label: string, importId: Record<string, string>,
 *   cell: (r: Response) => string | number | null }} Column
 */

/**
 * The columns of a CSV/TSV/XML export, in Qualtrics' order: metadata, questions, embedded data.
 * @param {{ questions: Question[], embedded: Record<string, string[]> }} survey
 * @param {ExportOptions} o
 * @returns {Column[]}
 */
export function exportColumns(survey, o) {
  const labels = o.useLabels === true;
  const seen = o.seenUnansweredRecode;
  const zone = o.timeZone ?? 'Z';
  /** @type {Column[]} */
  const cols = [];
  const meta = o.surveyMetadataIds
    ? METADATA.filter(([id]) => o.surveyMetadataIds?.includes(id))
    : METADATA;
  for (const [id, name, label] of meta) {
    const isDate = id === 'startDate' || id === 'endDate' || id === 'recordedDate';
    cols.push({
      name,
      label,
      importId: isDate ? { ImportId: id, timeZone: zone } : { ImportId: id },
      cell: (r) => {
        if (isDate) {
          const ms = /** @type {number|null} */ (r[/** @type {'startDate'} */ (id)]);
          return ms === null ? '' : localDate(ms, o.timeZone);
        }
        if (id === '_recordId') return r.responseId;
        if (id === 'status') {
          return labels ? (STATUS_LABELS[r.status] ?? String(r.status)) : r.status;
        }
        if (id === 'finished') return labels ? (r.finished ? 'True' : 'False') : r.finished;
        const v = /** @type {string|number} */ (r[/** @type {'ipAddress'} */ (id)]);
        return o.formatDecimalAsComma && id.startsWith('location')
          ? String(v).replace('.', ',')
          : v;
      },
    });
  }
  const questions = o.questionIds
    ? survey.questions.filter((q) => o.questionIds?.includes(q.qid))
    : survey.questions;
  for (const q of questions) {
    // Row 2 keeps the question text as written, HTML included (reference §6.1 [C]); only
    // choice text in cells and label suffixes is stripped.
    const text = q.text;
    /** @param {string|null|undefined} choiceId @param {string[][]} choices */
    const choiceCell = (choiceId, choices) => {
      if (choiceId === undefined) return '';
      if (choiceId === null) return seen ?? '';
      return labels
        ? stripHtml(choices.find(([id]) => id === choiceId)?.[1] ?? '')
        : recodeOf(q, choiceId);
    };
    if (q.kind === 'nps') {
      /** @param {Response} r */
      const score = (r) => /** @type {number|null|undefined} */ (r.answers[q.qid]);
      cols.push({
        name: `${q.tag}_NPS_GROUP`,
        label: `${text} - Group`,
        importId: { ImportId: `${q.qid}_NPS_GROUP` },
        cell: (r) => {
          const s = score(r);
          if (s === undefined) return '';
          if (s === null) return seen ?? '';
          return labels ? NPS_GROUPS[npsGroup(s)] : npsGroup(s);
        },
      });
      cols.push({
        name: q.tag,
        label: text,
        importId: { ImportId: q.qid },
        cell: (r) => {
          const s = score(r);
          return s === undefined ? '' : s === null ? (seen ?? '') : s;
        },
      });
    } else if (q.kind === 'single') {
      cols.push({
        name: q.tag,
        label: text,
        importId: { ImportId: q.qid },
        cell: (r) =>
          choiceCell(/** @type {string|null|undefined} */ (r.answers[q.qid]), q.choices ?? []),
      });
    } else if (q.kind === 'matrix') {
      for (const [rowId, rowText] of q.rows ?? []) {
        cols.push({
          name: `${q.tag}_${rowId}`,
          label: `${text} - ${stripHtml(rowText)}`,
          importId: { ImportId: `${q.qid}_${rowId}` },
          cell: (r) => {
            const rows = /** @type {Record<string, string|null>|undefined} */ (r.answers[q.qid]);
            return choiceCell(rows === undefined ? undefined : rows[rowId], q.choices ?? []);
          },
        });
      }
    } else if (q.kind === 'multi') {
      /** @param {Response} r */
      const answer = (r) =>
        /** @type {{selected: string[], other?: string}|undefined} */ (r.answers[q.qid]);
      const choices = q.choices ?? [];
      if (o.breakoutSets === false) {
        cols.push({
          name: q.tag,
          label: `${text} - Selected Choice`,
          importId: { ImportId: q.qid },
          cell: (r) => {
            const a = answer(r);
            if (a === undefined) return '';
            if (a.selected.length === 0) return seen ?? '';
            return a.selected
              .map((id) => (labels ? stripHtml(choices.find(([c]) => c === id)?.[1] ?? '') : id))
              .join(',');
          },
        });
      } else {
        for (const [choiceId, choiceText] of choices) {
          cols.push({
            name: `${q.tag}_${choiceId}`,
            label: `${text} - Selected Choice - ${stripHtml(choiceText)}`,
            importId: { ImportId: q.qid, choiceId },
            cell: (r) => {
              const a = answer(r);
              if (a === undefined) return '';
              if (a.selected.includes(choiceId)) return labels ? stripHtml(choiceText) : 1;
              return o.multiselectSeenUnansweredRecode ?? '';
            },
          });
        }
      }
      if (q.otherId) {
        const otherText = stripHtml(choices.find(([id]) => id === q.otherId)?.[1] ?? 'Other');
        cols.push({
          name: `${q.tag}_${q.otherId}_TEXT`,
          label: `${text} - ${otherText} - Text`,
          importId: { ImportId: `${q.qid}_${q.otherId}_TEXT` },
          cell: (r) => answer(r)?.other ?? '',
        });
      }
    } else {
      cols.push({
        name: q.tag,
        label: text,
        importId: { ImportId: `${q.qid}_TEXT` },
        cell: (r) => {
          const v = /** @type {string|null|undefined} */ (r.answers[q.qid]);
          return v ?? '';
        },
      });
    }
  }
  const embedded = Object.keys(survey.embedded).filter(
    (f) => !o.embeddedDataIds || o.embeddedDataIds.includes(f),
  );
  for (const field of embedded) {
    cols.push({
      name: field,
      label: field,
      importId: { ImportId: field },
      cell: (r) => r.embedded[field] ?? '',
    });
  }
  return cols;
}

/**
 * CSV (RFC 4180, CRLF) or TSV text of an export.
 * @param {{ questions: Question[], embedded: Record<string, string[]> }} survey
 * @param {Response[]} responses @param {ExportOptions} o
 */
export function delimitedText(survey, responses, o) {
  const sep = o.format === 'tsv' ? '\t' : ',';
  const cols = exportColumns(survey, o);
  /** @param {string|number|null} v */
  const quote = (v) => {
    let s = v === null ? '' : String(v);
    if (o.newlineReplacement !== undefined) s = s.replace(/\r?\n/g, o.newlineReplacement);
    return s.includes(sep) || /["\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [
    cols.map((c) => quote(c.name)),
    cols.map((c) => quote(c.label)),
    cols.map((c) => quote(JSON.stringify(c.importId))),
    ...responses.map((r) => cols.map((c) => quote(c.cell(r)))),
  ];
  return lines.map((l) => l.join(sep)).join('\r\n') + '\r\n';
}

/**
 * XML export: element names are ImportIds, dates as in CSV (reference §6.8).
 * @param {{ questions: Question[], embedded: Record<string, string[]> }} survey
 * @param {Response[]} responses @param {ExportOptions} o
 */
export function xmlText(survey, responses, o) {
  const cols = exportColumns(survey, o);
  /** @param {string} s */
  const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  /** @param {Column} c */
  const tag = (c) =>
    (c.importId.choiceId ? `${c.importId.ImportId}_${c.importId.choiceId}` : c.importId.ImportId)
      .replace(/[^A-Za-z0-9_.-]/g, '_')
      .replace(/^(\d)/, '_$1');
  const body = responses
    .map(
      (r) =>
        `<Response>${cols.map((c) => `<${tag(c)}>${esc(String(c.cell(r) ?? ''))}</${tag(c)}>`).join('')}</Response>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Responses>\n${body}\n</Responses>\n`;
}

/**
 * One response in the JSON/NDJSON shape (reference §6.7): values, labels, displayedFields,
 * displayedValues, keyed by ImportId; multi-selects as arrays of choice-id strings.
 * @param {{ questions: Question[], embedded: Record<string, string[]> }} survey
 * @param {Response} r
 * @param {Pick<ExportOptions, 'questionIds'|'embeddedDataIds'|'surveyMetadataIds'>} o
 */
export function jsonRecord(survey, r, o) {
  /** @type {Record<string, unknown>} */
  const values = {};
  /** @type {Record<string, unknown>} */
  const labels = {};
  /** @type {string[]} */
  const displayedFields = [];
  /** @type {Record<string, unknown[]>} */
  const displayedValues = {};
  for (const [id] of METADATA) {
    if (o.surveyMetadataIds && !o.surveyMetadataIds.includes(id)) continue;
    if (id === 'startDate' || id === 'endDate') values[id] = isoSeconds(r[id]);
    else if (id === 'recordedDate') {
      if (r.recordedDate !== null) values[id] = new Date(r.recordedDate).toISOString();
    } else if (id === '_recordId') values[id] = r.responseId;
    else values[id] = r[/** @type {'status'} */ (id)];
    if (id === 'status') labels.status = STATUS_LABELS[r.status] ?? String(r.status);
    if (id === 'finished') labels.finished = r.finished ? 'True' : 'False';
  }
  for (const q of survey.questions) {
    if (o.questionIds && !o.questionIds.includes(q.qid)) continue;
    const a = r.answers[q.qid];
    if (a === undefined) continue;
    /** @param {string} id */
    const choiceLabel = (id) => stripHtml((q.choices ?? []).find(([c]) => c === id)?.[1] ?? '');
    const recodes = (q.choices ?? []).map(([id]) => recodeOf(q, id));
    if (q.kind === 'nps') {
      displayedFields.push(q.qid, `${q.qid}_NPS_GROUP`);
      displayedValues[q.qid] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
      displayedValues[`${q.qid}_NPS_GROUP`] = [1, 1, 1, 1, 1, 1, 1, 2, 2, 3, 3];
      if (typeof a === 'number') {
        values[`${q.qid}_NPS_GROUP`] = npsGroup(a);
        values[q.qid] = a;
        labels[`${q.qid}_NPS_GROUP`] = NPS_GROUPS[npsGroup(a)];
        labels[q.qid] = String(a);
      }
    } else if (q.kind === 'single') {
      displayedFields.push(q.qid);
      displayedValues[q.qid] = recodes;
      if (typeof a === 'string') {
        values[q.qid] = recodeOf(q, a);
        labels[q.qid] = choiceLabel(a);
      }
    } else if (q.kind === 'matrix') {
      for (const [rowId] of q.rows ?? []) {
        const key = `${q.qid}_${rowId}`;
        displayedFields.push(key);
        displayedValues[key] = recodes;
        const v = /** @type {Record<string, string|null>} */ (a)[rowId];
        if (typeof v === 'string') {
          values[key] = recodeOf(q, v);
          labels[key] = choiceLabel(v);
        }
      }
    } else if (q.kind === 'multi') {
      const m = /** @type {{selected: string[], other?: string}} */ (a);
      displayedFields.push(q.qid);
      displayedValues[q.qid] = (q.choices ?? []).map(([id]) => id);
      if (m.selected.length > 0) {
        values[q.qid] = [...m.selected];
        labels[q.qid] = m.selected.map(choiceLabel);
      }
      if (m.other !== undefined) values[`${q.qid}_${q.otherId}_TEXT`] = m.other;
    } else {
      displayedFields.push(`${q.qid}_TEXT`);
      if (typeof a === 'string') values[`${q.qid}_TEXT`] = a;
    }
  }
  for (const field of Object.keys(survey.embedded)) {
    if (o.embeddedDataIds && !o.embeddedDataIds.includes(field)) continue;
    if (r.embedded[field] !== undefined) values[field] = r.embedded[field];
  }
  return { responseId: r.responseId, values, labels, displayedFields, displayedValues };
}

const EXTENSIONS = /** @type {Record<string, string>} */ ({
  csv: 'csv',
  tsv: 'tsv',
  json: 'json',
  ndjson: 'ndjson',
  xml: 'xml',
});
const TYPES = /** @type {Record<string, string>} */ ({
  csv: 'text/csv; charset=UTF-8',
  tsv: 'text/tab-separated-values; charset=UTF-8',
  json: 'application/json',
  ndjson: 'application/x-ndjson',
  xml: 'application/xml',
});

/**
 * The export file's bytes, its member extension and its Content-Type when sent unzipped.
 * @param {{ questions: Question[], embedded: Record<string, string[]> }} survey
 * @param {Response[]} responses @param {ExportOptions} o
 */
export function exportFile(survey, responses, o) {
  let text;
  if (o.format === 'json') {
    text = JSON.stringify({ responses: responses.map((r) => jsonRecord(survey, r, o)) });
  } else if (o.format === 'ndjson') {
    text = responses.map((r) => JSON.stringify(jsonRecord(survey, r, o)) + '\n').join('');
  } else if (o.format === 'xml') {
    text = xmlText(survey, responses, o);
  } else {
    text = delimitedText(survey, responses, o);
  }
  return {
    bytes: new TextEncoder().encode(text),
    ext: EXTENSIONS[o.format],
    contentType: TYPES[o.format],
  };
}
