/** Which state slots an SGD config allocates, and what they start at. */
import type { SgdConfig, SgdSlot } from './config.js';

/** The buffer exists when μ > 0, or when the framework always allocates it (TF1, TF.js momentum). */
export function sgdHasMomentumBuffer(config: Pick<SgdConfig, 'momentum' | 'alwaysAllocateMomentum'>): boolean {
  return config.momentum > 0 || config.alwaysAllocateMomentum;
}

export function sgdAllocatedSlots(config: SgdConfig): SgdSlot[] {
  return sgdHasMomentumBuffer(config) ? ['momentum'] : [];
}
