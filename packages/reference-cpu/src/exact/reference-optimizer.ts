/**
 * The exact CPU reference: an optimizer's element step (from its spec) evaluated with correctly rounded
 * arithmetic in the chosen dtype, in the preset's op order, with exact fma at the sites the profile fuses
 * and subnormals flushed where the profile says the framework flushes them. Slow by design (one function
 * call per operation); it defines the bits that faster backends must reproduce.
 *
 * Generic over the optimizer: everything optimizer-specific comes from `spec.program`.
 */
import {
  checkFiniteGradients,
  checkStepOptions,
  exactArith,
  freshState,
  type Arith,
  type Dtype,
  type NamedTensors,
  type Optimizer,
  type OptimizerSpec,
  type OptimizerState,
  type StepOptions,
} from '@isostep/spec';
import { checkSpec } from './check-spec.js';
import { checkStepInputs } from './check-step-inputs.js';
import { newTensor } from './dtype-arrays.js';
import { stepArrays } from './step-arrays.js';

export interface ReferenceOptions {
  /** The dtype params, gradients and slots are stored and computed in. */
  readonly dtype: Dtype;
}

export class ReferenceOptimizer implements Optimizer {
  readonly spec: OptimizerSpec;
  readonly dtype: Dtype;
  /** The slots this config allocates, in the optimizer's canonical order (`spec.program.slots`). */
  readonly slots: readonly string[];
  private readonly arith: Arith<number>;

  constructor(spec: OptimizerSpec, options: ReferenceOptions) {
    checkSpec(spec, options?.dtype);
    this.spec = spec;
    this.dtype = options.dtype;
    this.slots = spec.program.slots;
    this.arith = exactArith(this.dtype, spec.profile.subnormals);
  }

  init(params: NamedTensors): OptimizerState {
    return freshState(this.spec, this.dtype, params, (n) => newTensor(this.dtype, n));
  }

  step(params: NamedTensors, grads: NamedTensors, state: OptimizerState, options?: StepOptions): void {
    const { lr, rejectNonFinite } = checkStepOptions(this.spec, this.dtype, options);
    checkStepInputs(this.spec, this.dtype, params, grads, state);
    if (rejectNonFinite) checkFiniteGradients(grads);
    const t = state.step + 1;
    for (const [name, p] of params) {
      stepArrays(this.spec.program, this.arith, lr, t, p, grads.get(name)!, state.tensors.get(name)!);
    }
    state.step = t;
  }
}

/** `new ReferenceOptimizer(spec, options)`: e.g. `createOptimizer(rmsprop('keras3', { lr: 0.1 }), { dtype: 'float32' })`. */
export function createOptimizer(spec: OptimizerSpec, options: ReferenceOptions): ReferenceOptimizer {
  return new ReferenceOptimizer(spec, options);
}
