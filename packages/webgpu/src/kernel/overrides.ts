/** The override constants that specialise the kernel to one config and numerics profile. */
import { planStep, type NumericsProfile, type RmspropConfig } from '@isostep/spec';

const EPS_PLACEMENT = { outside: 0, inside: 1, 'inside-subtracted': 2 } as const;
const MOMENTUM_FORM = { 'lr-inside': 0, 'lr-outside': 1, 'optax-trace': 2, graves: 3 } as const;
const WEIGHT_DECAY = { none: 0, coupled: 1, decoupled: 2 } as const;

/** Pipeline constants (WGSL `override`s; booleans as 0/1, as WebGPU passes them). */
export function kernelOverrides(config: RmspropConfig, profile: NumericsProfile): Record<string, number> {
  const plan = planStep(config, profile);
  const F = profile.fused;
  const flag = (b: boolean) => (b ? 1 : 0);
  return {
    MAXIMIZE: flag(config.maximize),
    WEIGHT_DECAY: WEIGHT_DECAY[plan.weightDecay],
    MEAN_SQUARE_INCREMENT: flag(config.meanSquareForm === 'increment'),
    CENTERED: flag(config.centered),
    MEAN_GRAD_LERP: flag(profile.meanGradUpdate === 'lerp'),
    // torch's lerp_ branches on its float weight w = 1−ρ (see stepScalars): a property of the config.
    LERP_FROM_START: flag(Math.fround(1 - config.rho) < 0.5),
    BIAS_CORRECTION: flag(config.biasCorrection),
    EPS_PLACEMENT: EPS_PLACEMENT[config.epsPlacement],
    RECIPROCAL: flag(plan.useReciprocal),
    LR_AFTER_NORMALIZE: flag(profile.lrSite === 'after-normalize'),
    HAS_MOMENTUM: flag(plan.hasMomentum),
    MOMENTUM_FORM: MOMENTUM_FORM[config.momentumForm],
    NESTEROV: flag(config.nesterov),
    FUSE_WEIGHT_DECAY: flag(F.weightDecay),
    FUSE_MEAN_SQUARE: flag(F.meanSquare),
    FUSE_MEAN_GRAD: flag(F.meanGrad),
    FUSE_CENTERED_VARIANCE: flag(F.centeredVariance),
    FUSE_MOMENTUM_APPLY: flag(F.momentumApply),
  };
}
