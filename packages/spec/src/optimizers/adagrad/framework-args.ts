/** Mapping each framework's own Adagrad arguments onto the spec config. */
import type { ApplyArgument, FrameworkBinding } from '../../contract/descriptor.js';
import { bindFrameworks, booleanArgument, numberArgument, numberOrNoneArgument } from '../../registry/argument-appliers.js';
import type { AdagradConfig } from './config.js';

type Apply = ApplyArgument<AdagradConfig>;

const num = numberArgument<AdagradConfig>;

const ARGUMENTS: Readonly<Record<'torch' | 'keras' | 'tf1' | 'tfjs' | 'optax', Readonly<Record<string, Apply>>>> = {
  torch: {
    lr: num('lr'),
    lr_decay: num('lrDecay'),
    weight_decay: num('weightDecay'),
    initial_accumulator_value: num('initialAccumulator'),
    eps: num('eps'),
    maximize: booleanArgument('maximize'),
  },
  keras: {
    learning_rate: num('lr'),
    initial_accumulator_value: num('initialAccumulator'),
    epsilon: num('eps'),
    weight_decay: numberOrNoneArgument('weightDecay'),
  },
  tf1: {
    learning_rate: num('lr'),
    initial_accumulator_value: num('initialAccumulator'),
    // ApplyAdagradV2 (what Keras 2 called): eps outside the root.
    epsilon: (cfg, v, fail) => {
      if (typeof v !== 'number') return fail('a number');
      cfg.eps = v;
      cfg.epsPlacement = 'outside';
    },
  },
  tfjs: {
    learningRate: num('lr'),
    initialAccumulatorValue: num('initialAccumulator'),
    // Recorded by generators: the backend epsilon Adagrad reads at every step (1e-7 in float32).
    backend_epsilon: num('eps'),
  },
  optax: { learning_rate: num('lr'), initial_accumulator_value: num('initialAccumulator'), eps: num('eps') },
};

const INERT = {
  torch: ['foreach', 'differentiable', 'fused'],
  keras: ['backend', 'jit_compile', 'floatx'],
  tf1: ['use_locking', 'op', 'update_slots'],
  tfjs: ['backend'],
  optax: ['jit', 'jax_enable_x64'],
} as const;

export const ADAGRAD_FRAMEWORKS: Readonly<Record<string, FrameworkBinding<AdagradConfig>>> = bindFrameworks(ARGUMENTS, INERT);
