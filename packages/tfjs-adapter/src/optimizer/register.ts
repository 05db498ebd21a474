/** Explicit registration: importing this package registers nothing (no import side effects). */
import { serialization } from '@tensorflow/tfjs-core';
import { IsostepRmsprop } from './isostep-rmsprop.js';

/**
 * Registers the Isostep optimizers with TF.js's serialization map, so `tf.loadLayersModel` can rebuild a
 * model saved with `includeOptimizer: true`. Safe to call more than once.
 */
export function registerIsostepOptimizers(): void {
  serialization.registerClass(IsostepRmsprop);
}
