/** Mapping each framework's own Adadelta arguments onto the spec config. */
import type { ApplyArgument, FrameworkBinding } from '../../contract/descriptor.js';
import { bindFrameworks, booleanArgument, numberArgument, numberOrNoneArgument } from '../../registry/argument-appliers.js';
import type { AdadeltaConfig } from './config.js';

type Apply = ApplyArgument<AdadeltaConfig>;

const num = numberArgument<AdadeltaConfig>;

const ARGUMENTS: Readonly<Record<'torch' | 'keras' | 'tf1' | 'tfjs' | 'optax', Readonly<Record<string, Apply>>>> = {
  torch: {
    lr: num('lr'),
    rho: num('rho'),
    eps: num('eps'),
    weight_decay: num('weightDecay'),
    maximize: booleanArgument('maximize'),
  },
  keras: {
    learning_rate: num('lr'),
    rho: num('rho'),
    epsilon: num('eps'),
    weight_decay: numberOrNoneArgument('weightDecay'),
  },
  tf1: { learning_rate: num('lr'), rho: num('rho'), epsilon: num('eps') },
  tfjs: {
    learningRate: num('lr'),
    rho: num('rho'),
    // null = the backend's epsilon: 1e-7 for float32.
    epsilon: (cfg, v, fail) => {
      if (v !== null && typeof v !== 'number') return fail('a number or null (the backend epsilon, 1e-7 in float32)');
      cfg.eps = (v as number | null) ?? 1e-7;
    },
    backend_epsilon: (cfg, v, fail, hp) => {
      if (typeof v !== 'number') return fail('a number');
      if (hp.epsilon === null || hp.epsilon === undefined) cfg.eps = v;
    },
  },
  optax: {
    // None: no scaling and no sign flip (p ← p + δ).
    learning_rate: (cfg, v, fail) => {
      if (v === null) {
        cfg.scaleByLearningRate = false;
        return;
      }
      if (typeof v !== 'number') return fail('a number or null');
      cfg.lr = v;
      cfg.scaleByLearningRate = true;
    },
    rho: num('rho'),
    eps: num('eps'),
    weight_decay: num('weightDecay'),
  },
};

const INERT = {
  torch: ['foreach', 'capturable', 'differentiable'],
  keras: ['backend', 'jit_compile', 'floatx'],
  tf1: ['use_locking', 'op'],
  tfjs: ['backend'],
  optax: ['jit', 'jax_enable_x64'],
} as const;

export const ADADELTA_FRAMEWORKS: Readonly<Record<string, FrameworkBinding<AdadeltaConfig>>> = bindFrameworks(ARGUMENTS, INERT);
