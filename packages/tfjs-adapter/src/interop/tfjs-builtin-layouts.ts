/**
 * The order in which each TF.js 4.22 built-in optimizer lists its slots in `getWeights` (after `iter`,
 * each kind for every variable before the next kind), by spec slot. The spec cannot say this: it is
 * each built-in's own code, not the descriptor's canonical order. The names under which the entries
 * appear are the tfjs preset's `slotNames`. Checked against TF.js itself in
 * `src/optimizer/tfjs-builtin-parity.test.ts` (SGD, momentum, Adagrad, Adadelta, Adam) and
 * `tfjs-parity.test.ts` (RMSprop).
 *
 * Optimizers TF.js does not ship (AdamW) have no entry; neither do slots a built-in cannot hold
 * (Adam's AMSGrad maximum): such a state has no TF.js form.
 */
export const TFJS_BUILTIN_SLOT_ORDER: Readonly<Record<string, readonly string[]>> = {
  /** RMSPropOptimizer: rms, momentum, then mg (centered only). */
  rmsprop: ['meanSquare', 'momentum', 'meanGrad'],
  /** tf.train.sgd: `iter` alone; tf.train.momentum: `<var>/momentum` (made even at μ = 0). */
  sgd: ['momentum'],
  /** AdagradOptimizer: `<var>/accumulator`. */
  adagrad: ['accumulator'],
  /** AdadeltaOptimizer: all `accum_grad` (E_g), then all `accum_var` (E_x). */
  adadelta: ['gradSquareAvg', 'deltaSquareAvg'],
  /** AdamOptimizer: all `m`, then all `v`; its β powers are not listed (setWeights recomputes them with pow). */
  adam: ['firstMoment', 'secondMoment'],
};
