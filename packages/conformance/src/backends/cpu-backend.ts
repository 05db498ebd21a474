/** The exact CPU reference as a conformance backend: `cpu-f32` and `cpu-f64`. */
import { ReferenceRmsprop } from '@isostep/reference-cpu';
import {
  CORRECTLY_ROUNDED,
  type Dtype,
  type NamedTensors,
  type NumericsProfile,
  type OptimizerState,
  type RmspropConfig,
  type SlotName,
  type Tensor,
} from '@isostep/spec';
import type { BackendSession, ConformanceBackend, SlotValues } from './backend.js';
import { PARAM, readSingleParam } from './single-param-state.js';
import { runtimeName } from './runtime.js';


function toTensor(dtype: Dtype, values: Float64Array): Tensor {
  return dtype === 'float32' ? Float32Array.from(values) : Float64Array.from(values);
}

class CpuSession implements BackendSession {
  private params: NamedTensors = new Map();
  private state: OptimizerState | undefined;

  constructor(
    private readonly opt: ReferenceRmsprop,
    private readonly dtype: Dtype,
  ) {}

  async load(params: Float64Array, state: SlotValues, completedSteps: number): Promise<void> {
    this.params = new Map([[PARAM, toTensor(this.dtype, params)]]);
    const fresh = this.opt.init(this.params);
    const slots: Partial<Record<SlotName, Tensor>> = {};
    for (const slot of fresh.slots) {
      const values = state[slot];
      if (values === undefined) throw new Error(`state has no ${slot} slot`);
      slots[slot] = toTensor(this.dtype, values);
    }
    this.state = { ...fresh, step: completedSteps, tensors: new Map([[PARAM, slots]]) };
  }

  async step(grad: Float64Array): Promise<void> {
    if (this.state === undefined) throw new Error('step before load');
    this.opt.step(this.params, new Map([[PARAM, toTensor(this.dtype, grad)]]), this.state);
  }

  async read(): Promise<{ params: Float64Array; state: SlotValues }> {
    return readSingleParam(this.params, this.state);
  }

  async dispose(): Promise<void> {}
}

export function cpuBackend(dtype: Dtype): ConformanceBackend {
  return {
    name: dtype === 'float32' ? 'cpu-f32' : 'cpu-f64',
    describe: async () => `@isostep/reference-cpu exact ${dtype} (${runtimeName()})`,
    unsupported: async (traceDtype) =>
      traceDtype === dtype ? null : `cpu-${dtype === 'float32' ? 'f32' : 'f64'} runs ${dtype} traces only; this trace is ${traceDtype}`,
    // Every operation correctly rounded, fma exact: the reference adds no error of its own.
    accuracy: () => CORRECTLY_ROUNDED,
    open: async (config: RmspropConfig, profile: NumericsProfile) =>
      new CpuSession(new ReferenceRmsprop(config, { dtype, profile }), dtype),
  };
}
