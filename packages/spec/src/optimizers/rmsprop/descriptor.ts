/**
 * RMSprop as an optimizer of the generic spec: the one value every backend reads. Its math is in
 * `element-step.ts` (code) and `algorithm.ts` (words); its flags in `config.ts`; its frameworks in
 * `presets.ts` and `framework-args.ts`.
 */
import type { ElementValues, OptimizerDescriptor, StepProgram, StepScalarValues } from '../../contract/descriptor.js';
import type { Arith } from '../../numerics/arith.js';
import { InvalidConfigError } from '../../errors/isostep-error.js';
import type { NumericsProfile } from '../../numerics/profile.js';
import { ALGORITHM_MARKDOWN, NUMERICS_MARKDOWN } from './algorithm.js';
import { RMSPROP_SLOTS, type RmspropConfig, type RmspropProfile, type RmspropSlot } from './config.js';
import { elementStep, planStep } from './element-step.js';
import { RMSPROP_FRAMEWORKS } from './framework-args.js';
import { RMSPROP_PRESETS } from './presets.js';
import { RMSPROP_SCALARS, stepScalars, type StepScalars } from './scalars.js';
import { allocatedSlots, initialSlotValue } from './slots.js';
import { RMSPROP_CONFIG_KEYS, validateConfig } from './validate.js';

const FUSED_SITES = ['weightDecay', 'meanSquare', 'meanGrad', 'centeredVariance', 'momentumApply'] as const;

function validateProfile(profile: NumericsProfile): RmspropProfile {
  const p = profile as unknown as Partial<RmspropProfile>;
  const bad = (field: string, value: unknown, allowed: string): never => {
    throw new InvalidConfigError(`profile.${field}`, value, allowed, 'RMSprop');
  };
  if (typeof p !== 'object' || p === null) bad('', p, 'a numerics profile');
  if (p.lrSite !== 'numerator' && p.lrSite !== 'after-normalize' && p.lrSite !== 'lr-over-denominator') {
    bad('lrSite', p.lrSite, "'numerator', 'after-normalize' or 'lr-over-denominator'");
  }
  if (p.root !== 'sqrt' && p.root !== 'rsqrt') bad('root', p.root, "'sqrt' or 'rsqrt'");
  if (p.squareProduct !== undefined && p.squareProduct !== 'square-then-scale' && p.squareProduct !== 'scale-then-square') {
    bad('squareProduct', p.squareProduct, "'square-then-scale' or 'scale-then-square' (or absent)");
  }
  if (p.meanGradUpdate !== 'like-mean-square' && p.meanGradUpdate !== 'lerp') bad('meanGradUpdate', p.meanGradUpdate, "'like-mean-square' or 'lerp'");
  for (const site of FUSED_SITES) if (typeof p.fused?.[site] !== 'boolean') bad(`fused.${site}`, p.fused?.[site], 'true or false');
  for (const site of Object.keys(p.fused ?? {})) {
    if (!(FUSED_SITES as readonly string[]).includes(site)) bad(`fused.${site}`, p.fused![site as keyof typeof p.fused], `one of the sites ${FUSED_SITES.join(', ')}`);
  }
  return profile as unknown as RmspropProfile;
}

function compile(config: RmspropConfig, profile: RmspropProfile): StepProgram<RmspropSlot> {
  const plan = planStep(config, profile);
  return {
    slots: allocatedSlots(config),
    initialValue: (slot) => initialSlotValue(config, slot),
    scalars: (A, lr, t) => stepScalars(A, config, profile, lr, t),
    element<T>(A: Arith<T>, s: StepScalarValues<T>, e: ElementValues<T, RmspropSlot>) {
      elementStep(A, plan, s as StepScalars<T>, e);
    },
  };
}

export const RMSPROP: OptimizerDescriptor<RmspropConfig, RmspropSlot, RmspropProfile> = {
  name: 'rmsprop',
  title: 'RMSprop',
  slotOrder: RMSPROP_SLOTS,
  // v is a moving average of g² from v₀ >= 0 (the centered mean and the momentum buffer have signs).
  nonNegativeSlots: ['meanSquare'],
  scalarNames: RMSPROP_SCALARS,
  configKeys: RMSPROP_CONFIG_KEYS,
  validate: validateConfig,
  validateProfile,
  compile,
  presets: RMSPROP_PRESETS,
  frameworks: RMSPROP_FRAMEWORKS,
  algorithmMarkdown: ALGORITHM_MARKDOWN,
  numericsMarkdown: NUMERICS_MARKDOWN,
};
