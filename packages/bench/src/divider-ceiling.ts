/**
 * The divider ceiling: how fast a step can possibly run on this host, however well the rest of its kernel
 * is scheduled, because of the square roots and divisions it must do.
 *
 * Every optimizer step here divides by a square root per element (RMSprop's g/(√v + ε), Adam's
 * m/(√v + ε), optax's 1/√x as float64 √ then ÷), and the bit-exact result needs a correctly rounded √
 * and ÷: WebAssembly's are f32x4.sqrt and f32x4.div. On x86 both run on one divider unit per core,
 * pipelined far less than the adders and multipliers, and WebAssembly has no wider vectors than 128 bits
 * to feed it more lanes per instruction. So a kernel using them cannot beat threads × 4 elements /
 * (sqrts·t_sqrt + divs·t_div) per second, where t_sqrt and t_div are one f32x4 instruction's throughput
 * time on one core. On a host whose memory streams faster than that (measured: 2 cores of an AMD EPYC
 * (Zen 5), in-place triad 105–139 GB/s), a 20-byte-per-element step is divider-bound below the triad,
 * and "≥ 0.7 of the triad" can be out of its reach; the bench says so next to the target instead of
 * letting the FAIL read as a slow kernel. (Newton steps on the multipliers could give a correctly
 * rounded √ or ÷ without the divider, at several fused multiply-adds each on the pipes the rest of the
 * step needs; not tried.)
 *
 * Measured in the same process as the rows, like the triad: a WebAssembly SIMD kernel doing only the
 * divider's work (four independent f32x4.sqrt, or four f32x4.div, per loaded vector, so loads and stores
 * are a small share) over arrays that stay in L1/L2, on every arena thread at once, each thread on its own
 * arrays (the way a step splits its tensors). The ops are independent across vectors, so out-of-order
 * execution overlaps them and the time per op is the divider's throughput, not its latency.
 *
 * The counts come from the variant's step graph: each sqrt node is one f32x4.sqrt, each div one
 * f32x4.div, and each rsqrt one of each (the fast kernel's cheapest exact evaluation of
 * fround(1/√x) starts from f32 √x/x; its refinement runs on the multipliers).
 */
import { FastArena, wasmEncoding as W } from '@isostep/reference-cpu/node';
import { buildStepGraph, type OptimizerSpec } from '@isostep/spec';
import { median } from './rounds.js';

const { OP, SIMD, TYPE, simd, memarg, sleb, uleb } = W;

export type DividerOp = 'sqrt' | 'div';
export const DIVIDER_OPS: readonly DividerOp[] = ['sqrt', 'div'];

/** Divider instructions per loaded vector in the measuring kernel (the sum in compileDividerKernel is written for 4). */
export const OPS_PER_VECTOR = 4;
/** The kernel's constants c_k: added before each √, divided by in each ÷. */
export const DIVIDER_CONSTANTS: readonly number[] = [0.125, 0.25, 0.375, 1.0625];
/** Vectors per thread: 64 KiB in and 64 KiB out, resident in L2 (≥ 512 KiB on current x86 cores). */
const VECTORS_PER_THREAD = 4096;
/** Byte offset of the constants in a thread's 64-byte table. */
const SCALARS_AT = 16;

// Locals: the three params, the input and output base, the byte offset and end, the passes left, the
// loaded vector, then one splatted constant per op.
const [TABLE, COUNT, SCALARS, IN, OUT, I, END, LEFT, X] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
const C = (k: number) => 9 + k;

/**
 * step(table, count, scalars): table → [in, out] byte offsets and the number of vectors; count = passes
 * over them (one call does many, so waking the worker pool is not what is timed); scalars → OPS_PER_VECTOR
 * f32 constants c_k. out = Σ_k √(x + c_k) or Σ_k x / c_k: OPS_PER_VECTOR independent divider
 * instructions per loaded vector (dependent ones would measure the divider's latency, not its throughput),
 * the adds on the other pipes. Nothing is written back to `in`, so the values never drift towards
 * subnormals (which slow the divider down and would measure the wrong thing).
 */
export function compileDividerKernel(op: DividerOp): Uint8Array<ArrayBuffer> {
  const get = (l: number) => [OP.localGet, ...uleb(l)];
  const set = (l: number) => [OP.localSet, ...uleb(l)];
  const body: number[] = [];
  const emit = (...code: number[][]) => {
    for (const c of code) body.push(...c);
  };
  emit(get(TABLE), [OP.i32Load], memarg(2, 0), set(IN), get(TABLE), [OP.i32Load], memarg(2, 4), set(OUT));
  emit(get(TABLE), [OP.i32Load], memarg(2, 8), [OP.i32Const, ...sleb(4), OP.i32Shl], set(END));
  for (let k = 0; k < OPS_PER_VECTOR; k++) emit(get(SCALARS), [OP.f32Load], memarg(2, 4 * k), simd(SIMD.f32x4Splat), set(C(k)));
  emit(get(COUNT), set(LEFT));
  // for each pass: for each vector.
  emit([OP.block, TYPE.blockEmpty, OP.loop, TYPE.blockEmpty]);
  emit(get(LEFT), [OP.i32Eqz, OP.brIf, 1]);
  emit([OP.i32Const, 0], set(I));
  emit([OP.block, TYPE.blockEmpty, OP.loop, TYPE.blockEmpty]);
  emit(get(I), get(END), [OP.i32GeU, OP.brIf, 1]);
  emit(get(IN), get(I), [OP.i32Add, ...simd(SIMD.v128Load)], memarg(4), set(X));
  emit(get(OUT), get(I), [OP.i32Add]);
  const term = (k: number) => (op === 'sqrt' ? [...get(X), ...get(C(k)), ...simd(SIMD.f32x4Add), ...simd(SIMD.f32x4Sqrt)] : [...get(X), ...get(C(k)), ...simd(SIMD.f32x4Div)]);
  // A balanced sum, so the adds do not form one long chain either.
  emit(term(0), term(1), simd(SIMD.f32x4Add), term(2), term(3), simd(SIMD.f32x4Add), simd(SIMD.f32x4Add));
  emit(simd(SIMD.v128Store), memarg(4));
  emit(get(I), [OP.i32Const, ...sleb(16), OP.i32Add], set(I), [OP.br, 0, OP.end, OP.end]);
  emit(get(LEFT), [OP.i32Const, ...sleb(1), OP.i32Sub], set(LEFT), [OP.br, 0, OP.end, OP.end]);
  return W.assembleModule(
    { minPages: 1, maxPages: 65536 },
    {
      params: [TYPE.i32, TYPE.i32, TYPE.i32],
      locals: [
        [5, TYPE.i32],
        [1 + OPS_PER_VECTOR, TYPE.v128],
      ],
      body,
      exportName: 'step',
    },
  );
}

/** One f32x4 divider instruction's throughput time on one core, with every thread busy. */
export interface DividerTimes {
  /** Nanoseconds per f32x4.sqrt, per thread. */
  readonly sqrtNs: number;
  /** Nanoseconds per f32x4.div, per thread. */
  readonly divNs: number;
  readonly threads: number;
}

type Step = (table: number, count: number, scalars: number) => void;

/** The kernel on `arena`'s threads over per-thread in-cache arrays; `run(op)` is one pass on all of them. */
export class DividerBench {
  private constructor(
    private readonly arena: FastArena,
    private readonly kernels: Readonly<Record<DividerOp, { readonly step: Step; readonly workerKernel: number }>>,
    private readonly tables: readonly number[],
    private readonly buffers: readonly number[],
  ) {}

  /** null when this runtime has no WebAssembly SIMD with shared memory. */
  static async create(arena: FastArena): Promise<DividerBench | null> {
    const compiled: Partial<Record<DividerOp, { step: Step; workerKernel: number }>> = {};
    for (const op of DIVIDER_OPS) {
      const bytes = compileDividerKernel(op);
      if (!WebAssembly.validate(bytes)) return null;
      const module = await WebAssembly.compile(bytes);
      const instance = await WebAssembly.instantiate(module, { env: { memory: arena.memory } });
      compiled[op] = { step: instance.exports.step as Step, workerKernel: arena.pool ? arena.pool.register(module) : 0 };
    }
    const bytes = VECTORS_PER_THREAD * 16;
    const buffers: number[] = [];
    const tables: number[] = [];
    for (let t = 0; t < arena.threads; t++) {
      const input = arena.alloc(bytes);
      const output = arena.alloc(bytes);
      // Inputs in [1.25, 1.75): every sqrt and quotient stays a normal number near 1.
      const x = new Float32Array(arena.memory.buffer, input, VECTORS_PER_THREAD * 4);
      for (let i = 0; i < x.length; i++) x[i] = 1.25 + (i % 1024) / 2048;
      // The table (in, out, vectors), then the constants, in one 64-byte line of its own.
      const table = arena.alloc(64);
      new Int32Array(arena.memory.buffer, table, 3).set([input, output, VECTORS_PER_THREAD]);
      new Float32Array(arena.memory.buffer, table + SCALARS_AT, OPS_PER_VECTOR).set(DIVIDER_CONSTANTS);
      buffers.push(input, output);
      tables.push(table);
    }
    return new DividerBench(arena, compiled as Record<DividerOp, { step: Step; workerKernel: number }>, tables, buffers);
  }

  /** `passes` passes of `op` on every thread, each over its own VECTORS_PER_THREAD vectors. */
  run(op: DividerOp, passes = 1): void {
    const { step, workerKernel } = this.kernels[op];
    const jobs = this.tables.map((table) => ({ table, count: passes, scalars: table + SCALARS_AT }));
    const [own, ...others] = jobs;
    const runOwn = () => step(own!.table, own!.count, own!.scalars);
    if (others.length > 0) this.arena.pool!.run(workerKernel, others, runOwn);
    else runOwn();
  }

  /** Thread `t`'s output element i (for checking the kernel). */
  output(t: number, i: number): number {
    return new Float32Array(this.arena.memory.buffer, this.buffers[2 * t + 1]! + 4 * i, 1)[0]!;
  }

  /** Thread `t`'s input element i. */
  input(t: number, i: number): number {
    return new Float32Array(this.arena.memory.buffer, this.buffers[2 * t]! + 4 * i, 1)[0]!;
  }

  /**
   * Median over `samples` timings of one call of `passes` passes, per op: the time of one f32x4
   * instruction per thread. A pass is 16K divider instructions per thread (tens of µs); one call of many
   * passes keeps waking the worker pool (tens of µs too) out of the time.
   */
  measure(samples = 15, passes = 200): DividerTimes {
    const perOp = (op: DividerOp) => {
      this.run(op, passes); // warm-up: compiled tier, caches, pool awake
      const times: number[] = [];
      for (let s = 0; s < samples; s++) {
        const t0 = performance.now();
        this.run(op, passes);
        times.push(performance.now() - t0);
      }
      return (median(times) * 1e6) / (passes * VECTORS_PER_THREAD * OPS_PER_VECTOR);
    };
    return { sqrtNs: perOp('sqrt'), divNs: perOp('div'), threads: this.arena.threads };
  }

  release(): void {
    for (const o of [...this.buffers, ...this.tables]) this.arena.release(o);
  }
}

/** Measures the divider times on a fresh arena (all threads); null without WebAssembly SIMD. */
export async function measureDivider(quick: boolean): Promise<DividerTimes | null> {
  const arena = await FastArena.create();
  try {
    const bench = await DividerBench.create(arena);
    if (!bench) return null;
    try {
      return quick ? bench.measure(5, 20) : bench.measure();
    } finally {
      bench.release();
    }
  } finally {
    arena.dispose();
  }
}

/** The median of each time over the rounds (null if any round could not measure). */
export function medianDivider(rounds: readonly (DividerTimes | null)[]): DividerTimes | null {
  if (rounds.length === 0 || rounds.some((r) => r === null)) return null;
  const ok = rounds as readonly DividerTimes[];
  return { sqrtNs: median(ok.map((r) => r.sqrtNs)), divNs: median(ok.map((r) => r.divNs)), threads: ok[0]!.threads };
}

/** f32x4.sqrt and f32x4.div per 4 elements of the step (see the file comment for rsqrt). */
export function dividerOps(spec: OptimizerSpec): { readonly sqrt: number; readonly div: number } {
  const nodes = buildStepGraph(spec, 'float32').nodes;
  const count = (op: string) => nodes.filter((n) => n.op === op).length;
  return { sqrt: count('sqrt') + count('rsqrt'), div: count('div') + count('rsqrt') };
}

/** The GB/s a step with these divider ops and bytes per element cannot exceed here. */
export function dividerCeilingGbps(ops: { readonly sqrt: number; readonly div: number }, bytesPerElement: number, t: DividerTimes): number {
  const nsPerVector = ops.sqrt * t.sqrtNs + ops.div * t.divNs;
  if (!(nsPerVector > 0)) return Number.POSITIVE_INFINITY;
  const elementsPerNs = (t.threads * 4) / nsPerVector;
  return elementsPerNs * bytesPerElement;
}
