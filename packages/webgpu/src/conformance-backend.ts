/**
 * The WebGPU backend for the conformance runner: one tensor per trace, stepped by `WebGpuRmsprop`, with
 * acceptance intervals from WGSL's accuracy rules (`wgslIntervalArith`). Works in Node (Dawn) and, given
 * a context, in a browser page.
 */
import type { BackendSession, ConformanceBackend, SlotValues } from '@isostep/conformance';
import { STATE_VERSION, WGSL_F32, type Dtype, type NumericsProfile, type RmspropConfig, type SlotName } from '@isostep/spec';
import type { GpuContext } from './device/gpu-context.js';
import { wgslIntervalArith } from './numerics/wgsl-interval-arith.js';
import { WebGpuRmsprop } from './optimizer/webgpu-rmsprop.js';

const PARAM = 'p';

class WebGpuSession implements BackendSession {
  constructor(private readonly opt: WebGpuRmsprop) {}

  async load(params: Float64Array, state: SlotValues, completedSteps: number): Promise<void> {
    const tensors: Partial<Record<SlotName, Float32Array>> = {};
    for (const s of this.opt.slots) {
      const values = state[s];
      if (values === undefined) throw new Error(`state has no ${s} slot`);
      tensors[s] = Float32Array.from(values);
    }
    this.opt.load(new Map([[PARAM, Float32Array.from(params)]]), {
      version: STATE_VERSION,
      step: completedSteps,
      slots: this.opt.slots,
      tensors: new Map([[PARAM, tensors]]),
    });
  }

  async step(grad: Float64Array): Promise<void> {
    this.opt.step(new Map([[PARAM, Float32Array.from(grad)]]));
  }

  async read(): Promise<{ params: Float64Array; state: SlotValues }> {
    const snap = await this.opt.read();
    const state: SlotValues = {};
    const slots = snap.state.tensors.get(PARAM)!;
    for (const s of snap.state.slots) state[s] = Float64Array.from(slots[s]!);
    return { params: Float64Array.from(snap.params.get(PARAM)!), state };
  }

  async dispose(): Promise<void> {
    this.opt.destroy();
  }
}

/**
 * A conformance backend over a context source. `getContext` returns a context or the reason there is
 * none; it is called once, lazily, so listing backends never touches a GPU.
 */
export function webgpuBackend(name: string, getContext: () => Promise<GpuContext | string>): ConformanceBackend {
  let ctx: Promise<GpuContext | string> | null = null;
  const context = () => (ctx ??= getContext().catch((e: Error) => e.message));
  return {
    name,
    describe: async () => {
      const c = await context();
      return typeof c === 'string' ? `unavailable: ${c}` : `WebGPU: ${c.adapterName}`;
    },
    unsupported: async (dtype: Dtype) => {
      if (dtype !== 'float32') return `WGSL has no f64 type: the WebGPU backend runs float32 traces only; this trace is ${dtype}`;
      const c = await context();
      return typeof c === 'string' ? c : null;
    },
    accuracy: () => WGSL_F32,
    intervalArith: (dtype, accuracy) => wgslIntervalArith(dtype, accuracy),
    open: async (config: RmspropConfig, profile: NumericsProfile) => {
      const c = await context();
      if (typeof c === 'string') throw new Error(c);
      return new WebGpuSession(new WebGpuRmsprop(c, config, { profile }));
    },
    close: async () => {
      const c = ctx === null ? null : await ctx;
      if (c !== null && typeof c !== 'string') c.close();
      ctx = null;
    },
  };
}
