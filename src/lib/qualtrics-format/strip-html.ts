// Qualtrics writes question text as the survey editor stored it: HTML tags (`<b>`, `<br>`,
// `<span style="…">`) and entities (`&amp;`, `&nbsp;`, `&#39;`) land in the label row. The R
// client strips tags (read_survey's strip_html); we also decode the entities and tidy spaces,
// so labels read as plain text on screen and in search.

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  laquo: '«',
  raquo: '»',
  eacute: 'é',
  egrave: 'è',
  agrave: 'à',
  auml: 'ä',
  ouml: 'ö',
  uuml: 'ü',
  szlig: 'ß',
  copy: '©',
  reg: '®',
  trade: '™',
  middot: '·',
  bull: '•',
  deg: '°',
  euro: '€',
  pound: '£',
};

/** Tags that end a line or block: a space stands in for them so words do not run together. */
const BREAK_TAG_RE = /<\s*(?:br|\/?p|\/?div|\/?li|\/?h\d|\/?tr|\/?td)\b[^>]*>/gi;
/** Any tag: `<` followed by a letter, `/` or `!` (so "a < b" and "<3" stay). */
const TAG_RE = /<[a-zA-Z/!][^<>]*>/g;
const ENTITY_RE = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z]{2,8}));/g;

function decodeEntity(match: string, dec?: string, hex?: string, name?: string): string {
  if (dec !== undefined || hex !== undefined) {
    const code = dec !== undefined ? Number(dec) : parseInt(hex!, 16);
    if (code === 160) return ' ';
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : match;
  }
  return NAMED[name!.toLowerCase()] ?? match;
}

/** True when the text holds a tag or an entity worth stripping. */
export function hasHtml(text: string): boolean {
  TAG_RE.lastIndex = 0;
  ENTITY_RE.lastIndex = 0;
  return TAG_RE.test(text) || ENTITY_RE.test(text);
}

/**
 * Plain text of a label: tags removed (line breaks become spaces), entities decoded, runs of
 * white space (including non-breaking spaces) collapsed and the ends trimmed.
 */
export function stripHtml(text: string): string {
  if (!hasHtml(text)) return text;
  return text
    .replace(BREAK_TAG_RE, ' ')
    .replace(TAG_RE, '')
    .replace(ENTITY_RE, decodeEntity)
    .replace(/[\s\u00a0]+/g, ' ')
    .trim();
}
