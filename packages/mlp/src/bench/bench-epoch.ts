import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ReferenceOptimizer } from '@isostep/reference-cpu';
import { FastOptimizer, type FastArena } from '@isostep/reference-cpu/node';
import { fromPreset, type Optimizer, type OptimizerState } from '@isostep/spec';
import { ArenaDenseOps } from '../arena/arena-dense-ops.js';
import { loadMnist } from '../data/load-mnist.js';
import type { LabelledImages } from '../data/mnist.js';
import { mnistDataDir } from '../data/mnist-location.js';
import { createRandom } from '../data/random.js';
import { parseLayerSizes } from '../mlp/layer-sizes.js';
import { Mlp } from '../mlp/mlp.js';
import { trainEpoch } from '../train/train-loop.js';

export interface EpochBenchOptions {
  readonly layers?: string;
  readonly batch?: number;
  /** Threads PyTorch may use in the row that `torchSeconds` reports (default 2); 1 and 2 are both timed. */
  readonly torchThreads?: number;
  /**
   * Run the JS MLP on this arena (WebAssembly SIMD, the arena's threads). Default: the optimizer's arena
   * when it has one (a `FastOptimizer`), else the plain JS kernels on one thread.
   */
  readonly arena?: FastArena;
  /** The Python with torch; defaults to the repository's .venv. */
  readonly python?: string;
  /**
   * Time the JS epoch with this optimizer (e.g. a fast kernel) instead of the exact float32 reference of
   * the torch preset at lr 1e-2 (PyTorch's defaults, which the PyTorch run uses).
   */
  readonly optimizer?: Optimizer;
}

export interface EpochBenchResult {
  readonly layers: string;
  readonly batch: number;
  /** Forward + backward only (a no-op optimizer): the MLP's own cost. */
  readonly jsModelSeconds: number;
  /** A full epoch with the optimizer (the exact float32 reference RMSprop unless one was given). */
  readonly jsEpochSeconds: number;
  /** Threads the JS MLP used (1: the JS kernels; more: the arena's). */
  readonly jsThreads: number;
  readonly jsKernels: 'wasm-simd' | 'js';
  /** PyTorch CPU epoch on `torchThreads` threads, or null with the reason it was skipped. */
  readonly torchSeconds: number | null;
  readonly torchSkipped?: string;
  readonly torchThreads: number;
  /** PyTorch on 1 and on 2 threads, in the same run. */
  readonly torchRuns: readonly TorchRun[];
}

export interface TorchRun {
  readonly threads: number;
  readonly seconds: number | null;
  readonly skipped?: string;
}

/** Forward + backward alone: an optimizer that only counts steps (its spec is the timed one's, for the label). */
function noOp(like: Optimizer): Optimizer {
  return {
    spec: like.spec,
    init: () => ({ version: 1, step: 0, slots: [], tensors: new Map() }),
    step: (_p, _g, state: OptimizerState) => {
      state.step += 1;
    },
  };
}

const DEFAULT_PYTHON = fileURLToPath(new URL('../../../../.venv/bin/python', import.meta.url));
const TORCH_SCRIPT = fileURLToPath(new URL('./torch_epoch.py', import.meta.url));

/** One MNIST epoch (60k images, torch-preset RMSprop lr 1e-2) of the JS MLP vs PyTorch on the CPU. */
export function benchMnistEpoch(options: EpochBenchOptions = {}): EpochBenchResult {
  const layers = options.layers ?? '784-128-10';
  const batch = options.batch ?? 64;
  const torchThreads = options.torchThreads ?? 2;
  const data = loadMnist(mnistDataDir(), { test: 1 }).train;
  // The spec brings the preset's numerics (torch's fused sites): the bits PyTorch computes, not plain IEEE.
  const optimizer = options.optimizer ?? new ReferenceOptimizer(fromPreset('rmsprop', 'torch', { lr: 0.01 }), { dtype: 'float32' });
  const arena = options.arena ?? (optimizer instanceof FastOptimizer ? optimizer.arena : undefined) ?? undefined;
  const jsModelSeconds = timeEpoch(layers, batch, data, noOp(optimizer), arena);
  const jsEpochSeconds = timeEpoch(layers, batch, data, optimizer, arena);
  const base = { layers, batch, jsModelSeconds, jsEpochSeconds, jsThreads: arena?.threads ?? 1, jsKernels: arena ? ('wasm-simd' as const) : ('js' as const), torchThreads };
  const torchRuns = [...new Set([1, 2, torchThreads])].map((threads) => timeTorch(options.python ?? DEFAULT_PYTHON, layers, batch, threads));
  const main = torchRuns.find((r) => r.threads === torchThreads)!;
  return { ...base, torchRuns, torchSeconds: main.seconds, ...(main.skipped ? { torchSkipped: main.skipped } : {}) };
}

function timeTorch(python: string, layers: string, batch: number, threads: number): TorchRun {
  if (!existsSync(python)) return { threads, seconds: null, skipped: `no Python at ${python}` };
  const run = spawnSync(python, [TORCH_SCRIPT, mnistDataDir(), layers, String(batch), '0.01', String(threads)], { encoding: 'utf8' });
  if (run.status !== 0) return { threads, seconds: null, skipped: `PyTorch run failed: ${run.stderr.trim().split('\n').pop()}` };
  return { threads, seconds: (JSON.parse(run.stdout) as { seconds: number }).seconds };
}

function timeEpoch(layers: string, batch: number, data: LabelledImages, optimizer: Optimizer, arena: FastArena | undefined): number {
  const mlp = Mlp.create(parseLayerSizes(layers), 0, arena ? { ops: new ArenaDenseOps(arena) } : {});
  try {
    const state = optimizer.init(mlp.params);
    const started = performance.now();
    trainEpoch({ mlp, optimizer, state, data, batchSize: batch, shuffle: createRandom(1) });
    return (performance.now() - started) / 1000;
  } finally {
    mlp.dispose();
  }
}
