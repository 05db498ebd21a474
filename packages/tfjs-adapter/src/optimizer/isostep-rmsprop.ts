/**
 * RMSprop by preset name: a thin `IsostepOptimizer` whose spec is an RMSprop spec. It exists for two
 * reasons: the short form (`new IsostepRmsprop('torch', { momentum: 0.9 })`, typed config), and the
 * class name 'IsostepRMSprop' that models saved before the generic optimizer carry in their
 * `optimizer_config`, so they keep loading. Everything it computes is `IsostepOptimizer`'s.
 */
import {
  IsostepError,
  fromFrameworkArgs,
  rmsprop,
  specLabel,
  type OptimizerSpec,
  type PresetName,
  type RmspropConfig,
  type RmspropSlot,
} from '@isostep/spec';
import type { serialization } from '@tensorflow/tfjs-core';
import { IsostepOptimizer } from './isostep-optimizer.js';

export class IsostepRmsprop extends IsostepOptimizer<RmspropConfig, RmspropSlot> {
  /** Distinct from TF.js's own 'RMSProp'; the name saved models written by this adapter carry. */
  static override get className(): string {
    return 'IsostepRMSprop';
  }

  /**
   * @param preset a spec preset name (`torch`, `keras3`, `tf1`, `tfjs`, `optax`, …): its defaults and its
   *   numerics profile (op order, fused sites); or an RMSprop `OptimizerSpec` (then no overrides).
   * @param overrides spec config fields to change from the preset's defaults; validated by the spec.
   */
  constructor(preset: PresetName | (string & {}) | OptimizerSpec, overrides: Partial<RmspropConfig> = {}) {
    super(typeof preset === 'string' ? rmsprop(preset as PresetName, overrides) : checkedSpec(preset, overrides));
  }

  /**
   * A framework's RMSprop from its own argument names, e.g. `('torch', {lr: 0.01, alpha: 0.9, centered: true})`.
   * `options` are the framework's other settings (TF1's `init_ms`); numerically inert ones are ignored.
   */
  static fromFrameworkArgs(
    framework: string,
    args: Readonly<Record<string, number | boolean | null>>,
    options: Readonly<Record<string, unknown>> = {},
  ): IsostepRmsprop {
    return new IsostepRmsprop(fromFrameworkArgs(framework, 'rmsprop', args, options));
  }

  /** Configs saved before the generic optimizer have no `optimizer` key: they are RMSprop's. */
  static override fromConfig<T extends serialization.Serializable>(
    cls: serialization.SerializableConstructor<T>,
    config: serialization.ConfigDict,
  ): T {
    return super.fromConfig(cls, { optimizer: 'rmsprop', ...config });
  }
}

/** The spec itself once it is known to be RMSprop's (the descriptor decides the config and slot types). */
function checkedSpec(spec: OptimizerSpec, overrides: Partial<RmspropConfig>): OptimizerSpec<RmspropConfig, RmspropSlot> {
  if (spec?.optimizer?.name !== 'rmsprop') {
    const what = spec?.optimizer?.name === undefined ? String(spec) : specLabel(spec);
    throw new IsostepError(`IsostepRmsprop: expected an RMSprop spec or preset name, got ${what}; use IsostepOptimizer for other optimizers`);
  }
  if (Object.keys(overrides).length > 0) {
    throw new IsostepError('IsostepRmsprop: overrides go with a preset name; a spec is already complete (use fromPreset with overrides)');
  }
  return spec as unknown as OptimizerSpec<RmspropConfig, RmspropSlot>;
}
