// What the zip directory reader (zip.ts) and the inflater (zip-inflate.ts) share: the entry
// record, exact reads from the source, and the errors both raise for a damaged or oversized
// zip. Kept apart so that neither of the two has to import the other's file for them.
import { ParseError, TooLargeError } from '../errors';
import type { ByteSource } from './types';

/** One file in a zip, from its central-directory record. */
export interface ZipEntry {
  name: string;
  /** 0 = stored, 8 = deflate; anything else is refused when read. */
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
  /** General-purpose flag bit 0: the entry is password-protected. */
  encrypted: boolean;
  crc32: number;
}

/** The ParseError for a damaged zip, with what is wrong. */
export function damaged(detail: string): ParseError {
  return new ParseError(`This zip file is damaged (${detail}). Download it again.`);
}

/** Reads exactly [start, end) or throws a "damaged" ParseError. */
export async function readExactly(
  source: ByteSource,
  start: number,
  end: number,
): Promise<Uint8Array> {
  if (start < 0 || end > source.size) throw damaged('it is shorter than its directory says');
  const bytes = await source.read(start, end);
  if (bytes.length < end - start) throw damaged('it ends too early');
  return bytes;
}

/** The TooLargeError for an entry over its cap. */
export function tooLarge(maxBytes: number): TooLargeError {
  const size =
    maxBytes >= 1024 ** 3
      ? `${Math.round(maxBytes / 1024 ** 3)} GB`
      : `${Math.round(maxBytes / 1024 ** 2)} MB`;
  return new TooLargeError(
    `This zip expands to more than ${size} (a zip bomb or an unusually large export). ` +
      'XO Bridge stopped unpacking it to protect your browser. ' +
      'Unzip it on your computer and open the file inside directly.',
  );
}
