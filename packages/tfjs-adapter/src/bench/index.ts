/**
 * `pnpm bench` rows for the adapter: its step against `tf.train.rmsprop` on the same TF.js backend, the
 * same size and the same math (the `tfjs` preset, which IS tf.train.rmsprop), timed in the same run.
 * Also the torch preset on the adapter (no built-in to compare with). Median of timed steps after warm-up.
 */
import { rmsprop, skippedRow, stepBytesPerElement, timedRow, type BenchContext, type BenchRow } from '@isostep/spec';
import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import { prepareBackend, useBackend, type TfjsBackendName } from '../backends/tfjs-backends.js';
import { IsostepOptimizer } from '../optimizer/isostep-optimizer.js';
import { peakBytesPerParam, wasmHeapShortfall, type StepOptimizer } from './wasm-heap.js';

const BACKENDS: readonly TfjsBackendName[] = ['cpu', 'wasm'];
/** The cpu backend moves ~0.1 GB/s: above this size it gets a single timed step (and none in quick mode). */
const CPU_LARGE = 2_000_000;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function timeSteps(make: () => StepOptimizer, p: Variable, g: Tensor, runs: number): Promise<number> {
  const opt = make();
  try {
    const grads = [{ name: p.name, tensor: g }];
    opt.applyGradients(grads); // allocates the slots
    await p.data();
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      opt.applyGradients(grads);
      await p.data(); // wait for the backend to finish (a no-op wait on cpu)
      times.push((performance.now() - t0) / 1e3);
    }
    return median(times);
  } finally {
    opt.dispose();
  }
}

/** The specs the adapter runs; the built-in runs the first one's math. */
const SPECS = {
  // Same math as tf.train.rmsprop(lr, 0.9, momentum 0, eps 1e-7): the tfjs preset (momentum slot allocated).
  tfjs: rmsprop('tfjs', { lr: 1e-3 }),
  torch: rmsprop('torch', { lr: 1e-3, momentum: 0.9 }),
};

/** One timed row: bytes per element from the spec's slot count (p, g and each slot read; p and each slot written). */
function row(system: string, variant: string, params: number, slots: number, seconds: number, triad: number, note: string): BenchRow {
  return timedRow({ system, variant, params, tensors: 1, dtype: 'float32', bytesPerElement: stepBytesPerElement(slots, 'float32'), note }, seconds, triad);
}

function skipped(system: string, variant: string, params: number, reason: string): BenchRow {
  return skippedRow({ system, variant, params, tensors: 1, dtype: 'float32' }, reason);
}

/** The three optimizers timed at each size, with the math each runs. */
function optimizers(tf: typeof import('@tensorflow/tfjs-core')) {
  return {
    builtin: (): StepOptimizer => tf.train.rmsprop(1e-3, 0.9, 0, 1e-7, false),
    adapter: (): StepOptimizer => new IsostepOptimizer(SPECS.tfjs),
    torch: (): StepOptimizer => new IsostepOptimizer(SPECS.torch),
  };
}

export async function runBench(ctx: BenchContext): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const backend of BACKENDS) {
    const ours = `isostep-tfjs-${backend}`;
    const theirs = `tfjs-${backend}`;
    const reason = await prepareBackend(backend);
    // Only the wasm backend has a heap limit (the cpu backend's arrays live in the JS heap).
    let wasmBytesPerParam = 0;
    if (reason === null && backend === 'wasm') {
      const tf = await useBackend(backend);
      wasmBytesPerParam = await peakBytesPerParam(tf, Object.values(optimizers(tf)));
    }
    for (const n of ctx.sizes) {
      const large = backend === 'cpu' && n > CPU_LARGE;
      const why =
        reason ??
        (large && ctx.quick ? `cpu backend at ${n} params takes seconds per step; skipped in --quick` : null) ??
        (backend === 'wasm' ? wasmHeapShortfall(n, wasmBytesPerParam) : null);
      if (why !== null) {
        rows.push(skipped(ours, 'tfjs', n, why), skipped(theirs, 'tfjs', n, why));
        continue;
      }
      const runs = large ? 1 : ctx.quick ? 3 : backend === 'cpu' ? 5 : 15;
      const tf = await useBackend(backend);
      const make = optimizers(tf);
      // The initial value is disposed by tidy; the variable keeps its own reference to the data.
      const p = tf.tidy(() => tf.variable(tf.randomUniform([n], -1, 1, 'float32')));
      const g = tf.randomUniform([n], -1e-2, 1e-2, 'float32');
      try {
        const builtin = await timeSteps(make.builtin, p, g, runs);
        const adapter = await timeSteps(make.adapter, p, g, runs);
        const torch = await timeSteps(make.torch, p, g, runs);
        const note = `median of ${runs} step(s)`;
        const tfjsSlots = SPECS.tfjs.program.slots.length;
        rows.push(
          { ...row(ours, 'tfjs (= tf.train.rmsprop)', n, tfjsSlots, adapter, ctx.triadGbps, note), speedupVs: { [theirs]: builtin / adapter } },
          row(theirs, 'tfjs (= tf.train.rmsprop)', n, tfjsSlots, builtin, ctx.triadGbps, note),
          row(ours, 'torch momentum 0.9 (fused sites unfused)', n, SPECS.torch.program.slots.length, torch, ctx.triadGbps, note),
        );
      } finally {
        tf.dispose([p, g]);
      }
    }
  }
  return rows;
}
