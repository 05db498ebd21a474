/**
 * The fast CPU path (`FastRmsprop`: WebAssembly SIMD + threads for float32, a compiled JS loop for
 * float64) as a conformance backend: `cpu-fast`. It claims the reference's accuracy (every operation
 * correctly rounded, fma exact), so the traces hold it to the same bits as `cpu-f32`/`cpu-f64`.
 */
import { FastArena, createFastRmsprop, type FastRmsprop } from '@isostep/reference-cpu/node';
import { CORRECTLY_ROUNDED, type Dtype, type NamedTensors, type NumericsProfile, type OptimizerState, type RmspropConfig, type SlotName, type Tensor } from '@isostep/spec';
import type { BackendSession, ConformanceBackend, SlotValues } from './backend.js';
import { PARAM, readSingleParam } from './single-param-state.js';
import { runtimeName } from './runtime.js';


class FastSession implements BackendSession {
  private params: NamedTensors = new Map();
  private state: OptimizerState | undefined;

  constructor(private readonly opt: FastRmsprop) {}

  /** A tensor stepped in place (in the arena for float32), holding `values`. */
  private tensor(values: Float64Array): Tensor {
    const t = this.opt.allocate(values.length);
    t.set(values);
    return t;
  }

  async load(params: Float64Array, state: SlotValues, completedSteps: number): Promise<void> {
    await this.dispose();
    this.params = new Map([[PARAM, this.tensor(params)]]);
    const fresh = this.opt.init(this.params);
    const slots: Partial<Record<SlotName, Tensor>> = {};
    for (const slot of fresh.slots) {
      const values = state[slot];
      if (values === undefined) throw new Error(`state has no ${slot} slot`);
      slots[slot] = fresh.tensors.get(PARAM)![slot]!;
      slots[slot].set(values);
    }
    this.state = { ...fresh, step: completedSteps, tensors: new Map([[PARAM, slots]]) };
  }

  async step(grad: Float64Array): Promise<void> {
    if (this.state === undefined) throw new Error('step before load');
    const g = this.tensor(grad);
    try {
      this.opt.step(this.params, new Map([[PARAM, g]]), this.state);
    } finally {
      this.opt.release(g);
    }
  }

  async read(): Promise<{ params: Float64Array; state: SlotValues }> {
    return readSingleParam(this.params, this.state);
  }

  async dispose(): Promise<void> {
    for (const p of this.params.values()) this.opt.release(p);
    if (this.state) this.opt.releaseState(this.state);
    this.params = new Map();
    this.state = undefined;
  }
}

export function cpuFastBackend(): ConformanceBackend {
  // One arena (memory + worker threads) for every session of a run; started on first use.
  let arena: Promise<FastArena> | undefined;
  return {
    name: 'cpu-fast',
    describe: async () => {
      const threads = arena ? (await arena).threads : 0;
      return `@isostep/reference-cpu FastRmsprop (float32: WebAssembly SIMD, ${threads} thread(s); float64: compiled JS) on ${runtimeName()}`;
    },
    unsupported: async () => null,
    // Same claim as the exact reference: every operation correctly rounded, fma exact.
    accuracy: () => CORRECTLY_ROUNDED,
    open: async (config: RmspropConfig, profile: NumericsProfile, dtype: Dtype) => {
      arena ??= FastArena.create();
      return new FastSession(await createFastRmsprop(config, { dtype, profile, arena: await arena }));
    },
    close: async () => {
      if (arena) (await arena).dispose();
      arena = undefined;
    },
  };
}
