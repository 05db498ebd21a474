/**
 * A spec as one framework sees it, for any optimizer the framework has a binding for (the descriptor's
 * `frameworks`): its own argument names, its own slot names (the binding preset's `slotNames`), and the
 * tag of the state files the generators write for it. The state formats (torch, Keras, TF.js weights) are
 * written against this, so none of them names an optimizer's fields or slots.
 */
import {
  OPTIMIZERS,
  frameworkBinding,
  fromFrameworkArgs,
  getPreset,
  type OptimizerDescriptor,
  type OptimizerSpec,
  type Preset,
} from '@isostep/spec';
import { StateImportError, brief } from './json-numbers.js';

type AnyDescriptor = OptimizerDescriptor<any, string, any>;

/** How the state files of one framework are tagged, e.g. `isostep-torch-rmsprop-state/1`. */
export function stateFormatTag(framework: string, optimizer: string): string {
  return `isostep-${framework}-${optimizer}-state/1`;
}

/** The optimizer a state file's format tag names; a tag of no known optimizer is refused with the known ones. */
export function optimizerOfFormat(framework: string, doc: unknown, what: string): AnyDescriptor {
  const isObject = typeof doc === 'object' && doc !== null && !Array.isArray(doc);
  const format = isObject ? (doc as { format?: unknown }).format : doc;
  const found = OPTIMIZERS.find((d) => isObject && Object.hasOwn(d.frameworks, framework) && format === stateFormatTag(framework, d.name));
  if (found !== undefined) return found;
  const known = OPTIMIZERS.filter((d) => Object.hasOwn(d.frameworks, framework)).map((d) => `"${stateFormatTag(framework, d.name)}"`);
  throw new StateImportError(`${what}: format ${format === undefined ? 'missing' : brief(format)}; expected ${known.join(' or ')}`, '$.format');
}

/** The preset a framework's optimizer means: its defaults, argument names and slot names. */
export function frameworkPreset(framework: string, optimizer: AnyDescriptor): Preset {
  return getPreset(optimizer, frameworkBinding(framework, optimizer).preset);
}

/** The framework's name for each spec slot of this optimizer. */
export function frameworkSlotNames(framework: string, optimizer: AnyDescriptor): Readonly<Record<string, string>> {
  return frameworkPreset(framework, optimizer).slotNames as Readonly<Record<string, string>>;
}

/**
 * The framework's own arguments for `optimizer` found in `values` (an exported config, a param group):
 * the binding's argument names, in the binding's order; anything else in `values` is not looked at.
 */
export function pickFrameworkArgs(framework: string, optimizer: AnyDescriptor, values: Readonly<Record<string, unknown>>): Record<string, number | boolean | null> {
  const names = Object.keys(frameworkBinding(framework, optimizer).args);
  return Object.fromEntries(names.filter((k) => k in values).map((k) => [k, values[k] as number | boolean | null]));
}

/**
 * The framework's arguments for a spec, in the binding's order: each argument the binding preset maps
 * to a spec field gets that field's value (`encode` may rewrite it in the framework's convention, e.g.
 * Keras's None for "off"). Refused when the framework cannot express the config: reading the arguments
 * back must give the same config, field by field; the message names the first field that differs.
 */
export function frameworkArgsOf(
  framework: string,
  label: string,
  spec: OptimizerSpec,
  encode: (arg: string, value: unknown) => unknown = (_arg, value) => value,
): Record<string, unknown> {
  const d = spec.optimizer;
  const fieldOf = new Map(Object.entries(frameworkPreset(framework, d).args as Record<string, string>).map(([field, arg]) => [arg, field]));
  const config = spec.config as unknown as Readonly<Record<string, unknown>>;
  const args: Record<string, unknown> = {};
  for (const arg of Object.keys(frameworkBinding(framework, d).args)) {
    const field = fieldOf.get(arg);
    if (field !== undefined) {
      args[arg] = encode(arg, config[field]);
      continue;
    }
    // An argument that is a list of fields: torch `betas` is `betas[0]` = beta1, `betas[1]` = beta2.
    const parts = [...fieldOf].flatMap(([name, f]) => {
      const m = /^(.+)\[(\d+)\]$/.exec(name);
      return m !== null && m[1] === arg ? [[Number(m[2]), f] as const] : [];
    });
    if (parts.length > 0) {
      const list: unknown[] = [];
      for (const [i, f] of parts) list[i] = config[f];
      args[arg] = encode(arg, list);
    }
  }
  const back = fromFrameworkArgs(framework, d, args).config as unknown as Readonly<Record<string, unknown>>;
  const differs = d.configKeys.find((k) => back[k] !== config[k]);
  if (differs !== undefined) {
    throw new StateImportError(`this config is not a ${label} ${d.title}: ${differs} = ${JSON.stringify(config[differs])}, ${label} has ${JSON.stringify(back[differs])}`);
  }
  return args;
}
