/**
 * The race: every preset's RMSprop on f(x, y) = x² + y², gradient (2x, 2y), in float32 with the
 * preset's numerics profile, from one start point. Two modes: one shared set of hyperparameters (only
 * the formula differs between the lines), or each framework's own defaults for everything but lr (what
 * a user gets by writing `RMSprop(lr=1)` in each framework).
 */
import { ReferenceOptimizer, presetConfig, rmsprop, type PresetName, type RmspropConfig } from './isostep.js';

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
export const RACE_START: readonly [number, number] = [-75, -10];

export interface Trajectory {
  readonly preset: PresetName;
  /** Points after 0, 1, …, steps steps (float32 values, held exactly in doubles). */
  readonly xs: readonly number[];
  readonly ys: readonly number[];
  /** f at each point, in float64 from the float32 coordinates. */
  readonly losses: readonly number[];
}

export function loss(x: number, y: number): number {
  return x * x + y * y;
}

/** The preset's config with the race's hyperparameters. Throws the spec's InvalidConfigError on bad values. */
export function raceConfig(preset: PresetName, s: RaceSettings): RmspropConfig {
  if (s.mode === 'own-defaults') return presetConfig(preset, { lr: s.lr });
  return presetConfig(preset, { lr: s.lr, rho: s.rho, eps: s.eps, momentum: s.momentum, centered: s.centered });
}

/** The gradient of x² + y², computed in float32 (2·x is exact in float32, so this equals the true gradient). */
export function raceGradient(p: Float32Array): Float32Array {
  return Float32Array.from(p, (v) => 2 * v);
}

export function raceTrajectory(preset: PresetName, s: RaceSettings, start: readonly [number, number], steps: number): Trajectory {
  const opt = new ReferenceOptimizer(rmsprop(preset, raceConfig(preset, s)), { dtype: 'float32' });
  const p = Float32Array.from(start);
  const params = new Map([['p', p]]);
  const state = opt.init(params);
  const xs = [p[0]!];
  const ys = [p[1]!];
  for (let k = 0; k < steps; k++) {
    opt.step(params, new Map([['p', raceGradient(p)]]), state);
    xs.push(p[0]!);
    ys.push(p[1]!);
  }
  return { preset, xs, ys, losses: xs.map((x, i) => loss(x, ys[i]!)) };
}

/** The reference's params and slots after `steps` steps of the race (for the breakdown). */
export function raceStateAfter(preset: PresetName, s: RaceSettings, start: readonly [number, number], steps: number) {
  const opt = new ReferenceOptimizer(rmsprop(preset, raceConfig(preset, s)), { dtype: 'float32' });
  const p = Float32Array.from(start);
  const params = new Map([['p', p]]);
  const state = opt.init(params);
  for (let k = 0; k < steps; k++) opt.step(params, new Map([['p', raceGradient(p)]]), state);
  const slots = state.tensors.get('p')!;
  return {
    p,
    v: slots.meanSquare as Float32Array,
    m: slots.meanGrad as Float32Array | undefined,
    b: slots.momentum as Float32Array | undefined,
  };
}
