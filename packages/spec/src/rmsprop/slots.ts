/** Which state slots a config allocates, and what they start at. */
import type { SlotName } from '../contract/optimizer.js';
import type { RmspropConfig } from './config.js';

/** The slots in canonical order: v always; m̄ when centered; b when momentum > 0 or the framework always allocates it. */
export function allocatedSlots(config: RmspropConfig): SlotName[] {
  const slots: SlotName[] = ['meanSquare'];
  if (config.centered) slots.push('meanGrad');
  if (hasMomentumBuffer(config)) slots.push('momentum');
  return slots;
}

export function hasMomentumBuffer(config: Pick<RmspropConfig, 'momentum' | 'alwaysAllocateMomentum'>): boolean {
  return config.momentum > 0 || config.alwaysAllocateMomentum;
}

/** Initial value of a slot (before rounding to the dtype). */
export function initialSlotValue(config: RmspropConfig, slot: SlotName): number {
  return slot === 'meanSquare' ? config.initialMeanSquare : 0;
}
