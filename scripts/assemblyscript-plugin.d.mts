import type { Plugin } from 'vite';

/** Compiler flags used for every kernel. */
export const ASC_FLAGS: string[];
/** Compiles one AssemblyScript file to WebAssembly bytes; throws with the compiler's messages. */
export function compileAssemblyScript(file: string): Promise<Uint8Array>;
/** Vite plugin: `import wasm from './kernel.ts?as-wasm'` gives the compiled bytes as base64. */
export function assemblyscript(): Plugin;
