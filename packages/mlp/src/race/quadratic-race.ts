/**
 * The x² + y² race of the classic optimizer tutorials: SGD, Adagrad, RMSprop, Adadelta, Adam and AdamW from
 * (−75, −10) on f(x, y) = x² + y², gradient (2x, 2y). SGD at lr 0.1 (at lr 1 it would bounce between ±75
 * for ever: x ← x − 2x = −x), every other optimizer at lr 1, and each framework's defaults for the rest
 * (`preset`): torch's AdamW decays weights by 0.01, Keras's Adagrad starts its accumulator at 0.1, and so on.
 *
 * Browser-safe (no Node imports): the CLI (`isostep race quadratic`) and the docs race page both run this.
 * Every optimizer steps on the exact float32 reference with its preset's numerics profile, so the positions
 * are the framework's own bits (the committed torch traces of this race prove it for torch).
 */
import { ReferenceOptimizer } from '@isostep/reference-cpu';
import { fromFrameworkArgs, fromPreset, getPreset, presetNames, type OptimizerSpec } from '@isostep/spec';

/** One racer: the spec optimizer and the learning rate the race gives it. */
export interface QuadraticRacer {
  readonly optimizer: string;
  readonly lr: number;
}

/** The six racers, in the tutorial's order. */
export const QUADRATIC_RACERS: readonly QuadraticRacer[] = [
  { optimizer: 'sgd', lr: 0.1 },
  { optimizer: 'adagrad', lr: 1 },
  { optimizer: 'rmsprop', lr: 1 },
  { optimizer: 'adadelta', lr: 1 },
  { optimizer: 'adam', lr: 1 },
  { optimizer: 'adamw', lr: 1 },
];

export const QUADRATIC_START: readonly [number, number] = [-75, -10];
export const QUADRATIC_DEFAULT_STEPS = 50;
/** The name of the one parameter tensor, [x, y] (the race's committed traces use the same). */
export const QUADRATIC_PARAM = 'xy';

export interface QuadraticRaceOptions {
  /** The framework whose optimizers race (a preset name): torch, keras3, tf1, tfjs, optax. */
  readonly preset: string;
  readonly steps?: number;
  readonly start?: readonly [number, number];
}

export type QuadraticLane =
  | {
      readonly optimizer: string;
      readonly lr: number;
      readonly skipped?: undefined;
      /** The full config that ran: the preset's defaults with the race's lr. */
      readonly spec: OptimizerSpec;
      /** [x, y] at the start (index 0) and after every step (index k = after step k), float32 values. */
      readonly positions: readonly (readonly [number, number])[];
      /** f at each position, computed in float32 as the frameworks compute x**2 + y**2. */
      readonly losses: readonly number[];
    }
  /** The framework has no such optimizer (TF.js and TF1 have no AdamW). */
  | { readonly optimizer: string; readonly lr: number; readonly skipped: string };

export interface QuadraticRace {
  readonly preset: string;
  readonly start: readonly [number, number];
  readonly steps: number;
  readonly dtype: 'float32';
  readonly lanes: readonly QuadraticLane[];
}

/** Raised for a preset no racer has, or a step count out of range. */
export class RaceOptionError extends Error {
  override readonly name = 'RaceOptionError';
  constructor(
    readonly option: string,
    detail: string,
  ) {
    super(`${option}: ${detail}`);
  }
}

/** A race of ten thousand steps is already a long table; the bound keeps a typo from allocating gigabytes. */
export const MAX_RACE_STEPS = 100_000;

/** Every preset at least one racer has, in first-seen order (torch first). */
export function quadraticRacePresets(): string[] {
  return [...new Set(QUADRATIC_RACERS.flatMap((r) => presetNames(r.optimizer)))];
}

export function checkRaceSteps(steps: number): number {
  if (!Number.isSafeInteger(steps) || steps < 1 || steps > MAX_RACE_STEPS) {
    throw new RaceOptionError('--steps', `${steps} is not a whole number in [1, ${MAX_RACE_STEPS}]`);
  }
  return steps;
}

/** f(x, y) = x² + y² in float32: each square rounded, then the sum. */
export function quadraticLoss(x: number, y: number): number {
  return Math.fround(Math.fround(x * x) + Math.fround(y * y));
}

export function runQuadraticRace(options: QuadraticRaceOptions): QuadraticRace {
  const steps = checkRaceSteps(options.steps ?? QUADRATIC_DEFAULT_STEPS);
  const known = quadraticRacePresets();
  if (!known.includes(options.preset)) {
    throw new RaceOptionError('--preset', `no racer has a preset "${options.preset}" (known: ${known.join(', ')})`);
  }
  const start = options.start ?? QUADRATIC_START;
  const lanes = QUADRATIC_RACERS.map((racer): QuadraticLane => {
    if (!presetNames(racer.optimizer).includes(options.preset)) {
      return { ...racer, skipped: `${options.preset} has no ${racer.optimizer} (its presets: ${presetNames(racer.optimizer).join(', ')})` };
    }
    const spec = raceSpec(racer.optimizer, options.preset, racer.lr);
    return { ...racer, spec, ...raceOne(spec, start, steps) };
  });
  return { preset: options.preset, start: [start[0], start[1]], steps, dtype: 'float32', lanes };
}

/**
 * The optimizer as the tutorial calls it: the framework's constructor with only its learning-rate
 * argument (`optax.adadelta(learning_rate=1)`), so an argument that switches behaviour when given (optax
 * Adadelta scales by lr only when one is passed) does what the framework does. Presets without a
 * framework binding fall back to their defaults with the lr overridden.
 */
function raceSpec(optimizer: string, presetName: string, lr: number): OptimizerSpec {
  const preset = getPreset(optimizer, presetName);
  const lrArgument = (preset.args as Record<string, string | undefined>).lr;
  if (preset.provenance.kind === 'golden' && lrArgument !== undefined) {
    return fromFrameworkArgs(preset.provenance.traceFramework, optimizer, { [lrArgument]: lr });
  }
  return fromPreset(optimizer, presetName, { lr });
}

function raceOne(spec: OptimizerSpec, start: readonly [number, number], steps: number) {
  const optimizer = new ReferenceOptimizer(spec, { dtype: 'float32' });
  const p = Float32Array.from(start);
  const g = new Float32Array(2);
  const params = new Map([[QUADRATIC_PARAM, p]]);
  const grads = new Map([[QUADRATIC_PARAM, g]]);
  const state = optimizer.init(params);
  const positions: [number, number][] = [[p[0]!, p[1]!]];
  const losses = [quadraticLoss(p[0]!, p[1]!)];
  for (let k = 0; k < steps; k++) {
    // ∂f/∂x = 2x: exact in float32 (a doubling), what autograd gives for x**2.
    g[0] = 2 * p[0]!;
    g[1] = 2 * p[1]!;
    optimizer.step(params, grads, state);
    positions.push([p[0]!, p[1]!]);
    losses.push(quadraticLoss(p[0]!, p[1]!));
  }
  return { positions, losses };
}
