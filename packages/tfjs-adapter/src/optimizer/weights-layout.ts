/**
 * The layout of `getWeights()` / `setWeights()`, written down instead of inferred, for every optimizer:
 *
 *   [0]  `iter`: the iteration counter (completed steps), an int32 scalar, as every TF.js optimizer writes it;
 *   then, for each variable in the optimizer's variable order (the order in which `applyGradients` first
 *   received it: for `model.fit` that is `model.trainableWeights`), one entry per allocated slot in
 *   `spec.program.slots` order (the descriptor's canonical order; RMSprop: meanSquare, meanGrad, momentum),
 *   named `<variable name>/<slot>` with the spec's slot name.
 *
 * A list is read by its names: every entry must carry the slot the layout expects at its position, so a
 * list written by an optimizer with other slots (centered vs not, momentum vs none) is refused by name,
 * never silently re-split by its length as `tf.train.rmsprop` does.
 */
import { ShapeMismatchError } from '@isostep/spec';
import { Tensor } from '@tensorflow/tfjs-core';

export interface NamedTensor {
  name: string;
  tensor: Tensor;
}

export const ITERATIONS_NAME = 'iter';

export function slotWeightName(variable: string, slot: string): string {
  return `${variable}/${slot}`;
}

/** One variable's slot tensors, as read from a weights list. */
export interface WeightsGroup {
  readonly variable: string;
  readonly shape: readonly number[];
  readonly slots: Readonly<Record<string, Tensor>>;
}

export interface ParsedWeights {
  readonly iterationsTensor: Tensor;
  readonly groups: readonly WeightsGroup[];
}

const describe = (t: Tensor) => `${t.dtype}[${t.shape.join(', ')}]`;

/** What a message says was found where a tensor (or an entry) belongs: `float32[2]`, `an array`, `null`. */
export function describeValue(x: unknown): string {
  if (x instanceof Tensor) return x.isDisposed ? 'a disposed tensor' : describe(x);
  if (x === null || x === undefined) return String(x);
  if (Array.isArray(x)) return `an array of ${x.length}`;
  return typeof x === 'object' ? `an object (${(x as object).constructor?.name ?? 'no prototype'})` : typeof x;
}

/** Each entry of a weights list is `{ name: string, tensor: a live tf.Tensor }`; the first that is not is named. */
export function checkWeightEntries(weights: readonly unknown[], what = 'setWeights'): asserts weights is readonly NamedTensor[] {
  weights.forEach((e, i) => {
    if (typeof e !== 'object' || e === null) throw new ShapeMismatchError(`${what} entry ${i}`, '{ name, tensor }', describeValue(e));
    const { name, tensor } = e as Partial<NamedTensor>;
    if (typeof name !== 'string') throw new ShapeMismatchError(`${what} entry ${i}`, 'a string name', describeValue(name));
    if (!(tensor instanceof Tensor) || tensor.isDisposed) throw new ShapeMismatchError(`${what} entry ${i} (${name})`, 'a live tf.Tensor', describeValue(tensor));
  });
}

/** The list `getWeights` returns: the counter, then each row's slots in `slots` order. */
export function layoutWeights(
  iterations: NamedTensor,
  rows: readonly { readonly name: string; readonly slots: Readonly<Record<string, Tensor>> }[],
  slots: readonly string[],
): NamedTensor[] {
  const out: NamedTensor[] = [iterations];
  for (const row of rows) {
    for (const slot of slots) out.push({ name: slotWeightName(row.name, slot), tensor: row.slots[slot]! });
  }
  return out;
}

/** Splits a weights list into the counter and per-variable slot groups, checking names, dtypes and shapes. */
export function parseWeights(weights: readonly NamedTensor[], slots: readonly string[]): ParsedWeights {
  if (!Array.isArray(weights) || weights.length === 0) {
    throw new ShapeMismatchError('setWeights', `a list starting with the '${ITERATIONS_NAME}' counter`, Array.isArray(weights) ? 'an empty list' : describeValue(weights));
  }
  checkWeightEntries(weights);
  const iter = weights[0]!;
  if (iter.tensor.size !== 1 || (iter.tensor.dtype !== 'int32' && iter.tensor.dtype !== 'float32')) {
    throw new ShapeMismatchError(`setWeights entry 0 (${iter.name})`, 'the iteration counter: an int32 scalar', describe(iter.tensor));
  }
  if (slots.length === 0) {
    // An optimizer without slots (plain SGD) writes the counter only.
    if (weights.length > 1) throw new ShapeMismatchError(`setWeights entry 1 (${weights[1]!.name})`, 'nothing after the counter (this optimizer has no slots)', `${weights.length - 1} more entries`);
    return { iterationsTensor: iter.tensor, groups: [] };
  }
  const groups: WeightsGroup[] = [];
  let current: { variable: string; shape: readonly number[]; slots: Record<string, Tensor> } | null = null;
  for (let j = 1; j < weights.length; j++) {
    const { name, tensor } = weights[j]!;
    const slot = slots[(j - 1) % slots.length]!;
    const suffix = `/${slot}`;
    if (typeof name !== 'string' || !name.endsWith(suffix)) {
      throw new ShapeMismatchError(
        `setWeights entry ${j} (${String(name)})`,
        `the ${slot} slot of a variable, named '<variable>${suffix}' (slots per variable: ${slots.join(', ')})`,
        `a weight named ${JSON.stringify(name)}`,
      );
    }
    const variable = name.slice(0, -suffix.length);
    if (tensor.dtype !== 'float32') {
      throw new ShapeMismatchError(`${variable} slot ${slot}`, 'a float32 tensor', describe(tensor));
    }
    if ((j - 1) % slots.length === 0) {
      current = { variable, shape: tensor.shape, slots: {} };
      groups.push(current);
    } else if (current!.variable !== variable) {
      throw new ShapeMismatchError(`setWeights entry ${j} (${name})`, `the ${slot} slot of ${current!.variable}`, `a slot of ${variable}`);
    } else if (tensor.shape.join(',') !== current!.shape.join(',')) {
      throw new ShapeMismatchError(`${variable} slot ${slot}`, `shape [${current!.shape.join(', ')}] like its other slots`, describe(tensor));
    }
    current!.slots[slot] = tensor;
  }
  const last = groups[groups.length - 1];
  if (last !== undefined && Object.keys(last.slots).length !== slots.length) {
    const missing = slots.filter((s) => last.slots[s] === undefined);
    throw new ShapeMismatchError(`${last.variable}`, `slots ${slots.join(', ')}`, `a list that ends before ${missing.join(', ')}`);
  }
  return { iterationsTensor: iter.tensor, groups };
}

/** Checks groups against the variables they are meant for, position by position; names the first mismatch. */
export function checkGroupsMatch(
  groups: readonly WeightsGroup[],
  variables: readonly { readonly name: string; readonly shape: readonly number[] }[],
): void {
  if (groups.length !== variables.length) {
    const first = variables[Math.min(groups.length, variables.length)] ?? groups[variables.length];
    const name = first === undefined ? '(none)' : 'name' in first ? first.name : first.variable;
    throw new ShapeMismatchError(
      `setWeights at variable ${name}`,
      `slots for ${variables.length} variable(s) [${variables.map((v) => v.name).join(', ')}]`,
      `slots for ${groups.length} variable(s) [${groups.map((g) => g.variable).join(', ')}]`,
    );
  }
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i]!;
    const v = variables[i]!;
    if (g.shape.join(',') !== v.shape.join(',')) {
      throw new ShapeMismatchError(`variable ${v.name} (weights entry ${g.variable})`, `slot shape [${v.shape.join(', ')}]`, `[${g.shape.join(', ')}]`);
    }
  }
}
