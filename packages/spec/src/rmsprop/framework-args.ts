/**
 * Mapping a framework's own RMSprop arguments (as written in a golden trace, or typed by a user porting
 * code) onto the spec config. Every argument name is the framework's; a missing one means its default.
 */
import { FrameworkArgumentError, IsostepError } from '../errors/isostep-error.js';
import type { RmspropConfig } from './config.js';
import { getPreset, type PresetName } from './presets.js';
import { validateConfig } from './validate.js';

/** Trace framework names (the golden format's `case.framework`) and the preset each one means. */
export const FRAMEWORK_PRESETS: Readonly<Record<string, PresetName>> = {
  torch: 'torch',
  keras: 'keras3',
  tf1: 'tf1',
  tfjs: 'tfjs',
  optax: 'optax',
};

type Value = number | boolean | null | undefined;
type Apply = (
  cfg: Mutable<RmspropConfig>,
  value: Value,
  fail: (allowed: string) => never,
  hyperparameters: Readonly<Record<string, Value>>,
) => void;
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const num = (field: 'lr' | 'rho' | 'eps' | 'momentum' | 'weightDecay' | 'initialMeanSquare'): Apply => (cfg, v, fail) => {
  if (typeof v !== 'number') return fail('a number');
  cfg[field] = v;
};
const bool = (field: 'centered' | 'maximize' | 'nesterov' | 'biasCorrection'): Apply => (cfg, v, fail) => {
  if (typeof v !== 'boolean') return fail('true or false');
  cfg[field] = v;
};
/** A number, or null meaning "off" (Keras weight_decay=None, optax momentum=None). */
const numOrNull = (field: 'momentum' | 'weightDecay'): Apply => (cfg, v, fail) => {
  if (v !== null && typeof v !== 'number') return fail('a number or null');
  cfg[field] = v ?? 0;
};

/** Each framework's arguments (hyperparameters and options), and what each does to the config. */
const ARGUMENTS: Readonly<Record<string, Readonly<Record<string, Apply>>>> = {
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
      cfg.eps = v ?? 1e-7;
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
const NUMERICALLY_INERT_OPTIONS: Readonly<Record<string, readonly string[]>> = {
  torch: ['foreach', 'differentiable', 'capturable', 'fused'],
  // The trace's dtype already says what floatx / jax_enable_x64 select.
  keras: ['backend', 'jit_compile', 'floatx'],
  tf1: ['use_locking', 'op'],
  tfjs: ['backend'],
  optax: ['jit', 'jax_enable_x64'],
};

export class UnknownFrameworkError extends IsostepError {
  constructor(readonly framework: string) {
    super(`unknown framework "${framework}"; known: ${Object.keys(FRAMEWORK_PRESETS).join(', ')}`);
  }
}

export function presetForFramework(framework: string): PresetName {
  const name = FRAMEWORK_PRESETS[framework];
  if (name === undefined) throw new UnknownFrameworkError(framework);
  return name;
}

/**
 * The spec config that a framework's RMSprop computes with these arguments. `options` carries the
 * framework-specific settings of the golden format (e.g. TF1's `init_ms`); numerically inert ones
 * (torch `foreach`) are accepted and ignored, unknown ones are rejected.
 */
export function configFromFrameworkArgs(
  framework: string,
  hyperparameters: Readonly<Record<string, Value>>,
  options: Readonly<Record<string, unknown>> = {},
): RmspropConfig {
  const preset = getPreset(presetForFramework(framework));
  const table = ARGUMENTS[framework]!;
  const cfg: Mutable<RmspropConfig> = { ...preset.defaults };
  const apply = (name: string, value: unknown) => {
    const fn = table[name];
    const fail = (allowed: string): never => {
      throw new FrameworkArgumentError(framework, name, value, allowed);
    };
    if (fn === undefined) fail(`one of ${Object.keys(table).join(', ')}`);
    fn!(cfg, value as Value, fail, hyperparameters);
  };
  for (const [name, value] of Object.entries(hyperparameters)) apply(name, value);
  for (const [name, value] of Object.entries(options)) {
    if (NUMERICALLY_INERT_OPTIONS[framework]?.includes(name)) continue;
    apply(name, value);
  }
  return validateConfig(cfg);
}
