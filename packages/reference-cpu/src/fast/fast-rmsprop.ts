/**
 * The fast CPU RMSprop: the same bits as `ReferenceRmsprop` with the same profile, at memory speed.
 *
 * float32: a WebAssembly SIMD kernel compiled from the spec's step graph for this config and profile,
 * split across worker threads, over all tensors of a step in one call (multi-tensor). float64: the same
 * graph compiled to a JavaScript loop. Either way the formula comes from `elementStep` and nowhere else.
 */
import {
  IEEE_PROFILE,
  allocatedSlots,
  checkLr,
  exactArith,
  stepScalars,
  validateConfig,
  type Arith,
  type Dtype,
  type NamedTensors,
  type NumericsProfile,
  type Optimizer,
  type OptimizerState,
  type RmspropConfig,
  type SlotName,
  type StepOptions,
  type Tensor,
} from '@isostep/spec';
import { checkStepInputs } from '../rmsprop/check-step-inputs.js';
import { initState } from '../rmsprop/init-state.js';
import { FastArena } from './arena.js';
import { compileJsKernel, type JsKernel } from './js-kernel.js';
import { SEGMENT_BYTES, SEGMENT_FIELDS, compileSimdKernel } from './simd-kernel.js';
import { buildStepGraph, scalarBlock, type InputName, type StepGraph } from './step-graph.js';

export interface FastRmspropOptions {
  readonly dtype?: Dtype;
  /** The op order, fused sites and subnormal mode to reproduce; default plain IEEE (like the reference). */
  readonly profile?: NumericsProfile;
  /** Threads for float32 (caller included); default os.availableParallelism(). Ignored with `arena`. */
  readonly threads?: number;
  /** Share one arena (memory + threads) between optimizers; it then outlives `dispose()`. */
  readonly arena?: FastArena;
  /** 'simd' (default for float32 where WebAssembly SIMD exists) or 'js' (the compiled JS loop). */
  readonly kernel?: 'simd' | 'js';
}

/** Below this many elements a step runs on the calling thread only: waking workers costs more. */
const PARALLEL_MIN_ELEMENTS = 1 << 16;
const EMPTY32 = new Float32Array(0);
const EMPTY64 = new Float64Array(0);
const SLOT_INPUT: Readonly<Record<SlotName, InputName>> = { meanSquare: 'v', meanGrad: 'm', momentum: 'b' };

interface SimdKernel {
  readonly arena: FastArena;
  readonly run: (table: number, count: number, scalars: number) => void;
  readonly workerKernel: number;
}

export class FastRmsprop implements Optimizer {
  readonly config: RmspropConfig;
  readonly dtype: Dtype;
  readonly profile: NumericsProfile;
  readonly slots: readonly SlotName[];
  /** Which kernel steps the tensors: 'simd' (WebAssembly, threads) or 'js'. */
  readonly kernel: 'simd' | 'js';
  private readonly graph: StepGraph;
  private readonly arith: Arith<number>;
  private readonly js: JsKernel;
  private readonly simd: SimdKernel | null;
  private readonly ownsArena: boolean;

  /** Use `createFastRmsprop` (it compiles the kernel and starts the threads). */
  constructor(config: RmspropConfig, options: FastRmspropOptions, simd: SimdKernel | null, ownsArena: boolean) {
    this.config = validateConfig(config);
    this.dtype = options.dtype ?? 'float32';
    this.profile = options.profile ?? IEEE_PROFILE;
    this.slots = allocatedSlots(this.config);
    this.graph = buildStepGraph(this.config, this.profile, this.dtype);
    this.arith = exactArith(this.dtype, this.profile.subnormals);
    this.js = compileJsKernel(this.graph);
    this.simd = simd;
    this.kernel = simd ? 'simd' : 'js';
    this.ownsArena = ownsArena;
  }

  /** The arena this optimizer's float32 tensors live in (null for the JS kernel). */
  get arena(): FastArena | null {
    return this.simd?.arena ?? null;
  }

  /** A zeroed tensor of this dtype that `step` uses in place (in the arena for the SIMD kernel). */
  allocate(length: number): Tensor {
    if (this.simd) return this.simd.arena.tensor(length);
    return this.dtype === 'float32' ? new Float32Array(length) : new Float64Array(length);
  }

  /** Frees a tensor from `allocate` or `init` (a no-op for ordinary arrays). */
  release(t: Tensor): void {
    if (this.simd && t instanceof Float32Array) this.simd.arena.releaseTensor(t);
  }

  /** Frees all slot tensors of a state. */
  releaseState(state: OptimizerState): void {
    for (const slots of state.tensors.values()) for (const t of Object.values(slots)) if (t) this.release(t);
  }

  init(params: NamedTensors): OptimizerState {
    return initState(this.config, this.dtype, this.slots, params, (n) => this.allocate(n));
  }

  step(params: NamedTensors, grads: NamedTensors, state: OptimizerState, options: StepOptions = {}): void {
    const lr = options.lr === undefined ? this.config.lr : checkLr(options.lr, 'options.lr');
    checkStepInputs(this.dtype, this.slots, params, grads, state);
    const t = state.step + 1;
    const scalars = scalarBlock(this.graph, stepScalars(this.arith, this.config, this.profile, lr, t));
    if (this.simd) this.stepSimd(this.simd, params, grads, state, scalars);
    else this.stepJs(params, grads, state, scalars);
    state.step = t;
  }

  /** Stops the worker threads of an arena this optimizer created. */
  dispose(): void {
    if (this.ownsArena) this.simd?.arena.dispose();
  }

  private stepJs(params: NamedTensors, grads: NamedTensors, state: OptimizerState, scalars: number[]): void {
    const empty = this.dtype === 'float32' ? EMPTY32 : EMPTY64;
    for (const [name, p] of params) {
      const s = state.tensors.get(name)!;
      this.js(p, grads.get(name)!, s.meanSquare!, s.meanGrad ?? empty, s.momentum ?? empty, p.length, scalars);
    }
  }

  private stepSimd(k: SimdKernel, params: NamedTensors, grads: NamedTensors, state: OptimizerState, scalars: number[]): void {
    const { arena } = k;
    const copies: { from: Float32Array; to: Float32Array; writeBack: boolean }[] = [];
    const blocks: number[] = [];
    try {
      // Every tensor's arena offset; tensors from elsewhere are copied into the arena first.
      const place = (t: Float32Array, writeBack: boolean): number => {
        const at = arena.offsetOf(t);
        if (at !== undefined) return at;
        const copy = arena.tensor(t.length);
        copy.set(t);
        copies.push({ from: t, to: copy, writeBack });
        return arena.offsetOf(copy)!;
      };
      const tensors: { offsets: Record<InputName, number>; vectors: number }[] = [];
      let total = 0;
      for (const [name, p] of params) {
        const slots = state.tensors.get(name)!;
        const offsets: Record<InputName, number> = { p: place(p as Float32Array, true), g: place(grads.get(name) as Float32Array, false), v: 0, m: 0, b: 0 };
        for (const slot of this.slots) offsets[SLOT_INPUT[slot]] = place(slots[slot] as Float32Array, true);
        const vectors = Math.ceil(p.length / 4);
        tensors.push({ offsets, vectors });
        total += vectors;
      }
      const parts = total * 4 >= PARALLEL_MIN_ELEMENTS && arena.pool ? arena.threads : 1;
      const tables = splitIntoSegments(tensors, total, parts);
      // One block: the scalars, then each part's segment table.
      const segmentCount = tables.reduce((n, t) => n + t.length, 0);
      const block = arena.alloc(64 + scalars.length * 4 + segmentCount * SEGMENT_BYTES);
      blocks.push(block);
      new Float32Array(arena.memory.buffer, block, scalars.length).set(scalars);
      let at = block + Math.ceil((scalars.length * 4) / 64) * 64;
      const jobs = tables.map((segments) => {
        const table = at;
        const view = new Int32Array(arena.memory.buffer, table, segments.length * 6);
        segments.forEach((s, i) => view.set(s, i * 6));
        at += segments.length * SEGMENT_BYTES;
        return { table, count: segments.length, scalars: block };
      });
      const [own, ...others] = jobs;
      const runOwn = () => k.run(own!.table, own!.count, own!.scalars);
      if (others.length > 0) arena.pool!.run(k.workerKernel, others, runOwn);
      else runOwn();
      for (const c of copies) if (c.writeBack) c.from.set(c.to);
    } finally {
      for (const c of copies) arena.releaseTensor(c.to);
      for (const b of blocks) arena.release(b);
    }
  }
}

/**
 * Splits the tensors' vectors into `parts` contiguous runs of near-equal size; each run is a list of
 * segments [p, g, v, m̄, b byte offsets, vector count] for the kernel's table.
 */
function splitIntoSegments(
  tensors: readonly { offsets: Record<InputName, number>; vectors: number }[],
  total: number,
  parts: number,
): number[][][] {
  const out: number[][][] = Array.from({ length: parts }, () => []);
  let part = 0;
  let partEnd = Math.ceil(total / parts);
  let position = 0;
  for (const t of tensors) {
    let done = 0;
    while (done < t.vectors) {
      while (position >= partEnd && part < parts - 1) {
        part++;
        partEnd = Math.ceil(((part + 1) * total) / parts);
      }
      const take = Math.min(t.vectors - done, partEnd - position);
      out[part]!.push([...SEGMENT_FIELDS.map((f) => (t.offsets[f] === 0 ? 0 : t.offsets[f] + done * 16)), take]);
      done += take;
      position += take;
    }
  }
  return out;
}

/** A fast RMSprop for `config`: compiles its kernel and (float32, threads > 1) starts its threads. */
export async function createFastRmsprop(config: RmspropConfig, options: FastRmspropOptions = {}): Promise<FastRmsprop> {
  const valid = validateConfig(config);
  const dtype = options.dtype ?? 'float32';
  const profile = options.profile ?? IEEE_PROFILE;
  if (dtype !== 'float32' || options.kernel === 'js') return new FastRmsprop(valid, options, null, false);
  const graph = buildStepGraph(valid, profile, dtype);
  const bytes = compileSimdKernel(graph, { minPages: 1, maxPages: 65536 });
  if (!WebAssembly.validate(bytes)) {
    if (options.kernel === 'simd') throw new Error('kernel: WebAssembly SIMD with shared memory is not available in this runtime');
    return new FastRmsprop(valid, options, null, false);
  }
  const module = await WebAssembly.compile(bytes);
  const arena = options.arena ?? (await FastArena.create({ threads: options.threads }));
  const instance = await WebAssembly.instantiate(module, { env: { memory: arena.memory } });
  const run = instance.exports.step as SimdKernel['run'];
  const workerKernel = arena.pool ? arena.pool.register(module) : 0;
  return new FastRmsprop(valid, options, { arena, run, workerKernel }, options.arena === undefined);
}
