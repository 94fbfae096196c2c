// src/lib compiles with `lib: ["ES2022"]` and no DOM, so that nothing here can touch the page.
// TextDecoder/TextEncoder are the one exception: both browsers and Node provide them, and the
// readers need them. Declared minimally here instead of pulling in the whole DOM lib.

interface TextDecodeOptions {
  stream?: boolean;
}
interface TextDecoderOptions {
  fatal?: boolean;
  ignoreBOM?: boolean;
}
declare class TextDecoder {
  constructor(label?: string, options?: TextDecoderOptions);
  readonly encoding: string;
  readonly fatal: boolean;
  decode(input?: ArrayBufferView | ArrayBuffer, options?: TextDecodeOptions): string;
}
declare class TextEncoder {
  constructor();
  encode(input?: string): Uint8Array<ArrayBuffer>;
  encodeInto(source: string, destination: Uint8Array): { read: number; written: number };
}
