// Aggregates one part of a large person query for the engine (see person-query.ts and the
// protocol in part-pool.ts): a byte range of the file, or the batches of an inflating zip that
// fall to this thread.
import { partialBuffers } from '../src/lib/person-query/aggregate';
import { aggregatePart } from '../src/lib/person-query/read';
import { StreamPart } from '../src/lib/person-query/stream-parts';
import { blobChunksReused } from './blob-chunks';
import { personQueryKernel } from './kernels';
import { servePart } from './part-thread';

servePart<'person-query'>({
  // Both engines copy what they keep of a chunk, so two buffers used in turn will do.
  read: ({ blob, spec, first }, onProgress) =>
    aggregatePart(blobChunksReused(blob), spec, first, onProgress, personQueryKernel()),
  transfer: (result) => partialBuffers(result.partial),
  // aggregatePart reports at most every 100 ms, and once at the end: every report is sent.
  progressEveryMs: 0,
  feed: ({ spec }, first) => new StreamPart(spec, first, personQueryKernel()),
  transferFed: (result) => partialBuffers(result.partial),
});
