/**
 * Any Isostep optimizer (an `OptimizerSpec`: descriptor, validated config, numerics profile, compiled
 * program) as a real `tf.train.Optimizer`: usable with `minimize`, `applyGradients` and
 * `model.compile({optimizer})`.
 *
 * Nothing here knows which optimizer it runs. The step is `spec.program.element` evaluated over TF.js
 * tensors (`tensorArith`): one TF.js op per spec operation, in the preset's order, on whole tensors. The
 * slots are `spec.program.slots`, created at `spec.program.initialValue`. All-or-nothing: every gradient
 * is checked, and every new value computed, before any variable is assigned.
 */
import {
  IsostepError,
  STATE_VERSION,
  InvalidConfigError,
  ShapeMismatchError,
  checkConfigInDtype,
  checkFiniteGradients,
  checkStateHeader,
  checkStepOptions,
  type ElementValues,
  type OptimizerConfig,
  type OptimizerSpec,
  type OptimizerState,
} from '@isostep/spec';
import {
  Optimizer,
  Tensor as TensorClass,
  dispose,
  engine,
  fill,
  serialization,
  tensor,
  tidy,
  variable,
  type NamedTensorMap,
  type Tensor,
  type Variable,
} from '@tensorflow/tfjs-core';
import { tensorArith } from '../numerics/tensor-arith.js';
import { serializeSpec, specFromConfig } from './serialized-config.js';
import { ITERATIONS_NAME, checkGroupsMatch, describeValue, layoutWeights, parseWeights, type NamedTensor } from './weights-layout.js';

/**
 * The (name, gradient) pairs of either form `applyGradients` takes, or a ShapeMismatchError naming the
 * entry that is neither: TF.js's own optimizers fail on these with a TypeError deep inside.
 */
function gradientEntries(variableGradients: unknown): (readonly [string, unknown])[] {
  if (Array.isArray(variableGradients)) {
    return variableGradients.map((e: unknown, i) => {
      if (typeof e !== 'object' || e === null || typeof (e as NamedTensor).name !== 'string') {
        throw new ShapeMismatchError(`applyGradients entry ${i}`, '{ name, tensor }', describeValue(e));
      }
      return [(e as NamedTensor).name, (e as NamedTensor).tensor] as const;
    });
  }
  if (typeof variableGradients !== 'object' || variableGradients === null) {
    throw new ShapeMismatchError('applyGradients', 'a map of variable name to gradient, or a list of { name, tensor }', describeValue(variableGradients));
  }
  return Object.entries(variableGradients);
}

/** One variable's slots, by spec slot name (exactly the allocated ones). */
type SlotVariables = Record<string, Variable>;

interface Bound {
  /** The TF.js variable's registered name. */
  readonly name: string;
  readonly variable: Variable;
  readonly slots: SlotVariables;
}

/** Slot state waiting for its variables: `setWeights` on an optimizer that has not stepped yet (model loading). */
interface Pending {
  readonly names: readonly string[];
  readonly shapes: readonly (readonly number[])[];
  readonly slots: readonly SlotVariables[];
}

const shapeOf = (t: Tensor) => `${t.dtype}[${t.shape.join(', ')}]`;

export class IsostepOptimizer<C extends OptimizerConfig = OptimizerConfig, S extends string = string> extends Optimizer {
  /** Registered under this name by `registerIsostepOptimizers()`. */
  static get className(): string {
    return 'IsostepOptimizer';
  }

  /** What it computes: the optimizer, its validated config, its numerics profile and compiled program. */
  readonly spec: OptimizerSpec<C, S>;
  private lr: number;
  private guard = false;
  private bound: Bound[] = [];
  private pending: Pending | null = null;

  /** @param spec from `fromPreset`, `fromFrameworkArgs`, `customOptimizer` or an optimizer module (`rmsprop('torch')`). */
  constructor(spec: OptimizerSpec<C, S>) {
    super();
    if (typeof spec !== 'object' || spec === null || typeof spec.program?.element !== 'function') {
      throw new IsostepError(`${new.target.className}: expected an OptimizerSpec (fromPreset, fromFrameworkArgs or customOptimizer), got ${String(spec)}`);
    }
    // Re-validated (a config edited after the spec was made), then checked in float32, where TF.js computes.
    spec.optimizer.validate(spec.config);
    checkConfigInDtype(spec, 'float32');
    this.spec = spec;
    this.lr = spec.config.lr;
  }

  /**
   * The opt-in non-finite guard (`StepOptions.rejectNonFinite` of the other backends; `applyGradients`
   * takes no options): when true, a gradient holding NaN or ±Infinity is refused with
   * NonFiniteGradientError naming the variable and index, before anything is assigned. Off by default,
   * as in TF.js. Reads every gradient back (a sync download): a debugging aid, not a fast path.
   */
  get rejectNonFinite(): boolean {
    return this.guard;
  }
  set rejectNonFinite(on: boolean) {
    if (typeof on !== 'boolean') throw new InvalidConfigError('rejectNonFinite', on, 'true or false', this.spec.optimizer.title);
    this.guard = on;
  }

  /** The validated config (its `lr` is the initial learning rate; `learningRate` is the current one). */
  get config(): C {
    return this.spec.config;
  }

  /** The spec slots this config allocates, in the descriptor's order: the per-variable layout of weights and state. */
  get slots(): readonly S[] {
    return this.spec.program.slots;
  }

  /** The learning rate of the next steps (a schedule sets it between steps). Validated like `config.lr`. */
  get learningRate(): number {
    return this.lr;
  }
  set learningRate(lr: number) {
    // The step options' check (finite in float32 too), under the name the caller used.
    try {
      this.lr = checkStepOptions(this.spec, 'float32', { lr }).lr;
    } catch (e) {
      if (e instanceof InvalidConfigError) throw new InvalidConfigError('learningRate', lr, e.allowed, this.spec.optimizer.title);
      throw e;
    }
  }

  override applyGradients(variableGradients: NamedTensorMap | NamedTensor[]): void {
    const entries = gradientEntries(variableGradients);
    const registered = engine().registeredVariables;
    const work: { name: string; variable: Variable; grad: Tensor }[] = [];
    const seen = new Set<string>();
    for (const [name, grad] of entries) {
      if (grad == null) continue; // as every TF.js optimizer: a variable without a gradient is left alone
      if (seen.has(name)) throw new ShapeMismatchError(`gradient ${name}`, 'one gradient per variable', 'a second gradient for it');
      seen.add(name);
      // Own keys only: 'toString' or 'constructor' are not variables.
      const v = Object.hasOwn(registered, name) ? registered[name] : undefined;
      if (v === undefined) throw new ShapeMismatchError(`gradient ${name}`, 'the name of a registered tf.Variable', 'no such variable');
      if (!(grad instanceof TensorClass)) throw new ShapeMismatchError(`gradient of ${name}`, 'a tf.Tensor', describeValue(grad));
      if (grad.isDisposed) throw new ShapeMismatchError(`gradient of ${name}`, 'a live tf.Tensor', 'a disposed tensor');
      if (v.isDisposed) throw new ShapeMismatchError(`variable ${name}`, 'a live tf.Variable', 'a disposed variable');
      if (v.dtype !== 'float32') throw new ShapeMismatchError(`variable ${name}`, 'float32', shapeOf(v));
      if (grad.dtype !== 'float32' || grad.shape.join(',') !== v.shape.join(',')) {
        throw new ShapeMismatchError(`gradient of ${name}`, `float32[${v.shape.join(', ')}]`, shapeOf(grad));
      }
      work.push({ name, variable: v, grad });
    }
    if (this.guard) checkFiniteGradients(work.map((w) => [w.name, w.grad.dataSync() as Float32Array] as const), 'gradient');
    if (this.pending !== null) this.bindPending(work);
    const rows = work.map((w) => this.boundFor(w.name, w.variable));

    const program = this.spec.program;
    const t = this.iterations + 1;
    tidy(() => {
      const s = program.scalars(tensorArith, this.lr, t);
      const results = work.map((w, i) => {
        // p, g and exactly the allocated slots: the element step reads nothing else.
        const e: Record<string, Tensor> = { ...rows[i]!.slots, p: w.variable, g: w.grad };
        program.element(tensorArith, s, e as ElementValues<Tensor, S>);
        return e;
      });
      // Assign only after every new value exists: nothing is half-updated if an op fails.
      results.forEach((e, i) => {
        const { variable: p, slots } = rows[i]!;
        p.assign(e.p!);
        for (const slot of program.slots) slots[slot]!.assign(e[slot]!);
      });
    });
    this.incrementIterations();
  }

  /** Fresh slot variables for a variable of this shape, at the program's initial values (rounded to float32). */
  private freshSlots(shape: readonly number[]): SlotVariables {
    const slots: SlotVariables = {};
    for (const slot of this.spec.program.slots) {
      const value = Math.fround(this.spec.program.initialValue(slot));
      slots[slot] = tidy(() => variable(fill([...shape], value, 'float32'), false));
    }
    return slots;
  }

  /** The bound row of a variable, creating its slots on first sight. */
  private boundFor(name: string, v: Variable): Bound {
    const found = this.bound.find((b) => b.name === name);
    if (found !== undefined) return found;
    const row = { name, variable: v, slots: this.freshSlots(v.shape) };
    this.bound.push(row);
    return row;
  }

  /** Binds slots restored by `setWeights` before the first step, position by position, shapes checked. */
  private bindPending(work: readonly { name: string; variable: Variable }[]): void {
    const p = this.pending!;
    checkGroupsMatch(
      p.names.map((n, i) => ({ variable: n, shape: p.shapes[i]!, slots: {} })),
      work.map((w) => ({ name: w.name, shape: w.variable.shape })),
    );
    // Variables of a loaded model get fresh unique names, so the saved names are matched by position.
    this.bound = work.map((w, i) => ({ name: w.name, variable: w.variable, slots: p.slots[i]! }));
    this.pending = null;
  }

  override dispose(): void {
    this.disposeSlots();
    super.dispose();
  }

  private disposeSlots(): void {
    for (const row of this.bound) dispose(Object.values(row.slots));
    for (const slots of this.pending?.slots ?? []) dispose(Object.values(slots));
    this.bound = [];
    this.pending = null;
  }

  /** The rows getWeights and getState read: restored-but-unbound slots first, else the bound ones. */
  private rows(): readonly { readonly name: string; readonly slots: SlotVariables }[] {
    const p = this.pending;
    return p ? p.names.map((name, i) => ({ name, slots: p.slots[i]! })) : this.bound;
  }

  /**
   * The counter, then per variable (in the optimizer's variable order) per allocated slot, in the layout
   * of weights-layout.ts. The slot tensors are the live variables (as TF.js optimizers hand them out):
   * read, do not dispose. The `iter` scalar is new on every call and belongs to the caller.
   */
  override async getWeights(): Promise<NamedTensor[]> {
    return layoutWeights(await this.saveIterations(), this.rows(), this.spec.program.slots);
  }

  /**
   * Restores a list written by `getWeights` (layout in weights-layout.ts). Checked completely before
   * anything changes: names and slots by position, float32, equal shapes, and, once the optimizer has
   * variables, the same variables' shapes in the same order.
   */
  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const slots = this.spec.program.slots;
    const { iterationsTensor, groups } = parseWeights(weightValues, slots);
    const iterations = (await iterationsTensor.data())[0]!;
    if (!Number.isInteger(iterations) || iterations < 0) {
      throw new ShapeMismatchError(`setWeights entry 0 (${ITERATIONS_NAME})`, 'a whole number of completed steps >= 0', String(iterations));
    }
    if (slots.length === 0) {
      // Nothing per variable to restore (or to check): the list is the counter alone.
    } else if (this.bound.length > 0) {
      checkGroupsMatch(groups, this.bound.map((b) => ({ name: b.name, shape: b.variable.shape })));
      groups.forEach((g, i) => {
        for (const slot of slots) this.bound[i]!.slots[slot]!.assign(g.slots[slot]!);
      });
    } else {
      const previous = this.pending;
      this.pending = {
        names: groups.map((g) => g.variable),
        shapes: groups.map((g) => g.shape),
        slots: groups.map((g) => {
          const s: SlotVariables = {};
          for (const slot of slots) s[slot] = variable(g.slots[slot]!.clone(), false);
          return s;
        }),
      };
      for (const old of previous?.slots ?? []) dispose(Object.values(old));
    }
    this.iterations_ = iterations;
  }

  /** The optimizer state in the spec's portable form (keyed by variable name, the program's slots, step count). */
  async getState(): Promise<OptimizerState> {
    const slots = this.spec.program.slots;
    const tensors = new Map<string, Record<string, Float32Array>>();
    for (const row of this.rows()) {
      const values: Record<string, Float32Array> = {};
      for (const slot of slots) values[slot] = (await row.slots[slot]!.data()) as Float32Array;
      tensors.set(row.name, values);
    }
    return { version: STATE_VERSION, step: this.iterations, slots, tensors };
  }

  /**
   * Replaces the whole state. `variables` says which TF.js variable each state entry (in its order) belongs
   * to; without it, entries are matched to registered variables by name. Everything is checked before
   * anything changes; the error names the first mismatch.
   */
  setState(state: OptimizerState, variables?: readonly Variable[]): void {
    checkStateHeader(this.spec, state);
    const slots = this.spec.program.slots;
    const names = [...state.tensors.keys()];
    if (variables !== undefined && variables.length !== names.length) {
      const at = names[Math.min(names.length, variables.length)] ?? variables[names.length]?.name;
      throw new ShapeMismatchError(`state at ${at}`, `${variables.length} variable(s)`, `${names.length} state entries`);
    }
    const registered = engine().registeredVariables;
    const targets = names.map((name, i) => {
      const v = variables?.[i] ?? registered[name];
      if (v === undefined) throw new ShapeMismatchError(`state entry ${name}`, 'a registered tf.Variable of that name', 'no such variable');
      const values = state.tensors.get(name)!;
      for (const slot of slots) {
        const x = values[slot];
        if (!(x instanceof Float32Array) || x.length !== v.size) {
          const got = x === undefined ? 'nothing' : `${x.constructor.name}(${x.length})`;
          throw new ShapeMismatchError(`state ${name} slot ${slot} (for variable ${v.name})`, `Float32Array(${v.size})`, got);
        }
      }
      return { variable: v, values };
    });
    this.disposeSlots();
    this.bound = targets.map(({ variable: v, values }) => {
      const out: SlotVariables = {};
      for (const slot of slots) out[slot] = variable(tensor(values[slot]!, v.shape, 'float32'), false);
      return { name: v.name, variable: v, slots: out };
    });
    this.iterations_ = state.step;
  }

  /** `{ optimizer, preset (or null), profile (custom only), ...every config field }`: see serialized-config.ts. */
  override getConfig(): serialization.ConfigDict {
    return serializeSpec(this.spec, this.lr, this.getClassName());
  }

  static override fromConfig<T extends serialization.Serializable>(
    cls: serialization.SerializableConstructor<T>,
    config: serialization.ConfigDict,
  ): T {
    const spec = specFromConfig(config, cls.className);
    return new (cls as unknown as new (spec: OptimizerSpec) => T)(spec);
  }
}
