/**
 * `pnpm bench` rows for the adapter: its step against `tf.train.rmsprop` on the same TF.js backend, the
 * same size and the same math (the `tfjs` preset, which IS tf.train.rmsprop), timed in the same run.
 * Also the torch preset on the adapter (no built-in to compare with). Median of timed steps after warm-up.
 */
import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import { prepareBackend, useBackend, type TfjsBackendName } from '../backends/tfjs-backends.js';
import { IsostepRmsprop } from '../optimizer/isostep-rmsprop.js';

/** Structurally the BenchContext / BenchRow of packages/conformance/src/bench/bench-types.ts. */
export interface BenchContext {
  readonly triadGbps: number;
  readonly quick: boolean;
  readonly sizes: readonly number[];
}
export interface BenchRow {
  readonly system: string;
  readonly variant: string;
  readonly params: number;
  readonly tensors: number;
  readonly dtype: 'float32' | 'float64';
  readonly nsPerElement: number;
  readonly gbps: number;
  readonly triadFraction: number | null;
  readonly bytesPerElement: number;
  readonly note?: string;
  readonly speedupVs?: Readonly<Record<string, number>>;
  readonly skipped?: string;
}

const BACKENDS: readonly TfjsBackendName[] = ['cpu', 'wasm'];
/** The cpu backend moves ~0.1 GB/s: above this size it gets a single timed step (and none in quick mode). */
const CPU_LARGE = 2_000_000;

interface Opt {
  applyGradients(g: { name: string; tensor: Tensor }[]): void;
  dispose(): void;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function timeSteps(make: () => Opt, p: Variable, g: Tensor, runs: number): Promise<number> {
  const opt = make();
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
  opt.dispose();
  return median(times);
}

function row(system: string, variant: string, params: number, slots: number, seconds: number, triad: number, note?: string): BenchRow {
  const bytesPerElement = (3 + 2 * slots) * 4;
  const gbps = (bytesPerElement * params) / seconds / 1e9;
  return {
    system, variant, params, tensors: 1, dtype: 'float32', bytesPerElement, nsPerElement: (seconds * 1e9) / params, gbps,
    triadFraction: triad > 0 ? gbps / triad : null, ...(note ? { note } : {}),
  };
}

function skipped(system: string, variant: string, params: number, reason: string): BenchRow {
  return { system, variant, params, tensors: 1, dtype: 'float32', nsPerElement: Number.NaN, gbps: Number.NaN, triadFraction: null, bytesPerElement: Number.NaN, skipped: reason };
}

export async function runBench(ctx: BenchContext): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const backend of BACKENDS) {
    const ours = `isostep-tfjs-${backend}`;
    const theirs = `tfjs-${backend}`;
    const reason = await prepareBackend(backend);
    for (const n of ctx.sizes) {
      if (reason !== null) {
        rows.push(skipped(ours, 'tfjs', n, reason), skipped(theirs, 'tfjs', n, reason));
        continue;
      }
      const large = backend === 'cpu' && n > CPU_LARGE;
      if (large && ctx.quick) {
        const why = `cpu backend at ${n} params takes seconds per step; skipped in --quick`;
        rows.push(skipped(ours, 'tfjs', n, why), skipped(theirs, 'tfjs', n, why));
        continue;
      }
      const runs = large ? 1 : ctx.quick ? 3 : backend === 'cpu' ? 5 : 15;
      const tf = await useBackend(backend);
      const p = tf.variable(tf.randomUniform([n], -1, 1, 'float32'));
      const g = tf.randomUniform([n], -1e-2, 1e-2, 'float32');
      // Same math both sides: tf.train.rmsprop(lr, 0.9, momentum 0, eps 1e-7) = the tfjs preset (momentum slot allocated).
      const builtin = await timeSteps(() => tf.train.rmsprop(1e-3, 0.9, 0, 1e-7, false), p, g, runs);
      const adapter = await timeSteps(() => new IsostepRmsprop('tfjs', { lr: 1e-3 }), p, g, runs);
      const torch = await timeSteps(() => new IsostepRmsprop('torch', { lr: 1e-3, momentum: 0.9 }), p, g, runs);
      const note = `median of ${runs} step(s)`;
      rows.push(
        { ...row(ours, 'tfjs (= tf.train.rmsprop)', n, 2, adapter, ctx.triadGbps, note), speedupVs: { [theirs]: builtin / adapter } },
        row(theirs, 'tfjs (= tf.train.rmsprop)', n, 2, builtin, ctx.triadGbps, note),
        row(ours, 'torch momentum 0.9 (fused sites unfused)', n, 2, torch, ctx.triadGbps, note),
      );
      tf.dispose([p, g]);
    }
  }
  return rows;
}
