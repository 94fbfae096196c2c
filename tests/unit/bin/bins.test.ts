import { describe, expect, it } from 'vitest';
import {
  binIndex,
  binLabel,
  binValues,
  type BinOptions,
  type BinSpec,
  type FixedSpec,
} from '../../../src/lib/bin/bins';
import { quantiles7 } from '../../../src/lib/bin/quantile';
import {
  FIXED_PRESETS,
  LABEL_PRESETS,
  presetFor,
  QUANTILE_PRESETS,
} from '../../../src/lib/bin/presets';
import { prng as rng } from '../../helpers/prng';

const f = (...v: number[]) => Float64Array.from(v);
const A = f(1, 2, 2, 2, 3, 4, 5, 5, 9, 10);
const B = f(0, 0, 0, 0, 0, 0, 1, 2, 3, 4);
const FIVE = ['Very Low', 'Low', 'Medium', 'High', 'Very High'];
const opts = (minGroup = 1, mergeSmall = false): BinOptions => ({ minGroup, mergeSmall });
const quantile = (k: number, prefix = ''): BinSpec => ({ mode: 'quantile', k, prefix });
const fixed = (cuts: number[], over: Partial<FixedSpec> = {}): FixedSpec => ({
  mode: 'fixed',
  cuts,
  unit: 'hours',
  lbound: 0,
  ubound: 200,
  labels: null,
  ...over,
});
const assigned = (r: { assign: Int32Array }) => Array.from(r.assign);

describe('binValues: quantile mode', () => {
  it('bins test vector A into quartiles like pd.qcut (edges 1, 2, 3.5, 5, 10)', () => {
    const r = binValues(A, quantile(4, 'Q'), opts());
    expect(r.edges).toEqual([1, 2, 3.5, 5, 10]);
    expect(assigned(r)).toEqual([0, 0, 0, 0, 1, 2, 2, 2, 3, 3]);
    expect(r.labels).toEqual(['Q1', 'Q2', 'Q3', 'Q4']);
    expect(r.positions).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
      [4, 4],
    ]);
    expect(r.counts).toEqual([4, 1, 3, 2]);
    expect(r.small).toEqual([false, false, false, false]);
    expect(r).toMatchObject({ n: 10, asked: 4, tiesDropped: 0, merged: 0, tooFew: false });
    expect(r.outOfRange).toBe(0);
  });

  it('drops the edges ties repeat in test vector B and labels by the upper position', () => {
    const r = binValues(B, quantile(10), opts());
    expect(r.edges).toHaveLength(6);
    [0, 0.4, 1.3, 2.2, 3.1, 4].forEach((e, i) => expect(r.edges[i]).toBeCloseTo(e, 12));
    expect(assigned(r)).toEqual([0, 0, 0, 0, 0, 0, 1, 2, 3, 4]);
    expect(r.positions).toEqual([
      [1, 6],
      [7, 7],
      [8, 8],
      [9, 9],
      [10, 10],
    ]);
    expect(r.labels).toEqual(['6', '7', '8', '9', '10']);
    expect(r.counts).toEqual([6, 1, 1, 1, 1]);
    expect(r.tiesDropped).toBe(5);
    expect(r.asked).toBe(10);
  });

  it('uses the type-7 quantiles themselves as edges', () => {
    const r = binValues(B, quantile(10), opts());
    const ps = Array.from({ length: 11 }, (_, i) => i / 10);
    expect(r.edges).toEqual([...new Set(quantiles7(B, ps))]);
  });

  it('makes one bin [c, c] of a constant column, labelled by position K', () => {
    const r = binValues(f(7, 7, 7, 7, 7), quantile(4, 'Q'), opts());
    expect(r.edges).toEqual([7, 7]);
    expect(r.positions).toEqual([[1, 4]]);
    expect(r.labels).toEqual(['Q4']);
    expect(r.counts).toEqual([5]);
    expect(assigned(r)).toEqual([0, 0, 0, 0, 0]);
    expect(r.tiesDropped).toBe(3);
    const one = binValues(f(NaN, 42), quantile(10, 'D'), opts());
    expect(one.labels).toEqual(['D10']);
    expect(assigned(one)).toEqual([-1, 0]);
  });

  it('skips NaN: no bin for it, not counted in n', () => {
    const r = binValues(f(NaN, ...A, NaN), quantile(4, 'Q'), opts());
    expect(r.n).toBe(10);
    expect(assigned(r)).toEqual([-1, 0, 0, 0, 0, 1, 2, 2, 2, 3, 3, -1]);
    expect(r.counts).toEqual([4, 1, 3, 2]);
  });

  it('bins nothing when fewer people than minGroup have a value', () => {
    const r = binValues(f(NaN, ...A), quantile(4, 'Q'), opts(11, true));
    expect(r.tooFew).toBe(true);
    expect(r.n).toBe(10);
    expect(r.asked).toBe(4);
    expect(r.edges).toEqual([]);
    expect(r.labels).toEqual([]);
    expect(r.counts).toEqual([]);
    expect(r.small).toEqual([]);
    expect(assigned(r).every((b) => b === -1)).toBe(true);
    expect(binValues(A, quantile(4, 'Q'), opts(10)).tooFew).toBe(false);
  });

  it('makes no bins of an empty column even when minGroup is 0', () => {
    const r = binValues(f(NaN), quantile(4), opts(0));
    expect(r.tooFew).toBe(false);
    expect(r.labels).toEqual([]);
    expect(assigned(r)).toEqual([-1]);
  });

  it('never splits ties and matches a linear right-closed search (pd.qcut drop) on random data', () => {
    const rand = rng(4242);
    for (let t = 0; t < 100; t++) {
      const n = 1 + Math.floor(rand() * 400);
      const values = Float64Array.from({ length: n }, () =>
        rand() < 0.1 ? NaN : Math.floor(rand() * (2 + (t % 30))),
      );
      const k = [2, 3, 4, 5, 10, 100][t % 6];
      const r = binValues(values, quantile(k), opts(0));
      const e = r.edges;
      for (let i = 1; i < e.length; i++) {
        if (r.edges.length > 2) expect(e[i]).toBeGreaterThan(e[i - 1]);
      }
      const byValue = new Map<number, number>();
      values.forEach((v, i) => {
        if (Number.isNaN(v)) return expect(r.assign[i]).toBe(-1);
        let expected = -1;
        for (let b = 0; b + 1 < e.length; b++) {
          if ((b === 0 ? v >= e[0] : v > e[b]) && v <= e[b + 1]) {
            expected = b;
            break;
          }
        }
        expect(r.assign[i]).toBe(expected);
        if (byValue.has(v)) expect(r.assign[i]).toBe(byValue.get(v));
        byValue.set(v, r.assign[i]);
      });
      expect(r.counts.reduce((s, c) => s + c, 0)).toBe(r.n);
      expect(r.labels).toHaveLength(e.length - 1);
      expect(r.positions![r.positions!.length - 1][1]).toBe(k);
    }
  });

  it('flags small bins (0 < count < minGroup) without merging them', () => {
    const r = binValues(A, quantile(4, 'Q'), opts(3));
    expect(r.counts).toEqual([4, 1, 3, 2]);
    expect(r.small).toEqual([false, true, false, true]);
    expect(r.merged).toBe(0);
  });

  it('merges a middle bin into its smaller neighbour, then the rightmost bin down', () => {
    const r = binValues(A, quantile(4, 'Q'), opts(3, true));
    expect(r.merged).toBe(2);
    expect(r.edges).toEqual([1, 2, 10]);
    expect(r.counts).toEqual([4, 6]);
    expect(r.positions).toEqual([
      [1, 1],
      [2, 4],
    ]);
    expect(r.labels).toEqual(['Q1', 'Q4']);
    expect(r.small).toEqual([false, false]);
    expect(assigned(r)).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 1, 1]);
  });

  it('merges the leftmost bin first, then cascades (empty neighbours included)', () => {
    // Deciles of A: counts [1,3,0,1,1,2,0,1,1], positions [1,1],[2,3],[4,4]…[10,10].
    const plain = binValues(A, quantile(10, 'D'), opts(2));
    expect(plain.counts).toEqual([1, 3, 0, 1, 1, 2, 0, 1, 1]);
    expect(plain.labels).toEqual(['D1', 'D3', 'D4', 'D5', 'D6', 'D7', 'D8', 'D9', 'D10']);
    expect(plain.tiesDropped).toBe(1);
    const r = binValues(A, quantile(10, 'D'), opts(2, true));
    expect(r.merged).toBe(5);
    expect(r.counts).toEqual([4, 2, 2, 2]);
    expect(r.positions).toEqual([
      [1, 3],
      [4, 6],
      [7, 7],
      [8, 10],
    ]);
    expect(r.labels).toEqual(['D3', 'D6', 'D7', 'D10']);
    expect(r.edges).toEqual([1, 2, plain.edges[5], 5, 10]);
    expect(plain.edges[2]).toBe(2);
    expect(plain.edges[6]).toBe(5);
    expect(assigned(r)).toEqual([0, 0, 0, 0, 1, 1, 2, 2, 3, 3]);
  });

  it('merges down to one bin when needed', () => {
    const r = binValues(f(1, 2, 3, 4, 5, 6), quantile(3, 'T'), opts(5, true));
    expect(r.counts).toEqual([6]);
    expect(r.labels).toEqual(['T3']);
    expect(r.positions).toEqual([[1, 3]]);
    expect(r.edges).toEqual([1, 6]);
    expect(r.merged).toBe(2);
    expect(assigned(r)).toEqual([0, 0, 0, 0, 0, 0]);
  });
});

describe('binValues: labelled mode', () => {
  it('labels quintiles Very Low…Very High', () => {
    const r = binValues(A, { mode: 'labelled', labels: FIVE }, opts());
    expect(r.asked).toBe(5);
    expect(r.labels).toEqual(FIVE);
    expect(r.counts).toEqual([4, 0, 2, 2, 2]);
    expect(assigned(r)).toEqual([0, 0, 0, 0, 2, 2, 3, 3, 4, 4]);
  });

  it('keeps the labels of the upper positions when ties drop edges', () => {
    const r = binValues(B, { mode: 'labelled', labels: FIVE }, opts());
    expect(r.edges).toHaveLength(4);
    expect(r.positions).toEqual([
      [1, 3],
      [4, 4],
      [5, 5],
    ]);
    expect(r.labels).toEqual(['Medium', 'High', 'Very High']);
    expect(r.counts).toEqual([6, 2, 2]);
    expect(r.tiesDropped).toBe(2);
    expect(assigned(r)).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 2, 2]);
  });

  it('merges small bins and labels them by the upper position', () => {
    const r = binValues(B, { mode: 'labelled', labels: FIVE }, opts(3, true));
    expect(r.counts).toEqual([6, 4]);
    expect(r.positions).toEqual([
      [1, 3],
      [4, 5],
    ]);
    expect(r.labels).toEqual(['Medium', 'Very High']);
    expect(r.merged).toBe(1);
    expect(assigned(r)).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 1, 1]);
  });

  it('labels a constant column by the last label', () => {
    const r = binValues(
      f(3, 3, 3),
      { mode: 'labelled', labels: ['Low', 'Medium', 'High'] },
      opts(),
    );
    expect(r.labels).toEqual(['High']);
    expect(r.counts).toEqual([3]);
  });
});

describe('binValues: fixed mode (cut_hour)', () => {
  const reference = f(14.9, 15, 15.01, 20, 25, 25.5, 200, 0, 200.5, -1);

  it('matches R cut_hour on the reference values (15 falls in "< 15 hours")', () => {
    const r = binValues(reference, fixed([15, 20, 25]), opts());
    expect(r.edges).toEqual([0, 15, 20, 25, 200]);
    expect(r.labels).toEqual(['< 15 hours', '15 - 20 hours', '20 - 25 hours', '25+ hours']);
    expect(assigned(r)).toEqual([0, 0, 1, 1, 2, 3, 3, 0, -1, -1]);
    expect(r.outOfRange).toBe(2);
    expect(r.counts).toEqual([3, 2, 1, 2]);
    expect(r.n).toBe(10);
    expect(r.asked).toBe(4);
    expect(r.positions).toBeNull();
    expect(r.tiesDropped).toBe(0);
    expect(Array.from(r.assign, (b) => binLabel(r, b))).toEqual([
      '< 15 hours',
      '< 15 hours',
      '15 - 20 hours',
      '15 - 20 hours',
      '20 - 25 hours',
      '25+ hours',
      '25+ hours',
      '< 15 hours',
      '',
      '',
    ]);
  });

  it('treats null bounds as −Infinity and +Infinity', () => {
    const r = binValues(reference, fixed([15, 20, 25], { lbound: null, ubound: null }), opts());
    expect(r.edges).toEqual([-Infinity, 15, 20, 25, Infinity]);
    expect(assigned(r)).toEqual([0, 0, 1, 1, 2, 3, 3, 0, 3, 0]);
    expect(r.outOfRange).toBe(0);
    const low = binValues(f(-5, 300), fixed([15], { lbound: null }), opts());
    expect(assigned(low)).toEqual([0, -1]);
    expect(low.outOfRange).toBe(1);
  });

  it('generates labels with one cut, without a unit and with decimals', () => {
    expect(binValues(f(1), fixed([15], { unit: '' }), opts()).labels).toEqual(['< 15', '15+']);
    expect(binValues(f(1), fixed([15]), opts()).labels).toEqual(['< 15 hours', '15+ hours']);
    expect(binValues(f(1), fixed([0.5, 1, 1.5]), opts()).labels).toEqual([
      '< 0.5 hours',
      '0.5 - 1 hours',
      '1 - 1.5 hours',
      '1.5+ hours',
    ]);
    expect(binValues(f(1), fixed([-5, 5], { unit: 'min', lbound: -10 }), opts()).labels).toEqual([
      '< -5 min',
      '-5 - 5 min',
      '5+ min',
    ]);
  });

  it('deduplicates a lower bound equal to the first cut, like unique() in R', () => {
    const r = binValues(f(0, 3, 5, 7), fixed([0, 5], { ubound: 10 }), opts());
    expect(r.edges).toEqual([0, 5, 10]);
    expect(r.asked).toBe(3);
    expect(r.labels).toEqual(['< 5 hours', '5+ hours']);
    expect(assigned(r)).toEqual([0, 0, 0, 1]);
  });

  it('uses custom labels given one per bin, and generated ones otherwise', () => {
    const labels = ['light', 'normal', 'busy', 'overloaded'];
    const r = binValues(reference, fixed([15, 20, 25], { labels }), opts());
    expect(r.labels).toEqual(labels);
    expect(binLabel(r, r.assign[6])).toBe('overloaded');
    const wrong = binValues(reference, fixed([15, 20, 25], { labels: ['a', 'b'] }), opts());
    expect(wrong.labels).toEqual(['< 15 hours', '15 - 20 hours', '20 - 25 hours', '25+ hours']);
  });

  it('counts out-of-range values in n but not in any bin', () => {
    const r = binValues(f(-1, 300, 5, NaN), fixed([10]), opts());
    expect(r.n).toBe(3);
    expect(r.outOfRange).toBe(2);
    expect(r.counts).toEqual([1, 0]);
    expect(r.small).toEqual([false, false]);
  });

  it('merges the first bin into the next, regenerating the labels', () => {
    // counts [1, 3, 3, 3]: "< 15" and "15 - 20" become "< 20".
    const values = f(10, 16, 17, 18, 21, 22, 23, 30, 40, 50);
    const r = binValues(values, fixed([15, 20, 25]), opts(2, true));
    expect(r.edges).toEqual([0, 20, 25, 200]);
    expect(r.labels).toEqual(['< 20 hours', '20 - 25 hours', '25+ hours']);
    expect(r.counts).toEqual([4, 3, 3]);
    expect(r.merged).toBe(1);
    expect(assigned(r)).toEqual([0, 0, 0, 0, 1, 1, 1, 2, 2, 2]);
  });

  it('merges the last bin into the one below', () => {
    const values = f(1, 2, 16, 17, 21, 22, 30);
    const r = binValues(values, fixed([15, 20, 25]), opts(2, true));
    expect(r.labels).toEqual(['< 15 hours', '15 - 20 hours', '20+ hours']);
    expect(r.counts).toEqual([2, 2, 3]);
    expect(assigned(r)).toEqual([0, 0, 1, 1, 2, 2, 2]);
  });

  it('merges a middle bin into the smaller neighbour, the lower one on a tie', () => {
    const smaller = binValues(f(1, 2, 3, 16, 21, 22), fixed([15, 20]), opts(2, true));
    expect(smaller.labels).toEqual(['< 15 hours', '15+ hours']);
    expect(smaller.counts).toEqual([3, 3]);
    const tie = binValues(f(1, 2, 16, 21, 22), fixed([15, 20]), opts(2, true));
    expect(tie.labels).toEqual(['< 20 hours', '20+ hours']);
    expect(tie.counts).toEqual([3, 2]);
    expect(assigned(tie)).toEqual([0, 0, 0, 1, 1]);
  });

  it('merges the small bin with the fewest people first, the lowest index on ties', () => {
    // counts [2, 1, 4, 4] → bin 1 (1 person) first, not bin 0 (2 people).
    const values = f(1, 2, 16, 21, 22, 23, 24, 30, 31, 32, 33);
    const r = binValues(values, fixed([15, 20, 25]), opts(3, true));
    expect(r.counts).toEqual([3, 4, 4]);
    expect(r.labels).toEqual(['< 20 hours', '20 - 25 hours', '25+ hours']);
    // counts [1, 4, 1, 4]: bin 0 goes first (→ [5, 1, 4]), then bin 1 joins the 4.
    const tied = binValues(
      f(5, 15, 15, 15, 15, 25, 35, 35, 35, 35),
      fixed([10, 20, 30]),
      opts(2, true),
    );
    expect(tied.counts).toEqual([5, 5]);
    expect(tied.edges).toEqual([0, 20, 200]);
    expect(tied.labels).toEqual(['< 20 hours', '20+ hours']);
    expect(tied.merged).toBe(2);
  });

  it('cascades merges, keeping the upper label of custom labels', () => {
    // counts [5, 1, 5, 1, 5]
    const values = f(...[1, 1, 1, 1, 1], 15, ...[25, 25, 25, 25, 25], 35, ...[45, 45, 45, 45, 45]);
    const generated = binValues(values, fixed([10, 20, 30, 40]), opts(2, true));
    expect(generated.labels).toEqual(['< 20 hours', '20 - 40 hours', '40+ hours']);
    expect(generated.counts).toEqual([6, 6, 5]);
    expect(generated.merged).toBe(2);
    const custom = binValues(
      values,
      fixed([10, 20, 30, 40], { labels: ['a', 'b', 'c', 'd', 'e'] }),
      opts(2, true),
    );
    expect(custom.labels).toEqual(['b', 'd', 'e']);
    expect(custom.edges).toEqual([0, 20, 40, 200]);
    expect(binLabel(custom, custom.assign[5])).toBe('b');
  });

  it('merges down to one bin, named by its bounds', () => {
    const values = f(5, 5, 15, 25, 25);
    expect(binValues(values, fixed([10, 20]), opts(3, true)).labels).toEqual(['0 - 200 hours']);
    const open = binValues(values, fixed([10, 20], { lbound: null, ubound: null }), opts(3, true));
    expect(open.labels).toEqual(['All hours']);
    expect(open.counts).toEqual([5]);
    expect(binValues(values, fixed([10, 20], { ubound: null }), opts(3, true)).labels).toEqual([
      '0+ hours',
    ]);
    const custom = binValues(values, fixed([10, 20], { labels: ['a', 'b', 'c'] }), opts(3, true));
    expect(custom.labels).toEqual(['c']);
  });

  it('does not merge empty bins (they are not small)', () => {
    const r = binValues(f(1, 2, 3, 30, 31, 32), fixed([10, 20]), opts(3, true));
    expect(r.counts).toEqual([3, 0, 3]);
    expect(r.merged).toBe(0);
  });
});

describe('binValues: average mode', () => {
  it('makes one bin per rounded value, ascending, rounding half away from zero', () => {
    const r = binValues(
      f(2.25, -2.25, 2.3, 1, 1.04, NaN),
      { mode: 'average', decimals: 1 },
      opts(),
    );
    expect(r.labels).toEqual(['-2.3', '1', '2.3']);
    expect(r.counts).toEqual([1, 2, 2]);
    expect(assigned(r)).toEqual([2, 0, 2, 1, 1, -1]);
    expect(r.asked).toBe(3);
    expect(r.edges).toEqual([]);
    expect(r.positions).toBeNull();
  });

  it('sorts numerically, not as text', () => {
    const r = binValues(f(10, 9, 100, -1, 2), { mode: 'average', decimals: 0 }, opts());
    expect(r.labels).toEqual(['-1', '2', '9', '10', '100']);
  });

  it('flags small bins but never merges them', () => {
    const r = binValues(f(1, 1, 2, 3, 3), { mode: 'average', decimals: 0 }, opts(2, true));
    expect(r.small).toEqual([false, true, false]);
    expect(r.merged).toBe(0);
    expect(r.labels).toEqual(['1', '2', '3']);
  });

  it('bins nothing when there are too few values', () => {
    const r = binValues(f(1, 2), { mode: 'average', decimals: 0 }, opts(5));
    expect(r.tooFew).toBe(true);
    expect(r.labels).toEqual([]);
    expect(assigned(r)).toEqual([-1, -1]);
  });
});

describe('binValues: privacy for fixed mode', () => {
  it('bins nothing when fewer than minGroup values are numbers', () => {
    const r = binValues(f(1, 2, NaN), fixed([15]), opts(5, true));
    expect(r.tooFew).toBe(true);
    expect(r.edges).toEqual([]);
    expect(r.labels).toEqual([]);
    expect(r.asked).toBe(2);
    expect(assigned(r)).toEqual([-1, -1, -1]);
  });
});

describe('binValues: invalid specs', () => {
  const bad: BinSpec[] = [
    quantile(1),
    quantile(2.5),
    quantile(NaN),
    { mode: 'labelled', labels: ['only'] },
    { mode: 'average', decimals: 7 },
    { mode: 'average', decimals: -1 },
    { mode: 'average', decimals: 1.5 },
    fixed([]),
    fixed([2, 1]),
    fixed([1, 1]),
    fixed([NaN]),
    fixed([Infinity]),
    fixed([15], { unit: 'hours\nx' }),
    fixed([15], { lbound: 20 }),
    fixed([15], { ubound: 10 }),
    fixed([15], { lbound: NaN }),
  ];
  it.each(bad.map((s) => [JSON.stringify(s), s]))('throws RangeError for %s', (_, spec) => {
    expect(() => binValues(A, spec as BinSpec, opts())).toThrow(RangeError);
  });
  it('throws even when there are too few values to bin', () => {
    expect(() => binValues(f(), quantile(1), opts(5))).toThrow(RangeError);
  });
});

describe('binLabel and binIndex', () => {
  it('gives the label of a bin and "" for −1', () => {
    const r = binValues(A, quantile(4, 'Q'), opts());
    expect(binLabel(r, 0)).toBe('Q1');
    expect(binLabel(r, 3)).toBe('Q4');
    expect(binLabel(r, -1)).toBe('');
  });

  it('finds right-closed bins with the first closed on the left', () => {
    const e = [1, 2, 3.5, 5, 10];
    expect([0.5, 1, 2, 2.1, 3.5, 5, 10, 10.1, NaN].map((v) => binIndex(e, v))).toEqual([
      -1, 0, 0, 1, 1, 2, 3, -1, -1,
    ]);
    expect(binIndex([3], 3)).toBe(-1);
    expect(binIndex([3, 3], 3)).toBe(0);
  });
});

describe('presets', () => {
  it('has the vivainsights fixed cuts with bounds 0 and 200 hours', () => {
    expect(FIXED_PRESETS.map((p) => [p.id, p.metric, p.spec.cuts])).toEqual([
      ['collaboration', 'Collaboration_hours', [15, 20, 25]],
      ['after-hours', 'After_hours_collaboration_hours', [1, 2, 3]],
      ['email', 'Email_hours', [0.5, 1, 1.5]],
      ['meeting', 'Meeting_hours', [5, 10, 15]],
      ['external', 'External_collaboration_hours', [5, 10, 15]],
    ]);
    for (const p of FIXED_PRESETS) {
      expect(p.spec).toMatchObject({ mode: 'fixed', unit: 'hours', lbound: 0, ubound: 200 });
      expect(p.spec.labels).toBeNull();
    }
  });

  it('finds a preset by metric name, ignoring case, as a copy', () => {
    const p = presetFor('collaboration_HOURS');
    expect(p?.id).toBe('collaboration');
    p!.spec.cuts.push(99);
    expect(FIXED_PRESETS[0].spec.cuts).toEqual([15, 20, 25]);
    expect(presetFor('Collaboration')).toBeNull();
    expect(presetFor('Email_hours')?.spec.cuts).toEqual([0.5, 1, 1.5]);
  });

  it('has the label and quantile presets, all valid specs', () => {
    expect(LABEL_PRESETS[0].spec.labels).toEqual(FIVE);
    expect(LABEL_PRESETS[1].spec.labels).toEqual(['Low', 'Medium', 'High']);
    expect(QUANTILE_PRESETS.map((p) => [p.spec.k, p.spec.prefix])).toEqual([
      [4, 'Q'],
      [5, ''],
      [10, 'D'],
      [100, 'P'],
    ]);
    for (const p of [...FIXED_PRESETS, ...LABEL_PRESETS, ...QUANTILE_PRESETS]) {
      expect(() => binValues(A, p.spec, opts())).not.toThrow();
    }
  });
});
