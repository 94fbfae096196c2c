/** A plain error for the UI: the worker keeps only name and message across the boundary. */
export interface UiError {
  name: string;
  message: string;
}

/** Turns anything thrown into a UiError; returns null for cancellations, which are not errors. */
export function standardizeError(e: unknown): UiError | null {
  if (e instanceof Error || (typeof e === 'object' && e !== null && 'message' in e)) {
    const err = e as { name?: string; message?: string };
    if (err.name === 'AbortError') return null;
    return { name: err.name ?? 'Error', message: err.message || 'Unknown error.' };
  }
  return { name: 'Error', message: String(e) };
}
