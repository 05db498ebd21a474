/** Which state slots an RMSprop config allocates, and what they start at. */
import type { RmspropConfig, RmspropSlot } from './config.js';

/** The slots in canonical order: v always; m̄ when centered; b when momentum > 0 or the framework always allocates it. */
export function allocatedSlots(config: RmspropConfig): RmspropSlot[] {
  const slots: RmspropSlot[] = ['meanSquare'];
  if (config.centered) slots.push('meanGrad');
  if (hasMomentumBuffer(config)) slots.push('momentum');
  return slots;
}

export function hasMomentumBuffer(config: Pick<RmspropConfig, 'momentum' | 'alwaysAllocateMomentum'>): boolean {
  return config.momentum > 0 || config.alwaysAllocateMomentum;
}

/** Initial value of a slot (before rounding to the dtype). */
export function initialSlotValue(config: RmspropConfig, slot: RmspropSlot): number {
  return slot === 'meanSquare' ? config.initialMeanSquare : 0;
}
