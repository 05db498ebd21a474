/**
 * RMSprop's denominator d as the recorded operations show it: the RMSprop race's breakdown has a column
 * for it, since where ε enters d is what separates the presets.
 */
import type { RmspropConfig } from './isostep.js';
import type { Op } from './breakdown.js';

/** The root (√s or 1/rsqrt(s), optax multiplies by the rsqrt), plus ε when it is added outside the root. */
export function rmspropDenominator(config: RmspropConfig, ops: readonly Op[]): number {
  const i = ops.findIndex((o) => o.op === 'sqrt' || o.op === 'rsqrt');
  if (i < 0) return Number.NaN;
  const root = ops[i]!;
  if (config.epsPlacement === 'outside') return ops[i + 1]!.result;
  return root.op === 'rsqrt' ? 1 / root.result : root.result;
}
