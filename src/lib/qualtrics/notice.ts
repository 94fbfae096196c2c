// Qualtrics adds `meta.notice` to an answer that it proxied from a non-canonical host: "Request
// proxied. For faster response times, use this host instead: sjc1.qualtrics.com" (reference
// §1.1). Users got 400s on exports until they switched, so the notice becomes data the UI can
// offer as "switch the host"; any other notice (deprecations) is passed on as text.

export type QualtricsNotice =
  { kind: 'proxied-host'; host: string; message: string } | { kind: 'notice'; message: string };

const PROXIED_RE = /use this host instead:\s*([A-Za-z0-9.-]+(?::\d{1,5})?)\.?\s*$/i;

/** Reads a `meta.notice` text. */
export function readNotice(message: string): QualtricsNotice {
  const m = PROXIED_RE.exec(message.trim());
  return m
    ? { kind: 'proxied-host', host: m[1].toLowerCase(), message }
    : { kind: 'notice', message };
}
