/**
 * The adapter as conformance backends: `tfjs-cpu`, `tfjs-wasm` and `tfjs-webgpu`, loaded by the
 * conformance registry (`createBackend(name)`). Each session is a real `IsostepRmsprop` stepping a real
 * tf.Variable; its state goes in and out through `setState` / `getState`.
 */
import type { BackendSession, ConformanceBackend, SlotValues } from '@isostep/conformance';
import {
  STATE_VERSION,
  allPresets,
  type Arith,
  type Dtype,
  type Interval,
  type NumericsProfile,
  type OpAccuracy,
  type RmspropConfig,
  type SlotName,
} from '@isostep/spec';
import type { Variable } from '@tensorflow/tfjs-core';
import { prepareBackend, useBackend, type TfjsBackendName } from '../backends/tfjs-backends.js';
import { TFJS_CPU, TFJS_WASM, TFJS_WEBGPU } from '../numerics/backend-accuracy.js';
import { tfjsIntervalArith } from '../numerics/tfjs-interval-arith.js';
import { IsostepRmsprop } from '../optimizer/isostep-rmsprop.js';

const BACKENDS: Readonly<Record<string, { tfjs: TfjsBackendName; accuracy: OpAccuracy; subnormals: 'preserve' | 'either' }>> = {
  // cpu and wasm keep subnormals (JS doubles; WebAssembly has no FTZ). WebGPU implementations may flush.
  'tfjs-cpu': { tfjs: 'cpu', accuracy: TFJS_CPU, subnormals: 'preserve' },
  'tfjs-wasm': { tfjs: 'wasm', accuracy: TFJS_WASM, subnormals: 'preserve' },
  'tfjs-webgpu': { tfjs: 'webgpu', accuracy: TFJS_WEBGPU, subnormals: 'either' },
};

function presetOf(profile: NumericsProfile): string {
  const preset = allPresets().find((p) => p.profile === profile);
  if (preset === undefined) throw new Error('the adapter runs preset profiles only; this profile is not one of @isostep/spec presets');
  return preset.name;
}

class TfjsSession implements BackendSession {
  private param: Variable | null = null;

  constructor(
    private readonly backend: TfjsBackendName,
    private readonly opt: IsostepRmsprop,
  ) {}

  async load(params: Float64Array, state: SlotValues, completedSteps: number): Promise<void> {
    const tf = await useBackend(this.backend);
    this.param?.dispose();
    this.param = tf.variable(tf.tensor1d(Float32Array.from(params)), true);
    const slots: Partial<Record<SlotName, Float32Array>> = {};
    for (const slot of this.opt.slots) slots[slot] = Float32Array.from(state[slot] ?? []);
    this.opt.setState({ version: STATE_VERSION, step: completedSteps, slots: this.opt.slots, tensors: new Map([['p', slots]]) }, [this.param]);
  }

  async step(grad: Float64Array): Promise<void> {
    const tf = await useBackend(this.backend);
    if (this.param === null) throw new Error('step before load');
    const g = tf.tensor1d(Float32Array.from(grad));
    try {
      this.opt.applyGradients([{ name: this.param.name, tensor: g }]);
    } finally {
      g.dispose();
    }
  }

  async read(): Promise<{ params: Float64Array; state: SlotValues }> {
    if (this.param === null) throw new Error('read before load');
    const st = await this.opt.getState();
    const slots = st.tensors.values().next().value ?? {};
    const state: SlotValues = {};
    for (const slot of st.slots) state[slot] = Float64Array.from(slots[slot] ?? []);
    return { params: Float64Array.from(await this.param.data()), state };
  }

  async dispose(): Promise<void> {
    this.opt.dispose();
    this.param?.dispose();
    this.param = null;
  }
}

export async function createBackend(name: string): Promise<ConformanceBackend> {
  const spec = BACKENDS[name];
  if (spec === undefined) throw new Error(`unknown TF.js backend "${name}"; known: ${Object.keys(BACKENDS).join(', ')}`);
  // The runner builds the interval arithmetic before it opens the session; until it passes the profile
  // itself, the intervals read the subnormal mode of the preset opened last (runs are sequential).
  let lastProfile: NumericsProfile | null = null;
  return {
    name,
    describe: async () => {
      const tf = await import('@tensorflow/tfjs-core');
      return `TF.js ${tf.version_core} ${spec.tfjs} backend (Node ${process.versions.node})`;
    },
    unsupported: async (dtype: Dtype) => {
      const reason = await prepareBackend(spec.tfjs);
      if (reason !== null) return reason;
      return dtype === 'float32' ? null : `TF.js has no ${dtype} tensors (float32 only); ${name} runs float32 traces only`;
    },
    accuracy: () => spec.accuracy,
    intervalArith: (dtype: Dtype, accuracy: OpAccuracy, profile?: NumericsProfile): Arith<Interval> => {
      const arith = (p: NumericsProfile | null) =>
        tfjsIntervalArith(dtype, accuracy, { framework: p?.subnormals ?? 'unknown', backend: spec.subnormals });
      if (profile !== undefined) return arith(profile);
      const cache = new Map<NumericsProfile | null, Arith<Interval>>();
      const current = () => {
        let a = cache.get(lastProfile);
        if (a === undefined) cache.set(lastProfile, (a = arith(lastProfile)));
        return a;
      };
      return {
        const: (x) => current().const(x),
        add: (a, b) => current().add(a, b),
        sub: (a, b) => current().sub(a, b),
        mul: (a, b) => current().mul(a, b),
        div: (a, b) => current().div(a, b),
        sqrt: (a) => current().sqrt(a),
        rsqrt: (a) => current().rsqrt(a),
        fma: (a, b, c) => current().fma(a, b, c),
        pow: (a, n) => current().pow(a, n),
        neg: (a) => current().neg(a),
      };
    },
    open: async (config: RmspropConfig, profile: NumericsProfile) => {
      await useBackend(spec.tfjs);
      lastProfile = profile;
      return new TfjsSession(spec.tfjs, new IsostepRmsprop(presetOf(profile), config));
    },
  };
}
