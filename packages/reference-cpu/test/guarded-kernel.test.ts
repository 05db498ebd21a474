/**
 * The guarded kernel's single pass (simd-kernel.ts): per block the body runs without flushes, saving what
 * it overwrites and checking as it goes; a block that fails its check is put back and redone flushed.
 *
 * 1. Blocks put back and redone on two threads: each job has its own scratch, and a failed block in one
 *    half must not disturb the other half or the blocks around it.
 * 2. rsqrt's fast estimates (rsqrt-f32.ts) inside the unflushed body: arguments within the decision margin
 *    of a float32 rounding midpoint fail the block, which is redone with the exact chain. The test builds
 *    optax steps whose rsqrt argument is such a value, with every input inside the proved windows (so the
 *    unflushed body is really taken), and compares with the exact reference.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStepGraph, checkStepOptions, fmaF32, fromPreset, stepScalarBlock, type OptimizerSpec } from '@isostep/spec';
import { FastArena, createFastOptimizer } from '../src/node.js';
import { ReferenceOptimizer } from '../src/index.js';
import { cancellationCuts, cutKey, guardWindows } from '../src/fast/ftz-guard.js';
import { RSQRT_FUSED_MARGIN, RSQRT_MARGIN } from '../src/fast/rsqrt-f32.js';
import { bitsEqual, evaluate, inWindow, rng } from './guard-test-helpers.js';

let arena: FastArena;
beforeAll(async () => {
  arena = await FastArena.create({ threads: 2 });
});
afterAll(() => arena.dispose());

const BLOCK = 256; // elements per guarded block (GUARD_BLOCK_VECTORS × 4)

/** One step of `spec` on the fast path and on the exact reference, from the same values; bits compared. */
async function compareOneStep(spec: OptimizerSpec, p: Float32Array, g: Float32Array, slots: Record<string, Float32Array>, what: string, madd?: 'emulated') {
  const fast = await createFastOptimizer(spec, { arena, madd });
  expect(fast.kernel).toBe('simd');
  const ref = new ReferenceOptimizer(spec, { dtype: 'float32' });
  const fp = new Map([['w', Float32Array.from(p)]]);
  const rp = new Map([['w', Float32Array.from(p)]]);
  const fs = fast.init(fp);
  const rs = ref.init(rp);
  for (const [slot, v] of Object.entries(slots)) {
    fs.tensors.get('w')![slot]!.set(v);
    rs.tensors.get('w')![slot]!.set(v);
  }
  const grads = new Map([['w', g]]);
  fast.step(fp, grads, fs);
  ref.step(rp, grads, rs);
  bitsEqual(fp.get('w')!, rp.get('w')!, `${what} p`);
  for (const slot of fast.slots) bitsEqual(fs.tensors.get('w')![slot] as Float32Array, rs.tensors.get('w')![slot] as Float32Array, `${what} ${slot}`);
  fast.dispose();
}

describe('blocks that fail the check are put back and redone', () => {
  it('keras3 centered+momentum, two threads: failed blocks in both halves, next to passing ones', async () => {
    const spec = fromPreset('rmsprop', 'keras3', { centered: true, momentum: 0.9 });
    const n = 1 << 17; // above the size the step is split between threads at
    const r = rng(99);
    const draw = (scale: number) => Float32Array.from({ length: n }, () => (r() < 0.5 ? -1 : 1) * scale * 2 ** (-6 * r()));
    const p = draw(0.5);
    const g = draw(0.1);
    const meanSquare = Float32Array.from({ length: n }, () => 1e-3 * 2 ** (-6 * r()));
    const meanGrad = draw(1e-2);
    const momentum = draw(1e-3);
    // Each block of these holds one value no window admits; its neighbours pass. Blocks in both halves,
    // the first and last block of each, and the tensor's last block.
    const failing = [0, 1, 5, n / BLOCK / 2 - 1, n / BLOCK / 2, n / BLOCK / 2 + 3, n / BLOCK - 1];
    const hostile = [1e-40, 3e38, -0, Number.NaN, 2 ** -126, -1e-41, 1e-45];
    failing.forEach((b, k) => {
      const at = b * BLOCK + ((k * 37) % BLOCK);
      [p, g, meanGrad, momentum][k % 4]![at] = hostile[k]!;
      if (k === 2) meanSquare[at + 1] = -1; // a negative mean square fails the non-negative group
    });
    await compareOneStep(spec, p, g, { meanSquare, meanGrad, momentum }, 'keras3 c+m');
  });
});

/**
 * Whether rsqrt-f32.ts's estimates cannot decide x's float32 rounding (what their checks compute, in plain
 * JS): only used to find inputs that take the redo; the test compares with the exact reference. The kernel
 * uses the fused estimate where relaxed_madd is proved fused, the float64-Newton one elsewhere.
 */
function float64EstimateUndecided(x: number): boolean {
  const r0 = Math.fround(Math.fround(Math.sqrt(x)) / x);
  const w = r0 * (3 - r0 * r0 * x);
  return Math.fround(w * ((1 - RSQRT_MARGIN) / 2)) !== Math.fround(w * ((1 + RSQRT_MARGIN) / 2));
}
function fusedEstimateUndecided(x: number): boolean {
  const f = Math.fround;
  const r0 = f(f(Math.sqrt(x)) / x);
  const h = f(x * r0);
  const hl = fmaF32(x, r0, -h);
  const negE = fmaF32(hl, r0, fmaF32(h, r0, -1));
  const negC = f(f(r0 * negE) * fmaF32(negE, -0.375, 0.5));
  const br = f(r0 * RSQRT_FUSED_MARGIN);
  return f(r0 - f(negC + br)) !== f(r0 - f(negC - br));
}

describe('rsqrt near a float32 rounding midpoint inside the unflushed body', () => {
  for (const form of [{}, { centered: true, momentum: 0.9 }]) {
    it(`optax ${JSON.stringify(form)}: undecided estimates are redone with the exact chain`, async () => {
      const spec = fromPreset('rmsprop', 'optax', form);
      const graph = buildStepGraph(spec, 'float32');
      const scalars = stepScalarBlock(graph, spec, checkStepOptions(spec, 'float32', undefined).lr, 1);
      const nonNegative = new Set<string>(spec.optimizer.nonNegativeSlots ?? []);
      const cuts = cancellationCuts(graph, scalars, nonNegative);
      const windows = guardWindows(graph, scalars, nonNegative, cuts)!;
      const rsqrtInput = graph.nodes.find((x) => x.op === 'rsqrt')!;
      const arg = (rsqrtInput as { args: readonly unknown[] }).args[0];
      const names = [...new Set(graph.inputs)];
      const slot = names.find((name) => nonNegative.has(name))!; // the mean square: the argument grows with it
      const r = rng(7 + names.length);
      const draw = (name: string) => {
        const m = Math.fround((name === 'g' ? 0.1 : name === 'p' ? 0.5 : 1e-3) * 2 ** (-4 * r()));
        return nonNegative.has(name) || r() < 0.5 ? m : -m;
      };
      const argOf = (inputs: Record<string, number>) => evaluate(graph, scalars, inputs).get(arg as never)!;
      // Undecided arguments: scaling by 4 scales the estimate and the reference exactly, so a scan of
      // [1, 4) finds every mantissa; 4⁻⁶ puts them where this step's argument lies (≈ 1e-4 … 1e-3).
      const undecided: number[] = [];
      const bits = new Int32Array(1);
      const float = new Float32Array(bits.buffer);
      let byFloat64 = 0;
      let byFused = 0;
      for (float[0] = 1; float[0] < 4 && (byFloat64 < 6 || byFused < 6); bits[0]!++) {
        const a = byFloat64 < 6 && float64EstimateUndecided(float[0]!);
        const b = byFused < 6 && fusedEstimateUndecided(float[0]!);
        if (a) byFloat64++;
        if (b) byFused++;
        if (a || b) undecided.push(float[0]! / 4 ** 6);
      }
      expect([byFloat64, byFused]).toEqual([6, 6]);
      // For each, the other inputs drawn, then the mean square found by bisection on its float32 bits (the
      // argument is non-decreasing in it), kept if it lands exactly and every value is inside its window,
      // so the block would otherwise pass.
      const hits: Record<string, number>[] = [];
      for (const target of undecided) {
        for (let attempt = 0; attempt < 50; attempt++) {
          // p = 0, so the update (and rsqrt's last bit in it) is not lost in p's rounding.
          const inputs: Record<string, number> = { ...Object.fromEntries(names.map((name) => [name, draw(name)])), p: 0 };
          let lo = 0;
          let hi = 0x3f800000; // 1.0
          while (hi - lo > 1) {
            const mid = (lo + hi) >>> 1;
            bits[0] = mid;
            inputs[slot] = float[0]!;
            if (argOf(inputs) < target) lo = mid;
            else hi = mid;
          }
          bits[0] = hi;
          inputs[slot] = float[0]!;
          const values = evaluate(graph, scalars, inputs);
          if (values.get(arg as never) !== target) continue;
          if (!names.every((name) => inWindow(inputs[name]!, windows.get(name)!))) continue;
          if (!cuts.every((c) => inWindow(values.get(c)!, windows.get(cutKey(c))!))) continue;
          hits.push(inputs);
          break;
        }
      }
      expect(hits.length).toBe(undecided.length);
      // One per block, spread over both threads' halves; every other element drawn the same way.
      const n = 1 << 17;
      const tensors = Object.fromEntries(names.map((name) => [name, Float32Array.from({ length: n }, () => draw(name))]));
      hits.forEach((inputs, k) => {
        const at = Math.floor((k * n) / hits.length) + ((k * 53) % BLOCK);
        for (const name of names) tensors[name]![at] = inputs[name]!;
      });
      const { p, g, ...slots } = tensors;
      // The host's path (the fused estimate where relaxed_madd is proved fused), then the float64-Newton one.
      await compareOneStep(spec, p!, g!, slots, `optax ${JSON.stringify(form)}`);
      await compareOneStep(spec, p!, g!, slots, `optax ${JSON.stringify(form)}, madd: 'emulated'`, 'emulated');
    });
  }
});
