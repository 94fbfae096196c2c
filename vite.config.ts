import { type Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { assemblyscript } from './scripts/assemblyscript-plugin.mjs';

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
  "connect-src 'self'",
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
