import { createRandom, createRmsprop, loadMnist, Mlp, type Mnist } from '@isostep/reference-cpu';
import { getPreset, type Optimizer } from '@isostep/spec';
import { evaluate, trainEpoch } from './train-loop.js';
import { mnistDataDir } from './mnist-location.js';
import type { TrainOptions } from './train-options.js';

export interface EpochReport {
  readonly epoch: number;
  readonly trainLoss: number;
  readonly testLoss: number;
  readonly testAccuracy: number;
  readonly seconds: number;
}

export interface TrainingResult {
  readonly mlp: Mlp;
  readonly epochs: readonly EpochReport[];
}

export interface TrainingHooks {
  /** Data to use instead of reading MNIST (tests pass a subset they already hold). */
  readonly data?: Mnist;
  /**
   * The optimizer to step with instead of the exact float32 reference with the preset's numerics profile,
   * e.g. the fast kernel (same bits), or a plain SGD in tests.
   */
  readonly optimizer?: Optimizer;
  readonly onEpochStart?: (epoch: number, steps: number) => void;
  readonly onStep?: (loss: number, done: number, total: number) => void;
  readonly onEpoch?: (report: EpochReport) => void;
}

/**
 * The whole `isostep train` run on the CPU reference: float32 MLP, float32 spec RMSprop.
 * Seeds: weights from `seed`, the shuffle stream from `seed + 1` (mod 2^32), one stream for all epochs,
 * so a run is a function of its options alone.
 */
export function runTraining(options: TrainOptions, hooks: TrainingHooks = {}): TrainingResult {
  const data = hooks.data ?? loadMnist(mnistDataDir(), { train: options.limitTrain, test: options.limitTest });
  const mlp = Mlp.create(options.layers, options.seed);
  // The preset's profile matters: torch's fused sites and lerp give other bits than plain IEEE.
  const optimizer =
    hooks.optimizer ?? createRmsprop(options.config, { dtype: 'float32', profile: getPreset(options.preset).profile });
  const state = optimizer.init(mlp.params);
  const shuffle = createRandom((options.seed + 1) % 2 ** 32);
  const epochs: EpochReport[] = [];
  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    const started = performance.now();
    hooks.onEpochStart?.(epoch, Math.ceil(data.train.count / options.batch));
    const trainLoss = trainEpoch({ mlp, optimizer, state, data: data.train, batchSize: options.batch, shuffle, onStep: hooks.onStep });
    const seconds = (performance.now() - started) / 1000;
    const test = evaluate(mlp, data.test);
    const report = { epoch, trainLoss, testLoss: test.loss, testAccuracy: test.accuracy, seconds };
    epochs.push(report);
    hooks.onEpoch?.(report);
  }
  return { mlp, epochs };
}
