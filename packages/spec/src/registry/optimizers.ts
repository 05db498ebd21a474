/**
 * The optimizers the spec knows, and the three ways to get an `OptimizerSpec` (config + numerics):
 *
 * - `fromPreset('rmsprop', 'keras3', { lr: 0.1 })`: a framework's optimizer; its profile always comes along.
 * - `fromFrameworkArgs('keras', 'rmsprop', { learning_rate: 0.1 })`: the same from the framework's own
 *   argument names (golden traces, ports); errors name the framework's argument.
 * - `customOptimizer(RMSPROP, config, profile)`: any flags; the profile must be named.
 */
import type { FrameworkBinding, OptimizerConfig, OptimizerDescriptor, Preset } from '../contract/descriptor.js';
import { makeSpec, type OptimizerSpec } from '../contract/optimizer-spec.js';
import { FrameworkArgumentError, InvalidConfigError, IsostepError, UnknownOptimizerError, UnknownPresetError } from '../errors/isostep-error.js';
import type { NumericsProfile } from '../numerics/profile.js';
import { RMSPROP } from '../optimizers/rmsprop/descriptor.js';
import { SGD } from '../optimizers/sgd/descriptor.js';
import { ADAGRAD } from '../optimizers/adagrad/descriptor.js';
import { ADADELTA } from '../optimizers/adadelta/descriptor.js';
import { ADAM } from '../optimizers/adam/descriptor.js';
import { ADAMW } from '../optimizers/adamw/descriptor.js';
import { checkKnownKeys } from '../validation/fields.js';
import { didYouMean } from '../validation/did-you-mean.js';

type AnyDescriptor = OptimizerDescriptor<any, string, any>;

/** Every optimizer module, in display order. Adding one is adding it here: no backend changes. */
export const OPTIMIZERS: readonly AnyDescriptor[] = [
  RMSPROP,
  SGD,
  ADAGRAD,
  ADADELTA,
  ADAM,
  ADAMW,
];

export function optimizerNames(): string[] {
  return OPTIMIZERS.map((o) => o.name);
}

export function getOptimizer(name: string): AnyDescriptor {
  const found = typeof name === 'string' ? OPTIMIZERS.find((o) => o.name === name) : undefined;
  if (found === undefined) throw new UnknownOptimizerError(name, optimizerNames());
  return found;
}

function descriptorOf(optimizer: string | AnyDescriptor): AnyDescriptor {
  return typeof optimizer === 'string' ? getOptimizer(optimizer) : optimizer;
}

export function presetNames(optimizer: string | AnyDescriptor): string[] {
  return Object.keys(descriptorOf(optimizer).presets);
}

export function getPreset(optimizer: string | AnyDescriptor, name: string): Preset {
  const d = descriptorOf(optimizer);
  // Own keys only: 'constructor' or 'toString' are not presets.
  if (typeof name !== 'string' || !Object.hasOwn(d.presets, name)) {
    throw new UnknownPresetError(name, Object.keys(d.presets), d.name);
  }
  return d.presets[name]!;
}

/** Every preset of one optimizer, or of all of them. */
export function allPresets(optimizer?: string | AnyDescriptor): Preset[] {
  const list = optimizer === undefined ? OPTIMIZERS : [descriptorOf(optimizer)];
  return list.flatMap((d) => Object.values(d.presets));
}

/** A framework's optimizer with some spec fields overridden; validated; the preset's profile attached. */
export function fromPreset(optimizer: string | AnyDescriptor, preset: string, overrides: object = {}): OptimizerSpec {
  const d = descriptorOf(optimizer);
  const p = getPreset(d, preset);
  checkKnownKeys(d.title, overrides, d.configKeys, 'overrides');
  const config = d.validate({ ...p.defaults, ...overrides });
  return makeSpec(d, config, p.profile, p);
}

/** Any config of an optimizer, with the numerics profile it must be evaluated with (required). */
export function customOptimizer(optimizer: string | AnyDescriptor, config: OptimizerConfig, profile: NumericsProfile): OptimizerSpec {
  const d = descriptorOf(optimizer);
  if (profile === undefined || profile === null) {
    throw new InvalidConfigError('profile', profile, `a numerics profile (a preset's, e.g. getPreset('${d.name}', '${Object.keys(d.presets)[0]}').profile): a custom config names its numerics`, d.title);
  }
  return makeSpec(d, d.validate(config), profile, null);
}

export class UnknownFrameworkError extends IsostepError {
  constructor(
    readonly framework: string,
    readonly optimizer: string,
    readonly known: readonly string[],
  ) {
    super(`unknown framework ${JSON.stringify(framework)} for ${optimizer}${didYouMean(String(framework), known)}; known: ${known.join(', ')}`);
  }
}

export function frameworkBinding(framework: string, optimizer: string | AnyDescriptor): FrameworkBinding {
  const d = descriptorOf(optimizer);
  if (typeof framework !== 'string' || !Object.hasOwn(d.frameworks, framework)) {
    throw new UnknownFrameworkError(framework, d.name, Object.keys(d.frameworks));
  }
  return d.frameworks[framework]!;
}

/** The preset a framework's optimizer means (`keras` → `keras3` for RMSprop). */
export function presetForFramework(framework: string, optimizer: string | AnyDescriptor = 'rmsprop'): string {
  return frameworkBinding(framework, optimizer).preset;
}

/**
 * The spec that a framework's optimizer computes with these arguments. `options` carries framework-
 * specific settings (TF1's `init_ms`); numerically inert ones (torch `foreach`) are accepted and ignored,
 * unknown ones are rejected. Range errors name the framework's argument, not the spec's field.
 */
export function fromFrameworkArgs(
  framework: string,
  optimizer: string | AnyDescriptor,
  hyperparameters: Readonly<Record<string, unknown>>,
  options: Readonly<Record<string, unknown>> = {},
): OptimizerSpec {
  const d = descriptorOf(optimizer);
  const binding = frameworkBinding(framework, d);
  const preset = getPreset(d, binding.preset);
  checkArgumentObject(framework, d.title, 'hyperparameters', hyperparameters);
  checkArgumentObject(framework, d.title, 'options', options);
  const cfg: Record<string, unknown> = { ...preset.defaults };
  const known = Object.keys(binding.args);
  for (const name of Object.keys(options)) {
    // One argument, one value: given twice, which one the framework used would be a guess.
    if (Object.hasOwn(hyperparameters, name) && !binding.inert.includes(name)) {
      throw new FrameworkArgumentError(framework, name, options[name], 'one value: it is also a hyperparameter', d.title);
    }
  }
  const apply = (name: string, value: unknown) => {
    const fail = (allowed: string): never => {
      throw new FrameworkArgumentError(framework, name, value, allowed, d.title);
    };
    if (!Object.hasOwn(binding.args, name)) fail(`an argument of ${framework}'s ${d.title}${didYouMean(name, known)}: one of ${known.join(', ')}`);
    binding.args[name]!(cfg as never, value, fail, hyperparameters);
  };
  for (const [name, value] of Object.entries(hyperparameters)) apply(name, value);
  for (const [name, value] of Object.entries(options)) {
    if (binding.inert.includes(name)) continue;
    apply(name, value);
  }
  const names: Record<string, string> = { ...(preset.args as Record<string, string>) };
  const config = d.validate(cfg, names);
  return makeSpec(d, config, preset.profile, preset, names);
}

/** Framework arguments come as a plain object (a JSON object, a Python kwargs dict); anything else is refused. */
function checkArgumentObject(framework: string, title: string, what: string, value: unknown): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new FrameworkArgumentError(framework, what, value, `an object of ${framework}'s ${title} ${what === 'options' ? 'options' : 'arguments'} by name`, title);
  }
}
