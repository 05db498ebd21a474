/** Framework presets for Adagrad, as data. Every framework here ships Adagrad. */
import type { Preset as GenericPreset } from '../../contract/descriptor.js';
import { IEEE, TF_EIGEN_RSQRT_CPU, TORCH_CPU, XLA_CPU } from '../../numerics/framework-accuracy.js';
import { ADAGRAD_NO_FUSION, type AdagradConfig, type AdagradProfile, type AdagradSlot } from './config.js';

export const ADAGRAD_PRESET_NAMES = ['torch', 'keras3', 'tf1', 'tfjs', 'optax'] as const;
export type AdagradPresetName = (typeof ADAGRAD_PRESET_NAMES)[number];
export type AdagradPreset = GenericPreset<AdagradConfig, AdagradSlot, AdagradProfile> & { readonly name: AdagradPresetName };

const BASE: AdagradConfig = {
  lr: 0.01,
  eps: 1e-7,
  initialAccumulator: 0.1,
  lrDecay: 0,
  weightDecay: 0,
  epsPlacement: 'inside',
  weightDecayMode: 'none',
  maximize: false,
};

export const ADAGRAD_IEEE_PROFILE: AdagradProfile = {
  fused: ADAGRAD_NO_FUSION,
  lrSite: 'numerator',
  root: 'sqrt',
  subnormals: 'preserve',
  float32Scalars: [],
  accuracy: { float32: IEEE, float64: IEEE },
};

const PRESET_DATA: Readonly<Record<AdagradPresetName, Omit<AdagradPreset, 'optimizer'>>> = {
  torch: {
    name: 'torch',
    title: 'PyTorch torch.optim.Adagrad',
    provenance: { kind: 'golden', traceFramework: 'torch' },
    defaults: { ...BASE, lr: 1e-2, eps: 1e-10, initialAccumulator: 0, epsPlacement: 'outside', weightDecayMode: 'coupled' },
    args: {
      lr: 'lr',
      lrDecay: 'lr_decay',
      weightDecay: 'weight_decay',
      initialAccumulator: 'initial_accumulator_value',
      eps: 'eps',
      maximize: 'maximize',
    },
    slotNames: { accumulator: 'sum' },
    profile: {
      ...ADAGRAD_IEEE_PROFILE,
      fused: { weightDecay: true, accumulate: true },
      accuracy: { float32: TORCH_CPU, float64: TORCH_CPU },
    },
    notes: [
      'The accumulator starts at 0 (everyone else: 0.1), eps 1e-10 outside the root.',
      'lr_decay: step t uses lr / (1 + (t − 1)·lr_decay). The sum is fma(g, g, s) (addcmul); the final addcdiv is not fused.',
      'The CPU sqrt (MKL) is within 1 ulp, not correctly rounded.',
    ],
  },
  keras3: {
    name: 'keras3',
    title: 'Keras 3 keras.optimizers.Adagrad',
    provenance: { kind: 'golden', traceFramework: 'keras' },
    defaults: { ...BASE, lr: 1e-3, weightDecayMode: 'decoupled' },
    args: { lr: 'learning_rate', initialAccumulator: 'initial_accumulator_value', eps: 'epsilon', weightDecay: 'weight_decay' },
    slotNames: { accumulator: 'accumulator' },
    profile: { ...ADAGRAD_IEEE_PROFILE, subnormals: 'flush', float32Scalars: ['lr', 'weightDecay'] },
    notes: ['eps 1e-7 inside the root; weight_decay decoupled: p ← p − (p·wd)·lr before the step.'],
  },
  tf1: {
    name: 'tf1',
    title: 'TensorFlow 1 AdagradOptimizer (raw ApplyAdagrad; ApplyAdagradV2 with epsilon)',
    provenance: { kind: 'golden', traceFramework: 'tf1' },
    defaults: { ...BASE, eps: 0, epsPlacement: 'none' },
    args: { lr: 'learning_rate', initialAccumulator: 'initial_accumulator_value', eps: 'epsilon' },
    slotNames: { accumulator: 'accumulator' },
    profile: { ...ADAGRAD_IEEE_PROFILE, root: 'rsqrt', subnormals: 'flush', accuracy: { float32: TF_EIGEN_RSQRT_CPU, float64: TF_EIGEN_RSQRT_CPU } },
    notes: [
      'ApplyAdagrad has no eps: p ← p − (g·lr)·rsqrt(s); with s = 0 and g = 0 that is 0·∞ = NaN.',
      'Eigen’s packet rsqrt is within 2 ulp, not correctly rounded, and CPU dependent: TF1 Adagrad cannot be reproduced to the bit.',
      'learning_rate is required (0.01 here). With epsilon given, ApplyAdagradV2: p ← p − (g·lr)/(√s + ε).',
    ],
  },
  tfjs: {
    name: 'tfjs',
    title: 'TensorFlow.js tf.train.adagrad',
    provenance: { kind: 'golden', traceFramework: 'tfjs' },
    defaults: { ...BASE },
    args: { lr: 'learningRate', initialAccumulator: 'initialAccumulatorValue' },
    slotNames: { accumulator: 'accumulator' },
    profile: { ...ADAGRAD_IEEE_PROFILE, lrSite: 'after-normalize' },
    notes: [
      'learningRate is required (0.01 here). eps is the backend epsilon (1e-7 in float32), read at every step, and cannot be set.',
      'p ← (g/√(s + ε))·(−lr) + p: lr multiplies after the division.',
    ],
  },
  optax: {
    name: 'optax',
    title: 'optax.adagrad (JAX)',
    provenance: { kind: 'golden', traceFramework: 'optax' },
    defaults: { ...BASE },
    args: { lr: 'learning_rate', initialAccumulator: 'initial_accumulator_value', eps: 'eps' },
    slotNames: { accumulator: 'sum_of_squares' },
    profile: {
      ...ADAGRAD_IEEE_PROFILE,
      lrSite: 'after-normalize',
      root: 'rsqrt',
      subnormals: 'flush',
      accuracy: { float32: XLA_CPU, float64: XLA_CPU },
    },
    notes: [
      'learning_rate is required (0.01 here). u = rsqrt(s + ε)·g with XLA’s rsqrt (within 2 ulp), then p ← p + (−lr)·u.',
      'optax writes 0 instead of rsqrt(s + ε) where s = 0; that changes nothing unless initial_accumulator_value = 0 and g² underflows to 0 while g ≠ 0.',
    ],
  },
};

export const ADAGRAD_PRESETS: Readonly<Record<AdagradPresetName, AdagradPreset>> = Object.freeze(
  Object.fromEntries(ADAGRAD_PRESET_NAMES.map((n) => [n, Object.freeze({ optimizer: 'adagrad', ...PRESET_DATA[n] })])) as Record<AdagradPresetName, AdagradPreset>,
);
