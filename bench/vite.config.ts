// Builds the bench page (bench/page/) into bench/.data/page-dist/. Used by bench/run.mjs.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('./page', import.meta.url)),
  base: './',
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('./.data/page-dist', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 4000,
    // Readable stacks if a reader throws.
    sourcemap: true,
  },
  worker: { format: 'es' },
});
