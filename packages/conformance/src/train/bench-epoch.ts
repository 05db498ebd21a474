import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRandom, createRmsprop, loadMnist, Mlp, parseLayerSizes, type LabelledImages } from '@isostep/reference-cpu';
import { presetConfig, type Optimizer, type OptimizerState } from '@isostep/spec';
import { mnistDataDir } from './mnist-location.js';
import { trainEpoch } from './train-loop.js';

export interface EpochBenchOptions {
  readonly layers?: string;
  readonly batch?: number;
  /** Threads PyTorch may use (the JS MLP uses one). */
  readonly torchThreads?: number;
  /** The Python with torch; defaults to the repository's .venv. */
  readonly python?: string;
  /** Time the JS epoch with this optimizer (e.g. a fast kernel) instead of the exact float32 reference. */
  readonly optimizer?: Optimizer;
}

export interface EpochBenchResult {
  readonly layers: string;
  readonly batch: number;
  /** Forward + backward only (a no-op optimizer): the MLP's own cost. */
  readonly jsModelSeconds: number;
  /** A full epoch with the optimizer (the exact float32 reference RMSprop unless one was given). */
  readonly jsEpochSeconds: number;
  /** PyTorch CPU epoch, or null with the reason it was skipped. */
  readonly torchSeconds: number | null;
  readonly torchSkipped?: string;
  readonly torchThreads: number;
}

const NO_OP: Optimizer = {
  init: () => ({ version: 1, step: 0, slots: [], tensors: new Map() }),
  step: (_p, _g, state: OptimizerState) => {
    state.step += 1;
  },
};

const DEFAULT_PYTHON = fileURLToPath(new URL('../../../../.venv/bin/python', import.meta.url));
const TORCH_SCRIPT = fileURLToPath(new URL('./torch_epoch.py', import.meta.url));

/** One MNIST epoch (60k images, torch-preset RMSprop lr 1e-2) of the JS MLP vs PyTorch on the CPU. */
export function benchMnistEpoch(options: EpochBenchOptions = {}): EpochBenchResult {
  const layers = options.layers ?? '784-128-10';
  const batch = options.batch ?? 64;
  const torchThreads = options.torchThreads ?? 2;
  const data = loadMnist(mnistDataDir(), { test: 1 }).train;
  const jsModelSeconds = timeEpoch(layers, batch, data, NO_OP);
  const optimizer = options.optimizer ?? createRmsprop(presetConfig('torch'), { dtype: 'float32' });
  const jsEpochSeconds = timeEpoch(layers, batch, data, optimizer);
  const python = options.python ?? DEFAULT_PYTHON;
  const base = { layers, batch, jsModelSeconds, jsEpochSeconds, torchThreads };
  if (!existsSync(python)) return { ...base, torchSeconds: null, torchSkipped: `no Python at ${python}` };
  const run = spawnSync(python, [TORCH_SCRIPT, mnistDataDir(), layers, String(batch), '0.01', String(torchThreads)], { encoding: 'utf8' });
  if (run.status !== 0) return { ...base, torchSeconds: null, torchSkipped: `PyTorch run failed: ${run.stderr.trim().split('\n').pop()}` };
  return { ...base, torchSeconds: (JSON.parse(run.stdout) as { seconds: number }).seconds };
}

function timeEpoch(layers: string, batch: number, data: LabelledImages, optimizer: Optimizer): number {
  const mlp = Mlp.create(parseLayerSizes(layers), 0);
  const state = optimizer.init(mlp.params);
  const started = performance.now();
  trainEpoch({ mlp, optimizer, state, data, batchSize: batch, shuffle: createRandom(1) });
  return (performance.now() - started) / 1000;
}
