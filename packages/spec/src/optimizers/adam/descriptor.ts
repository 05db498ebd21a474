/**
 * Adam as an optimizer of the generic spec. Its math is in `element-step.ts` (code) and `algorithm.ts`
 * (words); its flags in `config.ts`; its frameworks in `presets.ts` and `framework-args.ts`. AdamW
 * (`../adamw`) is a second descriptor over the same config, scalars and element step.
 */
import type { ElementValues, FrameworkBinding, OptimizerDescriptor, Preset, StepProgram, StepScalarValues } from '../../contract/descriptor.js';
import { InvalidConfigError } from '../../errors/isostep-error.js';
import type { Arith } from '../../numerics/arith.js';
import type { NumericsProfile } from '../../numerics/profile.js';
import { ADAM_ALGORITHM_MARKDOWN, ADAM_NUMERICS_MARKDOWN } from './algorithm.js';
import { ADAM_SLOTS, type AdamConfig, type AdamProfile, type AdamSlot } from './config.js';
import { adamElementStep, planAdamStep } from './element-step.js';
import { ADAM_FRAMEWORKS } from './framework-args.js';
import { ADAM_PRESETS } from './presets.js';
import { ADAM_SCALARS, adamStepScalars, type AdamStepScalars } from './scalars.js';
import { allocatedAdamSlots, initialAdamSlotValue } from './slots.js';
import { ADAM_CONFIG_KEYS, validateAdamConfig } from './validate.js';

const FUSED_SITES = ['weightDecay', 'secondMoment'] as const;

/** Checks a profile has Adam's op-order fields; `title` names the optimizer in the error. */
export function validateAdamProfile(profile: NumericsProfile, title = 'Adam'): AdamProfile {
  const p = profile as unknown as Partial<AdamProfile>;
  const bad = (field: string, value: unknown, allowed: string): never => {
    throw new InvalidConfigError(`profile.${field}`, value, allowed, title);
  };
  if (typeof p !== 'object' || p === null) bad('', p, 'a numerics profile');
  if (p.betaPower !== 'float64' && p.betaPower !== 'pow' && p.betaPower !== 'product') bad('betaPower', p.betaPower, "'float64', 'pow' or 'product'");
  if (p.correctionSite !== 'step-size' && p.correctionSite !== 'divide' && p.correctionSite !== 'reciprocal') {
    bad('correctionSite', p.correctionSite, "'step-size', 'divide' or 'reciprocal'");
  }
  if (p.firstMomentUpdate !== 'like-second' && p.firstMomentUpdate !== 'lerp') bad('firstMomentUpdate', p.firstMomentUpdate, "'like-second' or 'lerp'");
  for (const site of FUSED_SITES) if (typeof p.fused?.[site] !== 'boolean') bad(`fused.${site}`, p.fused?.[site], 'true or false');
  for (const site of Object.keys(p.fused ?? {})) {
    if (!(FUSED_SITES as readonly string[]).includes(site)) bad(`fused.${site}`, p.fused![site as keyof typeof p.fused], `one of the sites ${FUSED_SITES.join(', ')}`);
  }
  return profile as unknown as AdamProfile;
}

export function compileAdam(config: AdamConfig, profile: AdamProfile): StepProgram<AdamSlot> {
  const plan = planAdamStep(config, profile);
  return {
    slots: allocatedAdamSlots(config),
    initialValue: (slot) => initialAdamSlotValue(config, slot),
    scalars: (A, lr, t) => adamStepScalars(A, config, profile, lr, t),
    element<T>(A: Arith<T>, s: StepScalarValues<T>, e: ElementValues<T, AdamSlot>) {
      adamElementStep(A, plan, s as AdamStepScalars<T>, e);
    },
  };
}

/** An Adam-family descriptor: Adam and AdamW differ only in name, validation, presets and bindings. */
export function adamFamilyDescriptor(
  name: string,
  title: string,
  presets: Readonly<Record<string, Preset<AdamConfig, AdamSlot, AdamProfile>>>,
  frameworks: Readonly<Record<string, FrameworkBinding<AdamConfig>>>,
  algorithmMarkdown: string,
): OptimizerDescriptor<AdamConfig, AdamSlot, AdamProfile> {
  return {
    name,
    title,
    slotOrder: ADAM_SLOTS,
    // v is a moving average of g² from 0, and AMSGrad's maximum is a maximum of such averages.
    nonNegativeSlots: ['secondMoment', 'maxSecondMoment'],
    scalarNames: ADAM_SCALARS,
    configKeys: ADAM_CONFIG_KEYS,
    validate: (config, names) => validateAdamConfig(config, names, title),
    validateProfile: (profile) => validateAdamProfile(profile, title),
    compile: compileAdam,
    presets,
    frameworks,
    algorithmMarkdown,
    numericsMarkdown: ADAM_NUMERICS_MARKDOWN,
  };
}

export const ADAM = adamFamilyDescriptor('adam', 'Adam', ADAM_PRESETS, ADAM_FRAMEWORKS, ADAM_ALGORITHM_MARKDOWN);
