/**
 * The optimizer contract every Isostep backend implements, in two shapes.
 *
 * - `Optimizer` (synchronous, the caller owns the memory): shaped like optax's `init` / `update` pair,
 *   except that `step` updates params and state in place, for speed. Exact CPU, fast CPU.
 * - `ResidentOptimizer` (asynchronous read-back, the backend owns the memory): params and state live
 *   where the backend computes (GPU buffers, TF.js variables); `step` enqueues, `read` downloads.
 *
 * Both are all-or-nothing: a backend validates everything first and throws before it touches any
 * param or slot, so a failed step leaves params and state bit-identical.
 *
 * Neither names an optimizer's slots: the slot list comes from the optimizer's descriptor
 * (`OptimizerDescriptor.allocatedSlots`), in its canonical order.
 */
import type { OptimizerSpec } from './optimizer-spec.js';

export type Tensor = Float32Array | Float64Array;

/** Parameters (or gradients) by name. Iteration order is the order of the model's parameters. */
export type NamedTensors = ReadonlyMap<string, Tensor>;

/** Version of the state layout below; bump when its meaning changes. */
export const STATE_VERSION = 1;

export interface OptimizerState {
  readonly version: typeof STATE_VERSION;
  /** Completed steps (t after the last step). Bias corrections read it. */
  step: number;
  /** The spec slots the optimizer allocates, in the descriptor's canonical order. */
  readonly slots: readonly string[];
  /** Per parameter name, per slot, a tensor of the parameter's length and dtype. */
  readonly tensors: ReadonlyMap<string, Readonly<Record<string, Tensor>>>;
}

export interface StepOptions {
  /** Learning rate for this step only (schedules). Validated like `config.lr`, in the step's dtype. */
  readonly lr?: number;
  /**
   * Opt-in guard, off by default (the frameworks step with NaN or ±Infinity gradients, and the golden
   * traces record what that does): refuse the step with NonFiniteGradientError, naming the tensor and the
   * first bad index, before anything is written. Every backend honours it through the spec's
   * `checkFiniteGradients` (TF.js: `IsostepOptimizer.rejectNonFinite`, since `applyGradients` takes no options).
   */
  readonly rejectNonFinite?: boolean;
}

export interface Optimizer {
  /** What it computes: the optimizer, its validated config, its numerics profile. */
  readonly spec: OptimizerSpec;
  /** Fresh state for these parameters (slots at their initial values). */
  init(params: NamedTensors): OptimizerState;
  /** One step, in place on `params` and `state`; throws before touching anything if any input is invalid. */
  step(params: NamedTensors, grads: NamedTensors, state: OptimizerState, options?: StepOptions): void;
}

/** Params and state as read back from a resident optimizer. */
export interface ResidentSnapshot {
  readonly params: Map<string, Tensor>;
  readonly state: OptimizerState;
}

export interface ResidentOptimizer {
  readonly spec: OptimizerSpec;
  /** Uploads params and fresh slots (step 0), or params and a saved state. Checked before anything changes. */
  load(params: NamedTensors, state?: OptimizerState): void | Promise<void>;
  /** Validates, then applies (or enqueues) one step. Throws before changing anything. */
  step(grads: NamedTensors, options?: StepOptions): void | Promise<void>;
  /** Params and state after every step so far. */
  read(): Promise<ResidentSnapshot>;
  /** Frees what the optimizer holds (buffers, variables). */
  dispose(): void | Promise<void>;
}
