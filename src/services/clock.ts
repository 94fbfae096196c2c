/** The real clock and id source; state classes take them as arguments so tests can fix them. */
export const systemClock = (): Date => new Date();
export const randomId = (): string => crypto.randomUUID();
