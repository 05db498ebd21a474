/** Adadelta as an optimizer of the generic spec. */
import type { ElementValues, OptimizerDescriptor, StepProgram, StepScalarValues } from '../../contract/descriptor.js';
import { InvalidConfigError } from '../../errors/isostep-error.js';
import type { Arith } from '../../numerics/arith.js';
import type { NumericsProfile } from '../../numerics/profile.js';
import { ADADELTA_ALGORITHM_MARKDOWN, ADADELTA_NUMERICS_MARKDOWN } from './algorithm.js';
import { ADADELTA_SLOTS, type AdadeltaConfig, type AdadeltaProfile, type AdadeltaSlot } from './config.js';
import { adadeltaElementStep, planAdadeltaStep } from './element-step.js';
import { ADADELTA_FRAMEWORKS } from './framework-args.js';
import { ADADELTA_PRESETS } from './presets.js';
import { ADADELTA_SCALARS, adadeltaStepScalars, type AdadeltaStepScalars } from './scalars.js';
import { ADADELTA_CONFIG_KEYS, validateAdadeltaConfig } from './validate.js';

const FUSED_SITES = ['weightDecay', 'gradSquareAvg', 'deltaSquareAvg', 'apply'] as const;

function validateProfile(profile: NumericsProfile): AdadeltaProfile {
  const p = profile as unknown as Partial<AdadeltaProfile>;
  const bad = (field: string, value: unknown, allowed: string): never => {
    throw new InvalidConfigError(`profile.${field}`, value, allowed, 'Adadelta');
  };
  if (typeof p !== 'object' || p === null) bad('', p, 'a numerics profile');
  if (p.deltaOrder !== 'ratio' && p.deltaOrder !== 'rsqrt-ratio' && p.deltaOrder !== 'grad-first') {
    bad('deltaOrder', p.deltaOrder, "'ratio', 'rsqrt-ratio' or 'grad-first'");
  }
  for (const site of FUSED_SITES) if (typeof p.fused?.[site] !== 'boolean') bad(`fused.${site}`, p.fused?.[site], 'true or false');
  for (const site of Object.keys(p.fused ?? {})) {
    if (!(FUSED_SITES as readonly string[]).includes(site)) bad(`fused.${site}`, (p.fused as Record<string, unknown>)[site], `one of the sites ${FUSED_SITES.join(', ')}`);
  }
  return profile as unknown as AdadeltaProfile;
}

function compile(config: AdadeltaConfig, profile: AdadeltaProfile): StepProgram<AdadeltaSlot> {
  const plan = planAdadeltaStep(config, profile);
  return {
    slots: ['gradSquareAvg', 'deltaSquareAvg'],
    initialValue: () => 0,
    scalars: (A, lr) => adadeltaStepScalars(A, config, profile, lr),
    element<T>(A: Arith<T>, s: StepScalarValues<T>, e: ElementValues<T, AdadeltaSlot>) {
      adadeltaElementStep(A, plan, s as AdadeltaStepScalars<T>, e);
    },
  };
}

export const ADADELTA: OptimizerDescriptor<AdadeltaConfig, AdadeltaSlot, AdadeltaProfile> = {
  name: 'adadelta',
  title: 'Adadelta',
  slotOrder: ADADELTA_SLOTS,
  // Moving averages of g² and of Δx², both from 0.
  nonNegativeSlots: ['gradSquareAvg', 'deltaSquareAvg'],
  scalarNames: ADADELTA_SCALARS,
  configKeys: ADADELTA_CONFIG_KEYS,
  validate: validateAdadeltaConfig,
  validateProfile,
  compile,
  presets: ADADELTA_PRESETS,
  frameworks: ADADELTA_FRAMEWORKS,
  algorithmMarkdown: ADADELTA_ALGORITHM_MARKDOWN,
  numericsMarkdown: ADADELTA_NUMERICS_MARKDOWN,
};
