// Dates from Qualtrics (ISO-8601, UTC) as the Surveys screens show them: the day and time in
// UTC, written the same for every user so what the screen says matches the export's dates.

/** "2026-03-14 09:12 UTC", or "—" when absent or unreadable. */
export function formatDate(iso: string | undefined): string {
  if (!iso) return '—';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return `${new Date(t).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
