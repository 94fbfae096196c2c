// Turns an HTTP failure into an error whose message says what happened and what to do (issue
// 15, "Errors say what to do"). Qualtrics' own message is quoted when there is one; secrets are
// scrubbed by the caller. The error classes cross the worker by `name`, so everything the UI
// needs is in the message.
import {
  BlockedByBrowserError,
  NeedsReauthorizationError,
  QualtricsApiError,
  UnexpectedResponseError,
} from '../errors';
import type { AuthKind } from './auth-provider';
import { describeBody, type Envelope } from './envelope';
import { describeIdProblem, looksLikeId, type IdRef } from './ids';
import { readNotice } from './notice';

/** What a request was for, so its errors can be specific. */
export interface CallContext {
  /** What the user asked for, as a phrase ("list your surveys"). */
  what: string;
  /** Ids in the path, in order; a 404 names the first that looks wrong (else the last). */
  ids?: readonly IdRef[];
  /** The OAuth scope the endpoint needs, named on 403. */
  scope?: string;
  authKind: AuthKind;
  /** A 429's wait that was too long to take (ms). */
  retryAfterMs?: number;
}

function quoted(env: Envelope | null): string {
  const e = env?.error;
  if (!e?.errorMessage && !e?.errorCode) return '';
  const code = e.errorCode ? ` [${e.errorCode}]` : '';
  return e.errorMessage
    ? ` Qualtrics says: "${e.errorMessage}"${code}.`
    : ` Error code ${e.errorCode}.`;
}

function requestIdOf(env: Envelope | null): string {
  return env?.requestId ? ` (request id ${env.requestId})` : '';
}

/** The host switch a proxied-host notice suggests, as a sentence, or ''. */
function noticeAdvice(env: Envelope | null): string {
  if (!env?.notice) return '';
  const n = readNotice(env.notice);
  return n.kind === 'proxied-host'
    ? ` Qualtrics suggests using this host instead: ${n.host}. Change the connection's host to it.`
    : ` Qualtrics notice: ${n.message}`;
}

/** The error for a non-2xx answer that will not be retried. */
export function httpError(
  status: number,
  env: Envelope | null,
  bodyText: string,
  contentType: string | null,
  ctx: CallContext,
): Error {
  const said = quoted(env);
  const rid = requestIdOf(env);
  const errorCode = env?.error?.errorCode;
  const details = { status, ...(typeof errorCode === 'string' ? { errorCode } : {}) };
  const html =
    env === null && bodyText.trim() !== ''
      ? ` The answer was ${describeBody(bodyText, contentType)}.`
      : '';
  if (status === 401) {
    const todo =
      ctx.authKind === 'bearer'
        ? 'Reauthorize this connection (the sign-in expired or was revoked).'
        : 'Create a new API token in Qualtrics (Account Settings → Qualtrics IDs) and enter it for this connection.';
    return new NeedsReauthorizationError(
      `Qualtrics did not accept this connection's credentials when trying to ${ctx.what} (401).${said} ${todo}`,
    );
  }
  if (status === 400 && env?.error?.errorCode === 'ATP_2') {
    return new QualtricsApiError(
      `Qualtrics received no credentials when trying to ${ctx.what} (400).${said} ` +
        'Something between the browser and Qualtrics dropped the authorization header: check that the ' +
        "connection's API base URL (proxy or gateway) forwards X-API-TOKEN and Authorization.",
      details,
    );
  }
  if (status === 403) {
    const scope = ctx.scope
      ? ctx.authKind === 'bearer'
        ? ` The OAuth client needs the scope "${ctx.scope}": add it to the client in Qualtrics' OAuth Client Manager, add it to the connection's scopes, then reauthorize.`
        : ` The Qualtrics account needs the permission behind "${ctx.scope}"; ask your brand administrator.`
      : ' Ask your brand administrator for the permission.';
    return new QualtricsApiError(
      `This connection is not allowed to ${ctx.what} (403 Forbidden).${said}${scope}${rid}`,
      details,
    );
  }
  if (status === 404) {
    const ids = ctx.ids ?? [];
    const ref = ids.find((r) => !looksLikeId(r.kind, r.value)) ?? ids[ids.length - 1];
    const idText = ref ? ` ${describeIdProblem(ref)}` : '';
    return new QualtricsApiError(
      `Qualtrics found nothing to ${ctx.what} (404 Not Found).${idText}${said}${rid}`,
      details,
    );
  }
  if (status === 429) {
    return new QualtricsApiError(
      `Qualtrics is limiting how often this brand may call it, and kept refusing to ${ctx.what} (429 Too Many Requests).${said} ` +
        (ctx.retryAfterMs !== undefined && ctx.retryAfterMs > 60_000
          ? `It asked to wait ${Math.ceil(ctx.retryAfterMs / 60_000)} minutes; try again then. `
          : 'Wait a minute and try again; ') +
        'other tools using the same brand count against the same limit.',
      details,
    );
  }
  if (status >= 500) {
    return new QualtricsApiError(
      `Qualtrics had a problem on its side while trying to ${ctx.what} (${status}).${said}${html} ` +
        `Try again in a moment; if it keeps failing, give Qualtrics support the request id${rid || ' (none was given)'}.`,
      details,
    );
  }
  if (status === 400) {
    return new QualtricsApiError(
      `Qualtrics refused the request to ${ctx.what} (400 Bad Request).${said}${html}${noticeAdvice(env)}${rid}`,
      details,
    );
  }
  return new QualtricsApiError(
    `Qualtrics answered ${status} when trying to ${ctx.what}.${said}${html}${noticeAdvice(env)}${rid}`,
    details,
  );
}

/** The error for a fetch that rejected without an HTTP status. */
export function blockedError(target: string, ctx: { what: string }): BlockedByBrowserError {
  return new BlockedByBrowserError(
    `The browser blocked the request to ${target} (to ${ctx.what}) before any answer arrived. ` +
      'Either this server does not allow calls from this web page (CORS), or the network or host is ' +
      "unreachable. Check the host; if it is right, your organisation can set up a same-origin proxy or gateway and enter it as the connection's API base URL " +
      '(see "Connecting to Qualtrics" in the README).',
  );
}

/** The error for a body that could not be read to its end. */
export function truncatedError(ctx: { what: string }): UnexpectedResponseError {
  return new UnexpectedResponseError(
    `The answer from Qualtrics to "${ctx.what}" was cut off before its end (the connection dropped). Try again.`,
  );
}
