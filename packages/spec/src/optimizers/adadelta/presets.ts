/** Framework presets for Adadelta, as data. Every framework here ships Adadelta. */
import type { Preset as GenericPreset } from '../../contract/descriptor.js';
import { IEEE, TF_EIGEN_RSQRT_CPU, TORCH_CPU, XLA_CPU } from '../../numerics/framework-accuracy.js';
import { ADADELTA_NO_FUSION, type AdadeltaConfig, type AdadeltaProfile, type AdadeltaSlot } from './config.js';

export const ADADELTA_PRESET_NAMES = ['torch', 'keras3', 'tf1', 'tfjs', 'optax'] as const;
export type AdadeltaPresetName = (typeof ADADELTA_PRESET_NAMES)[number];
export type AdadeltaPreset = GenericPreset<AdadeltaConfig, AdadeltaSlot, AdadeltaProfile> & { readonly name: AdadeltaPresetName };

const BASE: AdadeltaConfig = {
  lr: 1e-3,
  rho: 0.95,
  eps: 1e-7,
  weightDecay: 0,
  denominator: 'updated',
  weightDecayMode: 'none',
  maximize: false,
  scaleByLearningRate: true,
  oneMinusRhoInDtype: false,
};

export const ADADELTA_IEEE_PROFILE: AdadeltaProfile = {
  fused: ADADELTA_NO_FUSION,
  deltaOrder: 'ratio',
  subnormals: 'preserve',
  float32Scalars: [],
  accuracy: { float32: IEEE, float64: IEEE },
};

const PRESET_DATA: Readonly<Record<AdadeltaPresetName, Omit<AdadeltaPreset, 'optimizer'>>> = {
  torch: {
    name: 'torch',
    title: 'PyTorch torch.optim.Adadelta',
    provenance: { kind: 'golden', traceFramework: 'torch' },
    defaults: { ...BASE, lr: 1.0, rho: 0.9, eps: 1e-6, weightDecayMode: 'coupled' },
    args: { lr: 'lr', rho: 'rho', eps: 'eps', weightDecay: 'weight_decay', maximize: 'maximize' },
    slotNames: { gradSquareAvg: 'square_avg', deltaSquareAvg: 'acc_delta' },
    profile: {
      ...ADADELTA_IEEE_PROFILE,
      fused: { weightDecay: true, gradSquareAvg: true, deltaSquareAvg: true, apply: true },
      accuracy: { float32: TORCH_CPU, float64: TORCH_CPU },
    },
    notes: [
      'lr defaults to 1.0 and multiplies δ: the same name elsewhere means a step 1000× smaller (lr 1e-3).',
      'Both averages are addcmul fmas, the final step fma(δ, −lr, p); both roots are MKL sqrt (within 1 ulp).',
    ],
  },
  keras3: {
    name: 'keras3',
    title: 'Keras 3 keras.optimizers.Adadelta',
    provenance: { kind: 'golden', traceFramework: 'keras' },
    defaults: { ...BASE, weightDecayMode: 'decoupled' },
    args: { lr: 'learning_rate', rho: 'rho', eps: 'epsilon', weightDecay: 'weight_decay' },
    slotNames: { gradSquareAvg: 'accumulated_grad', deltaSquareAvg: 'accumulated_delta_var' },
    profile: { ...ADADELTA_IEEE_PROFILE, deltaOrder: 'grad-first', subnormals: 'flush', float32Scalars: ['lr', 'weightDecay'] },
    notes: ['δ = −(√(E_x + ε)·g)/√(E_g + ε): g multiplies before the division.'],
  },
  tf1: {
    name: 'tf1',
    title: 'TensorFlow 1 AdadeltaOptimizer (raw ApplyAdadelta)',
    provenance: { kind: 'golden', traceFramework: 'tf1' },
    defaults: { ...BASE, eps: 1e-8, oneMinusRhoInDtype: true },
    args: { lr: 'learning_rate', rho: 'rho', eps: 'epsilon' },
    slotNames: { gradSquareAvg: 'accum', deltaSquareAvg: 'accum_update' },
    profile: {
      ...ADADELTA_IEEE_PROFILE,
      deltaOrder: 'rsqrt-ratio',
      subnormals: 'flush',
      accuracy: { float32: TF_EIGEN_RSQRT_CPU, float64: TF_EIGEN_RSQRT_CPU },
    },
    notes: [
      'δ = (√(E_x + ε)·rsqrt(E_g + ε))·g with Eigen’s packet rsqrt (within 2 ulp, CPU dependent): not reproducible to the bit.',
      '1−ρ is computed in float32 from ρ (1 ⊖ 0.95f), eps defaults to 1e-8.',
    ],
  },
  tfjs: {
    name: 'tfjs',
    title: 'TensorFlow.js tf.train.adadelta',
    provenance: { kind: 'golden', traceFramework: 'tfjs' },
    defaults: { ...BASE, denominator: 'previous' },
    args: { lr: 'learningRate', rho: 'rho', eps: 'epsilon' },
    slotNames: { gradSquareAvg: 'accum_grad', deltaSquareAvg: 'accum_var' },
    profile: ADADELTA_IEEE_PROFILE,
    notes: [
      'δ divides by the PREVIOUS E_g: the first step is exactly p − lr·g, and g = 1e20 moves p by lr·1e20 before turning NaN.',
      'epsilon defaults to the backend epsilon (1e-7 in float32), read once in the constructor.',
    ],
  },
  optax: {
    name: 'optax',
    title: 'optax.adadelta (JAX)',
    provenance: { kind: 'golden', traceFramework: 'optax' },
    defaults: { ...BASE, rho: 0.9, eps: 1e-6, lr: 1, scaleByLearningRate: false, weightDecayMode: 'coupled' },
    args: { lr: 'learning_rate', rho: 'rho', eps: 'eps', weightDecay: 'weight_decay' },
    slotNames: { gradSquareAvg: 'e_g', deltaSquareAvg: 'e_x' },
    profile: { ...ADADELTA_IEEE_PROFILE, subnormals: 'flush', accuracy: { float32: XLA_CPU, float64: XLA_CPU } },
    notes: [
      'learning_rate defaults to None, which scales by nothing and flips no sign: p ← p + δ climbs the gradient.',
      'weight_decay is added to the gradient before the averages (coupled).',
    ],
  },
};

export const ADADELTA_PRESETS: Readonly<Record<AdadeltaPresetName, AdadeltaPreset>> = Object.freeze(
  Object.fromEntries(ADADELTA_PRESET_NAMES.map((n) => [n, Object.freeze({ optimizer: 'adadelta', ...PRESET_DATA[n] })])) as Record<AdadeltaPresetName, AdadeltaPreset>,
);
