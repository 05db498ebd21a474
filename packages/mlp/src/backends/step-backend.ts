/**
 * Where `isostep train` runs the optimizer step (`--backend`). The forward and backward passes always run on
 * the CPU MLP; only the parameter update moves:
 *  - cpu: the fast RMSprop (WebAssembly SIMD, bit-identical to the float32 reference), params in place;
 *  - webgpu: `WebGpuRmsprop` — params and slots live on the GPU; each step uploads the gradients, runs one
 *    dispatch and reads the params back into the MLP;
 *  - tfjs: `IsostepRmsprop.applyGradients` on tf.Variables mirroring the MLP params (TF.js cpu or wasm);
 *    each step uploads the gradients as tensors and reads the variables back.
 * The GPU and TF.js packages are imported on demand (they resolve from the workspace root), so the CPU
 * path loads neither. A backend that cannot run fails here, before any training, naming the reason.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { createFastRmsprop, type FastArena } from '@isostep/reference-cpu/node';
import { getPreset, type NumericsProfile, type PresetName, type RmspropConfig } from '@isostep/spec';
import type { ParamUpdate } from './train-loop.js';
import type { TfjsBackend, TrainBackend } from './train-options.js';


/** A backend that cannot run here; the message starts with the option and names the reason. */
export class TrainBackendError extends Error {
  override readonly name = 'TrainBackendError';
  constructor(
    readonly backend: string,
    reason: string,
  ) {
    super(`--backend ${backend}: ${reason}`);
  }
}

export interface ParamStepper {
  /** One line for the log: where the step runs, where forward/backward run. */
  readonly description: string;
  readonly update: ParamUpdate;
  dispose(): void;
}

export interface StepperOptions {
  readonly config: RmspropConfig;
  readonly preset: PresetName;
  /** For cpu: the arena the MLP lives in (the step then runs in place on its threads). */
  readonly arena?: FastArena;
  /** For tfjs: which TF.js backend (default wasm). */
  readonly tfjsBackend?: TfjsBackend;
}

/** Sets up `backend` for these params (their current values are the starting point). */
export async function createStepper(backend: TrainBackend, params: ReadonlyMap<string, Float32Array>, options: StepperOptions): Promise<ParamStepper> {
  const profile = getPreset(options.preset).profile;
  if (backend === 'webgpu') return webgpuStepper(params, options.config, profile);
  if (backend === 'tfjs') return tfjsStepper(params, options.config, options.preset, options.tfjsBackend ?? 'wasm');
  const optimizer = await createFastRmsprop(options.config, { dtype: 'float32', profile, ...(options.arena ? { arena: options.arena } : {}) });
  const state = optimizer.init(params);
  return {
    description: `optimizer step on the CPU: fast RMSprop (${optimizer.kernel === 'simd' ? 'WebAssembly SIMD' : 'JS'}, bit-identical to the float32 reference)`,
    update: (p, g) => optimizer.step(p, g, state),
    dispose: () => optimizer.dispose(),
  };
}

/** What this module uses of `@isostep/webgpu` (imported by name at run time: not a dependency). */
interface WebGpuModule {
  WebGpuRmsprop: new (
    context: unknown,
    config: RmspropConfig,
    options: { profile: NumericsProfile },
  ) => {
    init(params: ReadonlyMap<string, Float32Array>): void;
    step(grads: ReadonlyMap<string, Float32Array>): void;
    read(): Promise<{ params: Map<string, Float32Array> }>;
    destroy(): void;
  };
}
interface WebGpuNodeModule {
  createNodeGpuContext(): Promise<{ adapterName: string; close(): void }>;
}

async function webgpuStepper(params: ReadonlyMap<string, Float32Array>, config: RmspropConfig, profile: NumericsProfile): Promise<ParamStepper> {
  const names = ['@isostep/webgpu', '@isostep/webgpu/node'];
  let gpu: WebGpuModule;
  let node: WebGpuNodeModule;
  try {
    gpu = (await import(names[0]!)) as WebGpuModule;
    node = (await import(names[1]!)) as WebGpuNodeModule;
  } catch (e) {
    throw new TrainBackendError('webgpu', `@isostep/webgpu could not be loaded: ${firstLine(e)}`);
  }
  let context: Awaited<ReturnType<WebGpuNodeModule['createNodeGpuContext']>>;
  try {
    context = await node.createNodeGpuContext();
  } catch (e) {
    throw new TrainBackendError('webgpu', `no WebGPU device: ${firstLine(e)}`);
  }
  const optimizer = new gpu.WebGpuRmsprop(context, config, { profile });
  optimizer.init(params);
  return {
    description: `optimizer step on WebGPU (${context.adapterName}): params and slots on the GPU, gradients uploaded and params read back every step; forward/backward on the CPU MLP`,
    async update(p, g) {
      optimizer.step(g);
      const read = await optimizer.read();
      for (const [name, values] of read.params) p.get(name)!.set(values);
    },
    dispose() {
      optimizer.destroy();
      context.close();
    },
  };
}

type Tf = typeof import('@tensorflow/tfjs');
type Variable = import('@tensorflow/tfjs').Variable;
type Tensor = import('@tensorflow/tfjs').Tensor;

interface TfjsAdapterModule {
  IsostepRmsprop: new (
    preset: string,
    overrides: Partial<RmspropConfig>,
  ) => { applyGradients(grads: Record<string, Tensor>): void; dispose(): void };
}

let variableRun = 0;

async function tfjsStepper(params: ReadonlyMap<string, Float32Array>, config: RmspropConfig, preset: PresetName, which: TfjsBackend): Promise<ParamStepper> {
  const label = `tfjs (${which})`;
  let tf: Tf;
  let adapter: TfjsAdapterModule;
  try {
    tf = await import('@tensorflow/tfjs');
    const name = '@isostep/tfjs-adapter';
    adapter = (await import(name)) as TfjsAdapterModule;
  } catch (e) {
    throw new TrainBackendError(label, `TF.js or @isostep/tfjs-adapter could not be loaded: ${firstLine(e)}`);
  }
  if (which === 'wasm') {
    try {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      const require = createRequire(import.meta.url);
      wasm.setWasmPaths(`${dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'))}/`);
    } catch (e) {
      throw new TrainBackendError(label, `the TF.js wasm backend could not be loaded: ${firstLine(e)}`);
    }
  }
  let ok: boolean;
  try {
    ok = await tf.setBackend(which);
  } catch (e) {
    throw new TrainBackendError(label, `tf.setBackend('${which}') failed: ${firstLine(e)}`);
  }
  if (!ok) throw new TrainBackendError(label, `tf.setBackend('${which}') returned false: the backend could not initialise here`);
  // Flat float32 variables: the step is elementwise, shapes do not matter. Unique names per run (TF.js
  // keeps one global registry of variables).
  const run = ++variableRun;
  const variables = new Map<string, Variable>();
  for (const [name, p] of params) variables.set(name, tf.variable(tf.tensor1d(p, 'float32'), true, `isostep-train-${run}/${name}`));
  const optimizer = new adapter.IsostepRmsprop(preset, config);
  return {
    description: `optimizer step on TF.js ${which} (IsostepRmsprop.applyGradients on tf.Variables mirroring the MLP params, read back every step; fused sites of the preset are unfused there, see tfjs-adapter ACCURACY.md); forward/backward on the CPU MLP`,
    update(p, g) {
      const grads: Record<string, Tensor> = {};
      for (const [name, v] of variables) grads[v.name] = tf.tensor1d(g.get(name)!, 'float32');
      try {
        optimizer.applyGradients(grads);
      } finally {
        tf.dispose(Object.values(grads));
      }
      for (const [name, v] of variables) p.get(name)!.set(v.dataSync() as Float32Array);
    },
    dispose() {
      optimizer.dispose();
      tf.dispose([...variables.values()]);
    },
  };
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0]!;
}
