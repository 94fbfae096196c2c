// Which entry of a zip to read as a table: the one CSV, TSV or TXT inside it, as Viva Insights
// downloads query results. Both the table reader and the person-query reader open zips this
// way; each says in its own words what is wrong when the zip holds no such file, or several.
import { ParseError } from '../errors';
import type { ZipEntry } from './zip-bytes';

const TEXT_ENTRY = /\.(csv|tsv|txt)$/i;

/** What to tell the user when a zip does not hold exactly one text file. */
export interface CsvEntryMessages {
  /** The zip holds no CSV, TSV or TXT file. */
  none: string;
  /** The zip holds several: `texts` are their entries. */
  many: (texts: readonly ZipEntry[]) => string;
}

/**
 * The one CSV, TSV or TXT entry of a zip, skipping the `__MACOSX/` copies a Mac adds. Throws a
 * ParseError with `messages` when there is none or more than one.
 */
export function pickCsvEntry(entries: readonly ZipEntry[], messages: CsvEntryMessages): ZipEntry {
  const texts = entries.filter((e) => TEXT_ENTRY.test(e.name) && !e.name.startsWith('__MACOSX/'));
  if (texts.length === 0) throw new ParseError(messages.none);
  if (texts.length > 1) throw new ParseError(messages.many(texts));
  return texts[0];
}
