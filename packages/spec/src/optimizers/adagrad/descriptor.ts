/** Adagrad as an optimizer of the generic spec. */
import type { ElementValues, OptimizerDescriptor, StepProgram, StepScalarValues } from '../../contract/descriptor.js';
import { InvalidConfigError } from '../../errors/isostep-error.js';
import type { Arith } from '../../numerics/arith.js';
import type { NumericsProfile } from '../../numerics/profile.js';
import { ADAGRAD_ALGORITHM_MARKDOWN, ADAGRAD_NUMERICS_MARKDOWN } from './algorithm.js';
import { ADAGRAD_SLOTS, type AdagradConfig, type AdagradProfile, type AdagradSlot } from './config.js';
import { adagradElementStep, planAdagradStep } from './element-step.js';
import { ADAGRAD_FRAMEWORKS } from './framework-args.js';
import { ADAGRAD_PRESETS } from './presets.js';
import { ADAGRAD_SCALARS, adagradStepScalars, type AdagradStepScalars } from './scalars.js';
import { ADAGRAD_CONFIG_KEYS, validateAdagradConfig } from './validate.js';

const FUSED_SITES = ['weightDecay', 'accumulate'] as const;

function validateProfile(profile: NumericsProfile): AdagradProfile {
  const p = profile as unknown as Partial<AdagradProfile>;
  const bad = (field: string, value: unknown, allowed: string): never => {
    throw new InvalidConfigError(`profile.${field}`, value, allowed, 'Adagrad');
  };
  if (typeof p !== 'object' || p === null) bad('', p, 'a numerics profile');
  if (p.lrSite !== 'numerator' && p.lrSite !== 'after-normalize') bad('lrSite', p.lrSite, "'numerator' or 'after-normalize'");
  if (p.root !== 'sqrt' && p.root !== 'rsqrt') bad('root', p.root, "'sqrt' or 'rsqrt'");
  for (const site of FUSED_SITES) if (typeof p.fused?.[site] !== 'boolean') bad(`fused.${site}`, p.fused?.[site], 'true or false');
  for (const site of Object.keys(p.fused ?? {})) {
    if (!(FUSED_SITES as readonly string[]).includes(site)) bad(`fused.${site}`, (p.fused as Record<string, unknown>)[site], `one of the sites ${FUSED_SITES.join(', ')}`);
  }
  return profile as unknown as AdagradProfile;
}

function compile(config: AdagradConfig, profile: AdagradProfile): StepProgram<AdagradSlot> {
  const plan = planAdagradStep(config, profile);
  return {
    slots: ['accumulator'],
    initialValue: () => config.initialAccumulator,
    scalars: (A, lr, t) => adagradStepScalars(A, config, profile, lr, t),
    element<T>(A: Arith<T>, s: StepScalarValues<T>, e: ElementValues<T, AdagradSlot>) {
      adagradElementStep(A, plan, s as AdagradStepScalars<T>, e);
    },
  };
}

export const ADAGRAD: OptimizerDescriptor<AdagradConfig, AdagradSlot, AdagradProfile> = {
  name: 'adagrad',
  title: 'Adagrad',
  slotOrder: ADAGRAD_SLOTS,
  // A sum of g² from a non-negative start (frameworks refuse a negative initial_accumulator_value).
  nonNegativeSlots: ['accumulator'],
  scalarNames: ADAGRAD_SCALARS,
  configKeys: ADAGRAD_CONFIG_KEYS,
  validate: validateAdagradConfig,
  validateProfile,
  compile,
  presets: ADAGRAD_PRESETS,
  frameworks: ADAGRAD_FRAMEWORKS,
  algorithmMarkdown: ADAGRAD_ALGORITHM_MARKDOWN,
  numericsMarkdown: ADAGRAD_NUMERICS_MARKDOWN,
};
