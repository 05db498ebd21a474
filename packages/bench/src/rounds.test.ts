import { describe, expect, it } from 'vitest';
import type { BenchRow } from '@isostep/spec';
import { aggregateRounds, median, roundOrder, rowKey } from './rounds.js';

const row = (system: string, nsPerElement: number, extra: Partial<BenchRow> = {}): BenchRow => ({
  system,
  variant: 'torch plain',
  params: 100,
  tensors: 1,
  dtype: 'float32',
  nsPerElement,
  gbps: 20 / nsPerElement,
  triadFraction: 20 / nsPerElement / 10,
  bytesPerElement: 20,
  ...extra,
});

describe('interleaved rounds', () => {
  it('alternate the order of the systems', () => {
    expect(roundOrder(['a', 'b', 'c'], 0)).toEqual(['a', 'b', 'c']);
    expect(roundOrder(['a', 'b', 'c'], 1)).toEqual(['c', 'b', 'a']);
  });

  it('report the median round with the min–max of GB/s, one row per key', () => {
    const rounds = [[row('x', 1), row('y', 4)], [row('y', 2), row('x', 3)], [row('x', 2), row('y', 8)]];
    const agg = aggregateRounds(rounds, 10);
    expect(agg.map((r) => r.system)).toEqual(['x', 'y']);
    const x = agg[0]!;
    expect(x.nsPerElement).toBe(2);
    expect(x.runs).toBe(3);
    expect(x.gbpsMin).toBeCloseTo(20 / 3);
    expect(x.gbpsMax).toBeCloseTo(20);
    expect(x.triadFraction).toBeCloseTo(1);
    expect(new Set(agg.map(rowKey)).size).toBe(agg.length);
  });

  it('keep a row skipped in every round as skipped, and ignore skipped rounds of a row that ran', () => {
    const skipped = { ...row('z', Number.NaN), skipped: 'no device' };
    const agg = aggregateRounds([[skipped, row('x', 5)], [skipped, { ...row('x', Number.NaN), skipped: 'flaky' }]], 10);
    expect(agg[0]!.skipped).toBe('no device');
    expect(agg[1]!.runs).toBe(1);
    expect(agg[1]!.skipped).toBeUndefined();
  });

  it('take the median of epoch seconds', () => {
    const e = (s: number) => row('mnist-epoch-js', Number.NaN, { gbps: Number.NaN, epochSeconds: s });
    const agg = aggregateRounds([[e(3)], [e(1)], [e(2)]], 10);
    expect(agg[0]!.epochSeconds).toBe(2);
    expect(agg[0]!.epochSecondsMin).toBe(1);
    expect(agg[0]!.epochSecondsMax).toBe(3);
    expect(median([4, 1])).toBe(2.5);
  });
});
