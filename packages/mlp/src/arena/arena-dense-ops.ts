/**
 * `DenseOps` on a fast arena: the WebAssembly SIMD kernels of `dense-wasm.ts` / `dense-gemm-wasm.ts` over
 * the arena's shared memory, each product split across the arena's threads by output rows (examples for the
 * forward pass and the input gradient, input features for the weight gradient). A thread owns whole output
 * elements, so the bits do not depend on the thread count or on where the split falls.
 *
 * Operands outside the arena are copied in (and outputs back) around a call: correct, just slower. The MLP
 * allocates its parameters, gradients and activations here, so in training nothing is copied but the input.
 * Layers whose output width (forward, weight gradient) or input width (input gradient) is odd use the JS
 * kernels: the SIMD kernels do two columns at a time.
 *
 * Two kernels, chosen once per ops object (`gemm`):
 *  - 'fused' (default where `arena.relaxedMadd.float32`, the start-up probe's proof that `relaxed_madd`
 *    is a fused multiply-add here): `dense-gemm-wasm.ts`, float32 lanes with register-blocked columns.
 *    Its bits are those of `FusedJsDenseOps` (one fmaF32 rounding per term), also its odd-width fallback.
 *  - 'exact-f64' (otherwise, or on request): `dense-wasm.ts`, float64 lanes, the bits of `JsDenseOps`.
 *
 * Threads, fused path. Waking a sleeping worker costs ~20–40 µs on this 2-vCPU VM (measured: notify → the
 * worker's first store seen by the main thread), a third of a worker's share of a 784×128 product, and a
 * calling thread that sleeps in the pool's wait pays another such wake-up. So:
 *  - the calling thread spins (bounded, SPIN_LIMIT_MS) on the workers' done flags (each fused job writes
 *    its generation to its record when done) instead of sleeping in the pool's wait;
 *  - the calling thread's share of the rows adapts per product and shape (`Balance`): more when it waited
 *    for the workers, less when they were done first. Where the split falls changes no bit (see above);
 *  - nothing one thread writes is read by another within a product (each thread transposes W for itself,
 *    see `forward`), because moving cache lines between the cores cost more than the work they saved.
 *
 * This module starts nothing itself: the arena (from `@isostep/reference-cpu/node`) brings the memory and
 * the threads. It is exported from `@isostep/mlp/node` only, because the arena's module graph loads
 * Node's worker threads.
 */
import type { FastArena } from '@isostep/reference-cpu/node';
import { JsDenseOps, type DenseOps } from '../mlp/dense-ops.js';
import { FusedJsDenseOps } from '../mlp/dense-fused.js';
import {
  FUSED_JOB_BYTES,
  FUSED_ROWS_JOB,
  FUSED_TILES_JOB,
  JOB_DONE,
  assembleFusedRowsKernel,
  assembleFusedTilesKernel,
  rowsScratchBytes,
  tilesScratchBytes,
} from './dense-gemm-wasm.js';
import { ROWS_JOB, ROWS_JOB_FIELDS, TRANSPOSE_JOB, assembleRowsKernel, assembleTransposeKernel } from './dense-wasm.js';

/**
 * Below this much work (multiply-adds rows × terms × cols before skipping zeros; elements for a transpose)
 * a kernel stays on the calling thread: waking a worker costs tens of µs here, more than the 784-128-10
 * output layer's whole product.
 */
const PARALLEL_MIN_WORK = 1 << 20;
/** One record per thread; every kernel's fields and the fused kernels' done slot fit. */
const JOB_BYTES = FUSED_JOB_BYTES;
/**
 * The longest the calling thread spins on a worker's done flag before falling back to the pool's wait
 * (which sleeps): about one wake-up. Longer spins hold a core that a starved worker may need when the
 * machine is oversubscribed.
 */
const SPIN_LIMIT_MS = 0.05;

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

/**
 * The calling thread's share of one product's rows, tuned from call to call: it finishes its share, then
 * sees whether the workers are done. Waited d ms: move about half of d's worth of rows to it; not waited:
 * give the workers a little more. Only the speed depends on it.
 */
class Balance {
  constructor(public share: number) {}

  update(ownMs: number, waitedMs: number): void {
    // share / ownMs is the share done per ms; half of the wait, at gain 1/2 (it settles without swinging).
    if (waitedMs > 0) this.share += (0.25 * this.share * waitedMs) / Math.max(ownMs, 1e-3);
    else this.share -= 0.005;
    this.share = Math.min(0.95, Math.max(0.05, this.share));
  }
}

/** Where the fused kernels' per-part fields are; `once`: work only the calling thread's record does (db). */
const ROWS_AT = { start: FUSED_ROWS_JOB.start, end: FUSED_ROWS_JOB.end, list: FUSED_ROWS_JOB.list, gen: FUSED_ROWS_JOB.gen, once: -1 };
const TILES_AT = { start: FUSED_TILES_JOB.start, end: FUSED_TILES_JOB.end, list: FUSED_TILES_JOB.list, gen: FUSED_TILES_JOB.gen, once: FUSED_TILES_JOB.db };

let modules: { rows: WebAssembly.Module; transpose: WebAssembly.Module } | null = null;
let fusedModules: { rows: WebAssembly.Module; tiles: WebAssembly.Module } | null = null;

/** Which GEMM kernel: see the file comment. */
export type ArenaGemm = 'fused' | 'exact-f64';

/** Zeroes a reused job record (no allocation per product) and sets the named fields at their indices. */
function fillJob<K extends string>(record: Int32Array, layout: Readonly<Record<K, number>>, fields: Partial<Record<K, number>>): Int32Array {
  record.fill(0);
  for (const name of Object.keys(fields) as K[]) record[layout[name]] = fields[name]!;
  return record;
}

export interface ArenaDenseOpsOptions {
  /** Default: 'fused' where the arena's probe proved `relaxed_madd` fused, else 'exact-f64'. 'fused' throws where it is not proved. */
  readonly gemm?: ArenaGemm;
}

export class ArenaDenseOps implements DenseOps {
  /** The JS ops with this kernel's bits: the fallback for odd widths. */
  private readonly js: DenseOps;
  readonly gemm: ArenaGemm;
  /** 'exact-f64': the rows and transpose kernels of `dense-wasm.ts`; 'fused': those of `dense-gemm-wasm.ts`. */
  private readonly rowsKernel: Kernel;
  private readonly transposeKernel: Kernel | null;
  private readonly tilesKernel: Kernel | null;
  /** threads × JOB_BYTES: thread t's job record at jobs + t·JOB_BYTES. */
  private readonly jobs: number;
  /** Per thread: the kernel's scratch (non-zero lists, then output rows). */
  private scratch: number[] = [];
  private scratchBytes = 0;
  /** Wᵀ for the forward pass: one per thread on the fused path (see `forward`), one on the exact-f64 path. */
  private transposed: Float32Array[] = [];
  private staged: Float32Array;
  /** The fused jobs' generation: each call's records carry a new one, so done flags need no reset. */
  private generation = 0;
  private readonly balances = new Map<string, Balance>();
  /** The job records as i32 (a view made once: the records lie below any later growth of the memory). */
  private readonly jobView: Int32Array;
  /** The pool's record list, one per thread (part k's record at jobs + k·JOB_BYTES). */
  private readonly records: readonly KernelJob[];
  /** Staging for the fields a fused call's records share. */
  private readonly rowsFields = new Int32Array(JOB_BYTES / 4);
  private readonly tilesFields = new Int32Array(JOB_BYTES / 4);

  /** The reused `rows` job record, zeroed, with these fields set. */
  private rowsJob(fields: Partial<Record<keyof typeof FUSED_ROWS_JOB, number>>): Int32Array {
    return fillJob(this.rowsFields, FUSED_ROWS_JOB, fields);
  }

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
    const kernel = (module: WebAssembly.Module): Kernel => ({
      run: new WebAssembly.Instance(module, { env: { memory: arena.memory } }).exports.step as Step,
      workerId: arena.pool ? arena.pool.register(module) : 0,
    });
    if (this.gemm === 'fused') {
      fusedModules ??= { rows: new WebAssembly.Module(assembleFusedRowsKernel()), tiles: new WebAssembly.Module(assembleFusedTilesKernel()) };
      this.rowsKernel = kernel(fusedModules.rows);
      this.tilesKernel = kernel(fusedModules.tiles);
      this.transposeKernel = null;
    } else {
      this.rowsKernel = kernel(modules.rows);
      this.transposeKernel = kernel(modules.transpose);
      this.tilesKernel = null;
    }
    this.jobs = arena.alloc(arena.threads * JOB_BYTES);
    this.jobView = new Int32Array(arena.memory.buffer, this.jobs, (arena.threads * JOB_BYTES) / 4);
    this.jobView.fill(0);
    this.records = Array.from({ length: arena.threads }, (_, k) => ({ table: this.jobs + k * JOB_BYTES, count: 0, scalars: 0 }));
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
    this.reserveTransposed(inF * outF);
    this.withOperands([[x, batch * inF, false], [w, outF * inF, false], [bias, outF, false], [y, batch * outF, true]], ([xo, wo, bo, yo]) => {
      if (this.gemm === 'fused') {
        const f = this.rowsJob({ out: yo!, outRow: outF * 4, a: xo!, aRow: inF * 4, aTerm: 4, terms: inF, mRow: outF * 4, bias: bo!, colEnd: outF * 4 });
        // M = Wᵀ [inF, outF], so rows of M are contiguous. Each thread writes its own copy (tFrom, into its
        // `transposed` buffer, 12 µs for 784×128) and reads only that: one shared copy, written by one
        // thread and read by all, cost more in cache-line transfers between the cores than the second
        // transpose (measured: the 2-thread forward pass no faster than 1 thread, ~160 µs, vs ~100 µs now).
        f[FUSED_ROWS_JOB.tFrom] = wo!;
        this.fused(this.rowsKernel, 'rows', this.balance('forward', batch, inF, outF), batch, 1, batch * inF * outF, rowsScratchBytes(inF), f, 0, true);
        return;
      }
      // Wᵀ [inF, outF], so the forward pass reads M rows contiguously; split by rows of W.
      const wT = this.arena.offsetOf(this.transposed[0]!)!;
      this.split(this.transposeKernel!, outF, outF * inF, (job, start, end) => {
        const fields: Record<keyof typeof TRANSPOSE_JOB, number> = { from: wo!, rows: outF, cols: inF, to: wT, start, end };
        for (const [name, index] of Object.entries(TRANSPOSE_JOB) as [keyof typeof TRANSPOSE_JOB, number][]) job[index] = fields[name];
      });
      this.rows(batch, inF, outF, { out: yo!, outRow: outF * 4, outCol: 0, a: xo!, aRow: inF * 4, aTerm: 4, terms: inF, m: wT, mRow: outF * 4, cols: outF, bias: bo! });
    });
  }

  paramGrad(x: Float32Array, batch: number, inF: number, dy: Float32Array, outF: number, dw: Float32Array, db: Float32Array): void {
    if (outF % 2 !== 0) return this.js.paramGrad(x, batch, inF, dy, outF, dw, db);
    if (this.gemm === 'fused') {
      // Rows in groups of 4 input features (the tiles kernel's unit); db by the calling thread's record.
      this.withOperands([[x, batch * inF, false], [dy, batch * outF, false], [dw, outF * inF, true], [db, outF, true]], ([xo, dyo, dwo, dbo]) => {
        // db: the calling thread's record only (`fused`).
        const f = fillJob(this.tilesFields, FUSED_TILES_JOB, { out: dwo!, outCol: inF * 4, a: xo!, aTerm: inF * 4, terms: batch, m: dyo!, mRow: outF * 4, cols: outF, db: dbo! });
        this.fused(this.tilesKernel!, 'tiles', this.balance('paramGrad', batch, inF, outF), inF, 4, batch * inF * outF, tilesScratchBytes(batch, outF), f, 4 * batch * 8, false);
      });
      return;
    }
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
      if (this.gemm === 'fused') {
        const f = this.rowsJob({ out: dxo!, outRow: inF * 4, a: dyo!, aRow: outF * 4, aTerm: 4, terms: outF, m: wo!, mRow: inF * 4, colEnd: inF * 4 });
        this.fused(this.rowsKernel, 'rows', this.balance('inputGrad', batch, outF, inF), batch, 1, batch * outF * inF, rowsScratchBytes(outF), f, 0, false);
        return;
      }
      this.rows(batch, outF, inF, { out: dxo!, outRow: inF * 4, outCol: 0, a: dyo!, aRow: outF * 4, aTerm: 4, terms: outF, m: wo!, mRow: inF * 4, cols: inF, bias: 0 });
    });
  }

  /** Frees the arena memory these ops hold (the arena itself belongs to the caller). */
  dispose(): void {
    for (const s of this.scratch) this.arena.release(s);
    this.scratch = [];
    for (const t of this.transposed) this.arena.releaseTensor(t);
    this.transposed = [];
    this.arena.releaseTensor(this.staged);
    this.arena.release(this.jobs);
  }

  /** The `transposed` buffers, at least `length` floats each. */
  private reserveTransposed(length: number): void {
    if (this.transposed.length > 0 && this.transposed[0]!.length >= length) return;
    for (const t of this.transposed) this.arena.releaseTensor(t);
    this.transposed = Array.from({ length: this.gemm === 'fused' ? this.arena.threads : 1 }, () => this.arena.tensor(length));
  }

  /** Per-thread scratch of at least `bytes` (grown for all threads together). */
  private reserveScratch(bytes: number): void {
    if (bytes <= this.scratchBytes) return;
    for (const s of this.scratch) this.arena.release(s);
    this.scratchBytes = Math.max(bytes, 2 * this.scratchBytes);
    this.scratch = Array.from({ length: this.arena.threads }, () => this.arena.alloc(this.scratchBytes));
  }

  /** The `Balance` of one product and shape (created on first use). */
  private balance(product: string, rows: number, terms: number, cols: number): Balance {
    const key = `${product} ${rows}x${terms}x${cols}`;
    let b = this.balances.get(key);
    if (b === undefined) {
      // A first guess: a little more than an even share, for the workers' wake-up.
      const parts = this.arena.threads;
      b = new Balance(parts > 1 ? Math.min(0.9, 1.2 / parts) : 1);
      this.balances.set(key, b);
    }
    return b;
  }

  /**
   * Runs a fused kernel over rows [0, count), split in whole `granule`s: the calling thread takes its
   * `Balance` share (part 0), the workers split the rest evenly. `common` holds the fields every part's
   * record shares; this sets start, end, list, gen (and tile = list + tileOffset for the tiles kernel),
   * keeps `db` (work done once) in the calling thread's record only, and with `ownM` points each part's
   * M at its own `transposed` buffer (which its tFrom transpose writes).
   */
  private fused(kernel: Kernel, kind: 'rows' | 'tiles', balance: Balance, count: number, granule: number, work: number, scratchBytes: number, common: Int32Array, tileOffset: number, ownM: boolean): void {
    this.reserveScratch(scratchBytes);
    const pool = this.arena.pool;
    const units = Math.ceil(count / granule);
    const parts = pool && work >= PARALLEL_MIN_WORK ? Math.min(this.arena.threads, units) : 1;
    this.generation = (this.generation % 0x3fffffff) + 1;
    const gen = this.generation;
    const at = kind === 'rows' ? ROWS_AT : TILES_AT;
    // Part boundaries in units: part 0 gets round(share · units), the others split the rest evenly.
    const own = parts > 1 ? Math.max(1, Math.min(units - (parts - 1), Math.round(balance.share * units))) : units;
    const view = this.jobView;
    for (let part = 0; part < parts; part++) {
      const base = (part * JOB_BYTES) / 4;
      const first = part === 0 ? 0 : own + Math.round(((units - own) * (part - 1)) / (parts - 1));
      const last = part === 0 ? own : own + Math.round(((units - own) * part) / (parts - 1));
      view.set(common, base);
      view[base + at.start] = Math.min(count, first * granule);
      view[base + at.end] = Math.min(count, last * granule);
      view[base + at.list] = this.scratch[part]!;
      view[base + at.gen] = gen;
      if (kind === 'tiles') view[base + FUSED_TILES_JOB.tile] = this.scratch[part]! + tileOffset;
      if (ownM) view[base + FUSED_ROWS_JOB.m] = this.arena.offsetOf(this.transposed[part]!)!;
      if (part > 0 && at.once >= 0) view[base + at.once] = 0;
    }
    if (parts === 1) return kernel.run(this.jobs, 0, 0);
    const others = this.records.slice(1, parts);
    pool!.run(kernel.workerId, others, () => {
      const started = performance.now();
      kernel.run(this.jobs, 0, 0);
      const ownDone = performance.now();
      // Spin (bounded) on the workers' done flags rather than sleep in the pool's wait (a second wake-up).
      let now = ownDone;
      for (let part = 1; part < parts; part++) {
        const slot = (part * JOB_BYTES) / 4 + JOB_DONE;
        while (Atomics.load(view, slot) !== gen && now - ownDone < SPIN_LIMIT_MS) now = performance.now();
      }
      balance.update(ownDone - started, now - ownDone);
    });
  }

  private rows(count: number, terms: number, cols: number, job: Omit<Record<keyof typeof ROWS_JOB, number>, 'start' | 'end' | 'list' | 'rowBuf'>): void {
    this.reserveScratch(terms * 12 + cols * 4);
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
      fill(new Int32Array(buffer, at, JOB_BYTES / 4), Math.floor((part * count) / parts), Math.floor(((part + 1) * count) / parts), part);
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
