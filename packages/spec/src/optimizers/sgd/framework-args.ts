/**
 * Mapping each framework's own SGD arguments onto the spec config. A missing argument means the preset's
 * default; an argument without an entry is an error naming it.
 */
import type { ApplyArgument, FrameworkBinding } from '../../contract/descriptor.js';
import { bindFrameworks, booleanArgument, numberArgument, numberOrNoneArgument } from '../../registry/argument-appliers.js';
import type { SgdConfig } from './config.js';

type Apply = ApplyArgument<SgdConfig>;

const num = numberArgument<SgdConfig>;
const bool = booleanArgument<SgdConfig>;
/** TF1 MomentumOptimizer / tf.train.momentum / optax trace: giving momentum (optax: not None) makes the buffer. */
const momentumOptimizer = (nullMeansNone: boolean): Apply => (cfg, v, fail) => {
  if (nullMeansNone && v === null) {
    cfg.momentum = 0;
    cfg.alwaysAllocateMomentum = false;
    return;
  }
  if (typeof v !== 'number') return fail(nullMeansNone ? 'a number or null' : 'a number');
  cfg.momentum = v;
  cfg.alwaysAllocateMomentum = true;
};

const ARGUMENTS: Readonly<Record<'torch' | 'keras' | 'tf1' | 'tfjs' | 'optax', Readonly<Record<string, Apply>>>> = {
  torch: {
    lr: num('lr'),
    momentum: num('momentum'),
    dampening: num('dampening'),
    weight_decay: num('weightDecay'),
    // torch's own rule: "Nesterov momentum requires a momentum and zero dampening".
    nesterov: (cfg, v, fail, all) => {
      if (typeof v !== 'boolean') return fail('true or false');
      if (v && !((typeof all.momentum === 'number' && all.momentum > 0) && (all.dampening ?? 0) === 0)) {
        return fail('false unless momentum > 0 and dampening = 0 (torch: Nesterov momentum requires a momentum and zero dampening)');
      }
      cfg.nesterov = v;
    },
    maximize: bool('maximize'),
  },
  keras: {
    learning_rate: num('lr'),
    momentum: num('momentum'),
    nesterov: bool('nesterov'),
    weight_decay: numberOrNoneArgument('weightDecay'),
  },
  tf1: { learning_rate: num('lr'), momentum: momentumOptimizer(false), use_nesterov: bool('nesterov') },
  tfjs: { learningRate: num('lr'), momentum: momentumOptimizer(false), useNesterov: bool('nesterov') },
  optax: { learning_rate: num('lr'), momentum: momentumOptimizer(true), nesterov: bool('nesterov') },
};

const INERT = {
  torch: ['foreach', 'differentiable', 'fused'],
  keras: ['backend', 'jit_compile', 'floatx'],
  tf1: ['use_locking', 'op'],
  tfjs: ['backend'],
  optax: ['jit', 'jax_enable_x64'],
} as const;

export const SGD_FRAMEWORKS: Readonly<Record<string, FrameworkBinding<SgdConfig>>> = bindFrameworks(ARGUMENTS, INERT);
