/**
 * The building blocks of every optimizer's framework-argument table (`framework-args.ts`): an argument
 * that sets a number field, a boolean field, or a number field where the framework's `None`/`null`
 * means "off" (0). Range checks are not done here: the optimizer's `validate` runs on the finished
 * config and names the framework's argument.
 */
import type { ApplyArgument, FrameworkBinding, OptimizerConfig } from '../contract/descriptor.js';

/** Fields of C whose values are numbers. */
type NumberField<C> = { [K in keyof C]-?: C[K] extends number ? K : never }[keyof C];
/** Fields of C whose values are booleans. */
type BooleanField<C> = { [K in keyof C]-?: C[K] extends boolean ? K : never }[keyof C];

/** `name = <number>` sets `field`. */
export function numberArgument<C extends OptimizerConfig>(field: NumberField<C>): ApplyArgument<C> {
  return (cfg, v, fail) => {
    if (typeof v !== 'number') return fail('a number');
    (cfg as Record<NumberField<C>, number>)[field] = v;
  };
}

/** `name = true|false` sets `field`. */
export function booleanArgument<C extends OptimizerConfig>(field: BooleanField<C>): ApplyArgument<C> {
  return (cfg, v, fail) => {
    if (typeof v !== 'boolean') return fail('true or false');
    (cfg as Record<BooleanField<C>, boolean>)[field] = v;
  };
}

/** `name = <number>|None`: None (null) turns the feature off (Keras `weight_decay=None`, optax `momentum=None`). */
export function numberOrNoneArgument<C extends OptimizerConfig>(field: NumberField<C>): ApplyArgument<C> {
  return (cfg, v, fail) => {
    if (v !== null && typeof v !== 'number') return fail('a number or null');
    (cfg as Record<NumberField<C>, number>)[field] = (v as number | null) ?? 0;
  };
}

/** The preset each trace framework's defaults and numerics come from (Keras's is `keras3`). */
const FRAMEWORK_PRESET: Readonly<Record<string, string>> = { torch: 'torch', keras: 'keras3', tf1: 'tf1', tfjs: 'tfjs', optax: 'optax' };

/**
 * An optimizer's framework bindings from its argument tables and inert options, one per framework that has
 * an argument table: the binding names the framework's preset (`keras` → `keras3`).
 */
export function bindFrameworks<C extends OptimizerConfig>(
  args: Readonly<Record<string, Readonly<Record<string, ApplyArgument<C>>>>>,
  inert: Readonly<Record<string, readonly string[]>>,
): Readonly<Record<string, FrameworkBinding<C>>> {
  return Object.fromEntries(
    Object.entries(args).map(([framework, table]) => [framework, { preset: FRAMEWORK_PRESET[framework] ?? framework, args: table, inert: inert[framework] ?? [] }]),
  );
}
