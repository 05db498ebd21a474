/** Runs a spec optimizer on one float32 tensor through the public API, as the peers' unit tests do. */
import type { OptimizerSpec } from '@isostep/spec';
import { ReferenceOptimizer } from '../src/index.js';

/**
 * Steps `spec` from `init`, feeding `grad(p)` (the gradient of the peer test's loss at the current p) or
 * a fixed gradient per step; returns p after each step.
 */
export function runPeer(spec: OptimizerSpec, init: readonly number[], grads: readonly ((p: Float32Array) => number[])[]): number[][] {
  const opt = new ReferenceOptimizer(spec, { dtype: 'float32' });
  const params = new Map([['x', Float32Array.from(init)]]);
  const state = opt.init(params);
  const out: number[][] = [];
  for (const grad of grads) {
    opt.step(params, new Map([['x', Float32Array.from(grad(params.get('x')!))]]), state);
    out.push(Array.from(params.get('x')!));
  }
  return out;
}

/** d/dx of sum(x²): 2x. */
export const squareGrad = (p: Float32Array): number[] => Array.from(p, (x) => 2 * x);

/** A fixed gradient, whatever p is. */
export const fixed = (g: readonly number[]) => (): number[] => [...g];

/** Keras's assertAllClose(actual, expected, rtol, atol): |a − e| ≤ atol + rtol·|e|, element by element. */
export function expectClose(actual: readonly number[], expected: readonly number[], rtol: number, atol: number): void {
  if (actual.length !== expected.length) throw new Error(`length ${actual.length} != ${expected.length}`);
  actual.forEach((a, i) => {
    const e = expected[i]!;
    if (!(Math.abs(a - e) <= atol + rtol * Math.abs(e))) throw new Error(`element ${i}: ${a} vs ${e} (rtol ${rtol}, atol ${atol})`);
  });
}

/** Keras's `ops.arange(0.1, 1.1, 0.1)` (10 values) and `ops.full((10,), 0.01)`. */
export const KERAS_GRADS = Array.from({ length: 10 }, (_, i) => Math.fround(0.1 + 0.1 * i));
export const KERAS_FIRST_GRADS = Array.from({ length: 10 }, () => 0.01);
