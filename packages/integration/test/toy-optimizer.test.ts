/**
 * The generic-spec promise, tested: a toy optimizer defined only in a test file of the spec
 * (`packages/spec/test/toy-sgd.ts`, slot `velocity`, scalars unknown to any backend) runs on every backend
 * with no backend change. Exact and fast CPU paths must agree bit for bit; TF.js and WebGPU must stay
 * inside the intervals derived from their declared accuracy. Two named tensors and a learning rate that
 * changes every step.
 */
import { cpuBackend } from '@isostep/reference-cpu';
import { cpuFastBackend, createFastOptimizer } from '@isostep/reference-cpu/node';
import type { ConformanceBackend, Dtype } from '@isostep/spec';
import { afterAll, describe, expect, it } from 'vitest';
import { toySgd } from '../../spec/test/toy-sgd.js';
import { firstBitDifference, firstOutsideIntervals, runOnBackend, type Run } from './sessions.js';

const spec = toySgd({ lr: 0.1, momentum: 0.9, maximize: false });

function makeRun(dtype: Dtype): Run {
  const round = dtype === 'float32' ? Math.fround : (x: number) => x;
  let seed = 12345;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return round((seed / 2 ** 31) * 4 - 2);
  };
  const vec = (n: number) => Float64Array.from({ length: n }, rnd);
  const names = ['w', 'b'];
  const init = new Map([
    ['w', vec(6)],
    ['b', vec(3)],
  ]);
  const grads = Array.from({ length: 6 }, () => new Map([['w', vec(6)], ['b', vec(3)]]));
  const lrs = [0.1, 0.05, 0.2, 0.125, 0.3, 0.01];
  return { names, init, grads, lrs };
}

describe('a toy optimizer defined only in the spec tests runs on every backend', () => {
  const closers: ConformanceBackend[] = [];
  afterAll(async () => {
    for (const b of closers) await b.close?.();
  });

  for (const dtype of ['float32', 'float64'] as const) {
    it(`exact ${dtype}, fast (WASM SIMD where float32) and the fast JS kernel agree bit for bit`, async () => {
      const run = makeRun(dtype);
      const exact = await runOnBackend(cpuBackend(dtype), spec, dtype, run);
      const fast = cpuFastBackend();
      closers.push(fast);
      const viaFast = await runOnBackend(fast, spec, dtype, run);
      expect(firstBitDifference(exact, viaFast)).toBeNull();
      // The JS kernel directly, without the session: same bits again.
      const opt = await createFastOptimizer(spec, { dtype, kernel: 'js' });
      expect(opt.kernel).toBe('js');
      const T = dtype === 'float32' ? Float32Array : Float64Array;
      const params = new Map(run.names.map((n) => [n, T.from(run.init.get(n)!)]));
      const state = opt.init(params);
      for (let k = 0; k < run.grads.length; k++) {
        const grads = new Map(run.names.map((n) => [n, T.from(run.grads[k]!.get(n)!)]));
        opt.step(params, grads, state, { lr: run.lrs[k]! });
      }
      for (const n of run.names) {
        expect(Array.from(params.get(n)!)).toEqual(Array.from(exact.at(-1)!.get(n)!.p!));
        expect(Array.from(state.tensors.get(n)!.velocity!)).toEqual(Array.from(exact.at(-1)!.get(n)!.velocity!));
      }
      opt.dispose();
      // And the numbers are the toy's formula: b ← 0.9·b + g, p ← p − lr·b, from the first step.
      const b1 = run.grads[0]!.get('w')![0]!;
      expect(exact[0]!.get('w')!.velocity![0]).toBe(dtype === 'float32' ? Math.fround(b1) : b1);
    });
  }

  for (const name of ['tfjs-cpu', 'tfjs-wasm'] as const) {
    it(`${name} stays inside the derived intervals`, async (ctx) => {
      const { createBackend } = await import('@isostep/tfjs-adapter/conformance');
      const backend = await createBackend(name);
      closers.push(backend);
      const reason = await backend.unsupported('float32');
      if (reason !== null) ctx.skip(reason);
      const run = makeRun('float32');
      const exact = await runOnBackend(cpuBackend('float32'), spec, 'float32', run);
      const actual = await runOnBackend(backend, spec, 'float32', run, exact);
      expect(firstOutsideIntervals(backend, spec, 'float32', run, exact, actual)).toBeNull();
    });
  }

  it('webgpu (WGSL generated from the toy step graph) stays inside the derived intervals', async (ctx) => {
    const { createBackend } = await import('@isostep/webgpu/conformance');
    const backend = await createBackend('webgpu');
    closers.push(backend);
    const reason = await backend.unsupported('float32');
    if (reason !== null) ctx.skip(reason);
    const run = makeRun('float32');
    const exact = await runOnBackend(cpuBackend('float32'), spec, 'float32', run);
    const actual = await runOnBackend(backend, spec, 'float32', run, exact);
    expect(firstOutsideIntervals(backend, spec, 'float32', run, exact, actual)).toBeNull();
  });
});
