/**
 * The per-step scalars, as the kernel's `Scalars` uniform struct: explicit byte offsets, one f32 or u32
 * each. Values are the spec's `stepScalars` in float32 (hyperparameters cast to the dtype, 1−ρ where
 * the config says, ρᵗ correctly rounded on the host), so the shader does no arithmetic on constants.
 */
import { exactArith, stepScalars, type NumericsProfile, type RmspropConfig } from '@isostep/spec';

export const SCALAR_OFFSETS = {
  lr: 0,
  negLr: 4,
  rho: 8,
  oneMinusRho: 12,
  oneMinusRhoMinusOne: 16,
  eps: 20,
  momentum: 24,
  weightDecay: 28,
  biasCorrection: 32,
  count: 36,
  rowStride: 40,
} as const;

/** Uniform buffers are sized in multiples of 16 bytes. */
export const SCALARS_BYTES = 48;

const F32 = exactArith('float32');

export function encodeScalars(
  config: RmspropConfig,
  profile: NumericsProfile,
  lr: number,
  t: number,
  count: number,
  rowStride: number,
): ArrayBuffer {
  const s = stepScalars(F32, config, profile, lr, t);
  const buf = new ArrayBuffer(SCALARS_BYTES);
  const view = new DataView(buf);
  const f = (offset: number, x: number) => view.setFloat32(offset, x, true);
  f(SCALAR_OFFSETS.lr, s.lr);
  f(SCALAR_OFFSETS.negLr, s.negLr);
  f(SCALAR_OFFSETS.rho, s.rho);
  f(SCALAR_OFFSETS.oneMinusRho, s.oneMinusRho);
  f(SCALAR_OFFSETS.oneMinusRhoMinusOne, s.oneMinusRhoMinusOne);
  f(SCALAR_OFFSETS.eps, s.eps);
  f(SCALAR_OFFSETS.momentum, s.momentum);
  f(SCALAR_OFFSETS.weightDecay, s.weightDecay);
  f(SCALAR_OFFSETS.biasCorrection, s.biasCorrection);
  view.setUint32(SCALAR_OFFSETS.count, count, true);
  view.setUint32(SCALAR_OFFSETS.rowStride, rowStride, true);
  return buf;
}
