/**
 * The adapter as conformance backends: `tfjs-cpu`, `tfjs-wasm` and `tfjs-webgpu`, loaded by the
 * conformance registry (`createBackend(name)`). It implements the spec's `ConformanceBackend` contract
 * (no import of the runner). Each session is a real `IsostepOptimizer` stepping real tf.Variables, one
 * per named parameter; its state goes in and out through `setState` / `getState`, by spec slot name.
 */
import {
  STATE_VERSION,
  type Arith,
  type BackendSession,
  type ConformanceBackend,
  type Dtype,
  type Interval,
  type NamedValues,
  type NumericsProfile,
  type OpAccuracy,
  type OptimizerSpec,
  type SessionSnapshot,
  type SlotValues,
} from '@isostep/spec';
import type { Variable } from '@tensorflow/tfjs-core';
import { prepareBackend, useBackend, type TfjsBackendName } from '../backends/tfjs-backends.js';
import { TFJS_CPU, TFJS_WASM, TFJS_WEBGPU } from '../numerics/backend-accuracy.js';
import { tfjsIntervalArith } from '../numerics/tfjs-interval-arith.js';
import { IsostepOptimizer } from '../optimizer/isostep-optimizer.js';

interface TfjsBackendInfo {
  readonly tfjs: TfjsBackendName;
  readonly accuracy: OpAccuracy;
  readonly subnormals: 'preserve' | 'either';
}

const BACKENDS: Readonly<Record<string, TfjsBackendInfo>> = {
  // cpu and wasm keep subnormals (JS doubles; WebAssembly has no FTZ). WebGPU implementations may flush.
  'tfjs-cpu': { tfjs: 'cpu', accuracy: TFJS_CPU, subnormals: 'preserve' },
  'tfjs-wasm': { tfjs: 'wasm', accuracy: TFJS_WASM, subnormals: 'preserve' },
  'tfjs-webgpu': { tfjs: 'webgpu', accuracy: TFJS_WEBGPU, subnormals: 'either' },
};

/** One parameter of a session: the trace's name for it and the TF.js variable holding it. */
interface Param {
  readonly name: string;
  readonly variable: Variable;
}

class TfjsSession implements BackendSession {
  private params: Param[] = [];

  constructor(
    private readonly backend: TfjsBackendName,
    private readonly opt: IsostepOptimizer,
  ) {}

  async load(params: NamedValues, state: ReadonlyMap<string, SlotValues>, completedSteps: number): Promise<void> {
    const tf = await useBackend(this.backend);
    this.disposeParams();
    this.params = [...params].map(([name, values]) => ({ name, variable: tf.variable(tf.tensor1d(Float32Array.from(values)), true) }));
    const slots = this.opt.slots;
    const tensors = new Map<string, Record<string, Float32Array>>();
    for (const { name, variable } of this.params) {
      const given = state.get(name);
      const values: Record<string, Float32Array> = {};
      // A missing entry reaches setState as an empty array, which it refuses naming the parameter and slot.
      for (const slot of slots) values[slot] = Float32Array.from(given?.[slot] ?? []);
      tensors.set(variable.name, values);
    }
    this.opt.setState(
      { version: STATE_VERSION, step: completedSteps, slots, tensors },
      this.params.map((p) => p.variable),
    );
  }

  async step(grads: NamedValues, lr: number): Promise<void> {
    const tf = await useBackend(this.backend);
    if (this.params.length === 0) throw new Error('step before load');
    for (const name of grads.keys()) {
      if (!this.params.some((p) => p.name === name)) throw new Error(`gradient for ${name}: no such parameter (loaded: ${this.params.map((p) => p.name).join(', ')})`);
    }
    // Checked before the step: the optimizer itself refuses invalid values without changing anything.
    this.opt.learningRate = lr;
    const tensors = this.params.map((p) => {
      const g = grads.get(p.name);
      if (g === undefined) throw new Error(`no gradient for parameter ${p.name}`);
      return { name: p.variable.name, tensor: tf.tensor1d(Float32Array.from(g)) };
    });
    try {
      this.opt.applyGradients(tensors);
    } finally {
      tf.dispose(tensors.map((t) => t.tensor));
    }
  }

  async read(): Promise<SessionSnapshot> {
    if (this.params.length === 0) throw new Error('read before load');
    const st = await this.opt.getState();
    const params = new Map<string, Float64Array>();
    const state = new Map<string, SlotValues>();
    for (const { name, variable } of this.params) {
      params.set(name, Float64Array.from(await variable.data()));
      const slots = st.tensors.get(variable.name) ?? {};
      const values: Record<string, Float64Array> = {};
      for (const slot of st.slots) values[slot] = Float64Array.from(slots[slot] ?? []);
      state.set(name, values);
    }
    return { params, state };
  }

  async dispose(): Promise<void> {
    this.opt.dispose();
    this.disposeParams();
  }

  private disposeParams(): void {
    for (const p of this.params) p.variable.dispose();
    this.params = [];
  }
}

export async function createBackend(name: string): Promise<ConformanceBackend> {
  const info = BACKENDS[name];
  if (info === undefined) throw new Error(`unknown TF.js backend "${name}"; known: ${Object.keys(BACKENDS).join(', ')}`);
  return {
    name,
    describe: async () => {
      const tf = await import('@tensorflow/tfjs-core');
      return `TF.js ${tf.version_core} ${info.tfjs} backend (Node ${process.versions.node})`;
    },
    unsupported: async (dtype: Dtype) => {
      const reason = await prepareBackend(info.tfjs);
      if (reason !== null) return reason;
      return dtype === 'float32' ? null : `TF.js has no ${dtype} tensors (float32 only); ${name} runs float32 traces only`;
    },
    accuracy: () => info.accuracy,
    // The framework's subnormal mode comes from the profile the runner evaluates the trace with.
    intervalArith: (dtype: Dtype, accuracy: OpAccuracy, profile: NumericsProfile): Arith<Interval> =>
      tfjsIntervalArith(dtype, accuracy, { framework: profile.subnormals, backend: info.subnormals }),
    open: async (spec: OptimizerSpec, dtype: Dtype) => {
      if (dtype !== 'float32') throw new Error(`${name} runs float32 only; asked for ${dtype}`);
      await useBackend(info.tfjs);
      return new TfjsSession(info.tfjs, new IsostepOptimizer(spec));
    },
  };
}
