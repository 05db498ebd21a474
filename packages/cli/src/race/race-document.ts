/**
 * What `isostep race … --json` prints: one JSON document per race, every number as the race computed it
 * (positions are float32 values written as the doubles they are, so `Math.fround` is the identity on them).
 */
import type { LinearRace, QuadraticRace } from '@isostep/mlp';

export interface QuadraticRaceDocument {
  readonly race: 'quadratic';
  readonly function: 'x^2 + y^2';
  readonly preset: string;
  readonly dtype: 'float32';
  readonly start: readonly [number, number];
  readonly steps: number;
  readonly lanes: readonly (
    | {
        readonly optimizer: string;
        readonly lr: number;
        /** The full config that ran (spec field names). */
        readonly config: Readonly<Record<string, unknown>>;
        /** [x, y] at the start (index 0) and after each step k (index k). */
        readonly positions: readonly (readonly [number, number])[];
        readonly losses: readonly number[];
      }
    | { readonly optimizer: string; readonly lr: number; readonly skipped: string }
  )[];
}

export function quadraticRaceDocument(race: QuadraticRace): QuadraticRaceDocument {
  return {
    race: 'quadratic',
    function: 'x^2 + y^2',
    preset: race.preset,
    dtype: race.dtype,
    start: race.start,
    steps: race.steps,
    lanes: race.lanes.map((lane) =>
      lane.skipped !== undefined
        ? { optimizer: lane.optimizer, lr: lane.lr, skipped: lane.skipped }
        : { optimizer: lane.optimizer, lr: lane.lr, config: { ...lane.spec.config }, positions: lane.positions, losses: lane.losses },
    ),
  };
}

export interface LinearRaceDocument {
  readonly race: 'linear';
  readonly model: 'Linear(20, 20, bias=False)';
  readonly preset: string;
  /** `seeded` (the generator, from `seed`) or the data file's path. */
  readonly data: string;
  readonly seed: number;
  readonly count: number;
  readonly steps: number;
  readonly lr: number;
  readonly lanes: readonly {
    readonly racer: string;
    readonly loss: string;
    readonly optimizer: string;
    readonly config: Readonly<Record<string, unknown>>;
    /** The loss at the initial weights (index 0) and after each step k (index k). */
    readonly losses: readonly number[];
  }[];
}

export function linearRaceDocument(race: LinearRace, data: string): LinearRaceDocument {
  return {
    race: 'linear',
    model: 'Linear(20, 20, bias=False)',
    preset: race.preset,
    data,
    seed: race.seed,
    count: race.count,
    steps: race.steps,
    lr: race.lr,
    lanes: race.lanes.map((lane) => ({
      racer: lane.racer,
      loss: lane.loss,
      optimizer: lane.spec.optimizer.name,
      config: { ...lane.spec.config },
      losses: lane.losses,
    })),
  };
}
