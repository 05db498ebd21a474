/**
 * Mapping each framework's own Adam and AdamW arguments (as written in a golden trace, or typed by a user
 * porting code) onto the spec config. A missing argument means the preset's default; an argument without
 * an entry is an error (the generic `fromFrameworkArgs` applies these tables).
 */
import type { ApplyArgument, FrameworkBinding } from '../../contract/descriptor.js';
import { bindFrameworks, booleanArgument, numberArgument, numberOrNoneArgument } from '../../registry/argument-appliers.js';
import type { AdamConfig } from './config.js';

type Apply = ApplyArgument<AdamConfig>;

const num = numberArgument<AdamConfig>;
const bool = booleanArgument<AdamConfig>;
/** torch `betas=(β1, β2)`: a pair (the v2 format writes it as an array of two numbers). */
const betas: Apply = (cfg, v, fail) => {
  if (!Array.isArray(v) || v.length !== 2 || !v.every((x) => typeof x === 'number')) return fail('a pair of numbers [beta1, beta2]');
  cfg.beta1 = v[0] as number;
  cfg.beta2 = v[1] as number;
};
/** Keras `weight_decay=None` means off; a number turns on Keras's decoupled decay. */
const kerasWeightDecay: Apply = numberOrNoneArgument<AdamConfig>('weightDecay');
/** TF.js `epsilon`: null or missing = the backend's epsilon, 1e-7 for float32 (cpu, wasm, webgpu). */
const tfjsEpsilon: Apply = (cfg, v, fail) => {
  if (v !== null && typeof v !== 'number') return fail('a number or null (the backend epsilon, 1e-7 in float32)');
  cfg.eps = (v as number | null) ?? 1e-7;
};
/** Recorded by generators: the backend epsilon that `epsilon: null` (or a missing epsilon) stands for. */
const tfjsBackendEpsilon: Apply = (cfg, v, fail, hp) => {
  if (typeof v !== 'number') return fail('a number');
  if (hp.epsilon === null || hp.epsilon === undefined) cfg.eps = v;
};

const TORCH_COMMON: Readonly<Record<string, Apply>> = {
  lr: num('lr'),
  betas,
  eps: num('eps'),
  weight_decay: num('weightDecay'),
  amsgrad: bool('amsgrad'),
  maximize: bool('maximize'),
  // A real state_dict's param_groups carry these at their defaults. Off, they change nothing; on, they
  // select code paths whose bits this preset does not describe, so only the off values are accepted.
  differentiable: (_cfg, v, fail) => {
    if (v !== false) fail('false (the differentiable path is not what the torch preset describes)');
  },
  fused: (_cfg, v, fail) => {
    if (v !== null && v !== false) fail('None or false (the fused kernel is not what the torch preset describes)');
  },
};

/** Each framework's Adam arguments (hyperparameters and options), and what each does to the config. */
export const ADAM_ARGUMENTS: Readonly<Record<'torch' | 'keras' | 'tf1' | 'tfjs' | 'optax', Readonly<Record<string, Apply>>>> = {
  torch: {
    ...TORCH_COMMON,
    // torch ≥ 2.6: Adam(decoupled_weight_decay=True) is AdamW.
    decoupled_weight_decay: (cfg, v, fail) => {
      if (typeof v !== 'boolean') return fail('true or false');
      cfg.weightDecayMode = v ? 'decoupled-scale' : 'coupled';
    },
  },
  keras: {
    learning_rate: num('lr'),
    beta_1: num('beta1'),
    beta_2: num('beta2'),
    epsilon: num('eps'),
    amsgrad: bool('amsgrad'),
    weight_decay: kerasWeightDecay,
  },
  tf1: {
    learning_rate: num('lr'),
    beta1: num('beta1'),
    beta2: num('beta2'),
    epsilon: num('eps'),
    use_nesterov: bool('nesterov'),
    // Which raw op ran: ApplyAdam (use_nesterov) or ApplyAdamWithAmsgrad (no nesterov attribute).
    op: (cfg, v, fail) => {
      if (v !== 'ApplyAdam' && v !== 'ApplyAdamWithAmsgrad') return fail("'ApplyAdam' or 'ApplyAdamWithAmsgrad'");
      cfg.amsgrad = v === 'ApplyAdamWithAmsgrad';
    },
  },
  tfjs: {
    learningRate: num('lr'),
    beta1: num('beta1'),
    beta2: num('beta2'),
    epsilon: tfjsEpsilon,
    backend_epsilon: tfjsBackendEpsilon,
  },
  optax: {
    learning_rate: num('lr'),
    b1: num('beta1'),
    b2: num('beta2'),
    eps: num('eps'),
    eps_root: num('epsRoot'),
    nesterov: bool('nesterov'),
    // Which alias built the chain: optax.adam, or optax.amsgrad (scale_by_amsgrad: nu_max of v̂).
    alias: (cfg, v, fail) => {
      if (v !== 'adam' && v !== 'amsgrad') return fail("'adam' or 'amsgrad'");
      cfg.amsgrad = v === 'amsgrad';
    },
  },
};

/** Options that select a code path but not the numbers. */
export const ADAM_INERT_OPTIONS = {
  // torch: foreach and the for-loop give identical bits on CPU; `differentiable`/`fused` do NOT (do not record with them).
  torch: ['foreach', 'capturable'],
  keras: ['backend', 'jit_compile', 'floatx'],
  tf1: ['use_locking'],
  tfjs: ['backend'],
  optax: ['jit', 'jax_enable_x64'],
} as const;

/** Trace framework name → its Adam preset and argument table. */
export const ADAM_FRAMEWORKS: Readonly<Record<string, FrameworkBinding<AdamConfig>>> = bindFrameworks(ADAM_ARGUMENTS, ADAM_INERT_OPTIONS);

/** AdamW's argument tables: torch AdamW, Keras AdamW and optax.adamw (TF1 and TF.js have no AdamW). */
export const ADAMW_ARGUMENTS: Readonly<Record<'torch' | 'keras' | 'optax', Readonly<Record<string, Apply>>>> = {
  torch: TORCH_COMMON,
  keras: {
    ...ADAM_ARGUMENTS.keras,
    // Keras AdamW requires a number (None raises); 0 turns the decay off.
    weight_decay: num('weightDecay'),
  },
  optax: {
    learning_rate: num('lr'),
    b1: num('beta1'),
    b2: num('beta2'),
    eps: num('eps'),
    eps_root: num('epsRoot'),
    nesterov: bool('nesterov'),
    weight_decay: num('weightDecay'),
  },
};
