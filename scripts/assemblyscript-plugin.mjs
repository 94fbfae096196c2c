// Vite plugin: compiles an AssemblyScript kernel when it is imported with `?as-wasm`, e.g.
// `import wasm from '../src/wasm/person-query.ts?as-wasm'`. The import is the module's bytes as
// base64: a few KB inlined in the worker's bundle, so there is no extra request, no MIME type to
// get right on a static host, and the same import works in Vitest (Node).
//
// Why AssemblyScript (a devDependency, nothing of it ships but the compiled kernel): the person
// query's per-record loop measured ≈1.7× faster as WebAssembly than as the best JavaScript we
// had (bench/README.md, "Person query"), and AssemblyScript is the only compiler to
// WebAssembly that installs from the npm registry alone.
import { Buffer } from 'node:buffer';
import asc from 'assemblyscript/asc';

const SUFFIX = '?as-wasm';

/** Compiler flags: optimised, no runtime or GC (the kernel manages its own memory), SIMD. */
export const ASC_FLAGS = ['-O3', '--runtime', 'stub', '--noAssert', '--enable', 'simd'];

/** Compiles one AssemblyScript file to WebAssembly bytes; throws with the compiler's messages. */
export async function compileAssemblyScript(file) {
  let binary = null;
  const messages = [];
  const stream = { write: (s) => messages.push(String(s)) };
  const { error } = await asc.main([file, ...ASC_FLAGS, '--outFile', 'kernel.wasm'], {
    stdout: stream,
    stderr: stream,
    writeFile: (name, contents) => {
      if (name.endsWith('.wasm')) binary = contents;
    },
  });
  if (error || binary === null) {
    throw new Error(
      `AssemblyScript could not compile ${file}: ${error?.message ?? 'no output'}\n${messages.join('')}`,
    );
  }
  return binary;
}

/** @returns {import('vite').Plugin} */
export function assemblyscript() {
  return {
    name: 'xo-assemblyscript',
    enforce: 'pre',
    async load(id) {
      if (!id.endsWith(SUFFIX)) return null;
      const file = id.slice(0, -SUFFIX.length);
      this.addWatchFile(file);
      const bytes = await compileAssemblyScript(file);
      return `export default ${JSON.stringify(Buffer.from(bytes).toString('base64'))};`;
    },
  };
}
