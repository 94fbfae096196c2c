// Helpers of ChartCard: safe file names, numeric-looking cells, the table as CSV and the chart
// canvas as a PNG on a white background.
import type { ChartTable } from '../../../lib/format';
import { toCsv } from '../../../lib/write/csv';

const RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)$/i;

/**
 * A base file name that is safe on every OS: letters, digits, '.', '_' and '-' only (runs of
 * anything else become one '-'), no leading/trailing dots or dashes, at most 80 characters,
 * "chart" when nothing is left. "NPS by Dept / 2024: Q1" → "NPS-by-Dept-2024-Q1".
 */
export function safeFilename(name: string): string {
  let base = name
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}._-]+/gu, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[.-]+|[.-]+$/g, '')
    .slice(0, 80)
    .replace(/[.-]+$/, '');
  if (!base) base = 'chart';
  return RESERVED.test(base) ? `${base}_` : base;
}

const NUMBER = String.raw`[-+−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?`;
const NUMERIC = new RegExp(`^(?:${NUMBER}|${NUMBER}\\s*[–-]\\s*${NUMBER}|n\\s*=\\s*${NUMBER})$`);

/** Whether a table cell reads as a number ("23", "-4.5", "1,234", "67%", "41.2 – 55"). */
export function isNumericCell(text: string): boolean {
  return NUMERIC.test(text.trim());
}

/** The table as CSV (formula-guarded, CRLF), UTF-8 encoded. */
export function tableCsvBytes(table: ChartTable): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(toCsv([table.header, ...table.rows], { formulaGuard: true }));
}

/**
 * The canvas drawn onto a white background (charts are transparent) as a PNG blob, at the
 * canvas's pixel size. Null when the browser gives no 2D context or no blob.
 */
export function canvasToPng(source: HTMLCanvasElement): Promise<Blob | null> {
  const out = document.createElement('canvas');
  out.width = source.width;
  out.height = source.height;
  let ctx: CanvasRenderingContext2D | null = null;
  try {
    ctx = out.getContext('2d');
  } catch {
    ctx = null;
  }
  if (!ctx || out.width === 0 || out.height === 0) return Promise.resolve(null);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.drawImage(source, 0, 0);
  return new Promise((resolve) => {
    try {
      out.toBlob((blob) => resolve(blob), 'image/png');
    } catch {
      resolve(null);
    }
  });
}
