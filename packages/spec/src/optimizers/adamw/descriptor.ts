/**
 * AdamW as its own optimizer of the generic spec: the Adam descriptor's config, scalars and element step
 * (`../adam`), with AdamW's presets and framework bindings, and validation that requires a decoupled decay.
 * Its own name keeps traces, the CLI and the docs speaking the frameworks' language (torch.optim.AdamW,
 * keras.optimizers.AdamW, optax.adamw), whose defaults differ from their Adam's.
 */
import type { FrameworkBinding } from '../../contract/descriptor.js';
import type { AdamConfig } from '../adam/config.js';
import { adamFamilyDescriptor } from '../adam/descriptor.js';
import { ADAM_ALGORITHM_MARKDOWN } from '../adam/algorithm.js';
import { ADAM_INERT_OPTIONS, ADAMW_ARGUMENTS } from '../adam/framework-args.js';
import { ADAMW_PRESETS } from './presets.js';

export const ADAMW_FRAMEWORKS: Readonly<Record<string, FrameworkBinding<AdamConfig>>> = {
  torch: { preset: 'torch', args: ADAMW_ARGUMENTS.torch, inert: ADAM_INERT_OPTIONS.torch },
  keras: { preset: 'keras3', args: ADAMW_ARGUMENTS.keras, inert: ADAM_INERT_OPTIONS.keras },
  optax: { preset: 'optax', args: ADAMW_ARGUMENTS.optax, inert: ADAM_INERT_OPTIONS.optax },
};

export const ADAMW_ALGORITHM_MARKDOWN = `${ADAM_ALGORITHM_MARKDOWN}
AdamW is this step with a decoupled \`weightDecayMode\` (step 2): torch *decoupled-scale*, Keras 3
*decoupled*, optax *decoupled-update*. TF1 has no AdamW op and TF.js has no AdamW.
`;

export const ADAMW = adamFamilyDescriptor('adamw', 'AdamW', ADAMW_PRESETS, ADAMW_FRAMEWORKS, ADAMW_ALGORITHM_MARKDOWN);
