// Tokens and secrets must never reach an error message, a log or a download (issue 15). Our own
// messages never include them, but a server or proxy may echo a header or a query back; every
// text that leaves the client passes through `redact`, and URLs are shown without their query
// (which can hold skip tokens or a JSON Event's urlTokenId) and without user:password.
import { Url } from './url';

/** The text with every secret replaced by "[hidden]". Secrets shorter than 4 characters are ignored. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) {
    if (s && s.length >= 4) out = out.split(s).join('[hidden]');
  }
  return out;
}

/** The URL as shown to the user: scheme, host and path only. */
export function safeUrl(url: string): string {
  try {
    const u = new Url(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '(an invalid URL)';
  }
}
