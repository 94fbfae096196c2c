// The one seeded PRNG (scripts/prng.mjs), typed for the tests.
import { mulberry32 } from '../../scripts/prng.mjs';

/** Small seeded PRNG (mulberry32), so that failures of randomised tests reproduce. */
export const prng: (seed: number) => () => number = mulberry32;
