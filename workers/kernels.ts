// The WebAssembly kernels, compiled once per worker from the bytes the build inlined
// (scripts/assemblyscript-plugin.mjs). Null where WebAssembly is switched off: the JavaScript
// path of src/lib then does the same work, slower.
import type { KernelFactory } from '../src/lib/wasm-kernel';
import csvTableWasm from '../src/wasm/csv-table.ts?as-wasm';
import personQueryWasm from '../src/wasm/person-query.ts?as-wasm';

function bytesOf(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

const modules = new Map<string, WebAssembly.Module | null>();

/** A factory for the kernel compiled from `base64`, or null without WebAssembly. */
function kernel(base64: string): KernelFactory | null {
  let module = modules.get(base64);
  if (module === undefined) {
    try {
      module = new WebAssembly.Module(bytesOf(base64));
    } catch {
      module = null;
    }
    modules.set(base64, module);
  }
  if (module === null) return null;
  const compiled = module;
  return (env) => new WebAssembly.Instance(compiled, { env }).exports;
}

/** Instantiates the person-query kernel (src/wasm/person-query.ts), or null without WebAssembly. */
export function personQueryKernel(): KernelFactory | null {
  return kernel(personQueryWasm);
}

/** Instantiates the CSV table kernel (src/wasm/csv-table.ts), or null without WebAssembly. */
export function csvTableKernel(): KernelFactory | null {
  return kernel(csvTableWasm);
}
