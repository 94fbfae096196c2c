// What src/lib needs to run a WebAssembly kernel (src/wasm/) without touching a platform API:
// the caller (workers/kernels.ts) compiles the module and hands in a factory.

/** The imports a kernel calls (its `env`). */
export type KernelImports = Record<string, (...args: number[]) => number | void>;

/** Instantiates a compiled kernel with `env` as its imports and returns its exports. */
export type KernelFactory = (env: KernelImports) => unknown;

/** An exported WebAssembly global. */
export interface WasmGlobal {
  value: unknown;
}
