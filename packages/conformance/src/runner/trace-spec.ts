/**
 * What the spec says a trace should be: its config (from the framework's own arguments), the preset's
 * numerics profile, and the mapping between the framework's slot names and the spec's.
 */
import {
  allocatedSlots,
  configFromFrameworkArgs,
  getPreset,
  presetForFramework,
  type NumericsProfile,
  type PresetName,
  type RmspropConfig,
  type SlotName,
} from '@isostep/spec';
import type { GoldenTrace } from '../trace/index.js';

export interface TraceSpec {
  readonly preset: PresetName;
  readonly config: RmspropConfig;
  readonly profile: NumericsProfile;
  /** Spec slots the config allocates, in canonical order, each with the framework's name for it. */
  readonly slots: readonly { readonly spec: SlotName; readonly framework: string }[];
}

export class TraceSpecMismatch extends Error {}

export function traceSpec(trace: GoldenTrace): TraceSpec {
  const preset = getPreset(presetForFramework(trace.case.framework));
  const config = configFromFrameworkArgs(trace.case.framework, trace.case.hyperparameters, trace.case.options);
  const slots = allocatedSlots(config).map((spec) => ({ spec, framework: preset.slotNames[spec] }));
  const want = slots.map((s) => s.framework).sort();
  const have = [...trace.stateSlots].sort();
  if (want.join(',') !== have.join(',')) {
    throw new TraceSpecMismatch(
      `the spec allocates slots [${want.join(', ')}] for this ${trace.case.framework} config; the trace has [${have.join(', ')}]`,
    );
  }
  return { preset: preset.name, config, profile: preset.profile, slots };
}
