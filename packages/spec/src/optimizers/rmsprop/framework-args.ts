/**
 * Mapping a framework's own RMSprop arguments (as written in a golden trace, or typed by a user porting
 * code) onto the spec config. Every argument name is the framework's; a missing one means its default.
 * The generic `fromFrameworkArgs` (registry) applies these tables; an argument without an entry is an error.
 */
import type { ApplyArgument, FrameworkBinding } from '../../contract/descriptor.js';
import { bindFrameworks, booleanArgument, numberArgument, numberOrNoneArgument } from '../../registry/argument-appliers.js';
import type { RmspropConfig } from './config.js';

type Apply = ApplyArgument<RmspropConfig>;

const num = numberArgument<RmspropConfig>;
const bool = booleanArgument<RmspropConfig>;
const numOrNull = numberOrNoneArgument<RmspropConfig>;

/** Each framework's arguments (hyperparameters and options), and what each does to the config. */
const ARGUMENTS: Readonly<Record<'torch' | 'keras' | 'tf1' | 'tfjs' | 'optax', Readonly<Record<string, Apply>>>> = {
  torch: {
    lr: num('lr'),
    alpha: num('rho'),
    eps: num('eps'),
    weight_decay: num('weightDecay'),
    momentum: num('momentum'),
    centered: bool('centered'),
    maximize: bool('maximize'),
  },
  keras: {
    learning_rate: num('lr'),
    rho: num('rho'),
    momentum: num('momentum'),
    epsilon: num('eps'),
    centered: bool('centered'),
    weight_decay: numOrNull('weightDecay'),
  },
  tf1: {
    learning_rate: num('lr'),
    decay: num('rho'),
    momentum: num('momentum'),
    epsilon: num('eps'),
    centered: bool('centered'),
    init_ms: num('initialMeanSquare'),
  },
  tfjs: {
    learningRate: num('lr'),
    decay: num('rho'),
    momentum: num('momentum'),
    // null = the backend's epsilon: 1e-7 for float32 (the cpu, wasm and webgpu backends).
    epsilon: (cfg, v, fail) => {
      if (v !== null && typeof v !== 'number') return fail('a number or null (the backend epsilon, 1e-7 in float32)');
      cfg.eps = (v as number | null) ?? 1e-7;
    },
    centered: bool('centered'),
    // Recorded by generators: the backend epsilon that `epsilon: null` (or a missing epsilon) stands for.
    backend_epsilon: (cfg, v, fail, hp) => {
      if (typeof v !== 'number') return fail('a number');
      if (hp.epsilon === null || hp.epsilon === undefined) cfg.eps = v;
    },
  },
  optax: {
    learning_rate: num('lr'),
    decay: num('rho'),
    eps: num('eps'),
    initial_scale: num('initialMeanSquare'),
    eps_in_sqrt: (cfg, v, fail) => {
      if (typeof v !== 'boolean') return fail('true or false');
      cfg.epsPlacement = v ? 'inside' : 'outside';
    },
    centered: bool('centered'),
    momentum: numOrNull('momentum'),
    nesterov: bool('nesterov'),
    bias_correction: bool('biasCorrection'),
  },
};

/** Options that select a code path but not the numbers (torch's foreach and for-loop give identical bits). */
const NUMERICALLY_INERT_OPTIONS = {
  torch: ['foreach', 'differentiable', 'capturable', 'fused'],
  // The trace's dtype already says what floatx / jax_enable_x64 select.
  keras: ['backend', 'jit_compile', 'floatx'],
  tf1: ['use_locking', 'op'],
  tfjs: ['backend'],
  optax: ['jit', 'jax_enable_x64'],
} as const;

/** Trace framework name → its RMSprop preset and argument table. */
export const RMSPROP_FRAMEWORKS: Readonly<Record<string, FrameworkBinding<RmspropConfig>>> = bindFrameworks(ARGUMENTS, NUMERICALLY_INERT_OPTIONS);
