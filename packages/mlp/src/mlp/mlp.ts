import { createRandom } from '../data/random.js';
import { JsDenseOps, type DenseOps } from './dense-ops.js';
import { initMlpParams } from './init.js';
import { mlpParamNames } from './layer-sizes.js';
import { meanAbsoluteError, meanSquaredError, softmaxCrossEntropy, type LossKind } from './losses.js';

/** Targets: class labels for cross-entropy, a [batch, out] float32 tensor for MSE and L1. */
export type LossTarget = ArrayLike<number> | Float32Array;

export interface MlpOptions {
  /**
   * Where the dense products run; default `JsDenseOps` (plain JS, runs anywhere). `ArenaDenseOps` from
   * `@isostep/mlp/node` runs them as WebAssembly SIMD on a fast arena's shared memory and threads (same
   * bits): parameters, gradients and activations are then allocated in the arena, so a fast optimizer on
   * the same arena steps them in place. The ops belong to this MLP from then on (`dispose` frees them).
   */
  readonly ops?: DenseOps;
}

/**
 * A float32 multilayer perceptron: dense layers with ReLU between them and none after the last (the output
 * is logits). Parameters live in `params` under torch's layout and the names of `mlpParamNames`, so any
 * `Optimizer` from the spec steps them directly; `gradients` holds the last backward pass under the same names.
 */
export class Mlp {
  readonly sizes: readonly number[];
  readonly params: Map<string, Float32Array>;
  readonly gradients: Map<string, Float32Array>;
  /** activations[i]: input of layer i (activations[0] is the caller's input); the last is the output. */
  private activations: Float32Array[] = [];
  private deltas: Float32Array[] = [];
  private capacity = 0;
  private readonly ops: DenseOps;

  /** Initializes parameters like torch's nn.Linear default, from `seed`. */
  static create(sizes: readonly number[], seed: number, options: MlpOptions = {}): Mlp {
    return new Mlp(sizes, initMlpParams(sizes, createRandom(seed)), options);
  }

  /** Uses `params` as they are, unless the ops keep their own memory: then they are copied into it (see `MlpOptions`). */
  constructor(sizes: readonly number[], params: Map<string, Float32Array>, options: MlpOptions = {}) {
    if (sizes.length < 2 || sizes.some((s) => !Number.isSafeInteger(s) || s < 1)) {
      throw new RangeError(`MLP sizes must be ≥ 2 positive integers, got [${sizes.join(', ')}]`);
    }
    this.sizes = [...sizes];
    const names = mlpParamNames(sizes.length - 1);
    this.gradients = new Map();
    for (let layer = 0; layer + 1 < sizes.length; layer++) {
      const expected = [sizes[layer + 1]! * sizes[layer]!, sizes[layer + 1]!];
      for (let j = 0; j < 2; j++) {
        const name = names[2 * layer + j]!;
        const tensor = params.get(name);
        if (tensor === undefined) throw new RangeError(`MLP parameter ${name} is missing`);
        if (tensor.length !== expected[j]) {
          throw new RangeError(`MLP parameter ${name} has ${tensor.length} values, layer sizes need ${expected[j]}`);
        }
      }
    }
    const ops = options.ops ?? new JsDenseOps();
    this.ops = ops;
    this.params = new Map(names.map((name) => [name, ops.adopt(params.get(name)!)]));
    for (const name of names) this.gradients.set(name, ops.allocate(params.get(name)!.length));
  }

  /** Frees what this MLP holds in its ops' memory (params and gradients included); a no-op for the JS ops. */
  dispose(): void {
    for (const t of [...this.params.values(), ...this.gradients.values(), ...this.activations.slice(1), ...this.deltas]) this.ops.release(t);
    this.activations = [];
    this.deltas = [];
    this.capacity = 0;
    this.ops.dispose();
  }

  get inputSize(): number {
    return this.sizes[0]!;
  }

  get outputSize(): number {
    return this.sizes[this.sizes.length - 1]!;
  }

  /** Logits [batch, out]. The returned array is an internal buffer, valid until the next call. */
  forward(input: Float32Array, batch: number): Float32Array {
    this.checkInput(input, batch);
    this.reserve(batch);
    const layers = this.sizes.length - 1;
    let x = this.ops.stage(input, batch * this.inputSize);
    this.activations[0] = x;
    for (let layer = 0; layer < layers; layer++) {
      const inF = this.sizes[layer]!;
      const outF = this.sizes[layer + 1]!;
      const y = this.activations[layer + 1]!;
      this.ops.forward(x, batch, inF, this.weight(layer), this.bias(layer), outF, y);
      if (layer + 1 < layers) {
        // ReLU; NaN passes through as in torch.
        for (let i = 0; i < batch * outF; i++) if (y[i]! < 0) y[i] = 0;
      }
      x = y;
    }
    return x.subarray(0, batch * this.outputSize);
  }

  /** Forward, loss, backward: returns the mean loss and fills `gradients`. */
  lossAndGradients(input: Float32Array, batch: number, target: LossTarget, loss: LossKind = 'cross-entropy'): number {
    const logits = this.forward(input, batch);
    const layers = this.sizes.length - 1;
    const out = this.outputSize;
    const delta = this.deltas[layers]!;
    let value: number;
    if (loss === 'cross-entropy') {
      value = softmaxCrossEntropy(logits, batch, out, target, delta);
    } else {
      if (!(target instanceof Float32Array) || target.length < batch * out) {
        throw new RangeError(`${loss} loss needs a Float32Array target of ${batch * out} values`);
      }
      const n = batch * out;
      value = loss === 'mse' ? meanSquaredError(logits, target, n, delta) : meanAbsoluteError(logits, target, n, delta);
    }
    for (let layer = layers - 1; layer >= 0; layer--) {
      const inF = this.sizes[layer]!;
      const outF = this.sizes[layer + 1]!;
      const dy = this.deltas[layer + 1]!;
      const x = this.activations[layer]!;
      const name = `layer${layer}`;
      this.ops.paramGrad(x, batch, inF, dy, outF, this.gradients.get(`${name}.weight`)!, this.gradients.get(`${name}.bias`)!);
      if (layer === 0) break;
      const dx = this.deltas[layer]!;
      this.ops.inputGrad(dy, batch, outF, this.weight(layer), inF, dx);
      // ReLU backward, torch's threshold_backward: zero where the ReLU output is ≤ 0.
      for (let i = 0; i < batch * inF; i++) if (x[i]! <= 0) dx[i] = 0;
    }
    return value;
  }

  private weight(layer: number): Float32Array {
    return this.params.get(`layer${layer}.weight`)!;
  }

  private bias(layer: number): Float32Array {
    return this.params.get(`layer${layer}.bias`)!;
  }

  private checkInput(input: Float32Array, batch: number): void {
    if (!Number.isSafeInteger(batch) || batch < 1) throw new RangeError(`batch must be a positive integer, got ${batch}`);
    if (input.length < batch * this.inputSize) {
      throw new RangeError(`input has ${input.length} values, a batch of ${batch} × ${this.inputSize} needs ${batch * this.inputSize}`);
    }
  }

  /** Grows the activation and delta buffers to hold `batch` examples; reused across calls. */
  private reserve(batch: number): void {
    if (batch <= this.capacity) return;
    for (const t of [...this.activations.slice(1), ...this.deltas]) this.ops.release(t);
    this.capacity = batch;
    // activations[0] is the (staged) input; deltas[0] is never written (no gradient for the input).
    this.activations = this.sizes.map((size, k) => (k === 0 ? new Float32Array(0) : this.ops.allocate(batch * size)));
    this.deltas = this.sizes.map((size, k) => (k === 0 ? new Float32Array(0) : this.ops.allocate(batch * size)));
  }
}
