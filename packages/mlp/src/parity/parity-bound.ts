/**
 * The step-0 half of the PyTorch parity bound, derived rather than measured.
 *
 * A float32 dot product of n terms plus a bias, summed in any order (sequential here, blocked in MKL), has
 * |fl(s) − s| ≤ γ_{n+1}·(Σ|x_k w_k| + |b|) with γ_n = n·u/(1 − n·u), u = 2^-24 (Higham, Accuracy and Stability
 * of Numerical Algorithms, §3.1). An input error e_k adds at most Σ_k |w_k|·e_k, and ReLU is 1-Lipschitz, so
 * the bound propagates layer by layer. Softmax cross-entropy has ∂L/∂z_c = p_c − [c = y] with Σ_c |p_c − [c = y]|
 * ≤ 2, so a logit error ≤ E moves one example's loss by ≤ 2E and the batch mean by ≤ the mean of those.
 * Each implementation is within this bound of the exact loss, so two of them are within twice it.
 */

const U32 = 2 ** -24;

export function gamma(n: number): number {
  return (n * U32) / (1 - n * U32);
}

/**
 * Bound on |L_float32 − L_exact| for the mean cross-entropy of one batch through dense+ReLU layers
 * (weights [out, in] row-major), evaluated in float64 from the float32 values.
 */
export function crossEntropyForwardBound(
  sizes: readonly number[],
  params: ReadonlyMap<string, Float32Array>,
  x: Float32Array,
  batch: number,
): number {
  let total = 0;
  for (let r = 0; r < batch; r++) {
    let h = Array.from(x.subarray(r * sizes[0]!, (r + 1) * sizes[0]!));
    let err = new Array<number>(h.length).fill(0);
    for (let layer = 0; layer + 1 < sizes.length; layer++) {
      const [inF, outF] = [sizes[layer]!, sizes[layer + 1]!];
      const w = params.get(`layer${layer}.weight`)!;
      const b = params.get(`layer${layer}.bias`)!;
      const next: number[] = [];
      const nextErr: number[] = [];
      for (let o = 0; o < outF; o++) {
        let s = b[o]!;
        let abs = Math.abs(b[o]!);
        let carried = 0;
        for (let k = 0; k < inF; k++) {
          const wk = w[o * inF + k]!;
          s += h[k]! * wk;
          abs += Math.abs(h[k]! * wk);
          carried += Math.abs(wk) * err[k]!;
        }
        const last = layer + 2 === sizes.length;
        next.push(last ? s : Math.max(0, s));
        nextErr.push(gamma(inF + 1) * abs + carried);
      }
      h = next;
      err = nextErr;
    }
    total += 2 * Math.max(...err);
  }
  return total / batch;
}
