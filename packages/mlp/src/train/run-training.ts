import { ReferenceOptimizer } from '@isostep/reference-cpu';
import type { FastArena } from '@isostep/reference-cpu/node';
import type { OptimizerSpec } from '@isostep/spec';
import { ArenaDenseOps } from '../arena/arena-dense-ops.js';
import { loadMnist } from '../data/load-mnist.js';
import { applyInputScale, type InputScale } from '../data/input-scale.js';
import type { LabelledImages, Mnist } from '../data/mnist.js';
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
   * Weights to start from instead of the seeded initialization (`--init`: another framework's initial weights),
   * under the MLP's names (`layer0.weight`, …) and shapes. Copied: the caller's arrays are not stepped.
   */
  readonly initialParams?: ReadonlyMap<string, Float32Array>;
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
  const mlpOptions = hooks.arena ? { ops: new ArenaDenseOps(hooks.arena) } : {};
  const mlp =
    hooks.initialParams === undefined
      ? Mlp.create(options.layers, options.seed, mlpOptions)
      : new Mlp(options.layers, new Map([...hooks.initialParams].map(([name, p]) => [name, p.slice()])), mlpOptions);
  try {
    // The spec carries the preset's numerics profile: torch's fused sites and lerp give other bits than plain IEEE.
    const optimizer = hooks.optimizer ?? new ReferenceOptimizer(options.spec, { dtype: 'float32' });
    const update = await bindOptimizer(optimizer, mlp.params);
    const data = scaled(hooks.data ?? loadMnist(mnistDataDir(), { train: options.limitTrain, test: options.limitTest }), options.scale, hooks.data !== undefined);
    // Without shuffling every epoch takes the examples in file order (a torch DataLoader with shuffle=False).
    const shuffle = options.shuffle ? createRandom((options.seed + 1) % 2 ** 32) : null;
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

/** The inputs under `--scale`: the loaded arrays are scaled in place, data the caller holds is copied first. */
function scaled(data: Mnist, scale: InputScale, callersData: boolean): Mnist {
  if (scale === 'unit') return data;
  const own = (d: LabelledImages): LabelledImages => (callersData ? { ...d, images: d.images.slice() } : d);
  return { train: applyInputScale(own(data.train), scale), test: applyInputScale(own(data.test), scale) };
}
