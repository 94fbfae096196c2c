// What comes back from an export download: the file name (Content-Disposition writes spaces as
// "+", `attachment; filename=Beskar+Armor.zip`, reference §4.5), a check that a compressed
// download really is a zip (a proxy's HTML page must not reach the reader), and the one member
// of the zip, read with the app's zip reader. A cut-off zip fails here with a clear message.
import { UnexpectedResponseError } from '../errors';
import { listZip, readZipEntry } from '../read/zip';
import { bytesSource } from '../read/types';
import { describeBody } from './envelope';

/** The file name in a Content-Disposition header, or undefined. */
export function contentDispositionName(header: string | null | undefined): string | undefined {
  if (!header) return undefined;
  const star = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(header);
  if (star) {
    try {
      return decodeURIComponent(star[2].trim());
    } catch {
      // fall through to the plain parameter
    }
  }
  const plain = /filename\s*=\s*("((?:[^"\\]|\\.)*)"|[^;]+)/i.exec(header);
  if (!plain) return undefined;
  const raw = plain[2] !== undefined ? plain[2].replace(/\\(.)/g, '$1') : plain[1].trim();
  let name = raw.replace(/\+/g, ' ');
  try {
    name = decodeURIComponent(name);
  } catch {
    // a literal "%" in the name
  }
  return name.replace(/[/\\]/g, '_').trim() || undefined;
}

/** True when the bytes start like a zip (local header, or the end record of an empty zip). */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 4 &&
    bytes[0] === 0x50 &&
    bytes[1] === 0x4b &&
    (bytes[2] === 3 || bytes[2] === 5) &&
    (bytes[3] === 4 || bytes[3] === 6)
  );
}

/** Throws UnexpectedResponseError when a download that should be a zip is not one. */
export function assertZip(bytes: Uint8Array, contentType: string | null): void {
  if (looksLikeZip(bytes)) return;
  const head = new TextDecoder('utf-8').decode(bytes.subarray(0, 2048));
  throw new UnexpectedResponseError(
    `The export download is not a zip file: Qualtrics (or something in between) sent ${describeBody(head, contentType)}. Start the export again.`,
  );
}

/** The single file inside an export zip, as name and bytes. */
export async function readExportZip(
  bytes: Uint8Array,
): Promise<{ name: string; bytes: Uint8Array }> {
  const source = bytesSource(bytes);
  try {
    const files = (await listZip(source)).filter(
      (e) => !e.name.endsWith('/') && !e.name.startsWith('__MACOSX/'),
    );
    if (files.length !== 1) {
      throw new UnexpectedResponseError(
        `The export zip holds ${files.length} files where Qualtrics writes exactly one (${files.map((f) => f.name).join(', ') || 'none'}).`,
      );
    }
    return { name: files[0].name, bytes: await readZipEntry(source, files[0]) };
  } catch (err) {
    if (err instanceof Error && (err.name === 'ParseError' || err.name === 'TooLargeError')) {
      throw new UnexpectedResponseError(
        `The export file from Qualtrics could not be unpacked: ${err.message} Start the export again.`,
      );
    }
    throw err;
  }
}
