/**
 * The RMSprop race: every RMSprop preset on f(x, y) = x² + y², gradient (2x, 2y), in float32 with the
 * preset's numerics profile, from one start point. Two modes: one shared set of hyperparameters (only
 * the formula differs between the lines), or each framework's own defaults for everything but lr (what
 * a user gets by writing `RMSprop(lr=1)` in each framework).
 */
import { presetConfig, rmsprop, type OptimizerSpec, type PresetName, type RmspropConfig } from './isostep.js';
import { breakdownQuadraticStep, type CoordinateBreakdown } from './breakdown.js';
import { quadraticPath, quadraticStateAfter, type Path, type QuadraticState } from './quadratic.js';
import { rmspropDenominator } from './rmsprop-denominator.js';

export { RACE_START, loss } from './quadratic.js';

/**
 * 'shared': rho, eps, momentum and centered from the controls, for every preset alike.
 * 'own-defaults': each preset's own defaults for those (torch ρ 0.99, Keras ρ 0.9, ...); lr stays shared,
 * since the frameworks' default lrs (1e-3 to 1) would mostly show lines that have not moved yet.
 */
export type RaceMode = 'shared' | 'own-defaults';
export const RACE_MODES: readonly RaceMode[] = ['shared', 'own-defaults'];

/** The hyperparameters the controls set; in 'own-defaults' mode only lr is used. */
export interface RaceSettings {
  readonly mode: RaceMode;
  readonly lr: number;
  readonly rho: number;
  readonly eps: number;
  readonly momentum: number;
  readonly centered: boolean;
}

export const RACE_DEFAULTS: RaceSettings = { mode: 'shared', lr: 1, rho: 0.9, eps: 1e-8, momentum: 0, centered: false };

export interface Trajectory extends Path {
  readonly preset: PresetName;
}

/** The preset's config with the race's hyperparameters. Throws the spec's InvalidConfigError on bad values. */
export function raceConfig(preset: PresetName, s: RaceSettings): RmspropConfig {
  if (s.mode === 'own-defaults') return presetConfig(preset, { lr: s.lr });
  return presetConfig(preset, { lr: s.lr, rho: s.rho, eps: s.eps, momentum: s.momentum, centered: s.centered });
}

/** The preset's spec (its numerics profile attached) with the race's hyperparameters. */
export function raceSpec(preset: PresetName, s: RaceSettings): OptimizerSpec {
  return rmsprop(preset, raceConfig(preset, s));
}

export function raceTrajectory(preset: PresetName, s: RaceSettings, start: readonly [number, number], steps: number): Trajectory {
  return { preset, ...quadraticPath(raceSpec(preset, s), start, steps) };
}

/** The reference's params and slots after `steps` steps of the race (for the breakdown). */
export function raceStateAfter(preset: PresetName, s: RaceSettings, start: readonly [number, number], steps: number): QuadraticState {
  return quadraticStateAfter(raceSpec(preset, s), start, steps);
}

/** One coordinate of an RMSprop step, with the denominator d the RMSprop breakdown shows. */
export interface RmspropCoordinateBreakdown extends CoordinateBreakdown {
  readonly d: number;
}

/** Step t (≥ 1) of the race for x and y, broken down from the reference's state after t − 1 steps. */
export function raceBreakdown(
  preset: PresetName,
  s: RaceSettings,
  start: readonly [number, number],
  t: number,
): readonly [RmspropCoordinateBreakdown, RmspropCoordinateBreakdown] {
  const spec = raceSpec(preset, s);
  const config = spec.config as RmspropConfig;
  const [x, y] = breakdownQuadraticStep(spec, t, quadraticStateAfter(spec, start, t - 1));
  return [{ ...x, d: rmspropDenominator(config, x.ops) }, { ...y, d: rmspropDenominator(config, y.ops) }];
}
