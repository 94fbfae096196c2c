// src/lib compiles without the DOM lib, so the client cannot name `fetch`, `Response` or
// `AbortSignal`. These are the few members it uses, declared structurally: the page passes the
// real ones (`(url, init) => fetch(url, init as RequestInit)`), tests pass fakes.

/** The part of an AbortSignal the client uses. */
export interface SignalLike {
  readonly aborted: boolean;
  readonly reason?: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/** The request options the client sends. Cookies are never sent (`credentials: 'omit'`). */
export interface FetchInit {
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal?: SignalLike;
  credentials?: 'omit';
  referrerPolicy?: 'no-referrer';
}

/** The part of a fetch Response the client reads. */
export interface ResponseLike {
  readonly status: number;
  readonly statusText?: string;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** `fetch`, injected. */
export type FetchLike = (url: string, init: FetchInit) => Promise<ResponseLike>;

/** Waits `ms` milliseconds; rejects with an AbortError when the signal aborts. */
export type SleepFn = (ms: number, signal?: SignalLike) => Promise<void>;
