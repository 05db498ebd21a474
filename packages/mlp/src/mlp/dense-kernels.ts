/**
 * float32 kernels of a dense layer y = x·Wᵀ + b, with W stored [out, in] row-major like `torch.nn.Linear`.
 *
 * Summation order is fixed and documented per kernel (the PyTorch parity bound in
 * `../parity/parity-bound.ts` relies on the sum lengths named here). Every partial
 * sum is rounded to float32 (Math.fround or a Float32Array store), so the arithmetic is float32 with a
 * fused-multiply-add-like product (a float32×float32 product is exact in a double).
 *
 * Zero inputs are skipped. For finite weights that is bit-identical to adding the ±0 products (s + ±0 = s
 * for s ≠ −0, and −0 + ±0 only arises while every product so far was zero), and MNIST pixels are ~80%
 * zero, ReLU outputs ~50%, which is most of the speed of an epoch on two cores.
 */

/**
 * y[b,o] = fl(fl(Σ_k x[b,k]·w[o,k]) + bias[o]): the dot product runs over k ascending from 0 (a sum of
 * `inF` terms), then the bias is added once.
 *
 * Computed as axpy rows over a transposed copy of w (y[b,:] += x[b,k]·wᵀ[k,:]): every output still sees its
 * terms in k order, but the inner loop is contiguous and has no dependency chain, about 3× faster in V8 than
 * the dot-product form.
 */
export function denseForward(
  x: Float32Array,
  batch: number,
  inF: number,
  w: Float32Array,
  bias: Float32Array,
  outF: number,
  y: Float32Array,
  scratch: DenseScratch,
): void {
  const { index, value } = scratch.rows(inF);
  const wT = scratch.transposed(inF * outF);
  transpose(w, outF, inF, wT);
  y.fill(0, 0, batch * outF);
  for (let b = 0; b < batch; b++) {
    const nnz = gatherNonZero(x, b * inF, inF, index, value);
    const yRow = b * outF;
    accumulateRows(y, yRow, value, index, nnz, wT, outF);
    for (let o = 0; o < outF; o++) y[yRow + o] = y[yRow + o]! + bias[o]!;
  }
}

/**
 * dw[o,k] = Σ_b dy[b,o]·x[b,k] and db[o] = Σ_b dy[b,o], both over b ascending (sums of `batch` terms);
 * dw and db are overwritten. Computed row by row of dwᵀ: dwᵀ[k,:] = Σ_b xᵀ[k,b]·dy[b,:], the same blocking
 * as `denseForward` with the batch in place of the inputs.
 */
export function denseParamGrad(
  x: Float32Array,
  batch: number,
  inF: number,
  dy: Float32Array,
  outF: number,
  dw: Float32Array,
  db: Float32Array,
  scratch: DenseScratch,
): void {
  db.fill(0);
  for (let b = 0; b < batch; b++) for (let o = 0; o < outF; o++) db[o] = db[o]! + dy[b * outF + o]!;
  const xT = scratch.transposedInput(batch * inF);
  transpose(x, batch, inF, xT);
  const dwT = scratch.transposed(inF * outF);
  dwT.fill(0, 0, inF * outF);
  const { index, value } = scratch.rows(batch);
  for (let k = 0; k < inF; k++) {
    const nnz = gatherNonZero(xT, k * batch, batch, index, value);
    accumulateRows(dwT, k * outF, value, index, nnz, dy, outF);
  }
  transpose(dwT, inF, outF, dw);
}

/** dx[b,k] = Σ_o dy[b,o]·w[o,k], over o ascending (a sum of `outF` terms); dx is overwritten. */
export function denseInputGrad(
  dy: Float32Array,
  batch: number,
  outF: number,
  w: Float32Array,
  inF: number,
  dx: Float32Array,
): void {
  dx.fill(0, 0, batch * inF);
  for (let b = 0; b < batch; b++) {
    const dxRow = b * inF;
    for (let o = 0; o < outF; o++) {
      const g = dy[b * outF + o]!;
      if (g === 0) continue;
      const wRow = o * inF;
      for (let k = 0; k < inF; k++) dx[dxRow + k] = dx[dxRow + k]! + g * w[wRow + k]!;
    }
  }
}

/**
 * out[at + o] = fl(… fl(fl(out[at + o] + v₀·m[i₀,o]) + v₁·m[i₁,o]) …) over the nnz (value, index) pairs in
 * order: one float32 rounding per term, like the plain loop, but four terms per pass over `out`.
 */
function accumulateRows(
  out: Float32Array,
  at: number,
  value: Float32Array,
  index: Int32Array,
  nnz: number,
  m: Float32Array,
  cols: number,
): void {
  let i = 0;
  for (; i + 4 <= nnz; i += 4) {
    const v0 = value[i]!, v1 = value[i + 1]!, v2 = value[i + 2]!, v3 = value[i + 3]!;
    const r0 = index[i]! * cols, r1 = index[i + 1]! * cols, r2 = index[i + 2]! * cols, r3 = index[i + 3]! * cols;
    for (let o = 0; o < cols; o++) {
      let acc = Math.fround(out[at + o]! + v0 * m[r0 + o]!);
      acc = Math.fround(acc + v1 * m[r1 + o]!);
      acc = Math.fround(acc + v2 * m[r2 + o]!);
      out[at + o] = acc + v3 * m[r3 + o]!;
    }
  }
  for (; i < nnz; i++) {
    const v = value[i]!;
    const row = index[i]! * cols;
    for (let o = 0; o < cols; o++) out[at + o] = out[at + o]! + v * m[row + o]!;
  }
}

/** Reusable buffers: the non-zero entries of one row, a transposed weight and a transposed input. */
export class DenseScratch {
  private indexBuf = new Int32Array(0);
  private valueBuf = new Float32Array(0);
  private transposedBuf = new Float32Array(0);
  private transposedInputBuf = new Float32Array(0);

  rows(length: number): { index: Int32Array; value: Float32Array } {
    if (this.indexBuf.length < length) {
      this.indexBuf = new Int32Array(length);
      this.valueBuf = new Float32Array(length);
    }
    return { index: this.indexBuf, value: this.valueBuf };
  }

  transposedInput(length: number): Float32Array {
    if (this.transposedInputBuf.length < length) this.transposedInputBuf = new Float32Array(length);
    return this.transposedInputBuf;
  }

  transposed(length: number): Float32Array {
    if (this.transposedBuf.length < length) this.transposedBuf = new Float32Array(length);
    return this.transposedBuf;
  }
}

/** to[c, r] = from[r, c] for a rows × cols row-major matrix. */
function transpose(from: Float32Array, rows: number, cols: number, to: Float32Array): void {
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    for (let c = 0; c < cols; c++) to[c * rows + r] = from[base + c]!;
  }
}

function gatherNonZero(x: Float32Array, start: number, length: number, index: Int32Array, value: Float32Array): number {
  let nnz = 0;
  for (let k = 0; k < length; k++) {
    const v = x[start + k]!;
    if (v !== 0) {
      index[nnz] = k;
      value[nnz] = v;
      nnz++;
    }
  }
  return nnz;
}
