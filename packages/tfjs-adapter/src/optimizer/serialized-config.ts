/**
 * What `getConfig` writes and `fromConfig` reads, for any optimizer of the spec:
 *
 *   { optimizer: 'rmsprop', preset: 'torch', ...every config field }          a preset's optimizer
 *   { optimizer: 'rmsprop', preset: null, profile: 'torch', ...every field }   a custom config
 *
 * Every config field is written (`lr` is the current learning rate), so a saved optimizer needs nothing
 * but the spec to come back. The numerics profile travels by the NAME of the preset it belongs to, never
 * inline: a profile is a framework's measured behaviour (fused sites, op order, declared accuracy), not a
 * user setting, and an inline copy would let an edited file change the declared accuracy or the fused
 * sites without anyone noticing. A custom spec whose profile is not one of its optimizer's presets'
 * profiles therefore cannot be saved: `getConfig` refuses it and says how to build one that can.
 */
import {
  IsostepError,
  customOptimizer,
  fromPreset,
  getOptimizer,
  getPreset,
  optimizerNames,
  show,
  type OptimizerConfig,
  type OptimizerSpec,
  type Preset,
} from '@isostep/spec';
import type { serialization } from '@tensorflow/tfjs-core';

/** Keys of the serialized config that are not config fields. */
const HEADER_KEYS = ['optimizer', 'preset', 'profile'] as const;

/** The preset whose profile this spec uses: its own preset, or for a custom spec the one with an equal profile. */
function profilePreset(spec: OptimizerSpec): Preset | undefined {
  const presets = Object.values(spec.optimizer.presets) as Preset[];
  const json = JSON.stringify(spec.profile);
  return presets.find((p) => p.profile === spec.profile) ?? presets.find((p) => JSON.stringify(p.profile) === json);
}

/** The config dict for `getConfig`; `lr` is the optimizer's current learning rate. */
export function serializeSpec(spec: OptimizerSpec, lr: number, className: string): serialization.ConfigDict {
  const d = spec.optimizer;
  const out: serialization.ConfigDict = { optimizer: d.name, preset: spec.preset?.name ?? null };
  if (spec.preset === null) {
    const named = profilePreset(spec);
    if (named === undefined) {
      throw new IsostepError(
        `${className}.getConfig: this custom ${d.title} config's numerics profile is none of the ${d.name} presets' profiles, ` +
          `so it cannot be saved by name; build the spec with a preset's profile ` +
          `(customOptimizer('${d.name}', config, getPreset('${d.name}', '${Object.keys(d.presets)[0]}').profile)) to save it`,
      );
    }
    out.profile = named.name;
  }
  const config = spec.config as unknown as Readonly<Record<string, serialization.ConfigDictValue>>;
  for (const key of d.configKeys) out[key] = config[key]!;
  out.lr = lr;
  return out;
}

/** The spec a config dict written by `serializeSpec` describes; unknown keys and mixed-up headers are refused. */
export function specFromConfig(config: serialization.ConfigDict, className: string): OptimizerSpec {
  // tfjs-layers' deserializer adds `customObjects` to every config it hands to fromConfig.
  const { customObjects: _layersAddition, optimizer, preset, profile, ...fields } = config;
  const fail = (what: string, value: unknown, allowed: string): never => {
    throw new IsostepError(`${className} config: ${what} = ${show(value)}; allowed: ${allowed}`);
  };
  if (typeof optimizer !== 'string') fail('optimizer', optimizer, `an optimizer name (${optimizerNames().join(', ')})`);
  const d = getOptimizer(optimizer as string);
  const unknown = Object.keys(fields).filter((k) => !(d.configKeys as readonly string[]).includes(k));
  if (unknown.length > 0) {
    throw new IsostepError(`${className} config: unknown field(s) ${unknown.join(', ')}; allowed: ${[...HEADER_KEYS, ...d.configKeys].join(', ')}`);
  }
  if (typeof preset === 'string') {
    if (profile !== undefined && profile !== null) fail('profile', profile, `nothing when preset is given (preset '${preset}' brings its own profile)`);
    return fromPreset(d, preset, fields);
  }
  if (preset !== null) fail('preset', preset, `a ${d.name} preset name, or null for a custom config with a profile`);
  if (typeof profile !== 'string') fail('profile', profile, `the name of the ${d.name} preset whose numerics profile the custom config uses`);
  return customOptimizer(d, fields as unknown as OptimizerConfig, getPreset(d, profile as string).profile);
}
