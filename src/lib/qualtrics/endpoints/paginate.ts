// Qualtrics collections come a page at a time: `result.elements` plus `result.nextPage`, an
// absolute URL or null (reference §1.6). Both offset (`/surveys`) and skipToken (directory,
// distributions) pages are followed the same way, through QualtricsHttp.pageCall, which keeps
// the credential on the configured base URL. Stoplight's mock writes the literal "string" for
// the last page, and a server that repeats a page would loop forever: both end the listing.
import { UnexpectedResponseError } from '../../errors';
import { list, obj, optStr } from '../check';
import type { ApiCall, QualtricsHttp } from '../http';

/** Reads one element of a page; throws UnexpectedResponseError when it has the wrong shape. */
export type ReadElement<T> = (element: unknown, where: string) => T;

/** Yields every element of a paginated collection, page after page. */
export async function* paginate<T>(
  http: QualtricsHttp,
  call: ApiCall,
  read: ReadElement<T>,
): AsyncGenerator<T> {
  let current = call;
  const seen = new Set<string>();
  for (;;) {
    const { result } = await http.json(current);
    const page = obj(result, call.what);
    for (const element of list(page, 'elements', call.what)) yield read(element, call.what);
    const next = optStr(page, 'nextPage', call.what);
    if (!next || next === 'string') return;
    if (seen.has(next)) {
      throw new UnexpectedResponseError(
        `Qualtrics sent the same next page twice while trying to ${call.what}; stopped.`,
      );
    }
    seen.add(next);
    current = http.pageCall(next, call);
  }
}

/** Collects an async iterable into an array, stopping after `max` items when given. */
export async function collect<T>(items: AsyncIterable<T>, max = Infinity): Promise<T[]> {
  const out: T[] = [];
  if (max <= 0) return out;
  for await (const item of items) {
    out.push(item);
    if (out.length >= max) break;
  }
  return out;
}
