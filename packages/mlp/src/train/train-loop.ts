import type { Optimizer, OptimizerState } from '@isostep/spec';
import type { LabelledImages } from '../data/mnist.js';
import type { Random } from '../data/random.js';
import { seededPermutation } from '../data/shuffle.js';
import type { Mlp } from '../mlp/mlp.js';
import type { ParamUpdate } from './param-update.js';

export interface EpochContext {
  readonly mlp: Mlp;
  readonly optimizer: Optimizer;
  readonly state: OptimizerState;
  readonly data: LabelledImages;
  readonly batchSize: number;
  /**
   * Draws this epoch's shuffle; the caller keeps one stream across epochs so every epoch differs. Null: no
   * shuffle, the examples in their order every epoch (to replay another framework's batches).
   */
  readonly shuffle: Random | null;
  /** Called after every step with the step's mean loss and the steps done so far in this epoch. */
  readonly onStep?: (loss: number, done: number, total: number) => void;
}

export interface AsyncEpochContext extends Omit<EpochContext, 'optimizer' | 'state'> {
  readonly update: ParamUpdate;
}

interface Batch {
  readonly x: Float32Array;
  readonly y: Uint8Array;
  readonly n: number;
  readonly step: number;
  readonly steps: number;
}

/**
 * One epoch's minibatches: a fresh seeded permutation, ⌈count / batch⌉ steps, the last batch smaller when
 * count is not a multiple (like a torch DataLoader with drop_last=False). The x and y buffers are reused.
 */
function* epochBatches(data: LabelledImages, batchSize: number, shuffle: Random | null): Generator<Batch> {
  const features = data.features;
  const order = shuffle === null ? Uint32Array.from({ length: data.count }, (_, i) => i) : seededPermutation(data.count, shuffle);
  const x = new Float32Array(batchSize * features);
  const y = new Uint8Array(batchSize);
  const steps = Math.ceil(data.count / batchSize);
  for (let step = 0; step < steps; step++) {
    const start = step * batchSize;
    const n = Math.min(batchSize, data.count - start);
    for (let i = 0; i < n; i++) {
      const j = order[start + i]!;
      x.set(data.images.subarray(j * features, (j + 1) * features), i * features);
      y[i] = data.labels[j]!;
    }
    yield { x, y, n, step, steps };
  }
}

/** One epoch of minibatch training with a (synchronous) spec optimizer. Returns the mean step loss. */
export function trainEpoch(ctx: EpochContext): number {
  let total = 0;
  let steps = 0;
  for (const b of epochBatches(ctx.data, ctx.batchSize, ctx.shuffle)) {
    const loss = ctx.mlp.lossAndGradients(b.x, b.n, b.y);
    ctx.optimizer.step(ctx.mlp.params, ctx.mlp.gradients, ctx.state);
    total += loss;
    steps = b.steps;
    ctx.onStep?.(loss, b.step + 1, b.steps);
  }
  return total / steps;
}

/** The same epoch with an update that may be asynchronous (each step awaits the previous one). */
export async function trainEpochAsync(ctx: AsyncEpochContext): Promise<number> {
  let total = 0;
  let steps = 0;
  for (const b of epochBatches(ctx.data, ctx.batchSize, ctx.shuffle)) {
    const loss = ctx.mlp.lossAndGradients(b.x, b.n, b.y);
    await ctx.update(ctx.mlp.params, ctx.mlp.gradients);
    total += loss;
    steps = b.steps;
    ctx.onStep?.(loss, b.step + 1, b.steps);
  }
  return total / steps;
}
