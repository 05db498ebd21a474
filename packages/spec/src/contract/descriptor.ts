/**
 * An optimizer, described once for every backend: its slots, its per-step scalars, its element step, its
 * validation and its presets. RMSprop is one (`optimizers/rmsprop`); adding an optimizer means writing
 * one of these, and no backend changes: each backend reads the slot list for its state layout and runs
 * the element step over its own arithmetic (exact numbers, intervals, TF.js tensors, a symbolic graph
 * that the fast CPU kernels and the WGSL shader are compiled from).
 */
import type { Arith } from '../numerics/arith.js';
import type { NumericsProfile } from '../numerics/profile.js';

/** Every optimizer config has a learning rate: `StepOptions.lr` overrides it for one step. */
export interface OptimizerConfig {
  readonly lr: number;
}

/** The values of one element, updated in place by a step: p, g and one entry per allocated slot. */
export type ElementValues<T, S extends string = string> = Record<'p' | 'g' | S, T>;

/** Per-step scalars by name (the descriptor's `scalarNames`). */
export type StepScalarValues<T> = Readonly<Record<string, T>>;

/**
 * One config and profile, compiled: the decisions that depend only on them are taken once, here, not per
 * element. Every backend steps through this and nothing else.
 */
export interface StepProgram<S extends string = string> {
  /** The slots this config allocates, in the descriptor's canonical order. */
  readonly slots: readonly S[];
  /** Initial value of each allocated slot (before rounding to the dtype). */
  initialValue(slot: S): number;
  /**
   * The per-step scalars in arithmetic A (hyperparameters cast to the dtype as the framework casts them;
   * `lr` is this step's learning rate, `t` the step being taken, 1 for the first). Keys: `scalarNames`.
   */
  scalars<T>(A: Arith<T>, lr: number, t: number): StepScalarValues<T>;
  /** One element's step, in place on `e`, in the preset's op order. Reads only the allocated slots. */
  element<T>(A: Arith<T>, s: StepScalarValues<T>, e: ElementValues<T, S>): void;
}

/** How we know a preset computes what its framework computes. */
export type Provenance =
  /** Checked step by step against traces recorded from the real framework (its `case.framework`). */
  | { readonly kind: 'golden'; readonly traceFramework: string }
  /** Derived from reading the named file of the framework's source (it could not run here). */
  | { readonly kind: 'source'; readonly repository: string; readonly file: string };

/**
 * A framework's optimizer as data: its defaults, its argument and slot names, and the numerics profile it
 * evaluates with. Creating an optimizer from a preset always uses the preset's profile.
 */
export interface Preset<C extends OptimizerConfig = OptimizerConfig, S extends string = string, P extends NumericsProfile = NumericsProfile> {
  /** The optimizer this preset configures (`OptimizerDescriptor.name`). */
  readonly optimizer: string;
  readonly name: string;
  /** What users call it. */
  readonly title: string;
  readonly provenance: Provenance;
  /** The framework's defaults, as a full spec config. */
  readonly defaults: C;
  /** The framework's own argument name for each spec field it exposes. */
  readonly args: Readonly<Partial<Record<keyof C & string, string>>>;
  /** The framework's own name for each slot. */
  readonly slotNames: Readonly<Record<S, string>>;
  readonly profile: P;
  /** What surprises people coming from another framework. */
  readonly notes: readonly string[];
}

/** A framework argument's effect on the config being built; `fail` throws naming the argument. */
export type ApplyArgument<C> = (
  config: { -readonly [K in keyof C]: C[K] },
  value: unknown,
  fail: (allowed: string) => never,
  all: Readonly<Record<string, unknown>>,
) => void;

/**
 * How one framework's arguments for this optimizer map onto the spec config: `framework` is the trace
 * format's `case.framework`; a missing argument means the preset's default.
 */
export interface FrameworkBinding<C extends OptimizerConfig = OptimizerConfig> {
  /** The preset the framework's defaults and profile come from. */
  readonly preset: string;
  /** Each argument (hyperparameters and options) and what it does to the config. */
  readonly args: Readonly<Record<string, ApplyArgument<C>>>;
  /** Options that select a code path but not the numbers (torch `foreach`): accepted and ignored. */
  readonly inert: readonly string[];
}

export interface OptimizerDescriptor<
  C extends OptimizerConfig = OptimizerConfig,
  S extends string = string,
  P extends NumericsProfile = NumericsProfile,
> {
  /** Lower-case name used in traces, the CLI and registries: 'rmsprop'. */
  readonly name: string;
  /** Display name: 'RMSprop'. */
  readonly title: string;
  /** Every slot the optimizer can allocate, in canonical order: state files, weights lists and GPU buffers follow it. */
  readonly slotOrder: readonly S[];
  /**
   * Slots that can never be negative (running averages of g², accumulators): imported state documents
   * with a negative value there are refused (`checkSlotValues`). NaN and +Infinity stay allowed: overflow
   * produces them. Absent means no slot is constrained.
   */
  readonly nonNegativeSlots?: readonly S[];
  /** Names of the per-step scalars, in the order a compiled kernel reads them. */
  readonly scalarNames: readonly string[];
  /** Every config field (a config with any other key is rejected). */
  readonly configKeys: readonly (keyof C & string)[];
  /**
   * A frozen copy of a valid config, or an InvalidConfigError naming the first bad field (unknown keys
   * included). `names` maps spec field names to the names the user typed (a framework's own), so the
   * error speaks the user's language.
   */
  validate(config: unknown, names?: Readonly<Record<string, string>>): C;
  /** Checks a numerics profile has the shape this optimizer reads (its own op-order fields). */
  validateProfile(profile: NumericsProfile): P;
  /** Compiles one config and profile into the program every backend steps with. */
  compile(config: C, profile: P): StepProgram<S>;
  /** The framework presets, by name, in display order. */
  readonly presets: Readonly<Record<string, Preset<C, S, P>>>;
  /** Framework argument mappings, by trace framework name. */
  readonly frameworks: Readonly<Record<string, FrameworkBinding<C>>>;
  /** The formula in words (Markdown), generated into the README and the docs. */
  readonly algorithmMarkdown: string;
  /** How floating point enters (op order, fused sites, declared accuracy). */
  readonly numericsMarkdown: string;
}
