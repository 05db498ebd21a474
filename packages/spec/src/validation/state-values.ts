/**
 * What an imported state may hold, slot by slot, for any optimizer: values of the dtype (a number that
 * overflows it is a corrupt file, not a large state), and no negative value in a slot the descriptor
 * declares non-negative (`nonNegativeSlots`: a negative mean square gives √(negative) = NaN at once).
 */
import type { OptimizerDescriptor } from '../contract/descriptor.js';

/**
 * The first problem with `values` as slot `slot` of `optimizer`: `{ index, allowed }`, or null. `values`
 * are already decoded (non-finite strings turned into numbers); finite inputs that overflowed are
 * the decoder's to reject.
 */
export function checkSlotValues(
  optimizer: Pick<OptimizerDescriptor<any, string, any>, 'nonNegativeSlots'>,
  slot: string,
  values: ArrayLike<number>,
): { readonly index: number; readonly allowed: string } | null {
  if (!(optimizer.nonNegativeSlots ?? []).includes(slot)) return null;
  for (let i = 0; i < values.length; i++) {
    // `< 0` is false for NaN and -0: both can come out of a real run.
    if (values[i]! < 0) return { index: i, allowed: `a value >= 0 (${slot} is never negative), "NaN" or "Infinity"` };
  }
  return null;
}
