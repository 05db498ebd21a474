/**
 * Framework presets for SGD (with momentum), as data: defaults, argument names, slot names, numerics
 * profile, provenance. Every framework here ships SGD and heavy-ball momentum; TF1 and TF.js as two
 * optimizers (GradientDescent/sgd and Momentum/momentum), which one preset covers: giving `momentum`
 * selects the momentum optimizer (whose buffer always exists), see `framework-args.ts`.
 */
import type { Preset as GenericPreset } from '../../contract/descriptor.js';
import { IEEE, TORCH_CPU, XLA_CPU } from '../../numerics/framework-accuracy.js';
import { SGD_NO_FUSION, type SgdConfig, type SgdProfile, type SgdSlot } from './config.js';

export const SGD_PRESET_NAMES = ['torch', 'keras3', 'tf1', 'tfjs', 'optax'] as const;
export type SgdPresetName = (typeof SGD_PRESET_NAMES)[number];
export type SgdPreset = GenericPreset<SgdConfig, SgdSlot, SgdProfile> & { readonly name: SgdPresetName };

const BASE: SgdConfig = {
  lr: 0.01,
  momentum: 0,
  dampening: 0,
  weightDecay: 0,
  nesterov: false,
  maximize: false,
  weightDecayMode: 'none',
  momentumForm: 'lr-outside',
  firstBuffer: 'zeros',
  alwaysAllocateMomentum: false,
};

/** Correctly rounded, unfused: TF.js's cpu backend. */
export const SGD_IEEE_PROFILE: SgdProfile = {
  fused: SGD_NO_FUSION,
  nesterovLr: 'after-sum',
  subnormals: 'preserve',
  float32Scalars: [],
  accuracy: { float32: IEEE, float64: IEEE },
};
const TENSORFLOW: SgdProfile = { ...SGD_IEEE_PROFILE, subnormals: 'flush' };

const PRESET_DATA: Readonly<Record<SgdPresetName, Omit<SgdPreset, 'optimizer'>>> = {
  torch: {
    name: 'torch',
    title: 'PyTorch torch.optim.SGD',
    provenance: { kind: 'golden', traceFramework: 'torch' },
    defaults: { ...BASE, lr: 1e-3, weightDecayMode: 'coupled', firstBuffer: 'gradient' },
    args: { lr: 'lr', momentum: 'momentum', dampening: 'dampening', weightDecay: 'weight_decay', nesterov: 'nesterov', maximize: 'maximize' },
    slotNames: { momentum: 'momentum_buffer' },
    profile: {
      ...SGD_IEEE_PROFILE,
      fused: { weightDecay: true, momentumBuffer: true, nesterov: true, apply: true },
      accuracy: { float32: TORCH_CPU, float64: TORCH_CPU },
    },
    notes: [
      'The first momentum buffer is a clone of the first gradient (after weight decay), dampening not applied.',
      'Every site is an fma: add(alpha=…) fuses, so even plain SGD is fma(g, −lr, p), not p − lr·g.',
      'nesterov requires momentum > 0 and dampening = 0 (torch raises otherwise).',
    ],
  },
  keras3: {
    name: 'keras3',
    title: 'Keras 3 keras.optimizers.SGD',
    provenance: { kind: 'golden', traceFramework: 'keras' },
    defaults: { ...BASE, lr: 0.01, weightDecayMode: 'decoupled', momentumForm: 'velocity' },
    args: { lr: 'learning_rate', momentum: 'momentum', nesterov: 'nesterov', weightDecay: 'weight_decay' },
    slotNames: { momentum: 'momentum' },
    profile: { ...TENSORFLOW, float32Scalars: ['lr', 'weightDecay', 'momentum'] },
    notes: [
      'lr inside the buffer (a velocity): b ← μ·b − lr·g, p ← p + b; with a changing lr it departs from torch/TF.js/optax.',
      'weight_decay is decoupled: p ← p − (p·wd)·lr before the step.',
      'lr, weight_decay and momentum are float32 even for float64 variables (`ops.cast(0.9, float64)` goes through a float32 tensor).',
    ],
  },
  tf1: {
    name: 'tf1',
    title: 'TensorFlow 1 GradientDescentOptimizer / MomentumOptimizer (raw ApplyGradientDescent, ApplyMomentum)',
    provenance: { kind: 'golden', traceFramework: 'tf1' },
    defaults: { ...BASE },
    args: { lr: 'learning_rate', momentum: 'momentum', nesterov: 'use_nesterov' },
    slotNames: { momentum: 'momentum' },
    profile: { ...TENSORFLOW, nesterovLr: 'distributed' },
    notes: [
      'learning_rate is required (no default; 0.01 here). Giving momentum selects MomentumOptimizer, whose slot exists even at μ = 0.',
      'Nesterov distributes lr: p ← p − (g·lr + (a·μ)·lr), not p − lr·(g + μ·a) as TF.js and optax do.',
      'No weight decay, no dampening.',
    ],
  },
  tfjs: {
    name: 'tfjs',
    title: 'TensorFlow.js tf.train.sgd / tf.train.momentum',
    provenance: { kind: 'golden', traceFramework: 'tfjs' },
    defaults: { ...BASE },
    args: { lr: 'learningRate', momentum: 'momentum', nesterov: 'useNesterov' },
    slotNames: { momentum: 'momentum' },
    profile: SGD_IEEE_PROFILE,
    notes: [
      'learningRate is required (no default; 0.01 here). Giving momentum selects tf.train.momentum, whose slot exists even at μ = 0.',
      'No weight decay, no dampening.',
    ],
  },
  optax: {
    name: 'optax',
    title: 'optax.sgd (JAX)',
    provenance: { kind: 'golden', traceFramework: 'optax' },
    defaults: { ...BASE },
    args: { lr: 'learning_rate', momentum: 'momentum', nesterov: 'nesterov' },
    slotNames: { momentum: 'trace' },
    profile: { ...SGD_IEEE_PROFILE, subnormals: 'flush', accuracy: { float32: XLA_CPU, float64: XLA_CPU } },
    notes: [
      'learning_rate is required (no default; 0.01 here). momentum=None has no trace; momentum=0.0 keeps a trace that decays by 0.',
      'No weight decay (chain optax.add_decayed_weights). Under jax.jit XLA fuses p − lr·g into one fma: golden vectors are eager.',
    ],
  },
};

export const SGD_PRESETS: Readonly<Record<SgdPresetName, SgdPreset>> = Object.freeze(
  Object.fromEntries(SGD_PRESET_NAMES.map((n) => [n, Object.freeze({ optimizer: 'sgd', ...PRESET_DATA[n] })])) as Record<SgdPresetName, SgdPreset>,
);
