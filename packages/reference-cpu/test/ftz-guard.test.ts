/**
 * The flush-to-zero guard (src/fast/ftz-guard.ts and the guarded loop of simd-kernel.ts).
 *
 * 1. The analysis is sound: for every flushing preset of every optimizer, at several learning rates and
 *    steps, values drawn inside the windows it proves (window ends, zeros, and crafted cancellations such
 *    as g = m or g² = v) never make any node of the graph subnormal when it is evaluated WITHOUT flushes
 *    (cut nodes outside their own windows are skipped, as the kernel skips them to the flushed body).
 * 2. The guarded kernel gives the exact reference's bits on tensors where some blocks lie inside the
 *    windows and others hold subnormals, negative mean squares, huge values, NaN or −0.
 * 3. The unflushed body really runs where the check passes: with windows that (wrongly) admit subnormals,
 *    the same data gives different bits; with the proved ones, the reference's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPTIMIZERS, buildStepGraph, checkStepOptions, fromPreset, stepScalarBlock, type OptimizerSpec } from '@isostep/spec';
import { FastArena, createFastOptimizer } from '../src/node.js';
import { ReferenceOptimizer } from '../src/index.js';
import { cancellationCuts, cutKey, guardItems, guardWindows, type Window } from '../src/fast/ftz-guard.js';
import { bitsEqual, evaluate, inWindow, rng } from './guard-test-helpers.js';

const MIN_NORMAL = 2 ** -126;

/** Every flushing preset of every optimizer, with the forms that add nodes (centered, momentum, amsgrad, nesterov). */
function flushingSpecs(): { label: string; spec: OptimizerSpec }[] {
  const out: { label: string; spec: OptimizerSpec }[] = [];
  const forms: Record<string, Record<string, unknown>[]> = {
    rmsprop: [{}, { centered: true, momentum: 0.9 }, { momentum: 0.5 }],
    adam: [{}, { amsgrad: true }],
    adamw: [{}, { amsgrad: true }],
    sgd: [{ momentum: 0.9 }, { momentum: 0.9, nesterov: true }],
    adagrad: [{}],
    adadelta: [{}],
  };
  for (const d of OPTIMIZERS) {
    for (const [preset, p] of Object.entries(d.presets)) {
      if ((p.profile as { subnormals?: string }).subnormals !== 'flush') continue;
      for (const form of forms[d.name] ?? [{}]) {
        try {
          out.push({ label: `${d.name} ${preset} ${JSON.stringify(form)}`, spec: fromPreset(d.name as never, preset, form as never) });
        } catch {
          // A form this preset's framework does not have (e.g. no amsgrad): not a config to test.
        }
      }
    }
  }
  return out;
}

const SPECS = flushingSpecs();
const nonNegativeOf = (spec: OptimizerSpec) => new Set<string>(spec.optimizer.nonNegativeSlots ?? []);
const defaultLr = (spec: OptimizerSpec) => checkStepOptions(spec, 'float32', undefined).lr;

/** A float32 inside w: an end, zero, or a log-uniform magnitude; a sign unless non-negative. */
function drawIn(w: Window, r: () => number): number {
  const u = r();
  const m = u < 0.1 ? w.lo : u < 0.2 ? w.hi : u < 0.3 ? 0 : Math.fround(2 ** (Math.log2(w.lo) + r() * (Math.log2(w.hi) - Math.log2(w.lo))));
  const x = Math.min(Math.max(Math.fround(m), w.lo), w.hi) * (m === 0 ? 0 : 1);
  return w.nonNegative || r() < 0.5 ? x : -x;
}

describe('the guard analysis is sound', () => {
  it(`covers ${SPECS.length} flushing preset × form configs, and proves windows for each`, () => {
    expect(SPECS.length).toBeGreaterThanOrEqual(12);
    for (const { label, spec } of SPECS) {
      const graph = buildStepGraph(spec, 'float32');
      const windows = guardWindows(graph, stepScalarBlock(graph, spec, defaultLr(spec), 1), nonNegativeOf(spec), cancellationCuts(graph, stepScalarBlock(graph, spec, defaultLr(spec), 1), nonNegativeOf(spec)));
      expect(windows, label).not.toBeNull();
    }
  });

  for (const { label, spec } of SPECS) {
    it(`${label}: no node is subnormal for values inside the proved windows`, () => {
      const graph = buildStepGraph(spec, 'float32');
      const nonNegative = nonNegativeOf(spec);
      const cuts = cancellationCuts(graph, stepScalarBlock(graph, spec, defaultLr(spec), 1), nonNegative);
      const r = rng(label.length * 7919 + 17);
      let checked = 0;
      for (const lr of [defaultLr(spec), 0.1, 1e-6, 3]) {
        for (const t of [1, 2, 100]) {
          const scalars = stepScalarBlock(graph, spec, lr, t);
          const windows = guardWindows(graph, scalars, nonNegative, cuts);
          if (windows === null) continue;
          const names = [...new Set(graph.inputs)];
          for (let k = 0; k < 1500; k++) {
            const inputs: Record<string, number> = {};
            for (const n of names) inputs[n] = drawIn(windows.get(n)!, r);
            // Crafted cancellations: a slot equal to ±g, or a mean square equal to g².
            const slot = names[2 + Math.floor(r() * Math.max(0, names.length - 2))];
            if (slot && r() < 0.3) {
              const want = nonNegative.has(slot) ? Math.fround(inputs.g! * inputs.g!) : r() < 0.5 ? inputs.g! : Math.fround(-9 * inputs.g!);
              if (inWindow(want, windows.get(slot)!)) inputs[slot] = want;
            }
            const values = evaluate(graph, scalars, inputs);
            // The kernel takes the unflushed body only when every cut is inside its window too.
            if (!cuts.every((c) => inWindow(values.get(c)!, windows.get(cutKey(c))!))) continue;
            checked++;
            for (const [n, x] of values) {
              if (x !== 0 && Math.abs(x) < MIN_NORMAL) {
                throw new Error(`${label} lr=${lr} t=${t}: node ${n.id} (${n.op}) is subnormal (${x}) for inputs ${JSON.stringify(inputs)}`);
              }
            }
          }
        }
      }
      expect(checked).toBeGreaterThan(1000);
    });
  }
});

let arena: FastArena;
beforeAll(async () => {
  arena = await FastArena.create({ threads: 2 });
});
afterAll(() => arena.dispose());

/** Values for one vector: in-window magnitudes, with some 256-element blocks poisoned. */
function fill(n: number, scale: number, nonNegative: boolean, poison: readonly number[], seed: number): Float32Array {
  const r = rng(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const m = scale * 2 ** (-8 * r());
    out[i] = nonNegative ? m : r() < 0.5 ? m : -m;
    if (r() < 0.05) out[i] = 0;
  }
  const hostile = nonNegative ? [1e-40, -1, -0, 3e38, NaN, 1e-45] : [1e-40, -1e-41, 3e38, -0, NaN, 1e-45, 2 ** -126];
  for (const block of poison) {
    const at = block * 256 + Math.floor(r() * 256);
    if (at < n) out[at] = hostile[(block + seed) % hostile.length]!;
  }
  return out;
}

describe('the guarded kernel gives the reference bits', () => {
  for (const { label, spec } of SPECS) {
    it(`${label}: blocks inside the windows and poisoned blocks, 3 steps with a changing lr`, async () => {
      const n = 3000; // 12 blocks: 0-based blocks 1, 4, 7 and 10 hold one hostile value each
      const poison = [1, 4, 7, 10];
      const nonNegative = nonNegativeOf(spec);
      const fast = await createFastOptimizer(spec, { arena });
      const ref = new ReferenceOptimizer(spec, { dtype: 'float32' });
      try {
        const p = fill(n, 0.5, false, poison, 1);
        const fp = new Map([['w', Float32Array.from(p)]]);
        const rp = new Map([['w', Float32Array.from(p)]]);
        const fs = fast.init(fp);
        const rs = ref.init(rp);
        fast.slots.forEach((slot, k) => {
          const v = fill(n, 0.01, nonNegative.has(slot), poison, 10 + k);
          fs.tensors.get('w')![slot]!.set(v);
          rs.tensors.get('w')![slot]!.set(v);
        });
        for (const [step, lr] of [[1, undefined], [2, 0.05], [3, 1e-4]] as const) {
          const g = new Map([['w', fill(n, 0.1, false, poison, 100 + step)]]);
          fast.step(fp, g, fs, lr === undefined ? undefined : { lr });
          ref.step(rp, g, rs, lr === undefined ? undefined : { lr });
          bitsEqual(fp.get('w')!, rp.get('w')!, `${label} step ${step} p`);
          for (const slot of fast.slots) bitsEqual(fs.tensors.get('w')![slot] as Float32Array, rs.tensors.get('w')![slot] as Float32Array, `${label} step ${step} ${slot}`);
        }
      } finally {
        fast.dispose();
      }
    });
  }
});

describe('the unflushed body runs where the check passes', () => {
  it('windows that wrongly admit subnormals change the bits; the proved windows and ftzGuard: false do not', async ({ skip }) => {
    const spec = fromPreset('rmsprop', 'keras3', {});
    const probe = await createFastOptimizer(spec, { arena });
    const kernel = probe.kernel;
    probe.dispose();
    // The guard is part of the WebAssembly SIMD kernel; the JS kernel flushes every element.
    if (kernel !== 'simd') skip('no WebAssembly SIMD kernel on this host: the JS kernel has no guard');
    const n = 1024;
    const g = new Float32Array(n).fill(0.25);
    // Element 3: v = 1.2e-38 (normal) and g = 0, so v' = ρ·v ≈ 1.1e-38 is subnormal: FTZ makes it 0.
    g[3] = 0;
    const V3 = 1.2e-38;
    const run = async (mode: 'proved' | 'unsound' | 'off') => {
      const opt = await createFastOptimizer(spec, { arena, ftzGuard: mode !== 'off' });
      try {
        if (mode === 'unsound') {
          const graph = buildStepGraph(spec, 'float32');
          const everything: Window = { lo: 2 ** -149, hi: 3.4028234663852886e38 };
          const items = guardItems(graph, new Set(), []);
          // Test-only: replace the private window search with windows no analysis would prove.
          (opt as unknown as { windowsFor: () => Map<string, Window> }).windowsFor = () => new Map(items.map((i) => [i.key, everything]));
        }
        const p = new Map([['w', new Float32Array(n).fill(1)]]);
        const state = opt.init(p);
        state.tensors.get('w')!.meanSquare![3] = V3;
        opt.step(p, new Map([['w', g]]), state);
        return { p: p.get('w')![3]!, v: state.tensors.get('w')!.meanSquare![3]! };
      } finally {
        opt.dispose();
      }
    };
    const ref = new ReferenceOptimizer(spec, { dtype: 'float32' });
    const rp = new Map([['w', new Float32Array(n).fill(1)]]);
    const rs = ref.init(rp);
    rs.tensors.get('w')!.meanSquare![3] = V3;
    ref.step(rp, new Map([['w', g]]), rs);
    const want = { p: rp.get('w')![3]!, v: rs.tensors.get('w')!.meanSquare![3]! };
    expect(want.v).toBe(0); // the reference flushed ρ·v
    expect(await run('proved')).toEqual(want);
    expect(await run('off')).toEqual(want);
    const unsound = await run('unsound');
    expect(unsound.v).toBeGreaterThan(0); // ρ·v unflushed: the subnormal survives
    expect(unsound.v).toBeLessThan(2 ** -126);
  });
});
