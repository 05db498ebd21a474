/**
 * AdamW presets, as data. AdamW is Adam (`../adam`: same config, flags, scalars and element step) with a
 * decoupled weight decay, and each framework decays in its own order:
 * torch p·(1 − lr·wd) · Keras 3 p − (p·wd)·lr · optax p − lr·(u + wd·p).
 *
 * Not every framework ships it: **TF1 has no AdamW op** (no raw training op decays; tf.contrib's
 * AdamWOptimizer is gone from TF 2) and **TF.js has no AdamW** (tf.train has sgd, momentum, adagrad,
 * adadelta, adam, adamax and rmsprop), so there is no tf1 or tfjs preset.
 */
import type { Preset as GenericPreset } from '../../contract/descriptor.js';
import type { AdamConfig, AdamProfile, AdamSlot } from '../adam/config.js';
import {
  ADAM_BASE,
  KERAS3_ADAM_PROFILE,
  KERAS_ADAM_SLOTS,
  OPTAX_ADAM_PROFILE,
  OPTAX_ADAM_SLOTS,
  TORCH_ADAM_PROFILE,
  TORCH_ADAM_SLOTS,
} from '../adam/presets.js';

export const ADAMW_PRESET_NAMES = ['torch', 'keras3', 'optax'] as const;
export type AdamwPresetName = (typeof ADAMW_PRESET_NAMES)[number];
export type AdamwPreset = GenericPreset<AdamConfig, AdamSlot, AdamProfile>;

const PRESET_DATA: Readonly<Record<AdamwPresetName, Omit<AdamwPreset, 'optimizer'>>> = {
  torch: {
    name: 'torch',
    title: 'PyTorch torch.optim.AdamW',
    provenance: { kind: 'golden', traceFramework: 'torch' },
    defaults: { ...ADAM_BASE, eps: 1e-8, weightDecay: 1e-2, weightDecayMode: 'decoupled-scale' },
    args: { lr: 'lr', beta1: 'betas[0]', beta2: 'betas[1]', eps: 'eps', weightDecay: 'weight_decay', amsgrad: 'amsgrad', maximize: 'maximize' },
    slotNames: TORCH_ADAM_SLOTS,
    profile: TORCH_ADAM_PROFILE,
    notes: [
      'p ← p·(1 − lr·wd) before the moments, 1 − lr·wd a Python float rounded once; weight_decay defaults to 1e-2.',
      'Otherwise torch’s Adam: ε after the correction, lerp_/addcmul_ fused, AMSGrad on the raw v.',
    ],
  },
  keras3: {
    name: 'keras3',
    title: 'Keras 3 keras.optimizers.AdamW',
    provenance: { kind: 'golden', traceFramework: 'keras' },
    defaults: { ...ADAM_BASE, epsPlacement: 'uncorrected', momentForm: 'increment', weightDecay: 0.004, weightDecayMode: 'decoupled' },
    args: { lr: 'learning_rate', beta1: 'beta_1', beta2: 'beta_2', eps: 'epsilon', amsgrad: 'amsgrad', weightDecay: 'weight_decay' },
    slotNames: KERAS_ADAM_SLOTS,
    profile: KERAS3_ADAM_PROFILE,
    notes: [
      'Keras 3 AdamW is its Adam with weight_decay = 0.004: p ← p − (p·wd)·lr in float32, before the step.',
      'ε-hat (uncorrected √v + ε), like Keras Adam.',
    ],
  },
  optax: {
    name: 'optax',
    title: 'optax.adamw (JAX)',
    provenance: { kind: 'golden', traceFramework: 'optax' },
    defaults: { ...ADAM_BASE, eps: 1e-8, weightDecay: 1e-4, weightDecayMode: 'decoupled-update', amsgradMaximum: 'corrected', nesterovForm: 'optax' },
    args: { lr: 'learning_rate', beta1: 'b1', beta2: 'b2', eps: 'eps', epsRoot: 'eps_root', nesterov: 'nesterov', weightDecay: 'weight_decay' },
    slotNames: OPTAX_ADAM_SLOTS,
    profile: OPTAX_ADAM_PROFILE,
    notes: [
      'chain(scale_by_adam, add_decayed_weights(wd), scale_by_learning_rate(lr)): p ← p + (−lr)·(u + wd·p); weight_decay defaults to 1e-4.',
      '`mask` removes only the decay (not supported here: every parameter is decayed).',
    ],
  },
};

export const ADAMW_PRESETS: Readonly<Record<AdamwPresetName, AdamwPreset>> = Object.freeze(
  Object.fromEntries(ADAMW_PRESET_NAMES.map((n) => [n, Object.freeze({ optimizer: 'adamw', ...PRESET_DATA[n] })])) as Record<AdamwPresetName, AdamwPreset>,
);
