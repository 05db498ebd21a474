import { DenseScratch, denseForward, denseInputGrad, denseParamGrad } from './dense-kernels.js';

/**
 * The three products of a dense layer, as the MLP calls them (shapes as in `dense-kernels.ts`). Two
 * implementations with the same bits: `JsDenseOps` (plain JS, runs anywhere) and `ArenaDenseOps`
 * (WebAssembly SIMD on a fast arena's shared memory, split across its threads by output rows).
 */
export interface DenseOps {
  forward(x: Float32Array, batch: number, inF: number, w: Float32Array, bias: Float32Array, outF: number, y: Float32Array): void;
  paramGrad(x: Float32Array, batch: number, inF: number, dy: Float32Array, outF: number, dw: Float32Array, db: Float32Array): void;
  inputGrad(dy: Float32Array, batch: number, outF: number, w: Float32Array, inF: number, dx: Float32Array): void;
  /** `input`, or its first `length` values where the ops read them without copying (valid until the next call). */
  stage(input: Float32Array, length: number): Float32Array;
  /** A zeroed float32 buffer the ops use without copies. */
  allocate(length: number): Float32Array;
  /** `t` itself where the ops read any array without copies, else a copy in their memory (from `allocate`). */
  adopt(t: Float32Array): Float32Array;
  /** Returns a buffer from `allocate` (a no-op for any other array). */
  release(t: Float32Array): void;
  /** Frees the ops' own working memory; called once, by the MLP that owns them. */
  dispose(): void;
}

export class JsDenseOps implements DenseOps {
  private readonly scratch = new DenseScratch();

  forward(x: Float32Array, batch: number, inF: number, w: Float32Array, bias: Float32Array, outF: number, y: Float32Array): void {
    denseForward(x, batch, inF, w, bias, outF, y, this.scratch);
  }

  paramGrad(x: Float32Array, batch: number, inF: number, dy: Float32Array, outF: number, dw: Float32Array, db: Float32Array): void {
    denseParamGrad(x, batch, inF, dy, outF, dw, db, this.scratch);
  }

  inputGrad(dy: Float32Array, batch: number, outF: number, w: Float32Array, inF: number, dx: Float32Array): void {
    denseInputGrad(dy, batch, outF, w, inF, dx);
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
