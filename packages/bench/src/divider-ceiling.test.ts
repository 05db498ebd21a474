/** The divider ceiling: its kernel's values, its per-variant op counts, and the ceiling's arithmetic. No timing asserted. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FastArena } from '@isostep/reference-cpu/node';
import { adam, rmsprop } from '@isostep/spec';
import { DIVIDER_CONSTANTS, DividerBench, dividerCeilingGbps, dividerOps, medianDivider } from './divider-ceiling.js';

const f = Math.fround;

describe('the divider kernel', () => {
  let arena: FastArena;
  let bench: DividerBench;
  beforeAll(async () => {
    arena = await FastArena.create({ threads: 2 });
    bench = (await DividerBench.create(arena))!;
  });
  afterAll(() => {
    bench?.release();
    arena?.dispose();
  });

  it('computes Σ √(x + c_k) and Σ x / c_k in float32 on every thread (the work it times is the work it does)', () => {
    expect(bench).not.toBeNull();
    const [c0, c1, c2, c3] = DIVIDER_CONSTANTS as [number, number, number, number];
    const sqrtSum = (x: number) => {
      const s = (c: number) => f(Math.sqrt(f(x + c)));
      return f(f(s(c0) + s(c1)) + f(s(c2) + s(c3)));
    };
    const divSum = (x: number) => f(f(f(x / c0) + f(x / c1)) + f(f(x / c2) + f(x / c3)));
    for (const [op, expected] of [['sqrt', sqrtSum], ['div', divSum]] as const) {
      bench.run(op, 3);
      for (const t of [0, 1]) {
        for (const i of [0, 1, 5, 1023, 1024, 16383]) expect(bench.output(t, i)).toBe(expected(bench.input(t, i)));
      }
    }
  });

  it('measures a positive, finite time per instruction per thread for both ops', () => {
    const t = bench.measure(3, 5);
    expect(t.threads).toBe(2);
    for (const ns of [t.sqrtNs, t.divNs]) {
      expect(Number.isFinite(ns)).toBe(true);
      expect(ns).toBeGreaterThan(0);
    }
  });
});

describe('dividerOps', () => {
  it('counts the f32x4.sqrt and f32x4.div of each step: one each for RMSprop, rsqrt (optax) as one of each', () => {
    for (const preset of ['torch', 'keras3', 'tf1', 'tfjs', 'optax'] as const) {
      expect(dividerOps(rmsprop(preset))).toEqual({ sqrt: 1, div: 1 });
      expect(dividerOps(rmsprop(preset, { centered: true, momentum: 0.9 }))).toEqual({ sqrt: 1, div: 1 });
    }
    // torch Adam: √v / √(1 − β₂ᵗ) is a second division per element (torch.optim.Adam's own formula).
    expect(dividerOps(adam('torch'))).toEqual({ sqrt: 1, div: 2 });
    expect(dividerOps(adam('keras3'))).toEqual({ sqrt: 1, div: 1 });
  });
});

describe('dividerCeilingGbps', () => {
  it('is threads × 4 elements per (sqrts·t_sqrt + divs·t_div), times the bytes per element', () => {
    // 2 threads, 1 sqrt (1.5 ns) + 1 div (0.5 ns): 8 elements per 2 ns = 4 per ns; × 20 B = 80 GB/s.
    expect(dividerCeilingGbps({ sqrt: 1, div: 1 }, 20, { sqrtNs: 1.5, divNs: 0.5, threads: 2 })).toBeCloseTo(80, 12);
    expect(dividerCeilingGbps({ sqrt: 1, div: 2 }, 28, { sqrtNs: 1.5, divNs: 0.5, threads: 1 })).toBeCloseTo((4 / 2.5) * 28, 12);
    expect(dividerCeilingGbps({ sqrt: 0, div: 0 }, 20, { sqrtNs: 1, divNs: 1, threads: 2 })).toBe(Number.POSITIVE_INFINITY);
  });

  it('takes the median of each time over the rounds, and none if a round could not measure', () => {
    const r = (sqrtNs: number, divNs: number) => ({ sqrtNs, divNs, threads: 2 });
    expect(medianDivider([r(3, 1), r(1, 9), r(2, 2)])).toEqual(r(2, 2));
    expect(medianDivider([r(1, 1), null])).toBeNull();
    expect(medianDivider([])).toBeNull();
  });
});
