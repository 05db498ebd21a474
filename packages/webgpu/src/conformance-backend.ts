/**
 * The WebGPU backend for the conformance runner (the spec's `ConformanceBackend`): a trace's named
 * parameters stepped by `WebGpuOptimizer`, with acceptance intervals from WGSL's accuracy rules
 * (`wgslIntervalArith`). Works in Node (Dawn) and, given a context, in a browser page.
 */
import {
  STATE_VERSION,
  WGSL_F32,
  type BackendSession,
  type ConformanceBackend,
  type Dtype,
  type NamedValues,
  type OptimizerSpec,
  type SessionSnapshot,
  type SlotValues,
} from '@isostep/spec';
import type { GpuContext } from './device/gpu-context.js';
import { wgslIntervalArith } from './numerics/wgsl-interval-arith.js';
import { WebGpuOptimizer } from './optimizer/webgpu-optimizer.js';

/** Trace values are float64 arrays holding float32 values: the conversion is exact. */
function toF32(values: NamedValues): Map<string, Float32Array> {
  return new Map([...values].map(([name, v]) => [name, Float32Array.from(v)]));
}

class WebGpuSession implements BackendSession {
  constructor(private readonly opt: WebGpuOptimizer) {}

  async load(params: NamedValues, state: ReadonlyMap<string, SlotValues>, completedSteps: number): Promise<void> {
    const tensors = new Map<string, Record<string, Float32Array>>();
    for (const name of params.keys()) {
      const given = state.get(name);
      if (given === undefined) throw new Error(`state has no slots for parameter "${name}"`);
      const perSlot: Record<string, Float32Array> = {};
      for (const slot of this.opt.spec.program.slots) {
        const values = given[slot];
        if (values === undefined) throw new Error(`state of "${name}" has no ${slot} slot`);
        perSlot[slot] = Float32Array.from(values);
      }
      tensors.set(name, perSlot);
    }
    this.opt.load(toF32(params), { version: STATE_VERSION, step: completedSteps, slots: this.opt.spec.program.slots, tensors });
  }

  async step(grads: NamedValues, lr: number): Promise<void> {
    this.opt.step(toF32(grads), { lr });
  }

  async read(): Promise<SessionSnapshot> {
    const snap = await this.opt.read();
    const state = new Map<string, SlotValues>();
    for (const [name, slots] of snap.state.tensors) {
      state.set(name, Object.fromEntries(Object.entries(slots).map(([slot, t]) => [slot, Float64Array.from(t)])));
    }
    return { params: new Map([...snap.params].map(([name, p]) => [name, Float64Array.from(p)])), state };
  }

  async dispose(): Promise<void> {
    this.opt.dispose();
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
    // WGSL may flush any subnormal input or output, so the intervals hold the flushed and kept values
    // whatever the profile; the generated shader flushes exactly where a flushing profile does.
    intervalArith: (dtype, accuracy) => wgslIntervalArith(dtype, accuracy),
    open: async (spec: OptimizerSpec, dtype: Dtype) => {
      if (dtype !== 'float32') throw new Error(`WGSL has no f64 type: cannot open a ${dtype} session`);
      const c = await context();
      if (typeof c === 'string') throw new Error(c);
      return new WebGpuSession(new WebGpuOptimizer(c, spec));
    },
    close: async () => {
      const c = ctx === null ? null : await ctx;
      if (c !== null && typeof c !== 'string') c.close();
      ctx = null;
    },
  };
}
