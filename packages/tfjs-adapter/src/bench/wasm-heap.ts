/**
 * Whether a step of a given size fits in the TF.js wasm backend's memory.
 *
 * tfjs-backend-wasm is wasm32: its heap cannot grow past 4 GiB, and its kernels do not check for a
 * failed allocation, so a step that needs more dies with "memory access out of bounds" (the bench at 64M
 * parameters did). A step needs, at its peak, the parameters, the gradients, the slots and every
 * intermediate tensor TF.js keeps until the step's `tidy` ends: a fixed number of bytes per parameter for
 * a given optimizer. That number is measured here (tf.profile's peak) on a small probe and scaled.
 */
import type { Tensor, Variable } from '@tensorflow/tfjs-core';

type Tf = typeof import('@tensorflow/tfjs-core');

export interface StepOptimizer {
  applyGradients(g: { name: string; tensor: Tensor }[]): void;
  dispose(): void;
}

/** wasm32 addresses 2^32 bytes. */
export const WASM_HEAP_BYTES = 2 ** 32;
/**
 * The share of the heap a step's peak may use: the optimizers are measured in turn on one heap that
 * never shrinks, so the allocator's free blocks from earlier ones are fragmented. Measured: a 32M-param
 * step peaking at 2.4 GiB ran; a 64M one needing 4.8 GiB did not.
 */
export const WASM_USABLE_FRACTION = 0.75;
const PROBE = 1 << 12;

/** Peak bytes per parameter of the first step (which also allocates the slots) of each optimizer; the largest. */
export async function peakBytesPerParam(tf: Tf, makers: readonly (() => StepOptimizer)[]): Promise<number> {
  let worst = 0;
  for (const make of makers) {
    const p: Variable = tf.tidy(() => tf.variable(tf.randomUniform([PROBE], -1, 1, 'float32')));
    const g = tf.randomUniform([PROBE], -1e-2, 1e-2, 'float32');
    const opt = make();
    try {
      const info = await tf.profile(() => opt.applyGradients([{ name: p.name, tensor: g }]));
      worst = Math.max(worst, info.peakBytes / PROBE);
    } finally {
      opt.dispose();
      tf.dispose([p, g]);
    }
  }
  return worst;
}

/** Null when a step of `params` parameters fits in the wasm heap, else why not. */
export function wasmHeapShortfall(params: number, bytesPerParam: number): string | null {
  const needed = params * bytesPerParam;
  if (needed <= WASM_HEAP_BYTES * WASM_USABLE_FRACTION) return null;
  const gib = (b: number) => (b / 2 ** 30).toFixed(1);
  return (
    `a step at ${params} params peaks at ~${gib(needed)} GiB (${bytesPerParam.toFixed(0)} B/param, measured); ` +
    `the TF.js wasm backend's wasm32 heap ends at ${gib(WASM_HEAP_BYTES)} GiB (usable: ${gib(WASM_HEAP_BYTES * WASM_USABLE_FRACTION)})`
  );
}
