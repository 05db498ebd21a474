/**
 * Adam's hyperparameters and per-step quantities as the dtype sees them: the step scalars of
 * `element-step.ts`. Every one depends only on the config, the profile, this step's lr and t.
 *
 * How βᵗ is formed is the profile's `betaPower`:
 * - 'float64' (torch): 1 − βᵗ, the step size lr/(1 − β1ᵗ), √(1 − β2ᵗ) and 1 − lr·wd are Python floats,
 *   each rounded once to the dtype when it meets a tensor;
 * - 'pow' (Keras 3, optax): pow(β, t) in the dtype from β already cast, then every derived scalar in the dtype;
 * - 'product' (TF1, TF.js): the running product of t factors β in the dtype, then likewise.
 */
import type { Arith } from '../../numerics/arith.js';
import { powFloat64 } from '../../numerics/exact-pow.js';
import { betaPowerProduct } from '../../stages/bias-correction.js';
import type { AdamConfig, AdamProfile } from './config.js';

/** The scalars, in the order a compiled kernel reads them from its scalar block. */
export const ADAM_SCALARS = [
  'lr',
  'negLr',
  'beta1',
  'beta2',
  'oneMinusBeta1',
  'oneMinusBeta1MinusOne',
  'oneMinusBeta2',
  'eps',
  'epsRoot',
  'weightDecay',
  /** 1 − lr·wd (decoupled-scale). */
  'decayFactor',
  /** −lr/(1 − β1ᵗ) (correction site 'step-size'). */
  'negStepSize',
  /** √(1 − β2ᵗ) (correction site 'step-size'). */
  'bc2Sqrt',
  /** 1 − β1ᵗ, 1 − β2ᵗ, 1 − β1ᵗ⁺¹ (optax nesterov) and their reciprocals. */
  'bc1',
  'bc2',
  'bc1Next',
  'rbc1',
  'rbc2',
  'rbc1Next',
  /** α = lr·√(1 − β2ᵗ)/(1 − β1ᵗ) (ε 'uncorrected'). */
  'alpha',
] as const;
export type AdamScalarName = (typeof ADAM_SCALARS)[number];

export type AdamStepScalars<T> = Readonly<Record<AdamScalarName, T>>;

export function adamStepScalars<T>(A: Arith<T>, config: AdamConfig, profile: AdamProfile, lr: number, t: number): AdamStepScalars<T> {
  // Scalars the framework holds in float32 whatever the dtype (Keras 3: lr and weight_decay variables, and
  // β cast through a float32 tensor by `ops.cast(self.beta_1, dtype)`); 1 − β still comes from the double.
  const held = (name: 'lr' | 'weightDecay' | 'beta1' | 'beta2', x: number) => (profile.float32Scalars.includes(name) ? Math.fround(x) : x);
  lr = held('lr', lr);
  const wd = held('weightDecay', config.weightDecay);
  const one = A.const(1);
  const beta1 = A.const(held('beta1', config.beta1));
  const beta2 = A.const(held('beta2', config.beta2));
  const oneMinus = (b: number, bt: T) => (config.oneMinusBetaInDtype ? A.sub(one, bt) : A.const(1 - b));
  const oneMinusBeta1 = oneMinus(config.beta1, beta1);
  // The step boundary for arithmetics that need one (WGSL's regrouping model), and optax/Keras's βᵗ.
  const pow1 = A.pow(beta1, t);
  const common = {
    lr: A.const(lr),
    negLr: A.const(-lr),
    beta1,
    beta2,
    oneMinusBeta1,
    // torch `lerp_` with weight w = 1−β1 uses w − 1 on one branch.
    oneMinusBeta1MinusOne: A.sub(oneMinusBeta1, one),
    oneMinusBeta2: oneMinus(config.beta2, beta2),
    eps: A.const(config.eps),
    epsRoot: A.const(config.epsRoot),
    weightDecay: A.const(wd),
  };
  if (profile.betaPower === 'float64') {
    // Python's `beta ** step` (glibc pow, correctly rounded); JavaScript's ** is not (0.9 ** 4).
    const bc1 = 1 - powFloat64(config.beta1, t);
    const bc2 = 1 - powFloat64(config.beta2, t);
    const bc1Next = 1 - powFloat64(config.beta1, t + 1);
    return {
      ...common,
      decayFactor: A.const(1 - lr * wd),
      negStepSize: A.const(-(lr / bc1)),
      bc2Sqrt: A.const(Math.sqrt(bc2)),
      bc1: A.const(bc1),
      bc2: A.const(bc2),
      bc1Next: A.const(bc1Next),
      rbc1: A.const(1 / bc1),
      rbc2: A.const(1 / bc2),
      rbc1Next: A.const(1 / bc1Next),
      alpha: A.const((lr * Math.sqrt(bc2)) / bc1),
    };
  }
  const power = (b: T, n: number) => (profile.betaPower === 'pow' ? (b === beta1 && n === t ? pow1 : A.pow(b, n)) : betaPowerProduct(A, b, n));
  const bc1 = A.sub(one, power(beta1, t));
  const bc2 = A.sub(one, power(beta2, t));
  const bc1Next = A.sub(one, power(beta1, t + 1));
  const lrT = common.lr;
  const bc2Sqrt = A.sqrt(bc2);
  return {
    ...common,
    decayFactor: A.sub(one, A.mul(lrT, common.weightDecay)),
    negStepSize: A.neg(A.div(lrT, bc1)),
    bc2Sqrt,
    bc1,
    bc2,
    bc1Next,
    rbc1: A.div(one, bc1),
    rbc2: A.div(one, bc2),
    rbc1Next: A.div(one, bc1Next),
    // TF1 ApplyAdam and Keras 3: lr * sqrt(1 - beta2_power) / (1 - beta1_power), left to right.
    alpha: A.div(A.mul(lrT, bc2Sqrt), bc1),
  };
}
