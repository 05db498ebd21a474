/**
 * Any Isostep RMSprop (a spec config plus its preset's numerics profile) as a real `tf.train.Optimizer`:
 * usable with `minimize`, `applyGradients` and `model.compile({optimizer})`.
 *
 * The step is the spec's `elementStep` evaluated over TF.js tensors (`tensorArith`): one TF.js op per spec
 * operation, in the spec's order, on whole tensors. All-or-nothing: every gradient is checked before any
 * slot is created or any variable assigned.
 */
import {
  IsostepError,
  STATE_VERSION,
  ShapeMismatchError,
  allocatedSlots,
  checkLr,
  configFromFrameworkArgs,
  elementStep,
  getPreset,
  initialSlotValue,
  planStep,
  presetForFramework,
  presetConfig,
  stepScalars,
  validateConfig,
  type ElementValues,
  type OptimizerState,
  type Preset,
  type RmspropConfig,
  type SlotName,
  type StepPlan,
} from '@isostep/spec';
import {
  Optimizer,
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
import { ITERATIONS_NAME, checkGroupsMatch, parseWeights, slotWeightName, type NamedTensor } from './weights-layout.js';

/** The config keys written by `getConfig` (every spec field, so a saved optimizer needs nothing else). */
const CONFIG_KEYS = [
  'lr', 'rho', 'eps', 'momentum', 'weightDecay', 'centered', 'epsPlacement', 'initialMeanSquare', 'momentumForm',
  'nesterov', 'weightDecayMode', 'maximize', 'biasCorrection', 'meanSquareForm', 'oneMinusRhoInDtype', 'alwaysAllocateMomentum',
] as const satisfies readonly (keyof RmspropConfig)[];

interface Bound {
  /** The TF.js variable's registered name. */
  readonly name: string;
  readonly variable: Variable;
  readonly slots: Partial<Record<SlotName, Variable>>;
}

/** Slot state waiting for its variables: `setWeights` on an optimizer that has not stepped yet (model loading). */
interface Pending {
  readonly names: readonly string[];
  readonly shapes: readonly (readonly number[])[];
  readonly slots: readonly Partial<Record<SlotName, Variable>>[];
}

const shapeOf = (t: Tensor) => `${t.dtype}[${t.shape.join(', ')}]`;

export class IsostepRmsprop extends Optimizer {
  /** Registered under this name by `registerIsostepOptimizers()`; distinct from TF.js's own 'RMSProp'. */
  static get className(): string {
    return 'IsostepRMSprop';
  }

  readonly preset: Preset;
  readonly config: RmspropConfig;
  /** The spec slots this config allocates, in SLOT_ORDER: the per-variable layout of weights and state. */
  readonly slots: readonly SlotName[];
  private readonly plan: StepPlan;
  private lr: number;
  private bound: Bound[] = [];
  private pending: Pending | null = null;

  /**
   * @param preset a spec preset name (`torch`, `keras3`, `tf1`, `tfjs`, `optax`, …): its defaults and its
   *   numerics profile (op order, fused sites).
   * @param overrides any spec config fields to change from the preset's defaults; validated by the spec.
   */
  constructor(preset: string, overrides: Partial<RmspropConfig> = {}) {
    super();
    this.preset = getPreset(preset);
    this.config = presetConfig(preset, overrides);
    this.slots = allocatedSlots(this.config);
    this.plan = planStep(this.config, this.preset.profile);
    this.lr = this.config.lr;
  }

  /** A framework's RMSprop from its own argument names, e.g. `('torch', {lr: 0.01, alpha: 0.9, centered: true})`. */
  static fromFrameworkArgs(framework: string, args: Readonly<Record<string, number | boolean | null>>): IsostepRmsprop {
    return new IsostepRmsprop(presetForFramework(framework), configFromFrameworkArgs(framework, args));
  }

  /** The learning rate of the next steps (a schedule sets it between steps). Validated like `config.lr`. */
  get learningRate(): number {
    return this.lr;
  }
  set learningRate(lr: number) {
    this.lr = checkLr(lr, 'learningRate');
  }

  override applyGradients(variableGradients: NamedTensorMap | NamedTensor[]): void {
    const entries = Array.isArray(variableGradients)
      ? variableGradients.map((e) => [e.name, e.tensor] as const)
      : Object.entries(variableGradients);
    const registered = engine().registeredVariables;
    const work: { name: string; variable: Variable; grad: Tensor }[] = [];
    for (const [name, grad] of entries) {
      if (grad == null) continue; // as every TF.js optimizer: a variable without a gradient is left alone
      const v = registered[name];
      if (v === undefined) throw new ShapeMismatchError(`gradient ${name}`, 'the name of a registered tf.Variable', 'no such variable');
      if (v.dtype !== 'float32') throw new ShapeMismatchError(`variable ${name}`, 'float32', shapeOf(v));
      if (grad.dtype !== 'float32' || grad.shape.join(',') !== v.shape.join(',')) {
        throw new ShapeMismatchError(`gradient of ${name}`, `float32[${v.shape.join(', ')}]`, shapeOf(grad));
      }
      work.push({ name, variable: v, grad });
    }
    if (this.pending !== null) this.bindPending(work);
    const rows = work.map((w) => this.boundFor(w.name, w.variable));

    const t = this.iterations + 1;
    tidy(() => {
      const A = tensorArith;
      const s = stepScalars(A, this.config, this.preset.profile, this.lr, t);
      const zero = A.const(0);
      const results = work.map((w, i) => {
        const slots = rows[i]!.slots;
        const e: ElementValues<Tensor> = {
          p: w.variable,
          g: w.grad,
          v: slots.meanSquare!,
          m: slots.meanGrad ?? zero,
          b: slots.momentum ?? zero,
        };
        elementStep(A, this.plan, s, e);
        return e;
      });
      // Assign only after every new value exists: nothing is half-updated if an op fails.
      results.forEach((e, i) => {
        const { variable: p, slots } = rows[i]!;
        p.assign(e.p);
        slots.meanSquare!.assign(e.v);
        slots.meanGrad?.assign(e.m);
        slots.momentum?.assign(e.b);
      });
    });
    this.incrementIterations();
  }

  /** The bound row of a variable, creating its slots (at their initial values) on first sight. */
  private boundFor(name: string, v: Variable): Bound {
    const found = this.bound.find((b) => b.name === name);
    if (found !== undefined) return found;
    const slots: Partial<Record<SlotName, Variable>> = {};
    for (const slot of this.slots) {
      slots[slot] = tidy(() => variable(fill(v.shape, Math.fround(initialSlotValue(this.config, slot)), 'float32'), false));
    }
    const row = { name, variable: v, slots };
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

  /**
   * The counter, then per variable (in the optimizer's variable order) per allocated slot (SLOT_ORDER).
   * The slot tensors are the live variables (as TF.js optimizers hand them out): read, do not dispose.
   * The `iter` scalar is new on every call and belongs to the caller.
   */
  override async getWeights(): Promise<NamedTensor[]> {
    const out: NamedTensor[] = [await this.saveIterations()];
    const rows = this.pending
      ? this.pending.names.map((name, i) => ({ name, slots: this.pending!.slots[i]! }))
      : this.bound;
    for (const row of rows) {
      for (const slot of this.slots) out.push({ name: slotWeightName(row.name, slot), tensor: row.slots[slot]! });
    }
    return out;
  }

  /**
   * Restores a list written by `getWeights` (layout in weights-layout.ts). Checked completely before
   * anything changes: names and slots by position, float32, equal shapes, and, once the optimizer has
   * variables, the same variables' shapes in the same order.
   */
  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const { iterationsTensor, groups } = parseWeights(weightValues, this.slots);
    const iterations = (await iterationsTensor.data())[0]!;
    if (!Number.isInteger(iterations) || iterations < 0) {
      throw new ShapeMismatchError(`setWeights entry 0 (${ITERATIONS_NAME})`, 'a whole number of completed steps >= 0', String(iterations));
    }
    if (this.bound.length > 0) {
      checkGroupsMatch(groups, this.bound.map((b) => ({ name: b.name, shape: b.variable.shape })));
      groups.forEach((g, i) => {
        for (const slot of this.slots) this.bound[i]!.slots[slot]!.assign(g.slots[slot]!);
      });
    } else {
      const previous = this.pending;
      this.pending = {
        names: groups.map((g) => g.variable),
        shapes: groups.map((g) => g.shape),
        slots: groups.map((g) => {
          const s: Partial<Record<SlotName, Variable>> = {};
          for (const slot of this.slots) s[slot] = variable(g.slots[slot]!.clone(), false);
          return s;
        }),
      };
      for (const slots of previous?.slots ?? []) dispose(Object.values(slots));
    }
    this.iterations_ = iterations;
  }

  /** The optimizer state in the spec's portable form (keyed by variable name, SLOT_ORDER, step count). */
  async getState(): Promise<OptimizerState> {
    const tensors = new Map<string, Partial<Record<SlotName, Float32Array>>>();
    const rows = this.pending
      ? this.pending.names.map((name, i) => ({ name, slots: this.pending!.slots[i]! }))
      : this.bound;
    for (const row of rows) {
      const slots: Partial<Record<SlotName, Float32Array>> = {};
      for (const slot of this.slots) slots[slot] = (await row.slots[slot]!.data()) as Float32Array;
      tensors.set(row.name, slots);
    }
    return { version: STATE_VERSION, step: this.iterations, slots: this.slots, tensors };
  }

  /**
   * Replaces the whole state. `variables` says which TF.js variable each state entry (in its order) belongs
   * to; without it, entries are matched to registered variables by name. Everything is checked before
   * anything changes; the error names the first mismatch.
   */
  setState(state: OptimizerState, variables?: readonly Variable[]): void {
    if (state.version !== STATE_VERSION) throw new ShapeMismatchError('state.version', String(STATE_VERSION), String(state.version));
    if (!Number.isInteger(state.step) || state.step < 0) throw new ShapeMismatchError('state.step', 'a whole number >= 0', String(state.step));
    if (state.slots.join(',') !== this.slots.join(',')) {
      throw new ShapeMismatchError('state.slots', `[${this.slots.join(', ')}] (this config's slots)`, `[${state.slots.join(', ')}]`);
    }
    const names = [...state.tensors.keys()];
    if (variables !== undefined && variables.length !== names.length) {
      const at = names[Math.min(names.length, variables.length)] ?? variables[names.length]?.name;
      throw new ShapeMismatchError(`state at ${at}`, `${variables.length} variable(s)`, `${names.length} state entries`);
    }
    const registered = engine().registeredVariables;
    const targets = names.map((name, i) => {
      const v = variables?.[i] ?? registered[name];
      if (v === undefined) throw new ShapeMismatchError(`state entry ${name}`, 'a registered tf.Variable of that name', 'no such variable');
      const slots = state.tensors.get(name)!;
      for (const slot of this.slots) {
        const values = slots[slot];
        if (!(values instanceof Float32Array) || values.length !== v.size) {
          const got = values === undefined ? 'nothing' : `${values.constructor.name}(${values.length})`;
          throw new ShapeMismatchError(`state ${name} slot ${slot} (for variable ${v.name})`, `Float32Array(${v.size})`, got);
        }
      }
      return { name: v.name, variable: v, slots };
    });
    this.disposeSlots();
    this.bound = targets.map(({ name, variable: v, slots }) => {
      const out: Partial<Record<SlotName, Variable>> = {};
      for (const slot of this.slots) out[slot] = variable(tensor(slots[slot]!, v.shape, 'float32'), false);
      return { name, variable: v, slots: out };
    });
    this.iterations_ = state.step;
  }

  override getConfig(): serialization.ConfigDict {
    const out: serialization.ConfigDict = { preset: this.preset.name };
    for (const key of CONFIG_KEYS) out[key] = this.config[key];
    out.lr = this.lr;
    return out;
  }

  static override fromConfig<T extends serialization.Serializable>(
    cls: serialization.SerializableConstructor<T>,
    config: serialization.ConfigDict,
  ): T {
    // tfjs-layers' deserializer adds `customObjects` to every config it hands to fromConfig.
    const { preset, customObjects: _layersAddition, ...fields } = config;
    if (typeof preset !== 'string') throw new IsostepError(`IsostepRMSprop config: preset = ${JSON.stringify(preset)}; allowed: a preset name`);
    const unknown = Object.keys(fields).filter((k) => !(CONFIG_KEYS as readonly string[]).includes(k));
    if (unknown.length > 0) throw new IsostepError(`IsostepRMSprop config: unknown field(s) ${unknown.join(', ')}; allowed: preset, ${CONFIG_KEYS.join(', ')}`);
    const merged = validateConfig({ ...getPreset(preset).defaults, ...(fields as Partial<RmspropConfig>) });
    return new (cls as unknown as new (p: string, o: Partial<RmspropConfig>) => T)(preset, merged);
  }
}
