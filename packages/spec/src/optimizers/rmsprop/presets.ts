/**
 * Framework presets, as data: each framework's RMSprop is a config (its defaults), a numerics profile
 * (its op order, fused sites and declared accuracy), its own argument names and its own slot names.
 *
 * `provenance` says how we know: 'golden' presets are checked step by step against traces recorded
 * from the real framework (packages/conformance/golden); 'source' presets could not run here and are
 * derived from reading the named file of the framework's source.
 */
import type { Preset as GenericPreset } from '../../contract/descriptor.js';
import { IEEE, TORCH_CPU, XLA_CPU } from '../../numerics/framework-accuracy.js';
import { NO_FUSION, type RmspropConfig, type RmspropProfile, type RmspropSlot } from './config.js';

export const PRESET_NAMES = [
  'torch',
  'keras3',
  'tf1',
  'tfjs',
  'optax',
  'timm-tf',
  'caffe',
  'mxnet',
  'mxnet-graves',
  'lasagne',
  'textbook',
  'tutorial',
] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

/** An RMSprop preset: torch `alpha` = Keras `rho` = TF `decay` in `args`; slot names per framework. */
export type RmspropPreset = GenericPreset<RmspropConfig, RmspropSlot, RmspropProfile> & { readonly name: PresetName };

const BASE: RmspropConfig = {
  lr: 1e-3,
  rho: 0.9,
  eps: 1e-7,
  momentum: 0,
  weightDecay: 0,
  centered: false,
  epsPlacement: 'inside',
  initialMeanSquare: 0,
  momentumForm: 'lr-inside',
  nesterov: false,
  weightDecayMode: 'none',
  maximize: false,
  biasCorrection: false,
  meanSquareForm: 'ema',
  oneMinusRhoInDtype: false,
  alwaysAllocateMomentum: false,
};

/** Correctly rounded, unfused, sqrt-then-divide, lr in the numerator: the profile of a plain IEEE implementation. */
export const IEEE_PROFILE: RmspropProfile = {
  lrSite: 'numerator',
  root: 'sqrt',
  meanGradUpdate: 'like-mean-square',
  fused: NO_FUSION,
  subnormals: 'preserve',
  float32Scalars: [],
  accuracy: { float32: IEEE, float64: IEEE },
};

/** TensorFlow's CPU kernels: IEEE operations, but the threads run with FTZ + DAZ set. */
const TENSORFLOW_PROFILE: RmspropProfile = { ...IEEE_PROFILE, subnormals: 'flush' };

/** Keras 3 on TensorFlow: TF's kernels, with learning_rate and weight_decay held in float32 variables. */
const KERAS3_PROFILE: RmspropProfile = { ...TENSORFLOW_PROFILE, float32Scalars: ['lr', 'weightDecay'] };

const TORCH_PROFILE: RmspropProfile = {
  lrSite: 'numerator',
  root: 'sqrt',
  meanGradUpdate: 'lerp',
  fused: { weightDecay: true, meanSquare: true, meanGrad: false, centeredVariance: true, momentumApply: true },
  subnormals: 'preserve',
  float32Scalars: [],
  accuracy: { float32: TORCH_CPU, float64: TORCH_CPU },
};

const TF_SLOTS = { meanSquare: 'rms', meanGrad: 'mg', momentum: 'momentum' } as const;
const NO_SLOT_NAMES = { meanSquare: 'mean_square', meanGrad: 'mean_grad', momentum: 'momentum' } as const;

const PRESET_DATA: Readonly<Record<PresetName, Omit<RmspropPreset, 'optimizer'>>> = {
  torch: {
    name: 'torch',
    title: 'PyTorch torch.optim.RMSprop',
    provenance: { kind: 'golden', traceFramework: 'torch' },
    defaults: { ...BASE, lr: 1e-2, rho: 0.99, eps: 1e-8, epsPlacement: 'outside', momentumForm: 'lr-outside', weightDecayMode: 'coupled' },
    args: { lr: 'lr', rho: 'alpha', eps: 'eps', momentum: 'momentum', weightDecay: 'weight_decay', centered: 'centered', maximize: 'maximize' },
    slotNames: { meanSquare: 'square_avg', meanGrad: 'grad_avg', momentum: 'momentum_buffer' },
    profile: TORCH_PROFILE,
    notes: [
      'eps outside the square root: d = √v + ε (pytorch#23796).',
      'lr outside the momentum buffer: b ← μ·b + g/d, p ← p − lr·b (pytorch#32545).',
      'Three to five sites are fused multiply-adds; the CPU sqrt (MKL) is within 1 ulp, not correctly rounded.',
    ],
  },
  keras3: {
    name: 'keras3',
    title: 'Keras 3 keras.optimizers.RMSprop',
    provenance: { kind: 'golden', traceFramework: 'keras' },
    defaults: { ...BASE, lr: 1e-3, rho: 0.9, eps: 1e-7, weightDecayMode: 'decoupled' },
    args: { lr: 'learning_rate', rho: 'rho', eps: 'epsilon', momentum: 'momentum', weightDecay: 'weight_decay', centered: 'centered' },
    slotNames: { meanSquare: 'velocity', meanGrad: 'average_gradient', momentum: 'momentum' },
    profile: KERAS3_PROFILE,
    notes: [
      'eps inside the square root: d = √(v + ε).',
      'weight_decay is decoupled and applied before the step: p ← p − (p·wd)·lr.',
      'Neither TF1 nor torch: v starts at 0, eps inside, lr inside the momentum buffer.',
    ],
  },
  tf1: {
    name: 'tf1',
    title: 'TensorFlow 1 RMSPropOptimizer / raw ApplyRMSProp',
    provenance: { kind: 'golden', traceFramework: 'tf1' },
    defaults: {
      ...BASE,
      eps: 1e-10,
      initialMeanSquare: 1,
      meanSquareForm: 'increment',
      oneMinusRhoInDtype: true,
      alwaysAllocateMomentum: true,
    },
    args: { lr: 'learning_rate', rho: 'decay', eps: 'epsilon', momentum: 'momentum', centered: 'centered', initialMeanSquare: 'init_ms' },
    slotNames: TF_SLOTS,
    profile: TENSORFLOW_PROFILE,
    notes: [
      'The mean square starts at 1, so early steps are ≈ lr·g rather than torch’s ≈ lr·g/√(1−ρ)·… first step.',
      'v ← v + (g² − v)·(1−ρ) with 1−ρ in float32: with g = 1e20, v = inf at step 1 and NaN (inf − inf) at step 2.',
      'lr is required (no default); the TF1 optimizer class defaulted decay 0.9, eps 1e-10.',
    ],
  },
  tfjs: {
    name: 'tfjs',
    title: 'TensorFlow.js tf.train.rmsprop',
    provenance: { kind: 'golden', traceFramework: 'tfjs' },
    defaults: { ...BASE, epsPlacement: 'inside-subtracted', alwaysAllocateMomentum: true },
    args: { lr: 'learningRate', rho: 'decay', eps: 'epsilon', momentum: 'momentum', centered: 'centered' },
    slotNames: TF_SLOTS,
    profile: IEEE_PROFILE,
    notes: [
      'Centered subtracts eps: d = √(v − (m̄² + ε)); all-zero gradients give √(−ε) = NaN at step 1.',
      'Non-centered it is Keras 3’s math; eps defaults to the backend epsilon (1e-7 in float32).',
      'The momentum slot is always allocated, so a NaN in it persists even with momentum 0.',
    ],
  },
  optax: {
    name: 'optax',
    title: 'optax.rmsprop (JAX)',
    provenance: { kind: 'golden', traceFramework: 'optax' },
    defaults: { ...BASE, eps: 1e-8, momentumForm: 'optax-trace' },
    args: {
      lr: 'learning_rate',
      rho: 'decay',
      eps: 'eps',
      initialMeanSquare: 'initial_scale',
      epsPlacement: 'eps_in_sqrt',
      centered: 'centered',
      momentum: 'momentum',
      nesterov: 'nesterov',
      biasCorrection: 'bias_correction',
    },
    slotNames: { meanSquare: 'nu', meanGrad: 'mu', momentum: 'trace' },
    profile: {
      lrSite: 'after-normalize',
      root: 'rsqrt',
      meanGradUpdate: 'like-mean-square',
      fused: NO_FUSION,
      subnormals: 'flush',
      float32Scalars: [],
      accuracy: { float32: XLA_CPU, float64: XLA_CPU },
    },
    notes: [
      'd = 1/rsqrt(v + ε): XLA’s rsqrt is within 2 ulp. Under jax.jit XLA also fuses a·b + c: golden vectors are eager.',
      'Momentum is a separate `trace` transform: t ← −lr·g/d + μ·t (sign folded in).',
    ],
  },
  'timm-tf': {
    name: 'timm-tf',
    title: 'timm RMSpropTF (TF1 semantics in PyTorch)',
    provenance: { kind: 'source', repository: 'huggingface/pytorch-image-models', file: 'timm/optim/rmsprop_tf.py' },
    defaults: {
      ...BASE,
      lr: 1e-2,
      eps: 1e-10,
      initialMeanSquare: 1,
      meanSquareForm: 'increment',
      weightDecayMode: 'coupled',
    },
    args: { lr: 'lr', rho: 'alpha', eps: 'eps', momentum: 'momentum', weightDecay: 'weight_decay', centered: 'centered' },
    slotNames: { meanSquare: 'square_avg', meanGrad: 'grad_avg', momentum: 'momentum_buffer' },
    profile: {
      ...TORCH_PROFILE,
      meanGradUpdate: 'like-mean-square',
      fused: { weightDecay: true, meanSquare: true, meanGrad: true, centeredVariance: true, momentumApply: false },
    },
    notes: ['The community port of TF1’s RMSprop to PyTorch: ones init, eps inside, lr inside the momentum buffer.'],
  },
  caffe: {
    name: 'caffe',
    title: 'Caffe RMSPropSolver',
    provenance: { kind: 'source', repository: 'BVLC/caffe', file: 'src/caffe/solvers/rmsprop_solver.cpp' },
    defaults: { ...BASE, lr: 1e-2, rho: 0.99, eps: 1e-8, epsPlacement: 'outside', weightDecayMode: 'coupled' },
    args: { lr: 'base_lr', rho: 'rms_decay', eps: 'delta', weightDecay: 'weight_decay' },
    slotNames: { ...NO_SLOT_NAMES, meanSquare: 'history' },
    profile: { ...IEEE_PROFILE, lrSite: 'after-normalize' },
    notes: ['Refuses momentum ≠ 0. lr has no default (solver base_lr; 1e-2 used here).'],
  },
  mxnet: {
    name: 'mxnet',
    title: 'MXNet rmsprop (fused kernel)',
    provenance: { kind: 'source', repository: 'apache/mxnet', file: 'src/operator/optimizer_op-inl.h (RMSPropUpdate)' },
    defaults: { ...BASE, eps: 1e-8, weightDecayMode: 'coupled' },
    args: { lr: 'learning_rate', rho: 'rho', eps: 'epsilon', weightDecay: 'wd', centered: 'centered' },
    slotNames: { ...NO_SLOT_NAMES, meanSquare: 'n' },
    profile: IEEE_PROFILE,
    notes: ['The fused kernel puts eps inside the root; the Python step() path puts it outside: one class, two formulas.'],
  },
  'mxnet-graves': {
    name: 'mxnet-graves',
    title: 'MXNet rmsprop centered (Graves 2013, RMSPropAlexUpdate)',
    provenance: { kind: 'source', repository: 'apache/mxnet', file: 'src/operator/optimizer_op-inl.h (RMSPropAlexUpdate)' },
    defaults: { ...BASE, eps: 1e-8, centered: true, momentum: 0.9, momentumForm: 'graves', weightDecayMode: 'coupled' },
    args: { lr: 'learning_rate', rho: 'gamma1', momentum: 'gamma2', eps: 'epsilon', weightDecay: 'wd', centered: 'centered' },
    slotNames: { meanSquare: 'n', meanGrad: 'g', momentum: 'delta' },
    profile: IEEE_PROFILE,
    notes: ['Graves’ form: δ ← γ₂·δ − lr·g/√(n − ĝ² + ε), p ← p + δ.'],
  },
  lasagne: {
    name: 'lasagne',
    title: 'Lasagne lasagne.updates.rmsprop',
    provenance: { kind: 'source', repository: 'Lasagne/Lasagne', file: 'lasagne/updates.py' },
    defaults: { ...BASE, lr: 1.0, eps: 1e-6 },
    args: { lr: 'learning_rate', rho: 'rho', eps: 'epsilon' },
    slotNames: { ...NO_SLOT_NAMES, meanSquare: 'accu' },
    profile: IEEE_PROFILE,
    notes: ['Default learning rate 1.0.'],
  },
  textbook: {
    name: 'textbook',
    title: 'Textbook RMSprop (numpy, "deep learning from scratch" style)',
    provenance: { kind: 'source', repository: 'oreilly-japan/deep-learning-from-scratch', file: 'common/optimizer.py' },
    defaults: { ...BASE, lr: 1e-2, rho: 0.99, eps: 1e-7, epsPlacement: 'outside' },
    args: { lr: 'lr', rho: 'decay_rate' },
    slotNames: { ...NO_SLOT_NAMES, meanSquare: 'h' },
    // `h += (1 - decay_rate) * grads * grads` is ((1−ρ)·g)·g in numpy (left to right), float64, no fma.
    profile: { ...IEEE_PROFILE, squareProduct: 'scale-then-square' },
    notes: ['eps 1e-7 outside the root, hard-coded.', '`(1 - decay_rate) * g * g` is ((1−ρ)·g)·g: one rounding more than (1−ρ)·(g·g) in a different place.'],
  },
  tutorial: {
    name: 'tutorial',
    title: 'Hand-rolled tutorial RMSprop',
    provenance: { kind: 'source', repository: '(blog tutorials)', file: 'eps 1e-10 inside the square root' },
    defaults: { ...BASE, lr: 1e-3, rho: 0.9, eps: 1e-10 },
    args: { lr: 'lr', rho: 'alpha', eps: 'eps' },
    slotNames: { ...NO_SLOT_NAMES, meanSquare: 'cache' },
    // The tutorial's code runs on torch: `div = lr / torch.sqrt(sqr + eps) * g` is evaluated as
    // ((1/√(v+ε))·lr)·g (torch's `__rdiv__`), with torch's CPU sqrt (within 1 ulp), nothing fused
    // (`alpha * sqr + (1 - alpha) * g**2` and `p -= div` are separate kernels).
    profile: { ...IEEE_PROFILE, lrSite: 'lr-over-denominator', accuracy: { float32: TORCH_CPU, float64: TORCH_CPU } },
    notes: [
      'eps 1e-10 inside the root: with zero gradients d = 1e-5, not the 1e-10 people expect.',
      '`lr / torch.sqrt(sqr + eps) * g` is ((1/d)·lr)·g in torch (reciprocal, then ×lr, then ×g), not (lr·g)/d.',
    ],
  },
};

/** The presets, in display order, each tagged with its optimizer. */
export const RMSPROP_PRESETS: Readonly<Record<PresetName, RmspropPreset>> = Object.freeze(
  Object.fromEntries(PRESET_NAMES.map((n) => [n, Object.freeze({ optimizer: 'rmsprop', ...PRESET_DATA[n] })])) as Record<PresetName, RmspropPreset>,
);
