import { ReferenceOptimizer } from '@isostep/reference-cpu';
import type { FastArena } from '@isostep/reference-cpu/node';
import type { OptimizerSpec } from '@isostep/spec';
import { ArenaDenseOps } from '../arena/arena-dense-ops.js';
import { loadMnist } from '../data/load-mnist.js';
import type { Mnist } from '../data/mnist.js';
import { mnistDataDir } from '../data/mnist-location.js';
import { createRandom } from '../data/random.js';
import { Mlp } from '../mlp/mlp.js';
import { evaluate } from './evaluate.js';
import { bindOptimizer, type TrainOptimizer } from './param-update.js';
import { trainEpochAsync } from './train-loop.js';
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
  /** What stepped the parameters: the optimizer's own spec (config and numerics), for reports and exports. */
  readonly spec: OptimizerSpec;
}

export interface TrainingHooks {
  /** Data to use instead of reading MNIST (tests pass a subset they already hold). */
  readonly data?: Mnist;
  /**
   * The optimizer to step with, of either contract shape, built by the caller from `options.spec` on the
   * backend of its choice (`createStepBackend`, or any backend's optimizer). The caller owns it: training
   * starts it from the MLP's initial parameters but never disposes it. Default: the exact float32
   * reference of `options.spec`.
   */
  readonly optimizer?: TrainOptimizer;
  /** Run the MLP's dense products on this arena (WebAssembly SIMD, its threads; same bits as without). */
  readonly arena?: FastArena;
  readonly onEpochStart?: (epoch: number, steps: number) => void;
  readonly onStep?: (loss: number, done: number, total: number) => void;
  readonly onEpoch?: (report: EpochReport) => void;
}

/**
 * The whole `isostep train` run: a float32 MLP on the CPU, stepped by a spec optimizer (on the CPU unless
 * the caller's optimizer lives elsewhere). Seeds: weights from `seed`, the shuffle stream from `seed + 1`
 * (mod 2^32), one stream for all epochs, so a run is a function of its options alone. The optimizer is
 * started before any data is read, so a backend that cannot take the parameters fails first.
 */
export async function runTraining(options: TrainOptions, hooks: TrainingHooks = {}): Promise<TrainingResult> {
  const mlp = Mlp.create(options.layers, options.seed, hooks.arena ? { ops: new ArenaDenseOps(hooks.arena) } : {});
  try {
    // The spec carries the preset's numerics profile: torch's fused sites and lerp give other bits than plain IEEE.
    const optimizer = hooks.optimizer ?? new ReferenceOptimizer(options.spec, { dtype: 'float32' });
    const update = await bindOptimizer(optimizer, mlp.params);
    const data = hooks.data ?? loadMnist(mnistDataDir(), { train: options.limitTrain, test: options.limitTest });
    const shuffle = createRandom((options.seed + 1) % 2 ** 32);
    const epochs: EpochReport[] = [];
    for (let epoch = 1; epoch <= options.epochs; epoch++) {
      const started = performance.now();
      hooks.onEpochStart?.(epoch, Math.ceil(data.train.count / options.batch));
      const trainLoss = await trainEpochAsync({ mlp, update, data: data.train, batchSize: options.batch, shuffle, onStep: hooks.onStep });
      const seconds = (performance.now() - started) / 1000;
      const test = evaluate(mlp, data.test);
      const report = { epoch, trainLoss, testLoss: test.loss, testAccuracy: test.accuracy, seconds };
      epochs.push(report);
      hooks.onEpoch?.(report);
    }
    return { mlp, epochs, spec: optimizer.spec };
  } catch (error) {
    mlp.dispose();
    throw error;
  }
}
