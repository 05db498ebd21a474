/**
 * The fast CPU optimizer: the same bits as `ReferenceOptimizer` for the same spec, at memory speed.
 *
 * float32: a WebAssembly SIMD kernel compiled from the spec's step graph (`buildStepGraph`), split across
 * worker threads, over all tensors of a step in one call (multi-tensor); its fused sites are relaxed
 * SIMD's `relaxed_madd` where the start-up probe (`madd-probe.ts`) proved it fused on this host, else the
 * exact f64x2 emulation. float64: the same graph as an f64x2 WebAssembly SIMD kernel
 * (`simd-kernel-f64.ts`) on the same arena and threads, its fused sites `f64x2.relaxed_madd` where the
 * probe proved that fused; a float64 graph with fused sites and no such proof is compiled to a JavaScript
 * loop instead, fused sites through an error-free-transformation fma (`fma64.ts`). Either way the
 * formula comes from the optimizer's `element` step and nowhere else, and the vectors a kernel binds
 * (p, g, then the allocated slots) are `graph.vectors`: nothing here names an optimizer's slots.
 */
import {
  buildStepGraph,
  checkFiniteGradients,
  checkStepOptions,
  freshState,
  stepScalarBlock,
  type Dtype,
  type GraphNode,
  type NamedTensors,
  type Optimizer,
  type OptimizerSpec,
  type OptimizerState,
  type StepGraph,
  type StepOptions,
  type Tensor,
} from '@isostep/spec';
import { checkSpec } from '../exact/check-spec.js';
import { checkFastOptions } from './check-fast-options.js';
import { checkStepInputs } from '../exact/check-step-inputs.js';
import { newTensor } from '../exact/dtype-arrays.js';
import { FastArena, type ArenaTensor } from './arena.js';
import { compileJsKernel, type JsKernel } from './js-kernel.js';
import { probeRelaxedMadd } from './madd-probe.js';
import { splitIntoSegments, type PlacedTensor } from './segments.js';
import { cancellationCuts, guardItems, guardWindows, windowsHold, type Window } from './ftz-guard.js';
import { compileSimdKernel, guardScratchBytes, guardWords, hasGuard, segmentBytes } from './simd-kernel.js';
import { compileSimdKernelF64 } from './simd-kernel-f64.js';

export interface FastOptimizerOptions {
  /** Default 'float32'. */
  readonly dtype?: Dtype;
  /** Threads for the SIMD kernel (caller included); default os.availableParallelism(). Ignored with `arena`. */
  readonly threads?: number;
  /** Share one arena (memory + threads) between optimizers; it then outlives `dispose()`. */
  readonly arena?: FastArena;
  /**
   * 'simd' (default where WebAssembly SIMD exists; float64 graphs with fused sites need relaxed_madd
   * proved fused for it, else they take the JS loop, and asking for 'simd' then throws) or 'js' (the
   * compiled JS loop).
   */
  readonly kernel?: 'simd' | 'js';
  /**
   * How the SIMD kernel computes fused sites: 'auto' (default) uses relaxed_madd when the start-up probe
   * proved it fused here (for this dtype), else the emulation (float64: the JS loop); 'fused' requires
   * the proof (throws without it); 'emulated' always emulates (float64: the JS loop for graphs with
   * fused sites). All give the reference's bits; they differ in speed only.
   */
  readonly madd?: 'auto' | 'fused' | 'emulated';
  /**
   * Flush-to-zero profiles: true (default) lets each block whose inputs lie in windows proved free of
   * subnormals (ftz-guard.ts) skip the flushes; false runs every block with every flush. Same bits either
   * way (tests compare both); false exists for those tests and for measuring what the guard saves.
   */
  readonly ftzGuard?: boolean;
}

/** How a fast optimizer computes fused multiply-adds (both exact; named in bench rows and `describe()`). */
export type FmaPath = 'relaxed-madd' | 'f64x2-emulation' | 'f64x2-relaxed-madd' | 'none' | 'js-exact';

export const FMA_PATH_TEXT: Readonly<Record<FmaPath, string>> = {
  'relaxed-madd': 'fma: f32x4.relaxed_madd, proved fused at start-up',
  'f64x2-relaxed-madd': 'fma: f64x2.relaxed_madd, proved fused at start-up',
  // A float64 SIMD kernel compiled without relaxed_madd: only graphs without fma nodes get one.
  none: 'fma: none (float64 SIMD kernel for a graph without fused sites)',
  'f64x2-emulation': 'fma: f64x2 emulation (product + TwoSum + round-to-odd)',
  'js-exact': 'fma: JS (float32 fmaF32; float64 error-free transformations)',
};

/** Below this many elements a step runs on the calling thread only: waking workers costs more. */
const PARALLEL_MIN_ELEMENTS = 1 << 16;

interface SimdKernel {
  readonly arena: FastArena;
  readonly run: (table: number, count: number, scalars: number) => void;
  readonly workerKernel: number;
  readonly fmaPath: FmaPath;
  /** The FTZ guard, fixed when the kernel is compiled (null: the graph has no flush left to guard). */
  readonly guard: FtzGuard | null;
}

interface FtzGuard {
  /** Cancellation sites the guarded body checks besides its inputs (cancellationCuts). */
  readonly cuts: readonly GraphNode[];
  /** The optimizer's slots checked on raw bits. */
  readonly nonNegative: ReadonlySet<string>;
  /** Bytes of scratch each job needs after its segment table (guardScratchBytes). */
  readonly scratchBytes: number;
  /** What the kernel checks, in its order (guardItems): what each step's guard words describe. */
  readonly items: ReturnType<typeof guardItems>;
}

const nonNegativeOf = (spec: OptimizerSpec) => new Set<string>(spec.optimizer.nonNegativeSlots ?? []);

/** The tensors a kernel binds for one parameter, in `graph.vectors` order: p, g, then its slots. */
function bindVectors(graph: StepGraph, p: Tensor, g: Tensor, slots: Readonly<Record<string, Tensor>>): Tensor[] {
  return graph.vectors.map((name) => (name === 'p' ? p : name === 'g' ? g : slots[name]!));
}

export class FastOptimizer implements Optimizer {
  readonly spec: OptimizerSpec;
  readonly dtype: Dtype;
  /** The slots this config allocates, in the optimizer's canonical order (`spec.program.slots`). */
  readonly slots: readonly string[];
  /** Which kernel steps the tensors: 'simd' (WebAssembly, threads) or 'js'. */
  readonly kernel: 'simd' | 'js';
  /** How fused sites are computed (see FmaPath). */
  readonly fmaPath: FmaPath;
  private readonly graph: StepGraph;
  private readonly js: JsKernel;
  private readonly simd: SimdKernel | null;
  private readonly ownsArena: boolean;
  /** The FTZ guard's windows for the last scalar block seen (they depend on lr and the step's scalars). */
  private guardCache: { key: string; windows: Map<string, Window> | null } | null = null;

  private readonly ftzGuard: boolean;

  private constructor(spec: OptimizerSpec, dtype: Dtype, graph: StepGraph, simd: SimdKernel | null, ownsArena: boolean, ftzGuard = true) {
    this.ftzGuard = ftzGuard;
    this.spec = spec;
    this.dtype = dtype;
    this.slots = spec.program.slots;
    this.graph = graph;
    this.js = compileJsKernel(graph);
    this.simd = simd;
    this.kernel = simd ? 'simd' : 'js';
    this.fmaPath = simd ? simd.fmaPath : 'js-exact';
    this.ownsArena = ownsArena;
  }

  /** Compiles the kernel for `spec` and (SIMD kernel, threads > 1, no shared arena) starts the threads. */
  static async create(spec: OptimizerSpec, options: FastOptimizerOptions = {}): Promise<FastOptimizer> {
    checkFastOptions(options);
    const dtype = options.dtype ?? 'float32';
    checkSpec(spec, dtype);
    const graph = buildStepGraph(spec, dtype);
    if (options.kernel === 'js') return new FastOptimizer(spec, dtype, graph, null, false);
    const probe = options.madd === 'emulated' ? null : await probeRelaxedMadd();
    const fused = probe?.[dtype] === true;
    if (options.madd === 'fused' && !fused) throw new Error(`madd: 'fused' needs ${dtype} relaxed_madd proved fused on this host: ${probe?.reason}`);
    const noSimd = () => {
      if (options.kernel === 'simd') throw new Error('kernel: WebAssembly SIMD with shared memory is not available in this runtime');
      return new FastOptimizer(spec, dtype, graph, null, false);
    };
    let bytes: Uint8Array<ArrayBuffer>;
    let guard: FtzGuard | null = null;
    let fmaPath: FmaPath;
    if (dtype === 'float64') {
      // No exact f64x2 fma without relaxed_madd proved fused (nothing wider than float64 to emulate it in):
      // such graphs keep the JS loop and its error-free-transformation fma.
      if (!fused && graph.nodes.some((n) => n.op === 'fma')) {
        if (options.kernel === 'simd') throw new Error(`kernel: 'simd' in float64 needs f64x2.relaxed_madd proved fused for this graph's fused sites: ${probe?.reason ?? "madd: 'emulated'"}`);
        return new FastOptimizer(spec, dtype, graph, null, false);
      }
      bytes = compileSimdKernelF64(graph, { minPages: 1, maxPages: 65536 }, { madd: fused ? 'fused' : 'none' });
      fmaPath = fused ? 'f64x2-relaxed-madd' : 'none';
    } else {
      // The FTZ guard's cuts, from the signs of a representative step (the config's lr, step 1).
      const nonNegative = nonNegativeOf(spec);
      const guarded = hasGuard(graph);
      const cuts = guarded ? cancellationCuts(graph, stepScalarBlock(graph, spec, checkStepOptions(spec, dtype, undefined).lr, 1), nonNegative) : [];
      guard = guarded ? { cuts, nonNegative, items: guardItems(graph, nonNegative, cuts), scratchBytes: guardScratchBytes(graph) } : null;
      bytes = compileSimdKernel(graph, { minPages: 1, maxPages: 65536 }, { madd: fused ? 'fused' : 'emulated', cuts, nonNegative });
      fmaPath = fused ? 'relaxed-madd' : 'f64x2-emulation';
    }
    if (!WebAssembly.validate(bytes)) return noSimd();
    const module = await WebAssembly.compile(bytes);
    const arena = options.arena ?? (await FastArena.create({ threads: options.threads }));
    const instance = await WebAssembly.instantiate(module, { env: { memory: arena.memory } });
    const run = instance.exports.step as SimdKernel['run'];
    const workerKernel = arena.pool ? arena.pool.register(module) : 0;
    return new FastOptimizer(spec, dtype, graph, { arena, run, workerKernel, fmaPath, guard }, options.arena === undefined, options.ftzGuard ?? true);
  }

  /** fma nodes in this config's step graph (0: `fmaPath` does not matter for it). */
  get fusedSites(): number {
    return this.graph.nodes.filter((n) => n.op === 'fma').length;
  }

  /** The arena this optimizer's tensors live in (null for the JS kernel). */
  get arena(): FastArena | null {
    return this.simd?.arena ?? null;
  }

  /** A zeroed tensor of this dtype that `step` uses in place (in the arena for the SIMD kernel). */
  allocate(length: number): Tensor {
    if (this.simd) return this.dtype === 'float32' ? this.simd.arena.tensor(length) : this.simd.arena.tensor64(length);
    return newTensor(this.dtype, length);
  }

  /** Frees a tensor from `allocate` or `init` (a no-op for ordinary arrays). */
  release(t: Tensor): void {
    if (this.simd && (t instanceof Float32Array || t instanceof Float64Array)) this.simd.arena.releaseTensor(t);
  }

  /** Frees all slot tensors of a state. */
  releaseState(state: OptimizerState): void {
    for (const slots of state.tensors.values()) for (const t of Object.values(slots)) if (t) this.release(t);
  }

  init(params: NamedTensors): OptimizerState {
    return freshState(this.spec, this.dtype, params, (n) => this.allocate(n));
  }

  step(params: NamedTensors, grads: NamedTensors, state: OptimizerState, options?: StepOptions): void {
    const { lr, rejectNonFinite } = checkStepOptions(this.spec, this.dtype, options);
    checkStepInputs(this.spec, this.dtype, params, grads, state);
    if (rejectNonFinite) checkFiniteGradients(grads);
    const t = state.step + 1;
    const scalars = stepScalarBlock(this.graph, this.spec, lr, t);
    if (this.simd) this.stepSimd(this.simd, params, grads, state, scalars);
    else this.stepJs(params, grads, state, scalars);
    state.step = t;
  }

  /**
   * Windows under which this step's unflushed body is exact (ftz-guard.ts). The last ones are kept while
   * they still hold for the new scalars (one analysis, microseconds; an lr schedule or Adam's bias
   * corrections change the scalars every step), and searched again (milliseconds) only when they do not.
   */
  private windowsFor(guard: FtzGuard, scalars: readonly number[]): Map<string, Window> | null {
    const key = scalars.join(',');
    const last = this.guardCache;
    if (last?.key === key) return last.windows;
    const windows = last?.windows && windowsHold(this.graph, scalars, last.windows) ? last.windows : guardWindows(this.graph, scalars, guard.nonNegative, guard.cuts);
    this.guardCache = { key, windows };
    return windows;
  }

  /** Stops the worker threads of an arena this optimizer created. */
  dispose(): void {
    if (this.ownsArena) this.simd?.arena.dispose();
  }

  private stepJs(params: NamedTensors, grads: NamedTensors, state: OptimizerState, scalars: number[]): void {
    for (const [name, p] of params) {
      this.js(bindVectors(this.graph, p, grads.get(name)!, state.tensors.get(name)!), p.length, scalars);
    }
  }

  private stepSimd(k: SimdKernel, params: NamedTensors, grads: NamedTensors, state: OptimizerState, scalars: number[]): void {
    const { arena } = k;
    const graph = this.graph;
    const copies: { from: ArenaTensor; to: ArenaTensor; writeBack: boolean }[] = [];
    const f32 = this.dtype === 'float32';
    // Elements per 16-byte vector: segments count vectors.
    const lanes = f32 ? 4 : 2;
    const blocks: number[] = [];
    try {
      // Every tensor's arena offset; tensors from elsewhere are copied into the arena first (and the ones
      // the step writes, `graph.outputs`, copied back after).
      const place = (t: ArenaTensor, writeBack: boolean): number => {
        const at = arena.offsetOf(t);
        if (at !== undefined) return at;
        const copy = f32 ? arena.tensor(t.length) : arena.tensor64(t.length);
        copy.set(t);
        copies.push({ from: t, to: copy, writeBack });
        return arena.offsetOf(copy)!;
      };
      const tensors: PlacedTensor[] = [];
      let total = 0;
      for (const [name, p] of params) {
        const bound = bindVectors(graph, p, grads.get(name)!, state.tensors.get(name)!);
        const offsets = bound.map((t, i) => place(t as ArenaTensor, graph.outputs.has(graph.vectors[i]!)));
        const vectors = Math.ceil(p.length / lanes);
        tensors.push({ offsets, vectors });
        total += vectors;
      }
      const parts = total * lanes >= PARALLEL_MIN_ELEMENTS && arena.pool ? arena.threads : 1;
      const tables = splitIntoSegments(tensors, total, parts);
      // One block: the scalars, then each part's segment table.
      const stride = segmentBytes(graph);
      const guard = k.guard ? guardWords(this.ftzGuard ? this.windowsFor(k.guard, scalars) : null, k.guard.items) : new Int32Array(0);
      const scalarBytes = scalars.length * (f32 ? 4 : 8) + guard.byteLength;
      // Each job's table starts on a cache line and is followed (from the next line) by the guard's scratch.
      const scratch = k.guard?.scratchBytes ?? 0;
      const jobBytes = (segments: number) => Math.ceil((segments * stride) / 64) * 64 + scratch;
      const block = arena.alloc(Math.ceil(scalarBytes / 64) * 64 + tables.reduce((n, t) => n + jobBytes(t.length), 0));
      blocks.push(block);
      new (f32 ? Float32Array : Float64Array)(arena.memory.buffer, block, scalars.length).set(scalars);
      new Int32Array(arena.memory.buffer, block + scalars.length * 4, guard.length).set(guard);
      let at = block + Math.ceil(scalarBytes / 64) * 64;
      const jobs = tables.map((segments) => {
        const table = at;
        const fields = stride / 4;
        const view = new Int32Array(arena.memory.buffer, table, segments.length * fields);
        segments.forEach((s, i) => view.set(s, i * fields));
        at += jobBytes(segments.length);
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
 * A fast optimizer for `spec`: compiles its kernel and (SIMD, threads > 1) starts its threads, e.g.
 * `await createFastOptimizer(rmsprop('torch', { lr: 0.01 }), { threads: 4 })`.
 */
export function createFastOptimizer(spec: OptimizerSpec, options: FastOptimizerOptions = {}): Promise<FastOptimizer> {
  return FastOptimizer.create(spec, options);
}
