/**
 * The family race, as the classic tutorial runs it: SGD, Adagrad, RMSprop, Adadelta, Adam and AdamW on
 * f(x, y) = x² + y² from (−75, −10); SGD at lr 0.1, the others at lr 1, each framework's defaults for
 * everything else. The racers, their lrs and the frameworks are the CLI's (`isostep race quadratic`,
 * `QUADRATIC_RACERS` in `@isostep/mlp`); the page computes its lines here because the reader can change
 * each lr (and a bad one must show the spec's message), which the CLI's race does not take.
 *
 * One framework at a time, by preset name (torch, keras3, tf1, tfjs, optax, as the CLI's `--preset`):
 * each line is what that framework computes when the lr is passed under its own argument name
 * (`torch.optim.Adam(lr=1)`, `optax.adadelta(learning_rate=1)`), so `fromFrameworkArgs`: the preset's
 * defaults and numerics profile, plus whatever giving the argument means there (optax's Adadelta without
 * a learning_rate scales by nothing and climbs, p ← p + δ; with one it descends). Run in float32 by the
 * exact reference. A framework without an optimizer (TF1 and TF.js have no AdamW) has no line for it.
 */
import { QUADRATIC_RACERS, fromFrameworkArgs, getOptimizer, getPreset, quadraticRacePresets, type OptimizerSpec } from './isostep.js';
import { attempt, type FieldError } from './fields.js';
import { quadraticPath, type Path } from './quadratic.js';

/** The race's optimizers, in the tutorial's order. */
export const FAMILY_RACE_OPTIMIZERS: readonly string[] = QUADRATIC_RACERS.map((r) => r.optimizer);

/** The tutorial's learning rates (SGD at lr 1 would bounce between ±75: x ← x − 2x). */
export const FAMILY_RACE_LR: Readonly<Record<string, number>> = Object.fromEntries(QUADRATIC_RACERS.map((r) => [r.optimizer, r.lr]));

/**
 * The frameworks to choose from, by preset name: the CLI's race presets that some racer binds to a
 * framework's own arguments (torch, keras3, tf1, tfjs, optax). RMSprop's source-derived presets (Caffe,
 * timm, …) have no SGD or Adam beside them: they race on the RMSprop race page.
 */
export function raceFrameworks(): string[] {
  return quadraticRacePresets().filter((preset) => FAMILY_RACE_OPTIMIZERS.some((o) => ships(o, preset)));
}

/** The framework (trace name: torch, keras, …) whose arguments map onto this preset of the optimizer, or undefined. */
function frameworkOf(optimizer: string, preset: string): string | undefined {
  return Object.entries(getOptimizer(optimizer).frameworks).find(([, binding]) => binding.preset === preset)?.[0];
}

/** Whether the framework (a preset name) ships this optimizer. */
export function ships(optimizer: string, preset: string): boolean {
  return frameworkOf(optimizer, preset) !== undefined;
}

/** The framework's own name for the learning rate of this optimizer (`lr`, `learning_rate`, `learningRate`). */
export function lrArgument(optimizer: string, preset: string): string {
  return (getPreset(optimizer, preset).args as Readonly<Record<string, string>>).lr!;
}

/**
 * The framework's optimizer called with this lr and nothing else; throws the spec's error (naming the
 * framework's argument) for a bad lr.
 */
export function familyRaceSpec(optimizer: string, preset: string, lr: number): OptimizerSpec {
  return fromFrameworkArgs(frameworkOf(optimizer, preset)!, optimizer, { [lrArgument(optimizer, preset)]: lr });
}

export interface FamilyLine extends Path {
  readonly optimizer: string;
  readonly spec: OptimizerSpec;
}

/** Every line of the race for one framework, in the race's order; optimizers the framework lacks are left out. */
export function familyRace(preset: string, lrs: Readonly<Record<string, number>>, start: readonly [number, number], steps: number): FamilyLine[] {
  return FAMILY_RACE_OPTIMIZERS.filter((o) => ships(o, preset)).map((optimizer) => {
    const spec = familyRaceSpec(optimizer, preset, lrs[optimizer]!);
    return { optimizer, spec, ...quadraticPath(spec, start, steps) };
  });
}

/**
 * The spec's error for the first line that cannot run with these lrs in this framework (with the
 * optimizer it belongs to), or null. Optimizers the framework lacks do not run, so their lr is checked
 * when a framework that ships them is chosen.
 */
export function firstLrError(preset: string, lrs: Readonly<Record<string, number>>): { optimizer: string; error: FieldError } | null {
  for (const optimizer of FAMILY_RACE_OPTIMIZERS) {
    if (!ships(optimizer, preset)) continue;
    const r = attempt(() => familyRaceSpec(optimizer, preset, lrs[optimizer]!));
    if (!r.ok) return { optimizer, error: r.error };
  }
  return null;
}
