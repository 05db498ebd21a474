/**
 * Traces of code that is none of the frameworks (a textbook's numpy class, a tutorial's hand-rolled torch
 * function, your own kernel): such a trace names an Isostep preset directly, as framework `isostep` with
 * `options: { preset: "<name>" }`, and writes its hyperparameters under the spec's own config field names
 * (`lr`, `rho`, `eps`, `momentum`, any flag). It means exactly `fromPreset(optimizer, preset, hyperparameters)`:
 * the preset's defaults, its numerics profile and its slot names, with the given fields overridden.
 *
 * `fromTraceArgs` is the one entry a trace reader calls: this form for `isostep`, `fromFrameworkArgs` for
 * a framework. Errors are `FrameworkArgumentError`s naming the argument as written in the file, like the
 * frameworks' own, so a reader can point at its JSON path.
 */
import type { OptimizerDescriptor } from '../contract/descriptor.js';
import type { OptimizerSpec } from '../contract/optimizer-spec.js';
import { FrameworkArgumentError } from '../errors/isostep-error.js';
import { didYouMean } from '../validation/did-you-mean.js';
import { fromFrameworkArgs, fromPreset, getOptimizer, UnknownFrameworkError } from './optimizers.js';

type AnyDescriptor = OptimizerDescriptor<any, string, any>;

/** The `case.framework` of a trace that names an Isostep preset rather than a framework. */
export const ISOSTEP_FRAMEWORK = 'isostep';

/**
 * The spec a preset-direct trace means: `options.preset` names one of the optimizer's presets (required);
 * `hyperparameters` are spec config fields overriding the preset's defaults. No other option is read, so
 * none is accepted: one the reader ignored would be a setting nobody checked.
 */
export function fromPresetArgs(
  optimizer: string | AnyDescriptor,
  hyperparameters: Readonly<Record<string, unknown>>,
  options: Readonly<Record<string, unknown>> = {},
): OptimizerSpec {
  const d = typeof optimizer === 'string' ? getOptimizer(optimizer) : optimizer;
  const fail = (argument: string, value: unknown, allowed: string): never => {
    throw new FrameworkArgumentError(ISOSTEP_FRAMEWORK, argument, value, allowed, d.title);
  };
  if (typeof hyperparameters !== 'object' || hyperparameters === null || Array.isArray(hyperparameters)) {
    fail('hyperparameters', hyperparameters, `an object of ${d.title} config fields by name`);
  }
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    fail('options', options, 'an object { "preset": "<name>" }');
  }
  const presets = Object.keys(d.presets);
  for (const name of Object.keys(options)) {
    if (name !== 'preset') fail(name, options[name], `an option of an ${ISOSTEP_FRAMEWORK} trace: only "preset"`);
  }
  const preset = options.preset;
  if (typeof preset !== 'string' || !Object.hasOwn(d.presets, preset)) {
    const hint = typeof preset === 'string' ? didYouMean(preset, presets) : '';
    fail('preset', preset, `the name of a ${d.title} preset${hint}: one of ${presets.join(', ')}`);
  }
  const fields = d.configKeys as readonly string[];
  for (const name of Object.keys(hyperparameters)) {
    if (!fields.includes(name)) {
      fail(name, hyperparameters[name], `a ${d.title} config field (the spec's names, not a framework's)${didYouMean(name, fields)}: one of ${fields.join(', ')}`);
    }
  }
  // Range and type errors come back from validation as InvalidConfigError naming the field, which is
  // also the name written in the file.
  return fromPreset(d, preset as string, hyperparameters);
}

/** What a trace's `(framework, optimizer, hyperparameters, options)` means: a preset for `isostep`, else the framework's arguments. */
export function fromTraceArgs(
  framework: string,
  optimizer: string | AnyDescriptor,
  hyperparameters: Readonly<Record<string, unknown>>,
  options: Readonly<Record<string, unknown>> = {},
): OptimizerSpec {
  if (framework === ISOSTEP_FRAMEWORK) return fromPresetArgs(optimizer, hyperparameters, options);
  try {
    return fromFrameworkArgs(framework, optimizer, hyperparameters, options);
  } catch (e) {
    // The list of what a trace may name includes the preset-direct form.
    if (e instanceof UnknownFrameworkError) throw new UnknownFrameworkError(e.framework, e.optimizer, [...e.known, ISOSTEP_FRAMEWORK]);
    throw e;
  }
}
