/**
 * The exact CPU reference: the spec's element step evaluated with correctly rounded arithmetic in the
 * chosen dtype, in the preset's op order, with exact fma at the sites the preset fuses. Slow by design
 * (one function call per operation); it defines the bits that faster backends must reproduce.
 */
import {
  IEEE_PROFILE,

  allocatedSlots,
  checkLr,
  elementStep,
  exactArith,
  planStep,
  stepScalars,
  validateConfig,
  type Arith,
  type Dtype,
  type ElementValues,
  type NamedTensors,
  type NumericsProfile,
  type Optimizer,
  type OptimizerState,
  type RmspropConfig,
  type SlotName,
  type StepOptions,
  type StepPlan,
  type Tensor,
} from '@isostep/spec';
import { checkStepInputs } from './check-step-inputs.js';
import { initState, type SlotArrays } from './init-state.js';

export interface ReferenceOptions {
  readonly dtype: Dtype;
  /** The op order and fused sites to reproduce; defaults to plain IEEE (no fusion, sqrt then divide). */
  readonly profile?: NumericsProfile;
}

export type { SlotArrays };

export class ReferenceRmsprop implements Optimizer {
  readonly config: RmspropConfig;
  readonly dtype: Dtype;
  readonly slots: readonly SlotName[];
  private readonly plan: StepPlan;
  private readonly arith: Arith<number>;

  constructor(config: RmspropConfig, options: ReferenceOptions) {
    this.config = validateConfig(config);
    this.dtype = options.dtype;
    this.slots = allocatedSlots(this.config);
    this.plan = planStep(this.config, options.profile ?? IEEE_PROFILE);
    this.arith = exactArith(this.dtype, this.plan.profile.subnormals);
  }

  init(params: NamedTensors): OptimizerState {
    return initState(this.config, this.dtype, this.slots, params, (n) =>
      this.dtype === 'float32' ? new Float32Array(n) : new Float64Array(n),
    );
  }

  step(params: NamedTensors, grads: NamedTensors, state: OptimizerState, options: StepOptions = {}): void {
    const lr = options.lr === undefined ? this.config.lr : checkLr(options.lr, 'options.lr');
    checkStepInputs(this.dtype, this.slots, params, grads, state);
    const t = state.step + 1;
    for (const [name, p] of params) {
      stepArrays(this.arith, this.plan, this.config, lr, t, p, grads.get(name)!, state.tensors.get(name)!);
    }
    state.step = t;
  }
}

/**
 * One step over flat arrays (already validated), in place: the loop every CPU path shares. Exported for
 * the conformance runner, which loads a trace's state into arrays and steps them directly.
 */
export function stepArrays(
  A: Arith<number>,
  plan: StepPlan,
  config: RmspropConfig,
  lr: number,
  t: number,
  p: Tensor,
  g: Tensor,
  slots: SlotArrays,
): void {
  const s = stepScalars(A, config, plan.profile, lr, t);
  const v = slots.meanSquare!;
  const m = slots.meanGrad;
  const b = slots.momentum;
  const e: ElementValues<number> = { p: 0, g: 0, v: 0, m: 0, b: 0 };
  for (let i = 0; i < p.length; i++) {
    e.p = p[i]!;
    e.g = g[i]!;
    e.v = v[i]!;
    e.m = m ? m[i]! : 0;
    e.b = b ? b[i]! : 0;
    elementStep(A, plan, s, e);
    p[i] = e.p;
    v[i] = e.v;
    if (m) m[i] = e.m;
    if (b) b[i] = e.b;
  }
}

export function createRmsprop(config: RmspropConfig, options: ReferenceOptions): ReferenceRmsprop {
  return new ReferenceRmsprop(config, options);
}


