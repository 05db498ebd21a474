/** The runner's result for one trace × backend × mode, as printed by `isostep conform --json`. */
import type { Dtype } from '@isostep/spec';

export type Mode = 'resync' | 'free';

export interface FirstFailure {
  /** 1-based step of the trace. */
  readonly step: number;
  /** The parameter tensor (its name in the trace; "p" for a v1 trace). */
  readonly param: string;
  /** 'params' or the framework's slot name. */
  readonly slot: string;
  /** Flat (row-major) index into the parameter tensor. */
  readonly index: number;
  readonly expected: number;
  readonly actual: number;
  /** |actual − expected| in ulps of the dtype. */
  readonly ulpDistance: number;
  /**
   * |actual − expected| as a number (0 when both are the same NaN or infinity, Infinity when only one is
   * finite): readable where ulps are not, near zero, where a tiny value is hundreds of millions of ulps from 0.
   */
  readonly absError: number;
  /** Width of the acceptance interval in ulps: the largest distance the declared accuracies allow. */
  readonly bound: number;
  readonly interval: readonly [number, number];
  readonly intervalAllowsNaN: boolean;
  /** Which value left the interval: the backend's, or the framework's (the spec does not describe it). */
  readonly outside: 'actual' | 'expected' | 'both';
}

export interface ConformResult {
  readonly case: string;
  readonly file: string;
  readonly framework: string;
  /** The trace's optimizer ('rmsprop', …). */
  readonly optimizer: string;
  readonly dtype: Dtype | string;
  readonly backend: string;
  /** Device or adapter the backend ran on. */
  readonly device: string;
  readonly mode: Mode;
  /** The preset the framework's arguments were mapped through (`keras3` for keras), or null when they could not be. */
  readonly preset: string | null;
  readonly pass: boolean;
  readonly skipped: boolean;
  readonly skipReason: string | null;
  /** A failure that is not a value mismatch (the trace cannot be mapped onto the spec, the backend threw). */
  readonly error: string | null;
  readonly maxUlp: number | null;
  /** Max ulp distance per slot ('params' and the framework's slot names), over every parameter tensor. */
  readonly slots: Readonly<Record<string, number>>;
  /** Max |actual − expected| over every value checked (see FirstFailure.absError), null when nothing was checked. */
  readonly maxAbsError: number | null;
  /** Widest acceptance interval met, in ulps (0 where every check was exact). */
  readonly maxBound: number | null;
  readonly firstFailure: FirstFailure | null;
  readonly steps: number;
  /** Elements of all parameter tensors together. */
  readonly elements: number;
  /** The rank this trace was recorded on, for a shard of data-parallel/sharded training (binary form); null otherwise. */
  readonly shard: ShardInfo | null;
}

/** One rank's slice of sharded training (ZeRO/FSDP): each rank records its own trace. */
export interface ShardInfo {
  readonly rank: number;
  readonly worldSize: number;
}

export interface ConformSummary {
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
}

export function summarize(results: readonly ConformResult[]): ConformSummary {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const r of results) {
    if (r.skipped) skipped++;
    else if (r.pass) passed++;
    else failed++;
  }
  return { passed, failed, skipped };
}
