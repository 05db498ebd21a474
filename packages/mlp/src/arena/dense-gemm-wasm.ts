/**
 * The fused GEMM kernels of the arena MLP: float32 lanes, `f32x4.relaxed_madd`, register-blocked over
 * columns. Used only where the start-up probe (`@isostep/reference-cpu`'s `madd-probe.ts`, run by
 * `FastArena.create`) proved `relaxed_madd` a fused multiply-add on this host; otherwise the arena keeps
 * the float64-lane kernel of `dense-wasm.ts` (the JS kernels' bits).
 *
 * What they compute (the definition is `dense-fused.ts`, in plain JS with the spec's exact `fmaF32`). For
 * each output row r, with v_i = A[r, j_i] the non-zero coefficients of row r in ascending j:
 *   out[r, c] = fma(v_n, M[j_n, c], … fma(v₁, M[j₁, c], fma(v₀, M[j₀, c], +0)) …)   (+ bias[c], one float32 add)
 * one rounding per term, terms in ascending j, so the result does not depend on the column blocking, on
 * how rows or columns are split across threads (a thread owns whole output elements, never part of a sum),
 * or on how the non-zero list was gathered. This is not bit-identical to the float64-lane kernel (that one
 * rounds fl32(fl64(acc + v·m)), a double rounding), but each term still has one rounding ≤ u = 2⁻²⁴
 * relative, which is what the PyTorch parity bound assumes. "Non-zero" is `x ≠ 0` (f32.ne / f32x4.ne):
 * ±0 are skipped, NaN is kept, as in the JS reference.
 *
 * Two kernels (one WebAssembly module each, both `step(job, _, _)`):
 *  - `rows` (`FUSED_ROWS_JOB`): output rows [start, end) × columns [colStart, colEnd) of a row-major
 *    output (forward pass, input gradient). With `tFrom` ≠ 0 it first writes columns [colStart, colEnd)
 *    of M = Wᵀ from W (the forward pass; 4×4 register transposes, 16 columns per step), so each thread can
 *    work from a transpose of its own.
 *  - `tiles` (`FUSED_TILES_JOB`): the weight gradient, rows r = input features read as columns of x (A[r, j]
 *    at a + 4r + j·aTerm), output written transposed (out[r, c] at out + 4r + c·outCol). Four rows at a time:
 *    one 16-byte load of x[j, r..r+3] feeds four non-zero lists, and the 4 × cols result leaves through 4×4
 *    register transposes as 16-byte stores into dW, instead of one scalar store per element.
 *
 * Each job writes its `gen` to its record's JOB_DONE slot last (an atomic store), which the calling
 * thread watches instead of sleeping until the pool reports the job done (`arena-dense-ops.ts`).
 *
 * Why they are fast (measured on the 784-128-10 MNIST layer, one thread): V8's x64 backend
 * allocates 15 xmm registers; with 8 accumulators its scheduler hoists the 8 loads of M above the
 * multiply-adds and spills an accumulator to the stack every term (a store-forwarding chain of ~11 cycles
 * per term; the forward product's multiply-adds took 138 µs, 89 µs now). Blocks of 6 accumulators
 * (6 + 6 loads + the splat) stay in registers, latency-bound at one term per FMA latency; 7 spill again.
 * Column blocks are 6 vectors while more than 8 remain (or exactly 6), then 4, then one last block of
 * what is left: up to 5 vectors and a half vector (two columns, 8-byte load/store) when cols ≡ 2 (mod 4),
 * so a 10-wide layer is one pass of 3 accumulators, not two. `cols` must be even (the caller falls back
 * to JS otherwise). Non-zero lists are gathered four coefficients per 16-byte load, all-zero groups
 * skipped with one branch (MNIST pixels are ~80% zero), the rest appended without branches: each
 * coefficient is written, and the list end advances only when it is non-zero (51 → 19 µs for a batch).
 *
 * List entries are 8 bytes: the coefficient (float32) then the byte address of its M row (i32).
 */
import { wasmEncoding } from '@isostep/reference-cpu/node';
import { Code, MEMORY, OP_F32_CONST, OP_F32_NE, OP_I32_EQZ, OP_I32_STORE, OP_IF } from './dense-wasm.js';

const { assembleModule, memarg, OP, SIMD, simd, TYPE } = wasmEncoding;

const OP_F32_STORE = 0x38;
const OP_I32_LT_U = 0x49;
const OP_I32_EQ = 0x46;
const OP_I32_OR = 0x72;
const OP_I32_AND = 0x71;
const OP_I32_SUB = 0x6b;
const OP_I32_SHR_U = 0x76;
const SIMD_LOAD64_ZERO = 0x5d;
const SIMD_STORE64_LANE = 0x5b;
const SIMD_ANY_TRUE = 0x53;
const SIMD_F32X4_NE = 0x42;
const SIMD_I32X4_EXTRACT_LANE = 0x1b;
const SIMD_STORE32_LANE = 0x5a;
// Threads proposal (prefix 0xfe): a sequentially consistent i32 store (natural alignment), for done flags.
const ATOMIC_I32_STORE = [0xfe, 0x17];

/** Fields of a `rows` job record (i32 each), at byte offset 4 × index. */
export const FUSED_ROWS_JOB = {
  out: 0,
  /** Byte stride between output rows; output columns are contiguous. */
  outRow: 1,
  a: 2,
  aRow: 3,
  /** Byte stride between a row's coefficients; 4 takes the 16-byte gather. */
  aTerm: 4,
  terms: 5,
  m: 6,
  mRow: 7,
  /** Byte offset of the bias (cols float32), or 0 for none (the arena never allocates at 0). */
  bias: 8,
  start: 9,
  end: 10,
  /** Output columns [colStart, colEnd) in bytes: colStart a multiple of 16, colEnd of 8. */
  colStart: 11,
  colEnd: 12,
  /** Scratch of terms × 8 bytes: the non-zero list. */
  list: 13,
  /**
   * 0, or W [cols, terms] (row-major): first write M[j, c] = W[c, j] for the job's columns c (all j), so
   * M (mRow bytes per row) is Wᵀ there. Bit copies.
   */
  tFrom: 14,
  /** This call's generation: written to the record's JOB_DONE slot when the job is done. */
  gen: 15,
} as const;
export const FUSED_ROWS_JOB_FIELDS = 16;

/** Fields of a `tiles` job record: out[r, c] at out + 4r + c·outCol, A[r, j] at a + 4r + j·aTerm. */
export const FUSED_TILES_JOB = {
  out: 0,
  outCol: 1,
  a: 2,
  aTerm: 3,
  terms: 4,
  m: 5,
  mRow: 6,
  cols: 7,
  /** Rows [start, end); start is a multiple of 4 (a 16-byte store never straddles two jobs' rows). */
  start: 8,
  end: 9,
  /** Scratch of 4 × terms × 8 bytes: four non-zero lists. */
  list: 10,
  /** Scratch of 4 × cols float32: four output rows before they are transposed out. */
  tile: 11,
  /** This call's generation: written to the record's JOB_DONE slot when the job is done. */
  gen: 12,
  /** 0, or where to write db[c] = Σ_j M[j, c], j ascending from +0, one float32 rounding per add (the bias gradient). */
  db: 13,
} as const;
export const FUSED_TILES_JOB_FIELDS = 14;

/** Bytes of a job record, and the i32 slot where a job writes its `gen` when done (atomically, last). */
export const FUSED_JOB_BYTES = 128;
export const JOB_DONE = FUSED_JOB_BYTES / 4 - 1;

/** Accumulators per full column block: see the file comment (8 spill on V8's x64 register allocator). */
export const GEMM_BLOCK = 6;

/** Scratch bytes a `rows` job needs. */
export const rowsScratchBytes = (terms: number): number => terms * 8;
/** Scratch bytes a `tiles` job needs (lists, then the tile). */
export const tilesScratchBytes = (terms: number, cols: number): number => 4 * terms * 8 + 4 * cols * 4;

const zero = [...simd(SIMD.v128Const), ...new Array<number>(16).fill(0)];
const v128Load = (offset = 0) => [...simd(SIMD.v128Load), ...memarg(2, offset)];
const v128Store = (offset = 0) => [...simd(SIMD.v128Store), ...memarg(2, offset)];
const halfLoad = (offset = 0) => [...simd(SIMD_LOAD64_ZERO), ...memarg(2, offset)];
const halfStore = (offset = 0) => [...simd(SIMD_STORE64_LANE), ...memarg(2, offset), 0];
const shuffle = (lanes: readonly number[]) => [...simd(SIMD.i8x16Shuffle), ...lanes.flatMap((l) => [4 * l, 4 * l + 1, 4 * l + 2, 4 * l + 3])];
// f32 lanes of (a, b): 0–3 from a, 4–7 from b.
const UNPACK_LO = [0, 4, 1, 5];
const UNPACK_HI = [2, 6, 3, 7];
const LOW_HALVES = [0, 1, 4, 5];
const HIGH_HALVES = [2, 3, 6, 7];

/** Structured control flow over `Code` (branch depths are relative to the innermost construct). */
class Kernel extends Code {
  /** if (cond) { then } */
  when(cond: number[], then: () => void): this {
    this.emit(cond, OP_IF, TYPE.blockEmpty);
    then();
    return this.emit(OP.end);
  }

  /** while (cond) { body } — `cond` is code pushing an i32. */
  loopWhile(cond: () => void, body: () => void): this {
    this.emit(OP.block, TYPE.blockEmpty, OP.loop, TYPE.blockEmpty);
    cond();
    this.emit(OP_I32_EQZ, OP.brIf, 1);
    body();
    return this.emit(OP.br, 0, OP.end, OP.end);
  }

  /** a + b ≤ limit (unsigned), as code pushing an i32. */
  fits(a: string, b: number | number[], limit: number[]): number[] {
    return [...this.get(a), ...(typeof b === 'number' ? this.i32(b) : b), OP.i32Add, ...limit, OP.i32GtU, OP_I32_EQZ];
  }

  /** r0..r3 ← their 4×4 transpose (rows become columns), through t0..t3. */
  transpose4(rows: readonly string[], temps: readonly string[]): void {
    const [r0, r1, r2, r3] = rows as [string, string, string, string];
    const [t0, t1, t2, t3] = temps as [string, string, string, string];
    this.emit(this.get(r0), this.get(r1), shuffle(UNPACK_LO), this.set(t0));
    this.emit(this.get(r0), this.get(r1), shuffle(UNPACK_HI), this.set(t1));
    this.emit(this.get(r2), this.get(r3), shuffle(UNPACK_LO), this.set(t2));
    this.emit(this.get(r2), this.get(r3), shuffle(UNPACK_HI), this.set(t3));
    this.emit(this.get(t0), this.get(t2), shuffle(LOW_HALVES), this.set(r0));
    this.emit(this.get(t0), this.get(t2), shuffle(HIGH_HALVES), this.set(r1));
    this.emit(this.get(t1), this.get(t3), shuffle(LOW_HALVES), this.set(r2));
    this.emit(this.get(t1), this.get(t3), shuffle(HIGH_HALVES), this.set(r3));
  }

  /**
   * Appends coefficient local `x` with M row address `mp` at list cursor `q`; the cursor advances by one
   * entry only when x ≠ ±0 (no branch).
   */
  append(q: string, mp: number[]): void {
    this.emit(this.get(q), this.get('x'), OP_F32_STORE, memarg(2));
    this.emit(this.get(q), mp, OP_I32_STORE, memarg(2, 4));
    this.emit(this.get(q), this.get('x'), OP_F32_CONST, 0, 0, 0, 0, OP_F32_NE, this.i32(3), OP.i32Shl, OP.i32Add, this.set(q));
  }

  /**
   * Appends the four lanes of local `v` (coefficients of four consecutive terms, or of four rows' lists)
   * with their M row addresses: lane l to cursor qOf(l), advanced by one entry where lane l ≠ ±0 (the lane
   * masks of one f32x4.ne; no branch per lane). Skips all four with one branch when all are ±0.
   */
  appendLanes(qOf: (l: number) => string, mpOf: (l: number) => number[]): void {
    this.emit(this.get('v'), zero, simd(SIMD_F32X4_NE), this.set('nz'));
    this.when([...this.get('nz'), ...simd(SIMD_ANY_TRUE)], () => {
      for (let l = 0; l < 4; l++) {
        const q = qOf(l);
        this.emit(this.get(q), this.get('v'), simd(SIMD_STORE32_LANE), memarg(2), l);
        this.emit(this.get(q), mpOf(l), OP_I32_STORE, memarg(2, 4));
        this.emit(this.get(q), this.get('nz'), simd(SIMD_I32X4_EXTRACT_LANE), l, this.i32(8), OP_I32_AND, OP.i32Add, this.set(q));
      }
    });
  }

  /** Atomically stores local `value` at the address pushed by `address` (+ offset). */
  publish(address: number[], value: string, offset = 0): void {
    this.emit(address, this.get(value), ATOMIC_I32_STORE, memarg(2, offset));
  }
}

const ACCS = Array.from({ length: GEMM_BLOCK }, (_, k) => `acc${k}`);

/** Declares what `columnPasses` and `transpose4` use. */
function declareCommon(c: Kernel): void {
  c.declare(TYPE.i32, 'col', 'rem', 'q', 'p', 'dst', 'listAt', 'listEnd', 'biasAt');
  c.declare(TYPE.f32, 'x');
  c.declare(TYPE.v128, 'v', 'nz', ...ACCS, 'r0', 'r1', 'r2', 'r3', 't0', 't1', 't2', 't3');
}

/**
 * out row `dst`, columns [colStart, colEnd): the fma chain over the list [listAt, listEnd), plus the bias
 * at `biasAt` (0: none), column block by column block (see the file comment for the block sizes).
 */
function columnPasses(c: Kernel, colStart: number[], colEnd: number[]): void {
  // One block of n whole vectors, then (half) one 8-byte half vector, at byte column `col`.
  const pass = (n: number, half: boolean) => {
    const parts = Array.from({ length: n + (half ? 1 : 0) }, (_, k) => ({ acc: ACCS[k]!, offset: 16 * k, half: k === n }));
    for (const { acc } of parts) c.emit(zero, c.set(acc));
    c.emit(c.get('listAt'), c.set('q'));
    c.when([...c.get('q'), ...c.get('listEnd'), OP_I32_LT_U], () => {
      c.emit(OP.loop, TYPE.blockEmpty);
      c.emit(c.get('q'), simd(SIMD.v128Load32Splat), memarg(2), c.set('v'));
      c.emit(c.get('q'), OP.i32Load, memarg(2, 4), c.get('col'), OP.i32Add, c.set('p'));
      // acc_k = relaxed_madd(v, M[j, col + 4k…], acc_k) = fma(v, m, acc_k): proved fused before use.
      for (const { acc, offset, half: h } of parts) {
        c.emit(c.get('v'), c.get('p'), h ? halfLoad(offset) : v128Load(offset), c.get(acc), simd(SIMD.f32x4RelaxedMadd), c.set(acc));
      }
      c.add('q', 8);
      c.emit(c.get('q'), c.get('listEnd'), OP_I32_LT_U, OP.brIf, 0, OP.end);
    });
    // The bias, added once after the sum (f32x4.add: one float32 rounding, like fl32(fl64(s + b)), which
    // is the same value because a float64 sum of two float32 values rounds innocuously to float32).
    c.when([...c.get('biasAt'), OP_I32_EQZ, OP_I32_EQZ], () => {
      for (const { acc, offset, half: h } of parts) {
        c.emit(c.get(acc), c.get('biasAt'), c.get('col'), OP.i32Add, h ? halfLoad(offset) : v128Load(offset), simd(SIMD.f32x4Add), c.set(acc));
      }
    });
    for (const { acc, offset, half: h } of parts) c.emit(c.get('dst'), c.get('col'), OP.i32Add, c.get(acc), h ? halfStore(offset) : v128Store(offset));
    c.add('col', 16 * n + (half ? 8 : 0));
  };
  c.emit(colStart, c.set('col'));
  // block $done { loop $next { … } }: whole blocks of GEMM_BLOCK (or 4) vectors continue $next; the last
  // block (n ≤ 5 vectors and maybe a half, ≤ GEMM_BLOCK accumulators) ends the row.
  c.emit(OP.block, TYPE.blockEmpty, OP.loop, TYPE.blockEmpty);
  c.emit(colEnd, c.get('col'), OP_I32_SUB, c.set('rem'));
  c.emit(c.get('rem'), c.i32(8), OP_I32_LT_U, OP.brIf, 1);
  const whole: [number, number[]][] = [
    // More than 8 vectors left, or exactly GEMM_BLOCK: a whole block (8 → 4 + 4, 7 → 4 + 3, not 6 + 2 / 6 + 1).
    [GEMM_BLOCK, [...c.get('rem'), ...c.i32(16 * 8), OP.i32GtU, ...c.get('rem'), ...c.i32(16 * GEMM_BLOCK), OP_I32_EQ, OP_I32_OR]],
    [4, [...c.get('rem'), ...c.i32(16 * GEMM_BLOCK), OP.i32GtU]],
  ];
  for (const [n, cond] of whole) {
    c.emit(cond, OP_IF, TYPE.blockEmpty);
    pass(n, false);
    c.emit(OP.br, 1, OP.end); // the if is depth 0, the loop 1
  }
  // 8 ≤ rem < 16·GEMM_BLOCK here: one last block of exactly what is left.
  for (let n = 0; n < GEMM_BLOCK; n++) {
    for (const half of [false, true]) {
      if (n === 0 && !half) continue;
      if (n + (half ? 1 : 0) > GEMM_BLOCK) continue;
      c.emit(c.get('rem'), c.i32(16 * n + (half ? 8 : 0)), OP_I32_EQ, OP_IF, TYPE.blockEmpty);
      pass(n, half);
      c.emit(OP.br, 2, OP.end); // the if is depth 0, the loop 1, $done 2
    }
  }
  c.emit(OP.br, 1, OP.end, OP.end); // not reached (rem is a multiple of 8 below 16·GEMM_BLOCK)
}

/** Gathers A's coefficients a + j·aTerm, j < terms (M rows m + j·mRow) into the list at listAt: sets listEnd. */
function gatherRow(c: Kernel): void {
  c.emit(c.get('listAt'), c.set('q'), c.i32(0), c.set('j'), c.get('m'), c.set('mp'));
  c.emit(c.get('aTerm'), c.i32(4), OP_I32_EQ, OP_IF, TYPE.blockEmpty);
  // Contiguous: four coefficients per load; an all-zero group costs one branch.
  c.loopWhile(
    () => c.emit(c.fits('j', 4, c.get('terms'))),
    () => {
      c.emit(c.get('ap'), v128Load(), c.set('v'));
      c.appendLanes(() => 'q', (l) => [...c.get('mp'), ...(l === 0 ? [] : [...c.get(`mRow${l}`), OP.i32Add])]);
      c.add('ap', 16).add('mp', c.get('mRow4')).add('j', 4);
    },
  );
  c.emit(OP.end);
  c.whileBelow('j', c.get('terms'), () => {
    c.emit(c.get('ap'), OP.f32Load, memarg(2), c.set('x'));
    c.append('q', c.get('mp'));
    c.add('ap', c.get('aTerm')).add('mp', c.get('mRow')).add('j', 1);
  });
  c.emit(c.get('q'), c.set('listEnd'));
}

function loadFields(c: Kernel, fields: Record<string, number>): void {
  for (const [f, index] of Object.entries(fields)) c.emit(c.get('job'), OP.i32Load, memarg(2, index * 4), c.set(f));
}

/** The fused `rows` kernel: step(job, _, _). Needs relaxed SIMD enabled (see `enableRelaxedSimd`). */
export function assembleFusedRowsKernel(): Uint8Array<ArrayBuffer> {
  const c = new Kernel(['job', 'unused1', 'unused2']);
  const fields = Object.keys(FUSED_ROWS_JOB);
  c.declare(TYPE.i32, ...fields, 'r', 'j', 'ap', 'mp', 'mRow1', 'mRow2', 'mRow3', 'mRow4', 'wRow', 'wRow2', 'wRow3', 'wRow4', 'tp', 'k', 'cc', 'cEnd', 'src', 'to');
  declareCommon(c);
  loadFields(c, FUSED_ROWS_JOB);
  c.emit(c.get('mRow'), c.set('mRow1'));
  c.emit(c.get('mRow'), c.i32(1), OP.i32Shl, c.set('mRow2'));
  c.emit(c.get('mRow2'), c.get('mRow'), OP.i32Add, c.set('mRow3'));
  c.emit(c.get('mRow'), c.i32(2), OP.i32Shl, c.set('mRow4'));
  c.emit(c.get('bias'), c.set('biasAt'), c.get('list'), c.set('listAt'));

  // M[j, cc] = W[cc, j] for this job's columns cc ∈ [colStart/4, colEnd/4), all j: 4×4 tiles, scalar edges.
  // Columns go 16 at a time first (four tiles per 4 rows of M: each step writes whole 64-byte lines of M
  // while they are in L1; one tile per step left half of each line for a later pass, ~2× slower here),
  // then 4 at a time, then one at a time.
  c.when([...c.get('tFrom'), OP_I32_EQZ, OP_I32_EQZ], () => {
    c.emit(c.get('terms'), c.i32(2), OP.i32Shl, c.set('wRow'));
    c.emit(c.get('wRow'), c.i32(1), OP.i32Shl, c.set('wRow2'));
    c.emit(c.get('wRow2'), c.get('wRow'), OP.i32Add, c.set('wRow3'));
    c.emit(c.get('wRow'), c.i32(2), OP.i32Shl, c.set('wRow4'));
    c.emit(c.get('colStart'), c.i32(2), OP_I32_SHR_U, c.set('cc'));
    c.emit(c.get('colEnd'), c.i32(2), OP_I32_SHR_U, c.set('cEnd'));
    for (const width of [16, 4]) {
      c.loopWhile(
        () => c.emit(c.fits('cc', width, c.get('cEnd'))),
        () => {
          c.emit(c.get('tFrom'), c.get('cc'), c.get('wRow'), OP.i32Mul, OP.i32Add, c.set('src'));
          c.emit(c.get('m'), c.get('cc'), c.i32(2), OP.i32Shl, OP.i32Add, c.set('to'));
          c.emit(c.i32(0), c.set('k'));
          c.loopWhile(
            () => c.emit(c.fits('k', 4, c.get('terms'))),
            () => {
              for (let g = 0; g < width / 4; g++) {
                // Tile g: W rows cc + 4g … cc + 4g + 3, columns k … k + 3 → M rows k … k + 3, columns cc + 4g ….
                c.emit(c.get('src'), ...(g === 0 ? [] : [...c.get('wRow4'), ...c.i32(g), OP.i32Mul, OP.i32Add]), c.set('tp'));
                c.emit(c.get('tp'), v128Load(), c.set('r0'));
                c.emit(c.get('tp'), c.get('wRow'), OP.i32Add, v128Load(), c.set('r1'));
                c.emit(c.get('tp'), c.get('wRow2'), OP.i32Add, v128Load(), c.set('r2'));
                c.emit(c.get('tp'), c.get('wRow3'), OP.i32Add, v128Load(), c.set('r3'));
                c.transpose4(['r0', 'r1', 'r2', 'r3'], ['t0', 't1', 't2', 't3']);
                c.emit(c.get('to'), c.get('r0'), v128Store(16 * g));
                c.emit(c.get('to'), c.get('mRow1'), OP.i32Add, c.get('r1'), v128Store(16 * g));
                c.emit(c.get('to'), c.get('mRow2'), OP.i32Add, c.get('r2'), v128Store(16 * g));
                c.emit(c.get('to'), c.get('mRow3'), OP.i32Add, c.get('r3'), v128Store(16 * g));
              }
              c.add('src', 16).add('to', c.get('mRow4')).add('k', 4);
            },
          );
          c.whileBelow('k', c.get('terms'), () => {
            for (let i = 0; i < width; i++) {
              c.emit(c.get('src'), ...(i === 0 ? [] : [...c.get('wRow'), ...c.i32(i), OP.i32Mul, OP.i32Add]), c.set('tp'));
              c.emit(c.get('to'), c.get('tp'), OP.i32Load, memarg(2), OP_I32_STORE, memarg(2, 4 * i));
            }
            c.add('src', 4).add('to', c.get('mRow')).add('k', 1);
          });
          c.add('cc', width);
        },
      );
    }
    c.whileBelow('cc', c.get('cEnd'), () => {
      c.emit(c.get('tFrom'), c.get('cc'), c.get('wRow'), OP.i32Mul, OP.i32Add, c.set('src'));
      c.emit(c.get('m'), c.get('cc'), c.i32(2), OP.i32Shl, OP.i32Add, c.set('to'));
      c.copyStrided('k', c.get('terms'), 'src', 'to', c.get('mRow'));
      c.add('cc', 1);
    });
  });

  c.emit(c.get('start'), c.set('r'));
  c.whileBelow('r', c.get('end'), () => {
    c.emit(c.get('a'), c.get('r'), c.get('aRow'), OP.i32Mul, OP.i32Add, c.set('ap'));
    gatherRow(c);
    c.emit(c.get('out'), c.get('r'), c.get('outRow'), OP.i32Mul, OP.i32Add, c.set('dst'));
    columnPasses(c, c.get('colStart'), c.get('colEnd'));
    c.add('r', 1);
  });
  c.publish(c.get('job'), 'gen', 4 * JOB_DONE);
  return assembleModule(MEMORY, { params: [TYPE.i32, TYPE.i32, TYPE.i32], locals: c.locals, body: c.body, exportName: 'step' });
}

/** The fused `tiles` kernel (weight gradient): step(job, _, _). Needs relaxed SIMD enabled. */
export function assembleFusedTilesKernel(): Uint8Array<ArrayBuffer> {
  const c = new Kernel(['job', 'unused1', 'unused2']);
  const fields = Object.keys(FUSED_TILES_JOB);
  c.declare(TYPE.i32, ...fields, 'r', 'j', 'ap', 'mp', 'colBytes', 'listBytes', 'q0', 'q1', 'q2', 'q3', 'op', 'tc', 'outCol4');
  declareCommon(c);
  loadFields(c, FUSED_TILES_JOB);
  c.emit(c.get('cols'), c.i32(2), OP.i32Shl, c.set('colBytes'));
  c.emit(c.get('terms'), c.i32(3), OP.i32Shl, c.set('listBytes'));
  c.emit(c.get('outCol'), c.i32(2), OP.i32Shl, c.set('outCol4'));
  c.emit(c.i32(0), c.set('biasAt'));
  // db[c] = Σ_j M[j, c]: f32x4.add per term (one float32 rounding, as fl32(fl64(s + m)) in JS), j ascending.
  // Whole vectors, then (cols ≡ 2 mod 4) the last two columns with 8-byte loads and store.
  c.when([...c.get('db'), OP_I32_EQZ, OP_I32_EQZ], () => {
    c.emit(c.i32(0), c.set('tc'));
    for (const half of [false, true]) {
      c.loopWhile(
        () => c.emit(half ? [...c.get('tc'), ...c.get('colBytes'), OP_I32_LT_U] : c.fits('tc', 16, c.get('colBytes'))),
        () => {
          c.emit(zero, c.set('acc0'), c.get('m'), c.get('tc'), OP.i32Add, c.set('mp'), c.i32(0), c.set('j'));
          c.whileBelow('j', c.get('terms'), () => {
            c.emit(c.get('acc0'), c.get('mp'), half ? halfLoad() : v128Load(), simd(SIMD.f32x4Add), c.set('acc0'));
            c.add('mp', c.get('mRow')).add('j', 1);
          });
          c.emit(c.get('db'), c.get('tc'), OP.i32Add, c.get('acc0'), half ? halfStore() : v128Store());
          c.add('tc', half ? 8 : 16);
        },
      );
    }
  });
  const listOf = (l: number) => [...c.get('list'), ...(l === 0 ? [] : [...c.get('listBytes'), ...c.i32(l), OP.i32Mul, OP.i32Add])];
  const tileRow = (l: number) => [...c.get('tile'), ...(l === 0 ? [] : [...c.get('colBytes'), ...c.i32(l), OP.i32Mul, OP.i32Add])];

  c.emit(c.get('start'), c.set('r'));
  c.loopWhile(
    () => c.emit(c.fits('r', 4, c.get('end'))),
    () => {
      // Rows r..r+3: x[j, r..r+3] is one 16-byte load; lane l feeds list l.
      for (let l = 0; l < 4; l++) c.emit(listOf(l), c.set(`q${l}`));
      c.emit(c.get('a'), c.get('r'), c.i32(2), OP.i32Shl, OP.i32Add, c.set('ap'), c.get('m'), c.set('mp'), c.i32(0), c.set('j'));
      c.whileBelow('j', c.get('terms'), () => {
        c.emit(c.get('ap'), v128Load(), c.set('v'));
        c.appendLanes((l) => `q${l}`, () => c.get('mp'));
        c.add('ap', c.get('aTerm')).add('mp', c.get('mRow')).add('j', 1);
      });
      for (let l = 0; l < 4; l++) {
        c.emit(listOf(l), c.set('listAt'), c.get(`q${l}`), c.set('listEnd'), tileRow(l), c.set('dst'));
        columnPasses(c, c.i32(0), c.get('colBytes'));
      }
      // Out through 4×4 transposes: tile column cc (4 rows) → out + 4r + cc·outCol, 16 bytes.
      c.emit(c.get('out'), c.get('r'), c.i32(2), OP.i32Shl, OP.i32Add, c.set('op'), c.i32(0), c.set('tc'));
      const loadRows = (load: (offset?: number) => number[]) => {
        for (let l = 0; l < 4; l++) c.emit(tileRow(l), c.get('tc'), OP.i32Add, load(), c.set(`r${l}`));
        c.transpose4(['r0', 'r1', 'r2', 'r3'], ['t0', 't1', 't2', 't3']);
      };
      const storeColumn = (i: number) => {
        c.emit(c.get('op'), ...(i === 0 ? [] : [...c.get('outCol'), ...c.i32(i), OP.i32Mul, OP.i32Add]), c.get(`r${i}`), v128Store());
      };
      c.loopWhile(
        () => c.emit(c.fits('tc', 16, c.get('colBytes'))),
        () => {
          loadRows(v128Load);
          for (let i = 0; i < 4; i++) storeColumn(i);
          c.add('tc', 16).add('op', c.get('outCol4'));
        },
      );
      // cols ≡ 2 (mod 4): the last two columns.
      c.when([...c.get('tc'), ...c.get('colBytes'), OP_I32_LT_U], () => {
        loadRows(halfLoad);
        storeColumn(0);
        storeColumn(1);
      });
      c.add('r', 4);
    },
  );
  // The last rows (end − start mod 4), one at a time: strided gather, then a scalar scatter.
  c.whileBelow('r', c.get('end'), () => {
    c.emit(c.get('list'), c.set('q0'));
    c.emit(c.get('a'), c.get('r'), c.i32(2), OP.i32Shl, OP.i32Add, c.set('ap'), c.get('m'), c.set('mp'), c.i32(0), c.set('j'));
    c.whileBelow('j', c.get('terms'), () => {
      c.emit(c.get('ap'), OP.f32Load, memarg(2), c.set('x'));
      c.append('q0', c.get('mp'));
      c.add('ap', c.get('aTerm')).add('mp', c.get('mRow')).add('j', 1);
    });
    c.emit(c.get('list'), c.set('listAt'), c.get('q0'), c.set('listEnd'), c.get('tile'), c.set('dst'));
    columnPasses(c, c.i32(0), c.get('colBytes'));
    c.emit(c.get('out'), c.get('r'), c.i32(2), OP.i32Shl, OP.i32Add, c.set('op'), c.i32(0), c.set('tc'));
    c.whileBelow('tc', c.get('colBytes'), () => {
      c.emit(c.get('op'), c.get('tile'), c.get('tc'), OP.i32Add, OP.i32Load, memarg(2), OP_I32_STORE, memarg(2));
      c.add('op', c.get('outCol')).add('tc', 4);
    });
    c.add('r', 1);
  });
  c.publish(c.get('job'), 'gen', 4 * JOB_DONE);
  return assembleModule(MEMORY, { params: [TYPE.i32, TYPE.i32, TYPE.i32], locals: c.locals, body: c.body, exportName: 'step' });
}
