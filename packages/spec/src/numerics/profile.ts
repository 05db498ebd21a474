/**
 * A numerics profile: how one framework evaluates an optimizer's formula in floating point.
 *
 * The config says WHAT is computed; the profile says which sites are fused into one rounding, how
 * subnormals are treated, and how accurate each operation of that framework is declared to be. An
 * optimizer module extends it with its own op-order choices (RMSprop: `lrSite`, `root`,
 * `meanGradUpdate`). Bit-exactness needs both; tolerances are derived from the accuracy table, never
 * typed in as atol/rtol.
 */

import type { SubnormalMode } from './arith.js';

/** Declared accuracy of one operation, in ulps of the exact result; 0 means correctly rounded. */
export type Ulps = number;

export interface OpAccuracy {
  readonly add: Ulps;
  readonly sub: Ulps;
  readonly mul: Ulps;
  readonly div: Ulps;
  readonly sqrt: Ulps;
  readonly rsqrt: Ulps;
  readonly fma: Ulps;
  readonly pow: Ulps;
  /** Where each number comes from: the framework's documentation, or a measurement we recorded. */
  readonly source: string;
}

export const CORRECTLY_ROUNDED: OpAccuracy = {
  add: 0,
  sub: 0,
  mul: 0,
  div: 0,
  sqrt: 0,
  rsqrt: 0,
  fma: 0,
  pow: 0,
  source: 'IEEE 754: every operation correctly rounded to nearest even',
};

export interface NumericsProfile {
  /**
   * The sites of the optimizer's formula this framework fuses into one fma (one rounding instead of
   * two). Each optimizer module names its sites (RMSprop: weightDecay, meanSquare, …); a site that is
   * absent or false is evaluated unfused.
   */
  readonly fused: Readonly<Record<string, boolean>>;
  /**
   * Hyperparameters the framework stores in float32 variables whatever the tensor dtype (Keras 3 keeps
   * learning_rate and weight_decay in float32; in float64 they arrive as float64 copies of float32
   * values). Names are the spec's config field names.
   */
  readonly float32Scalars: readonly string[];
  /** Whether the framework's CPU threads flush subnormals (FTZ + DAZ): TensorFlow and XLA do. */
  readonly subnormals: SubnormalMode;
  /** Declared per-op accuracy, per dtype. */
  readonly accuracy: { readonly float32: OpAccuracy; readonly float64: OpAccuracy };
}

/**
 * How many grid steps a result may sit from the correctly rounded one, given "within k ulp of the exact
 * result". Values within k ulp of x lie at most ⌊k + ½⌋ steps from round(x); k = 0 (or ½) is exact.
 */
export function gridSteps(k: Ulps): number {
  return k <= 0.5 ? 0 : Math.floor(k + 0.5);
}

/** The per-op maximum of two accuracy tables: what both a framework and a backend may do. */
export function combineAccuracy(a: OpAccuracy, b: OpAccuracy): OpAccuracy {
  return {
    add: Math.max(a.add, b.add),
    sub: Math.max(a.sub, b.sub),
    mul: Math.max(a.mul, b.mul),
    div: Math.max(a.div, b.div),
    sqrt: Math.max(a.sqrt, b.sqrt),
    rsqrt: Math.max(a.rsqrt, b.rsqrt),
    fma: Math.max(a.fma, b.fma),
    pow: Math.max(a.pow, b.pow),
    source: a.source === b.source ? a.source : `${a.source}; ${b.source}`,
  };
}
