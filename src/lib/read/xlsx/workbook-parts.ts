// Parsers for the small xlsx parts (workbook, relationships, styles). They are a few KB to a
// few hundred KB, so reading them as strings with regexes is fine; sheets are scanned as bytes.
import { builtinDateStyle, formatCodeDateStyle } from './date-serial';
import { attr, findTags } from './xml-text';

/** A relationship: Id -> Target (already resolved to a zip path) and Type. */
export interface Relationship {
  id: string;
  type: string;
  path: string;
}

/** Resolves a relationship target against the folder of the part that owns the .rels file. */
export function resolveTarget(baseDir: string, target: string): string {
  const raw = target.startsWith('/') ? target.slice(1) : baseDir ? `${baseDir}/${target}` : target;
  const parts: string[] = [];
  for (const seg of raw.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.' && seg !== '') parts.push(seg);
  }
  return parts.join('/');
}

/** The .rels path of a part: xl/workbook.xml -> xl/_rels/workbook.xml.rels. */
export function relsPathOf(partPath: string): string {
  const slash = partPath.lastIndexOf('/');
  return `${partPath.slice(0, slash + 1)}_rels/${partPath.slice(slash + 1)}.rels`;
}

/** The folder of a part ('' at the root). */
export function dirOf(partPath: string): string {
  const slash = partPath.lastIndexOf('/');
  return slash < 0 ? '' : partPath.slice(0, slash);
}

/** Parses a .rels part; targets are resolved against `baseDir`; external targets are skipped. */
export function parseRelationships(xml: string, baseDir: string): Relationship[] {
  const rels: Relationship[] = [];
  for (const a of findTags(xml, 'Relationship')) {
    const target = a.get('Target');
    if (!target || a.get('TargetMode') === 'External') continue;
    rels.push({
      id: a.get('Id') ?? '',
      type: a.get('Type') ?? '',
      path: resolveTarget(baseDir, target),
    });
  }
  return rels;
}

/** A sheet as listed in workbook.xml. */
export interface WorkbookSheet {
  name: string;
  hidden: boolean;
  relId: string;
}

/** Sheet list and date system from workbook.xml. */
export function parseWorkbookXml(xml: string): { sheets: WorkbookSheet[]; date1904: boolean } {
  const pr = findTags(xml, 'workbookPr')[0];
  const d = pr?.get('date1904');
  const sheets = findTags(xml, 'sheet').map((a) => {
    const state = a.get('state');
    return {
      name: a.get('name') ?? '',
      hidden: state === 'hidden' || state === 'veryHidden',
      relId: attr(a, 'id') ?? '',
    };
  });
  return { sheets, date1904: d === '1' || d === 'true' };
}

/** Maps each cellXfs index to a date style (STYLE_*), from built-in ids and custom formats. */
export function parseDateStyles(xml: string): Uint8Array {
  const custom = new Map<number, number>();
  for (const a of findTags(xml, 'numFmt')) {
    const id = Number(a.get('numFmtId'));
    custom.set(id, formatCodeDateStyle(a.get('formatCode') ?? ''));
  }
  const start = xml.search(/<(?:[\w.-]+:)?cellXfs[\s>]/);
  const end = xml.search(/<\/(?:[\w.-]+:)?cellXfs>/);
  if (start < 0 || end < start) return new Uint8Array(0);
  const xfs = findTags(xml.slice(start, end), 'xf');
  const styles = new Uint8Array(xfs.length);
  xfs.forEach((a, i) => {
    const id = Number(a.get('numFmtId') ?? 0);
    styles[i] = custom.get(id) ?? builtinDateStyle(id);
  });
  return styles;
}
