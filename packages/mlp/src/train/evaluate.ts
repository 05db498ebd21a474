import type { LabelledImages } from '../data/mnist.js';
import { softmaxCrossEntropy } from '../mlp/losses.js';
import type { Mlp } from '../mlp/mlp.js';

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
