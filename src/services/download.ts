/** Saves bytes as a file through a temporary link (no network involved). */
export function downloadBytes(
  name: string,
  bytes: BlobPart,
  type = 'text/csv;charset=utf-8',
): void {
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  // Revoke after the click has been handled; revoking at once cancels the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
