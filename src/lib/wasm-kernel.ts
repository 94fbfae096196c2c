// What src/lib needs to run a WebAssembly kernel (src/wasm/) without touching a platform API:
// the caller (workers/kernels.ts) compiles the module and hands in a factory.

/** The imports a kernel calls (its `env`). */
export type KernelImports = Record<string, (...args: number[]) => number | void>;

/** Instantiates a compiled kernel with `env` as its imports and returns its exports. */
export type KernelFactory = (env: KernelImports) => unknown;

/** An exported WebAssembly global. */
export interface WasmGlobal {
  value: unknown;
}

/** What a scanning kernel exports for its input (src/wasm/scan.ts). */
export interface ScanExports {
  memory: { buffer: ArrayBuffer };
  inputBuffer(n: number): number;
  shift(from: number, to: number): void;
  scan(len: number, final: number): number;
}

/**
 * Feeds chunks to a scanning kernel. The kernel keeps the record a scan left unfinished and
 * scans it again from its start with the next bytes, so while one is long (a big quoted field),
 * chunks are only gathered until they double it: the rescans then cost at most the bytes
 * themselves, whatever the chunk size.
 */
export class KernelInput {
  /** Bytes in the kernel's input: the unfinished record and the chunks gathered after it. */
  private length = 0;
  /** Bytes the last scan left (an unfinished record), and bytes added since. */
  private unfinished = 0;
  private fresh = 0;
  private bytes: Uint8Array;

  constructor(private readonly x: ScanExports) {
    this.bytes = new Uint8Array(x.memory.buffer);
  }

  /** The kernel's memory as bytes (a new view after the memory grew). */
  mem(): Uint8Array {
    if (this.bytes.buffer !== this.x.memory.buffer) {
      this.bytes = new Uint8Array(this.x.memory.buffer);
    }
    return this.bytes;
  }

  /** Copies one chunk in and scans what is complete. The chunk is not kept. */
  push(chunk: Uint8Array): void {
    const x = this.x;
    const n = this.length + chunk.length;
    const at = x.inputBuffer(n);
    this.mem().set(chunk, at + this.length);
    this.length = n;
    this.fresh += chunk.length;
    if (this.fresh < this.unfinished) return;
    const done = x.scan(n, 0);
    if (done < n) x.shift(done, n);
    this.length = this.unfinished = n - done;
    this.fresh = 0;
  }

  /**
   * Whether every byte pushed so far belongs to a complete record (see CsvScanner's
   * atRecordStart). Bytes gathered but not scanned yet are scanned first.
   */
  atRecordStart(): boolean {
    if (this.length > 0 && this.fresh > 0) {
      const done = this.x.scan(this.length, 0);
      if (done < this.length) this.x.shift(done, this.length);
      this.length = this.unfinished = this.length - done;
      this.fresh = 0;
    }
    return this.length === 0;
  }

  /** Ends the input: the last record needs no line end. */
  finish(): void {
    if (this.length > 0) this.x.scan(this.length, 1);
    this.length = this.unfinished = this.fresh = 0;
  }
}
