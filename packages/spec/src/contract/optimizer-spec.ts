/**
 * An `OptimizerSpec` is everything a backend needs to compute one optimizer exactly: the optimizer's
 * descriptor, a validated config, the numerics profile to reproduce, and the program compiled from them.
 * Backends take this and nothing else, so a config can never travel without its numerics.
 *
 * Make one with `fromPreset` (a framework's numbers: the preset's profile always comes along),
 * `fromFrameworkArgs` (a framework's own argument names), or `customOptimizer` (your own flags; you must
 * name the profile, nothing falls back silently).
 */
import type { NumericsProfile } from '../numerics/profile.js';
import type { OptimizerConfig, OptimizerDescriptor, Preset, StepProgram } from './descriptor.js';

export interface OptimizerSpec<C extends OptimizerConfig = OptimizerConfig, S extends string = string> {
  // The descriptor's config type is `any` here, not C: a descriptor uses C in argument positions
  // (`configKeys`, framework argument setters), so with C it would make `OptimizerSpec<RmspropConfig>`
  // unassignable to the plain `OptimizerSpec` every backend takes. `config` keeps C.
  readonly optimizer: OptimizerDescriptor<any, S, any>;
  readonly config: C;
  readonly profile: NumericsProfile;
  /** The preset the config started from (its framework names and slot names), or null for a custom config. */
  readonly preset: Preset<C, S, any> | null;
  /** `optimizer.compile(config, profile)`. */
  readonly program: StepProgram<S>;
  /**
   * The names the user gave the config's fields when not the spec's own (a framework's argument names,
   * from `fromFrameworkArgs`): later checks (`checkConfigInDtype`) name the argument the user typed.
   */
  readonly argumentNames?: Readonly<Record<string, string>>;
}

/** Builds a spec from parts already validated by the descriptor. */
export function makeSpec<C extends OptimizerConfig, S extends string>(
  optimizer: OptimizerDescriptor<C, S, any>,
  config: C,
  profile: NumericsProfile,
  preset: Preset<C, S, any> | null,
  argumentNames?: Readonly<Record<string, string>>,
): OptimizerSpec<C, S> {
  const valid = optimizer.validateProfile(profile);
  const names = argumentNames === undefined ? {} : { argumentNames: Object.freeze({ ...argumentNames }) };
  return Object.freeze({ optimizer, config, profile: valid, preset, program: optimizer.compile(config, valid), ...names });
}

/** A short label for messages and reports: `rmsprop/keras3` or `rmsprop (custom)`. */
export function specLabel(spec: OptimizerSpec): string {
  return spec.preset ? `${spec.optimizer.name}/${spec.preset.name}` : `${spec.optimizer.name} (custom)`;
}
