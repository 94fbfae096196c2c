// URL and URLSearchParams exist in every browser and in Node, but src/lib compiles with
// `lib: ["ES2022"]` only (no DOM), and declaring them globally would clash with the DOM lib the
// app compiles with. So they are taken from globalThis under the few members the client uses.

export interface ParamsLike {
  get(name: string): string | null;
  set(name: string, value: string): void;
  delete(name: string): void;
  has(name: string): boolean;
  forEach(fn: (value: string, key: string) => void): void;
  toString(): string;
}

export interface UrlLike {
  href: string;
  readonly origin: string;
  protocol: string;
  host: string;
  hostname: string;
  pathname: string;
  search: string;
  hash: string;
  username: string;
  password: string;
  readonly searchParams: ParamsLike;
  toString(): string;
}

const host = globalThis as unknown as {
  URL: new (url: string, base?: string) => UrlLike;
  URLSearchParams: new (init?: string | Record<string, string> | [string, string][]) => ParamsLike;
};

/** The platform URL class. */
export const Url = host.URL;
/** The platform URLSearchParams class. */
export const SearchParams = host.URLSearchParams;
