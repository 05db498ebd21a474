import {
  InvalidConfigError,
  fromPreset,
  optimizerNames,
  presetNames,
  type OptimizerSpec,
} from '@isostep/spec';
import { LayerSpecError, parseLayerSizes } from '../mlp/layer-sizes.js';

/** What `isostep train` accepts, as strings from the command line (commander leaves values unparsed). */
export interface RawTrainOptions {
  readonly data: string;
  readonly layers: string;
  readonly optimizer: string;
  readonly preset: string;
  readonly epochs: string;
  readonly batch: string;
  readonly backend: string;
  /** TF.js backend for `--backend tfjs` (wasm or cpu); absent means wasm. */
  readonly tfjsBackend?: string;
  readonly seed: string;
  readonly lr?: string;
  readonly rho?: string;
  readonly eps?: string;
  readonly momentum?: string;
  readonly export?: string;
  readonly limitTrain?: string;
  readonly limitTest?: string;
}

export interface TrainOptions {
  readonly data: 'mnist';
  readonly layers: readonly number[];
  /** The optimizer's name in the spec's registry (`rmsprop`). */
  readonly optimizer: string;
  /** The preset the config starts from (`torch`). */
  readonly preset: string;
  /** The hyperparameters given on the command line, by spec field name. */
  readonly overrides: Readonly<Record<string, number>>;
  /**
   * `fromPreset(optimizer, preset, overrides)`, validated: the config and the preset's numerics profile
   * together, so every backend the run steps on computes the framework's numbers, not plain IEEE ones.
   */
  readonly spec: OptimizerSpec;
  readonly epochs: number;
  readonly batch: number;
  readonly backend: TrainBackend;
  readonly tfjsBackend: TfjsBackend;
  readonly seed: number;
  readonly exportPath?: string;
  readonly limitTrain?: number;
  readonly limitTest?: number;
}

/** A bad option value; the message starts with the option's flag. */
export class TrainOptionError extends Error {
  override readonly name = 'TrainOptionError';
  constructor(
    readonly option: string,
    detail: string,
  ) {
    super(`${option}: ${detail}`);
  }
}

const DATASETS = ['mnist'] as const;
/** Where the optimizer step runs (forward/backward always on the CPU MLP): see ../backends/step-backends.ts. */
export const TRAIN_BACKENDS = ['cpu', 'tfjs', 'webgpu'] as const;
export type TrainBackend = (typeof TRAIN_BACKENDS)[number];
export const TFJS_BACKENDS = ['wasm', 'cpu'] as const;
export type TfjsBackend = (typeof TFJS_BACKENDS)[number];
const MNIST_FEATURES = 784;
const MNIST_CLASSES = 10;
/** The hyperparameter flags, each the spec config field of the same name (an optimizer without it rejects it). */
const HYPERPARAMETER_FLAGS = ['lr', 'rho', 'eps', 'momentum'] as const;

/** Validates everything before any data is read or any weight allocated. */
export function parseTrainOptions(raw: RawTrainOptions): TrainOptions {
  if (!(DATASETS as readonly string[]).includes(raw.data)) {
    throw new TrainOptionError('--data', `unknown dataset "${raw.data}" (known: ${DATASETS.join(', ')})`);
  }
  let layers: number[];
  try {
    layers = parseLayerSizes(raw.layers);
  } catch (error) {
    if (error instanceof LayerSpecError) throw new TrainOptionError('--layers', error.message);
    throw error;
  }
  if (layers[0] !== MNIST_FEATURES || layers[layers.length - 1] !== MNIST_CLASSES) {
    throw new TrainOptionError('--layers', `MNIST needs ${MNIST_FEATURES} inputs and ${MNIST_CLASSES} outputs, got ${raw.layers}`);
  }
  if (!optimizerNames().includes(raw.optimizer)) {
    throw new TrainOptionError('--optimizer', `unknown optimizer "${raw.optimizer}" (known: ${optimizerNames().join(', ')})`);
  }
  if (!presetNames(raw.optimizer).includes(raw.preset)) {
    throw new TrainOptionError('--preset', `unknown preset "${raw.preset}" for ${raw.optimizer} (known: ${presetNames(raw.optimizer).join(', ')})`);
  }
  if (!(TRAIN_BACKENDS as readonly string[]).includes(raw.backend)) {
    throw new TrainOptionError('--backend', `unknown backend "${raw.backend}" (known: ${TRAIN_BACKENDS.join(', ')})`);
  }
  const tfjsBackend = raw.tfjsBackend ?? 'wasm';
  if (!(TFJS_BACKENDS as readonly string[]).includes(tfjsBackend)) {
    throw new TrainOptionError('--tfjs-backend', `unknown TF.js backend "${tfjsBackend}" (known: ${TFJS_BACKENDS.join(', ')})`);
  }
  const overrides: Record<string, number> = {};
  for (const key of HYPERPARAMETER_FLAGS) {
    const value = raw[key];
    if (value !== undefined) overrides[key] = parseNumber(`--${key}`, value);
  }
  let spec: OptimizerSpec;
  try {
    spec = fromPreset(raw.optimizer, raw.preset, overrides);
  } catch (error) {
    if (error instanceof InvalidConfigError) throw new TrainOptionError(`--${error.field}`, error.message);
    throw error;
  }
  return {
    data: 'mnist',
    layers,
    optimizer: raw.optimizer,
    preset: raw.preset,
    overrides,
    spec,
    epochs: parseCount('--epochs', raw.epochs, 1),
    batch: parseCount('--batch', raw.batch, 1),
    backend: raw.backend as TrainBackend,
    tfjsBackend: tfjsBackend as TfjsBackend,
    seed: parseCount('--seed', raw.seed, 0, 0xffffffff),
    ...(raw.export !== undefined ? { exportPath: raw.export } : {}),
    ...(raw.limitTrain !== undefined ? { limitTrain: parseCount('--limit-train', raw.limitTrain, 1) } : {}),
    ...(raw.limitTest !== undefined ? { limitTest: parseCount('--limit-test', raw.limitTest, 1) } : {}),
  };
}

function parseCount(option: string, text: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!/^[0-9]+$/.test(text.trim())) throw new TrainOptionError(option, `"${text}" is not a whole number`);
  const value = Number(text);
  if (value < min || value > max) throw new TrainOptionError(option, `${value} is outside [${min}, ${max}]`);
  return value;
}

function parseNumber(option: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new TrainOptionError(option, `"${text}" is not a finite number`);
  return value;
}
