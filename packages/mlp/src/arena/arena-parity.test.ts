/**
 * The PyTorch parity test (`../parity/mlp-parity.test.ts`, unchanged) runs the JS kernels. This runs the
 * same golden trajectory with the arena's FUSED GEMM (`dense-gemm-wasm.ts`, one fma rounding per term) and
 * checks it against the same derived bound, with the same constants: the step-0 γ_n bound holds for any
 * summation with one rounding ≤ u per term, and the later steps' 4·D allowance is the parity test's.
 */
import { ReferenceOptimizer } from '@isostep/reference-cpu';
import { FastArena } from '@isostep/reference-cpu/node';
import { fromPreset } from '@isostep/spec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMnist } from '../data/load-mnist.js';
import type { LabelledImages } from '../data/mnist.js';
import { mnistDataDir } from '../data/mnist-location.js';
import { Mlp } from '../mlp/mlp.js';
import { decodeFloat32, readMlpParityGolden } from '../parity/mlp-parity-golden.js';
import { crossEntropyForwardBound } from '../parity/parity-bound.js';
import { ArenaDenseOps } from './arena-dense-ops.js';

const golden = readMlpParityGolden();
let train: LabelledImages;
let arena: FastArena;

beforeAll(async () => {
  const maxIndex = Math.max(...golden.batches.flat());
  train = loadMnist(mnistDataDir(), { train: maxIndex + 1, test: 1 }).train;
  arena = await FastArena.create({ threads: 2 });
});
afterAll(() => arena.dispose());

function maxWeightGap(params: ReadonlyMap<string, Float32Array>, recorded: Record<string, string>): number {
  let gap = 0;
  for (const [name, p] of params) {
    const other = decodeFloat32(recorded[name]!);
    for (let i = 0; i < p.length; i++) gap = Math.max(gap, Math.abs(p[i]! - other[i]!));
  }
  return gap;
}

describe('arena MLP with the fused GEMM vs PyTorch 2.13 (the parity test’s bound)', () => {
  it('matches every step loss and the final weights within the stated bound', (ctx) => {
    if (!arena.relaxedMadd.float32) return ctx.skip();
    const mlp = Mlp.create(golden.sizes, golden.seed, { ops: new ArenaDenseOps(arena, { gemm: 'fused' }) });
    const initial = Mlp.create(golden.sizes, golden.seed);
    const optimizer = new ReferenceOptimizer(fromPreset('rmsprop', golden.preset, golden.hyperparameters), { dtype: 'float32' });
    const state = optimizer.init(mlp.params);
    const features = golden.sizes[0]!;
    const t32 = golden.float32.losses;
    const t64 = golden.float64.losses;
    let drift = 0;
    let b0 = 0;
    try {
      golden.batches.forEach((batch, step) => {
        const x = new Float32Array(batch.length * features);
        const y = new Uint8Array(batch.length);
        batch.forEach((j, i) => {
          x.set(train.images.subarray(j * features, (j + 1) * features), i * features);
          y[i] = train.labels[j]!;
        });
        if (step === 0) b0 = crossEntropyForwardBound(golden.sizes, initial.params, x, batch.length);
        const loss = mlp.lossAndGradients(x, batch.length, y);
        drift = Math.max(drift, Math.abs(t32[step]! - t64[step]!));
        const bound = 2 * b0 + 4 * drift;
        if (Math.abs(loss - t32[step]!) > bound) throw new Error(`step ${step}: fused loss ${loss}, torch ${t32[step]}, |Δ| ${Math.abs(loss - t32[step]!)} > bound ${bound}`);
        optimizer.step(mlp.params, mlp.gradients, state);
      });
      const weightDrift = maxWeightGap(
        new Map(Object.keys(golden.float32.finalParams).map((k) => [k, decodeFloat32(golden.float32.finalParams[k]!)])),
        golden.float64.finalParams,
      );
      expect(maxWeightGap(mlp.params, golden.float32.finalParams)).toBeLessThanOrEqual(4 * weightDrift);
    } finally {
      mlp.dispose();
    }
  });
});
