// Qualtrics ids carry a prefix that says what they are (reference §5). A 404 is most often an id
// of the wrong kind (an EMD_ distribution id pasted where a survey id belongs) or a truncated
// copy, so the "not found" message names the id and what it should look like. Lengths are not
// documented (15 random characters in every captured id), so the check is loose: 10–20.

/** The kinds of id the client sends. */
export type IdKind =
  | 'survey'
  | 'response'
  | 'export'
  | 'file'
  | 'filter'
  | 'directory'
  | 'mailingList'
  | 'contact'
  | 'library'
  | 'message'
  | 'distribution'
  | 'import';

interface IdFormat {
  /** What the id names, for messages ("survey"). */
  noun: string;
  pattern: RegExp;
  /** How it looks, for messages. */
  looks: string;
}

const RANDOM = '[A-Za-z0-9]{10,20}';
const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

export const ID_FORMATS: Record<IdKind, IdFormat> = {
  survey: {
    noun: 'survey',
    pattern: new RegExp(`^SV_${RANDOM}$`),
    looks: 'SV_ followed by about 15 letters and digits (e.g. SV_3gbwq8aJgqPwQDP)',
  },
  response: {
    noun: 'response',
    pattern: new RegExp(`^(R|FS)_${RANDOM}$`),
    looks: 'R_ (or FS_ for a response in progress) followed by about 15 letters and digits',
  },
  export: {
    noun: 'response export',
    pattern: new RegExp(`^ES_${RANDOM}$`),
    looks: 'ES_ followed by about 15 letters and digits (e.g. ES_9FZQ8Vtw1tTNtTU)',
  },
  file: {
    noun: 'export file',
    pattern: new RegExp(`^${UUID}(-def)?$`),
    looks: 'a UUID ending in -def (e.g. 95260334-043d-442c-a3eb-05aa95df2e56-def)',
  },
  filter: {
    noun: 'saved filter',
    pattern: new RegExp(`^${UUID}$`),
    looks: 'a UUID (e.g. 9b67fbb7-ef89-430d-8ddf-f17f44de9254)',
  },
  directory: {
    noun: 'directory',
    pattern: new RegExp(`^POOL_${RANDOM}$`),
    looks: 'POOL_ followed by about 15 letters and digits',
  },
  mailingList: {
    noun: 'mailing list',
    pattern: new RegExp(`^(CG|ML)_${RANDOM}$`),
    looks: 'CG_ (XM Directory) or ML_ (older lists) followed by about 15 letters and digits',
  },
  contact: {
    noun: 'contact',
    pattern: new RegExp(`^(CID|MLRP)_${RANDOM}$`),
    looks: 'CID_ followed by about 15 letters and digits',
  },
  library: {
    noun: 'library',
    pattern: new RegExp(`^(UR|GR)_${RANDOM}$`),
    looks:
      'UR_ (your own library) or GR_ (a group library) followed by about 15 letters and digits',
  },
  message: {
    noun: 'library message',
    pattern: new RegExp(`^MS_${RANDOM}$`),
    looks: 'MS_ followed by about 15 letters and digits',
  },
  distribution: {
    noun: 'distribution',
    pattern: new RegExp(`^EMD_${RANDOM}$`),
    looks: 'EMD_ followed by about 15 letters and digits',
  },
  import: {
    noun: 'contact import',
    pattern: /^[A-Za-z0-9_-]{6,64}$/,
    looks: 'the id returned when the import started',
  },
};

/** An id sent in a request, remembered so a 404 can name it. */
export interface IdRef {
  kind: IdKind;
  value: string;
}

/** True when the id has the shape of its kind. */
export function looksLikeId(kind: IdKind, value: string): boolean {
  return ID_FORMATS[kind].pattern.test(value);
}

const PREFIX_KIND: [RegExp, string][] = [
  [/^SV_/, 'a survey id'],
  [/^(R|FS)_/, 'a response id'],
  [/^ES_/, 'an export progress id'],
  [/^POOL_/, 'a directory id'],
  [/^CG_|^ML_/, 'a mailing list id'],
  [/^CID_/, 'a contact id'],
  [/^(UR|GR)_/, 'a user or library id'],
  [/^MS_/, 'a library message id'],
  [/^EMD_/, 'a distribution id'],
  [/^QID\d/, 'a question id'],
];

/** One sentence about an id that was not found: what it should look like, what it looks like. */
export function describeIdProblem(ref: IdRef): string {
  const f = ID_FORMATS[ref.kind];
  const shown = JSON.stringify(ref.value.length > 80 ? `${ref.value.slice(0, 80)}…` : ref.value);
  if (looksLikeId(ref.kind, ref.value)) {
    return (
      `Qualtrics has no ${f.noun} ${shown} that this account can see. ` +
      `Check that it was copied whole and that it belongs to this brand and user.`
    );
  }
  const other = PREFIX_KIND.find(([re]) => re.test(ref.value));
  const hint = other ? ` It looks like ${other[1]} instead.` : '';
  return `${shown} is not a ${f.noun} id: a ${f.noun} id is ${f.looks}.${hint}`;
}
