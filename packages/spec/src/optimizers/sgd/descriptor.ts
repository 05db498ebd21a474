/** SGD (plain, momentum, Nesterov) as an optimizer of the generic spec. */
import type { ElementValues, OptimizerDescriptor, StepProgram, StepScalarValues } from '../../contract/descriptor.js';
import { InvalidConfigError } from '../../errors/isostep-error.js';
import type { Arith } from '../../numerics/arith.js';
import type { NumericsProfile } from '../../numerics/profile.js';
import { SGD_ALGORITHM_MARKDOWN, SGD_NUMERICS_MARKDOWN } from './algorithm.js';
import { SGD_SLOTS, type SgdConfig, type SgdProfile, type SgdSlot } from './config.js';
import { planSgdStep, sgdElementStep } from './element-step.js';
import { SGD_FRAMEWORKS } from './framework-args.js';
import { SGD_PRESETS } from './presets.js';
import { SGD_SCALARS, sgdStepScalars, type SgdStepScalars } from './scalars.js';
import { sgdAllocatedSlots } from './slots.js';
import { SGD_CONFIG_KEYS, validateSgdConfig } from './validate.js';

const FUSED_SITES = ['weightDecay', 'momentumBuffer', 'nesterov', 'apply'] as const;

function validateProfile(profile: NumericsProfile): SgdProfile {
  const p = profile as unknown as Partial<SgdProfile>;
  const bad = (field: string, value: unknown, allowed: string): never => {
    throw new InvalidConfigError(`profile.${field}`, value, allowed, 'SGD');
  };
  if (typeof p !== 'object' || p === null) bad('', p, 'a numerics profile');
  if (p.nesterovLr !== 'after-sum' && p.nesterovLr !== 'distributed') bad('nesterovLr', p.nesterovLr, "'after-sum' or 'distributed'");
  for (const site of FUSED_SITES) if (typeof p.fused?.[site] !== 'boolean') bad(`fused.${site}`, p.fused?.[site], 'true or false');
  for (const site of Object.keys(p.fused ?? {})) {
    if (!(FUSED_SITES as readonly string[]).includes(site)) bad(`fused.${site}`, (p.fused as Record<string, unknown>)[site], `one of the sites ${FUSED_SITES.join(', ')}`);
  }
  return profile as unknown as SgdProfile;
}

function compile(config: SgdConfig, profile: SgdProfile): StepProgram<SgdSlot> {
  const plan = planSgdStep(config, profile);
  return {
    slots: sgdAllocatedSlots(config),
    initialValue: () => 0,
    scalars: (A, lr, t) => sgdStepScalars(A, config, profile, lr, t),
    element<T>(A: Arith<T>, s: StepScalarValues<T>, e: ElementValues<T, SgdSlot>) {
      sgdElementStep(A, plan, s as SgdStepScalars<T>, e);
    },
  };
}

export const SGD: OptimizerDescriptor<SgdConfig, SgdSlot, SgdProfile> = {
  name: 'sgd',
  title: 'SGD',
  slotOrder: SGD_SLOTS,
  scalarNames: SGD_SCALARS,
  configKeys: SGD_CONFIG_KEYS,
  validate: validateSgdConfig,
  validateProfile,
  compile,
  presets: SGD_PRESETS,
  frameworks: SGD_FRAMEWORKS,
  algorithmMarkdown: SGD_ALGORITHM_MARKDOWN,
  numericsMarkdown: SGD_NUMERICS_MARKDOWN,
};
