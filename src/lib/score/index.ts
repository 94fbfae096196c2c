// The score library: favorability, NPS, CSAT and CES with intervals, suppression of small
// groups, breakouts, patterns and trends (reference viva-and-scores.md §4–5). Pure TypeScript.

export type * from './types';
export * from './stats';
export * from './sentiment';
export * from './tally';
export * from './score';
export * from './suppress';
export * from './patterns';
export * from './trend';
