import { createRandom, createRmsprop, loadMnist, Mlp, type FastArena, type Mnist } from '@isostep/reference-cpu/node';
import { getPreset, type Optimizer } from '@isostep/spec';
import { evaluate, trainEpochAsync, type ParamUpdate } from './train-loop.js';
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

/** How the parameters are updated: from the MLP's initial params, before any data is read. */
export interface Updater {
  readonly update: ParamUpdate;
  readonly dispose?: () => void;
}

export interface TrainingHooks {
  /** Data to use instead of reading MNIST (tests pass a subset they already hold). */
  readonly data?: Mnist;
  /**
   * The optimizer to step with instead of the exact float32 reference with the preset's numerics profile,
   * e.g. the fast kernel (same bits), or a plain SGD in tests.
   */
  readonly optimizer?: Optimizer;
  /** Or an update built for the MLP's params (another backend); it wins over `optimizer`. Disposed at the end. */
  readonly updater?: (params: Map<string, Float32Array>) => Promise<Updater>;
  /** Run the MLP's dense products on this arena (WebAssembly SIMD, its threads; same bits as without). */
  readonly arena?: FastArena;
  readonly onEpochStart?: (epoch: number, steps: number) => void;
  readonly onStep?: (loss: number, done: number, total: number) => void;
  readonly onEpoch?: (report: EpochReport) => void;
}

/**
 * The whole `isostep train` run: float32 MLP on the CPU, float32 spec RMSprop (on the CPU unless an
 * `updater` puts it elsewhere). Seeds: weights from `seed`, the shuffle stream from `seed + 1` (mod 2^32),
 * one stream for all epochs, so a run is a function of its options alone. The updater is set up before any
 * data is read, so a backend that cannot run fails first.
 */
export async function runTraining(options: TrainOptions, hooks: TrainingHooks = {}): Promise<TrainingResult> {
  const mlp = Mlp.create(options.layers, options.seed, hooks.arena ? { arena: hooks.arena } : {});
  let updater: Updater;
  if (hooks.updater) updater = await hooks.updater(mlp.params);
  else {
    // The preset's profile matters: torch's fused sites and lerp give other bits than plain IEEE.
    const optimizer =
      hooks.optimizer ?? createRmsprop(options.config, { dtype: 'float32', profile: getPreset(options.preset).profile });
    const state = optimizer.init(mlp.params);
    updater = { update: (p, g) => optimizer.step(p, g, state) };
  }
  try {
    const data = hooks.data ?? loadMnist(mnistDataDir(), { train: options.limitTrain, test: options.limitTest });
    const shuffle = createRandom((options.seed + 1) % 2 ** 32);
    const epochs: EpochReport[] = [];
    for (let epoch = 1; epoch <= options.epochs; epoch++) {
      const started = performance.now();
      hooks.onEpochStart?.(epoch, Math.ceil(data.train.count / options.batch));
      const trainLoss = await trainEpochAsync({ mlp, update: updater.update, data: data.train, batchSize: options.batch, shuffle, onStep: hooks.onStep });
      const seconds = (performance.now() - started) / 1000;
      const test = evaluate(mlp, data.test);
      const report = { epoch, trainLoss, testLoss: test.loss, testAccuracy: test.accuracy, seconds };
      epochs.push(report);
      hooks.onEpoch?.(report);
    }
    return { mlp, epochs };
  } finally {
    updater.dispose?.();
  }
}
