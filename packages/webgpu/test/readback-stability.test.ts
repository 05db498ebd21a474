/**
 * Dawn-in-Node crashes the process when the `GPU` object from `create()` is collected while its device
 * is in use (see src/device/gpu-context.ts). This holds the fix to it: 200 cycles of step + full readback
 * of a 1 MiB model, with a forced garbage collection between cycles. A regression shows up as a crashed
 * or hung worker, which vitest reports as a failure.
 */
import { rmsprop } from '@isostep/spec';
import { describe, expect, it } from 'vitest';
import { WebGpuOptimizer } from '../src/index.js';
import { nodeContextOrReason } from './node-context.js';

const CYCLES = 200;
const N = (1 << 20) / 4; // 1 MiB of float32 params (plus 1 MiB of mean square read back each cycle)

const gc = (globalThis as { gc?: () => void }).gc;

describe('readback stability under garbage collection', () => {
  it(`survives ${CYCLES} step + readback cycles of 1 MiB with gc() between them`, async (ctx) => {
    if (gc === undefined) return ctx.skip('global.gc is not exposed (run vitest with execArgv --expose-gc, as vitest.config.ts does)');
    // The optimizer holds the context (and so the GPU object); nothing else here does.
    const opt = await (async () => {
      const c = await nodeContextOrReason();
      return typeof c === 'string' ? c : new WebGpuOptimizer(c, rmsprop('tf1', { lr: 1e-3 }));
    })();
    if (typeof opt === 'string') return ctx.skip(opt);
    // Gradient g = 1 everywhere, initial p = 0: with tf1 (v₀ = 1, eps 1e-10) p stays finite and strictly decreasing.
    opt.load(new Map([['p', new Float32Array(N)]]));
    const grads = new Map([['p', new Float32Array(N).fill(1)]]);
    let previous = 0;
    for (let k = 1; k <= CYCLES; k++) {
      opt.step(grads);
      const snap = await opt.read();
      const p = snap.params.get('p')!;
      expect(snap.state.step).toBe(k);
      expect(p.length).toBe(N);
      // Every element took the same step: first, middle and last agree, and the value moved down.
      expect(p[N - 1]).toBe(p[0]);
      expect(p[N >> 1]).toBe(p[0]);
      expect(p[0]!).toBeLessThan(previous);
      previous = p[0]!;
      gc();
    }
    expect(opt.dispatchCount).toBe(CYCLES);
    opt.context.close();
  });
});
