/**
 * The dense-layer products with a FUSED multiply-add per term, in plain JS: the definition of what the
 * arena's fused GEMM (`../arena/dense-gemm-wasm.ts`, `f32x4.relaxed_madd` where proved fused) computes,
 * and its fallback for odd layer widths. Each term is the spec's exact `fmaF32` (one rounding), terms in
 * the same ascending order as `dense-kernels.ts` (zeros skipped), starting from +0; the bias is added once
 * after the sum. Differs from `dense-kernels.ts` only in rounding each term once instead of twice
 * (fl32(fl64(·))), so the PyTorch parity bound (one rounding ≤ u per term) covers both.
 *
 * Slow (fmaF32 is a TwoSum and a tie check per term): it is a reference and a fallback, not a fast path.
 */
import { fmaF32 } from '@isostep/spec';
import type { DenseOps } from './dense-ops.js';

/**
 * out[r·outRow + c·outCol] = fma-chain over the non-zero a[r·aRow + j·aTerm], j ascending, of M[j·mRow + c]
 * (+ bias[c]): the one loop behind all three products (strides as in `dense-wasm.ts`).
 */
function fusedRows(
  out: Float32Array,
  outRow: number,
  outCol: number,
  a: Float32Array,
  aRow: number,
  aTerm: number,
  terms: number,
  m: Float32Array,
  mRow: number,
  count: number,
  cols: number,
  bias: Float32Array | null,
): void {
  const acc = new Float64Array(cols);
  for (let r = 0; r < count; r++) {
    acc.fill(0);
    for (let j = 0; j < terms; j++) {
      const v = a[r * aRow + j * aTerm]!;
      if (v === 0) continue;
      for (let c = 0; c < cols; c++) acc[c] = fmaF32(v, m[j * mRow + c]!, acc[c]!);
    }
    for (let c = 0; c < cols; c++) out[r * outRow + c * outCol] = bias ? acc[c]! + bias[c]! : acc[c]!;
  }
}

export class FusedJsDenseOps implements DenseOps {
  forward(x: Float32Array, batch: number, inF: number, w: Float32Array, bias: Float32Array, outF: number, y: Float32Array): void {
    // m[j, c] = Wᵀ[k, o] = w[o·inF + k]: stride 1 between terms, inF between columns; use a transposed copy.
    const wT = new Float32Array(inF * outF);
    for (let o = 0; o < outF; o++) for (let k = 0; k < inF; k++) wT[k * outF + o] = w[o * inF + k]!;
    fusedRows(y, outF, 1, x, inF, 1, inF, wT, outF, batch, outF, bias);
  }

  paramGrad(x: Float32Array, batch: number, inF: number, dy: Float32Array, outF: number, dw: Float32Array, db: Float32Array): void {
    db.fill(0);
    for (let b = 0; b < batch; b++) for (let o = 0; o < outF; o++) db[o] = db[o]! + dy[b * outF + o]!;
    // Row k of dwᵀ: terms over b of x[b, k]·dy[b, :], written transposed into dw[o, k].
    fusedRows(dw, 1, inF, x, 1, inF, batch, dy, outF, inF, outF, null);
  }

  inputGrad(dy: Float32Array, batch: number, outF: number, w: Float32Array, inF: number, dx: Float32Array): void {
    fusedRows(dx, inF, 1, dy, outF, 1, outF, w, inF, batch, inF, null);
  }

  stage(input: Float32Array): Float32Array {
    return input;
  }

  allocate(length: number): Float32Array {
    return new Float32Array(length);
  }

  adopt(t: Float32Array): Float32Array {
    return t;
  }

  release(): void {}

  dispose(): void {}
}
