import type { LabelledImages, Mlp, Random } from '@isostep/reference-cpu';
import { seededPermutation, softmaxCrossEntropy } from '@isostep/reference-cpu';
import type { Optimizer, OptimizerState } from '@isostep/spec';

export interface EpochContext {
  readonly mlp: Mlp;
  readonly optimizer: Optimizer;
  readonly state: OptimizerState;
  readonly data: LabelledImages;
  readonly batchSize: number;
  /** Draws this epoch's shuffle; the caller keeps one stream across epochs so every epoch differs. */
  readonly shuffle: Random;
  /** Called after every step with the step's mean loss and the steps done so far in this epoch. */
  readonly onStep?: (loss: number, done: number, total: number) => void;
}

/**
 * One epoch of minibatch training: a fresh seeded permutation, ⌈count / batch⌉ steps, the last batch smaller
 * when count is not a multiple (like a torch DataLoader with drop_last=False). Returns the mean step loss.
 */
export function trainEpoch(ctx: EpochContext): number {
  const { mlp, data, batchSize } = ctx;
  const features = data.features;
  const order = seededPermutation(data.count, ctx.shuffle);
  const x = new Float32Array(batchSize * features);
  const y = new Uint8Array(batchSize);
  const steps = Math.ceil(data.count / batchSize);
  let total = 0;
  for (let step = 0; step < steps; step++) {
    const start = step * batchSize;
    const n = Math.min(batchSize, data.count - start);
    for (let i = 0; i < n; i++) {
      const j = order[start + i]!;
      x.set(data.images.subarray(j * features, (j + 1) * features), i * features);
      y[i] = data.labels[j]!;
    }
    const loss = mlp.lossAndGradients(x, n, y);
    ctx.optimizer.step(mlp.params, mlp.gradients, ctx.state);
    total += loss;
    ctx.onStep?.(loss, step + 1, steps);
  }
  return total / steps;
}

export interface Evaluation {
  /** Mean cross-entropy over the set. */
  readonly loss: number;
  /** Fraction of examples whose argmax logit (first index on ties) is the label. */
  readonly accuracy: number;
}

/** Loss and accuracy on a whole set, in chunks of `chunk` examples. */
export function evaluate(mlp: Mlp, data: LabelledImages, chunk = 1000): Evaluation {
  let lossSum = 0;
  let correct = 0;
  const out = mlp.outputSize;
  const unusedGrad = new Float32Array(chunk * out);
  for (let start = 0; start < data.count; start += chunk) {
    const n = Math.min(chunk, data.count - start);
    const x = data.images.subarray(start * data.features, (start + n) * data.features);
    const labels = data.labels.subarray(start, start + n);
    const logits = mlp.forward(x, n);
    lossSum += softmaxCrossEntropy(logits, n, out, labels, unusedGrad) * n;
    for (let i = 0; i < n; i++) if (argmax(logits, i * out, out) === labels[i]) correct++;
  }
  return { loss: lossSum / data.count, accuracy: correct / data.count };
}

export function argmax(values: ArrayLike<number>, start: number, length: number): number {
  let best = 0;
  for (let i = 1; i < length; i++) if (values[start + i]! > values[start + best]!) best = i;
  return best;
}
