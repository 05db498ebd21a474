/**
 * Framework presets for Adam, as data: each framework's Adam is a config (its defaults), a numerics
 * profile (op order, fused sites, βᵗ form, declared accuracy), its own argument names and slot names.
 * AdamW's presets (`../adamw/presets.ts`) are built from these profiles.
 *
 * Every preset here is 'golden': checked step by step against traces recorded from the real framework
 * (packages/conformance/golden/<framework>/<framework>_adam_*.json).
 */
import type { Preset as GenericPreset } from '../../contract/descriptor.js';
import { IEEE, TORCH_CPU, XLA_CPU } from '../../numerics/framework-accuracy.js';
import { NO_ADAM_FUSION, type AdamConfig, type AdamProfile, type AdamSlot } from './config.js';

export const ADAM_PRESET_NAMES = ['torch', 'keras3', 'tf1', 'tfjs', 'optax'] as const;
export type AdamPresetName = (typeof ADAM_PRESET_NAMES)[number];

export type AdamPreset = GenericPreset<AdamConfig, AdamSlot, AdamProfile>;

export const ADAM_BASE: AdamConfig = {
  lr: 1e-3,
  beta1: 0.9,
  beta2: 0.999,
  eps: 1e-7,
  epsRoot: 0,
  weightDecay: 0,
  epsPlacement: 'corrected',
  amsgrad: false,
  amsgradMaximum: 'raw',
  nesterov: false,
  nesterovForm: 'tf1',
  weightDecayMode: 'none',
  maximize: false,
  momentForm: 'ema',
  oneMinusBetaInDtype: false,
};

/**
 * torch CPU, `_single_tensor_adam` (foreach=False, the CPU default; the foreach path gives the same bits):
 * m ← lerp_(g, 1−β1), v ← mul_(β2).addcmul_(g, g, value=1−β2), coupled decay `grad.add(param, alpha=wd)`,
 * βᵗ and the step size in Python floats, sqrt from MKL (within 1 ulp).
 */
export const TORCH_ADAM_PROFILE: AdamProfile = {
  fused: { weightDecay: true, secondMoment: true },
  betaPower: 'float64',
  correctionSite: 'step-size',
  firstMomentUpdate: 'lerp',
  subnormals: 'preserve',
  float32Scalars: [],
  accuracy: { float32: TORCH_CPU, float64: TORCH_CPU },
};

/** TensorFlow's CPU kernels (TF1 raw ops): IEEE, FTZ + DAZ, β powers as running float32-style products. */
const TF1_ADAM_PROFILE: AdamProfile = {
  fused: NO_ADAM_FUSION,
  betaPower: 'product',
  correctionSite: 'step-size', // not read: ε is uncorrected (α folds the corrections)
  firstMomentUpdate: 'like-second',
  subnormals: 'flush',
  float32Scalars: [],
  accuracy: { float32: IEEE, float64: IEEE },
};

/**
 * Keras 3 on TensorFlow: TF's kernels, `ops.power` for βᵗ, learning_rate and weight_decay in float32
 * variables, and β1, β2 float32 even in a float64 run: `ops.cast(self.beta_1, float64)` converts the Python
 * float to a float32 tensor first (0.999 → 0.9990000128746033). 1 − β is a Python double either way.
 */
export const KERAS3_ADAM_PROFILE: AdamProfile = { ...TF1_ADAM_PROFILE, betaPower: 'pow', float32Scalars: ['lr', 'weightDecay', 'beta1', 'beta2'] };

const TFJS_ADAM_PROFILE: AdamProfile = {
  fused: NO_ADAM_FUSION,
  betaPower: 'product',
  correctionSite: 'divide',
  firstMomentUpdate: 'like-second',
  subnormals: 'preserve',
  float32Scalars: [],
  accuracy: { float32: IEEE, float64: IEEE },
};

/** optax eager on XLA CPU: scale_by_adam, then scale(−lr); the jitted bias correction multiplies by 1/(1−βᵗ). */
export const OPTAX_ADAM_PROFILE: AdamProfile = {
  fused: NO_ADAM_FUSION,
  betaPower: 'pow',
  correctionSite: 'reciprocal',
  firstMomentUpdate: 'like-second',
  subnormals: 'flush',
  float32Scalars: [],
  accuracy: { float32: XLA_CPU, float64: XLA_CPU },
};

export const TORCH_ADAM_SLOTS = { firstMoment: 'exp_avg', secondMoment: 'exp_avg_sq', maxSecondMoment: 'max_exp_avg_sq' } as const;
export const KERAS_ADAM_SLOTS = { firstMoment: 'momentum', secondMoment: 'velocity', maxSecondMoment: 'velocity_hat' } as const;
export const OPTAX_ADAM_SLOTS = { firstMoment: 'mu', secondMoment: 'nu', maxSecondMoment: 'nu_max' } as const;

const PRESET_DATA: Readonly<Record<AdamPresetName, Omit<AdamPreset, 'optimizer'>>> = {
  torch: {
    name: 'torch',
    title: 'PyTorch torch.optim.Adam',
    provenance: { kind: 'golden', traceFramework: 'torch' },
    defaults: { ...ADAM_BASE, eps: 1e-8, weightDecayMode: 'coupled' },
    args: {
      lr: 'lr',
      beta1: 'betas[0]',
      beta2: 'betas[1]',
      eps: 'eps',
      weightDecay: 'weight_decay',
      amsgrad: 'amsgrad',
      maximize: 'maximize',
      weightDecayMode: 'decoupled_weight_decay',
    },
    slotNames: TORCH_ADAM_SLOTS,
    profile: TORCH_ADAM_PROFILE,
    notes: [
      'ε after the correction, in torch’s order: (m·(−lr/(1−β1ᵗ)))/(√v/√(1−β2ᵗ) + ε), the scalars in Python doubles.',
      'weight_decay is L2 in the gradient (coupled), fused as fma(p, wd, g); decoupled_weight_decay=True is AdamW.',
      'AMSGrad keeps the maximum of the raw v (max_exp_avg_sq). No nesterov (that is torch.optim.NAdam).',
      'm is `lerp_` (one fma), v is `addcmul_` (one fma); the CPU sqrt (MKL) is within 1 ulp. Recorded with foreach=False (the CPU default); the foreach path gives the same bits.',
      'With g = 1e20 v stays finite ((1−β2)·g·g = 1e37 in one fma) and p keeps moving by ≈ lr per step.',
    ],
  },
  keras3: {
    name: 'keras3',
    title: 'Keras 3 keras.optimizers.Adam',
    provenance: { kind: 'golden', traceFramework: 'keras' },
    defaults: { ...ADAM_BASE, epsPlacement: 'uncorrected', momentForm: 'increment', weightDecayMode: 'decoupled' },
    args: { lr: 'learning_rate', beta1: 'beta_1', beta2: 'beta_2', eps: 'epsilon', amsgrad: 'amsgrad', weightDecay: 'weight_decay' },
    slotNames: KERAS_ADAM_SLOTS,
    profile: KERAS3_ADAM_PROFILE,
    notes: [
      'ε-hat: α = lr·√(1−β2ᵗ)/(1−β1ᵗ) is folded into the learning rate and ε is added to the uncorrected √v (like TF1), ε = 1e-7.',
      'βᵗ = ops.power(β, t) on float32 scalars (glibc powf), 1−β from Python doubles.',
      'weight_decay is decoupled (p ← p − p·wd·lr, like AdamW), not torch’s L2. AMSGrad on the raw v (velocity_hat).',
      'm ← m + (g − m)(1−β1), v ← v + (g² − v)(1−β2): with g = 1e20, v = ∞ at step 1 and NaN at step 2.',
    ],
  },
  tf1: {
    name: 'tf1',
    title: 'TensorFlow 1 AdamOptimizer / raw ApplyAdam, ApplyAdamWithAmsgrad',
    provenance: { kind: 'golden', traceFramework: 'tf1' },
    defaults: { ...ADAM_BASE, eps: 1e-8, epsPlacement: 'uncorrected', momentForm: 'increment', oneMinusBetaInDtype: true },
    args: { lr: 'learning_rate', beta1: 'beta1', beta2: 'beta2', eps: 'epsilon', nesterov: 'use_nesterov' },
    slotNames: { firstMoment: 'm', secondMoment: 'v', maxSecondMoment: 'vhat' },
    profile: TF1_ADAM_PROFILE,
    notes: [
      'ε-hat: α = lr·√(1−β2ᵖ)/(1−β1ᵖ) with β1ᵖ, β2ᵖ the running products the caller keeps (AdamOptimizer’s beta1_power: β, then ×β after each step).',
      '1−β is computed in the dtype (1 − 0.9f = 0.100000024), not from a double.',
      'use_nesterov: the numerator is g·(1−β1) + β1·m. ApplyAdamWithAmsgrad: vhat ← max(vhat, v).',
      'No weight decay, and no AdamW op.',
    ],
  },
  tfjs: {
    name: 'tfjs',
    title: 'TensorFlow.js tf.train.adam',
    provenance: { kind: 'golden', traceFramework: 'tfjs' },
    defaults: { ...ADAM_BASE },
    args: { lr: 'learningRate', beta1: 'beta1', beta2: 'beta2', eps: 'epsilon' },
    slotNames: { firstMoment: 'm', secondMoment: 'v', maxSecondMoment: 'vhat' },
    profile: TFJS_ADAM_PROFILE,
    notes: [
      'ε after the correction: m̂ = m/(1−β1ᵖ), v̂ = v/(1−β2ᵖ), p ← p + (m̂/(√v̂ + ε))·(−lr), ε = the backend epsilon (1e-7 in float32).',
      'β1ᵖ, β2ᵖ are float32 running products, one pair per optimizer, advanced once per applyGradients.',
      'No amsgrad, no nesterov, no weight decay, and no AdamW.',
    ],
  },
  optax: {
    name: 'optax',
    title: 'optax.adam / optax.amsgrad (JAX)',
    provenance: { kind: 'golden', traceFramework: 'optax' },
    defaults: { ...ADAM_BASE, eps: 1e-8, amsgradMaximum: 'corrected', nesterovForm: 'optax' },
    args: { lr: 'learning_rate', beta1: 'b1', beta2: 'b2', eps: 'eps', epsRoot: 'eps_root', nesterov: 'nesterov' },
    slotNames: OPTAX_ADAM_SLOTS,
    profile: OPTAX_ADAM_PROFILE,
    notes: [
      'ε after the correction: m̂ = m·(1/(1−β1ᵗ)), v̂ = v·(1/(1−β2ᵗ)) (XLA’s reciprocal), u = m̂/(√(v̂ + ε_root) + ε), p ← p + (−lr)·u.',
      'optax.amsgrad keeps the maximum of the bias-corrected v̂ (nu_max), not of v as torch, Keras and TF1 do.',
      'nesterov=True is Dozat’s NAdam: m̂ = β1·m/(1−β1ᵗ⁺¹) + (1−β1)·g/(1−β1ᵗ).',
      'βᵗ via XLA’s pow (≤ 40 ulp measured); subnormals flushed. Under jax.jit XLA also fuses a·b + c: golden vectors are eager.',
    ],
  },
};

/** The presets, in display order, each tagged with its optimizer. */
export const ADAM_PRESETS: Readonly<Record<AdamPresetName, AdamPreset>> = Object.freeze(
  Object.fromEntries(ADAM_PRESET_NAMES.map((n) => [n, Object.freeze({ optimizer: 'adam', ...PRESET_DATA[n] })])) as Record<AdamPresetName, AdamPreset>,
);
