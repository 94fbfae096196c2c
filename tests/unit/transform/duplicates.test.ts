import { describe, expect, it } from 'vitest';
import { deduplicate, meanOver } from '../../../src/lib/transform/duplicates';

describe('deduplicate: latest', () => {
  it('keeps the response with the greatest timestamp', () => {
    const d = deduplicate(['a', 'a', 'a'], 'latest', [20, 30, 10]);
    expect(d.people).toEqual([{ key: 'a', rows: [1] }]);
  });

  it('keeps the later row on a timestamp tie', () => {
    const d = deduplicate(['a', 'a'], 'latest', [5, 5]);
    expect(d.people).toEqual([{ key: 'a', rows: [1] }]);
  });

  it('counts a NaN timestamp as the oldest', () => {
    expect(deduplicate(['a', 'a'], 'latest', [5, NaN]).people[0].rows).toEqual([0]);
    expect(deduplicate(['a', 'a'], 'latest', [NaN, 5]).people[0].rows).toEqual([1]);
    expect(deduplicate(['a', 'a', 'a'], 'latest', [NaN, 5, NaN]).people[0].rows).toEqual([1]);
  });

  it('keeps the last row when there are no timestamps', () => {
    expect(deduplicate(['a', 'b', 'a', 'a'], 'latest').people).toEqual([
      { key: 'a', rows: [3] },
      { key: 'b', rows: [1] },
    ]);
  });

  it('keeps the last row when every timestamp is NaN', () => {
    expect(deduplicate(['a', 'a'], 'latest', [NaN, NaN]).people[0].rows).toEqual([1]);
  });

  it('counts duplicate people and their responses', () => {
    const d = deduplicate(['a', 'b', 'a', 'c', 'c', 'c'], 'latest');
    expect(d.duplicatePeople).toBe(2);
    expect(d.duplicateResponses).toBe(5);
    expect(d.rejected).toEqual([]);
  });
});

describe('deduplicate: mean', () => {
  it('keeps all rows of a person in one PersonRow, in file order', () => {
    const d = deduplicate(['a', 'b', 'a'], 'mean', [3, 2, 1]);
    expect(d.people).toEqual([
      { key: 'a', rows: [0, 2] },
      { key: 'b', rows: [1] },
    ]);
    expect(d.duplicatePeople).toBe(1);
    expect(d.duplicateResponses).toBe(2);
  });
});

describe('deduplicate: reject', () => {
  it('leaves duplicated people out and lists them with all their rows', () => {
    const d = deduplicate(['a', 'b', 'a', 'c'], 'reject');
    expect(d.people).toEqual([
      { key: 'b', rows: [1] },
      { key: 'c', rows: [3] },
    ]);
    expect(d.rejected).toEqual([{ key: 'a', rows: [0, 2] }]);
    expect(d.duplicatePeople).toBe(1);
    expect(d.duplicateResponses).toBe(2);
  });
});

describe('deduplicate: keys', () => {
  it('skips null keys', () => {
    const d = deduplicate([null, 'a', null], 'latest');
    expect(d.people).toEqual([{ key: 'a', rows: [1] }]);
    expect(d.duplicatePeople).toBe(0);
  });

  it('lists people in order of first appearance', () => {
    const d = deduplicate(['c', 'a', 'b', 'a', 'c'], 'latest');
    expect(d.people.map((p) => p.key)).toEqual(['c', 'a', 'b']);
  });

  it('returns nothing for no rows', () => {
    expect(deduplicate([], 'mean')).toEqual({
      people: [],
      duplicatePeople: 0,
      duplicateResponses: 0,
      rejected: [],
    });
  });
});

describe('meanOver', () => {
  const values = Float64Array.from([1, NaN, 4, 2]);

  it('averages the given rows, skipping blanks', () => {
    expect(meanOver(values, [0, 1, 2])).toBe(2.5);
    expect(meanOver(values, [0, 2, 3])).toBe(7 / 3);
  });

  it('is NaN when every row is blank or there are no rows', () => {
    expect(meanOver(values, [1])).toBeNaN();
    expect(meanOver(values, [])).toBeNaN();
  });
});
