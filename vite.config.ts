import { type Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { assemblyscript } from './scripts/assemblyscript-plugin.mjs';

/**
 * Where the page may send requests (connect-src): its own origin, Qualtrics datacenter and brand
 * hosts (`https://*.qualtrics.com`), and the local machine (`http://127.0.0.1:*`,
 * `http://localhost:*`: the fake Qualtrics server of `npm run demo`, or a user's own proxy).
 * Loopback stays in production builds: a request there never leaves the device. An organisation's
 * HTTPS proxy or gateway on another domain is added at build time with `XO_CONNECT_SRC`
 * (space-separated origins, e.g. `XO_CONNECT_SRC="https://qualtrics-proxy.example.org"`).
 * The app itself only ever calls the hosts the user configured in a connection.
 */
export function connectSrc(extra: string | undefined = process.env.XO_CONNECT_SRC): string {
  const origins = (extra ?? '').split(/\s+/).filter((o) => o !== '');
  for (const o of origins) {
    if (!/^https:\/\/[a-z0-9.*-]+(:\d+)?$/i.test(o)) {
      throw new Error(
        `XO_CONNECT_SRC: "${o}" is not an https origin like https://proxy.example.org`,
      );
    }
  }
  return [
    "connect-src 'self'",
    'https://*.qualtrics.com',
    'http://127.0.0.1:*',
    'http://localhost:*',
    ...origins,
  ].join(' ');
}

/**
 * Content-Security-Policy for the built app. Only the app's own origin may serve scripts,
 * styles, fonts, images and workers. Added at build time only, because Vite's dev server
 * injects inline scripts for hot reload.
 */
export const CSP = [
  "default-src 'self'",
  // WebAssembly (the person-query kernel, compiled in the workers) without allowing eval.
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "font-src 'self'",
  "img-src 'self' blob:",
  "worker-src 'self'",
  connectSrc(),
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

function csp(): Plugin {
  return {
    name: 'xo-csp',
    apply: 'build',
    transformIndexHtml(html) {
      return html.replace(
        '<meta charset="UTF-8" />',
        `<meta charset="UTF-8" />\n    <meta http-equiv="Content-Security-Policy" content="${CSP}" />`,
      );
    },
  };
}

export default defineConfig({
  // Relative base: dist/ works from any static host and any sub-path.
  base: './',
  plugins: [svelte(), csp(), assemblyscript()],
  build: {
    target: 'es2022',
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 2000,
  },
  worker: { format: 'es', plugins: () => [assemblyscript()] },
  resolve: process.env.VITEST ? { conditions: ['browser'] } : undefined,
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'node',
          include: ['tests/unit/**/*.test.ts'],
          testTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          // Components and the state classes behind them (runes need the Svelte compiler).
          name: 'component',
          environment: 'jsdom',
          include: ['tests/component/**/*.test.ts', 'tests/state/**/*.test.ts'],
          setupFiles: ['tests/component/setup.ts'],
        },
      },
    ],
  },
});
