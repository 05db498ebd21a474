/**
 * Losses with `reduction='mean'` as in torch (CrossEntropyLoss, MSELoss, L1Loss), each returning the loss and
 * writing d(loss)/d(prediction) in float32.
 *
 * The per-example arithmetic runs in float64 and is rounded once into the float32 gradient: these are O(batch ×
 * classes) operations, so doing them exactly costs nothing and leaves the matmuls as the only float32 error.
 */

export type LossKind = 'cross-entropy' | 'mse' | 'l1';

/**
 * Mean softmax cross-entropy of `logits` [batch, classes] against integer `labels`.
 * loss = mean_b(logsumexp(z_b) − z_b[y_b]); grad = (softmax(z_b) − onehot(y_b)) / batch.
 */
export function softmaxCrossEntropy(
  logits: Float32Array,
  batch: number,
  classes: number,
  labels: ArrayLike<number>,
  grad: Float32Array,
): number {
  let total = 0;
  for (let b = 0; b < batch; b++) {
    const row = b * classes;
    const label = labels[b]!;
    if (!Number.isInteger(label) || label < 0 || label >= classes) {
      throw new RangeError(`label ${label} of example ${b} is outside [0, ${classes})`);
    }
    let max = -Infinity;
    for (let c = 0; c < classes; c++) max = Math.max(max, logits[row + c]!);
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += Math.exp(logits[row + c]! - max);
    const logSum = Math.log(sum) + max;
    total += logSum - logits[row + label]!;
    for (let c = 0; c < classes; c++) {
      const p = Math.exp(logits[row + c]! - logSum);
      grad[row + c] = (p - (c === label ? 1 : 0)) / batch;
    }
  }
  return total / batch;
}

/** Mean over all elements of (pred − target)²; grad = 2(pred − target)/n. */
export function meanSquaredError(pred: Float32Array, target: Float32Array, n: number, grad: Float32Array): number {
  let total = 0;
  for (let i = 0; i < n; i++) {
    const d = pred[i]! - target[i]!;
    total += d * d;
    grad[i] = (2 * d) / n;
  }
  return total / n;
}

/** Mean over all elements of |pred − target|; grad = sign(pred − target)/n, with sign(0) = 0 as in torch. */
export function meanAbsoluteError(pred: Float32Array, target: Float32Array, n: number, grad: Float32Array): number {
  let total = 0;
  for (let i = 0; i < n; i++) {
    const d = pred[i]! - target[i]!;
    total += Math.abs(d);
    grad[i] = Math.sign(d) / n;
  }
  return total / n;
}
