// Our readers, called as the app's worker calls them (workers/open-file.ts), minus the sniffing.
//
// The readers are loaded through import.meta.glob so that this page still builds (and the
// baselines still run) while a reader is missing: the run then reports "missing" instead.
import type * as CsvModule from '../../src/lib/read/csv/read-csv';
import type * as ChunksModule from '../../src/lib/read/source-chunks';
import type * as XlsxModule from '../../src/lib/read/xlsx/index';
import type { ByteSource, ReadCallbacks } from '../../src/lib/read/types';
import { MissingReader, serve, type Measured } from './worker-shell';

const csvGlob = import.meta.glob<typeof CsvModule>('../../src/lib/read/csv/read-csv.ts');
const chunksGlob = import.meta.glob<typeof ChunksModule>('../../src/lib/read/source-chunks.ts');
const xlsxGlob = import.meta.glob<typeof XlsxModule>('../../src/lib/read/xlsx/index.ts');

/** Same as the app: the first 64 KiB go to the sniffer and to openWorkbook. */
const HEAD_BYTES = 64 * 1024;

async function load<T>(glob: Record<string, () => Promise<T>>, what: string): Promise<T | null> {
  const loader = Object.values(glob)[0];
  if (!loader) return null;
  try {
    return await loader();
  } catch (err) {
    throw new Error(`${what}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

let csv: typeof CsvModule | null = null;
let chunks: typeof ChunksModule | null = null;
let xlsx: typeof XlsxModule | null = null;

function blobSource(blob: Blob): ByteSource {
  return {
    size: blob.size,
    read: async (start, end) => new Uint8Array(await blob.slice(start, end).arrayBuffer()),
  };
}

serve(
  async ({ kind, name, blob }): Promise<Measured> => {
    let firstRowsAt: number | undefined;
    const callbacks: ReadCallbacks = {
      onHead: () => {
        firstRowsAt ??= performance.now();
      },
    };
    const source = blobSource(blob);
    if (kind === 'ours-csv') {
      if (!csv || !chunks) {
        throw new MissingReader('src/lib/read/csv/read-csv.ts or source-chunks.ts is missing');
      }
      const table = await csv.readCsv(
        chunks.sourceChunks(source),
        { name, totalBytes: blob.size },
        callbacks,
      );
      return { rows: table.rowCount, columns: table.columns.length, firstRowsAt, keep: table };
    }
    if (kind === 'ours-xlsx') {
      if (!xlsx) throw new MissingReader('src/lib/read/xlsx/index.ts is missing');
      const head = await source.read(0, HEAD_BYTES);
      const wb = await xlsx.openWorkbook(source, name, head);
      const table = await xlsx.readSheet(wb, wb.sheets[0].name, callbacks);
      return { rows: table.rowCount, columns: table.columns.length, firstRowsAt, keep: table };
    }
    throw new Error(`ours.worker cannot run ${kind}`);
  },
  async () => {
    // Loading the code is not part of the measurement.
    [csv, chunks, xlsx] = await Promise.all([
      load(csvGlob, 'read-csv'),
      load(chunksGlob, 'source-chunks'),
      load(xlsxGlob, 'xlsx'),
    ]);
  },
);
