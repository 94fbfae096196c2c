// Typed reads of a `result`: an answer with a missing field or a field of the wrong type stops
// with an UnexpectedResponseError naming the field, instead of an `undefined` travelling on
// until something crashes far away. Optional fields that Qualtrics omits read as undefined.
import { UnexpectedResponseError } from '../errors';

export type Json = Record<string, unknown>;

function typeOf(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v;
}

function bad(where: string, field: string, expected: string, got: unknown): never {
  throw new UnexpectedResponseError(
    `Qualtrics' answer to "${where}" has ${field === '' ? 'a value' : `"${field}"`} of an ` +
      `unexpected kind (expected ${expected}, got ${typeOf(got)}). The API may have changed; ` +
      'please report this with the request id if one is shown.',
  );
}

/** The value as an object. */
export function obj(v: unknown, where: string, field = ''): Json {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) bad(where, field, 'an object', v);
  return v as Json;
}

/** A required string field. */
export function str(o: Json, key: string, where: string): string {
  const v = o[key];
  if (typeof v !== 'string') bad(where, key, 'text', v);
  return v;
}

/** An optional string field (missing or null → undefined). */
export function optStr(o: Json, key: string, where: string): string | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') bad(where, key, 'text', v);
  return v;
}

/** A required number field; numeric strings are accepted (Qualtrics writes some counts as text). */
export function num(o: Json, key: string, where: string): number {
  const v = o[key];
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n)) bad(where, key, 'a number', v);
  return n;
}

/** An optional number field. */
export function optNum(o: Json, key: string, where: string): number | undefined {
  return o[key] === undefined || o[key] === null ? undefined : num(o, key, where);
}

/** An optional boolean field. */
export function optBool(o: Json, key: string, where: string): boolean | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') bad(where, key, 'true or false', v);
  return v;
}

/** A required list field. */
export function list(o: Json, key: string, where: string): unknown[] {
  const v = o[key];
  if (!Array.isArray(v)) bad(where, key, 'a list', v);
  return v;
}

/** An optional object field (missing or null → empty object). */
export function optObj(o: Json, key: string, where: string): Json {
  const v = o[key];
  return v === undefined || v === null ? {} : obj(v, where, key);
}
