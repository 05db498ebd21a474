/** Explicit registration: importing this package registers nothing (no import side effects). */
import { serialization } from '@tensorflow/tfjs-core';
import { IsostepOptimizer } from './isostep-optimizer.js';
import { IsostepRmsprop } from './isostep-rmsprop.js';

/**
 * Registers the Isostep optimizers with TF.js's serialization map, so `tf.loadLayersModel` can rebuild a
 * model saved with `includeOptimizer: true`: 'IsostepOptimizer' (any optimizer of the spec) and
 * 'IsostepRMSprop' (models saved with `IsostepRmsprop`). Safe to call more than once.
 */
export function registerIsostepOptimizers(): void {
  serialization.registerClass(IsostepOptimizer);
  serialization.registerClass(IsostepRmsprop);
}
