/**
 * `DenseOps` on a fast arena: the WebAssembly SIMD kernels of `dense-wasm.ts` over the arena's shared
 * memory, each product split across the arena's threads by output rows (examples for the forward pass
 * and the input gradient, input features for the weight gradient). A thread owns whole output rows, so the
 * bits do not depend on the thread count; they are the JS kernels' bits (`dense-wasm.ts` says why).
 *
 * Operands outside the arena are copied in (and outputs back) around a call: correct, just slower. The MLP
 * allocates its parameters, gradients and activations here, so in training nothing is copied but the input.
 * Layers whose output width (forward, weight gradient) or input width (input gradient) is odd use the JS
 * kernels: the SIMD kernel does two columns at a time.
 *
 * Two kernels, chosen once per ops object (`gemm`):
 *  - 'fused' (default where `arena.relaxedMadd.float32`, the start-up probe's proof that `relaxed_madd`
 *    is a fused multiply-add here): `dense-gemm-wasm.ts`, float32 lanes with register-blocked columns.
 *    Its bits are those of `FusedJsDenseOps` (one fmaF32 rounding per term), also its odd-width fallback.
 *  - 'exact-f64' (otherwise, or on request): `dense-wasm.ts`, float64 lanes, the bits of `JsDenseOps`.
 *
 * This module starts nothing itself: the arena (from `@isostep/reference-cpu/node`) brings the memory and
 * the threads. It is exported from `@isostep/mlp/node` only, because the arena's module graph loads
 * Node's worker threads.
 */
import type { FastArena } from '@isostep/reference-cpu/node';
import { JsDenseOps, type DenseOps } from '../mlp/dense-ops.js';
import { FusedJsDenseOps } from '../mlp/dense-fused.js';
import { assembleFusedRowsKernel } from './dense-gemm-wasm.js';
import { ROWS_JOB, ROWS_JOB_FIELDS, TRANSPOSE_JOB, TRANSPOSE_JOB_FIELDS, assembleRowsKernel, assembleTransposeKernel } from './dense-wasm.js';

/**
 * Below this much work (multiply-adds rows × terms × cols before skipping zeros; elements for a transpose)
 * a kernel stays on the calling thread: waking a worker costs tens of µs here (measured ~50 µs per
 * `pool.run` on this 2-vCPU VM), more than the 784-128-10 output layer's whole product.
 */
const PARALLEL_MIN_WORK = 1 << 20;
const JOB_BYTES = 64; // one cache line per job record: ROWS_JOB_FIELDS and TRANSPOSE_JOB_FIELDS i32 fit

type Step = (job: number, unused1: number, unused2: number) => void;
/** One job record for the arena's worker pool (its `run` signature says what a record holds). */
type KernelJob = Parameters<NonNullable<FastArena['pool']>['run']>[1][number];

interface Kernel {
  readonly run: Step;
  readonly workerId: number;
}

interface Placed {
  readonly offset: number;
  readonly copy?: { readonly from: Float32Array; readonly to: Float32Array; readonly writeBack: boolean };
}

let modules: { rows: WebAssembly.Module; transpose: WebAssembly.Module } | null = null;
let fusedModule: WebAssembly.Module | null = null;

/** Which GEMM kernel: see the file comment. */
export type ArenaGemm = 'fused' | 'exact-f64';

export interface ArenaDenseOpsOptions {
  /** Default: 'fused' where the arena's probe proved `relaxed_madd` fused, else 'exact-f64'. 'fused' throws where it is not proved. */
  readonly gemm?: ArenaGemm;
}

export class ArenaDenseOps implements DenseOps {
  /** The JS ops with this kernel's bits: the fallback for odd widths. */
  private readonly js: DenseOps;
  readonly gemm: ArenaGemm;
  private readonly rowsKernel: Kernel;
  private readonly transposeKernel: Kernel;
  /** threads × JOB_BYTES: thread t's job record at jobs + t·JOB_BYTES. */
  private readonly jobs: number;
  /** Per thread: the kernel's scratch (non-zero list, then one output row). */
  private scratch: number[] = [];
  private scratchBytes = 0;
  private transposed: Float32Array;
  private staged: Float32Array;

  constructor(
    private readonly arena: FastArena,
    options: ArenaDenseOpsOptions = {},
  ) {
    const proved = arena.relaxedMadd.float32;
    this.gemm = options.gemm ?? (proved ? 'fused' : 'exact-f64');
    if (this.gemm === 'fused' && !proved) throw new Error(`ArenaDenseOps: fused GEMM requested, but relaxed_madd is not proved fused here (${arena.relaxedMadd.reason})`);
    this.js = this.gemm === 'fused' ? new FusedJsDenseOps() : new JsDenseOps();
    if (modules === null) {
      modules = { rows: new WebAssembly.Module(assembleRowsKernel()), transpose: new WebAssembly.Module(assembleTransposeKernel()) };
    }
    if (this.gemm === 'fused') fusedModule ??= new WebAssembly.Module(assembleFusedRowsKernel());
    const kernel = (module: WebAssembly.Module): Kernel => ({
      run: new WebAssembly.Instance(module, { env: { memory: arena.memory } }).exports.step as Step,
      workerId: arena.pool ? arena.pool.register(module) : 0,
    });
    this.rowsKernel = kernel(this.gemm === 'fused' ? fusedModule! : modules.rows);
    this.transposeKernel = kernel(modules.transpose);
    this.jobs = arena.alloc(arena.threads * JOB_BYTES);
    this.transposed = arena.tensor(0);
    this.staged = arena.tensor(0);
  }

  /** Whether WebAssembly SIMD with shared memory (what the kernels need) is available here. */
  static supported(): boolean {
    return WebAssembly.validate(assembleRowsKernel()) && WebAssembly.validate(assembleTransposeKernel());
  }

  get threads(): number {
    return this.arena.threads;
  }

  allocate(length: number): Float32Array {
    return this.arena.tensor(length);
  }

  /** A copy in the arena, unless `t` is already one of its tensors. */
  adopt(t: Float32Array): Float32Array {
    if (this.arena.offsetOf(t) !== undefined) return t;
    const copy = this.arena.tensor(t.length);
    copy.set(t);
    return copy;
  }

  release(t: Float32Array): void {
    this.arena.releaseTensor(t);
  }

  /** The first `length` values of `input` in an arena buffer (reused: valid until the next call). */
  stage(input: Float32Array, length: number): Float32Array {
    if (this.arena.offsetOf(input) !== undefined) return input;
    if (this.staged.length < length) {
      this.arena.releaseTensor(this.staged);
      this.staged = this.arena.tensor(length);
    }
    this.staged.set(input.subarray(0, length));
    return this.staged;
  }

  forward(x: Float32Array, batch: number, inF: number, w: Float32Array, bias: Float32Array, outF: number, y: Float32Array): void {
    if (outF % 2 !== 0) return this.js.forward(x, batch, inF, w, bias, outF, y);
    if (this.transposed.length < inF * outF) {
      this.arena.releaseTensor(this.transposed);
      this.transposed = this.arena.tensor(inF * outF);
    }
    this.withOperands([[x, batch * inF, false], [w, outF * inF, false], [bias, outF, false], [y, batch * outF, true]], ([xo, wo, bo, yo]) => {
      const wT = this.arena.offsetOf(this.transposed)!;
      // Wᵀ [inF, outF], so the forward pass reads M rows contiguously; split by rows of W.
      this.split(this.transposeKernel, outF, outF * inF, (job, start, end) => {
        const fields: Record<keyof typeof TRANSPOSE_JOB, number> = { from: wo!, rows: outF, cols: inF, to: wT, start, end };
        for (const [name, index] of Object.entries(TRANSPOSE_JOB) as [keyof typeof TRANSPOSE_JOB, number][]) job[index] = fields[name];
      });
      this.rows(batch, inF, outF, { out: yo!, outRow: outF * 4, outCol: 0, a: xo!, aRow: inF * 4, aTerm: 4, terms: inF, m: wT, mRow: outF * 4, cols: outF, bias: bo! });
    });
  }

  paramGrad(x: Float32Array, batch: number, inF: number, dy: Float32Array, outF: number, dw: Float32Array, db: Float32Array): void {
    if (outF % 2 !== 0) return this.js.paramGrad(x, batch, inF, dy, outF, dw, db);
    // db[o] = Σ_b dy[b, o], b ascending: a few thousand adds, in JS like the JS kernel.
    db.fill(0);
    for (let b = 0; b < batch; b++) for (let o = 0; o < outF; o++) db[o] = db[o]! + dy[b * outF + o]!;
    this.withOperands([[x, batch * inF, false], [dy, batch * outF, false], [dw, outF * inF, true]], ([xo, dyo, dwo]) => {
      this.rows(inF, batch, outF, { out: dwo!, outRow: 4, outCol: inF * 4, a: xo!, aRow: 4, aTerm: inF * 4, terms: batch, m: dyo!, mRow: outF * 4, cols: outF, bias: 0 });
    });
  }

  inputGrad(dy: Float32Array, batch: number, outF: number, w: Float32Array, inF: number, dx: Float32Array): void {
    if (inF % 2 !== 0) return this.js.inputGrad(dy, batch, outF, w, inF, dx);
    this.withOperands([[dy, batch * outF, false], [w, outF * inF, false], [dx, batch * inF, true]], ([dyo, wo, dxo]) => {
      this.rows(batch, outF, inF, { out: dxo!, outRow: inF * 4, outCol: 0, a: dyo!, aRow: outF * 4, aTerm: 4, terms: outF, m: wo!, mRow: inF * 4, cols: inF, bias: 0 });
    });
  }

  /** Frees the arena memory these ops hold (the arena itself belongs to the caller). */
  dispose(): void {
    for (const s of this.scratch) this.arena.release(s);
    this.scratch = [];
    this.arena.releaseTensor(this.transposed);
    this.arena.releaseTensor(this.staged);
    this.arena.release(this.jobs);
  }

  private rows(count: number, terms: number, cols: number, job: Omit<Record<keyof typeof ROWS_JOB, number>, 'start' | 'end' | 'list' | 'rowBuf'>): void {
    const need = terms * 12 + cols * 4;
    if (need > this.scratchBytes) {
      for (const s of this.scratch) this.arena.release(s);
      this.scratchBytes = Math.max(need, 2 * this.scratchBytes);
      this.scratch = Array.from({ length: this.arena.threads }, () => this.arena.alloc(this.scratchBytes));
    }
    const fields = new Array<number>(ROWS_JOB_FIELDS);
    for (const [name, index] of Object.entries(ROWS_JOB) as [keyof typeof ROWS_JOB, number][]) {
      if (name !== 'start' && name !== 'end' && name !== 'list' && name !== 'rowBuf') fields[index] = job[name];
    }
    this.split(this.rowsKernel, count, count * terms * cols, (view, start, end, part) => {
      fields[ROWS_JOB.start] = start;
      fields[ROWS_JOB.end] = end;
      fields[ROWS_JOB.list] = this.scratch[part]!;
      fields[ROWS_JOB.rowBuf] = this.scratch[part]! + terms * 12;
      view.set(fields, 0);
    });
  }

  /**
   * Runs `kernel` over rows [0, count) in contiguous parts, one per thread (just one below
   * PARALLEL_MIN_WORK); part 0 on the calling thread. `fill` writes a part's job record.
   */
  private split(kernel: Kernel, count: number, work: number, fill: (job: Int32Array, start: number, end: number, part: number) => void): void {
    const pool = this.arena.pool;
    const parts = pool && work >= PARALLEL_MIN_WORK ? Math.min(this.arena.threads, count) : 1;
    const buffer = this.arena.memory.buffer;
    const records: KernelJob[] = [];
    for (let part = 0; part < parts; part++) {
      const at = this.jobs + part * JOB_BYTES;
      fill(new Int32Array(buffer, at, Math.max(ROWS_JOB_FIELDS, TRANSPOSE_JOB_FIELDS)), Math.floor((part * count) / parts), Math.floor(((part + 1) * count) / parts), part);
      records.push({ table: at, count: 0, scalars: 0 });
    }
    const [own, ...others] = records;
    const runOwn = () => kernel.run(own!.table, 0, 0);
    if (others.length > 0) pool!.run(kernel.workerId, others, runOwn);
    else runOwn();
  }

  /** Calls `body` with the arena byte offsets of the operands, copying in (and back) those outside it. */
  private withOperands(operands: readonly (readonly [Float32Array, number, boolean])[], body: (offsets: number[]) => void): void {
    const placed: Placed[] = operands.map(([t, length, writeBack]) => {
      const offset = this.arena.offsetOf(t);
      if (offset !== undefined) return { offset };
      const to = this.arena.tensor(length);
      to.set(t.subarray(0, length));
      return { offset: this.arena.offsetOf(to)!, copy: { from: t, to, writeBack } };
    });
    try {
      body(placed.map((p) => p.offset));
      for (const p of placed) if (p.copy?.writeBack) p.copy.from.set(p.copy.to);
    } finally {
      for (const p of placed) if (p.copy) this.arena.releaseTensor(p.copy.to);
    }
  }
}
