/** What a row-3 cell of a current Qualtrics export says about its column. */
export interface ImportIdCell {
  /** `QID1`, `QID2_TEXT`, `startDate`, `_recordId`, an embedded-data field name... */
  importId: string;
  /** Broken-out multi-select choice or display-order position (`"7"`, `"FL_94"`). */
  choiceId?: string;
  /** Time zone of a date column (`America/Denver`, `Z` for UTC). */
  timeZone?: string;
}

/**
 * Reads a row-3 cell such as `{"ImportId":"QID36","choiceId":"1"}`; null when it is not one.
 * Tolerant: accepts cells whose doubled quotes were not undone and falls back to a regex.
 * The 2017-era exporter wrote the cell as a Python dict, `{'ImportId': 'QID1#1-1'}`: single
 * quotes, and the choice after `#` in the ImportId itself; both are read as the current form.
 */
export function parseImportIdCell(cell: string): ImportIdCell | null {
  let s = cell.trim();
  if (!s.startsWith('{')) return null;
  if (/'\s*ImportId\s*'/.test(s)) s = pythonToJson(s);
  const obj = parseObject(s) ?? parseObject(s.replace(/""/g, '"'));
  if (obj) return fromObject(obj);
  // Why: a cell cut short or otherwise malformed still usually names its ImportId.
  const unquoted = s.replace(/""/g, '"');
  const importId = field(unquoted, 'ImportId');
  if (!importId) return null;
  return withExtras(importId, field(unquoted, 'choiceId'), field(unquoted, 'timeZone'));
}

/**
 * A Python dict repr as JSON: its single-quoted strings double-quoted. Python quotes a string
 * holding an apostrophe with double quotes (`"Manager's name"`), so those are left alone.
 */
function pythonToJson(s: string): string {
  return s.replace(/"(?:[^"\\]|\\.)*"|'((?:[^'\\]|\\.)*)'/g, (m, single?: string) =>
    single === undefined ? m : JSON.stringify(single.replace(/\\(.)/g, '$1')),
  );
}

function parseObject(s: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(s);
    return typeof v === 'object' && v !== null && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

function fromObject(obj: Record<string, unknown>): ImportIdCell | null {
  const importId = text(obj.ImportId ?? obj.importId);
  if (!importId) return null;
  return withExtras(importId, text(obj.choiceId), text(obj.timeZone));
}

/** `QID1#1-1` (2017 exporter): question `QID1`, choice `1-1`. */
const HASH_CHOICE_RE = /^(QID\d+[^#]*)#(.+)$/;

function withExtras(importId: string, choiceId?: string, timeZone?: string): ImportIdCell {
  const hash = choiceId === undefined ? HASH_CHOICE_RE.exec(importId) : null;
  if (hash) {
    importId = hash[1];
    choiceId = hash[2];
  }
  const out: ImportIdCell = { importId };
  if (choiceId) out.choiceId = choiceId;
  if (timeZone) out.timeZone = timeZone;
  return out;
}

/** A JSON value as text; numbers count too because some exporters write `"choiceId":1`. */
function text(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() || undefined;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

function field(s: string, key: string): string | undefined {
  const m = new RegExp(`"${key}"\\s*:\\s*(?:"([^"]*)"|(-?\\d+))`).exec(s);
  return (m?.[1] ?? m?.[2])?.trim() || undefined;
}
