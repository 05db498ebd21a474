/**
 * The optimizer contract every Isostep backend implements.
 *
 * Shaped like optax's `init` / `update` pair, with one difference made for speed: `step` updates params and
 * state in place. It is still all-or-nothing: a backend validates everything first and throws before it
 * touches any param or slot, so a failed step leaves params and state bit-identical.
 */

export type Tensor = Float32Array | Float64Array;

/** Parameters (or gradients) by name. Iteration order is the order of the model's parameters. */
export type NamedTensors = ReadonlyMap<string, Tensor>;

/** Spec slot names. Each framework has its own names for them (see the preset's `slotNames`). */
export type SlotName = 'meanSquare' | 'meanGrad' | 'momentum';

/** The canonical slot order: state files, weights lists and GPU buffers all follow it. */
export const SLOT_ORDER: readonly SlotName[] = ['meanSquare', 'meanGrad', 'momentum'];

/** Version of the state layout below; bump when slot meaning or order changes. */
export const STATE_VERSION = 1;

export interface OptimizerState {
  readonly version: typeof STATE_VERSION;
  /** Completed steps (t after the last step). optax's bias correction reads it. */
  step: number;
  /** The slots this config allocates, in `SLOT_ORDER`. */
  readonly slots: readonly SlotName[];
  /** Per parameter name, per slot, a tensor of the parameter's length and dtype. */
  readonly tensors: ReadonlyMap<string, Readonly<Partial<Record<SlotName, Tensor>>>>;
}

export interface StepOptions {
  /** Learning rate for this step only (schedules). Validated like `config.lr`. */
  readonly lr?: number;
}

export interface Optimizer {
  /** Fresh state for these parameters (slots at their initial values). */
  init(params: NamedTensors): OptimizerState;
  /** One step, in place on `params` and `state`; throws before touching anything if any input is invalid. */
  step(params: NamedTensors, grads: NamedTensors, state: OptimizerState, options?: StepOptions): void;
}
