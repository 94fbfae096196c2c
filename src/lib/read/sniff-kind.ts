// Tells what a file is from its first bytes, before any reader runs, so that a PDF dropped by
// mistake gets a plain answer instead of a page of mojibake.

/** What the first bytes of a file say it is. */
export type SniffKind = 'zip' | 'cfb' | 'text' | 'binary' | 'empty';

/** The sniffed kind; `message` explains 'binary' and 'empty' to the user. */
export interface SniffResult {
  kind: SniffKind;
  message?: string;
}

/** How many leading bytes sniffFileKind looks at. */
export const SNIFF_BYTES = 4096;

const OPEN_HINT = 'Open a .csv, .tsv, .txt, .xlsx, .xls, .ods or a .zip holding one CSV.';

const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

// Binary formats people drop by mistake, with the name the message uses.
const MAGICS: { bytes: number[]; what: string }[] = [
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'a PDF' }, // %PDF
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
  { bytes: [0x47, 0x49, 0x46, 0x38], what: 'a GIF image' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { bytes: [0x1f, 0x8b], what: 'a gzip archive' },
  { bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], what: 'a 7-Zip archive' },
  { bytes: [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07], what: 'a RAR archive' },
  { bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], what: 'an xz archive' },
  { bytes: [0x7f, 0x45, 0x4c, 0x46], what: 'a program' },
  { bytes: [0x4d, 0x5a, 0x90, 0x00], what: 'a program' },
  { bytes: [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65, 0x20], what: 'a database' }, // "SQLite "
  { bytes: [0x50, 0x41, 0x52, 0x31], what: 'a Parquet file' }, // PAR1
];

function startsWith(head: Uint8Array, bytes: readonly number[]): boolean {
  if (head.length < bytes.length) return false;
  for (let i = 0; i < bytes.length; i++) if (head[i] !== bytes[i]) return false;
  return true;
}

function binary(what: string): SniffResult {
  return {
    kind: 'binary',
    message: `This file is not a spreadsheet or text file (it looks like ${what}). ${OPEN_HINT}`,
  };
}

/**
 * Classifies a file from its first bytes (at least SNIFF_BYTES of them, or the whole file):
 * zip (xlsx, ods, zipped CSV), cfb (legacy .xls or an encrypted workbook), text, or binary.
 */
export function sniffFileKind(head: Uint8Array, fileName: string): SniffResult {
  if (head.length === 0) {
    return { kind: 'empty', message: `"${fileName}" is empty (0 bytes). Export the file again.` };
  }
  if (head[0] === 0x50 && head[1] === 0x4b) {
    const b2 = head[2];
    const b3 = head[3];
    if ((b2 === 3 && b3 === 4) || (b2 === 5 && b3 === 6) || (b2 === 7 && b3 === 8)) {
      return { kind: 'zip' };
    }
  }
  if (startsWith(head, CFB_MAGIC)) return { kind: 'cfb' };
  // UTF-16 with a byte-order mark is text even though half its bytes are NUL.
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    return { kind: 'text' };
  }
  for (const m of MAGICS) if (startsWith(head, m.bytes)) return binary(m.what);
  const n = Math.min(head.length, SNIFF_BYTES);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = head[i];
    if (b === 0) return binary('binary data, not text');
    // Tab, LF, FF and CR are normal in text; ESC and friends are not.
    if ((b < 0x20 && b !== 9 && b !== 10 && b !== 12 && b !== 13) || b === 0x7f) control++;
  }
  // A few stray control bytes happen in real exports; a tenth of them is not text.
  if (control > 8 && control / n > 0.1) return binary('binary data, not text');
  return { kind: 'text' };
}

/** UTF-16LE "EncryptionInfo": a stream every encrypted OOXML container holds. */
const ENCRYPTION_INFO = Array.from('EncryptionInfo').flatMap((ch) => [ch.charCodeAt(0), 0]);

/**
 * True when a CFB container (magic D0 CF 11 E0) is a password-protected xlsx/docx, i.e. its
 * directory holds a stream named "EncryptionInfo". Pass the whole file or at least its
 * directory sectors.
 */
export function isEncryptedCfb(bytes: Uint8Array): boolean {
  if (!startsWith(bytes, CFB_MAGIC)) return false;
  // Directory entries are 128 bytes, aligned to 128 (sectors are 512 or 4096 bytes and the
  // first sector follows a 512-byte header), with the UTF-16LE name first and its byte length
  // (including the terminating NUL) at offset 64.
  const nameBytes = ENCRYPTION_INFO.length + 2;
  for (let p = 512; p + 128 <= bytes.length; p += 128) {
    if (bytes[p] !== 0x45 || bytes[p + 64] !== nameBytes || bytes[p + 65] !== 0) continue;
    let ok = true;
    for (let i = 1; i < ENCRYPTION_INFO.length && ok; i++) ok = bytes[p + i] === ENCRYPTION_INFO[i];
    if (ok) return true;
  }
  return false;
}
