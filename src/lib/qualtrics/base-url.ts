// Where the API lives: `https://{host}/API/v3` for a datacenter or brand host, or the API base
// URL of an organisation's same-origin proxy or gateway (reference §3: CORS beyond X-API-TOKEN is
// unknown, so a proxy must be possible). Plain http is refused except on the local machine,
// where the fake Qualtrics server runs, so a token never crosses the network unencrypted.
import { ValidationError } from '../errors';
import { Url, type UrlLike } from './url';

function isLocal(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]';
}

/** Parses a host ("iad1.qualtrics.com", "https://brand.iad1.qualtrics.com/") into an origin URL. */
export function originOf(host: string): UrlLike {
  const text = host.trim();
  if (text === '') throw new ValidationError('Enter the Qualtrics host, e.g. iad1.qualtrics.com.');
  let url: UrlLike;
  try {
    url = new Url(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    throw new ValidationError(
      `"${text}" is not a host name. Enter it like iad1.qualtrics.com or yourbrand.iad1.qualtrics.com.`,
    );
  }
  if (url.username || url.password) {
    throw new ValidationError(
      'Do not put a user name or password in the host; use the auth fields.',
    );
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLocal(url.hostname))) {
    throw new ValidationError(`Qualtrics must be reached over https:// (got ${url.protocol}//).`);
  }
  return url;
}

/**
 * The API base URL, without a trailing slash: the proxy/gateway URL when given, else
 * `{origin of host}/API/v3`.
 */
export function apiBaseUrl(host: string, apiBase?: string): string {
  if (apiBase && apiBase.trim() !== '') {
    const u = originOf(apiBase);
    return `${u.origin}${u.pathname}`.replace(/\/+$/, '');
  }
  return `${originOf(host).origin}/API/v3`;
}
