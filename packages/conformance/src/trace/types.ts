/**
 * The parsed form of a golden trace, one shape for both format versions (`FORMAT.md` in this package is
 * the authority): `isostep-golden/2` as written, and `isostep-golden-rmsprop/1` read as a v2 trace with
 * optimizer "rmsprop", one parameter named "p" of shape [n] and a constant learning rate.
 *
 * Every numeric vector is a `Float64Array` holding the exact value of the case dtype: for float32 traces
 * each number has been passed through `Math.fround`, so the float32 bits are recovered; float64 values are
 * kept as written. Non-finite values (written `"NaN"`, `"Infinity"`, `"-Infinity"`) are decoded. Every
 * vector of a parameter (its init, gradients, params after each step, slots) has the parameter's length.
 * Maps keyed by parameter name iterate in `case.params` order.
 */

/** The current format tag: any optimizer, named tensors, recorded learning rates. */
export const GOLDEN_TRACE_FORMAT = 'isostep-golden/2';
/** The first format tag: RMSprop, one flat vector, constant learning rate. Still read. */
export const GOLDEN_TRACE_FORMAT_V1 = 'isostep-golden-rmsprop/1';
/** Every tag the reader accepts. */
export const GOLDEN_TRACE_FORMATS = [GOLDEN_TRACE_FORMAT, GOLDEN_TRACE_FORMAT_V1] as const;
export type GoldenTraceFormat = (typeof GOLDEN_TRACE_FORMATS)[number];

export type TraceDtype = 'float32' | 'float64';

/** A framework argument as written: torch `betas` is an array, TF.js `epsilon: null` means the backend's. */
export type TraceHyperparameter = number | boolean | null | readonly number[];

/** One named parameter tensor, flat in row-major order. */
export interface TraceParam {
  readonly name: string;
  /** Its dimensions; the product is the length of every vector of this parameter ([] is a scalar). */
  readonly shape: readonly number[];
  readonly init: Float64Array;
}

/** Values of every parameter, by parameter name, in `case.params` order. */
export type PerParam<T> = ReadonlyMap<string, T>;

/** One parameter's slots, by the framework's own slot names (exactly `stateSlots`). */
export type TraceSlots = Readonly<Record<string, Float64Array>>;

/** How the generator produced gradients. Runners feed each step's recorded `grads`, never this. */
export type TraceGradient =
  /** g = (2c)·p in the dtype, one rounding, from the params the framework returned. */
  | { readonly kind: 'quadratic'; readonly coeffs: PerParam<Float64Array> }
  /** Given gradients; v1 files list them in the case (`values`, one row per step at least), v2 files only in the steps. */
  | { readonly kind: 'list'; readonly values: readonly PerParam<Float64Array>[] | null };

/** 'constant': the hyperparameters' lr at every step; 'recorded': each step's `lr`. */
export type LrSchedule = 'constant' | 'recorded';

export interface TraceCase {
  readonly name: string;
  /** The framework that recorded the trace. Any well-formed name is read; the runner decides what it can run. */
  readonly framework: string;
  /** An optimizer the spec knows (`optimizerNames()`); v1 traces are 'rmsprop'. */
  readonly optimizer: string;
  readonly dtype: TraceDtype;
  /** The framework's own argument names; a missing key means that framework's default. */
  readonly hyperparameters: Readonly<Record<string, TraceHyperparameter>>;
  /** Framework-specific options; `{}` when the file has none. */
  readonly options: Readonly<Record<string, unknown>>;
  /** At least one, names unique, in the framework's parameter order. */
  readonly params: readonly TraceParam[];
  readonly gradient: TraceGradient;
  readonly lrSchedule: LrSchedule;
  /** The number of steps (= `GoldenTrace.steps.length`). */
  readonly steps: number;
}

export interface TraceStep {
  /** 1-based, equal to the position in `steps` plus one. */
  readonly step: number;
  /** The learning rate this step used, as written (a double), when `lrSchedule` is 'recorded'; null when constant. */
  readonly lr: number | null;
  /** The gradients fed to this step, exactly. */
  readonly grads: PerParam<Float64Array>;
  /** Params after this step. */
  readonly params: PerParam<Float64Array>;
  /** State after this step, per parameter, keyed by exactly the names in `stateSlots`. */
  readonly state: PerParam<TraceSlots>;
}

export interface GoldenTrace {
  /** Where the trace came from, as given to the parser (used in every error message). */
  readonly file: string;
  /** The tag the file carried. */
  readonly format: GoldenTraceFormat;
  readonly case: TraceCase;
  readonly versions: Readonly<Record<string, string>>;
  /** The framework's own slot names, in file order; every parameter has each of them. */
  readonly stateSlots: readonly string[];
  readonly initialState: PerParam<TraceSlots>;
  readonly steps: readonly TraceStep[];
}
