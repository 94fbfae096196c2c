// The WebAssembly kernels, compiled once per worker from the bytes the build inlined
// (scripts/assemblyscript-plugin.mjs). Null where WebAssembly is switched off: the JavaScript
// path of src/lib then does the same work, slower.
import type { KernelFactory } from '../src/lib/person-query/kernel';
import personQueryWasm from '../src/wasm/person-query.ts?as-wasm';

let personQueryModule: WebAssembly.Module | null | undefined;

function bytesOf(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** Instantiates the person-query kernel (src/wasm/person-query.ts), or null without WebAssembly. */
export function personQueryKernel(): KernelFactory | null {
  if (personQueryModule === undefined) {
    try {
      personQueryModule = new WebAssembly.Module(bytesOf(personQueryWasm));
    } catch {
      personQueryModule = null;
    }
  }
  const module = personQueryModule;
  if (module === null) return null;
  return (env) => new WebAssembly.Instance(module, { env }).exports;
}
