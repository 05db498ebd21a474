/**
 * f(x, y) = x² + y², the function both races run on, and any optimizer stepped on it in float32 by the
 * exact reference (`ReferenceOptimizer`), with its spec's numerics profile. Generic over the optimizer:
 * the slots come from `spec.program.slots`, so SGD, Adam or RMSprop go through the same code.
 */
import { ReferenceOptimizer, type OptimizerSpec } from './isostep.js';

/** The classic tutorial's start point. */
export const RACE_START: readonly [number, number] = [-75, -10];

export function loss(x: number, y: number): number {
  return x * x + y * y;
}

/** The gradient (2x, 2y) in float32 (2·x is exact in float32, so this equals the true gradient). */
export function quadraticGradient(p: Float32Array): Float32Array {
  return Float32Array.from(p, (v) => 2 * v);
}

/** Points after 0, 1, …, steps steps (float32 values, held exactly in doubles), and f at each. */
export interface Path {
  readonly xs: readonly number[];
  readonly ys: readonly number[];
  /** f at each point, in float64 from the float32 coordinates. */
  readonly losses: readonly number[];
}

/** The reference's p = (x, y) and each allocated slot (by spec slot name), as a step leaves them. */
export interface QuadraticState {
  readonly p: Float32Array;
  readonly slots: Readonly<Record<string, Float32Array>>;
}

/** Runs `steps` steps from `start`, calling `visit` with p after each (and once before the first). */
function run(spec: OptimizerSpec, start: readonly [number, number], steps: number, visit: (p: Float32Array) => void): QuadraticState {
  const opt = new ReferenceOptimizer(spec, { dtype: 'float32' });
  const p = Float32Array.from(start);
  const params = new Map([['p', p]]);
  const state = opt.init(params);
  visit(p);
  for (let k = 0; k < steps; k++) {
    opt.step(params, new Map([['p', quadraticGradient(p)]]), state);
    visit(p);
  }
  return { p, slots: state.tensors.get('p')! as Record<string, Float32Array> };
}

export function quadraticPath(spec: OptimizerSpec, start: readonly [number, number], steps: number): Path {
  const xs: number[] = [];
  const ys: number[] = [];
  run(spec, start, steps, (p) => {
    xs.push(p[0]!);
    ys.push(p[1]!);
  });
  return { xs, ys, losses: xs.map((x, i) => loss(x, ys[i]!)) };
}

/** The reference's params and slots after `steps` steps (what the breakdown of step steps + 1 starts from). */
export function quadraticStateAfter(spec: OptimizerSpec, start: readonly [number, number], steps: number): QuadraticState {
  return run(spec, start, steps, () => {});
}
