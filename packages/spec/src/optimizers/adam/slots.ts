/** Which state slots an Adam config allocates, and what they start at (all zeros). */
import type { AdamConfig, AdamSlot } from './config.js';

/** m and v always; AMSGrad's maximum when amsgrad. */
export function allocatedAdamSlots(config: AdamConfig): AdamSlot[] {
  return config.amsgrad ? ['firstMoment', 'secondMoment', 'maxSecondMoment'] : ['firstMoment', 'secondMoment'];
}

/** Every Adam slot starts at 0 (torch, Keras, TF1, TF.js and optax all zero-initialise). */
export function initialAdamSlotValue(_config: AdamConfig, _slot: AdamSlot): number {
  return 0;
}
