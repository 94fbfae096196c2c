// PKCE (RFC 7636) with S256 for the authorization-code flow: the app cannot keep a client secret
// safe, so the code it gets back is bound to a verifier only this tab knows. Randomness and
// SHA-256 come in as parameters (crypto.getRandomValues and crypto.subtle.digest in the page),
// so src/lib needs no DOM and the RFC's test vector can be checked in Node.
import { base64Url } from './base64';

/** Fills the array with cryptographically strong random bytes (crypto.getRandomValues). */
export type RandomBytes = (into: Uint8Array) => Uint8Array;
/** SHA-256 of the bytes (`(d) => crypto.subtle.digest('SHA-256', d)`). */
export type Sha256 = (data: Uint8Array) => Promise<ArrayBuffer>;

/** RFC 7636 §4.1: 43–128 characters of [A-Z a-z 0-9 - . _ ~]. */
export const VERIFIER_RE = /^[A-Za-z0-9\-._~]{43,128}$/;

/** A random base64url string of `bytes` random bytes (32 → 43 characters, 256 bits). */
export function randomToken(randomBytes: RandomBytes, bytes = 32): string {
  return base64Url(randomBytes(new Uint8Array(bytes)));
}

/** A new code verifier: 32 random octets, base64url-encoded (RFC 7636 §4.1). */
export function createVerifier(randomBytes: RandomBytes): string {
  return randomToken(randomBytes, 32);
}

/** The S256 code challenge: base64url(SHA-256(ASCII(verifier))) (RFC 7636 §4.2). */
export async function challengeS256(verifier: string, sha256: Sha256): Promise<string> {
  if (!VERIFIER_RE.test(verifier)) {
    throw new RangeError(
      'A PKCE verifier is 43–128 characters of A–Z, a–z, 0–9, "-", ".", "_", "~".',
    );
  }
  const digest = await sha256(new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}
