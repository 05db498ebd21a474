/**
 * The parsed form of a golden trace in the `isostep-golden-rmsprop/1` format
 * (see `shared/formats/golden-trace.md`).
 *
 * Every numeric vector is a `Float64Array` holding the exact value of the case dtype: for float32 traces
 * each number has been passed through `Math.fround`, so the float32 bits are recovered; float64 values
 * are kept as written. Non-finite values (written as `"NaN"`, `"Infinity"`, `"-Infinity"`) are decoded.
 * All vectors have the length of `case.initParams`.
 */

/** The one format tag this reader accepts. */
export const GOLDEN_TRACE_FORMAT = 'isostep-golden-rmsprop/1';
export type GoldenTraceFormat = typeof GOLDEN_TRACE_FORMAT;

export type TraceDtype = 'float32' | 'float64';

/** How the generator produced gradients. Runners feed each step's recorded `grad`, never this. */
export type TraceGradient =
  | { readonly kind: 'quadratic'; readonly coeffs: Float64Array }
  | { readonly kind: 'list'; readonly values: readonly Float64Array[] };

export interface TraceCase {
  readonly name: string;
  /** The framework that recorded the trace. Unknown names are allowed here; the runner decides. */
  readonly framework: string;
  readonly dtype: TraceDtype;
  /** The framework's own argument names; a missing key means that framework's default. */
  readonly hyperparameters: Readonly<Record<string, number | boolean | null>>;
  /** Framework-specific options; `{}` when the file has none. */
  readonly options: Readonly<Record<string, unknown>>;
  readonly initParams: Float64Array;
  readonly gradient: TraceGradient;
  readonly steps: number;
}

export interface TraceStep {
  /** 1-based, equal to the position in `steps` plus one. */
  readonly step: number;
  /** The gradient fed to this step, exactly. */
  readonly grad: Float64Array;
  /** Params after this step. */
  readonly params: Float64Array;
  /** State after this step, keyed by exactly the names in `stateSlots`. */
  readonly state: Readonly<Record<string, Float64Array>>;
}

export interface GoldenTrace {
  /** Where the trace came from, as given to the parser (used in every error message). */
  readonly file: string;
  readonly format: GoldenTraceFormat;
  readonly case: TraceCase;
  readonly versions: Readonly<Record<string, string>>;
  /** The framework's own slot names, in file order. */
  readonly stateSlots: readonly string[];
  readonly initialState: Readonly<Record<string, Float64Array>>;
  readonly steps: readonly TraceStep[];
}
