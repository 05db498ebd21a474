/**
 * A TF.js `IsostepOptimizer` (a real tf.train.Optimizer) as the spec's `ResidentOptimizer`: the params
 * live in tf.Variables on the active TF.js backend, `step` is `applyGradients`, `read` downloads the
 * variables and `getState()`. This is how the training loop steps any backend through one contract.
 *
 * Everything TF.js is passed in (`tf` and the optimizer), so this module loads neither: both are optional
 * peers of `@isostep/mlp`, imported by tfjs-step.ts only when `--backend tfjs` is chosen.
 */
import type { IsostepOptimizer } from '@isostep/tfjs-adapter';
import {
  ShapeMismatchError,
  checkFiniteGradients,
  checkStepOptions,
  freshState,
  type NamedTensors,
  type OptimizerSpec,
  type OptimizerState,
  type ResidentOptimizer,
  type ResidentSnapshot,
  type StepOptions,
} from '@isostep/spec';
import type { Tensor, Variable } from '@tensorflow/tfjs';

type Tf = typeof import('@tensorflow/tfjs');

/** TF.js keeps one global registry of variables: names must be unique per load, not just per param. */
let loads = 0;

export class TfjsResidentOptimizer implements ResidentOptimizer {
  readonly spec: OptimizerSpec;
  /** Param name → its variable, in the model's order. */
  private variables = new Map<string, Variable>();

  constructor(
    private readonly tf: Tf,
    private readonly optimizer: IsostepOptimizer,
  ) {
    this.spec = optimizer.spec;
  }

  load(params: NamedTensors, state?: OptimizerState): void {
    const prefix = `isostep-resident-${++loads}`;
    const fresh = new Map<string, Variable>();
    // tidy frees the initial tensors; variables outlive it.
    for (const [name, p] of params) fresh.set(name, this.tf.tidy(() => this.tf.variable(this.tf.tensor1d(Float32Array.from(p), 'float32'), true, `${prefix}/${name}`)));
    try {
      // Always a whole state, fresh when none is given: it rebinds the optimizer's slots to the new
      // variables, dropping those of a previous load. Keyed by param name here, by variable name in
      // TF.js: `setState` matches by order when given the variables.
      this.optimizer.setState(state ?? freshState(this.spec, 'float32', params, (n) => new Float32Array(n)), [...fresh.values()]);
    } catch (e) {
      this.tf.dispose([...fresh.values()]);
      throw e;
    }
    this.tf.dispose([...this.variables.values()]);
    this.variables = fresh;
  }

  step(grads: NamedTensors, options?: StepOptions): void {
    // Options and every gradient are checked before any tensor is made, so a bad step changes nothing.
    const { rejectNonFinite } = checkStepOptions(this.spec, 'float32', options);
    if (!(grads instanceof Map)) throw new ShapeMismatchError('grads', 'a Map from param name to values', typeof grads);
    for (const [name, v] of this.variables) {
      const g = grads.get(name);
      if (g === undefined || g.length !== v.size) throw new ShapeMismatchError(`gradient ${name}`, `${v.size} values`, g === undefined ? 'none' : `${g.length} values`);
    }
    for (const name of grads.keys()) if (!this.variables.has(name)) throw new ShapeMismatchError(`gradient ${name}`, 'the name of a loaded param', 'no such param');
    if (rejectNonFinite) checkFiniteGradients(grads);
    const tensors: Record<string, Tensor> = {};
    for (const [name, v] of this.variables) tensors[v.name] = this.tf.tensor1d(Float32Array.from(grads.get(name)!), 'float32');
    const previous = this.optimizer.learningRate;
    try {
      if (options?.lr !== undefined) this.optimizer.learningRate = options.lr;
      this.optimizer.applyGradients(tensors);
    } finally {
      this.optimizer.learningRate = previous;
      this.tf.dispose(Object.values(tensors));
    }
  }

  async read(): Promise<ResidentSnapshot> {
    const params = new Map<string, Float32Array>();
    for (const [name, v] of this.variables) params.set(name, (await v.data()) as Float32Array);
    const byVariable = await this.optimizer.getState();
    const tensors = new Map([...this.variables].map(([name, v]) => [name, byVariable.tensors.get(v.name)!] as const));
    return { params, state: { version: byVariable.version, step: byVariable.step, slots: byVariable.slots, tensors } };
  }

  dispose(): void {
    this.optimizer.dispose();
    this.tf.dispose([...this.variables.values()]);
    this.variables.clear();
  }
}
