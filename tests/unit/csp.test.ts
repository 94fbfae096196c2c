import { describe, expect, it } from 'vitest';
import { CSP, connectSrc } from '../../vite.config';

describe('Content-Security-Policy connect-src', () => {
  it('allows only the app, Qualtrics hosts and the local machine by default', () => {
    expect(connectSrc('')).toBe(
      "connect-src 'self' https://*.qualtrics.com http://127.0.0.1:* http://localhost:*",
    );
    expect(CSP).toContain('connect-src ');
    // No blanket wildcard and no plain-http remote host.
    expect(CSP).not.toMatch(/connect-src[^;]* \*( |;|$)/);
    expect(CSP).not.toMatch(/connect-src[^;]*http:\/\/(?!127\.0\.0\.1|localhost)/);
  });

  it('adds an organisation proxy from XO_CONNECT_SRC and refuses anything but https origins', () => {
    expect(connectSrc(' https://qualtrics-proxy.example.org  https://gw.example.com:8443 ')).toBe(
      "connect-src 'self' https://*.qualtrics.com http://127.0.0.1:* http://localhost:* " +
        'https://qualtrics-proxy.example.org https://gw.example.com:8443',
    );
    expect(() => connectSrc('http://proxy.example.org')).toThrow(/not an https origin/);
    expect(() => connectSrc('*')).toThrow(/not an https origin/);
    expect(() => connectSrc("https://a.example.org; script-src 'unsafe-eval'")).toThrow();
  });
});
