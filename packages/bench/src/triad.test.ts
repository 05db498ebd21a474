/**
 * The streaming triads behind triadFraction: the WebAssembly kernel computes the triad (on one thread and
 * split over the pool), the result carries every triad and names the fastest as the basis, and the
 * report says which triad the fractions used. No timing is asserted, only that speeds are reported.
 */
import { FastArena } from '@isostep/reference-cpu/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableText } from './report.js';
import { bestTriad, measureTriads, triadRows, type TriadResult } from './triad.js';
import { WasmTriad } from './wasm-triad.js';

describe('the WebAssembly triad kernel', () => {
  let arena: FastArena;
  beforeAll(async () => {
    arena = await FastArena.create({ threads: 2 });
  });
  afterAll(() => arena.dispose());

  // 1040 elements = 65 blocks of 64 bytes: an odd count, so the two threads' shares differ in size.
  const n = 1040;

  it.each([1, 2])('computes a = b + s·c = 1 + 3·2 on every element with %i thread(s), then a = a + s·c in place', async (threads) => {
    const triad = await WasmTriad.create(arena, n);
    expect(triad).not.toBeNull();
    try {
      triad!.run(threads);
      for (const i of [0, 1, 15, 16, n / 2 - 1, n / 2, n / 2 + 8, n - 1]) expect(triad!.a(i)).toBe(7);
      triad!.run(threads, true);
      for (const i of [0, 519, 520, n - 1]) expect(triad!.a(i)).toBe(13);
      expect(triad!.bytesPerPass).toBe(12 * n);
    } finally {
      triad!.release();
    }
  });

  it('refuses sizes it cannot split into whole vectors and thread counts the arena does not have', async () => {
    await expect(WasmTriad.create(arena, 1000)).rejects.toThrow(/elements: 1000 .* multiple of 16/);
    const triad = (await WasmTriad.create(arena, 64))!;
    try {
      expect(() => triad.run(3)).toThrow(/threads: 3 .* \[1, 2\]/);
      expect(() => triad.run(0)).toThrow(/threads: 0/);
    } finally {
      triad.release();
    }
  });
});

describe('triad selection', () => {
  const t: TriadResult = { js1t: 18, wasm1t: 30, wasmAll: 40, wasmAllInPlace: 55, threads: 2, basis: 'wasmAllInPlace' };

  it('takes the highest triad as the basis, whichever it is', () => {
    expect(bestTriad(t)).toEqual({ kind: 'wasmAllInPlace', gbps: 55 });
    expect(bestTriad({ js1t: 50, wasm1t: 30, wasmAll: 40, wasmAllInPlace: 0 })).toEqual({ kind: 'js1t', gbps: 50 });
  });

  it('gives one row per triad, each a fraction of the fastest, and the table header names the basis', () => {
    const rows = triadRows(t, true);
    expect(rows.map((r) => r.gbps)).toEqual([18, 30, 40, 55]);
    expect(rows.map((r) => r.triadFraction)).toEqual([18 / 55, 30 / 55, 40 / 55, 1]);
    expect(rows.map((r) => r.bytesPerElement)).toEqual([24, 12, 12, 12]);
    const results = rows.map((r) => ({ ...r, runs: 1, gbpsMin: r.gbps, gbpsMax: r.gbps }));
    const text = tableText({ node: '20', cpus: 2, triadGbps: 55, triad: t, divider: null, quick: true, sizes: [], rounds: 1, fmaPaths: '', seconds: 1, results, targets: [] });
    expect(text).toMatch(/triad% = GB\/s ÷ the fastest triad: a = a \+ s·c in place, wasm SIMD f32x4, 2 threads, 55\.00 GB\/s/);
    expect(text).toContain('a = b + s·c, JS float64, 1 thread: 18.00 GB/s');
  });
});

describe('measureTriads', () => {
  it('reports the JS, 1-thread and all-thread WebAssembly triads, and the fastest as the basis', async () => {
    const t = await measureTriads(true, 2);
    expect(t.threads).toBe(2);
    expect(t.js1t).toBeGreaterThan(0);
    expect(t.wasmAll).toBeGreaterThanOrEqual(0);
    // Node 20 has WebAssembly SIMD and shared memory; a runtime without them must say so.
    if (t.skipped === undefined) {
      expect(t.wasm1t).toBeGreaterThan(0);
      expect(t.wasmAll).toBeGreaterThan(0);
      expect(t.wasmAllInPlace).toBeGreaterThan(0);
    } else {
      expect(t.wasmAll).toBe(0);
    }
    const max = Math.max(t.js1t, t.wasm1t, t.wasmAll, t.wasmAllInPlace);
    expect(t[t.basis]).toBe(max);
  }, 60_000);
});
