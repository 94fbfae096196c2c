// Builds the bench page (bench/page/) into bench/.data/page-dist/. Used by bench/run.mjs.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { assemblyscript } from '../scripts/assemblyscript-plugin.mjs';

export default defineConfig({
  root: fileURLToPath(new URL('./page', import.meta.url)),
  base: './',
  plugins: [assemblyscript()],
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
  worker: { format: 'es', plugins: () => [assemblyscript()] },
});
