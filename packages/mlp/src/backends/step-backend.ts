/**
 * Where `isostep train` runs the optimizer step (`--backend`), each built from the run's `OptimizerSpec`
 * (so the preset's numerics always come along) and returned as one of the spec's two optimizer shapes.
 * The forward and backward passes always run on the CPU MLP; only the parameter update moves:
 *  - cpu: the fast optimizer (`createFastOptimizer`: WebAssembly SIMD, bit-identical to the float32
 *    reference), a sync `Optimizer` stepping the MLP's params in place (on the MLP's arena when given);
 *  - webgpu: `WebGpuOptimizer`, a `ResidentOptimizer`: params and slots on the GPU, read back every step;
 *  - tfjs: `IsostepOptimizer` on tf.Variables mirroring the params (TF.js cpu or wasm), as a `ResidentOptimizer`.
 * TF.js and WebGPU are optional peer dependencies, imported only when chosen (webgpu-step.ts, tfjs-step.ts);
 * a backend that cannot run fails here, before any training, naming the package or the reason.
 */
import type { FastArena } from '@isostep/reference-cpu/node';
import type { OptimizerSpec } from '@isostep/spec';
import type { TrainOptimizer } from '../train/param-update.js';
import type { TfjsBackend, TrainBackend } from '../train/train-options.js';
import { cpuStepBackend } from './cpu-step.js';
import { tfjsStepBackend } from './tfjs-step.js';
import { webgpuStepBackend } from './webgpu-step.js';

export interface StepBackend {
  /** Pass to `runTraining` (hooks.optimizer); it is started there from the MLP's initial params. */
  readonly optimizer: TrainOptimizer;
  /** One line for the log: where the step runs. */
  readonly description: string;
  /** Frees the optimizer and its device (GPU context, TF.js variables); the arena stays the caller's. */
  dispose(): Promise<void>;
}

export interface StepBackendOptions {
  /** For cpu: the arena the MLP lives in (the step then runs in place on its threads). */
  readonly arena?: FastArena;
  /** For tfjs: which TF.js backend (default wasm). */
  readonly tfjsBackend?: TfjsBackend;
}

/** The optimizer for `spec` on `backend`, or a TrainBackendError saying why it cannot run here. */
export async function createStepBackend(backend: TrainBackend, spec: OptimizerSpec, options: StepBackendOptions = {}): Promise<StepBackend> {
  if (backend === 'webgpu') return webgpuStepBackend(spec);
  if (backend === 'tfjs') return tfjsStepBackend(spec, options.tfjsBackend ?? 'wasm');
  return cpuStepBackend(spec, options.arena);
}
