import {
  InvalidConfigError,
  checkConfigInDtype,
  fromPreset,
  optimizerNames,
  presetNames,
  type OptimizerSpec,
} from '@isostep/spec';
import { LayerSpecError, MAX_PARAMETERS, parseLayerSizes } from '../mlp/layer-sizes.js';
import { INPUT_SCALES, inputScaleOf, type InputScale } from '../data/input-scale.js';
import { flagOfField, parseHyperparameters } from './hyperparameter-flags.js';

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
  /** A torch `state_dict` (or Isostep-named weights) as safetensors to start from instead of the seeded init. */
  readonly init?: string;
  /** `--no-shuffle` sets false: the batches take the examples in file order, every epoch. */
  readonly shuffle?: boolean;
  /** Input scaling: `x/255` (default) or `(x/255-0.5)/0.5` (see ../data/input-scale.ts). */
  readonly scale?: string;
  /** Write every step's training loss to this file, one per line. */
  readonly lossLog?: string;
  /** Every other optimizer flag (`--weight-decay`, `--beta1`, …), keyed by its spec field: hyperparameter-flags.ts. */
  readonly [field: string]: string | boolean | undefined;
}

export interface TrainOptions {
  readonly data: 'mnist';
  readonly layers: readonly number[];
  /** The optimizer's name in the spec's registry (`rmsprop`). */
  readonly optimizer: string;
  /** What `--optimizer` said: the spec's name, or `momentum` (then `optimizer` is `sgd`). */
  readonly optimizerChoice: string;
  /** The preset the config starts from (`torch`). */
  readonly preset: string;
  /** The hyperparameters given on the command line, by spec field name. */
  readonly overrides: Readonly<Record<string, number | boolean | string>>;
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
  /** Weights to start from (`--init`); the caller reads them (Node), `runTraining` takes them as `hooks.initialParams`. */
  readonly initPath?: string;
  /** False: batches in file order (`--no-shuffle`), to replay another framework's run batch for batch. */
  readonly shuffle: boolean;
  readonly scale: InputScale;
  readonly lossLogPath?: string;
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
/** Every training backend steps in float32. */
const TRAIN_DTYPE = 'float32';
/** A minibatch larger than MNIST's training set (60,000) only repeats nothing; 65,536 bounds the buffers. */
export const MAX_BATCH = 1 << 16;
const MNIST_FEATURES = 784;
const MNIST_CLASSES = 10;
/** `--optimizer momentum`: the spec's SGD with this momentum unless --momentum is given (documented in the CLI). */
const MOMENTUM = 'momentum';
export const MOMENTUM_DEFAULT = 0.9;

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
  const optimizerChoices = [...optimizerNames(), MOMENTUM];
  if (!optimizerChoices.includes(raw.optimizer)) {
    throw new TrainOptionError('--optimizer', `unknown optimizer "${raw.optimizer}" (known: ${optimizerChoices.join(', ')})`);
  }
  const optimizer = raw.optimizer === MOMENTUM ? 'sgd' : raw.optimizer;
  if (!presetNames(optimizer).includes(raw.preset)) {
    throw new TrainOptionError('--preset', `unknown preset "${raw.preset}" for ${optimizer} (known: ${presetNames(optimizer).join(', ')})`);
  }
  if (!(TRAIN_BACKENDS as readonly string[]).includes(raw.backend)) {
    throw new TrainOptionError('--backend', `unknown backend "${raw.backend}" (known: ${TRAIN_BACKENDS.join(', ')})`);
  }
  const tfjsBackend = raw.tfjsBackend ?? 'wasm';
  if (!(TFJS_BACKENDS as readonly string[]).includes(tfjsBackend)) {
    throw new TrainOptionError('--tfjs-backend', `unknown TF.js backend "${tfjsBackend}" (known: ${TFJS_BACKENDS.join(', ')})`);
  }
  const overrides = parseHyperparameters(raw, parseNumber, (flag, detail) => new TrainOptionError(flag, detail));
  // No framework has a momentum default: `momentum` is SGD with momentum 0.9 unless --momentum says otherwise.
  if (raw.optimizer === MOMENTUM && overrides.momentum === undefined) overrides.momentum = MOMENTUM_DEFAULT;
  let spec: OptimizerSpec;
  try {
    spec = fromPreset(optimizer, raw.preset, overrides);
    // Training computes in float32 on every backend: --eps 1e-50 would be 0 there.
    checkConfigInDtype(spec, TRAIN_DTYPE);
  } catch (error) {
    // The spec names its field (`weightDecay`, or one the optimizer does not have): say the flag typed.
    if (error instanceof InvalidConfigError) throw new TrainOptionError(flagOfField(error.field), error.message);
    throw error;
  }
  const scale = inputScaleOf(raw.scale ?? 'x/255');
  if (scale === undefined) {
    throw new TrainOptionError('--scale', `unknown input scaling "${raw.scale}" (known: ${Object.keys(INPUT_SCALES).join(', ')})`);
  }
  const batch = parseCount('--batch', raw.batch, 1, MAX_BATCH);
  const widest = Math.max(...layers);
  if (batch * widest > MAX_PARAMETERS) {
    throw new TrainOptionError('--batch', `${batch} × the widest layer (${widest}) is ${batch * widest} activations, above the limit of ${MAX_PARAMETERS}`);
  }
  return {
    data: 'mnist',
    layers,
    optimizer,
    optimizerChoice: raw.optimizer,
    preset: raw.preset,
    overrides,
    spec,
    epochs: parseCount('--epochs', raw.epochs, 1),
    batch,
    backend: raw.backend as TrainBackend,
    tfjsBackend: tfjsBackend as TfjsBackend,
    seed: parseCount('--seed', raw.seed, 0, 0xffffffff),
    ...(raw.export !== undefined ? { exportPath: raw.export } : {}),
    ...(raw.limitTrain !== undefined ? { limitTrain: parseCount('--limit-train', raw.limitTrain, 1) } : {}),
    ...(raw.limitTest !== undefined ? { limitTest: parseCount('--limit-test', raw.limitTest, 1) } : {}),
    ...(raw.init !== undefined ? { initPath: raw.init } : {}),
    shuffle: raw.shuffle !== false,
    scale,
    ...(raw.lossLog !== undefined ? { lossLogPath: raw.lossLog } : {}),
  };
}

function parseCount(option: string, text: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!/^[0-9]+$/.test(text.trim())) throw new TrainOptionError(option, `"${text}" is not a whole number`);
  const value = Number(text);
  if (value < min || value > max) throw new TrainOptionError(option, `${value} is outside [${min}, ${max}]`);
  return value;
}

/**
 * A decimal number as people write hyperparameters (`0.001`, `1e-3`, `.5`, `-1`): `Number()` alone would
 * also take `0x10` (16), `0b1`, `Infinity` and surrounding spaces.
 */
const DECIMAL = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;

export function parseNumber(option: string, text: string): number {
  const value = Number(text);
  if (!DECIMAL.test(text) || !Number.isFinite(value)) throw new TrainOptionError(option, `"${text}" is not a finite number (write a decimal like 0.001 or 1e-3)`);
  return value;
}
