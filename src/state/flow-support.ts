// Small pieces the recipe flows share: a debounced task and a guarded file download.
import { downloadBytes } from '../services/download';
import { standardizeError, type UiError } from '../services/report-error';

/** Runs `task` once, `ms` after the last `schedule()`; `flush()` runs a pending one at once. */
export class Debouncer {
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly task: () => Promise<void>,
    private readonly ms: number,
  ) {}

  schedule(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.task();
    }, this.ms);
  }

  /** Runs the pending task now, if there is one, and waits for it. */
  async flush(): Promise<void> {
    if (!this.#timer) return;
    clearTimeout(this.#timer);
    this.#timer = null;
    await this.task();
  }
}

/**
 * Saves the bytes `make` produces as a file. A failure is passed to `onError` (null for a
 * cancellation), so the screen shows it instead of an unhandled rejection.
 */
export async function saveFile(
  name: string,
  make: () => Promise<BlobPart>,
  onError: (e: UiError | null) => void,
): Promise<void> {
  try {
    downloadBytes(name, await make());
  } catch (e) {
    onError(standardizeError(e));
  }
}
