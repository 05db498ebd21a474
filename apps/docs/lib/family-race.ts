/**
 * The family race, as the classic tutorial runs it: SGD, Adagrad, RMSprop, Adadelta, Adam and AdamW on
 * f(x, y) = x² + y² from (−75, −10); SGD at lr 0.1, the others at lr 1, each framework's defaults for
 * everything else. One framework at a time: each line is what that framework computes when the lr is
 * passed under its own argument name (`torch.optim.Adam(lr=1)`, `optax.adadelta(learning_rate=1)`), so
 * `fromFrameworkArgs`: its preset's defaults and numerics profile, plus whatever giving the argument
 * means there (optax's Adadelta without a learning_rate scales by nothing and climbs, p ← p + δ; with
 * one it descends). Run in float32 by the exact reference. A framework that does not ship an optimizer
 * (TF1 and TF.js have no AdamW) has no line for it, and says so.
 *
 * (`isostep race quadratic` in the CLI runs the same race; this module computes it for the browser
 * through the spec and the reference, as every other docs example does.)
 */
import { fromFrameworkArgs, getOptimizer, getPreset, type OptimizerSpec } from './isostep.js';
import { attempt, type FieldError } from './fields.js';
import { quadraticPath, type Path } from './quadratic.js';

/** The race's optimizers, in the tutorial's order. */
export const FAMILY_RACE_OPTIMIZERS = ['sgd', 'adagrad', 'rmsprop', 'adadelta', 'adam', 'adamw'] as const;
export type RaceOptimizer = (typeof FAMILY_RACE_OPTIMIZERS)[number];

/** The tutorial's learning rates: SGD diverges at lr 1 on x² + y² (p ← p − 2p), so it runs at 0.1. */
export const FAMILY_RACE_LR: Readonly<Record<RaceOptimizer, number>> = { sgd: 0.1, adagrad: 1, rmsprop: 1, adadelta: 1, adam: 1, adamw: 1 };

/**
 * The frameworks to choose from: those the race's optimizers have argument mappings for (their
 * `frameworks` tables, by trace framework name: torch, keras, tf1, tfjs, optax), in first-seen order.
 * RMSprop's source-derived presets (Caffe, timm, …) have no SGD or Adam beside them: they stay on the
 * RMSprop race.
 */
export function raceFrameworks(): string[] {
  const seen = new Set<string>();
  for (const name of FAMILY_RACE_OPTIMIZERS) for (const framework of Object.keys(getOptimizer(name).frameworks)) seen.add(framework);
  return [...seen];
}

/** Whether the framework ships this optimizer. */
export function ships(optimizer: RaceOptimizer, framework: string): boolean {
  return Object.hasOwn(getOptimizer(optimizer).frameworks, framework);
}

/** The preset a framework's optimizer means (keras → keras3). */
export function racePreset(optimizer: RaceOptimizer, framework: string): string {
  return getOptimizer(optimizer).frameworks[framework]!.preset;
}

/** The framework's own name for the learning rate of this optimizer (`lr`, `learning_rate`, `learningRate`). */
export function lrArgument(optimizer: RaceOptimizer, framework: string): string {
  const args = getPreset(optimizer, racePreset(optimizer, framework)).args as Readonly<Record<string, string>>;
  return args.lr!;
}

/**
 * The framework's optimizer called with this lr and nothing else; throws the spec's error (naming the
 * framework's argument) for a bad lr.
 */
export function familyRaceSpec(optimizer: RaceOptimizer, framework: string, lr: number): OptimizerSpec {
  return fromFrameworkArgs(framework, optimizer, { [lrArgument(optimizer, framework)]: lr });
}

export interface FamilyLine extends Path {
  readonly optimizer: RaceOptimizer;
  readonly spec: OptimizerSpec;
}

/** Every line of the race for one framework, in the race's order; optimizers the framework lacks are left out. */
export function familyRace(
  framework: string,
  lrs: Readonly<Record<RaceOptimizer, number>>,
  start: readonly [number, number],
  steps: number,
): FamilyLine[] {
  return FAMILY_RACE_OPTIMIZERS.filter((o) => ships(o, framework)).map((optimizer) => {
    const spec = familyRaceSpec(optimizer, framework, lrs[optimizer]);
    return { optimizer, spec, ...quadraticPath(spec, start, steps) };
  });
}

/**
 * The spec's error for the first line that cannot run with these lrs in this framework (with the
 * optimizer it belongs to), or null. Optimizers the framework lacks do not run, so their lr is checked
 * when a framework that ships them is chosen.
 */
export function firstLrError(framework: string, lrs: Readonly<Record<RaceOptimizer, number>>): { optimizer: RaceOptimizer; error: FieldError } | null {
  for (const optimizer of FAMILY_RACE_OPTIMIZERS) {
    if (!ships(optimizer, framework)) continue;
    const r = attempt(() => familyRaceSpec(optimizer, framework, lrs[optimizer]));
    if (!r.ok) return { optimizer, error: r.error };
  }
  return null;
}
