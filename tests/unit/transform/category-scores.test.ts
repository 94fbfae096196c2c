import { describe, expect, it } from 'vitest';
import {
  categoryMeans,
  recodeAnswers,
  type ScaleSettings,
} from '../../../src/lib/transform/category-scores';

const f = (...v: number[]) => Float64Array.from(v);
const scale = (over: Partial<ScaleSettings> = {}): ScaleSettings => ({
  min: 1,
  max: 5,
  reverse: false,
  missingCodes: [],
  ...over,
});

describe('recodeAnswers', () => {
  it('keeps answers on the scale as they are', () => {
    const r = recodeAnswers(f(1, 3, 5), scale());
    expect([...r.values]).toEqual([1, 3, 5]);
    expect(r.outOfRange).toEqual([]);
    expect(r.missingCoded).toBe(0);
  });

  it('leaves a blank answer blank without reporting it', () => {
    const r = recodeAnswers(f(NaN, 2), scale());
    expect(r.values[0]).toBeNaN();
    expect(r.values[1]).toBe(2);
    expect(r.outOfRange).toEqual([]);
    expect(r.missingCoded).toBe(0);
  });

  it('turns missing codes (6 on a 1–5 scale, -99) into blanks and counts them', () => {
    const r = recodeAnswers(f(6, -99, 4, 6), scale({ missingCodes: [6, -99] }));
    expect(r.values[0]).toBeNaN();
    expect(r.values[1]).toBeNaN();
    expect(r.values[2]).toBe(4);
    expect(r.values[3]).toBeNaN();
    expect(r.missingCoded).toBe(3);
    expect(r.outOfRange).toEqual([]);
  });

  it('reports the rows outside the scale and treats them as missing', () => {
    const r = recodeAnswers(f(3, 0, 7, 5, -1), scale());
    expect(r.outOfRange).toEqual([1, 2, 4]);
    expect(r.values[0]).toBe(3);
    expect(r.values[1]).toBeNaN();
    expect(r.values[2]).toBeNaN();
    expect(r.values[3]).toBe(5);
    expect(r.values[4]).toBeNaN();
    expect(r.missingCoded).toBe(0);
  });

  it('lets a missing code win over the range check', () => {
    const r = recodeAnswers(f(6, 9), scale({ missingCodes: [6] }));
    expect(r.missingCoded).toBe(1);
    expect(r.outOfRange).toEqual([1]);
  });

  it('reverse-scores 1↔5 and 2↔4 and keeps 3 on a 1–5 scale', () => {
    const r = recodeAnswers(f(1, 2, 3, 4, 5), scale({ reverse: true }));
    expect([...r.values]).toEqual([5, 4, 3, 2, 1]);
  });

  it('reverse-scores v to 10 − v on a 0–10 scale', () => {
    const r = recodeAnswers(f(0, 3, 10, 5), scale({ min: 0, max: 10, reverse: true }));
    expect([...r.values]).toEqual([10, 7, 0, 5]);
  });

  it('does not reverse blanks, missing codes or out-of-range answers', () => {
    const r = recodeAnswers(f(NaN, 6, 8, 2), scale({ reverse: true, missingCodes: [6] }));
    expect(r.values[0]).toBeNaN();
    expect(r.values[1]).toBeNaN();
    expect(r.values[2]).toBeNaN();
    expect(r.values[3]).toBe(4);
  });
});

describe('categoryMeans', () => {
  it('averages only the answered items of each row', () => {
    const out = categoryMeans([f(4, 1, NaN), f(5, NaN, 2), f(NaN, 3, 3)], 3);
    expect(out[0]).toBe(4.5);
    expect(out[1]).toBe(2);
    expect(out[2]).toBe(2.5);
  });

  it('gives the mean of three answers exactly as (a + b + c) / 3', () => {
    const out = categoryMeans([f(4), f(4), f(5)], 1);
    expect(out[0]).toBe(13 / 3);
  });

  it('leaves the score blank when fewer than minAnswered items were answered', () => {
    const out = categoryMeans([f(4, 2, NaN), f(NaN, 4, NaN), f(NaN, NaN, 5)], 3, 2);
    expect(out[0]).toBeNaN();
    expect(out[1]).toBe(3);
    expect(out[2]).toBeNaN();
  });

  it('scores a one-item category as that item', () => {
    const out = categoryMeans([f(3, NaN, 5)], 3);
    expect(out[0]).toBe(3);
    expect(out[1]).toBeNaN();
    expect(out[2]).toBe(5);
  });

  it('gives NaN for a row with every item blank', () => {
    const out = categoryMeans([f(NaN), f(NaN)], 1);
    expect(out[0]).toBeNaN();
  });

  it('treats minAnswered 0 as 1', () => {
    const out = categoryMeans([f(NaN, 2), f(NaN, NaN)], 2, 0);
    expect(out[0]).toBeNaN();
    expect(out[1]).toBe(2);
  });

  it('treats a fractional minAnswered below 2 as 1', () => {
    const out = categoryMeans([f(NaN, 2), f(NaN, NaN)], 2, 0.5);
    expect(out[0]).toBeNaN();
    expect(out[1]).toBe(2);
    const out2 = categoryMeans([f(2), f(NaN)], 1, 1.9);
    expect(out2[0]).toBe(2);
  });

  it('returns rowCount scores', () => {
    expect(categoryMeans([f(1, 2, 3)], 3)).toHaveLength(3);
  });
});
