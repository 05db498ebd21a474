/**
 * One validation path for every state document the adapter imports (torch state_dicts, Keras optimizer
 * variables, TF.js built-in weights), as strict as the golden-trace reader: known keys only (a misspelled
 * hyperparameter would silently fall back to its default) with a suggestion, the framework's arguments
 * through the spec's `fromFrameworkArgs` and then checked in float32 (where TF.js computes), slot values
 * within float32 and within the slot's domain (`checkSlotValues`). Every error is a StateImportError
 * naming the document part and its JSON path; found values are shown briefly, never the whole input.
 */
import {
  IsostepError,
  checkConfigInDtype,
  checkSlotValues,
  didYouMean,
  frameworkBinding,
  fromFrameworkArgs,
  type OptimizerDescriptor,
  type OptimizerSpec,
} from '@isostep/spec';
import { StateImportError, brief, decodeFloat32, type VariableRef } from './json-numbers.js';

type AnyDescriptor = OptimizerDescriptor<any, string, any>;
type Obj = Record<string, unknown>;

export const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);

/** `$.a.b`, or `$.a["odd key"]`. */
export function pathOf(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`;
}

/** Refuses any own key of `obj` outside `allowed`, suggesting the closest allowed one. */
export function checkKeys(obj: Obj, allowed: readonly string[], where: string, path: string): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) {
      throw new StateImportError(`${where}: ${pathOf(path, key)}: unknown key ${brief(key)}${didYouMean(key, allowed)}; allowed: ${allowed.join(', ')}`, pathOf(path, key));
    }
  }
}

/** The model variables a document is mapped onto: a list of `{ name, shape }` with unique names. */
export function checkVariableRefs(variables: unknown): asserts variables is readonly VariableRef[] {
  if (!Array.isArray(variables)) throw new StateImportError(`variables: expected a list of { name, shape }, got ${brief(variables)}`);
  const seen = new Set<string>();
  variables.forEach((v: unknown, i) => {
    const ok =
      isObj(v) && typeof v.name === 'string' && Array.isArray(v.shape) && v.shape.every((d: unknown) => typeof d === 'number' && Number.isSafeInteger(d) && d >= 0);
    if (!ok) throw new StateImportError(`variables[${i}]: expected { name: string, shape: whole numbers }, got ${brief(v)}`);
    if (seen.has(v.name as string)) throw new StateImportError(`variables[${i}]: the name ${brief(v.name)} appears twice`);
    seen.add(v.name as string);
  });
}

/**
 * The spec a document's framework arguments describe. `values` is the object holding them (a torch param
 * group, a Keras config) at `path`; keys other than the framework's arguments, its numerically inert
 * options and `extraKeys` (torch's `params`) are refused. A spec error (an argument out of range, also
 * once cast to float32) becomes a StateImportError at the argument's path.
 */
export function specFromDocument(
  framework: string,
  optimizer: AnyDescriptor,
  values: Obj,
  where: string,
  path: string,
  extraKeys: readonly string[] = [],
): OptimizerSpec {
  const binding = frameworkBinding(framework, optimizer);
  const argNames = Object.keys(binding.args);
  checkKeys(values, [...argNames, ...binding.inert, ...extraKeys], where, path);
  const args = Object.fromEntries(argNames.filter((k) => Object.hasOwn(values, k)).map((k) => [k, values[k]]));
  try {
    const spec = fromFrameworkArgs(framework, optimizer, args);
    checkConfigInDtype(spec, 'float32');
    return spec;
  } catch (e) {
    if (!IsostepError.isInstance(e)) throw e;
    const named = (e as { argument?: unknown; field?: unknown }).argument ?? (e as { field?: unknown }).field;
    const at = typeof named === 'string' && Object.hasOwn(args, named) ? pathOf(path, named) : path;
    throw new StateImportError(`${where}: ${at}: ${e.message}`, at, { cause: e });
  }
}

/** One slot's values: `length` float32 values within the slot's domain. */
export function decodeSlot(optimizer: AnyDescriptor, slot: string, values: unknown, where: string, length: number, path: string): Float32Array {
  const out = decodeFloat32(values, where, length, path);
  const bad = checkSlotValues(optimizer, slot, out);
  if (bad !== null) throw new StateImportError(`${where}[${bad.index}]: ${out[bad.index]}; allowed: ${bad.allowed}`, `${path}[${bad.index}]`);
  return out;
}

/** A whole number of completed steps (>= 0, safe), or a StateImportError at `path`. */
export function checkStepCount(value: unknown, where: string, path: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new StateImportError(`${where}: ${brief(value)}; expected a whole number of completed steps >= 0`, path);
  }
  return value;
}
