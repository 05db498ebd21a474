/**
 * Measures, on one adapter in this process: Isostep's WebGPU step (one dispatch for all tensors) and
 * TF.js's webgpu backend running `tf.train.rmsprop` on the same adapter (its own device from the same
 * `GPU` object), same sizes, same tensor split, same math (the tfjs preset: v and a momentum buffer).
 */
import { rmsprop, stepBytesPerElement, type BenchRow } from '@isostep/spec';
import { createNodeGpuContext } from '../device/node-gpu.js';
import { WebGpuOptimizer } from '../optimizer/webgpu-optimizer.js';

export const VARIANT = 'tfjs plain (v + momentum buffer)';
/** The tfjs preset always allocates the momentum buffer: slots v and b. */
const SPEC = rmsprop('tfjs', { lr: 1e-3 });
/** p, g and each slot read; p and each slot written. */
const BYTES_PER_ELEMENT = stepBytesPerElement(SPEC.program.slots.length, 'float32');

export interface AdapterRun {
  readonly label: string;
  readonly sizes: readonly number[];
  readonly tensors: number;
  readonly steps: number;
  readonly triadGbps: number;
}

function split(n: number, tensors: number): Map<string, Float32Array> {
  const m = new Map<string, Float32Array>();
  const base = Math.floor(n / tensors);
  for (let k = 0; k < tensors; k++) m.set(`t${k}`, new Float32Array(k === tensors - 1 ? n - base * (tensors - 1) : base).fill(0.5));
  return m;
}

function row(system: string, run: AdapterRun, n: number, seconds: number, note: string): BenchRow {
  const gbps = (BYTES_PER_ELEMENT * n) / seconds / 1e9;
  return {
    system,
    variant: VARIANT,
    params: n,
    tensors: run.tensors,
    dtype: 'float32',
    nsPerElement: (seconds * 1e9) / n,
    gbps,
    triadFraction: run.triadGbps > 0 ? gbps / run.triadGbps : null,
    bytesPerElement: BYTES_PER_ELEMENT,
    note,
  };
}

/** Counts compute dispatches by wrapping the encoder's dispatch method (Dawn exposes the class globally). */
function countDispatches(): { readonly count: () => number } {
  const proto = (globalThis as { GPUComputePassEncoder?: { prototype: GPUComputePassEncoder } }).GPUComputePassEncoder?.prototype;
  let n = 0;
  if (proto) {
    const orig = proto.dispatchWorkgroups;
    proto.dispatchWorkgroups = function (this: GPUComputePassEncoder, ...args: Parameters<GPUComputePassEncoder['dispatchWorkgroups']>) {
      n++;
      return orig.apply(this, args);
    };
  }
  return { count: () => (proto ? n : Number.NaN) };
}

export async function measureAdapter(run: AdapterRun): Promise<BenchRow[]> {
  const ctx = await createNodeGpuContext();
  const dispatches = countDispatches();
  const rows: BenchRow[] = [];
  for (const n of run.sizes) {
    const opt = new WebGpuOptimizer(ctx, SPEC);
    opt.load(split(n, run.tensors));
    opt.step(split(n, run.tensors)); // gradients now resident, as after a backward pass on the GPU
    await opt.settled();
    const before = dispatches.count();
    const t0 = performance.now();
    for (let k = 0; k < run.steps; k++) opt.stepResident();
    await opt.settled();
    const seconds = (performance.now() - t0) / 1e3 / run.steps;
    const perStep = (dispatches.count() - before) / run.steps;
    rows.push(row(`isostep-webgpu`, run, n, seconds, `${run.label}; ${perStep} dispatch/step for ${run.tensors} tensors; mean of ${run.steps} steps after warm-up`));
    opt.dispose();
  }
  rows.push(...(await measureTfjs(ctx.gpu!, run, dispatches)));
  ctx.close();
  return rows;
}

async function measureTfjs(gpu: GPU, run: AdapterRun, dispatches: { count: () => number }): Promise<BenchRow[]> {
  (globalThis as { navigator?: unknown }).navigator = { gpu };
  const tf = await import('@tensorflow/tfjs-core');
  await import('@tensorflow/tfjs-backend-webgpu');
  if (!(await tf.setBackend('webgpu'))) throw new Error('tf.setBackend("webgpu") failed');
  const rows: BenchRow[] = [];
  for (const n of run.sizes) {
    const vars = [...split(n, run.tensors)].map(([name, a]) => tf.variable(tf.tensor1d(a), true, name));
    const grads = Object.fromEntries(vars.map((v) => [v.name, tf.onesLike(v)]));
    // Same math as the tfjs preset: decay 0.9, momentum 0, eps 1e-7, not centered.
    const opt = tf.train.rmsprop(1e-3, 0.9, 0, 1e-7, false);
    opt.applyGradients(grads);
    await tf.slice(vars[0]!, 0, 1).data();
    const before = dispatches.count();
    const t0 = performance.now();
    for (let k = 0; k < run.steps; k++) opt.applyGradients(grads);
    await tf.slice(vars[0]!, 0, 1).data(); // queue order: this readback waits for every step
    const seconds = (performance.now() - t0) / 1e3 / run.steps;
    const perStep = (dispatches.count() - before) / run.steps;
    rows.push(row('tfjs-webgpu', run, n, seconds, `${run.label}; tf.train.rmsprop, ${Math.round(perStep)} dispatches/step for ${run.tensors} tensors; tfjs-backend-webgpu ${tf.version_core}`));
    opt.dispose();
    for (const v of vars) v.dispose();
    for (const g of Object.values(grads)) g.dispose();
  }
  return rows;
}
