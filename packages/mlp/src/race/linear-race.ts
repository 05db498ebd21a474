/**
 * The linear race of the classic optimizer tutorials: a bias-free Linear 20→20 (y = x·Wᵀ) trained full-batch
 * by SGD, SGD with momentum, Adam and RMSprop, once with MSE and once with L1, 40 steps, every lane from the
 * same initial weights (torch's nn.Linear default, U(−1/√20, 1/√20), from the seed). Every optimizer is the
 * chosen framework's (`preset`), at the race's learning rate (0.01 unless given: one lr for all, so the lanes
 * differ by algorithm only); "momentum" is that framework's SGD with momentum 0.9.
 *
 * Browser-safe (no Node imports). Forward and gradient use the MLP's float32 dense kernels; the step is the
 * exact float32 reference with the preset's numerics profile.
 */
import { ReferenceOptimizer } from '@isostep/reference-cpu';
import { fromPreset, presetNames, type OptimizerSpec } from '@isostep/spec';
import { createRandom } from '../data/random.js';
import { DenseScratch, denseForward, denseParamGrad } from '../mlp/dense-kernels.js';
import { initMlpParams } from '../mlp/init.js';
import { meanAbsoluteError, meanSquaredError } from '../mlp/losses.js';
import { LINEAR_FEATURES, type LinearRaceData } from './linear-race-data.js';
import { checkRaceSteps, RaceOptionError } from './quadratic-race.js';

export interface LinearRacer {
  /** The lane's name: sgd, momentum, adam, rmsprop. */
  readonly name: string;
  /** The spec optimizer it runs. */
  readonly optimizer: string;
  /** Overrides on top of the preset's defaults, besides lr. */
  readonly overrides: Readonly<Record<string, number>>;
}

export const LINEAR_RACERS: readonly LinearRacer[] = [
  { name: 'sgd', optimizer: 'sgd', overrides: {} },
  { name: 'momentum', optimizer: 'sgd', overrides: { momentum: 0.9 } },
  { name: 'adam', optimizer: 'adam', overrides: {} },
  { name: 'rmsprop', optimizer: 'rmsprop', overrides: {} },
];
export const LINEAR_LOSSES = ['mse', 'l1'] as const;
export type LinearLoss = (typeof LINEAR_LOSSES)[number];
export const LINEAR_DEFAULT_STEPS = 40;
export const LINEAR_DEFAULT_LR = 0.01;

export interface LinearRaceOptions {
  readonly data: LinearRaceData;
  readonly preset: string;
  /** Seeds the initial weights (the data has its own seed, or none when read from a file). */
  readonly seed: number;
  readonly steps?: number;
  readonly lr?: number;
}

export interface LinearLane {
  readonly racer: string;
  readonly loss: LinearLoss;
  readonly spec: OptimizerSpec;
  /** The loss at the initial weights (index 0) and after every step (index k = after step k). */
  readonly losses: readonly number[];
}

export interface LinearRace {
  readonly preset: string;
  readonly seed: number;
  readonly steps: number;
  readonly lr: number;
  readonly count: number;
  readonly lanes: readonly LinearLane[];
}

export function linearRacePresets(): string[] {
  const lists = LINEAR_RACERS.map((r) => presetNames(r.optimizer));
  // Only presets every racer has: a linear race with a missing lane would not be the race.
  return lists[0]!.filter((p) => lists.every((l) => l.includes(p)));
}

export function runLinearRace(options: LinearRaceOptions): LinearRace {
  const steps = checkRaceSteps(options.steps ?? LINEAR_DEFAULT_STEPS);
  const known = linearRacePresets();
  if (!known.includes(options.preset)) throw new RaceOptionError('--preset', `unknown preset "${options.preset}" for the linear race (known: ${known.join(', ')})`);
  const lr = options.lr ?? LINEAR_DEFAULT_LR;
  const initial = initMlpParams([LINEAR_FEATURES, LINEAR_FEATURES], createRandom(options.seed)).get('layer0.weight')!;
  const lanes: LinearLane[] = [];
  for (const loss of LINEAR_LOSSES) {
    for (const racer of LINEAR_RACERS) {
      const spec = fromPreset(racer.optimizer, options.preset, { ...racer.overrides, lr });
      lanes.push({ racer: racer.name, loss, spec, losses: trainLane(spec, initial, options.data, loss, steps) });
    }
  }
  return { preset: options.preset, seed: options.seed, steps, lr, count: options.data.count, lanes };
}

function trainLane(spec: OptimizerSpec, initial: Float32Array, data: LinearRaceData, loss: LinearLoss, steps: number): number[] {
  const n = LINEAR_FEATURES;
  const batch = data.count;
  const w = initial.slice();
  const gw = new Float32Array(n * n);
  const noBias = new Float32Array(n);
  const gb = new Float32Array(n);
  const pred = new Float32Array(batch * n);
  const dPred = new Float32Array(batch * n);
  const scratch = new DenseScratch();
  const optimizer = new ReferenceOptimizer(spec, { dtype: 'float32' });
  const params = new Map([['weight', w]]);
  const grads = new Map([['weight', gw]]);
  const state = optimizer.init(params);
  const lossAndGradient = (): number => {
    denseForward(data.inputs, batch, n, w, noBias, n, pred, scratch);
    const value =
      loss === 'mse' ? meanSquaredError(pred, data.targets, batch * n, dPred) : meanAbsoluteError(pred, data.targets, batch * n, dPred);
    // The bias gradient is computed and dropped: the layer has none.
    denseParamGrad(data.inputs, batch, n, dPred, n, gw, gb, scratch);
    return value;
  };
  const losses: number[] = [];
  for (let k = 0; k < steps; k++) {
    losses.push(lossAndGradient());
    optimizer.step(params, grads, state);
  }
  losses.push(lossAndGradient());
  return losses;
}
